#include "client/httpclient.h"
#include "demo/demoorigin.h"
#include "diagnostics/validationprobe.h"
#include "http/httpdate.h"
#include "support/apacheserver.h"
#include "support/httpbinserver.h"
#include "support/nginxserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope;
using namespace CacheScope::TestSupport;

Q_DECLARE_METATYPE(CacheScope::ValidationProbeResult)

namespace {

ValidationProbeResult probe(const QUrl &url, const HttpHeaders &headers = {})
{
    HttpClient client;
    ValidationProbe probe(&client);
    QSignalSpy spy(&probe, &ValidationProbe::finished);
    Request request;
    request.url = url;
    request.headers = headers;
    request.timeoutMs = 10000;
    probe.start(request);
    if (spy.isEmpty() && !spy.wait(60000))
        qFatal("the probe did not finish");
    if (spy.size() != 1)
        qFatal("finished() was not emitted exactly once");
    return spy.first().first().value<ValidationProbeResult>();
}

QStringList codesOf(const QList<TimelineNote> &notes)
{
    QStringList codes;
    for (const TimelineNote &note : notes)
        codes.append(note.code);
    return codes;
}

QStringList list(std::initializer_list<const char *> items)
{
    QStringList result;
    for (const char *item : items)
        result.append(QString::fromLatin1(item));
    return result;
}

// Fails with the whole list of notes when `must` is not all there or any of `mustNot` is.
bool checkCodes(const ValidationProbeResult &result, const QStringList &must, const QStringList &mustNot, QString *why)
{
    const QStringList codes = codesOf(result.notes);
    for (const QString &code : must) {
        if (!codes.contains(code))
            *why = QStringLiteral("missing %1 in: %2").arg(code, codes.join(QStringLiteral(", ")));
    }
    for (const QString &code : mustNot) {
        if (codes.contains(code))
            *why = QStringLiteral("unexpected %1 in: %2").arg(code, codes.join(QStringLiteral(", ")));
    }
    return why->isEmpty();
}

bool writeOldFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.flush())
        return false;
    // Two days old (after the flush, or closing would touch it again), so "an hour after Last-Modified" is in the
    // server's past and gets asked.
    return file.setFileTime(QDateTime::currentDateTimeUtc().addDays(-2), QFileDevice::FileModificationTime);
}

// A recorded step: a GET that sent `sent` and got `status` with `response` headers.
ProbeStep step(const char *name, const HttpHeaders &sent, int status, const HttpHeaders &response)
{
    ProbeStep s;
    s.name = QString::fromLatin1(name);
    s.exchange.request.url = QUrl(QStringLiteral("http://origin.test/r"));
    s.exchange.requestHeadersSent = sent;
    s.exchange.status = status;
    s.exchange.responseHeaders = response;
    s.exchange.timing.started = QDateTime::currentDateTimeUtc();
    s.exchange.timing.totalMs = 5;
    return s;
}

const QByteArray OldDate = "Mon, 15 Jan 2024 09:30:00 GMT";

HttpHeaders fetched(const QByteArray &etag)
{
    return { { "Date", formatHttpDate(QDateTime::currentDateTimeUtc()) }, { "ETag", etag },
        { "Last-Modified", OldDate }, { "Cache-Control", "max-age=60" } };
}

} // namespace

class TestValidationProbe : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void evaluation_data();
    void evaluation();
    void demo_data();
    void demo();
    void stepsFollowTheValidators();
    void connectionRefused();
    void conditionalHeadersGivenAreReplaced();
    void cancel();
    void nginx_data();
    void nginx();
    void nginxGzip();
    void apache_data();
    void apache();
    void httpbin_data();
    void httpbin();

private:
    DemoOrigin m_origin;
};

void TestValidationProbe::initTestCase()
{
    qRegisterMetaType<ValidationProbeResult>();
    QString error;
    QVERIFY2(m_origin.start(0, &error), qPrintable(error));
}

void TestValidationProbe::cleanupTestCase()
{
    m_origin.stop();
}

