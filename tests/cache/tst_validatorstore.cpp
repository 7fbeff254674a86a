#include "cache/storeschema.h"
#include "cache/validatorstore.h"
#include "storetestutil.h"

#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope;
using namespace CacheScope::StoreTest;

// The ValidatorStore API on entries: storing, Vary variants, lookup, 304 updates, listing and removal.
// Opening, bad files and concurrency are in tst_storefile.cpp.
class tst_ValidatorStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void notOpen();
    void roundTrip();
    void numberedPlaceholders_data();
    void numberedPlaceholders();
    void headerBlocks_data();
    void headerBlocks();
    void putRejects_data();
    void putRejects();
    void putReplacesVariant();
    void putAllIsAtomic();
    void varyVariants();
    void varyStar();
    void lookupPrefersMostRecent();
    void lookupKeys_data();
    void lookupKeys();
    void variantsWithoutBodies_data();
    void variantsWithoutBodies();
    void bodyOfMissingEntry();
    void updateHeaders();
    void updateHeadersChangesVary();
    void updateVariants_data();
    void updateVariants();
    void list();
    void removeAndClear();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString dbPath() const { return m_dir->filePath(QStringLiteral("cachescope.sqlite")); }
};

void tst_ValidatorStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_ValidatorStore::notOpen()
{
    ValidatorStore store;
    QVERIFY(!store.isOpen());
    QCOMPARE(store.put(makeEntry(QStringLiteral("https://a.example/"))), 0);
    QVERIFY(store.errorString().contains(QLatin1String("not open")));
    QVERIFY(!store.lookup("GET", QUrl(QStringLiteral("https://a.example/")), {}).has_value());
    QVERIFY(!store.errorString().isEmpty());
    QVERIFY(store.list().isEmpty());
    QCOMPARE(store.count(), -1);
    QCOMPARE(store.totalSize(), -1);
    QVERIFY(!store.remove(1));
    QCOMPARE(store.remove(QUrl(QStringLiteral("https://a.example/"))), -1);
    QCOMPARE(store.clear(), -1);
    QVERIFY(!store.updateHeaders(1, {}, {}));
    store.close(); // closing twice is harmless
}

void tst_ValidatorStore::roundTrip()
{
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    CacheEntry entry = makeEntry(QStringLiteral("https://Example.com:443/path?q=1#frag"),
        { { "Accept-Encoding", "gzip" }, { "User-Agent", "tst" } },
        { { "Content-Type", "text/plain" }, { "Set-Cookie", "a=1" }, { "Set-Cookie", "b=2" },
            { "Vary", "Accept-Encoding" }, { "ETag", "\"v1\"" } },
        QByteArray("bin\0ary\xff", 8));
    entry.id = 999; // ignored
    entry.method = "GET";
    entry.status = 203;
    entry.reason = "Non-Authoritative Information";
    entry.httpVersion = "HTTP/2";
    entry.headerWireSize = 321;
    entry.bodyWireSize = 77;
    entry.lastValidated = utc("2026-11-26T08:00:00.123Z");

    const qint64 id = store.put(entry);
    QVERIFY2(id > 0, qPrintable(store.errorString()));
    QVERIFY(store.errorString().isEmpty());
    const std::optional<CacheEntry> got = store.get(id);
    QVERIFY(got.has_value());
    QCOMPARE(got->id, id);
    QCOMPARE(got->method, QByteArray("GET"));
    QCOMPARE(got->url, QUrl(QStringLiteral("https://example.com/path?q=1")));
    QCOMPARE(got->status, 203);
    QCOMPARE(got->reason, entry.reason);
    QCOMPARE(got->httpVersion, QByteArray("HTTP/2"));
    QCOMPARE(got->requestHeaders, entry.requestHeaders);
    QCOMPARE(got->responseHeaders, entry.responseHeaders);
    QCOMPARE(got->body, entry.body);
    QCOMPARE(got->headerWireSize, 321);
    QCOMPARE(got->bodyWireSize, 77);
    QCOMPARE(got->requestTime, entry.requestTime);
    QCOMPARE(got->responseTime, entry.responseTime);
    QCOMPARE(got->storedAt, entry.storedAt);
    QCOMPARE(got->lastValidated, entry.lastValidated);
    QCOMPARE(got->requestTime.timeSpec(), Qt::UTC);
    QCOMPARE(store.totalSize(), 8);
    QVERIFY(!store.get(id + 1).has_value());
    QVERIFY(store.errorString().isEmpty());

    // Null times stay null; a null storedAt takes the injected clock's time; an empty body stays empty.
    store.setClock([] { return utc("2030-01-02T03:04:05.000Z"); });
    CacheEntry bare = makeEntry(QStringLiteral("http://a.example/"), {}, {}, QByteArray());
    bare.requestTime = {};
    bare.responseTime = {};
    bare.storedAt = {};
    const std::optional<CacheEntry> gotBare = store.get(store.put(bare));
    QVERIFY(gotBare.has_value());
    QVERIFY(gotBare->requestTime.isNull());
    QVERIFY(gotBare->responseTime.isNull());
    QVERIFY(gotBare->lastValidated.isNull());
    QCOMPARE(gotBare->storedAt, utc("2030-01-02T03:04:05.000Z"));
    QVERIFY(gotBare->body.isEmpty());
    QVERIFY(gotBare->requestHeaders.isEmpty());
}

