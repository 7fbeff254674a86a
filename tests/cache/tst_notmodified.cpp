#include "cache/notmodified.h"
#include "http/httpdate.h"

#include <QTest>
#include <QTimeZone>

using namespace CacheScope;

namespace {

QDateTime utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), QTimeZone::UTC);
#else
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC);
#endif
}

const QDateTime T0 = utc(2026, 6, 1, 12);
const QByteArray kLm = "Sun, 06 Nov 1994 08:49:37 GMT";
const QByteArray kLmOther = "Mon, 07 Nov 1994 08:49:37 GMT";

QByteArray at(qint64 offset)
{
    return formatHttpDate(T0.addSecs(offset));
}

// A stored entry: id, response headers, received `received` seconds after T0.
CacheEntry stored(qint64 id, const HttpHeaders &headers, qint64 received = 0)
{
    CacheEntry e;
    e.id = id;
    e.url = QUrl(QStringLiteral("https://example.test/r"));
    e.status = 200;
    e.responseHeaders = headers;
    e.requestTime = T0.addSecs(received - 1);
    e.responseTime = T0.addSecs(received);
    e.storedAt = e.responseTime;
    e.headerWireSize = 300;
    e.bodyWireSize = 9700;
    e.body = "body";
    return e;
}

NotModifiedResponse notModified(const HttpHeaders &headers)
{
    return { headers, 200, T0.addSecs(3599), T0.addSecs(3600) };
}

struct Case
{
    QList<CacheEntry> entries;
    HttpHeaders response;
    NotModifiedMatch match = NotModifiedMatch::None;
    QList<qint64> updatedIds;
    QString explanation; // substring
};

} // namespace

Q_DECLARE_METATYPE(Case)

namespace {

void add(const char *name, const QList<CacheEntry> &entries, const HttpHeaders &response, NotModifiedMatch match,
    const QList<qint64> &ids, const char *explanation)
{
    QTest::addRow("%s", name) << Case { entries, response, match, ids, QString::fromUtf8(explanation) };
}

} // namespace

class TestNotModified : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void select_data();
    void select();
    void update_data();
    void update();
    void appliedEntry();
    void bytesSaved_data();
    void bytesSaved();
    void savedUsesMostRecent();
};

