// The test support itself: every server starts on a free port, answers a raw GET and is gone afterwards;
// RawHttp parses what it gets; ScriptedOrigin answers as scripted and records what it received.
#include "support/apacheserver.h"
#include "support/httpbinserver.h"
#include "support/nginxserver.h"
#include "support/pythonhttpserver.h"
#include "support/rawhttp.h"
#include "support/scriptedorigin.h"

#include <cerrno>
#include <csignal>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope::TestSupport;

class TestServers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void parse_data();
    void parse();
    void decodeChunked_data();
    void decodeChunked();
    void buildRequest();
    void headerLookup();
    void serversRequiredFollowsCi_data();
    void serversRequiredFollowsCi();

    void nginxServesFilesAndStops();
    void nginxGzipWeakensEtag();
    void nginxRejectsBadConfigClearly();
    void apacheServesFiles();
    void apacheDeflateSuffixesEtag();
    void httpbinAnswers();
    void pythonHttpServerServesFiles();
    void missingProgramIsAClearError();
    void destructorLeavesNoProcess();
    void twoServersGetTwoPorts();
    void defaultRootIsInWorkDir();

    void originAnswersQueueInOrderAndRecords();
    void originUnscriptedRequestGets500();
    void originHandlerAndDefault();
    void originSendsRawBytesVerbatim();
    void originKeepAliveAndPipelining();
    void originHeadRequestGetsNoBody();
    void originRecordsRequestBodies();
    void originRejectsMalformedRequest();
    void originDelayMakesClientTimeOut();
    void originSignalsEachRequest();

private:
    bool m_filesWritten = false;
    QTemporaryDir m_site;
    QByteArray m_bigText;
};

// Files written by initTestCase are dated an hour back: Apache weakens the ETag of a file modified within the
// last second, so a fresh file would make the ETags the tests compare depend on how fast they run.
static void writeFile(const QString &path, const QByteArray &contents, bool backdate = false)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(path));
    QVERIFY(file.write(contents) == contents.size() && file.flush()); // flushed first: a later write sets mtime again
    if (backdate)
        QVERIFY(file.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-3600), QFileDevice::FileModificationTime));
}

static bool portRefuses(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    return !socket.waitForConnected(2000);
}

void TestServers::initTestCase()
{
    QVERIFY(m_site.isValid());
    for (int i = 0; i < 200; ++i)
        m_bigText += "line " + QByteArray::number(i) + " of a text that compresses well\n";
    writeFile(m_site.filePath(QStringLiteral("hello.txt")), "hello from a real server\n", true);
    writeFile(m_site.filePath(QStringLiteral("big.txt")), m_bigText, true);
    writeFile(m_site.filePath(QStringLiteral("cc/fresh.txt")), "fresh for a minute\n", true);
    writeFile(m_site.filePath(QStringLiteral("index.html")), "<!doctype html><title>index</title>\n", true);
}

// ---- RawHttp ------------------------------------------------------------------------------------------------