void tst_ValidatorStore::headerBlocks_data()
{
    QTest::addColumn<HttpHeaders>("headers");

    QTest::addRow("none") << HttpHeaders {};
    QTest::addRow("order and duplicates") << HttpHeaders { { "B", "2" }, { "a", "1" }, { "B", "3" }, { "b", "4" } };
    QTest::addRow("empty name and value") << HttpHeaders { { "", "" }, { "X", "" }, { "", "v" } };
    QTest::addRow("CR LF NUL in value") << HttpHeaders { { "X", QByteArray("a\r\nInjected: 1\0z", 17) } };
    QTest::addRow("colon and CRLF in name") << HttpHeaders { { "A:B\r\nC", "v" }, { ":", ":" } };
    QTest::addRow("percent signs") << HttpHeaders { { "X%41", "%41%" }, { "%", "%%" }, { "Y", "100%" } };
    QTest::addRow("leading and trailing spaces") << HttpHeaders { { " X ", "  v  " }, { "Y", " " } };
    QTest::addRow("non-ASCII and high bytes") << HttpHeaders { { "X-\xc3\xa9", "\xff\xfe caf\xc3\xa9" } };
    QTest::addRow("huge value") << HttpHeaders { { "X-Big", QByteArray(2 << 20, 'z') } };
    HttpHeaders many;
    for (int i = 0; i < 2000; ++i)
        many.append("X-" + QByteArray::number(i % 7), QByteArray::number(i));
    QTest::addRow("2000 fields") << many;
}

void tst_ValidatorStore::numberedPlaceholders_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("numbered");
    QTest::addColumn<QVariantList>("values");
    QTest::addColumn<QVariantList>("row"); // what SELECTing the statement gives back

    QTest::addRow("none") << QStringLiteral("SELECT 1") << QStringLiteral("SELECT 1") << QVariantList {}
                          << QVariantList { 1 };
    QTest::addRow("two") << QStringLiteral("SELECT ?, ?") << QStringLiteral("SELECT :p0, :p1")
                         << QVariantList { 7, QStringLiteral("x") } << QVariantList { 7, QStringLiteral("x") };
    QTest::addRow("question marks quoted")
        << QStringLiteral("SELECT '?', ?, \"?\" IS NULL, 'it''s ?', ?")
        << QStringLiteral("SELECT '?', :p0, \"?\" IS NULL, 'it''s ?', :p1")
        << QVariantList { QByteArray("a\0b", 3), qint64(1) << 40 }
        << QVariantList { QStringLiteral("?"), QByteArray("a\0b", 3), 0, QStringLiteral("it's ?"), qint64(1) << 40 };
    QVariantList many;
    QString marks;
    for (int i = 0; i < 40; ++i) {
        many.append(i * 3);
        marks += i == 0 ? QStringLiteral("?") : QStringLiteral(", ?");
    }
    QString names;
    for (int i = 0; i < 40; ++i)
        names += (i == 0 ? QStringLiteral(":p") : QStringLiteral(", :p")) + QString::number(i);
    QTest::addRow("forty, past the kept names")
        << QStringLiteral("SELECT ") + marks << QStringLiteral("SELECT ") + names << many << many;
    QTest::addRow("nulls") << QStringLiteral("SELECT ? IS NULL, ? IS NULL")
                           << QStringLiteral("SELECT :p0 IS NULL, :p1 IS NULL")
                           << QVariantList { QVariant(), QString() } << QVariantList { 1, 1 };
}

