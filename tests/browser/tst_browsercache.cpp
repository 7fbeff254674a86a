#include "browser/browsercache.h"
#include "cache/validatorstore.h"
#include "client/httpclient.h"
#include "http/httpdate.h"
#include "support/scriptedorigin.h"

#include <QTimeZone>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace CacheScope;
using namespace CacheScope::TestSupport;

namespace {

const QDateTime T0 = QDateTime(QDate(2026, 3, 1), QTime(12, 0, 0), QTimeZone::utc());

QByteArray dateAt(qint64 seconds)
{
    return formatHttpDate(T0.addSecs(seconds));
}

// One request of a scenario, and what must come of it.
struct Step
{
    qint64 at = 0; // seconds after T0 on the cache's clock
    QByteArray method = "GET";
    QString path = QStringLiteral("/r");
    RawHeaders headers;
    bool follow = false;
    QList<ScriptedResponse> origin; // what the origin answers, in order (a Date of `at` is added when absent)
    QString decision;
    int originRequests = 0; // background revalidations included
    QByteArray ifNoneMatch; // expected on the origin's first request of the step; null: must be absent
    QByteArray ifModifiedSince;
    int status = 200;
    QByteArray body; // null: not checked
    QString reasonContains;
    QByteArray absentHeader; // a response header that must not be given back
};

Step step(qint64 at, const QString &decision, int originRequests, QList<ScriptedResponse> origin = {})
{
    Step s;
    s.at = at;
    s.decision = decision;
    s.originRequests = originRequests;
    s.origin = std::move(origin);
    return s;
}

Step with(Step s, const std::function<void(Step &)> &change)
{
    change(s);
    return s;
}

ScriptedResponse ok(const RawHeaders &headers, const QByteArray &body = "v1-body")
{
    return ScriptedResponse::make(200, headers, body);
}

ScriptedResponse notModified(const RawHeaders &headers)
{
    return ScriptedResponse::make(304, headers);
}

// Responses the scenarios share.
const RawHeaders v1 { { "Cache-Control", "max-age=60" }, { "ETag", "\"v1\"" } };
const Step miss = step(0, QStringLiteral("fetched"), 1, { ok(v1) });
const RawHeaders expires { { "Expires", dateAt(100) }, { "Last-Modified", dateAt(-3600) } };
const RawHeaders lastModified { { "Last-Modified", dateAt(-1000) } };
const RawHeaders mustRevalidate { { "Cache-Control", "max-age=60, must-revalidate" }, { "ETag", "\"v1\"" } };
const RawHeaders noCache { { "Cache-Control", "max-age=60, no-cache" }, { "ETag", "\"v1\"" } };
const RawHeaders immutable { { "Cache-Control", "max-age=600, immutable" }, { "ETag", "\"v1\"" } };
const RawHeaders vary { { "Cache-Control", "max-age=60" }, { "Vary", "Accept-Language" } };
const auto lang = [](const QByteArray &value) {
    return [value](Step &s) { s.headers = { { "Accept-Language", value } }; };
};
const RawHeaders swr { { "Cache-Control", "max-age=10, stale-while-revalidate=60" }, { "ETag", "\"v1\"" } };
const RawHeaders sie { { "Cache-Control", "max-age=10, stale-if-error=60" }, { "ETag", "\"v1\"" } };
const RawHeaders short10 { { "Cache-Control", "max-age=10" }, { "ETag", "\"v1\"" } };

} // namespace

Q_DECLARE_METATYPE(Step)

class TestBrowserCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void freshness_data();
    void freshness();
    void requestDirectives_data();
    void requestDirectives();
    void responseDirectives_data();
    void responseDirectives();
    void invalidationHeadAndStatus_data();
    void invalidationHeadAndStatus();
    void redirects_data();
    void redirects();
    void cancelledRequestFails();

private:
    void runSteps(const QList<Step> &steps);
};

