// explainHeaderValue(): what this value of a caching header means, line by line, for hostile values too.
#include "diagnostics/headerexplanation.h"
#include "http/entitytag.h"
#include "http/httpdate.h"

#include <QTest>
#include <QTimeZone>

using namespace CacheScope;

namespace {

using Side = HeaderExplanationContext::Side;

const QDateTime T0(QDate(2026, 6, 1), QTime(12, 0), QTimeZone::utc());
constexpr qint64 Hour = 3600;
constexpr qint64 Day = 24 * Hour;

QByteArray at(qint64 offset)
{
    return formatHttpDate(T0.addSecs(offset));
}

struct Row
{
    QByteArray name;
    QByteArray value;
    HttpHeaders others; // the rest of the message; the field itself is added to it
    Side side = Side::Response;
    int status = 200;
    QStringList expected;
};

} // namespace

Q_DECLARE_METATYPE(Row)

class TestHeaderExplanation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void explain_data();
    void explain();
    void cachingFields_data();
    void cachingFields();
    void hugeValueIsShortened();
    void expiresWithoutAnyTime();
};

void TestHeaderExplanation::explain_data()
{
    QTest::addColumn<Row>("row");
    const HttpHeaders withDate { { "Date", at(0) } };
    const QString stale = QStringLiteral("a cache treats the response as stale");
    const QString lmTail
        = QStringLiteral("sent back as If-Modified-Since to revalidate: unchanged since then gives a 304");

    // Cache-Control, response
    QTest::addRow("max-age=600") << Row { "Cache-Control", "max-age=600", {}, Side::Response, 200,
        { QStringLiteral("max-age=600: fresh for 10 min after it was generated") } };
    QTest::addRow("no-cache") << Row { "Cache-Control", "no-cache", {}, Side::Response, 200,
        { QStringLiteral("no-cache: may be stored, must be revalidated before every reuse") } };
    QTest::addRow("max-age=0, must-revalidate") << Row { "Cache-Control", "max-age=0, must-revalidate", {},
        Side::Response, 200,
        { QStringLiteral("max-age=0: stale as soon as it is received: every reuse needs a revalidation"),
            QStringLiteral("must-revalidate: once stale, it must not be served without a successful revalidation (no "
                           "serving stale on errors or on a client's max-stale)") } };
    QTest::addRow("max-age=abc") << Row { "Cache-Control", "max-age=abc", {}, Side::Response, 200,
        { QStringLiteral("max-age=abc: not a valid number of seconds: ") + stale } };
    QTest::addRow("max-age=-1") << Row { "Cache-Control", "max-age=-1", {}, Side::Response, 200,
        { QStringLiteral("max-age=-1: not a valid number of seconds: ") + stale } };
    QTest::addRow("max-age without value") << Row { "Cache-Control", "max-age", {}, Side::Response, 200,
        { QStringLiteral("max-age: needs a number of seconds: ") + stale } };
    QTest::addRow("duplicated, different values") << Row { "Cache-Control", "max-age=60, max-age=120", {},
        Side::Response, 200, { QStringLiteral("max-age=60, max-age=120: repeated with different values: ") + stale } };
    QTest::addRow("duplicated, same value") << Row { "Cache-Control", "max-age=60, MAX-AGE=60", {}, Side::Response, 200,
        { QStringLiteral("max-age=60, MAX-AGE=60: fresh for 1 min after it was generated") } };
    QTest::addRow("huge max-age") << Row { "Cache-Control", "max-age=99999999999999999999999", {}, Side::Response, 200,
        { QStringLiteral("max-age=99999999999999999999999: fresh for about 68 years (the 2^31 s ceiling caches apply) "
                         "after it was generated") } };
    QTest::addRow("quoted max-age") << Row { "Cache-Control", "max-age=\"30\"", {}, Side::Response, 200,
        { QStringLiteral("max-age=\"30\": fresh for 30 s after it was generated") } };
    QTest::addRow("qualified no-cache") << Row { "Cache-Control", "no-cache=\"Set-Cookie\"", {}, Side::Response, 200,
        { QStringLiteral("no-cache=\"Set-Cookie\": may be reused without revalidation, but not these fields: "
                         "set-cookie") } };
    QTest::addRow("private, s-maxage") << Row { "Cache-Control", "private, s-maxage=3600", {}, Side::Response, 200,
        { QStringLiteral("private: only a private cache (the browser's own) may store it; shared caches must not"),
            QStringLiteral("s-maxage=3600: shared caches (CDNs, proxies) keep it fresh for 1 h and ignore max-age and "
                           "Expires; a browser's private cache ignores s-maxage") } };
    QTest::addRow("no-store with max-age") << Row { "Cache-Control", "no-store, max-age=60", {}, Side::Response, 200,
        { QStringLiteral("no-store: must not be stored by any cache: every request goes to the origin"),
            QStringLiteral("max-age=60: fresh for 1 min after it was generated"),
            QStringLiteral("no-store wins over the directives that would allow storing") } };
    QTest::addRow("swr and immutable") << Row { "Cache-Control", "immutable, stale-while-revalidate=86400", {},
        Side::Response, 200,
        { QStringLiteral("immutable: the content will not change while fresh: browsers skip revalidation, even on "
                         "reload"),
            QStringLiteral("stale-while-revalidate=86400: for 1 day after it goes stale, a cache may still serve it "
                           "while it revalidates in the background") } };
    QTest::addRow("unknown extension") << Row { "Cache-Control", "x-foo=1", {}, Side::Response, 200,
        { QStringLiteral("x-foo=1: unrecognized directive; caches ignore it (RFC 9111 §5.2.3)") } };
    QTest::addRow("request directive in a response")
        << Row { "Cache-Control", "only-if-cached", {}, Side::Response, 200,
               { QStringLiteral("only-if-cached: only-if-cached is a request directive; it has no meaning in a "
                                "response") } };
    QTest::addRow("empty Cache-Control") << Row { "Cache-Control", " , ,", {}, Side::Response, 200,
        { QStringLiteral("lists no directive: it changes nothing") } };

    // Cache-Control, request
    QTest::addRow("request max-age=0") << Row { "Cache-Control", "max-age=0", {}, Side::Request, 0,
        { QStringLiteral("max-age=0: the client takes no stored response without revalidating it (what a reload "
                         "sends)") } };
    QTest::addRow("request max-stale") << Row { "Cache-Control", "max-stale", {}, Side::Request, 0,
        { QStringLiteral("max-stale: the client accepts a stale response, however stale") } };
    QTest::addRow("request max-age=abc is ignored") << Row { "Cache-Control", "max-age=abc", {}, Side::Request, 0,
        { QStringLiteral("max-age=abc: not a valid number of seconds: ignored") } };

    // Expires
    QTest::addRow("Expires 1 h after Date") << Row { "Expires", at(Hour), withDate, Side::Response, 200,
        { QStringLiteral("1 h after Date: fresh for 1 h") } };
    QTest::addRow("Expires in the past") << Row { "Expires", at(-3 * Day), withDate, Side::Response, 200,
        { QStringLiteral("in the past (3 days before Date): already stale") } };
    QTest::addRow("Expires equal to Date") << Row { "Expires", at(0), withDate, Side::Response, 200,
        { QStringLiteral("in the past (the same second as Date): already stale") } };
    QTest::addRow("Expires: 0") << Row { "Expires", "0", withDate, Side::Response, 200,
        { QStringLiteral("invalid date (") + parseHttpDate("0").problem
            + QStringLiteral("): a cache treats the response as already expired") } };
    QTest::addRow("Expires ignored under max-age") << Row { "Expires", at(Hour),
        HttpHeaders { { "Date", at(0) }, { "Cache-Control", "max-age=5" } }, Side::Response, 200,
        { QStringLiteral("1 h after Date: fresh for 1 h"),
            QStringLiteral("ignored here: Cache-Control max-age takes precedence over Expires") } };
    QTest::addRow("Expires without Date") << Row { "Expires", at(Hour), {}, Side::Response, 200,
        { QStringLiteral("59 min 59 s after the time it was received: fresh for 59 min 59 s") } };

    // Last-Modified and the heuristic
    QTest::addRow("Last-Modified, heuristic") << Row { "Last-Modified", at(-3 * Day), withDate, Side::Response, 200,
        { QStringLiteral("3 days before Date"),
            QStringLiteral("no explicit freshness: browsers treat it as fresh for 10% of that, 7 h 12 min (heuristic "
                           "freshness)"),
            lmTail } };
    QTest::addRow("Last-Modified, capped heuristic") << Row { "Last-Modified", at(-400 * Day), withDate, Side::Response,
        200,
        { QStringLiteral("400 days before Date"),
            QStringLiteral("no explicit freshness: browsers treat it as fresh for 10% of that, 40 days (heuristic "
                           "freshness); Firefox caps that at 7 days"),
            lmTail } };
    QTest::addRow("Last-Modified with max-age") << Row { "Last-Modified", at(-Day),
        HttpHeaders { { "Date", at(0) }, { "Cache-Control", "max-age=60" } }, Side::Response, 200,
        { QStringLiteral("1 day before Date"),
            QStringLiteral("freshness comes from max-age, so Last-Modified serves for revalidation only"), lmTail } };
    QTest::addRow("Last-Modified, status without heuristic") << Row {
        "Last-Modified", at(-Day), withDate, Side::Response, 302,
        { QStringLiteral("1 day before Date"),
            QStringLiteral("no explicit freshness, and status 302 allows no heuristic: it is stale at once"), lmTail }
    };
    QTest::addRow("Last-Modified in the future") << Row { "Last-Modified", at(Hour), withDate, Side::Response, 200,
        { QStringLiteral("1 h after Date: a date in the future, not usable for heuristic freshness"), lmTail } };
    QTest::addRow("Last-Modified invalid") << Row { "Last-Modified", "yesterday", withDate, Side::Response, 200,
        { QStringLiteral("invalid date (") + parseHttpDate("yesterday").problem
            + QStringLiteral("): not usable for If-Modified-Since nor for heuristic freshness") } };

    // Date
    QTest::addRow("Date invalid") << Row { "Date", "Mon, 32 Jan 2026 00:00:00 GMT", {}, Side::Response, 200,
        { QStringLiteral("invalid date (") + parseHttpDate("Mon, 32 Jan 2026 00:00:00 GMT").problem
            + QStringLiteral("): a cache uses the time it received the response instead") } };

    // ETag
    QTest::addRow("strong ETag") << Row { "ETag", "\"v1\"", {}, Side::Response, 200,
        { QStringLiteral("\"v1\" is a strong validator: the same tag means byte-for-byte the same content"),
            QStringLiteral("works for If-None-Match (304s), If-Match (safe updates) and If-Range (resuming a "
                           "download)") } };
    QTest::addRow("weak ETag") << Row { "ETag", "W/\"v1\"", {}, Side::Response, 200,
        { QStringLiteral("W/\"v1\" is a weak validator: the same tag means equivalent content, not necessarily the "
                         "same bytes"),
            QStringLiteral("good for If-None-Match (weak comparison, gives 304s); useless for If-Range and If-Match, "
                           "which compare strongly: an interrupted download cannot resume with it") } };
    QTest::addRow("unquoted ETag") << Row { "ETag", "abc", {}, Side::Response, 200,
        { QStringLiteral("malformed (") + parseEntityTag("abc").problem
            + QStringLiteral("): not a validator; some browsers still echo it back as is") } };

    // Age
    QTest::addRow("Age within max-age") << Row { "Age", "120", HttpHeaders { { "Cache-Control", "max-age=600" } },
        Side::Response, 200,
        { QStringLiteral("it spent 2 min in caches before it arrived"),
            QStringLiteral("of max-age=600, 8 min of freshness is left") } };
    QTest::addRow("Age past max-age") << Row { "Age", "900", HttpHeaders { { "Cache-Control", "max-age=600" } },
        Side::Response, 200,
        { QStringLiteral("it spent 15 min in caches before it arrived"),
            QStringLiteral("already older than max-age=600: stale on arrival") } };
    QTest::addRow("Age not a number") << Row { "Age", "-5", {}, Side::Response, 200,
        { QStringLiteral("not a number of seconds: a cache ignores it and counts the age from Date") } };
    QTest::addRow("Age with 30 digits") << Row { "Age", "999999999999999999999999999999", {}, Side::Response, 200,
        { QStringLiteral("it spent about 68 years (the 2^31 s ceiling caches apply) in caches before it arrived") } };

    // Vary
    QTest::addRow("Vary list") << Row { "Vary", "Accept-Encoding, Cookie", {}, Side::Response, 200,
        { QStringLiteral("the store keys on accept-encoding, cookie: a stored copy is reused only for requests that "
                         "send the same values"),
            QStringLiteral("cookie differs between users and browsers: nearly every request gets its own copy") } };
    QTest::addRow("Vary *") << Row { "Vary", "*", {}, Side::Response, 200,
        { QStringLiteral("depends on more than request headers: no stored copy is reused without asking the "
                         "origin") } };
    QTest::addRow("Vary empty") << Row { "Vary", "", {}, Side::Response, 200,
        { QStringLiteral("names no header: it changes nothing") } };

    // Pragma
    QTest::addRow("Pragma in a response") << Row { "Pragma", "no-cache", {}, Side::Response, 200,
        { QStringLiteral("Pragma has no meaning in a response (RFC 9111 §5.4): caches go by Cache-Control") } };
    QTest::addRow("Pragma request with Cache-Control")
        << Row { "Pragma", "no-cache", HttpHeaders { { "Cache-Control", "max-age=0" } }, Side::Request, 0,
               { QStringLiteral("ignored: the request has Cache-Control, which wins over Pragma") } };

    // Conditional request headers
    QTest::addRow("If-None-Match") << Row { "If-None-Match", "\"a\", W/\"b\"", {}, Side::Request, 0,
        { QStringLiteral("revalidates against \"a\", W/\"b\": the server answers 304 Not Modified if its current "
                         "ETag matches (weak comparison: W/ is ignored)") } };
    QTest::addRow("If-Modified-Since with If-None-Match")
        << Row { "If-Modified-Since", at(-Day), HttpHeaders { { "If-None-Match", "\"a\"" } }, Side::Request, 0,
               { QStringLiteral("the server answers 304 Not Modified if the resource has not changed since "
                                "2026-05-31 12:00:00 UTC"),
                   QStringLiteral("ignored by the server: If-None-Match is present and takes precedence") } };
    QTest::addRow("If-Modified-Since invalid") << Row { "If-Modified-Since", "soon", {}, Side::Request, 0,
        { QStringLiteral("invalid date (") + parseHttpDate("soon").problem
            + QStringLiteral("): the server ignores the condition and sends the full response") } };

    // CDN fields and reports
    QTest::addRow("CDN-Cache-Control") << Row { "CDN-Cache-Control", "max-age=60", {}, Side::Response, 200,
        { QStringLiteral("CDN-Cache-Control is for CDNs and reverse proxies only; browsers ignore it"),
            QStringLiteral("max-age=60: fresh for 1 min after it was generated") } };
    QTest::addRow("X-Cache hit") << Row { "X-Cache", "HIT from proxy", {}, Side::Response, 200,
        { QStringLiteral("a hit: the proxy or CDN answered from its store without asking the origin") } };

    // Not caching fields
    QTest::addRow("Content-Type") << Row { "Content-Type", "text/html", {}, Side::Response, 200, {} };
    QTest::addRow("empty name") << Row { "", "max-age=1", {}, Side::Response, 200, {} };
}