void TestValidationProbe::evaluation_data()
{
    QTest::addColumn<QList<ProbeStep>>("steps");
    QTest::addColumn<QStringList>("must");
    QTest::addColumn<QStringList>("mustNot");

    const HttpHeaders tagged = fetched("\"v1\"");
    const HttpHeaders inm { { "If-None-Match", "\"v1\"" } };
    const HttpHeaders notModified { { "Date", formatHttpDate(QDateTime::currentDateTimeUtc()) }, { "ETag", "\"v1\"" },
        { "Cache-Control", "max-age=60" } };
    QTest::addRow("well-behaved server") << QList<ProbeStep> { step("fetch", {}, 200, tagged),
        step("if-none-match", inm, 304, notModified),
        step("if-none-match-other-form", { { "If-None-Match", "W/\"v1\"" } }, 304, notModified),
        step("if-none-match-other-tag", { { "If-None-Match", "\"x\"" } }, 200, tagged),
        step("if-modified-since", { { "If-Modified-Since", OldDate } }, 304, notModified) }
                                         << list({ "inm-supported", "inm-weak-comparison", "ims-supported" })
                                         << list({ "inm-ignored", "inm-false-match", "inm-strong-comparison",
                                                "ims-ignored", "probe-request-failed" });
    QTest::addRow("strong comparison for If-None-Match")
        << QList<ProbeStep> { step("fetch", {}, 200, tagged), step("if-none-match", inm, 304, notModified),
               step("if-none-match-other-form", { { "If-None-Match", "W/\"v1\"" } }, 200, tagged) }
        << list({ "inm-supported", "inm-strong-comparison" }) << list({ "inm-weak-comparison" });
    QTest::addRow("304 for any tag") << QList<ProbeStep> { step("fetch", {}, 200, tagged),
        step("if-none-match", inm, 304, notModified),
        step("if-none-match-other-tag", { { "If-None-Match", "\"x\"" } }, 304, notModified) }
                                     << list({ "inm-false-match" }) << QStringList();
    QTest::addRow("If-None-Match read as one string")
        << QList<ProbeStep> { step("fetch", {}, 200, tagged), step("if-none-match", inm, 304, notModified),
               step("if-none-match-list", { { "If-None-Match", "\"x\", \"v1\"" } }, 200, tagged) }
        << list({ "inm-supported", "inm-list-unsupported" }) << list({ "inm-ignored" });
    QTest::addRow("If-Modified-Since ignored") << QList<ProbeStep> {
        step("fetch", {}, 200, tagged), step("if-modified-since", { { "If-Modified-Since", OldDate } }, 200, tagged),
        step("if-modified-since-later", { { "If-Modified-Since", "x" } }, 200, tagged)
    } << list({ "ims-ignored" }) << list({ "ims-supported", "ims-equality-compare" });
    QTest::addRow("304 for a date before Last-Modified") << QList<ProbeStep> { step("fetch", {}, 200, tagged),
        step("if-modified-since-earlier", { { "If-Modified-Since", "x" } }, 304, notModified) }
                                                         << list({ "ims-earlier-not-modified" }) << QStringList();
    QTest::addRow("one strong tag for gzip and identity")
        << QList<ProbeStep> { step("fetch", {}, 200, tagged),
               step("accept-encoding-gzip", {}, 200,
                   [&] {
                       HttpHeaders h = tagged;
                       h.append("Content-Encoding", "gzip");
                       return h;
                   }()),
               step("accept-encoding-identity", {}, 200, tagged) }
        << list({ "etag-same-across-encodings" }) << list({ "etag-varies-by-encoding", "probe-no-gzip" });
    QTest::addRow("weak tag shared by gzip and identity")
        << QList<ProbeStep> { step("fetch", {}, 200, fetched("W/\"v1\"")),
               step("accept-encoding-gzip", {}, 200, { { "ETag", "W/\"v1\"" }, { "Content-Encoding", "gzip" } }),
               step("accept-encoding-identity", {}, 200, { { "ETag", "\"v1\"" } }) }
        << QStringList() << list({ "etag-same-across-encodings", "etag-varies-by-encoding" });
    QTest::addRow("304 dropping Cache-Control") << QList<ProbeStep> { step("fetch", {}, 200, tagged),
        step("if-none-match", inm, 304,
            { { "Date", formatHttpDate(QDateTime::currentDateTimeUtc()) }, { "ETag", "\"v1\"" } }) }
                                                << list({ "inm-supported", "304-missing-headers" }) << QStringList();
    QTest::addRow("200 with another tag: changed, not ignored")
        << QList<ProbeStep> { step("fetch", {}, 200, tagged), step("if-none-match", inm, 200, fetched("\"v2\"")) }
        << list({ "etag-changed-body-same" }) << list({ "inm-ignored", "inm-supported" });
    QTest::addRow("same strong tag on another body") <<
        [&] {
            QList<ProbeStep> steps { step("fetch", {}, 200, tagged),
                step("if-none-match-other-tag", { { "If-None-Match", "\"x\"" } }, 200, tagged) };
            steps[0].exchange.body = "first";
            steps[1].exchange.body = "second";
            return steps;
        }() << list({ "same-strong-etag-different-body" })
                                                     << list({ "inm-false-match" });
    QTest::addRow("412 for If-None-Match") << QList<ProbeStep> { step("fetch", {}, 200, tagged),
        step("if-none-match", inm, 412, { { "Date", formatHttpDate(QDateTime::currentDateTimeUtc()) } }) }
                                           << list({ "probe-unexpected-status", "precondition-failed-on-get" })
                                           << list({ "inm-ignored", "inm-supported" });
    QTest::addRow("no steps at all") << QList<ProbeStep>() << list({ "probe-request-failed" }) << QStringList();
    QTest::addRow("a later step failed") << QList<ProbeStep> { step("fetch", {}, 200, tagged),
        [] {
            ProbeStep failed = step("if-none-match", {}, 0, {});
            failed.exchange.error = ExchangeError::ConnectionClosed;
            failed.exchange.errorString = QStringLiteral("closed");
            return failed;
        }() } << list({ "probe-request-failed" })
                                         << list({ "inm-supported", "inm-ignored" });
}