void TestBrowserCache::freshness_data()
{
    QTest::addColumn<QList<Step>>("steps");

    QTest::addRow("max-age: fresh at 12 s, no network")
        << QList<Step> { miss, with(step(12, QStringLiteral("fresh"), 0), [](Step &s) {
                            s.reasonContains = QStringLiteral("fresh: max-age=60 (1 min), age 12 s");
                            s.body = "v1-body";
                        }) };
    QTest::addRow("max-age: stale, 304 merged, then fresh again") << QList<Step> { miss,
        with(step(61, QStringLiteral("revalidated"), 1, { notModified({ { "ETag", "\"v1\"" } }) }),
            [](Step &s) {
                s.ifNoneMatch = "\"v1\"";
                s.body = "v1-body";
                s.reasonContains = QStringLiteral("stale by 1 s");
            }),
        with(step(100, QStringLiteral("fresh"), 0), [](Step &s) { s.reasonContains = QStringLiteral("age 39 s"); }) };
    QTest::addRow("max-age: stale, a 200 replaces the stored response") << QList<Step> { miss,
        with(step(61, QStringLiteral("revalidated"), 1,
                 { ok({ { "Cache-Control", "max-age=60" }, { "ETag", "\"v2\"" } }, "v2-body") }),
            [](Step &s) {
                s.ifNoneMatch = "\"v1\"";
                s.body = "v2-body";
                s.reasonContains = QStringLiteral("replaced");
            }),
        with(step(70, QStringLiteral("fresh"), 0), [](Step &s) { s.body = "v2-body"; }) };
    QTest::addRow("Expires: fresh before, If-Modified-Since after") << QList<Step> { step(0, QStringLiteral("fetched"),
                                                                                         1, { ok(expires) }),
        with(step(50, QStringLiteral("fresh"), 0), [](Step &s) { s.reasonContains = QStringLiteral("Expires"); }),
        with(step(150, QStringLiteral("revalidated"), 1, { notModified({ { "Last-Modified", dateAt(-3600) } }) }),
            [](Step &s) { s.ifModifiedSince = dateAt(-3600); }) };
    QTest::addRow("heuristic: a tenth of 1000 s since Last-Modified") << QList<Step> {
        step(0, QStringLiteral("fetched"), 1, { ok(lastModified) }),
        with(step(99, QStringLiteral("fresh"), 0), [](Step &s) { s.reasonContains = QStringLiteral("heuristic"); }),
        with(step(101, QStringLiteral("revalidated"), 1, { notModified(lastModified) }),
            [](Step &s) { s.ifModifiedSince = dateAt(-1000); })
    };
    QTest::addRow("304 without validator updates the revalidated response, as browsers do") << QList<Step> {
        step(0, QStringLiteral("fetched"), 1, { ok(lastModified) }),
        with(step(101, QStringLiteral("revalidated"), 1, { notModified({ { "Cache-Control", "max-age=50" } }) }),
            [](Step &s) {
                s.ifModifiedSince = dateAt(-1000);
                s.body = "v1-body";
                s.reasonContains = QStringLiteral("as browsers do");
            }),
        with(step(140, QStringLiteral("fresh"), 0), [](Step &s) { s.reasonContains = QStringLiteral("max-age=50"); })
    };
    QTest::addRow("304 naming another ETag is not taken for the stored response") << QList<Step> { miss,
        with(step(70, QStringLiteral("revalidated"), 1, { notModified({ { "ETag", "\"v9\"" } }) }), [](Step &s) {
            s.ifNoneMatch = "\"v1\"";
            s.status = 304;
            s.reasonContains = QStringLiteral("matches nothing");
        }) };
    QTest::addRow("Age from upstream counts") << QList<Step> {
        step(0, QStringLiteral("fetched"), 1, { ok({ { "Cache-Control", "max-age=60" }, { "Age", "50" } }) }),
        with(step(5, QStringLiteral("fresh"), 0), [](Step &s) { s.reasonContains = QStringLiteral("age 55 s"); }),
        with(step(11, QStringLiteral("fetched"), 1, { ok({ { "Cache-Control", "max-age=60" } }) }),
            [](Step &s) { s.reasonContains = QStringLiteral("no ETag or Last-Modified"); })
    };
    QTest::addRow("Date in the past gives an apparent age") << QList<Step> {
        step(0, QStringLiteral("fetched"), 1, { ok({ { "Cache-Control", "max-age=60" }, { "Date", dateAt(-30) } }) }),
        with(step(20, QStringLiteral("fresh"), 0), [](Step &s) { s.reasonContains = QStringLiteral("age 50 s"); })
    };
}