void TestServers::parse_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("head");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body"); // decodedBody()
    QTest::addColumn<QString>("error"); // a part of the error; empty: valid

    QTest::addRow("content-length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello") << false << 200
                                    << QByteArray("hello") << QString();
    QTest::addRow("no reason phrase") << QByteArray("HTTP/1.1 204\r\n\r\n") << false << 204 << QByteArray()
                                      << QString();
    QTest::addRow("chunked") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"
                                           "0\r\n\r\n")
                             << false << 200 << QByteArray("hello") << QString();
    QTest::addRow("chunked, extension and trailer")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n"
                      "0\r\nX-Trailer: 1\r\n\r\n")
        << false << 200 << QByteArray("abcde") << QString();
    QTest::addRow("HEAD ignores Content-Length")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n") << true << 200 << QByteArray() << QString();
    QTest::addRow("304 has no body") << QByteArray("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n") << false
                                     << 304 << QByteArray() << QString();
    QTest::addRow("until close") << QByteArray("HTTP/1.0 200 OK\r\n\r\nall the rest") << false << 200
                                 << QByteArray("all the rest") << QString();
    QTest::addRow("equal duplicate Content-Length")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\ncontent-length: 2, 2\r\n\r\nok") << false << 200
        << QByteArray("ok") << QString();
    QTest::addRow("non-ASCII header value") << QByteArray("HTTP/1.1 200 OK\r\nX-Name: caf\xc3\xa9\r\n"
                                                          "Content-Length: 0\r\n\r\n")
                                            << false << 200 << QByteArray() << QString();

    QTest::addRow("empty") << QByteArray() << false << 0 << QByteArray() << QStringLiteral("no response received");
    QTest::addRow("whitespace") << QByteArray(" \t \r\n\r\n") << false << 0 << QByteArray()
                                << QStringLiteral("malformed status line");
    QTest::addRow("garbage") << QByteArray("\x00\xff\xfegarbage\r\n\r\n", 14) << false << 0 << QByteArray()
                             << QStringLiteral("malformed status line");
    QTest::addRow("four-digit status") << QByteArray("HTTP/1.1 2000 OK\r\n\r\n") << false << 0 << QByteArray()
                                       << QStringLiteral("malformed status line");
    QTest::addRow("head without end") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n") << false << 0
                                      << QByteArray() << QStringLiteral("incomplete response head");
    QTest::addRow("short body") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc") << false << 200
                                << QByteArray("abc") << QStringLiteral("incomplete body: 3 of 10 bytes");
    QTest::addRow("huge Content-Length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n"
                                                       "\r\n")
                                         << false << 200 << QByteArray() << QStringLiteral("invalid Content-Length");
    QTest::addRow("negative Content-Length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n") << false
                                             << 200 << QByteArray() << QStringLiteral("invalid Content-Length");
    QTest::addRow("conflicting Content-Length")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!") << false << 200
        << QByteArray() << QStringLiteral("invalid Content-Length");
    QTest::addRow("header without colon") << QByteArray("HTTP/1.1 200 OK\r\nNoColonHere\r\n\r\n") << false << 200
                                          << QByteArray() << QStringLiteral("malformed header line 1");
    QTest::addRow("bad chunk size") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                    << false << 200 << QByteArray() << QStringLiteral("invalid chunked framing");
    QTest::addRow("unfinished chunks") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel")
                                       << false << 200 << QByteArray() << QStringLiteral("incomplete chunked body");
}

void TestServers::parse()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, head);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, error);

    const RawResponse response = RawHttp::parse(bytes, head);
    QCOMPARE(response.bytes, bytes);
    QCOMPARE(response.statusCode, status);
    if (error.isEmpty()) {
        QVERIFY2(response.isValid(), qPrintable(response.error));
        QCOMPARE(response.decodedBody(), body);
    } else {
        QVERIFY2(response.error.contains(error), qPrintable(response.error));
        if (!body.isEmpty())
            QCOMPARE(response.body, body);
    }
}

void TestServers::decodeChunked_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("result");
    QTest::addColumn<QByteArray>("decoded");
    QTest::addColumn<int>("consumed");

    const int complete = int(RawHttp::Chunked::Complete);
    const int incomplete = int(RawHttp::Chunked::Incomplete);
    const int invalid = int(RawHttp::Chunked::Invalid);
    QTest::addRow("two chunks") << QByteArray("2\r\nab\r\n1\r\nc\r\n0\r\n\r\nnext") << complete << QByteArray("abc")
                                << 18;
    QTest::addRow("upper-case hex") << QByteArray("A\r\n0123456789\r\n0\r\n\r\n") << complete
                                    << QByteArray("0123456789") << 20;
    QTest::addRow("empty") << QByteArray() << incomplete << QByteArray() << -1;
    QTest::addRow("no last chunk") << QByteArray("1\r\na\r\n") << incomplete << QByteArray("a") << -1;
    QTest::addRow("missing CRLF after data") << QByteArray("1\r\nabc\r\n0\r\n\r\n") << invalid << QByteArray("a") << -1;
    QTest::addRow("0x prefix") << QByteArray("0x1\r\na\r\n0\r\n\r\n") << invalid << QByteArray() << -1;
    QTest::addRow("signed size") << QByteArray("+1\r\na\r\n0\r\n\r\n") << invalid << QByteArray() << -1;
    QTest::addRow("huge size") << QByteArray("fffffffffff\r\n") << invalid << QByteArray() << -1;
    QTest::addRow("empty size line") << QByteArray("\r\n") << invalid << QByteArray() << -1;
    QTest::addRow("endless size line") << QByteArray(2000, '1') << invalid << QByteArray() << -1;
}

