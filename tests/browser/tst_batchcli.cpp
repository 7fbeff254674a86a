#include "support/clirun.h"
#include "support/scriptedorigin.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace CacheScope::TestSupport;

namespace {

// What one output line must say. An empty `error` means the line must be a response.
struct Expected
{
    QJsonValue id;
    int status = 0;
    QString error; // a part of the error message
    QString decision; // cache.decision; empty: not checked
    QByteArray body; // null: not checked
    QList<int> interim;
};

Expected response(const QJsonValue &id, int status, const QByteArray &body = {}, const QString &decision = {})
{
    Expected e;
    e.id = id;
    e.status = status;
    e.body = body;
    e.decision = decision;
    return e;
}

Expected failure(const QJsonValue &id, const QString &error)
{
    Expected e;
    e.id = id;
    e.error = error;
    return e;
}

ScriptedResponse answerFor(const RecordedRequest &request)
{
    const QByteArray path = request.target;
    if (path == "/ok")
        return ScriptedResponse::make(200, { { "Cache-Control", "max-age=60" }, { "ETag", "\"v1\"" } }, "hello");
    if (path == "/validate")
        return request.header("If-None-Match") == "\"v1\""
            ? ScriptedResponse::make(304, { { "ETag", "\"v1\"" } })
            : ScriptedResponse::make(200, { { "Cache-Control", "max-age=0" }, { "ETag", "\"v1\"" } }, "stored");
    if (path == "/swr")
        return request.hasHeader("If-None-Match")
            ? ScriptedResponse::make(304, { { "ETag", "\"s1\"" } })
            : ScriptedResponse::make(
                200, { { "Cache-Control", "max-age=0, stale-while-revalidate=600" }, { "ETag", "\"s1\"" } }, "swr");
    if (path == "/redirect")
        return ScriptedResponse::make(301, { { "Location", "/ok" } }, "moved");
    if (path == "/odd")
        return ScriptedResponse::rawBytes("HTTP/1.1 999 Odd\r\nContent-Length: 2\r\n\r\nok");
    if (path == "/low")
        return ScriptedResponse::rawBytes("HTTP/1.1 099 Low\r\nContent-Length: 3\r\n\r\nlow");
    if (path == "/zero")
        return ScriptedResponse::rawBytes("HTTP/1.1 000 Zero\r\nContent-Length: 0\r\n\r\n");
    if (path == "/early")
        return ScriptedResponse::rawBytes("HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n"
                                          "HTTP/1.1 102 Processing\r\n\r\n"
                                          "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal");
    if (path == "/slow") {
        ScriptedResponse slow = ScriptedResponse::make(200, {}, "slow");
        slow.delayMs = 800;
        return slow;
    }
    if (path == "/echo")
        return ScriptedResponse::make(200, {}, request.method + ' ' + request.body);
    return ScriptedResponse::make(404, {}, "unscripted " + path);
}

} // namespace

Q_DECLARE_METATYPE(Expected)

class TestBatchCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void lines_data();
    void lines();
    void headersPassThroughAsGiven();
    void browserModeReusesTheStoreAcrossRuns();
    void answersComeAsTheyFinish();
    void backgroundRevalidationEndsBeforeExit();
    void emptyInputExitsAtOnce();
    void badCacheMode();
    void getWithCacheMode_data();
    void getWithCacheMode();

private:
    // Runs `cachescope-cli batch` on `input`; returns the output lines as objects.
    QList<QJsonObject> runBatch(const QStringList &arguments, const QByteArray &input, int *exitCode);
    QByteArray withBase(QByteArray text) const { return text.replace("BASE", m_origin.baseUrl().toEncoded()); }

    ScriptedOrigin m_origin;
    QTemporaryDir m_dir;
};

void TestBatchCli::initTestCase()
{
    QVERIFY2(m_origin.start(), qPrintable(m_origin.errorString()));
    QVERIFY(m_dir.isValid());
    m_origin.setHandler([](const RecordedRequest &request, int) { return answerFor(request); });
}