void TestBrowserCache::requestDirectives_data()
{
    QTest::addColumn<QList<Step>>("steps");
    QTest::addRow("request no-cache revalidates a fresh response")
        << QList<Step> { miss, with(step(5, QStringLiteral("revalidated"), 1, { notModified(v1) }), [](Step &s) {
                            s.headers = { { "Cache-Control", "no-cache" } };
                            s.ifNoneMatch = "\"v1\"";
                        }) };
    QTest::addRow("request Pragma: no-cache without Cache-Control revalidates")
        << QList<Step> { miss, with(step(5, QStringLiteral("revalidated"), 1, { notModified(v1) }), [](Step &s) {
                            s.headers = { { "Pragma", "no-cache" } };
                            s.ifNoneMatch = "\"v1\"";
                            s.reasonContains = QStringLiteral("Pragma");
                        }) };
    QTest::addRow("request Pragma: no-cache ignored beside Cache-Control")
        << QList<Step> { miss, with(step(5, QStringLiteral("fresh"), 0), [](Step &s) {
                            s.headers = { { "Pragma", "no-cache" }, { "Cache-Control", "max-stale=5" } };
                        }) };
    QTest::addRow("request no-store bypasses and stores nothing") << QList<Step> { miss,
        with(step(5, QStringLiteral("bypassed"), 1, { ok({ { "Cache-Control", "max-age=600" } }, "other") }),
            [](Step &s) {
                s.headers = { { "Cache-Control", "no-store" } };
                s.body = "other";
            }),
        with(step(6, QStringLiteral("fresh"), 0), [](Step &s) { s.body = "v1-body"; }) };
    QTest::addRow("request max-age shorter than the age")
        << QList<Step> { miss, with(step(10, QStringLiteral("revalidated"), 1, { notModified(v1) }), [](Step &s) {
                            s.headers = { { "Cache-Control", "max-age=5" } };
                            s.ifNoneMatch = "\"v1\"";
                            s.reasonContains = QStringLiteral("max-age=5");
                        }) };
    QTest::addRow("request min-fresh not met")
        << QList<Step> { miss, with(step(50, QStringLiteral("revalidated"), 1, { notModified(v1) }), [](Step &s) {
                            s.headers = { { "Cache-Control", "min-fresh=20" } };
                            s.ifNoneMatch = "\"v1\"";
                        }) };
    QTest::addRow("request max-stale accepts a stale response")
        << QList<Step> { miss, with(step(70, QStringLiteral("stale"), 0), [](Step &s) {
                            s.headers = { { "Cache-Control", "max-stale=20" } };
                            s.reasonContains = QStringLiteral("max-stale=20");
                        }) };
    QTest::addRow("request max-stale too small")
        << QList<Step> { miss, with(step(90, QStringLiteral("revalidated"), 1, { notModified(v1) }), [](Step &s) {
                            s.headers = { { "Cache-Control", "max-stale=20" } };
                            s.ifNoneMatch = "\"v1\"";
                        }) };
    QTest::addRow("must-revalidate overrides max-stale")
        << QList<Step> { step(0, QStringLiteral("fetched"), 1, { ok(mustRevalidate) }),
               with(step(70, QStringLiteral("revalidated"), 1, { notModified(mustRevalidate) }), [](Step &s) {
                   s.headers = { { "Cache-Control", "max-stale" } };
                   s.ifNoneMatch = "\"v1\"";
                   s.reasonContains = QStringLiteral("must-revalidate");
               }) };
    QTest::addRow("only-if-cached with nothing stored: 504")
        << QList<Step> { with(step(0, QStringLiteral("unavailable"), 0), [](Step &s) {
               s.headers = { { "Cache-Control", "only-if-cached" } };
               s.status = 504;
           }) };
    QTest::addRow("only-if-cached with a fresh response")
        << QList<Step> { miss, with(step(5, QStringLiteral("fresh"), 0), [](Step &s) {
                            s.headers = { { "Cache-Control", "only-if-cached" } };
                        }) };
    QTest::addRow("only-if-cached with a stale response: 504")
        << QList<Step> { miss, with(step(65, QStringLiteral("unavailable"), 0), [](Step &s) {
                            s.headers = { { "Cache-Control", "only-if-cached" } };
                            s.status = 504;
                        }) };
}