// Statements kept by the store are compiled with numbered names and bound by name: the values must land
// where the '?'s were, quoted question marks left alone.
void tst_ValidatorStore::numberedPlaceholders()
{
    QFETCH(QString, sql);
    QFETCH(QString, numbered);
    QFETCH(QVariantList, values);
    QFETCH(QVariantList, row);
    QCOMPARE(StoreSchema::numberedPlaceholders(sql), numbered);

    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    QSqlQuery *query = store.statement(sql, QStringLiteral("test"));
    QVERIFY2(query, qPrintable(store.errorString()));
    for (int round = 0; round < 2; ++round) { // a kept statement is bound again
        StoreSchema::bindNumbered(*query, values);
        QVERIFY(query->exec());
        QVERIFY(query->next());
        for (qsizetype i = 0; i < row.size(); ++i)
            QCOMPARE(query->value(int(i)), row.at(i));
        query->finish();
    }
}

void tst_ValidatorStore::headerBlocks()
{
    QFETCH(HttpHeaders, headers);
    QCOMPARE(StoreSchema::decodeHeaders(StoreSchema::encodeHeaders(headers)), headers);

    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    const qint64 id = store.put(makeEntry(QStringLiteral("https://a.example/"), headers, headers));
    QVERIFY2(id > 0, qPrintable(store.errorString()));
    const std::optional<CacheEntry> got = store.get(id);
    QVERIFY(got.has_value());
    QCOMPARE(got->requestHeaders, headers);
    QCOMPARE(got->responseHeaders, headers);
}

void tst_ValidatorStore::putRejects_data()
{
    QTest::addColumn<CacheEntry>("entry");
    QTest::addColumn<QString>("message");

    CacheEntry noStatus = makeEntry(QStringLiteral("https://a.example/"));
    noStatus.status = 0;
    QTest::addRow("no status") << noStatus << QStringLiteral("without a status code");
    CacheEntry negative = makeEntry(QStringLiteral("https://a.example/"));
    negative.status = -200;
    QTest::addRow("negative status") << negative << QStringLiteral("status -200");
    QTest::addRow("relative URL") << makeEntry(QStringLiteral("/just/a/path")) << QStringLiteral("absolute URL");
    QTest::addRow("empty URL") << makeEntry(QString()) << QStringLiteral("absolute URL");
    CacheEntry noMethod = makeEntry(QStringLiteral("https://a.example/"));
    noMethod.method.clear();
    QTest::addRow("no method") << noMethod << QStringLiteral("request method");
}

void tst_ValidatorStore::putRejects()
{
    QFETCH(CacheEntry, entry);
    QFETCH(QString, message);
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    QCOMPARE(store.put(entry), 0);
    QVERIFY2(store.errorString().contains(message), qPrintable(store.errorString()));
    QCOMPARE(store.count(), 0);
    QVERIFY(store.errorString().isEmpty()); // cleared by the next successful call
}

void tst_ValidatorStore::putReplacesVariant()
{
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    const HttpHeaders vary { { "Vary", "Accept-Encoding" } };
    const qint64 first = store.put(
        makeEntry(QStringLiteral("https://a.example/x"), { { "Accept-Encoding", "gzip,br" } }, vary, "first"));
    QVERIFY(first > 0);
    // Same key after normalisation (whitespace): replaces, keeping the id.
    CacheEntry second = makeEntry(
        QStringLiteral("https://a.example/x#other"), { { "accept-encoding", "gzip, br" } }, vary, "second, longer");
    second.status = 201;
    QCOMPARE(store.put(second), first);
    QCOMPARE(store.count(), 1);
    QCOMPARE(store.get(first)->body, QByteArray("second, longer"));
    QCOMPARE(store.get(first)->status, 201);
    QCOMPARE(store.totalSize(), 14);
    QCOMPARE(companionRows(store), 1);
    // Another method is another key.
    CacheEntry head = second;
    head.method = "HEAD";
    QVERIFY(store.put(head) != first);
    QCOMPARE(store.count(), 2);
}

void tst_ValidatorStore::putAllIsAtomic()
{
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    QList<CacheEntry> entries;
    for (int i = 0; i < 10; ++i)
        entries.append(makeEntry(QStringLiteral("https://a.example/%1").arg(i)));
    entries[7].status = 0;
    QList<qint64> ids { 42 };
    QVERIFY(!store.putAll(entries, &ids));
    QVERIFY2(store.errorString().contains(QLatin1String("entry 8 of 10")), qPrintable(store.errorString()));
    QCOMPARE(ids, QList<qint64> { 42 });
    QCOMPARE(store.count(), 0);
    QCOMPARE(companionRows(store), 0);

    entries[7].status = 200;
    QVERIFY(store.putAll(entries, &ids));
    QCOMPARE(ids.size(), 10);
    QCOMPARE(store.count(), 10);
    QCOMPARE(store.get(ids[3])->url, QUrl(QStringLiteral("https://a.example/3")));
    QVERIFY(store.putAll({}));
}