void TestNotModified::select_data()
{
    QTest::addColumn<Case>("c");
    using M = NotModifiedMatch;
    const QList<CacheEntry> three {
        stored(1, { { "ETag", "\"a\"" } }),
        stored(2, { { "ETag", "\"b\"" } }),
        stored(3, { { "ETag", "W/\"c\"" } }),
    };

    // 1. Strong validators select every entry carrying them
    add("strong ETag picks its entry", three, { { "ETag", "\"b\"" } }, M::StrongValidator, { 2 }, "strong ETag \"b\"");
    add("strong ETag picks every entry carrying it",
        { stored(1, { { "ETag", "\"a\"" } }), stored(2, { { "ETag", "\"x\"" } }), stored(3, { { "ETag", "\"a\"" } }) },
        { { "ETag", "\"a\"" } }, M::StrongValidator, { 1, 3 }, "entry 1, entry 3");
    add("strong ETag that nothing has: nothing updated", three, { { "ETag", "\"zzz\"" } }, M::None, {},
        "forbids updating");
    add("strong ETag does not strongly match a weak stored tag", three, { { "ETag", "\"c\"" } }, M::None, {},
        "matches nothing");
    add("strong ETag mismatch wins over a matching weak Last-Modified",
        { stored(1, { { "ETag", "\"a\"" }, { "Last-Modified", kLm } }) },
        { { "ETag", "\"b\"" }, { "Last-Modified", kLm } }, M::None, {}, "forbids updating");
    add("strong Last-Modified (Date ≥ LM + 1 s) picks all with it",
        { stored(1, { { "Last-Modified", kLm } }), stored(2, { { "Last-Modified", kLmOther } }),
            stored(3, { { "Last-Modified", kLm } }) },
        { { "Date", at(3600) }, { "Last-Modified", kLm } }, M::StrongValidator, { 1, 3 }, "strong Last-Modified");
    add("strong Last-Modified skips an entry whose ETag contradicts",
        { stored(1, { { "ETag", "\"a\"" }, { "Last-Modified", kLm } }),
            stored(2, { { "ETag", "\"b\"" }, { "Last-Modified", kLm } }) },
        { { "Date", at(3600) }, { "ETag", "W/\"a\"" }, { "Last-Modified", kLm } }, M::StrongValidator, { 1 },
        "entry 1");
    add("strong ETag plus an entry known only by Last-Modified",
        { stored(1, { { "ETag", "\"a\"" }, { "Last-Modified", kLm } }), stored(2, { { "Last-Modified", kLm } }) },
        { { "Date", at(3600) }, { "ETag", "\"a\"" }, { "Last-Modified", kLm } }, M::StrongValidator, { 1, 2 },
        "strong ETag \"a\" and strong Last-Modified");

    // 3. Weak validators: only the most recent match
    add("weak ETag: most recent matching entry only",
        { stored(1, { { "ETag", "W/\"a\"" } }, 0), stored(2, { { "ETag", "W/\"a\"" } }, 50),
            stored(3, { { "ETag", "W/\"a\"" } }, 10) },
        { { "ETag", "W/\"a\"" } }, M::WeakValidator, { 2 }, "only the most recently received one is updated, entry 2");
    add("weak ETag matches a strong stored tag", three, { { "ETag", "W/\"a\"" } }, M::WeakValidator, { 1 },
        "weak ETag W/\"a\"");
    add("weak ETag that nothing has", three, { { "ETag", "W/\"q\"" } }, M::None, {}, "matches no stored entry");
    add("Last-Modified equal to Date is weak",
        { stored(1, { { "Last-Modified", kLm } }, 0), stored(2, { { "Last-Modified", kLm } }, 5) },
        { { "Date", kLm }, { "Last-Modified", kLm } }, M::WeakValidator, { 2 }, "weak Last-Modified");
    add("Last-Modified without Date is weak", { stored(1, { { "Last-Modified", kLm } }) }, { { "Last-Modified", kLm } },
        M::WeakValidator, { 1 }, "weak Last-Modified");
    add("Last-Modified that nothing has", { stored(1, { { "Last-Modified", kLm } }) },
        { { "Last-Modified", kLmOther } }, M::None, {}, "matches no stored entry");
    add("same instant, other date format", { stored(1, { { "Last-Modified", "Sunday, 06-Nov-94 08:49:37 GMT" } }) },
        { { "Last-Modified", kLm } }, M::WeakValidator, { 1 }, "weak");

    // 4. No validator at all
    add("no validators, single entry without validators", { stored(1, { { "Content-Type", "text/plain" } }) },
        { { "Date", at(3600) } }, M::NoValidator, { 1 }, "neither the 304 nor the only stored entry");
    add("no validator in the 304, the entry has one", { stored(1, { { "ETag", "\"a\"" } }) }, { { "Date", at(3600) } },
        M::None, {}, "browsers usually update it anyway");
    add("no validators, two entries", { stored(1, {}), stored(2, {}) }, { { "Date", at(3600) } }, M::None, {},
        "2 entries are stored");
    add("nothing stored", {}, { { "ETag", "\"a\"" } }, M::None, {}, "matches nothing");
    add("nothing stored, no validator", {}, {}, M::None, {}, "there is no stored entry");

    // Malformed entity tags (CacheScope leniency)
    add("httpbin: identical malformed ETag", { stored(1, { { "ETag", "abc" } }), stored(2, { { "ETag", "\"abc\"" } }) },
        { { "ETag", "abc" } }, M::MalformedEntityTag, { 1 }, "byte-identical");
    add("malformed ETag ignored, Last-Modified decides", { stored(1, { { "ETag", "xyz" }, { "Last-Modified", kLm } }) },
        { { "ETag", "abc" }, { "Date", at(3600) }, { "Last-Modified", kLm } }, M::StrongValidator, { 1 },
        "is malformed and matches no stored tag, so it is ignored");
    add("malformed ETag and nothing else", { stored(1, { { "ETag", "\"abc\"" } }) }, { { "ETag", "abc" } }, M::None, {},
        "is ignored");
    add("valid 304 tag never matches a malformed stored one", { stored(1, { { "ETag", "abc" } }) },
        { { "ETag", "\"abc\"" } }, M::None, {}, "forbids updating");
}