void TestHeaderExplanation::explain()
{
    QFETCH(Row, row);
    HeaderExplanationContext context;
    context.side = row.side;
    context.status = row.status;
    context.received = T0.addSecs(1);
    context.message = row.others;
    if (!row.name.isEmpty())
        context.message.append(row.name, row.value);
    QCOMPARE(explainHeaderValue(row.name, row.value, context), row.expected);
}

void TestHeaderExplanation::cachingFields_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("caching");
    QTest::addRow("Cache-Control") << QByteArray("Cache-Control") << true;
    QTest::addRow("lower-case etag") << QByteArray("etag") << true;
    QTest::addRow("If-None-Match") << QByteArray("If-None-Match") << true;
    QTest::addRow("Surrogate-Control") << QByteArray("Surrogate-Control") << true;
    QTest::addRow("Content-Location") << QByteArray("Content-Location") << true;
    QTest::addRow("Content-Type") << QByteArray("Content-Type") << false;
    QTest::addRow("prefix only") << QByteArray("Cache") << false;
    QTest::addRow("trailing space") << QByteArray("ETag ") << false;
    QTest::addRow("empty") << QByteArray() << false;
}

void TestHeaderExplanation::cachingFields()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, caching);
    QCOMPARE(isCachingField(name), caching);
}

void TestHeaderExplanation::hugeValueIsShortened()
{
    // A 100 kB Content-Location must not become a 100 kB tooltip.
    const QByteArray value = "http://x.test/" + QByteArray(100000, 'a');
    HeaderExplanationContext context;
    const QStringList lines = explainHeaderValue("Content-Location", value, context);
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines.first().size() < 200);
    QVERIFY(lines.first().endsWith(QChar(0x2026)));
}

void TestHeaderExplanation::expiresWithoutAnyTime()
{
    // No Date and no arrival time (a header pasted on its own): the absolute time is all there is to say.
    HeaderExplanationContext context;
    QCOMPARE(explainHeaderValue("Expires", at(Hour), context),
        QStringList { QStringLiteral("expires at 2026-06-01 13:00:00 UTC") });
}

QTEST_GUILESS_MAIN(TestHeaderExplanation)
#include "tst_headerexplanation.moc"