void tst_ValidatorStore::varyVariants()
{
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    const QString url = QStringLiteral("https://a.example/v");
    const HttpHeaders vary { { "Vary", "Accept-Encoding" } };
    const qint64 gzip = store.put(makeEntry(url, { { "Accept-Encoding", "gzip" } }, vary, "gz"));
    const qint64 br = store.put(makeEntry(url, { { "Accept-Encoding", "br" } }, vary, "br"));
    const qint64 none = store.put(makeEntry(url, {}, vary, "plain"));
    const qint64 empty = store.put(makeEntry(url, { { "Accept-Encoding", "" } }, vary, "identity"));
    QVERIFY(gzip > 0 && br > 0 && none > 0 && empty > 0);
    QCOMPARE(QSet<qint64>({ gzip, br, none, empty }).size(), 4);
    QCOMPARE(store.count(), 4);
    QCOMPARE(store.variants("GET", QUrl(url)).size(), 4);
    QCOMPARE(store.variants("POST", QUrl(url)).size(), 0);

    auto bodyFor = [&](const HttpHeaders &request) {
        const std::optional<CacheEntry> found = store.lookup("GET", QUrl(url), request);
        return found ? found->body : QByteArray("<none>");
    };
    QCOMPARE(bodyFor({ { "Accept-Encoding", "gzip" } }), QByteArray("gz"));
    QCOMPARE(bodyFor({ { "ACCEPT-ENCODING", "  br " } }), QByteArray("br"));
    QCOMPARE(bodyFor({ { "Accept", "*/*" } }), QByteArray("plain"));
    QCOMPARE(bodyFor({ { "Accept-Encoding", "" } }), QByteArray("identity"));
    QCOMPARE(bodyFor({ { "Accept-Encoding", "deflate" } }), QByteArray("<none>"));
    QVERIFY(store.errorString().isEmpty());
    QCOMPARE(bodyFor({ { "Accept-Encoding", "gzip" }, { "Accept-Encoding", "br" } }), QByteArray("<none>"));
}

void tst_ValidatorStore::varyStar()
{
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    const QString url = QStringLiteral("https://a.example/star");
    const qint64 id = store.put(makeEntry(url, {}, { { "Vary", "*" } }));
    QVERIFY(id > 0);
    QVERIFY(!store.lookup("GET", QUrl(url), {}).has_value());
    QVERIFY(store.errorString().isEmpty());
    QCOMPARE(store.variants("GET", QUrl(url)).size(), 1);
    // A second Vary: * response takes the same slot.
    QCOMPARE(store.put(makeEntry(url, { { "X", "1" } }, { { "Vary", "*" } })), id);
    QCOMPARE(store.list().constFirst().secondaryKey, QByteArray("*"));
}

void tst_ValidatorStore::lookupPrefersMostRecent()
{
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    const QString url = QStringLiteral("https://a.example/r");
    CacheEntry older = makeEntry(url, { { "Accept-Encoding", "gzip" } }, {}, "no vary, newer");
    older.responseTime = utc("2026-11-25T12:00:00.000Z");
    CacheEntry newer
        = makeEntry(url, { { "Accept-Encoding", "gzip" } }, { { "Vary", "Accept-Encoding" } }, "vary, older");
    newer.responseTime = utc("2026-11-25T11:00:00.000Z");
    QVERIFY(store.put(older) > 0);
    QVERIFY(store.put(newer) > 0);
    QCOMPARE(store.lookup("GET", QUrl(url), { { "Accept-Encoding", "gzip" } })->body, QByteArray("no vary, newer"));
    newer.responseTime = utc("2026-11-25T13:00:00.000Z");
    QVERIFY(store.put(newer) > 0);
    QCOMPARE(store.lookup("GET", QUrl(url), { { "Accept-Encoding", "gzip" } })->body, QByteArray("vary, older"));
    // Only the entry without Vary fits a request with another encoding.
    QCOMPARE(store.lookup("GET", QUrl(url), { { "Accept-Encoding", "br" } })->body, QByteArray("no vary, newer"));
}