void TestServers::decodeChunked()
{
    QFETCH(QByteArray, data);
    QFETCH(int, result);
    QFETCH(QByteArray, decoded);
    QFETCH(int, consumed);

    QByteArray out;
    qsizetype used = -1;
    QCOMPARE(int(RawHttp::decodeChunked(data, &out, &used)), result);
    QCOMPARE(out, decoded);
    if (consumed >= 0)
        QCOMPARE(used, qsizetype(consumed));
}

void TestServers::buildRequest()
{
    const QByteArray request = RawHttp::buildRequest("POST", QUrl(QStringLiteral("http://127.0.0.1:8080/a%20b?x=1&y")),
        { { "If-None-Match", "\"v1\"" }, { "X-Dup", "1" }, { "X-Dup", "2" } }, "body");
    QCOMPARE(request,
        QByteArray("POST /a%20b?x=1&y HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nConnection: close\r\n"
                   "If-None-Match: \"v1\"\r\nX-Dup: 1\r\nX-Dup: 2\r\nContent-Length: 4\r\n\r\nbody"));
    QCOMPARE(RawHttp::buildRequest("GET", QUrl(QStringLiteral("http://example.test"))),
        QByteArray("GET / HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n"));
}

void TestServers::headerLookup()
{
    const RawHeaders headers { { "ETag", "\"a\"" }, { "Vary", "Accept" }, { "vary", "Origin" }, { "X-Empty", "" } };
    QCOMPARE(headerValue(headers, "etag"), QByteArray("\"a\""));
    QCOMPARE(headerValues(headers, "VARY"), (QList<QByteArray> { "Accept", "Origin" }));
    QVERIFY(!headerValue(headers, "x-empty").isNull()); // present and empty
    QVERIFY(headerValue(headers, "x-empty").isEmpty());
    QVERIFY(headerValue(headers, "Missing").isNull());
    QVERIFY(headerValues(headers, "Missing").isEmpty());
}

void TestServers::serversRequiredFollowsCi_data()
{
    QTest::addColumn<QByteArray>("ci");
    QTest::addColumn<bool>("required");
    QTest::addRow("unset") << QByteArray() << false;
    QTest::addRow("true") << QByteArray("true") << true;
    QTest::addRow("TRUE with spaces") << QByteArray(" TRUE ") << true;
    QTest::addRow("1") << QByteArray("1") << true;
    QTest::addRow("false") << QByteArray("false") << false;
    QTest::addRow("garbage") << QByteArray("maybe") << false;
}

void TestServers::serversRequiredFollowsCi()
{
    QFETCH(QByteArray, ci);
    QFETCH(bool, required);
    const QByteArray savedCi = qgetenv("CI");
    const bool hadCi = qEnvironmentVariableIsSet("CI");
    const QByteArray savedRequire = qgetenv("CACHESCOPE_REQUIRE_TEST_SERVERS");
    qunsetenv("CACHESCOPE_REQUIRE_TEST_SERVERS");
    if (ci.isNull())
        qunsetenv("CI");
    else
        qputenv("CI", ci);
    const bool actual = serversRequired();
    if (hadCi)
        qputenv("CI", savedCi);
    else
        qunsetenv("CI");
    if (!savedRequire.isNull())
        qputenv("CACHESCOPE_REQUIRE_TEST_SERVERS", savedRequire);
    QCOMPARE(actual, required);
}

// ---- External servers ---------------------------------------------------------------------------------------

