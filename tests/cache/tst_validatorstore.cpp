#include "cache/storeschema.h"
#include "cache/validatorstore.h"
#include "cache/varykey.h"
#include "util/storelocation.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace CacheScope;

namespace {

QDateTime utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs);
}

CacheEntry makeEntry(const QString &url, const HttpHeaders &request = {}, const HttpHeaders &response = {},
    const QByteArray &body = "hello")
{
    CacheEntry entry;
    entry.url = QUrl(url);
    entry.requestHeaders = request;
    entry.status = 200;
    entry.reason = "OK";
    entry.responseHeaders = response;
    entry.body = body;
    entry.headerWireSize = 120;
    entry.bodyWireSize = body.size();
    entry.requestTime = utc("2026-11-25T10:00:00.000Z");
    entry.responseTime = utc("2026-11-25T10:00:00.250Z");
    entry.storedAt = utc("2026-11-25T10:00:01.000Z");
    return entry;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Runs statements on a file with a connection of its own, as another program would.
bool runSql(const QString &path, const QStringList &statements)
{
    const QString name = QStringLiteral("tst-raw-%1").arg(QRandomGenerator::global()->generate64());
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery query(db);
        for (const QString &statement : statements) {
            if (ok && !query.exec(statement)) {
                qWarning() << statement << query.lastError().text();
                ok = false;
            }
        }
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

qint64 sqlScalar(const ValidatorStore &store, const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(store.connectionName(), false));
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

// Rows of the tables that hang off entries, or -1 when they disagree (a half-written or half-removed entry).
qint64 companionRows(const ValidatorStore &store)
{
    const qint64 bodies = sqlScalar(store, QStringLiteral("SELECT COUNT(*) FROM bodies"));
    const qint64 headers = sqlScalar(store, QStringLiteral("SELECT COUNT(*) FROM entry_headers"));
    const qint64 linked = sqlScalar(store,
        QStringLiteral("SELECT COUNT(*) FROM entries e JOIN bodies b ON b.entry_id = e.id "
                       "JOIN entry_headers h ON h.entry_id = e.id"));
    return bodies == headers && headers == linked ? bodies : -1;
}

} // namespace

using ByteList = QList<QByteArray>;

class tst_ValidatorStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void openCreatesStore();
    void openErrors_data();
    void openErrors();
    void openLocationErrors();
    void readOnlyDirectory();
    void notOpen();
    void roundTrip();
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
    void updateHeaders();
    void updateHeadersChangesVary();
    void list();
    void removeAndClear();
    void persistsAcrossReopen();
    void twoInstancesOneFile();
    void concurrentThreads();
    void badFiles_data();
    void badFiles();
    void emptyFileIsAFreshStore();
    void diskFull();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString dbPath() const { return m_dir->filePath(QStringLiteral("cachescope.sqlite")); }
};

void tst_ValidatorStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_ValidatorStore::openCreatesStore()
{
    ValidatorStore store;
    QVERIFY2(store.open(StoreLocation::resolve(m_dir->path())), qPrintable(store.errorString()));
    QVERIFY(store.isOpen());
    QCOMPARE(store.databasePath(), dbPath());
    QVERIFY(QFile::exists(dbPath()));
    QVERIFY(store.recoveryNotice().isEmpty());
    QCOMPARE(store.count(), 0);
    QCOMPARE(store.totalSize(), 0);
    QCOMPARE(sqlScalar(store, QStringLiteral("PRAGMA application_id")), qint64(StoreSchema::ApplicationId));
    QCOMPARE(sqlScalar(store, QStringLiteral("SELECT MAX(version) FROM schema_version")),
        qint64(StoreSchema::latestVersion()));
    {
        QSqlQuery query(QSqlDatabase::database(store.connectionName(), false));
        QVERIFY(query.exec(QStringLiteral("PRAGMA journal_mode")) && query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("wal"));
    }
    QVERIFY(sqlScalar(store, QStringLiteral("PRAGMA busy_timeout")) >= 1000);
    QCOMPARE(sqlScalar(store, QStringLiteral("PRAGMA secure_delete")), 2); // fast

    // No probe files are left behind.
    const QStringList files = QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden);
    for (const QString &file : files)
        QVERIFY2(file.startsWith(QLatin1String("cachescope.sqlite")), qPrintable(file));

    // Each instance has its own connection, removed on close.
    ValidatorStore second;
    QVERIFY(second.open(dbPath()));
    QVERIFY(second.connectionName() != store.connectionName());
    const QString name = second.connectionName();
    second.close();
    QVERIFY(!QSqlDatabase::contains(name));
    QVERIFY(second.connectionName().isEmpty());
    QCOMPARE(store.count(), 0);
}