void tst_ValidatorStore::lookupKeys_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("found");

    QTest::addRow("same") << QByteArray("GET") << QStringLiteral("https://a.example/p?q=1") << true;
    QTest::addRow("fragment ignored") << QByteArray("GET") << QStringLiteral("https://a.example/p?q=1#x") << true;
    QTest::addRow("default port") << QByteArray("GET") << QStringLiteral("https://a.example:443/p?q=1") << true;
    QTest::addRow("host case") << QByteArray("GET") << QStringLiteral("https://A.EXAMPLE/p?q=1") << true;
    QTest::addRow("other method") << QByteArray("HEAD") << QStringLiteral("https://a.example/p?q=1") << false;
    QTest::addRow("method case") << QByteArray("get") << QStringLiteral("https://a.example/p?q=1") << false;
    QTest::addRow("other query") << QByteArray("GET") << QStringLiteral("https://a.example/p?q=2") << false;
    QTest::addRow("other scheme") << QByteArray("GET") << QStringLiteral("http://a.example/p?q=1") << false;
    QTest::addRow("path case") << QByteArray("GET") << QStringLiteral("https://a.example/P?q=1") << false;
    QTest::addRow("relative") << QByteArray("GET") << QStringLiteral("/p?q=1") << false;
    QTest::addRow("empty") << QByteArray() << QString() << false;
}

void tst_ValidatorStore::lookupKeys()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, url);
    QFETCH(bool, found);
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    QVERIFY(store.put(makeEntry(QStringLiteral("https://a.example/p?q=1"))) > 0);
    QCOMPARE(store.lookup(method, QUrl(url), {}).has_value(), found);
    QVERIFY(store.errorString().isEmpty());
}

void tst_ValidatorStore::variantsWithoutBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("damage"); // SQL run on the stored row (? = its id) before reading
    QTest::addColumn<QByteArray>("expectedBody");
    const QByteArray binary("a\0b\r\n\xff", 6);
    QTest::addRow("text body") << QByteArray("hello") << QString() << QByteArray("hello");
    QTest::addRow("empty body") << QByteArray("") << QString() << QByteArray();
    QTest::addRow("binary body with NUL") << binary << QString() << binary;
    QTest::addRow("4 MiB body") << QByteArray(4 << 20, 'x') << QString() << QByteArray(4 << 20, 'x');
    QTest::addRow("body row missing") << QByteArray("gone") << QStringLiteral("DELETE FROM bodies WHERE entry_id = ?")
                                      << QByteArray();
    QTest::addRow("corrupt response headers")
        << QByteArray("kept")
        << QStringLiteral("UPDATE entry_headers SET response_headers = x'ff3a0d0a0d0a3a' WHERE entry_id = ?")
        << QByteArray("kept");
    QTest::addRow("header row missing") << QByteArray("kept")
                                        << QStringLiteral("DELETE FROM entry_headers WHERE entry_id = ?")
                                        << QByteArray("kept");
}

// StoredBody::Omit reads the same entries as a full read, minus the body; body() reads that body alone.
void tst_ValidatorStore::variantsWithoutBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, damage);
    QFETCH(QByteArray, expectedBody);
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    const QUrl url(QStringLiteral("https://a.example/file"));
    const qint64 id = store.put(makeEntry(url.toString(), { { "Accept-Encoding", "gzip" } },
        { { "ETag", "\"v1\"" }, { "Vary", "Accept-Encoding" } }, body));
    QVERIFY2(id > 0, qPrintable(store.errorString()));
    if (!damage.isEmpty()) {
        QSqlQuery query(store.database());
        QVERIFY(query.prepare(damage));
        query.addBindValue(id);
        QVERIFY(query.exec());
    }

    const QList<CacheEntry> full = store.variants("GET", url);
    const QList<CacheEntry> light = store.variants("GET", url, StoredBody::Omit);
    QVERIFY2(store.errorString().isEmpty(), qPrintable(store.errorString()));
    QCOMPARE(full.size(), 1);
    QCOMPARE(light.size(), 1);
    QCOMPARE(full.first().body, expectedBody);
    QVERIFY(light.first().body.isNull());
    CacheEntry withBody = light.first();
    withBody.body = full.first().body;
    QCOMPARE(withBody.id, id);
    QCOMPARE(withBody.responseHeaders, full.first().responseHeaders);
    QCOMPARE(withBody.requestHeaders, full.first().requestHeaders);
    QCOMPARE(withBody.status, full.first().status);
    QCOMPARE(withBody.headerWireSize, full.first().headerWireSize);
    QCOMPARE(withBody.storedAt, full.first().storedAt);

    const std::optional<QByteArray> read = store.body(id);
    QVERIFY2(read.has_value(), qPrintable(store.errorString()));
    QCOMPARE(*read, expectedBody);
    QVERIFY(store.errorString().isEmpty());
}