void TestValidationProbe::evaluation()
{
    QFETCH(QList<ProbeStep>, steps);
    QFETCH(QStringList, must);
    QFETCH(QStringList, mustNot);
    ValidationProbeResult result;
    result.steps = steps;
    result.notes = evaluateProbeSteps(steps);
    QString why;
    QVERIFY2(checkCodes(result, must, mustNot, &why), qPrintable(why));
    QStringList codes = codesOf(result.notes);
    QCOMPARE(codes.removeDuplicates(), 0);
}

void TestValidationProbe::demo_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("must");
    QTest::addColumn<QStringList>("mustNot");
    QTest::addColumn<bool>("errors");

    QTest::addRow("strong ETag") << QStringLiteral("/validators/strong-etag")
                                 << list({ "inm-supported", "inm-weak-comparison", "probe-no-last-modified" })
                                 << list({ "inm-ignored", "inm-false-match", "etag-weak", "inm-list-unsupported" })
                                 << false;
    QTest::addRow("weak ETag") << QStringLiteral("/validators/weak-etag")
                               << list({ "etag-weak", "inm-supported", "inm-weak-comparison" })
                               << list({ "inm-ignored", "inm-strong-comparison" }) << false;
    QTest::addRow("Last-Modified only") << QStringLiteral("/validators/last-modified")
                                        << list({ "ims-supported", "probe-no-etag" })
                                        << list({ "ims-ignored", "ims-equality-compare", "ims-earlier-not-modified" })
                                        << false;
    QTest::addRow("no validator") << QStringLiteral("/validators/none")
                                  << list({ "no-validator", "probe-no-etag", "probe-no-last-modified" })
                                  << QStringList() << false;
    QTest::addRow("ignores If-None-Match") << QStringLiteral("/bugs/ignores-if-none-match") << list({ "inm-ignored" })
                                           << list({ "inm-supported" }) << true;
    QTest::addRow("304 drops headers") << QStringLiteral("/bugs/304-drops-headers")
                                       << list({ "304-missing-headers", "inm-supported" }) << QStringList() << false;
    QTest::addRow("If-Modified-Since equality")
        << QStringLiteral("/bugs/ims-equality") << list({ "ims-equality-compare", "ims-supported" })
        << list({ "ims-ignored" }) << true;
    QTest::addRow("gzip and identity tags differ")
        << QStringLiteral("/vary/accept-encoding") << list({ "etag-varies-by-encoding" })
        << list({ "etag-same-across-encodings", "probe-no-gzip" }) << false;
    QTest::addRow("load-balanced tags") << QStringLiteral("/bugs/load-balanced") << list({ "etag-changed-body-same" })
                                        << list({ "inm-ignored" }) << false;
    QTest::addRow("404") << QStringLiteral("/status/404") << list({ "probe-request-failed" }) << QStringList() << true;
}

void TestValidationProbe::demo()
{
    QFETCH(QString, path);
    QFETCH(QStringList, must);
    QFETCH(QStringList, mustNot);
    QFETCH(bool, errors);
    const ValidationProbeResult result = probe(m_origin.url(path));
    QString why;
    QVERIFY2(checkCodes(result, must, mustNot, &why), qPrintable(why));
    QCOMPARE(result.hasErrors(), errors);
    QCOMPARE(result.url, m_origin.url(path));
}