void tst_ValidatorStore::openErrors_data()
{
    QTest::addColumn<QString>("relativePath"); // "" for an empty path
    QTest::addColumn<QString>("message");

    QTest::addRow("empty path") << QString() << QStringLiteral("no store file");
    QTest::addRow("missing directory") << QStringLiteral("missing/cachescope.sqlite")
                                       << QStringLiteral("does not exist");
    QTest::addRow("directory is a file") << QStringLiteral("plain-file/cachescope.sqlite")
                                         << QStringLiteral("is not a directory");
    QTest::addRow("database is a directory") << QStringLiteral("a-directory") << QStringLiteral("is a directory");
}

void tst_ValidatorStore::openErrors()
{
    QFETCH(QString, relativePath);
    QFETCH(QString, message);
    QVERIFY(writeFile(m_dir->filePath(QStringLiteral("plain-file")), "x"));
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("a-directory")));

    ValidatorStore store;
    QVERIFY(!store.open(relativePath.isEmpty() ? QString() : m_dir->filePath(relativePath)));
    QVERIFY2(store.errorString().contains(message), qPrintable(store.errorString()));
    QVERIFY(!store.isOpen());
    QVERIFY(store.connectionName().isEmpty());
    QCOMPARE(readAll(m_dir->filePath(QStringLiteral("plain-file"))), QByteArray("x"));
}

void tst_ValidatorStore::openLocationErrors()
{
    QVERIFY(writeFile(m_dir->filePath(QStringLiteral("plain-file")), "x"));
    ValidatorStore store;
    QVERIFY(!store.open(StoreLocation::resolve(m_dir->filePath(QStringLiteral("plain-file/sub")))));
    QVERIFY2(store.errorString().contains(QLatin1String("cannot create the store directory")),
        qPrintable(store.errorString()));
    QVERIFY(!store.open(StoreLocation::resolve(m_dir->filePath(QStringLiteral("plain-file")))));
    QVERIFY2(store.errorString().contains(QLatin1String("not a directory")), qPrintable(store.errorString()));
}

void tst_ValidatorStore::readOnlyDirectory()
{
    const QString dir = m_dir->filePath(QStringLiteral("ro"));
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(QFile::setPermissions(dir, QFile::ReadOwner | QFile::ExeOwner));
    auto restore
        = qScopeGuard([&] { QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner); });
    QString target = dir;
    if (writeFile(dir + QStringLiteral("/probe"), "x")) {
        // Permission bits do not stop root; a pseudo file system does.
        target = QStringLiteral("/sys");
        if (!QFileInfo(target).isDir() || writeFile(target + QStringLiteral("/cachescope-probe"), "x"))
            QSKIP("running with privileges that ignore read-only directories");
    }
    ValidatorStore store;
    QVERIFY(!store.open(target + QStringLiteral("/cachescope.sqlite")));
    QVERIFY2(store.errorString().contains(QLatin1String("is not writable")), qPrintable(store.errorString()));
    QVERIFY2(store.errorString().contains(target), qPrintable(store.errorString()));
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
    QVERIFY(!store.clear());
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
    QVERIFY(store.clear());
    QVERIFY2(sqlScalar(store, QStringLiteral("PRAGMA page_count")) < pagesBefore / 10,
        qPrintable(QString::number(sqlScalar(store, QStringLiteral("PRAGMA page_count")))));
    QCOMPARE(store.count(), 0);
    QCOMPARE(store.totalSize(), 0);
    QCOMPARE(companionRows(store), 0);
    QVERIFY(store.clear());
}

void tst_ValidatorStore::persistsAcrossReopen()
{
    qint64 id = 0;
    const CacheEntry entry = makeEntry(QStringLiteral("https://a.example/keep"), { { "A", "1" } }, { { "B", "2" } });
    {
        ValidatorStore store;
        QVERIFY(store.open(dbPath()));
        id = store.put(entry);
        QVERIFY(id > 0);
    }
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    QVERIFY(store.recoveryNotice().isEmpty());
    const std::optional<CacheEntry> got = store.get(id);
    QVERIFY(got.has_value());
    QCOMPARE(got->requestHeaders, entry.requestHeaders);
    QCOMPARE(got->body, entry.body);
    // Reopening does not run the migrations again.
    QCOMPARE(sqlScalar(store, QStringLiteral("SELECT COUNT(*) FROM schema_version")), StoreSchema::latestVersion());
}