void tst_ValidatorStore::bodyOfMissingEntry()
{
    ValidatorStore store;
    QVERIFY(!store.body(1).has_value());
    QVERIFY(store.errorString().contains(QLatin1String("not open")));
    QVERIFY(store.variants("GET", QUrl(QStringLiteral("https://a.example/")), StoredBody::Omit).isEmpty());
    QVERIFY(store.open(dbPath()));
    const qint64 id = store.put(makeEntry(QStringLiteral("https://a.example/")));
    QVERIFY(id > 0);
    for (const qint64 missing : { id + 1, qint64(0), qint64(-5) }) {
        QVERIFY(!store.body(missing).has_value());
        QVERIFY2(store.errorString().contains(QLatin1String("no such entry")), qPrintable(store.errorString()));
    }
    QVERIFY(store.variants("GET", QUrl(QStringLiteral("https://b.example/")), StoredBody::Omit).isEmpty());
    QVERIFY(store.errorString().isEmpty());
}

void tst_ValidatorStore::updateHeaders()
{
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    const CacheEntry entry = makeEntry(QStringLiteral("https://a.example/u"), {}, { { "ETag", "\"1\"" } }, "body");
    const qint64 id = store.put(entry);
    const HttpHeaders merged { { "ETag", "\"1\"" }, { "Cache-Control", "max-age=60" }, { "Date", "x" } };
    QVERIFY(store.updateHeaders(id, merged, utc("2026-11-25T11:00:00.000Z")));
    std::optional<CacheEntry> got = store.get(id);
    QCOMPARE(got->responseHeaders, merged);
    QCOMPARE(got->lastValidated, utc("2026-11-25T11:00:00.000Z"));
    QCOMPARE(got->body, QByteArray("body"));
    QCOMPARE(got->storedAt, entry.storedAt);
    QCOMPARE(got->requestTime, entry.requestTime); // null times keep the stored ones
    QCOMPARE(got->responseTime, entry.responseTime);
    QCOMPARE(store.list().constFirst().headers.first("cache-control"), QByteArray("max-age=60"));

    QVERIFY(store.updateHeaders(id, merged, {}, utc("2026-11-25T12:00:00.000Z"), utc("2026-11-25T12:00:01.000Z")));
    got = store.get(id);
    QCOMPARE(got->lastValidated, utc("2026-11-25T11:00:00.000Z"));
    QCOMPARE(got->requestTime, utc("2026-11-25T12:00:00.000Z"));
    QCOMPARE(got->responseTime, utc("2026-11-25T12:00:01.000Z"));

    QVERIFY(!store.updateHeaders(id + 100, merged, {}));
    QVERIFY2(store.errorString().contains(QLatin1String("no such entry")), qPrintable(store.errorString()));
}

void tst_ValidatorStore::updateHeadersChangesVary()
{
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    const QString url = QStringLiteral("https://a.example/uv");
    const qint64 plain = store.put(makeEntry(url, { { "Origin", "o" } }, {}, "plain"));
    const qint64 varied = store.put(makeEntry(url, { { "Origin", "o" } }, { { "Vary", "Origin" } }, "varied"));
    QCOMPARE(store.count(), 2);
    // The 304 for `plain` now says Vary: Origin, so it takes the slot `varied` had.
    QVERIFY2(store.updateHeaders(plain, { { "Vary", "Origin" } }, utc("2026-11-25T11:00:00.000Z")),
        qPrintable(store.errorString()));
    QCOMPARE(store.count(), 1);
    QVERIFY(!store.get(varied).has_value());
    QCOMPARE(companionRows(store), 1);
    QCOMPARE(store.lookup("GET", QUrl(url), { { "Origin", "o" } })->id, plain);
    QVERIFY(!store.lookup("GET", QUrl(url), { { "Origin", "p" } }).has_value());
}

void tst_ValidatorStore::updateVariants_data()
{
    QTest::addColumn<QString>("merge"); // what the merge callback returns
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("written");
    QTest::addRow("one variant") << QStringLiteral("first") << true << true;
    QTest::addRow("every variant") << QStringLiteral("all") << true << true;
    QTest::addRow("nothing matched") << QStringLiteral("none") << true << false;
    // A 304 that repeats the stored headers: only the times are written (the headers are not rewritten).
    QTest::addRow("headers unchanged") << QStringLiteral("first, same headers") << true << true;
    QTest::addRow("unknown id") << QStringLiteral("unknown") << false << false;
    QTest::addRow("known and unknown id: all or nothing") << QStringLiteral("first+unknown") << false << false;
}

