#include "cache/freshness.h"
#include "http/httpdate.h"

#include <limits>
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

// Every row runs on this fixed clock; offsets are seconds from it.
const QDateTime T0 = utc(2026, 6, 1, 12, 0, 0);

QByteArray at(qint64 offset)
{
    return formatHttpDate(T0.addSecs(offset));
}

struct Case
{
    HttpHeaders headers;
    int status = 200;
    qint64 request = 0; // request time, offset from T0 (kUnset: leave null)
    qint64 response = 0;
    qint64 now = 0;
    // expectations
    FreshnessSource source = FreshnessSource::None;
    qint64 lifetime = 0;
    qint64 currentAge = 0;
    bool fresh = false;
    QString summary; // exact
    QString explanation; // substring of lifetimeExplanation
    QString note; // substring of the joined notes; empty: not checked
    FreshnessOptions options {};
};

constexpr qint64 kUnset = std::numeric_limits<qint64>::min();

CacheEntry entryFor(const Case &c)
{
    CacheEntry e;
    e.url = QUrl(QStringLiteral("https://example.test/a"));
    e.status = c.status;
    e.responseHeaders = c.headers;
    if (c.request != kUnset)
        e.requestTime = T0.addSecs(c.request);
    if (c.response != kUnset)
        e.responseTime = T0.addSecs(c.response);
    return e;
}

} // namespace

Q_DECLARE_METATYPE(Case)

namespace {

void add(const char *name, const HttpHeaders &headers, int status, qint64 request, qint64 response, qint64 now,
    FreshnessSource source, qint64 lifetime, qint64 currentAge, bool fresh, const QString &summary,
    const QString &explanation, const QString &note = {}, FreshnessOptions options = {})
{
    Case c;
    c.headers = headers;
    c.status = status;
    c.request = request;
    c.response = response;
    c.now = now;
    c.source = source;
    c.lifetime = lifetime;
    c.currentAge = currentAge;
    c.fresh = fresh;
    c.summary = summary;
    c.explanation = explanation;
    c.note = note;
    c.options = options;
    QTest::addRow("%s", name) << c;
}

} // namespace

class TestFreshness : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void compute_data();
    void compute();
    void ageSteps();
    void missingTimes();
    void flags();
    void heuristicStatusCodes();
    void duration_data();
    void duration();
};