QList<QJsonObject> TestBatchCli::runBatch(const QStringList &arguments, const QByteArray &input, int *exitCode)
{
    CliOptions options;
    options.input = input;
    options.timeoutMs = 30000;
    const CliRun run = runCli(QStringList { QStringLiteral("batch") } + arguments, options);
    *exitCode = run.exitCode;
    QList<QJsonObject> lines;
    for (const QByteArray &line : run.out.split('\n')) {
        if (line.isEmpty())
            continue;
        const QJsonDocument document = QJsonDocument::fromJson(line);
        if (!document.isObject())
            qWarning("not a JSON object: %s", line.constData());
        lines.append(document.object());
    }
    return lines;
}

void TestBatchCli::lines_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<Expected>>("expected");

    QTest::addRow("one GET") << QStringLiteral("inspector") << QByteArray(R"({"id": 1, "url": "BASE/ok"})")
                             << QList<Expected> { response(1, 200, "hello", QStringLiteral("sent")) };
    QTest::addRow("string id, explicit fields")
        << QStringLiteral("browser")
        << QByteArray(
               R"({"id": "a", "method": "GET", "url": "BASE/ok", "headers": [], "body": null, "redirect": "manual"})")
        << QList<Expected> { response(QStringLiteral("a"), 200, "hello", QStringLiteral("fetched")) };
    QTest::addRow("statuses outside 100-599 as they came")
        << QStringLiteral("inspector") << QByteArray(R"({"id": 1, "url": "BASE/odd"}
{"id": 2, "url": "BASE/low"}
{"id": 3, "url": "BASE/zero"})")
        << QList<Expected> { response(1, 999, "ok"), response(2, 99, "low"), response(3, 0, "") };
    Expected early = response(1, 200, "final");
    early.interim = { 103, 102 };
    QTest::addRow("1xx interim responses are not the final one")
        << QStringLiteral("browser") << QByteArray(R"({"id": 1, "url": "BASE/early"})") << QList<Expected> { early };
    QTest::addRow("redirect manual returns the 3xx, follow the target")
        << QStringLiteral("browser") << QByteArray(R"({"id": 1, "url": "BASE/redirect", "redirect": "manual"}
{"id": 2, "url": "BASE/redirect", "redirect": "follow"})")
        << QList<Expected> { response(1, 301, "moved"), response(2, 200, "hello") };
    QTest::addRow("inspector follows too")
        << QStringLiteral("inspector") << QByteArray(R"({"id": 7, "url": "BASE/redirect"})")
        << QList<Expected> { response(7, 200, "hello") };
    QTest::addRow("POST body sent as given")
        << QStringLiteral("browser") << QByteArray(R"({"id": 1, "method": "POST", "url": "BASE/echo", "body": "x=1"})")
        << QList<Expected> { response(1, 200, "POST x=1", QStringLiteral("bypassed")) };
    QTest::addRow("bad lines get errors, good ones still answered")
        << QStringLiteral("inspector") << QByteArray(R"(not json
[1, 2]
{"url": "BASE/ok"}
{"id": true, "url": "BASE/ok"}
{"id": 1}
{"id": 2, "url": 5}
{"id": 3, "url": "http://"}
{"id": 4, "url": "ftp://host/x"}
{"id": 5, "url": "BASE/ok", "headers": [["Bad Name", "x"]]}
{"id": 6, "url": "BASE/ok", "headers": [["X", "a\r\nInjected: 1"]]}
{"id": 7, "url": "BASE/ok", "headers": {"X": "1"}}
{"id": 8, "url": "BASE/ok", "headers": [["X"]]}
{"id": 9, "url": "BASE/ok", "redirect": "sideways"}
{"id": 10, "url": "BASE/ok", "method": "GE T"}
{"id": 11, "url": "BASE/ok", "body": 5}
{"id": 12, "url": "BASE/ok", "method": 1}

{"id": 13, "url": "BASE/ok"})")
        << QList<Expected> { failure(QJsonValue::Null, QStringLiteral("not JSON")),
               failure(QJsonValue::Null, QStringLiteral("one JSON object")),
               failure(QJsonValue::Null, QStringLiteral("missing \"id\"")),
               failure(QJsonValue::Null, QStringLiteral("number or a string")),
               failure(1, QStringLiteral("missing \"url\"")), failure(2, QStringLiteral("\"url\" must be a string")),
               failure(3, QStringLiteral("host")), failure(4, QStringLiteral("unsupported scheme")),
               failure(5, QStringLiteral("invalid header name")), failure(6, QStringLiteral("header injection")),
               failure(7, QStringLiteral("pairs")), failure(8, QStringLiteral("pairs")),
               failure(9, QStringLiteral("\"redirect\"")), failure(10, QStringLiteral("invalid method")),
               failure(11, QStringLiteral("\"body\"")), failure(12, QStringLiteral("\"method\"")),
               response(13, 200, "hello") };
    QTest::addRow("connection refused is an error line")
        << QStringLiteral("browser") << QByteArray(R"({"id": 1, "url": "http://127.0.0.1:1/x"})")
        << QList<Expected> { failure(1, QStringLiteral("refused")) };
    QTest::addRow("only-if-cached with an empty store: 504, no network")
        << QStringLiteral("browser")
        << QByteArray(R"({"id": 1, "url": "BASE/nothing", "headers": [["Cache-Control", "only-if-cached"]]})")
        << QList<Expected> { response(1, 504, {}, QStringLiteral("unavailable")) };
}