// The read-merge-write of a 304 in one transaction: only variants of the URL, all written or none.
void tst_ValidatorStore::updateVariants()
{
    QFETCH(QString, merge);
    QFETCH(bool, ok);
    QFETCH(bool, written);
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    const QUrl url(QStringLiteral("https://a.example/v"));
    const HttpHeaders vary { { "ETag", "\"1\"" }, { "Vary", "Accept-Language" } };
    QList<qint64> ids;
    QVERIFY(store.putAll({ makeEntry(url.toString(), { { "Accept-Language", "en" } }, vary, "english"),
                             makeEntry(url.toString(), { { "Accept-Language", "fr" } }, vary, "french"),
                             makeEntry(QStringLiteral("https://a.example/other"), {}, {}, "other") },
        &ids));
    const HttpHeaders fresh { { "ETag", "\"1\"" }, { "Vary", "Accept-Language" }, { "Cache-Control", "max-age=9" } };
    const QDateTime at = utc("2026-11-26T01:00:00.000Z");
    QList<qint64> seen;
    const bool result = store.updateVariants(
        "GET", url,
        [&](const QList<CacheEntry> &variants) {
            QList<CacheEntry> updated;
            for (const CacheEntry &v : variants) {
                seen.append(v.id);
                if (!v.body.isNull())
                    return QList<CacheEntry>(); // bodies must not be read: fails the test below
                if (merge == QLatin1String("all") || (merge.startsWith(QLatin1String("first")) && updated.isEmpty()))
                    updated.append(v);
            }
            if (merge.endsWith(QLatin1String("unknown"))) {
                CacheEntry stranger = makeEntry(url.toString());
                stranger.id = ids.last(); // another URL's entry: not one of these variants
                updated.append(stranger);
            }
            for (CacheEntry &entry : updated) {
                if (!merge.endsWith(QLatin1String("same headers")))
                    entry.responseHeaders = fresh;
            }
            return updated;
        },
        at);
    QCOMPARE(result, ok);
    QCOMPARE(seen, QList<qint64>({ ids[0], ids[1] })); // the URL's variants only, the other URL's entry is not one
    if (!ok)
        QVERIFY2(store.errorString().contains(QLatin1String("not a variant")), qPrintable(store.errorString()));
    const bool same = merge.endsWith(QLatin1String("same headers"));
    const std::optional<CacheEntry> first = store.get(ids[0]);
    QCOMPARE(first->responseHeaders, written && !same ? fresh : vary);
    QCOMPARE(first->lastValidated, written ? at : QDateTime());
    QCOMPARE(store.list().at(0).headers, written && !same ? fresh : vary); // the summary kept in step
    // What the next read gets without reading (the merge's memo) is what a fresh connection reads.
    ValidatorStore other;
    QVERIFY(other.open(dbPath()));
    const QList<CacheEntry> kept = store.variants("GET", url, StoredBody::Omit);
    const QList<CacheEntry> read = other.variants("GET", url, StoredBody::Omit);
    QCOMPARE(kept.size(), read.size());
    for (qsizetype i = 0; i < kept.size(); ++i) {
        QCOMPARE(kept.at(i).id, read.at(i).id);
        QCOMPARE(kept.at(i).responseHeaders, read.at(i).responseHeaders);
        QCOMPARE(kept.at(i).lastValidated, read.at(i).lastValidated);
        QCOMPARE(kept.at(i).responseTime, read.at(i).responseTime);
    }
    QCOMPARE(first->body, QByteArray("english"));
    QCOMPARE(store.get(ids[1])->responseHeaders, merge == QLatin1String("all") ? fresh : vary);
    QCOMPARE(store.get(ids[2])->responseHeaders, HttpHeaders());
    QCOMPARE(store.count(), 3);
}