void TestValidationProbe::stepsFollowTheValidators()
{
    const auto names = [](const ValidationProbeResult &result) {
        QStringList list;
        for (const ProbeStep &s : result.steps)
            list.append(s.name);
        return list;
    };
    QCOMPARE(names(probe(m_origin.url(QStringLiteral("/validators/none")))), list({ "fetch" }));
    QCOMPARE(names(probe(m_origin.url(QStringLiteral("/validators/last-modified")))),
        list({ "fetch", "if-modified-since", "if-modified-since-later", "if-modified-since-earlier" }));
    const ValidationProbeResult tagged = probe(m_origin.url(QStringLiteral("/validators/strong-etag")));
    QCOMPARE(names(tagged),
        list({ "fetch", "if-none-match", "if-none-match-other-form", "if-none-match-other-tag", "if-none-match-list",
            "accept-encoding-gzip", "accept-encoding-identity" }));
    const QByteArray tag = tagged.steps.first().exchange.responseHeaders.first("ETag");
    QCOMPARE(tagged.steps.at(1).exchange.requestHeadersSent.first("If-None-Match"), tag);
    QCOMPARE(tagged.steps.at(2).exchange.requestHeadersSent.first("If-None-Match"), "W/" + tag);
    QVERIFY(tagged.steps.at(3).exchange.requestHeadersSent.first("If-None-Match") != tag);
    QCOMPARE(tagged.steps.at(4).exchange.requestHeadersSent.first("If-None-Match"),
        tagged.steps.at(3).exchange.requestHeadersSent.first("If-None-Match") + ", " + tag);
    QCOMPARE(tagged.steps.at(6).exchange.requestHeadersSent.first("Accept-Encoding"), QByteArray("identity"));
}

void TestValidationProbe::connectionRefused()
{
    const quint16 port = freeLocalPort();
    QVERIFY(port != 0);
    const ValidationProbeResult result = probe(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)));
    QCOMPARE(result.steps.size(), 1);
    QCOMPARE(codesOf(result.notes), list({ "probe-request-failed" }));
    QVERIFY(result.hasErrors());
}

void TestValidationProbe::conditionalHeadersGivenAreReplaced()
{
    // A stale If-None-Match typed by the user must not turn the first fetch into a 304.
    const ValidationProbeResult result = probe(m_origin.url(QStringLiteral("/validators/strong-etag")),
        { { "If-None-Match", "*" }, { "If-Modified-Since", OldDate }, { "X-Probe", "kept" } });
    QCOMPARE(result.steps.first().exchange.status, 200);
    QVERIFY(!result.steps.first().exchange.requestHeadersSent.contains("If-Modified-Since"));
    QCOMPARE(result.steps.at(1).exchange.requestHeadersSent.first("X-Probe"), QByteArray("kept"));
    QVERIFY(!result.hasErrors());
}

void TestValidationProbe::cancel()
{
    HttpClient client;
    ValidationProbe probe(&client);
    QSignalSpy spy(&probe, &ValidationProbe::finished);
    Request request;
    request.url = m_origin.url(QStringLiteral("/large"));
    probe.start(request);
    QVERIFY(probe.isRunning());
    probe.cancel();
    QVERIFY(spy.size() == 1 || spy.wait(10000));
    QCOMPARE(spy.size(), 1);
    QVERIFY(!probe.isRunning());
    QVERIFY(probe.result().hasErrors());
    // No second finished() may follow from the cancelled transfer's queued work.
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QCOMPARE(spy.size(), 1);
}

void TestValidationProbe::nginx_data()
{
    QTest::addColumn<QByteArray>("extraHttp");
    QTest::addColumn<QStringList>("must");
    QTest::addColumn<QStringList>("mustNot");
    // nginx's default is "if_modified_since exact": a later date gets a full 200.
    QTest::addRow("default configuration")
        << QByteArray()
        << list({ "inm-supported", "inm-weak-comparison", "ims-supported", "ims-equality-compare", "probe-no-gzip" })
        << list({ "inm-ignored", "inm-false-match", "ims-earlier-not-modified", "inm-list-unsupported" });
    QTest::addRow("if_modified_since before")
        << QByteArray("if_modified_since before;") << list({ "inm-supported", "ims-supported" })
        << list({ "ims-equality-compare", "ims-ignored", "inm-ignored" });
}