void TestBatchCli::lines()
{
    QFETCH(QString, mode);
    QFETCH(QByteArray, input);
    QFETCH(QList<Expected>, expected);
    QTemporaryDir store;
    int exitCode = -1;
    const QList<QJsonObject> lines = runBatch(
        { QStringLiteral("--cache-mode"), mode, QStringLiteral("--store"), store.path() }, withBase(input), &exitCode);
    QCOMPARE(exitCode, 0);
    QCOMPARE(lines.size(), expected.size());
    // Answers come in any order: match them by id, and errors without id in the order given.
    QList<QJsonObject> remaining = lines;
    for (const Expected &e : expected) {
        const auto it = std::find_if(remaining.begin(), remaining.end(), [&e](const QJsonObject &line) {
            return line.value(QLatin1String("id")) == e.id
                && line.contains(QLatin1String("error")) == !e.error.isEmpty();
        });
        const QByteArray what = QJsonDocument(QJsonArray { e.id }).toJson(QJsonDocument::Compact);
        QVERIFY2(it != remaining.end(), what.constData());
        const QJsonObject line = *it;
        remaining.erase(it);
        const QByteArray text = what + ' ' + QJsonDocument(line).toJson(QJsonDocument::Compact);
        if (!e.error.isEmpty()) {
            QVERIFY2(line.value(QLatin1String("error")).toString().contains(e.error), text.constData());
            QVERIFY2(!line.contains(QLatin1String("status")), text.constData());
            continue;
        }
        QVERIFY2(line.value(QLatin1String("status")).toInt(-1) == e.status, text.constData());
        if (!e.body.isNull())
            QVERIFY2(QByteArray::fromBase64(line.value(QLatin1String("body_b64")).toString().toLatin1()) == e.body,
                text.constData());
        const QJsonObject cache = line.value(QLatin1String("cache")).toObject();
        QVERIFY2(cache.value(QLatin1String("mode")).toString() == mode, text.constData());
        if (!e.decision.isEmpty())
            QVERIFY2(cache.value(QLatin1String("decision")).toString() == e.decision, text.constData());
        QList<int> interim;
        for (const QJsonValue &response : line.value(QLatin1String("interim")).toArray())
            interim.append(response.toObject().value(QLatin1String("status")).toInt());
        QCOMPARE(interim, e.interim);
        QVERIFY2(line.value(QLatin1String("headers")).isArray(), text.constData());
    }
}