void TestServers::nginxServesFilesAndStops()
{
    CACHESCOPE_REQUIRE_SERVER(NginxServer);
    NginxServer nginx(m_site.path());
    nginx.setExtraServerConfig("location /cc/ { add_header Cache-Control \"max-age=60\"; }");
    QVERIFY2(nginx.start(), qPrintable(nginx.errorString()));
    QVERIFY(nginx.port() > 0);
    QCOMPARE(nginx.baseUrl().toString(), QStringLiteral("http://127.0.0.1:%1").arg(nginx.port()));

    const RawResponse hello = RawHttp::get(nginx.url(QStringLiteral("hello.txt")));
    QVERIFY2(hello.isValid(), qPrintable(hello.error));
    QCOMPARE(hello.statusCode, 200);
    QCOMPARE(hello.body, QByteArray("hello from a real server\n"));
    QVERIFY2(hello.header("Server").startsWith("nginx"), hello.header("Server").constData());
    QCOMPARE(hello.header("Content-Type"), QByteArray("text/plain"));
    const QByteArray etag = hello.header("ETag");
    QVERIFY2(etag.startsWith('"') && etag.endsWith('"'), etag.constData()); // strong without gzip
    QVERIFY(!hello.header("Last-Modified").isEmpty());

    const RawResponse revalidated
        = RawHttp::get(nginx.url(QStringLiteral("/hello.txt")), { { "If-None-Match", etag } });
    QCOMPARE(revalidated.statusCode, 304);
    QVERIFY(revalidated.body.isEmpty());

    const RawResponse fresh = RawHttp::get(nginx.url(QStringLiteral("/cc/fresh.txt")));
    QCOMPARE(fresh.statusCode, 200);
    QCOMPARE(fresh.header("Cache-Control"), QByteArray("max-age=60"));
    QCOMPARE(RawHttp::get(nginx.url(QStringLiteral("/missing"))).statusCode, 404);

    const quint16 port = nginx.port();
    nginx.stop();
    QVERIFY(!nginx.isRunning());
    QVERIFY(portRefuses(port));
}

void TestServers::nginxGzipWeakensEtag()
{
    CACHESCOPE_REQUIRE_SERVER(NginxServer);
    NginxServer nginx(m_site.path());
    nginx.setGzip(true);
    QVERIFY2(nginx.start(), qPrintable(nginx.errorString()));

    const RawResponse gzipped = RawHttp::get(nginx.url(QStringLiteral("/big.txt")), { { "Accept-Encoding", "gzip" } });
    QVERIFY2(gzipped.isValid(), qPrintable(gzipped.error));
    QCOMPARE(gzipped.header("Content-Encoding"), QByteArray("gzip"));
    QVERIFY2(gzipped.header("ETag").startsWith("W/\""), gzipped.header("ETag").constData());
    QVERIFY(gzipped.header("Vary").contains("Accept-Encoding"));
    QVERIFY(gzipped.decodedBody().size() < m_bigText.size());

    const RawResponse identity = RawHttp::get(nginx.url(QStringLiteral("/big.txt")));
    QVERIFY(identity.header("Content-Encoding").isNull());
    QCOMPARE(identity.decodedBody(), m_bigText);
}

void TestServers::nginxRejectsBadConfigClearly()
{
    CACHESCOPE_REQUIRE_SERVER(NginxServer);
    NginxServer nginx(m_site.path());
    nginx.setExtraServerConfig("this_is_not_a_directive on;");
    QVERIFY(!nginx.start());
    QVERIFY(!nginx.isRunning());
    QVERIFY2(nginx.errorString().contains(QLatin1String("this_is_not_a_directive")), qPrintable(nginx.errorString()));
}