void tst_ValidatorStore::twoInstancesOneFile()
{
    ValidatorStore a;
    ValidatorStore b;
    QVERIFY(a.open(dbPath()));
    QVERIFY(b.open(dbPath()));
    const QString url = QStringLiteral("https://a.example/shared");
    const qint64 id = a.put(makeEntry(url));
    QCOMPARE(b.lookup("GET", QUrl(url), {})->id, id);
    QVERIFY(b.updateHeaders(id, { { "ETag", "\"b\"" } }, utc("2026-11-25T11:00:00.000Z")));
    QCOMPARE(a.get(id)->responseHeaders.first("etag"), QByteArray("\"b\""));
    // A reader with an open statement does not block the other instance's writes (WAL).
    {
        QSqlQuery reading(QSqlDatabase::database(a.connectionName(), false));
        QVERIFY(reading.exec(QStringLiteral("SELECT id FROM entries")) && reading.next());
        QVERIFY2(b.put(makeEntry(url + QStringLiteral("2"))) > 0, qPrintable(b.errorString()));
    }
    QVERIFY(b.remove(id));
    QVERIFY(!a.get(id).has_value());
    QCOMPARE(a.count(), 1);
    a.close();
    QCOMPARE(b.count(), 1);
}

void tst_ValidatorStore::concurrentThreads()
{
    constexpr int perThread = 150;
    const QString path = dbPath();
    std::array<QString, 2> errors;
    QList<QThread *> threads;
    for (int t = 0; t < 2; ++t) {
        // Both open a store that does not exist yet, then write interleaved transactions.
        threads.append(QThread::create([&errors, path, t] {
            ValidatorStore store;
            if (!store.open(path)) {
                errors[t] = store.errorString();
                return;
            }
            for (int i = 0; i < perThread && errors[t].isEmpty(); ++i) {
                const QString url = QStringLiteral("https://t%1.example/%2").arg(t).arg(i);
                if (store.put(makeEntry(url)) <= 0 || !store.lookup("GET", QUrl(url), {}))
                    errors[t] = store.errorString();
                if (i % 10 == 0 && store.list().isEmpty())
                    errors[t] = QStringLiteral("list() empty: ") + store.errorString();
            }
        }));
    }
    for (QThread *thread : threads)
        thread->start();
    for (QThread *thread : threads) {
        QVERIFY(thread->wait(120000));
        delete thread;
    }
    QCOMPARE(errors[0], QString());
    QCOMPARE(errors[1], QString());
    ValidatorStore store;
    QVERIFY(store.open(path));
    QCOMPARE(store.count(), 2 * perThread);
    QCOMPARE(sqlScalar(store, QStringLiteral("SELECT COUNT(*) FROM schema_version")), StoreSchema::latestVersion());
}

enum class BadFile
{
    Text,
    Binary,
    SqliteMagic,
    Foreign,
    ForeignId,
    OurTablesNoId,
    Newer,
    NoSchemaTable
};

void tst_ValidatorStore::badFiles_data()
{
    QTest::addColumn<BadFile>("kind");
    QTest::addColumn<QString>("tag");
    QTest::addColumn<QString>("reason");

    QTest::addRow("text file") << BadFile::Text << QStringLiteral("corrupt")
                               << QStringLiteral("not an SQLite database");
    QTest::addRow("random bytes") << BadFile::Binary << QStringLiteral("corrupt")
                                  << QStringLiteral("not an SQLite database");
    QTest::addRow("SQLite magic, garbage after")
        << BadFile::SqliteMagic << QStringLiteral("corrupt") << QStringLiteral("SQLite database");
    QTest::addRow("another app's tables")
        << BadFile::Foreign << QStringLiteral("foreign") << QStringLiteral("tables moz_places");
    QTest::addRow("another app's id") << BadFile::ForeignId << QStringLiteral("foreign")
                                      << QStringLiteral("application id 1234");
    QTest::addRow("our tables without our id")
        << BadFile::OurTablesNoId << QStringLiteral("foreign") << QStringLiteral("another application");
    QTest::addRow("newer schema") << BadFile::Newer << QStringLiteral("newer") << QStringLiteral("schema version 99");
    QTest::addRow("no schema_version table")
        << BadFile::NoSchemaTable << QStringLiteral("corrupt") << QStringLiteral("without its schema_version");
}