void TestBatchCli::headersPassThroughAsGiven()
{
    m_origin.clearRequests();
    int exitCode = -1;
    const QList<QJsonObject> lines = runBatch({ QStringLiteral("--store"), m_dir.path() },
        withBase(
            R"({"id": 1, "url": "BASE/ok", "headers": [["X-Twice", "a"], ["x-twice", "b"], ["accept", "text/x"]]})"),
        &exitCode);
    QCOMPARE(exitCode, 0);
    QCOMPARE(lines.size(), 1);
    QCOMPARE(m_origin.requestCount(), 1);
    const RawHeaders expected { { "Host", m_origin.baseUrl().authority().toLatin1() }, { "X-Twice", "a" },
        { "x-twice", "b" }, { "accept", "text/x" } };
    QCOMPARE(m_origin.lastRequest().headers, expected);
    const QJsonObject cache = lines.first().value(QLatin1String("cache")).toObject();
    QCOMPARE(cache.value(QLatin1String("addedRequestHeaders")).toArray(), QJsonArray { QStringLiteral("Host") });
}

void TestBatchCli::browserModeReusesTheStoreAcrossRuns()
{
    QTemporaryDir store;
    const QStringList arguments { QStringLiteral("--cache-mode"), QStringLiteral("browser"), QStringLiteral("--store"),
        store.path() };
    const QByteArray input = withBase(R"({"id": 1, "url": "BASE/ok"}
{"id": 2, "url": "BASE/validate"})");
    m_origin.clearRequests();
    int exitCode = -1;
    QList<QJsonObject> lines = runBatch(arguments, input, &exitCode);
    QCOMPARE(exitCode, 0);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(m_origin.requestCount(), 2);

    m_origin.clearRequests();
    lines = runBatch(arguments, input, &exitCode);
    QCOMPARE(exitCode, 0);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(m_origin.requestCount(), 1); // /ok is fresh; /validate is revalidated
    QCOMPARE(m_origin.lastRequest().header("If-None-Match"), QByteArray("\"v1\""));
    for (const QJsonObject &line : lines) {
        const QJsonObject cache = line.value(QLatin1String("cache")).toObject();
        const bool fresh = line.value(QLatin1String("id")).toInt() == 1;
        QCOMPARE(cache.value(QLatin1String("decision")).toString(),
            fresh ? QStringLiteral("fresh") : QStringLiteral("revalidated"));
        QCOMPARE(cache.value(QLatin1String("fromStore")).toBool(), true);
        QCOMPARE(cache.value(QLatin1String("addedResponseHeaders")).toArray(), QJsonArray { QStringLiteral("Age") });
        if (!fresh)
            QVERIFY(
                cache.value(QLatin1String("addedRequestHeaders")).toArray().contains(QStringLiteral("If-None-Match")));
        QCOMPARE(line.value(QLatin1String("status")).toInt(), 200);
        QCOMPARE(QByteArray::fromBase64(line.value(QLatin1String("body_b64")).toString().toLatin1()),
            fresh ? QByteArray("hello") : QByteArray("stored"));
    }
}

void TestBatchCli::answersComeAsTheyFinish()
{
    int exitCode = -1;
    const QList<QJsonObject> lines = runBatch({ QStringLiteral("--store"), m_dir.path() },
        withBase("{\"id\": \"slow\", \"url\": \"BASE/slow\"}\n{\"id\": \"quick\", \"url\": \"BASE/ok\"}\n"), &exitCode);
    QCOMPARE(exitCode, 0);
    QCOMPARE(lines.size(), 2);
    // Sent together: the quick answer does not wait for the slow one, and the process waits for both.
    QCOMPARE(lines.at(0).value(QLatin1String("id")).toString(), QStringLiteral("quick"));
    QCOMPARE(lines.at(1).value(QLatin1String("id")).toString(), QStringLiteral("slow"));
    QCOMPARE(lines.at(1).value(QLatin1String("status")).toInt(), 200);
}