void TestServers::apacheServesFiles()
{
    CACHESCOPE_REQUIRE_SERVER(ApacheServer);
    ApacheServer apache(m_site.path());
    apache.setExtraConfig("<Location \"/cc/\">\n    Header set Cache-Control \"no-store\"\n</Location>\n");
    QVERIFY2(apache.start(), qPrintable(apache.errorString()));

    const RawResponse hello = RawHttp::get(apache.url(QStringLiteral("/hello.txt")));
    QVERIFY2(hello.isValid(), qPrintable(hello.error));
    QCOMPARE(hello.statusCode, 200);
    QCOMPARE(hello.body, QByteArray("hello from a real server\n"));
    QVERIFY2(hello.header("Server").startsWith("Apache"), hello.header("Server").constData());
    QVERIFY(hello.header("Content-Type").startsWith("text/plain"));
    // Apache weakens the ETag of a file modified less than a second ago (it may change again within the second).
    const QByteArray etag = hello.header("ETag");
    QVERIFY2((etag.startsWith('"') || etag.startsWith("W/\"")) && etag.endsWith('"'), etag.constData());
    QCOMPARE(RawHttp::get(apache.url(QStringLiteral("/hello.txt")), { { "If-None-Match", etag } }).statusCode, 304);
    QCOMPARE(RawHttp::get(apache.url(QStringLiteral("/cc/fresh.txt"))).header("Cache-Control"), QByteArray("no-store"));
    QVERIFY(RawHttp::get(apache.baseUrl()).body.contains("<title>index</title>")); // DirectoryIndex

    const quint16 port = apache.port();
    apache.stop();
    QVERIFY(portRefuses(port));
}

void TestServers::apacheDeflateSuffixesEtag()
{
    CACHESCOPE_REQUIRE_SERVER(ApacheServer);
    ApacheServer apache(m_site.path());
    apache.setDeflate(true);
    QVERIFY2(apache.start(), qPrintable(apache.errorString()));

    const RawResponse identity = RawHttp::get(apache.url(QStringLiteral("/big.txt")));
    QVERIFY(identity.header("Content-Encoding").isNull());
    QCOMPARE(identity.decodedBody(), m_bigText);
    const QByteArray etag = identity.header("ETag");
    QVERIFY2(etag.startsWith('"'), etag.constData()); // strong: the file is older than a second

    const RawResponse gzipped = RawHttp::get(apache.url(QStringLiteral("/big.txt")), { { "Accept-Encoding", "gzip" } });
    QVERIFY2(gzipped.isValid(), qPrintable(gzipped.error));
    QCOMPARE(gzipped.header("Content-Encoding"), QByteArray("gzip"));
    QByteArray expected = etag;
    expected.insert(expected.size() - 1, "-gzip"); // "abc" -> "abc-gzip"
    QCOMPARE(gzipped.header("ETag"), expected);
}

void TestServers::httpbinAnswers()
{
    CACHESCOPE_REQUIRE_SERVER(HttpbinServer);
    HttpbinServer httpbin;
    QVERIFY2(httpbin.start(), qPrintable(httpbin.errorString()));

    const RawResponse get = RawHttp::get(httpbin.url(QStringLiteral("/get?probe=1")), { { "X-Probe", "yes" } });
    QVERIFY2(get.isValid(), qPrintable(get.error));
    QCOMPARE(get.statusCode, 200);
    QVERIFY(get.header("Content-Type").startsWith("application/json"));
    const QJsonObject echoed = QJsonDocument::fromJson(get.decodedBody()).object();
    QCOMPARE(echoed.value(QLatin1String("headers")).toObject().value(QLatin1String("X-Probe")).toString(),
        QStringLiteral("yes"));
    QCOMPARE(
        echoed.value(QLatin1String("args")).toObject().value(QLatin1String("probe")).toString(), QStringLiteral("1"));
    QCOMPARE(RawHttp::get(httpbin.url(QStringLiteral("/status/418"))).statusCode, 418);
    QCOMPARE(RawHttp::get(httpbin.url(QStringLiteral("/cache/60"))).header("Cache-Control"),
        QByteArray("public, max-age=60"));
}

void TestServers::pythonHttpServerServesFiles()
{
    CACHESCOPE_REQUIRE_SERVER(PythonHttpServer);
    PythonHttpServer server(m_site.path());
    QVERIFY2(server.start(), qPrintable(server.errorString()));

    const RawResponse hello = RawHttp::get(server.url(QStringLiteral("/hello.txt")));
    QVERIFY2(hello.isValid(), qPrintable(hello.error));
    QCOMPARE(hello.statusCode, 200);
    QCOMPARE(hello.body, QByteArray("hello from a real server\n"));
    QVERIFY2(hello.header("Server").startsWith("SimpleHTTP"), hello.header("Server").constData());
    QVERIFY(!hello.header("Last-Modified").isEmpty());
    QVERIFY(hello.header("ETag").isNull());
}