void tst_ValidatorStore::list()
{
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    CacheEntry b = makeEntry(QStringLiteral("https://b.example/"), { { "Accept", "x" } },
        { { "Server", "s" }, { "Content-Type", "text/html" }, { "ETag", "\"e\"" }, { "Cache-Control", "no-cache" },
            { "Vary", "Accept" }, { "Last-Modified", "lm" }, { "X-Other", "o" } },
        QByteArray(1000, 'b'));
    b.lastValidated = utc("2026-11-25T11:00:00.000Z");
    CacheEntry a = makeEntry(QStringLiteral("https://a.example/"));
    a.method = "HEAD";
    const qint64 idB = store.put(b);
    const qint64 idA = store.put(a);

    const QList<CacheEntrySummary> rows = store.list();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0].id, idB); // oldest first
    QCOMPARE(rows[1].id, idA);
    QCOMPARE(rows[1].method, QByteArray("HEAD"));
    const CacheEntrySummary &row = rows[0];
    QCOMPARE(row.url, QUrl(QStringLiteral("https://b.example/")));
    QCOMPARE(row.method, QByteArray("GET"));
    QCOMPARE(row.status, 200);
    QCOMPARE(row.secondaryKey, QByteArray("accept=x"));
    QCOMPARE(row.headers,
        (HttpHeaders { { "Content-Type", "text/html" }, { "ETag", "\"e\"" }, { "Cache-Control", "no-cache" },
            { "Vary", "Accept" }, { "Last-Modified", "lm" } }));
    QCOMPARE(row.bodySize, 1000);
    QCOMPARE(row.headerWireSize, 120);
    QCOMPARE(row.bodyWireSize, 1000);
    QCOMPARE(row.wireSize(), 1120);
    QCOMPARE(row.requestTime, b.requestTime);
    QCOMPARE(row.responseTime, b.responseTime);
    QCOMPARE(row.storedAt, b.storedAt);
    QCOMPARE(row.lastValidated, b.lastValidated);
    QVERIFY(rows[1].lastValidated.isNull());
}

void tst_ValidatorStore::removeAndClear()
{
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    const QString url = QStringLiteral("https://a.example/d");
    const HttpHeaders vary { { "Vary", "X" } };
    const qint64 one = store.put(makeEntry(url, { { "X", "1" } }, vary, "11"));
    store.put(makeEntry(url, { { "X", "2" } }, vary, "222"));
    CacheEntry head = makeEntry(url + QStringLiteral("#frag"), {}, {}, "");
    head.method = "HEAD";
    store.put(head);
    const qint64 other = store.put(makeEntry(QStringLiteral("https://a.example/other"), {}, {}, "4444"));
    QCOMPARE(store.count(), 4);
    QCOMPARE(store.totalSize(), 9);

    QVERIFY(store.remove(one));
    QVERIFY(!store.get(one).has_value());
    QVERIFY(!store.remove(one));
    QVERIFY2(store.errorString().contains(QLatin1String("no such entry")), qPrintable(store.errorString()));
    QCOMPARE(store.count(), 3);

    QCOMPARE(store.remove(QUrl(url)), 2); // the GET variant and the HEAD entry
    QCOMPARE(store.remove(QUrl(url)), 0);
    QVERIFY(store.errorString().isEmpty());
    QCOMPARE(store.remove(QUrl(QStringLiteral("relative"))), -1);
    QVERIFY(!store.errorString().isEmpty());
    QCOMPARE(store.count(), 1);
    QCOMPARE(store.totalSize(), 4);
    QCOMPARE(companionRows(store), 1);
    QVERIFY(store.get(other).has_value());

    // clear() gives the pages back: a store that held a large body shrinks again.
    QVERIFY(store.put(makeEntry(QStringLiteral("https://a.example/big"), {}, {}, QByteArray(4 << 20, 'x'))) > 0);
    const qint64 pagesBefore = sqlScalar(store, QStringLiteral("PRAGMA page_count"));
    QCOMPARE(store.clear(), 2);
    QVERIFY2(sqlScalar(store, QStringLiteral("PRAGMA page_count")) < pagesBefore / 10,
        qPrintable(QString::number(sqlScalar(store, QStringLiteral("PRAGMA page_count")))));
    QCOMPARE(store.count(), 0);
    QCOMPARE(store.totalSize(), 0);
    QCOMPARE(companionRows(store), 0);
    QCOMPARE(store.clear(), 0);

    // Without shrinking (the window's choice) the entries go and the file keeps its pages for later writes.
    QVERIFY(store.put(makeEntry(QStringLiteral("https://a.example/big"), {}, {}, QByteArray(4 << 20, 'x'))) > 0);
    const qint64 pagesFull = sqlScalar(store, QStringLiteral("PRAGMA page_count"));
    QCOMPARE(store.clear(ValidatorStore::ShrinkFile::No), 1);
    QCOMPARE(store.count(), 0);
    QCOMPARE(store.totalSize(), 0);
    QCOMPARE(sqlScalar(store, QStringLiteral("PRAGMA page_count")), pagesFull);
    QVERIFY(sqlScalar(store, QStringLiteral("PRAGMA freelist_count")) > pagesFull / 2);
}

QTEST_GUILESS_MAIN(tst_ValidatorStore)
#include "tst_validatorstore.moc"
