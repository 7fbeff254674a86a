#include "browser/browserpolicy.h"
#include "http/httpdate.h"

#include <QTimeZone>
#include <QtTest>

using namespace CacheScope;

namespace {

const QDateTime T0 = QDateTime(QDate(2026, 3, 1), QTime(12, 0, 0), QTimeZone::utc());

CacheEntry storedAt(const HttpHeaders &responseHeaders, int status = 200)
{
    CacheEntry entry;
    entry.id = 1;
    entry.url = QUrl(QStringLiteral("http://127.0.0.1/r"));
    entry.status = status;
    entry.responseHeaders = responseHeaders;
    entry.responseHeaders.append("Date", formatHttpDate(T0));
    entry.requestTime = T0;
    entry.responseTime = T0;
    entry.body = "body";
    return entry;
}

} // namespace

class TestBrowserPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void plan_data();
    void plan();
    void invalidationTargets_data();
    void invalidationTargets();
    void servedFromStoreCarriesAge();
};

void TestBrowserPolicy::plan_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<HttpHeaders>("request");
    QTest::addColumn<QList<CacheEntry>>("stored");
    QTest::addColumn<qint64>("at");
    QTest::addColumn<int>("action");
    QTest::addColumn<QString>("reason");

    const QList<CacheEntry> fresh60 { storedAt({ { "Cache-Control", "max-age=60" }, { "ETag", "\"a\"" } }) };
    using A = BrowserPlanAction;
    QTest::addRow("fresh") << QByteArray("GET") << HttpHeaders() << fresh60 << qint64(12) << int(A::UseStored)
                           << QStringLiteral("fresh: max-age=60 (1 min), age 12 s");
    QTest::addRow("stale with ETag") << QByteArray("GET") << HttpHeaders() << fresh60 << qint64(61)
                                     << int(A::Revalidate) << QStringLiteral("stale by 1 s");
    QTest::addRow("lower-case method") << QByteArray("get") << HttpHeaders() << fresh60 << qint64(1)
                                       << int(A::UseStored) << QStringLiteral("fresh");
    QTest::addRow("empty store") << QByteArray("GET") << HttpHeaders() << QList<CacheEntry>() << qint64(0)
                                 << int(A::Fetch) << QStringLiteral("nothing stored");
    QTest::addRow("unknown method") << QByteArray("BREW") << HttpHeaders() << fresh60 << qint64(0) << int(A::Bypass)
                                    << QStringLiteral("BREW");
    QTest::addRow("OPTIONS") << QByteArray("OPTIONS") << HttpHeaders() << fresh60 << qint64(0) << int(A::Bypass)
                             << QStringLiteral("only GET and HEAD");
    QTest::addRow("malformed request max-age is 0")
        << QByteArray("GET") << HttpHeaders { { "Cache-Control", "max-age=abc" } } << fresh60 << qint64(1)
        << int(A::Revalidate) << QStringLiteral("invalid");
    QTest::addRow("max-stale without value accepts any staleness")
        << QByteArray("GET") << HttpHeaders { { "Cache-Control", "max-stale" } } << fresh60 << qint64(100000)
        << int(A::UseStored) << QStringLiteral("max-stale");
    QTest::addRow("only-if-cached and no-cache: 504")
        << QByteArray("GET") << HttpHeaders { { "Cache-Control", "only-if-cached, no-cache" } } << fresh60 << qint64(1)
        << int(A::Unavailable) << QStringLiteral("504");
    QTest::addRow("stale without validator: fetch")
        << QByteArray("GET") << HttpHeaders() << QList<CacheEntry> { storedAt({ { "Cache-Control", "max-age=1" } }) }
        << qint64(5) << int(A::Fetch) << QStringLiteral("no ETag or Last-Modified");
    QTest::addRow("stored 206 is never used")
        << QByteArray("GET") << HttpHeaders()
        << QList<CacheEntry> { storedAt({ { "Cache-Control", "max-age=60" } }, 206) } << qint64(1) << int(A::Fetch)
        << QStringLiteral("miss");
    QTest::addRow("Vary: * misses") << QByteArray("GET") << HttpHeaders()
                                    << QList<CacheEntry> { storedAt(
                                           { { "Cache-Control", "max-age=60" }, { "Vary", "*" } }) }
                                    << qint64(1) << int(A::Fetch) << QStringLiteral("Vary: *");
    QTest::addRow("entry without times") << QByteArray("GET") << HttpHeaders() <<
        [] {
            CacheEntry e = storedAt({ { "Cache-Control", "max-age=60" }, { "ETag", "\"a\"" } });
            e.responseTime = {};
            e.requestTime = {};
            return QList<CacheEntry> { e };
        }() << qint64(1) << int(A::Revalidate)
                                         << QStringLiteral("age cannot be computed");
    QTest::addRow("swr with request max-age: no stale")
        << QByteArray("GET") << HttpHeaders { { "Cache-Control", "max-age=1000" } }
        << QList<CacheEntry> { storedAt(
               { { "Cache-Control", "max-age=1, stale-while-revalidate=100" }, { "ETag", "\"a\"" } }) }
        << qint64(5) << int(A::Revalidate) << QStringLiteral("stale by 4 s");
}