void TestValidationProbe::nginxGzip()
{
    // nginx weakens the tag of a gzipped 200 (W/"x") but sends the strong "x" in the 304.
    CACHESCOPE_REQUIRE_SERVER(NginxServer);
    QTemporaryDir root;
    QVERIFY(writeOldFile(root.filePath(QStringLiteral("page.txt")), QByteArray("probe me\n").repeated(100)));
    NginxServer nginx(root.path());
    nginx.setGzip(true);
    QVERIFY2(nginx.start(), qPrintable(nginx.errorString()));
    const ValidationProbeResult result = probe(nginx.url(QStringLiteral("/page.txt")));
    QString why;
    QVERIFY2(checkCodes(result, list({ "304-etag-strength-differs", "inm-supported" }),
                 list({ "etag-same-across-encodings", "probe-no-gzip" }), &why),
        qPrintable(why));
}

void TestValidationProbe::nginx()
{
    QFETCH(QByteArray, extraHttp);
    QFETCH(QStringList, must);
    QFETCH(QStringList, mustNot);
    CACHESCOPE_REQUIRE_SERVER(NginxServer);
    QTemporaryDir root;
    QVERIFY(writeOldFile(root.filePath(QStringLiteral("page.txt")), QByteArray("probe me\n").repeated(100)));
    NginxServer nginx(root.path());
    nginx.setExtraHttpConfig(extraHttp);
    QVERIFY2(nginx.start(), qPrintable(nginx.errorString()));
    const ValidationProbeResult result = probe(nginx.url(QStringLiteral("/page.txt")));
    QString why;
    QVERIFY2(checkCodes(result, must, mustNot, &why), qPrintable(why));
}

void TestValidationProbe::apache_data()
{
    QTest::addColumn<bool>("deflate");
    QTest::addColumn<QStringList>("must");
    QTest::addColumn<QStringList>("mustNot");
    QTest::addRow("identity") << false
                              << list({ "inm-supported", "inm-weak-comparison", "ims-supported", "probe-no-gzip" })
                              << list({ "inm-ignored", "ims-equality-compare", "ims-ignored", "inm-false-match",
                                     "inm-list-unsupported" });
    // mod_deflate adds "-gzip" to the tag of the compressed representation.
    QTest::addRow("mod_deflate") << true << list({ "etag-varies-by-encoding", "ims-supported" })
                                 << list({ "etag-same-across-encodings", "ims-equality-compare" });
}

void TestValidationProbe::apache()
{
    QFETCH(bool, deflate);
    QFETCH(QStringList, must);
    QFETCH(QStringList, mustNot);
    CACHESCOPE_REQUIRE_SERVER(ApacheServer);
    QTemporaryDir root;
    QVERIFY(writeOldFile(root.filePath(QStringLiteral("page.txt")), QByteArray("probe me\n").repeated(100)));
    ApacheServer apache(root.path());
    apache.setDeflate(deflate);
    QVERIFY2(apache.start(), qPrintable(apache.errorString()));
    const ValidationProbeResult result = probe(apache.url(QStringLiteral("/page.txt")));
    QString why;
    QVERIFY2(checkCodes(result, must, mustNot, &why), qPrintable(why));
}

void TestValidationProbe::httpbin_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("must");
    QTest::addColumn<QStringList>("mustNot");
    // /etag/{etag} sends the tag unquoted and evaluates If-None-Match; its body echoes the request headers, so
    // the 200 to a foreign tag carries other bytes under the same tag.
    QTest::addRow("/etag/abc") << QStringLiteral("/etag/abc")
                               << list({ "etag-malformed", "inm-supported", "same-strong-etag-different-body" })
                               << list({ "inm-false-match", "inm-ignored" });
    // /cache answers 304 to any If-None-Match or If-Modified-Since, whatever it carries.
    QTest::addRow("/cache") << QStringLiteral("/cache") << list({ "inm-false-match", "ims-earlier-not-modified" })
                            << list({ "inm-ignored" });
}

void TestValidationProbe::httpbin()
{
    QFETCH(QString, path);
    QFETCH(QStringList, must);
    QFETCH(QStringList, mustNot);
    CACHESCOPE_REQUIRE_SERVER(HttpbinServer);
    HttpbinServer httpbin;
    QVERIFY2(httpbin.start(), qPrintable(httpbin.errorString()));
    const ValidationProbeResult result = probe(httpbin.url(path));
    QString why;
    QVERIFY2(checkCodes(result, must, mustNot, &why), qPrintable(why));
    QVERIFY2(result.hasErrors(), qPrintable(codesOf(result.notes).join(QLatin1Char(' '))));
}

QTEST_GUILESS_MAIN(TestValidationProbe)
#include "tst_validationprobe.moc"