void TestFreshness::compute_data()
{
    QTest::addColumn<Case>("c");
    using S = FreshnessSource;
    const auto str = [](const char *s) { return QString::fromUtf8(s); };

    // max-age
    add("max-age, fresh (4 min 12 s left)", { { "Date", at(0) }, { "Cache-Control", "max-age=600" } }, 200, 0, 0, 348,
        S::MaxAge, 600, 348, true, str("fresh for 4 min 12 s"), str("max-age=600 (10 min)"));
    add("max-age, stale by 3 s", { { "Date", at(0) }, { "Cache-Control", "max-age=60" } }, 200, 0, 0, 63, S::MaxAge, 60,
        63, false, str("stale by 3 s"), str("max-age=60"));
    add("age equal to lifetime is stale", { { "Date", at(0) }, { "Cache-Control", "max-age=60" } }, 200, 0, 0, 60,
        S::MaxAge, 60, 60, false, str("stale by 0 s"), str("max-age=60"));
    add("max-age=0", { { "Date", at(0) }, { "Cache-Control", "max-age=0" } }, 200, 0, 0, 0, S::MaxAge, 0, 0, false,
        str("stale by 0 s"), str("max-age=0"));
    add("max-age wins over Expires", { { "Date", at(0) }, { "Expires", at(3600) }, { "Cache-Control", "max-age=10" } },
        200, 0, 0, 5, S::MaxAge, 10, 5, true, str("fresh for 5 s"), str("max-age=10"), str("Expires is ignored"));
    add("invalid max-age is stale, Expires not used",
        { { "Date", at(0) }, { "Expires", at(3600) }, { "Cache-Control", "max-age=abc" } }, 200, 0, 0, 5, S::MaxAge, 0,
        5, false, str("stale by 5 s"), str("treated as stale"), str("digits only"));
    add("conflicting max-age is stale", { { "Date", at(0) }, { "Cache-Control", "max-age=600, max-age=60" } }, 200, 0,
        0, 1, S::MaxAge, 0, 1, false, str("stale by 1 s"), str("contradicts itself"), str("different values"));
    add("quoted max-age accepted", { { "Date", at(0) }, { "Cache-Control", "max-age=\"60\"" } }, 200, 0, 0, 0,
        S::MaxAge, 60, 0, true, str("fresh for 1 min"), str("max-age=60"), str("token form"));
    add("huge max-age capped at 2^31", { { "Date", at(0) }, { "Cache-Control", "max-age=99999999999" } }, 200, 0, 0, 0,
        S::MaxAge, 2147483648, 0, true, str("fresh for 24855 days 3 h"), str("max-age=2147483648"));
    add("s-maxage ignored by a private cache", { { "Date", at(0) }, { "Cache-Control", "s-maxage=600, max-age=60" } },
        200, 0, 0, 100, S::MaxAge, 60, 100, false, str("stale by 40 s"), str("max-age=60"), str("s-maxage is ignored"));

    // Expires
    add("Expires − Date", { { "Date", at(0) }, { "Expires", at(3600) } }, 200, 0, 0, 600, S::Expires, 3600, 600, true,
        str("fresh for 50 min"), str("Expires − Date = 1 h"));
    add("Expires before Date", { { "Date", at(0) }, { "Expires", at(-60) } }, 200, 0, 0, 0, S::Expires, 0, 0, false,
        str("stale by 0 s"), str("1 min before the Date"));
    add("Expires: 0 is already expired", { { "Date", at(0) }, { "Expires", "0" } }, 200, 0, 0, 0, S::Expires, 0, 0,
        false, str("stale by 0 s"), str("already expired"));
    add("conflicting Expires lines", { { "Date", at(0) }, { "Expires", at(60) }, { "Expires", at(3600) } }, 200, 0, 0,
        0, S::Expires, 0, 0, false, str("stale by 0 s"), str("different values"));
    add("Expires in RFC 850 format", { { "Date", at(0) }, { "Expires", "Monday, 01-Jun-26 13:00:00 GMT" } }, 200, 0, 0,
        0, S::Expires, 3600, 0, true, str("fresh for 1 h"), str("Expires − Date = 1 h"), str("obsolete RFC 850"));
    add("Expires without Date uses the response time", { { "Expires", at(100) } }, 200, 0, 0, 10, S::Expires, 100, 10,
        true, str("fresh for 1 min 30 s"), str("Expires − response time (no Date)"), str("no Date"));
    add("Expires far past 2038", { { "Date", at(0) }, { "Expires", "Fri, 01 Jan 2100 00:00:00 GMT" } }, 200, 0, 0, 0,
        S::Expires, T0.secsTo(utc(2100, 1, 1)), 0, true, str("fresh for 26876 days 12 h"), str("Expires − Date"));

    // Heuristic (RFC 9111 §4.2.2)
    add("heuristic: 10% of 2 days", { { "Date", at(0) }, { "Last-Modified", at(-2 * 86400) } }, 200, 0, 0, 0,
        S::Heuristic, 17280, 0, true, str("fresh for 4 h 48 min"),
        str("heuristic: 10% of the time since Last-Modified (2 days) = 4 h 48 min"));
    add("heuristic capped at a week", { { "Date", at(0) }, { "Last-Modified", at(-200 * 86400) } }, 200, 0, 0, 0,
        S::Heuristic, 7 * 86400, 0, true, str("fresh for 7 days"), str("= 20 days, capped at 7 days"));
    add("heuristic without cap", { { "Date", at(0) }, { "Last-Modified", at(-200 * 86400) } }, 200, 0, 0, 0,
        S::Heuristic, 20 * 86400, 0, true, str("fresh for 20 days"), str("= 20 days"), {}, { 0.10, 0 });
    add("heuristic at 25%", { { "Date", at(0) }, { "Last-Modified", at(-4000) } }, 200, 0, 0, 0, S::Heuristic, 1000, 0,
        true, str("fresh for 16 min 40 s"), str("25% of the time"), {}, { 0.25, 0 });
    add("heuristic fraction out of range", { { "Date", at(0) }, { "Last-Modified", at(-1000) } }, 200, 0, 0, 0,
        S::Heuristic, 100, 0, true, str("fresh for 1 min 40 s"), str("10%"), str("out of range"), { 5.0, 0 });
    add("heuristic for 404", { { "Date", at(0) }, { "Last-Modified", at(-1000) } }, 404, 0, 0, 0, S::Heuristic, 100, 0,
        true, str("fresh for 1 min 40 s"), str("heuristic"));
    add("no heuristic for 302", { { "Date", at(0) }, { "Last-Modified", at(-1000) } }, 302, 0, 0, 0, S::None, 0, 0,
        false, str("stale by 0 s"), str("status 302 is not heuristically cacheable"));
    add("302 marked public gets a heuristic",
        { { "Date", at(0) }, { "Last-Modified", at(-1000) }, { "Cache-Control", "public" } }, 302, 0, 0, 0,
        S::Heuristic, 100, 0, true, str("fresh for 1 min 40 s"), str("heuristic"), str("public marks"));
    add("302 marked private gets a heuristic",
        { { "Date", at(0) }, { "Last-Modified", at(-1000) }, { "Cache-Control", "private" } }, 302, 0, 0, 0,
        S::Heuristic, 100, 0, true, str("fresh for 1 min 40 s"), str("heuristic"), str("private marks"));
    add("no Last-Modified, no heuristic", { { "Date", at(0) } }, 200, 0, 0, 0, S::None, 0, 0, false,
        str("stale by 0 s"), str("no max-age, Expires or Last-Modified"));
    add("invalid Last-Modified, no heuristic", { { "Date", at(0) }, { "Last-Modified", "yesterday" } }, 200, 0, 0, 0,
        S::None, 0, 0, false, str("stale by 0 s"), str("'yesterday'"));
    add("Last-Modified after Date", { { "Date", at(0) }, { "Last-Modified", at(60) } }, 200, 0, 0, 0, S::Heuristic, 0,
        0, false, str("stale by 0 s"), str("not before Date"));
    add("heuristic without Date uses the response time", { { "Last-Modified", at(-1000) } }, 200, 0, 0, 0, S::Heuristic,
        100, 0, true, str("fresh for 1 min 40 s"), str("(16 min 40 s)"), str("no Date"));

    // Age (RFC 9111 §4.2.3) and odd clocks
    add("Age larger than the lifetime", { { "Date", at(0) }, { "Age", "7200" }, { "Cache-Control", "max-age=3600" } },
        200, 0, 0, 0, S::MaxAge, 3600, 7200, false, str("stale by 1 h"), str("max-age=3600"));
    add("invalid Age ignored", { { "Date", at(0) }, { "Age", "-5" }, { "Cache-Control", "max-age=60" } }, 200, 0, 0, 10,
        S::MaxAge, 60, 10, true, str("fresh for 50 s"), str("max-age=60"), str("ignored, age_value = 0"));
    add("clock skew: Date in the future", { { "Date", at(3600) }, { "Cache-Control", "max-age=60" } }, 200, 0, 0, 30,
        S::MaxAge, 60, 30, true, str("fresh for 30 s"), str("max-age=60"), str("server clock is ahead"));
    add("Date in the future does not stretch Expires", { { "Date", at(3600) }, { "Expires", at(3660) } }, 200, 0, 0, 30,
        S::Expires, 60, 30, true, str("fresh for 30 s"), str("Expires − Date = 1 min"));
    add("Date in the past counts as apparent age", { { "Date", at(-100) }, { "Cache-Control", "max-age=300" } }, 200, 0,
        0, 0, S::MaxAge, 300, 100, true, str("fresh for 3 min 20 s"), str("max-age=300"));
    add("invalid Date uses the response time", { { "Date", "garbage" }, { "Cache-Control", "max-age=60" } }, 200, 0, 0,
        10, S::MaxAge, 60, 10, true, str("fresh for 50 s"), str("max-age=60"), str("response time is used instead"));
    add("now before the response time", { { "Date", at(0) }, { "Cache-Control", "max-age=60" } }, 200, 0, 0, -30,
        S::MaxAge, 60, 0, true, str("fresh for 1 min"), str("max-age=60"), str("resident_time is taken as 0"));
    add("request after response", { { "Date", at(0) }, { "Cache-Control", "max-age=60" } }, 200, 10, 0, 0, S::MaxAge,
        60, 0, true, str("fresh for 1 min"), str("max-age=60"), str("response_delay is taken as 0"));

    // Directives that change the verdict's wording
    add("no-cache while fresh", { { "Date", at(0) }, { "Cache-Control", "max-age=600, no-cache" } }, 200, 0, 0, 0,
        S::MaxAge, 600, 0, true, str("fresh for 10 min; no-cache: revalidate before every reuse"), str("max-age=600"));
    add("must-revalidate when stale", { { "Date", at(0) }, { "Cache-Control", "max-age=60, must-revalidate" } }, 200, 0,
        0, 120, S::MaxAge, 60, 120, false, str("stale by 1 min; must-revalidate: not reusable until revalidated"),
        str("max-age=60"));
    add("Pragma in a response is only a note", { { "Date", at(0) }, { "Expires", at(60) }, { "Pragma", "no-cache" } },
        200, 0, 0, 0, S::Expires, 60, 0, true, str("fresh for 1 min"), str("Expires"),
        str("Pragma: no-cache in a response"));
}