void TestServers::missingProgramIsAClearError()
{
    NginxServer nginx(m_site.path());
    nginx.setProgram(QStringLiteral("/nonexistent/bin/nginx"));
    QVERIFY(!nginx.start());
    QVERIFY2(nginx.errorString().contains(QLatin1String("/nonexistent/bin/nginx")), qPrintable(nginx.errorString()));
    QVERIFY(!nginx.isRunning());
    QCOMPARE(nginx.processId(), qint64(0));
}

void TestServers::destructorLeavesNoProcess()
{
    CACHESCOPE_REQUIRE_SERVER(PythonHttpServer);
    qint64 pid = 0;
    quint16 port = 0;
    {
        PythonHttpServer server(m_site.path());
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        pid = server.processId();
        port = server.port();
        QVERIFY(pid > 0);
        QCOMPARE(::kill(pid_t(pid), 0), 0);
    }
    QCOMPARE(::kill(pid_t(pid), 0), -1); // reaped, not a zombie
    QCOMPARE(errno, ESRCH);
    QVERIFY(portRefuses(port));
}

void TestServers::twoServersGetTwoPorts()
{
    CACHESCOPE_REQUIRE_SERVER(NginxServer);
    NginxServer first(m_site.path());
    NginxServer second(m_site.path());
    QVERIFY2(first.start(), qPrintable(first.errorString()));
    QVERIFY2(second.start(), qPrintable(second.errorString()));
    QVERIFY(first.port() != second.port());
    QVERIFY(first.workDir() != second.workDir());
    QCOMPARE(RawHttp::get(first.url(QStringLiteral("/hello.txt"))).statusCode, 200);
    QCOMPARE(RawHttp::get(second.url(QStringLiteral("/hello.txt"))).statusCode, 200);
}

void TestServers::defaultRootIsInWorkDir()
{
    CACHESCOPE_REQUIRE_SERVER(NginxServer);
    NginxServer nginx;
    QVERIFY(nginx.rootDir().isEmpty()); // decided by start()
    QVERIFY2(nginx.start(), qPrintable(nginx.errorString()));
    QCOMPARE(nginx.rootDir(), nginx.workDir() + QStringLiteral("/www"));
    writeFile(nginx.rootDir() + QStringLiteral("/late.txt"), "written after start\n");
    const RawResponse late = RawHttp::get(nginx.url(QStringLiteral("/late.txt")));
    QCOMPARE(late.statusCode, 200);
    QCOMPARE(late.body, QByteArray("written after start\n"));
}

// ---- ScriptedOrigin -----------------------------------------------------------------------------------------