void TestBrowserCache::responseDirectives_data()
{
    QTest::addColumn<QList<Step>>("steps");
    QTest::addRow("response no-store is not stored") << QList<Step> {
        with(step(0, QStringLiteral("not-stored"), 1, { ok({ { "Cache-Control", "no-store, max-age=60" } }) }),
            [](Step &s) { s.reasonContains = QStringLiteral("no-store"); }),
        step(1, QStringLiteral("not-stored"), 1, { ok({ { "Cache-Control", "no-store" } }) })
    };
    QTest::addRow("response no-cache revalidates every time")
        << QList<Step> { step(0, QStringLiteral("fetched"), 1, { ok(noCache) }),
               with(step(1, QStringLiteral("revalidated"), 1, { notModified(noCache) }),
                   [](Step &s) { s.ifNoneMatch = "\"v1\""; }) };
    QTest::addRow("response no-cache with a field name leaves the field out") << QList<Step> {
        step(0, QStringLiteral("fetched"), 1,
            { ok({ { "Cache-Control", "max-age=60, no-cache=\"Set-Cookie\"" }, { "Set-Cookie", "a=1" } }) }),
        with(step(5, QStringLiteral("fresh"), 0), [](Step &s) { s.absentHeader = "Set-Cookie"; })
    };
    QTest::addRow("response private is stored by a private cache")
        << QList<Step> { step(0, QStringLiteral("fetched"), 1, { ok({ { "Cache-Control", "private, max-age=60" } }) }),
               step(30, QStringLiteral("fresh"), 0) };
    QTest::addRow("immutable: a reload's max-age=0 is not enforced")
        << QList<Step> { step(0, QStringLiteral("fetched"), 1, { ok(immutable) }),
               with(step(30, QStringLiteral("fresh"), 0), [](Step &s) {
                   s.headers = { { "Cache-Control", "max-age=0" } };
                   s.reasonContains = QStringLiteral("immutable");
               }) };
    QTest::addRow("immutable: a forced reload (no-cache) revalidates")
        << QList<Step> { step(0, QStringLiteral("fetched"), 1, { ok(immutable) }),
               with(step(30, QStringLiteral("revalidated"), 1, { notModified(immutable) }), [](Step &s) {
                   s.headers = { { "Cache-Control", "no-cache" } };
                   s.ifNoneMatch = "\"v1\"";
               }) };
    QTest::addRow("Vary: the same request header matches, another one misses")
        << QList<Step> { with(step(0, QStringLiteral("fetched"), 1, { ok(vary, "en") }), lang("en")),
               with(step(5, QStringLiteral("fresh"), 0),
                   [&](Step &s) {
                       lang("en")(s);
                       s.body = "en";
                   }),
               with(step(6, QStringLiteral("fetched"), 1, { ok(vary, "fr") }),
                   [&](Step &s) {
                       lang("fr")(s);
                       s.reasonContains = QStringLiteral("Vary");
                   }),
               with(step(7, QStringLiteral("fresh"), 0), [&](Step &s) {
                   lang("en")(s);
                   s.body = "en";
               }) };
    QTest::addRow("Vary: * never matches") << QList<Step> {
        step(0, QStringLiteral("fetched"), 1, { ok({ { "Cache-Control", "max-age=60" }, { "Vary", "*" } }) }),
        with(step(5, QStringLiteral("fetched"), 1, { ok({ { "Cache-Control", "max-age=60" }, { "Vary", "*" } }) }),
            [](Step &s) { s.reasonContains = QStringLiteral("Vary: *"); })
    };
    QTest::addRow("stale-while-revalidate: stale now, revalidated in the background")
        << QList<Step> { step(0, QStringLiteral("fetched"), 1, { ok(swr) }),
               with(step(20, QStringLiteral("stale"), 1, { notModified(swr) }),
                   [](Step &s) {
                       s.ifNoneMatch = "\"v1\"";
                       s.body = "v1-body";
                       s.reasonContains = QStringLiteral("stale-while-revalidate=60");
                   }),
               step(25, QStringLiteral("fresh"), 0),
               with(step(100, QStringLiteral("revalidated"), 1, { notModified(swr) }),
                   [](Step &s) { s.ifNoneMatch = "\"v1\""; }) };
    QTest::addRow("stale-if-error: a 500 is replaced by the stored response")
        << QList<Step> { step(0, QStringLiteral("fetched"), 1, { ok(sie) }),
               with(step(20, QStringLiteral("stale"), 1, { ScriptedResponse::make(500, {}, "down") }),
                   [](Step &s) {
                       s.ifNoneMatch = "\"v1\"";
                       s.body = "v1-body";
                       s.reasonContains = QStringLiteral("stale-if-error=60");
                   }),
               with(step(100, QStringLiteral("revalidated"), 1, { ScriptedResponse::make(500, {}, "down") }),
                   [](Step &s) {
                       s.ifNoneMatch = "\"v1\"";
                       s.status = 500;
                       s.body = "down";
                   }) };
    QTest::addRow("no stale-if-error: the 500 is given back") << QList<Step> { miss,
        with(step(70, QStringLiteral("revalidated"), 1, { ScriptedResponse::make(503, {}, "busy") }), [](Step &s) {
            s.ifNoneMatch = "\"v1\"";
            s.status = 503;
        }) };
}