void TestFreshness::compute()
{
    QFETCH(Case, c);
    const Freshness f = computeFreshness(entryFor(c), T0.addSecs(c.now), c.options);
    QVERIFY2(f.valid, qPrintable(f.problem));
    QCOMPARE(f.source, c.source);
    QCOMPARE(f.lifetime, c.lifetime);
    QCOMPARE(f.currentAge, c.currentAge);
    QCOMPARE(f.fresh, c.fresh);
    QCOMPARE(f.fresh ? f.freshFor : -f.staleBy, c.lifetime - c.currentAge);
    QCOMPARE(f.summary, c.summary);
    QVERIFY2(f.lifetimeExplanation.contains(c.explanation), qPrintable(f.lifetimeExplanation));
    if (!c.note.isEmpty())
        QVERIFY2(f.notes.join(u'|').contains(c.note), qPrintable(f.notes.join(u'|')));
    QCOMPARE(f.reusableWithoutRevalidation(), c.fresh && !f.noCache);
}

void TestFreshness::ageSteps()
{
    // RFC 9111 §4.2.3 step by step: request sent 2 s before the response arrived, Age 10 from an upstream
    // cache, Date 5 s before arrival, looked at 8 s after arrival.
    Case c;
    c.headers = { { "Date", at(-5) }, { "Age", "10" }, { "Cache-Control", "max-age=60" } };
    c.request = -2;
    c.response = 0;
    const Freshness f = computeFreshness(entryFor(c), T0.addSecs(8));
    QVERIFY(f.valid);
    QVERIFY(f.dateFromHeader);
    QCOMPARE(f.dateValue, T0.addSecs(-5));
    QCOMPARE(f.ageValue, 10);
    QCOMPARE(f.apparentAge, 5); // max(0, response_time − date_value)
    QCOMPARE(f.responseDelay, 2); // response_time − request_time
    QCOMPARE(f.correctedAgeValue, 12); // age_value + response_delay
    QCOMPARE(f.correctedInitialAge, 12); // max(apparent_age, corrected_age_value)
    QCOMPARE(f.residentTime, 8); // now − response_time
    QCOMPARE(f.currentAge, 20);
    QCOMPARE(f.freshFor, 40);
    QCOMPARE(f.requestTime, T0.addSecs(-2));
    QCOMPARE(f.responseTime, T0);
    QCOMPARE(f.now, T0.addSecs(8));

    // Without Age, an old Date wins over the transit delay.
    c.headers = { { "Date", at(-30) }, { "Cache-Control", "max-age=60" } };
    const Freshness g = computeFreshness(entryFor(c), T0);
    QCOMPARE(g.apparentAge, 30);
    QCOMPARE(g.correctedAgeValue, 2);
    QCOMPARE(g.correctedInitialAge, 30);
    QCOMPARE(g.currentAge, 30);
}