void TestServers::originAnswersQueueInOrderAndRecords()
{
    ScriptedOrigin origin;
    QVERIFY2(origin.start(), qPrintable(origin.errorString()));
    origin.enqueue(ScriptedResponse::make(200, { { "ETag", "\"v1\"" }, { "Cache-Control", "max-age=0" } }, "first"));
    origin.enqueue(ScriptedResponse::make(304, { { "ETag", "\"v1\"" } }));
    QCOMPARE(origin.pendingResponses(), 2);

    const RawResponse first = RawHttp::get(origin.url(QStringLiteral("/doc?x=1")));
    QVERIFY2(first.isValid(), qPrintable(first.error));
    QCOMPARE(first.statusLine, QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(first.body, QByteArray("first"));
    QCOMPARE(first.header("Content-Length"), QByteArray("5"));
    QCOMPARE(first.header("Cache-Control"), QByteArray("max-age=0"));

    const RawResponse second = RawHttp::get(origin.url(QStringLiteral("/doc?x=1")), { { "If-None-Match", "\"v1\"" } });
    QCOMPARE(second.statusLine, QByteArray("HTTP/1.1 304 Not Modified"));
    QVERIFY(second.header("Content-Length").isNull());
    QCOMPARE(origin.pendingResponses(), 0);

    const QList<RecordedRequest> requests = origin.requests();
    QCOMPARE(requests.size(), 2);
    QCOMPARE(origin.requestCount(), 2);
    QCOMPARE(requests.at(0).requestLine, QByteArray("GET /doc?x=1 HTTP/1.1"));
    QCOMPARE(requests.at(0).method, QByteArray("GET"));
    QCOMPARE(requests.at(0).target, QByteArray("/doc?x=1"));
    QCOMPARE(requests.at(0).version, QByteArray("HTTP/1.1"));
    QCOMPARE(
        requests.at(0).header("host"), QByteArray("127.0.0.1:%1").replace("%1", QByteArray::number(origin.port())));
    QVERIFY(!requests.at(0).hasHeader("If-None-Match"));
    QCOMPARE(requests.at(1).header("If-None-Match"), QByteArray("\"v1\""));
    QCOMPARE(origin.lastRequest().requestLine, requests.at(1).requestLine);
    QCOMPARE(origin.connectionCount(), 2); // Connection: close each time

    origin.clearRequests();
    QCOMPARE(origin.requestCount(), 0);
    QVERIFY(origin.lastRequest().requestLine.isEmpty());
}

void TestServers::originUnscriptedRequestGets500()
{
    ScriptedOrigin origin;
    QVERIFY2(origin.start(), qPrintable(origin.errorString()));
    const RawResponse response = RawHttp::get(origin.url(QStringLiteral("/nothing")));
    QCOMPARE(response.statusCode, 500);
    QVERIFY2(response.body.contains("no response scripted for request #0: GET /nothing HTTP/1.1"),
        response.body.constData());
    QCOMPARE(origin.requestCount(), 1);
}

void TestServers::originHandlerAndDefault()
{
    ScriptedOrigin origin;
    QVERIFY2(origin.start(), qPrintable(origin.errorString()));
    origin.enqueue(ScriptedResponse::make(201, {}, "queued first"));
    origin.setHandler([](const RecordedRequest &request, int index) {
        if (request.target == "/default")
            return ScriptedResponse::make(404, {}, "handler says no");
        return ScriptedResponse::make(200, { { "X-Index", QByteArray::number(index) } }, "echo " + request.target);
    });
    QCOMPARE(RawHttp::get(origin.url(QStringLiteral("/a"))).body, QByteArray("queued first"));
    const RawResponse echoed = RawHttp::get(origin.url(QStringLiteral("/b?c")));
    QCOMPARE(echoed.body, QByteArray("echo /b?c"));
    QCOMPARE(echoed.header("X-Index"), QByteArray("1"));

    origin.setHandler({});
    origin.setDefaultResponse(ScriptedResponse::make(410, { { "Content-Type", "text/plain" } }, "gone"));
    const RawResponse gone = RawHttp::get(origin.url(QStringLiteral("/c")));
    QCOMPARE(gone.statusLine, QByteArray("HTTP/1.1 410 Gone"));
    QCOMPARE(gone.body, QByteArray("gone"));
}

void TestServers::originSendsRawBytesVerbatim()
{
    ScriptedOrigin origin;
    QVERIFY2(origin.start(), qPrintable(origin.errorString()));
    const QByteArray raw(
        "HTTP/1.1 200 Fine\r\nX-Odd:   spaced  \r\nCache-Control: max-age=abc\r\n\r\nno length, closes");
    origin.enqueue(ScriptedResponse::rawBytes(raw));
    const RawResponse response = RawHttp::get(origin.url(QStringLiteral("/raw")));
    QVERIFY2(response.isValid(), qPrintable(response.error));
    QCOMPARE(response.bytes, raw);
    QCOMPARE(response.body, QByteArray("no length, closes"));
    QCOMPARE(response.header("Cache-Control"), QByteArray("max-age=abc"));
}

void TestServers::originKeepAliveAndPipelining()
{
    ScriptedOrigin origin;
    QVERIFY2(origin.start(), qPrintable(origin.errorString()));
    origin.enqueue(ScriptedResponse::make(200, {}, "one"));
    origin.enqueue(ScriptedResponse::make(200, {}, "two"));

    // A blocking socket in the test thread: the origin answers from its own thread.
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), origin.port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray received;
    const QByteArray expected(
        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\noneHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo");
    while (received.size() < expected.size() && socket.waitForReadyRead(5000))
        received += socket.readAll();
    QCOMPARE(received, expected);
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState); // kept alive
    QCOMPARE(origin.connectionCount(), 1);
    QCOMPARE(origin.requestCount(), 2);
    QCOMPARE(origin.requests().at(1).target, QByteArray("/2"));
    QCOMPARE(origin.requests().at(1).connection, 0);
}