void TestBrowserCache::invalidationHeadAndStatus_data()
{
    QTest::addColumn<QList<Step>>("steps");
    QTest::addRow("POST invalidates the stored response") << QList<Step> { miss,
        with(step(1, QStringLiteral("bypassed"), 1, { ScriptedResponse::make(201, {}, "made") }),
            [](Step &s) {
                s.method = "POST";
                s.status = 201;
                s.reasonContains = QStringLiteral("invalidated");
            }),
        step(2, QStringLiteral("fetched"), 1, { ok(v1) }) };
    QTest::addRow("a failed POST invalidates nothing") << QList<Step> { miss,
        with(step(1, QStringLiteral("bypassed"), 1, { ScriptedResponse::make(409, {}, "no") }),
            [](Step &s) {
                s.method = "POST";
                s.status = 409;
            }),
        step(2, QStringLiteral("fresh"), 0) };
    QTest::addRow("PUT invalidates the URLs in Location and Content-Location") << QList<Step> {
        with(miss, [](Step &s) { s.path = QStringLiteral("/a"); }),
        with(miss, [](Step &s) { s.path = QStringLiteral("/b"); }),
        with(step(1, QStringLiteral("bypassed"), 1,
                 { ScriptedResponse::make(200, { { "Location", "/a" }, { "Content-Location", "b#frag" } }) }),
            [](Step &s) {
                s.method = "PUT";
                s.path = QStringLiteral("/c");
                s.body = QByteArray();
            }),
        with(step(2, QStringLiteral("fetched"), 1, { ok(v1) }), [](Step &s) { s.path = QStringLiteral("/a"); }),
        with(step(2, QStringLiteral("fetched"), 1, { ok(v1) }), [](Step &s) { s.path = QStringLiteral("/b"); })
    };
    QTest::addRow("HEAD is answered by a fresh stored GET, without a body")
        << QList<Step> { miss, with(step(5, QStringLiteral("fresh"), 0), [](Step &s) {
                            s.method = "HEAD";
                            s.body = "";
                        }) };
    QTest::addRow("HEAD with the same validators updates the stored GET")
        << QList<Step> { step(0, QStringLiteral("fetched"), 1, { ok(short10) }),
               with(step(20, QStringLiteral("revalidated"), 1,
                        { ok({ { "Cache-Control", "max-age=600" }, { "ETag", "\"v1\"" } }, {}) }),
                   [](Step &s) {
                       s.method = "HEAD";
                       s.ifNoneMatch = "\"v1\"";
                       s.reasonContains = QStringLiteral("updated the stored GET");
                       s.body = "";
                   }),
               with(step(30, QStringLiteral("fresh"), 0), [](Step &s) {
                   s.body = "v1-body";
                   s.reasonContains = QStringLiteral("max-age=600");
               }) };
    QTest::addRow("HEAD with another ETag removes the stored GET")
        << QList<Step> { step(0, QStringLiteral("fetched"), 1, { ok(short10) }),
               with(step(20, QStringLiteral("revalidated"), 1,
                        { ok({ { "Cache-Control", "max-age=600" }, { "ETag", "\"v2\"" } }, {}) }),
                   [](Step &s) {
                       s.method = "HEAD";
                       s.ifNoneMatch = "\"v1\"";
                       s.body = "";
                   }),
               step(21, QStringLiteral("fetched"), 1, { ok(short10) }) };
    QTest::addRow("HEAD with no-store leaves the stored GET alone")
        << QList<Step> { step(0, QStringLiteral("fetched"), 1, { ok(short10) }),
               with(step(5, QStringLiteral("bypassed"), 1, { ok({ { "ETag", "\"v2\"" } }, {}) }),
                   [](Step &s) {
                       s.method = "HEAD";
                       s.headers = { { "Cache-Control", "no-store" } };
                       s.body = "";
                   }),
               with(step(6, QStringLiteral("fresh"), 0), [](Step &s) { s.body = "v1-body"; }) };
    QTest::addRow("206 is never stored nor served as a full response") << QList<Step> {
        with(step(0, QStringLiteral("not-stored"), 1,
                 { ScriptedResponse::make(
                     206, { { "Cache-Control", "max-age=60" }, { "Content-Range", "bytes 0-1/10" } }, "v1") }),
            [](Step &s) { s.status = 206; }),
        with(step(1, QStringLiteral("fetched"), 1, { ok(v1) }), [](Step &s) { s.body = "v1-body"; }),
        with(step(2, QStringLiteral("bypassed"), 1,
                 { ScriptedResponse::make(206, { { "Content-Range", "bytes 0-1/7" } }, "v1") }),
            [](Step &s) {
                s.headers = { { "Range", "bytes=0-1" } };
                s.status = 206;
                s.body = "v1";
            }),
        with(step(3, QStringLiteral("fresh"), 0), [](Step &s) { s.body = "v1-body"; })
    };
    QTest::addRow("404 is heuristically cacheable") << QList<Step> {
        with(step(0, QStringLiteral("fetched"), 1, { ScriptedResponse::make(404, lastModified, "gone") }),
            [](Step &s) { s.status = 404; }),
        with(step(50, QStringLiteral("fresh"), 0), [](Step &s) { s.status = 404; })
    };
    QTest::addRow("500 without explicit freshness is not stored") << QList<Step> {
        with(step(0, QStringLiteral("not-stored"), 1, { ScriptedResponse::make(500, lastModified, "x") }),
            [](Step &s) { s.status = 500; }),
        with(step(1, QStringLiteral("not-stored"), 1, { ScriptedResponse::make(500, lastModified, "x") }),
            [](Step &s) { s.status = 500; })
    };
    QTest::addRow("caller's own If-None-Match passes through")
        << QList<Step> { miss, with(step(5, QStringLiteral("bypassed"), 1, { notModified(v1) }), [](Step &s) {
                            s.headers = { { "If-None-Match", "\"mine\"" } };
                            s.ifNoneMatch = "\"mine\"";
                            s.status = 304;
                        }) };
}