void TestNotModified::select()
{
    QFETCH(Case, c);
    const NotModifiedResult r = applyNotModified(notModified(c.response), c.entries);
    QCOMPARE(r.match, c.match);
    QCOMPARE(r.matched(), c.match != NotModifiedMatch::None);
    QList<qint64> ids;
    for (const UpdatedEntry &u : r.updated)
        ids.append(u.entry.id);
    QCOMPARE(ids, c.updatedIds);
    QVERIFY2(r.explanation.contains(c.explanation), qPrintable(r.explanation));
    if (!r.matched()) {
        QVERIFY(r.explanation.contains(QStringLiteral("matches nothing")));
        QCOMPARE(r.saved.bytes, 0);
    }
    QVERIFY(!notModifiedMatchName(r.match).isEmpty());
}

void TestNotModified::update_data()
{
    QTest::addColumn<HttpHeaders>("stored");
    QTest::addColumn<HttpHeaders>("incoming");
    QTest::addColumn<HttpHeaders>("expected");
    QTest::addColumn<QList<QByteArray>>("changed");
    QTest::addColumn<QList<QByteArray>>("skipped");
    using L = QList<QByteArray>;

    const HttpHeaders base {
        { "Date", "Mon, 01 Jun 2026 12:00:00 GMT" },
        { "Content-Type", "text/html" },
        { "Content-Length", "9700" },
        { "Content-Encoding", "gzip" },
        { "Cache-Control", "max-age=60" },
        { "ETag", "\"a\"" },
    };
    QTest::addRow("freshening: Date and Cache-Control replaced in place, new field appended")
        << base
        << HttpHeaders { { "Date", "Mon, 01 Jun 2026 13:00:00 GMT" }, { "Cache-Control", "max-age=600" },
               { "ETag", "\"a\"" }, { "X-New", "1" } }
        << HttpHeaders { { "Date", "Mon, 01 Jun 2026 13:00:00 GMT" }, { "Content-Type", "text/html" },
               { "Content-Length", "9700" }, { "Content-Encoding", "gzip" }, { "Cache-Control", "max-age=600" },
               { "ETag", "\"a\"" }, { "X-New", "1" } }
        << L { "Date", "Cache-Control", "X-New" } << L {};
    QTest::addRow("excluded fields are never copied")
        << base
        << HttpHeaders { { "Content-Length", "0" }, { "Content-Encoding", "br" }, { "Content-Range", "bytes 0-1/2" },
               { "Transfer-Encoding", "chunked" }, { "Connection", "keep-alive, X-Hop" }, { "Keep-Alive", "timeout=5" },
               { "X-Hop", "1" }, { "TE", "trailers" }, { "Upgrade", "h2c" }, { "Proxy-Connection", "close" },
               { "Proxy-Authenticate", "Basic" }, { "Proxy-Authentication-Info", "x" }, { "Proxy-Authorization", "y" } }
        << base << L {}
        << L { "Content-Length", "Content-Encoding", "Content-Range", "Transfer-Encoding", "Connection", "Keep-Alive",
               "X-Hop", "TE", "Upgrade", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authentication-Info",
               "Proxy-Authorization" };
    QTest::addRow("Content-Type is updated (CacheScope keeps raw bytes)")
        << base << HttpHeaders { { "Content-Type", "text/plain" } }
        << HttpHeaders { { "Date", "Mon, 01 Jun 2026 12:00:00 GMT" }, { "Content-Type", "text/plain" },
               { "Content-Length", "9700" }, { "Content-Encoding", "gzip" }, { "Cache-Control", "max-age=60" },
               { "ETag", "\"a\"" } }
        << L { "Content-Type" } << L {};
    QTest::addRow("fields named by no-cache are not stored")
        << HttpHeaders { { "Set-Cookie", "old=1" } }
        << HttpHeaders { { "Cache-Control", "no-cache=\"Set-Cookie\"" }, { "Set-Cookie", "new=2" } }
        << HttpHeaders { { "Set-Cookie", "old=1" }, { "Cache-Control", "no-cache=\"Set-Cookie\"" } }
        << L { "Cache-Control" } << L { "Set-Cookie" };
    QTest::addRow("several lines replace several lines")
        << HttpHeaders { { "Link", "<a>" }, { "X", "keep" }, { "Link", "<b>" } }
        << HttpHeaders { { "Link", "<c>" }, { "link", "<d>" }, { "link", "<e>" } }
        << HttpHeaders { { "Link", "<c>" }, { "link", "<d>" }, { "link", "<e>" }, { "X", "keep" } } << L { "Link" }
        << L {};
    QTest::addRow("same values: nothing changes, spelling kept")
        << HttpHeaders { { "cache-control", "max-age=60" }, { "ETag", "\"a\"" } }
        << HttpHeaders { { "Cache-Control", "max-age=60" }, { "ETAG", "\"a\"" } }
        << HttpHeaders { { "cache-control", "max-age=60" }, { "ETag", "\"a\"" } } << L {} << L {};
    QTest::addRow("names compare case-insensitively")
        << HttpHeaders { { "cache-control", "max-age=60" }, { "Vary", "Accept" } }
        << HttpHeaders { { "CACHE-CONTROL", "max-age=0" } }
        << HttpHeaders { { "CACHE-CONTROL", "max-age=0" }, { "Vary", "Accept" } } << L { "CACHE-CONTROL" } << L {};
    QTest::addRow("empty 304") << base << HttpHeaders {} << base << L {} << L {};
    QTest::addRow("empty stored") << HttpHeaders {} << HttpHeaders { { "Date", "x" }, { "Content-Length", "0" } }
                                  << HttpHeaders { { "Date", "x" } } << L { "Date" } << L { "Content-Length" };
    QTest::addRow("empty value is a value")
        << HttpHeaders { { "X-Note", "something" } } << HttpHeaders { { "X-Note", "" } }
        << HttpHeaders { { "X-Note", "" } } << L { "X-Note" } << L {};
}