void TestServers::originHeadRequestGetsNoBody()
{
    ScriptedOrigin origin;
    QVERIFY2(origin.start(), qPrintable(origin.errorString()));
    origin.enqueue(ScriptedResponse::make(200, { { "Content-Type", "text/plain" } }, "body"));
    const RawResponse head = RawHttp::head(origin.url(QStringLiteral("/h")));
    QVERIFY2(head.isValid(), qPrintable(head.error));
    QCOMPARE(head.header("Content-Length"), QByteArray("4"));
    QVERIFY(head.body.isEmpty());
    QCOMPARE(head.bytes, QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\n"));
    QCOMPARE(origin.lastRequest().method, QByteArray("HEAD"));
}

void TestServers::originRecordsRequestBodies()
{
    ScriptedOrigin origin;
    QVERIFY2(origin.start(), qPrintable(origin.errorString()));
    origin.setDefaultResponse(ScriptedResponse::make(204));
    QCOMPARE(RawHttp::exchange(origin.baseUrl(),
                 RawHttp::buildRequest("POST", origin.url(QStringLiteral("/form")), {}, "a=1&b=\xc3\xa9"))
                 .statusCode,
        204);
    QCOMPARE(origin.lastRequest().body, QByteArray("a=1&b=\xc3\xa9"));

    const QByteArray chunked("PUT /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                             "3\r\nabc\r\n0\r\n\r\n");
    QCOMPARE(RawHttp::exchange(origin.baseUrl(), chunked).statusCode, 204);
    QCOMPARE(origin.lastRequest().body, QByteArray("abc"));
    QCOMPARE(origin.lastRequest().method, QByteArray("PUT"));
}

void TestServers::originRejectsMalformedRequest()
{
    ScriptedOrigin origin;
    QVERIFY2(origin.start(), qPrintable(origin.errorString()));
    origin.setDefaultResponse(ScriptedResponse::make(200));
    for (const QByteArray &bad : { QByteArray("garbage\r\n\r\n"), QByteArray("GET /x HTTP/1.1\r\nNoColon\r\n\r\n"),
             QByteArray("POST /x HTTP/1.1\r\nContent-Length: -5\r\n\r\n") }) {
        const RawResponse response = RawHttp::exchange(origin.baseUrl(), bad);
        QCOMPARE(response.statusCode, 400);
        QVERIFY(response.body.startsWith("ScriptedOrigin: "));
    }
    QCOMPARE(origin.requestCount(), 0);
}

void TestServers::originDelayMakesClientTimeOut()
{
    ScriptedOrigin origin;
    QVERIFY2(origin.start(), qPrintable(origin.errorString()));
    ScriptedResponse slow = ScriptedResponse::make(200, {}, "late");
    slow.delayMs = 5000;
    origin.enqueue(slow);
    const RawResponse response = RawHttp::get(origin.url(QStringLiteral("/slow")), {}, 200);
    QVERIFY(response.timedOut);
    QVERIFY2(response.error.contains(QLatin1String("timed out after 200 ms")), qPrintable(response.error));
    QCOMPARE(origin.requestCount(), 1);
}

void TestServers::originSignalsEachRequest()
{
    ScriptedOrigin origin;
    QSignalSpy spy(&origin, &ScriptedOrigin::requestReceived);
    QVERIFY2(origin.start(), qPrintable(origin.errorString()));
    origin.setDefaultResponse(ScriptedResponse::make(200));
    RawHttp::get(origin.url(QStringLiteral("/1")));
    RawHttp::get(origin.url(QStringLiteral("/2")));
    QTRY_COMPARE(spy.count(), 2);
    QCOMPARE(spy.at(0).at(0).toInt(), 0);
    QCOMPARE(spy.at(1).at(0).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestServers)
#include "tst_testservers.moc"