void TestBrowserCache::runSteps(const QList<Step> &steps)
{
    ScriptedOrigin origin;
    QVERIFY2(origin.start(), qPrintable(origin.errorString()));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ValidatorStore store;
    QVERIFY2(store.open(dir.filePath(QStringLiteral("store.sqlite"))), qPrintable(store.errorString()));
    HttpClient client;
    BrowserCache cache(&client, &store);
    QDateTime now = T0;
    cache.setClock([&now] { return now; });

    for (qsizetype i = 0; i < steps.size(); ++i) {
        const Step &s = steps.at(i);
        const QByteArray where = QByteArray::number(i) + ' ' + s.method + ' ' + s.path.toLatin1();
        now = T0.addSecs(s.at);
        origin.clearRequests();
        for (ScriptedResponse response : s.origin) {
            if (headerValue(response.headers, "Date").isNull())
                response.headers.append({ "Date", dateAt(s.at) });
            origin.enqueue(response);
        }
        Request request;
        request.method = s.method;
        request.url = origin.url(s.path);
        request.redirects = s.follow ? RedirectPolicy::Follow : RedirectPolicy::Manual;
        for (const auto &[name, value] : s.headers)
            request.headers.append(name, value);
        BrowserJob *job = cache.send(request);
        QSignalSpy spy(job, &BrowserJob::finished);
        QVERIFY2(spy.wait(10000), where.constData());
        QTRY_COMPARE(cache.backgroundRevalidations(), 0);
        const auto result = spy.first().first().value<BrowserResult>();
        const QByteArray context = where + ": " + result.reason.toUtf8();
        QVERIFY2(browserDecisionName(result.decision) == s.decision,
            (context + " -- decision " + browserDecisionName(result.decision).toUtf8()).constData());
        QVERIFY2(origin.requestCount() == s.originRequests,
            (context + " -- origin saw " + QByteArray::number(origin.requestCount())).constData());
        if (s.originRequests > 0) {
            const RecordedRequest seen = origin.requests().first();
            QVERIFY2(seen.header("If-None-Match") == s.ifNoneMatch,
                (context + " -- INM " + seen.header("If-None-Match")).constData());
            QVERIFY2(seen.header("If-Modified-Since") == s.ifModifiedSince, context.constData());
        }
        QVERIFY2(result.exchange.status == s.status,
            (context + " -- status " + QByteArray::number(result.exchange.status)).constData());
        if (!s.body.isNull())
            QVERIFY2(result.exchange.body == s.body, (context + " -- body " + result.exchange.body).constData());
        if (!s.reasonContains.isEmpty())
            QVERIFY2(result.reason.contains(s.reasonContains), context.constData());
        if (!s.absentHeader.isEmpty())
            QVERIFY2(!result.exchange.responseHeaders.contains(s.absentHeader), context.constData());
        QCOMPARE(origin.pendingResponses(), 0);
        if (result.fromStore)
            QVERIFY(result.exchange.responseHeaders.contains("Age"));
    }
}