void TestBrowserPolicy::plan()
{
    QFETCH(QByteArray, method);
    QFETCH(HttpHeaders, request);
    QFETCH(QList<CacheEntry>, stored);
    QFETCH(qint64, at);
    QFETCH(int, action);
    QFETCH(QString, reason);
    const BrowserPlan plan = planRequest(method, request, stored, T0.addSecs(at));
    QVERIFY2(plan.reason.contains(reason), qPrintable(plan.reason));
    QCOMPARE(int(plan.action), action);
    if (plan.action == BrowserPlanAction::Revalidate)
        QVERIFY(plan.conditional.isConditional());
}

void TestBrowserPolicy::invalidationTargets_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<HttpHeaders>("response");
    QTest::addColumn<QStringList>("expected");
    const QString t = QStringLiteral("http://h.test/a/b");
    QTest::addRow("target only") << t << HttpHeaders() << QStringList { t };
    QTest::addRow("relative Location") << t << HttpHeaders { { "Location", "c" } }
                                       << QStringList { t, QStringLiteral("http://h.test/a/c") };
    QTest::addRow("Content-Location with fragment")
        << t << HttpHeaders { { "Content-Location", "/x#f" } } << QStringList { t, QStringLiteral("http://h.test/x") };
    QTest::addRow("other host ignored") << t << HttpHeaders { { "Location", "http://evil.test/a/b" } }
                                        << QStringList { t };
    QTest::addRow("other port ignored") << t << HttpHeaders { { "Location", "http://h.test:8080/a" } }
                                        << QStringList { t };
    QTest::addRow("other scheme ignored")
        << t << HttpHeaders { { "Location", "https://h.test/a" } } << QStringList { t };
    QTest::addRow("explicit default port is the same origin")
        << t << HttpHeaders { { "Location", "http://h.test:80/z" } }
        << QStringList { t, QStringLiteral("http://h.test:80/z") };
    QTest::addRow("same URL twice") << t << HttpHeaders { { "Location", "/a/b" }, { "Content-Location", "b" } }
                                    << QStringList { t };
    QTest::addRow("garbage Location") << t << HttpHeaders { { "Location", "http://[::1" } } << QStringList { t };
    QTest::addRow("empty Location") << t << HttpHeaders { { "Location", "  " } } << QStringList { t };
}

void TestBrowserPolicy::invalidationTargets()
{
    QFETCH(QString, target);
    QFETCH(HttpHeaders, response);
    QFETCH(QStringList, expected);
    QStringList got;
    for (const QUrl &url : CacheScope::invalidationTargets(QUrl(target), response))
        got.append(url.toString());
    QCOMPARE(got, expected);
}

void TestBrowserPolicy::servedFromStoreCarriesAge()
{
    CacheEntry entry = storedAt({ { "Cache-Control", "max-age=60" }, { "Age", "3" }, { "Set-Cookie", "a" } });
    const Freshness freshness = computeFreshness(entry, T0.addSecs(10));
    Request get;
    get.url = entry.url;
    const Exchange exchange = exchangeFromStore(get, entry, freshness, { "set-cookie" }, T0.addSecs(10));
    QCOMPARE(exchange.responseHeaders.values("Age"), QList<QByteArray> { "13" });
    QVERIFY(!exchange.responseHeaders.contains("Set-Cookie"));
    QCOMPARE(exchange.body, QByteArray("body"));
    Request head = get;
    head.method = "HEAD";
    QVERIFY(exchangeFromStore(head, entry, freshness, {}, T0).body.isEmpty());
    const Exchange timeout = gatewayTimeoutExchange(get, QStringLiteral("why"), T0);
    QCOMPARE(timeout.status, 504);
    QVERIFY(timeout.ok());
}

QTEST_GUILESS_MAIN(TestBrowserPolicy)
#include "tst_browserpolicy.moc"