void TestNotModified::update()
{
    QFETCH(HttpHeaders, stored);
    QFETCH(HttpHeaders, incoming);
    QFETCH(HttpHeaders, expected);
    QFETCH(QList<QByteArray>, changed);
    QFETCH(QList<QByteArray>, skipped);

    QList<HeaderChange> changes;
    QList<SkippedField> skips;
    const HttpHeaders result = updateStoredHeaders(stored, incoming, &changes, &skips);
    QCOMPARE(result.toWire(), expected.toWire());
    QList<QByteArray> changedNames;
    for (const HeaderChange &c : changes) {
        changedNames.append(c.name);
        QCOMPARE(c.before, stored.values(c.name));
        QCOMPARE(c.after, incoming.values(c.name));
        QVERIFY(c.before != c.after);
    }
    QCOMPARE(changedNames, changed);
    QList<QByteArray> skippedNames;
    for (const SkippedField &s : skips) {
        skippedNames.append(s.name);
        QVERIFY(!s.reason.isEmpty());
        QCOMPARE(s.reason, excludedFromUpdate(s.name, incoming));
    }
    QCOMPARE(skippedNames, skipped);
    QCOMPARE(updateStoredHeaders(stored, incoming).toWire(), expected.toWire()); // no report lists: same result
}

void TestNotModified::appliedEntry()
{
    const CacheEntry before = stored(
        7, { { "Date", at(0) }, { "ETag", "\"a\"" }, { "Cache-Control", "max-age=60" }, { "Content-Length", "9700" } });
    const NotModifiedResponse response { { { "Date", at(3600) }, { "ETag", "\"a\"" },
                                             { "Cache-Control", "max-age=600" }, { "Content-Length", "0" } },
        180, T0.addSecs(3599), T0.addSecs(3600) };
    const NotModifiedResult r = applyNotModified(response, { before });
    QCOMPARE(r.updated.size(), 1);
    const CacheEntry &after = r.updated.first().entry;
    QCOMPARE(after.responseHeaders.first("Date"), at(3600));
    QCOMPARE(after.responseHeaders.first("Cache-Control"), QByteArray("max-age=600"));
    QCOMPARE(after.responseHeaders.first("Content-Length"), QByteArray("9700"));
    QCOMPARE(after.requestTime, T0.addSecs(3599));
    QCOMPARE(after.responseTime, T0.addSecs(3600));
    QCOMPARE(after.lastValidated, T0.addSecs(3600));
    QCOMPARE(after.storedAt, before.storedAt);
    QCOMPARE(after.wireSize(), before.wireSize());
    QCOMPARE(after.body, before.body);
    QCOMPARE(after.id, before.id);
    QCOMPARE(r.updated.first().changes.size(), 2); // Date and Cache-Control
    QCOMPARE(r.skippedFields.size(), 1);
    QCOMPARE(r.skippedFields.first().name, QByteArray("Content-Length"));
    QCOMPARE(r.saved.bytes, 10000 - 180);

    // The building block gives the same entry for callers with their own selection rules.
    const UpdatedEntry alone = freshenStoredEntry(before, response);
    QCOMPARE(alone.entry.responseHeaders.toWire(), after.responseHeaders.toWire());
    QCOMPARE(alone.entry.responseTime, after.responseTime);
    QCOMPARE(alone.changes.size(), 2);

    // Without a response time the entry's clock is left alone.
    NotModifiedResponse untimed = response;
    untimed.requestTime = {};
    untimed.responseTime = {};
    const NotModifiedResult u = applyNotModified(untimed, { before });
    QCOMPARE(u.updated.first().entry.responseTime, before.responseTime);
    QVERIFY(u.updated.first().entry.lastValidated.isNull());
}