void TestBrowserCache::freshness()
{
    QFETCH(QList<Step>, steps);
    runSteps(steps);
}

void TestBrowserCache::requestDirectives()
{
    QFETCH(QList<Step>, steps);
    runSteps(steps);
}

void TestBrowserCache::responseDirectives()
{
    QFETCH(QList<Step>, steps);
    runSteps(steps);
}

void TestBrowserCache::invalidationHeadAndStatus()
{
    QFETCH(QList<Step>, steps);
    runSteps(steps);
}

void TestBrowserCache::redirects_data()
{
    QTest::addColumn<QList<Step>>("steps");
    const auto follow = [](Step &s) {
        s.follow = true;
        s.path = QStringLiteral("/old");
        s.body = "new-body";
    };
    const ScriptedResponse target = ok({ { "Cache-Control", "max-age=60" } }, "new-body");
    const auto redirect = [](int status, const RawHeaders &extra) {
        RawHeaders headers { { "Location", "/new" } };
        headers += extra;
        return ScriptedResponse::make(status, headers);
    };
    QTest::addRow("301 with Last-Modified: stored heuristically and reused") << QList<Step> {
        with(step(0, QStringLiteral("fetched"), 2, { redirect(301, { { "Last-Modified", dateAt(-10000) } }), target }),
            follow),
        with(step(10, QStringLiteral("fresh"), 0), follow)
    };
    QTest::addRow("308 with max-age: reused") << QList<Step> {
        with(step(0, QStringLiteral("fetched"), 2, { redirect(308, { { "Cache-Control", "max-age=60" } }), target }),
            follow),
        with(step(10, QStringLiteral("fresh"), 0), follow)
    };
    QTest::addRow("302 without explicit freshness: asked again") << QList<Step> {
        with(step(0, QStringLiteral("fetched"), 2, { redirect(302, { { "Last-Modified", dateAt(-10000) } }), target }),
            follow),
        with(step(10, QStringLiteral("fresh"), 1, { redirect(302, {}) }), follow)
    };
    QTest::addRow("307 with max-age: reused") << QList<Step> {
        with(step(0, QStringLiteral("fetched"), 2, { redirect(307, { { "Cache-Control", "max-age=60" } }), target }),
            follow),
        with(step(10, QStringLiteral("fresh"), 0), follow)
    };
    QTest::addRow("manual: the stored 301 itself is given back")
        << QList<Step> { with(step(0, QStringLiteral("fetched"), 1,
                                  { redirect(301, { { "Cache-Control", "max-age=60" } }) }),
                             [](Step &s) {
                                 s.path = QStringLiteral("/old");
                                 s.status = 301;
                             }),
               with(step(10, QStringLiteral("fresh"), 0), [](Step &s) {
                   s.path = QStringLiteral("/old");
                   s.status = 301;
               }) };
}

void TestBrowserCache::redirects()
{
    QFETCH(QList<Step>, steps);
    runSteps(steps);
}

void TestBrowserCache::cancelledRequestFails()
{
    ScriptedOrigin origin;
    QVERIFY2(origin.start(), qPrintable(origin.errorString()));
    ScriptedResponse slow = ok({});
    slow.delayMs = 5000;
    origin.enqueue(slow);
    HttpClient client;
    BrowserCache cache(&client, nullptr);
    BrowserJob *job = cache.send(Request().setUrl(origin.url(QStringLiteral("/slow"))));
    QSignalSpy spy(job, &BrowserJob::finished);
    QTRY_COMPARE(origin.requestCount(), 1);
    job->cancel();
    QVERIFY(spy.wait(5000));
    QCOMPARE(spy.first().first().value<BrowserResult>().decision, BrowserDecision::Failed);
}

QTEST_GUILESS_MAIN(TestBrowserCache)
#include "tst_browsercache.moc"