void TestFreshness::missingTimes()
{
    Case c;
    c.headers = { { "Date", at(0) }, { "Cache-Control", "max-age=60" } };
    c.request = kUnset;
    const Freshness noRequest = computeFreshness(entryFor(c), T0.addSecs(10));
    QVERIFY(noRequest.valid);
    QCOMPARE(noRequest.responseDelay, 0);
    QVERIFY(noRequest.notes.join(u'|').contains(QStringLiteral("request time unknown")));

    c.response = kUnset;
    CacheEntry stored = entryFor(c);
    stored.storedAt = T0;
    const Freshness fromStoredAt = computeFreshness(stored, T0.addSecs(10));
    QVERIFY(fromStoredAt.valid);
    QCOMPARE(fromStoredAt.currentAge, 10);
    QVERIFY(fromStoredAt.notes.join(u'|').contains(QStringLiteral("storage time is used")));

    const Freshness none = computeFreshness(entryFor(c), T0);
    QVERIFY(!none.valid);
    QVERIFY(none.problem.contains(QStringLiteral("cannot be computed")));
    QVERIFY(!none.reusableWithoutRevalidation());

    const Freshness noNow = computeFreshness(stored, QDateTime());
    QVERIFY(!noNow.valid);
    QVERIFY(!noNow.problem.isEmpty());
}