void TestNotModified::bytesSaved_data()
{
    QTest::addColumn<qint64>("headerSize");
    QTest::addColumn<qint64>("bodySize");
    QTest::addColumn<qint64>("notModifiedSize");
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<bool>("clamped");
    QTest::addColumn<QString>("explanation");

    QTest::addRow("typical") << qint64(300) << qint64(9700) << qint64(200) << qint64(9800) << false
                             << QStringLiteral("10000 B for the full response − 200 B for the 304 = 9800 B saved");
    QTest::addRow("equal sizes") << qint64(150) << qint64(0) << qint64(150) << qint64(0) << false
                                 << QStringLiteral("= 0 B saved");
    QTest::addRow("304 larger than the stored response") << qint64(100) << qint64(20) << qint64(400) << qint64(0)
                                                         << true << QStringLiteral("larger than the stored response");
    QTest::addRow("stored size unknown") << qint64(0) << qint64(0) << qint64(200) << qint64(0) << false
                                         << QStringLiteral("unknown");
    QTest::addRow("304 size unknown") << qint64(300) << qint64(700) << qint64(0) << qint64(1000) << false
                                      << QStringLiteral("counted as 0");
    QTest::addRow("negative 304 size") << qint64(300) << qint64(700) << qint64(-5) << qint64(1000) << false
                                       << QStringLiteral("counted as 0");
    QTest::addRow("huge body") << qint64(300) << qint64(5'000'000'000) << qint64(200) << qint64(5'000'000'100) << false
                               << QStringLiteral("saved");
}

void TestNotModified::bytesSaved()
{
    QFETCH(qint64, headerSize);
    QFETCH(qint64, bodySize);
    QFETCH(qint64, notModifiedSize);
    QFETCH(qint64, bytes);
    QFETCH(bool, clamped);
    QFETCH(QString, explanation);
    CacheEntry e;
    e.headerWireSize = headerSize;
    e.bodyWireSize = bodySize;
    const BytesSaved s = computeBytesSaved(e, notModifiedSize);
    QCOMPARE(s.bytes, bytes);
    QVERIFY(s.bytes >= 0);
    QCOMPARE(s.clamped, clamped);
    QCOMPARE(s.storedSize, headerSize + bodySize);
    QVERIFY2(s.explanation.contains(explanation), qPrintable(s.explanation));
}

void TestNotModified::savedUsesMostRecent()
{
    CacheEntry older = stored(1, { { "ETag", "\"a\"" } }, 0);
    CacheEntry newer = stored(2, { { "ETag", "\"a\"" } }, 100);
    newer.bodyWireSize = 100; // a smaller, more recent copy: that is what a miss would download now
    const NotModifiedResult r = applyNotModified(notModified({ { "ETag", "\"a\"" } }), { older, newer });
    QCOMPARE(r.updated.size(), 2);
    QCOMPARE(r.saved.storedSize, 400);
    QCOMPARE(r.saved.bytes, 200);
}

QTEST_GUILESS_MAIN(TestNotModified)
#include "tst_notmodified.moc"