void tst_ValidatorStore::badFiles()
{
    QFETCH(BadFile, kind);
    QFETCH(QString, tag);
    QFETCH(QString, reason);

    const QString path = dbPath();
    const QString settings = m_dir->filePath(QStringLiteral("settings.ini"));
    QVERIFY(writeFile(settings, "[ui]\ntheme=dark\n"));
    QByteArray random(64 * 1024, Qt::Uninitialized);
    for (char &c : random)
        c = char(QRandomGenerator::global()->bounded(256));
    switch (kind) {
    case BadFile::Text:
        QVERIFY(writeFile(path, "hello, I am a shopping list\n"));
        QVERIFY(writeFile(path + QStringLiteral("-wal"), "stale wal"));
        break;
    case BadFile::Binary:
        QVERIFY(writeFile(path, random));
        break;
    case BadFile::SqliteMagic:
        QVERIFY(writeFile(path, QByteArray("SQLite format 3\0", 16) + random));
        break;
    case BadFile::Foreign:
        QVERIFY(runSql(path,
            { QStringLiteral("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)"),
                QStringLiteral("INSERT INTO moz_places (url) VALUES ('https://x/')") }));
        break;
    case BadFile::ForeignId:
        QVERIFY(runSql(path, { QStringLiteral("PRAGMA application_id = 1234"), QStringLiteral("VACUUM") }));
        break;
    case BadFile::OurTablesNoId:
    case BadFile::Newer:
    case BadFile::NoSchemaTable: {
        {
            ValidatorStore store;
            QVERIFY(store.open(path));
            QVERIFY(store.put(makeEntry(QStringLiteral("https://a.example/"))) > 0);
        }
        const QString sql = kind == BadFile::OurTablesNoId ? QStringLiteral("PRAGMA application_id = 0")
            : kind == BadFile::Newer ? QStringLiteral("INSERT INTO schema_version VALUES (99, 0, 'from the future')")
                                     : QStringLiteral("DROP TABLE schema_version");
        QVERIFY(runSql(path, { sql }));
        break;
    }
    }
    QVERIFY(!QFile::exists(path + QStringLiteral("-shm")) || kind == BadFile::Text);
    const QByteArray original = readAll(path);
    QVERIFY(!original.isEmpty());

    const QDateTime local(QDate(2026, 11, 25), QTime(18, 45, 1));
    ValidatorStore store;
    store.setClock([local] { return local.toUTC(); });
    QTest::ignoreMessage(QtWarningMsg,
        QRegularExpression(QStringLiteral("^.*cachescope.sqlite was .* moved to .*cachescope.sqlite.%1-").arg(tag)));
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    const QString aside = path + QStringLiteral(".%1-20261125-184501").arg(tag);
    QCOMPARE(store.movedAsidePath(), aside);
    QVERIFY2(store.recoveryNotice().contains(reason), qPrintable(store.recoveryNotice()));
    QVERIFY(store.recoveryNotice().contains(aside));
    QCOMPARE(readAll(aside), original);
    if (kind == BadFile::Text)
        QCOMPARE(readAll(aside + QStringLiteral("-wal")), QByteArray("stale wal"));
    QCOMPARE(readAll(settings), QByteArray("[ui]\ntheme=dark\n"));
    QCOMPARE(store.count(), 0);
    QVERIFY(store.put(makeEntry(QStringLiteral("https://fresh.example/"))) > 0);
    store.close();

    // The fresh store is ours now: no second move, and the same second gets a distinct name next time.
    QVERIFY(store.open(path));
    QVERIFY(store.recoveryNotice().isEmpty());
    QCOMPARE(store.count(), 1);
    store.close();
    QVERIFY(writeFile(path, "garbage again"));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("was not an SQLite database")));
    QVERIFY(store.open(path));
    QCOMPARE(store.movedAsidePath(),
        path + QStringLiteral(".corrupt-20261125-184501")
            + (tag == QLatin1String("corrupt") ? QStringLiteral("-2") : QString()));
}

void tst_ValidatorStore::emptyFileIsAFreshStore()
{
    QVERIFY(writeFile(dbPath(), QByteArray()));
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    QVERIFY(store.recoveryNotice().isEmpty());
    QVERIFY(store.movedAsidePath().isEmpty());
    QVERIFY(store.put(makeEntry(QStringLiteral("https://a.example/"))) > 0);
}

void tst_ValidatorStore::diskFull()
{
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    QVERIFY(store.put(makeEntry(QStringLiteral("https://a.example/small"))) > 0);
    const qint64 pages = sqlScalar(store, QStringLiteral("PRAGMA page_count"));
    QVERIFY(pages > 0);
    // A page limit makes SQLite report SQLITE_FULL exactly as a full disk does.
    QCOMPARE(sqlScalar(store, QStringLiteral("PRAGMA max_page_count = %1").arg(pages + 2)), pages + 2);
    QCOMPARE(store.put(makeEntry(QStringLiteral("https://a.example/big"), {}, {}, QByteArray(1 << 20, 'x'))), 0);
    QVERIFY2(store.errorString().contains(QLatin1String("disk is full")), qPrintable(store.errorString()));
    // The failed transaction left nothing behind: no entry row without its body.
    QCOMPARE(store.count(), 1);
    QCOMPARE(companionRows(store), 1);
    QVERIFY(!store.lookup("GET", QUrl(QStringLiteral("https://a.example/big")), {}).has_value());
    QVERIFY(store.errorString().isEmpty());
    QCOMPARE(sqlScalar(store, QStringLiteral("PRAGMA max_page_count = 1000000")), 1000000);
    QVERIFY(store.put(makeEntry(QStringLiteral("https://a.example/big"), {}, {}, QByteArray(1 << 20, 'x'))) > 0);
}

QTEST_GUILESS_MAIN(tst_ValidatorStore)
#include "tst_validatorstore.moc"