void TestBatchCli::backgroundRevalidationEndsBeforeExit()
{
    QTemporaryDir store;
    const QStringList arguments { QStringLiteral("--cache-mode"), QStringLiteral("browser"), QStringLiteral("--store"),
        store.path() };
    const QByteArray input = withBase("{\"id\": 1, \"url\": \"BASE/swr\"}");
    int exitCode = -1;
    QCOMPARE(runBatch(arguments, input, &exitCode).size(), 1);
    m_origin.clearRequests();
    const QList<QJsonObject> lines = runBatch(arguments, input, &exitCode);
    QCOMPARE(exitCode, 0);
    QCOMPARE(lines.size(), 1);
    const QJsonObject cache = lines.first().value(QLatin1String("cache")).toObject();
    QCOMPARE(cache.value(QLatin1String("decision")).toString(), QStringLiteral("stale"));
    QCOMPARE(cache.value(QLatin1String("backgroundRevalidation")).toBool(), true);
    // The process waited for the background revalidation before exiting.
    QCOMPARE(m_origin.requestCount(), 1);
    QCOMPARE(m_origin.lastRequest().header("If-None-Match"), QByteArray("\"s1\""));
}

void TestBatchCli::emptyInputExitsAtOnce()
{
    int exitCode = -1;
    QCOMPARE(runBatch({ QStringLiteral("--store"), m_dir.path() }, {}, &exitCode).size(), 0);
    QCOMPARE(exitCode, 0);
}

void TestBatchCli::badCacheMode()
{
    int exitCode = -1;
    QCOMPARE(runBatch({ QStringLiteral("--cache-mode"), QStringLiteral("proxy") }, {}, &exitCode).size(), 0);
    QCOMPARE(exitCode, 2);
}

void TestBatchCli::getWithCacheMode_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("decisions"); // of two runs; empty: not run
    QTest::addRow("browser: fetched, then fresh") << QStringList { QStringLiteral("--cache-mode"),
        QStringLiteral("browser") } << 0 << QStringList { QStringLiteral("fetched"), QStringLiteral("fresh") };
    QTest::addRow("inspector: the network both times")
        << QStringList { QStringLiteral("--cache-mode"), QStringLiteral("inspector") } << 0 << QStringList {};
    QTest::addRow("unknown mode") << QStringList { QStringLiteral("--cache-mode"), QStringLiteral("shared") } << 2
                                  << QStringList {};
    QTest::addRow("browser with --no-store") << QStringList { QStringLiteral("--cache-mode"), QStringLiteral("browser"),
        QStringLiteral("--no-store") } << 2 << QStringList {};
}

void TestBatchCli::getWithCacheMode()
{
    QFETCH(QStringList, extra);
    QFETCH(int, exitCode);
    QFETCH(QStringList, decisions);
    QTemporaryDir store;
    m_origin.clearRequests();
    for (int run = 0; run < 2; ++run) {
        QProcess process;
        process.start(cliPath(),
            QStringList { QStringLiteral("get"), QStringLiteral("--json"), QStringLiteral("--store"), store.path() }
                + extra + QStringList { m_origin.url(QStringLiteral("/ok")).toString() });
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), exitCode);
        if (exitCode != 0)
            return;
        const QJsonObject object = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        QCOMPARE(object.value(QLatin1String("status")).toInt(), 200);
        if (!decisions.isEmpty())
            QCOMPARE(object.value(QLatin1String("cache")).toObject().value(QLatin1String("decision")).toString(),
                decisions.at(run));
    }
    QCOMPARE(m_origin.requestCount(), decisions.isEmpty() ? 2 : 1);
}

QTEST_GUILESS_MAIN(TestBatchCli)
#include "tst_batchcli.moc"