void TestFreshness::flags()
{
    Case c;
    c.headers = { { "Date", at(0) },
        { "Cache-Control",
            "max-age=60, immutable, stale-while-revalidate=30, stale-if-error=600, no-cache=\"Set-Cookie\", "
            "proxy-revalidate" } };
    const Freshness f = computeFreshness(entryFor(c), T0);
    QVERIFY(f.immutable);
    QCOMPARE(f.staleWhileRevalidate, 30);
    QCOMPARE(f.staleIfError, 600);
    QVERIFY(!f.noCache); // qualified: only the listed fields need revalidation
    QCOMPARE(f.noCacheFields, QList<QByteArray> { "set-cookie" });
    QVERIFY(f.reusableWithoutRevalidation());
    QVERIFY(f.notes.join(u'|').contains(QStringLiteral("proxy-revalidate is ignored")));
    QVERIFY(f.notes.join(u'|').contains(QStringLiteral("set-cookie")));
    QVERIFY(!f.mustRevalidate);

    c.headers = { { "Date", at(0) }, { "Cache-Control", "max-age=60, stale-while-revalidate=x" } };
    QCOMPARE(computeFreshness(entryFor(c), T0).staleWhileRevalidate, -1);
}

void TestFreshness::heuristicStatusCodes()
{
    const QList<int> yes { 200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501 };
    for (int status = 0; status < 1000; ++status)
        QCOMPARE(isHeuristicallyCacheable(status), yes.contains(status));
}

void TestFreshness::duration_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::addRow("zero") << qint64(0) << QStringLiteral("0 s");
    QTest::addRow("59") << qint64(59) << QStringLiteral("59 s");
    QTest::addRow("60") << qint64(60) << QStringLiteral("1 min");
    QTest::addRow("252") << qint64(252) << QStringLiteral("4 min 12 s");
    QTest::addRow("3600") << qint64(3600) << QStringLiteral("1 h");
    QTest::addRow("17280") << qint64(17280) << QStringLiteral("4 h 48 min");
    QTest::addRow("seconds dropped past an hour") << qint64(3661) << QStringLiteral("1 h 1 min");
    QTest::addRow("one day") << qint64(86400) << QStringLiteral("1 day");
    QTest::addRow("two days") << qint64(172800) << QStringLiteral("2 days");
    QTest::addRow("two days three hours") << qint64(183600) << QStringLiteral("2 days 3 h");
    QTest::addRow("negative") << qint64(-3) << QStringLiteral("-3 s");
    QTest::addRow("2^31") << qint64(2147483648) << QStringLiteral("24855 days 3 h");
    QTest::addRow("lowest qint64") << std::numeric_limits<qint64>::min() << QStringLiteral("-106751991167300 days 15 h");
}

void TestFreshness::duration()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(formatDuration(seconds), text);
}

QTEST_GUILESS_MAIN(TestFreshness)
#include "tst_freshness.moc"
