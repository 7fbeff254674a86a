// The demo origin as a server: binding, index pages, the exact 200 of every scenario, HEAD, methods and
// status codes. Conditional requests are in tst_democonditionals.cpp.

#include "demo/demoorigin.h"
#include "demohttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkInterface>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTimeZone>

using namespace CacheScope;
using DemoTest::Fields;

namespace {

const QDateTime fixedNow(QDate(2025, 3, 1), QTime(12, 0, 0), QTimeZone::utc());
const QByteArray fixedDate = "Sat, 01 Mar 2025 12:00:00 GMT";
const QByteArray published = "Mon, 15 Jan 2024 09:30:00 GMT";

} // namespace

class TestDemoOrigin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void startsOnLoopbackFreePort();
    void refusesNonLoopbackConnections();
    void startTwiceFails();
    void portInUseIsAClearError();
    void stopClosesAndAllowsRestart();
    void stopFromInsideARequest();
    void scenarioList();
    void indexPages();
    void unconditional_data();
    void unconditional();
    void headMatchesGet_data();
    void headMatchesGet();
    void methodNotAllowed_data();
    void methodNotAllowed();
    void lastModifiedNeverAfterDate();
    void garbageRequestLeavesOriginWorking_data();
    void garbageRequestLeavesOriginWorking();
    void requestServedSignal();

private:
    DemoTest::Reply get(const QByteArray &target, const Fields &headers = {})
    {
        return DemoTest::exchange(m_origin->port(), "GET", target, headers);
    }

    std::unique_ptr<DemoOrigin> m_origin;
    QDateTime m_now;
};

void TestDemoOrigin::init()
{
    m_now = fixedNow;
    m_origin = std::make_unique<DemoOrigin>();
    m_origin->setClock([this] { return m_now; });
    QString error;
    QVERIFY2(m_origin->start(0, &error), qPrintable(error));
}

void TestDemoOrigin::cleanup()
{
    m_origin.reset();
}

void TestDemoOrigin::startsOnLoopbackFreePort()
{
    QVERIFY(m_origin->isRunning());
    QVERIFY(m_origin->port() != 0);
    QCOMPARE(m_origin->address(), QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(m_origin->baseUrl(), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_origin->port())));
    QCOMPARE(m_origin->url(QStringLiteral("/large")),
        QUrl(QStringLiteral("http://127.0.0.1:%1/large").arg(m_origin->port())));
}

void TestDemoOrigin::refusesNonLoopbackConnections()
{
    QList<QHostAddress> others;
    const auto all = QNetworkInterface::allAddresses();
    for (const QHostAddress &address : all) {
        if (!address.isLoopback() && address.protocol() == QAbstractSocket::IPv4Protocol)
            others.append(address);
    }
    if (others.isEmpty())
        QSKIP("this machine has no non-loopback IPv4 address to try");
    for (const QHostAddress &address : std::as_const(others)) {
        QTcpSocket socket;
        QSignalSpy failed(&socket, &QTcpSocket::errorOccurred);
        QSignalSpy connected(&socket, &QTcpSocket::connected);
        socket.connectToHost(address, m_origin->port());
        QVERIFY(failed.wait(5000) || !connected.isEmpty());
        QVERIFY2(connected.isEmpty(), qPrintable(QStringLiteral("reachable on %1").arg(address.toString())));
        QCOMPARE(socket.error(), QAbstractSocket::ConnectionRefusedError);
    }
}

void TestDemoOrigin::startTwiceFails()
{
    const quint16 port = m_origin->port();
    QString error;
    QVERIFY(!m_origin->start(0, &error));
    QVERIFY2(error.contains(QLatin1String("already running")), qPrintable(error));
    QCOMPARE(m_origin->port(), port);
    QVERIFY(!m_origin->start()); // no error pointer: still refuses, does not crash
}

void TestDemoOrigin::portInUseIsAClearError()
{
    DemoOrigin other;
    QString error;
    QVERIFY(!other.start(m_origin->port(), &error));
    QVERIFY(!other.isRunning());
    QCOMPARE(other.port(), quint16(0));
    QVERIFY2(error.contains(QString::number(m_origin->port())), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("in use"), Qt::CaseInsensitive), qPrintable(error));
}

void TestDemoOrigin::stopClosesAndAllowsRestart()
{
    const quint16 port = m_origin->port();
    m_origin->stop();
    QVERIFY(!m_origin->isRunning());
    QCOMPARE(m_origin->port(), quint16(0));
    QVERIFY(m_origin->baseUrl().isEmpty());
    m_origin->stop(); // twice is harmless

    QTcpSocket socket;
    QSignalSpy failed(&socket, &QTcpSocket::errorOccurred);
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    QVERIFY(failed.wait(5000));
    QCOMPARE(socket.error(), QAbstractSocket::ConnectionRefusedError);

    QString error;
    QVERIFY2(m_origin->start(port, &error), qPrintable(error));
    QCOMPARE(m_origin->port(), port);
    const auto reply = get("/validators/none");
    DEMO_VERIFY_REPLY(reply);
    QCOMPARE(reply.status, 200);
}

void TestDemoOrigin::stopFromInsideARequest()
{
    connect(m_origin.get(), &DemoOrigin::requestServed, m_origin.get(), [this] { m_origin->stop(); });
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_origin->port());
    socket.write("GET /validators/none HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray buffer;
    QVERIFY(DemoTest::Detail::readUntil(socket, buffer, [&] { return buffer.contains("\r\n\r\n"); }));
    QVERIFY2(buffer.startsWith("HTTP/1.1 200 OK\r\n"), buffer.left(100).constData());
    QVERIFY(!m_origin->isRunning());
}

void TestDemoOrigin::scenarioList()
{
    const QList<DemoScenario> scenarios = m_origin->scenarios();
    QSet<QString> paths;
    for (const DemoScenario &scenario : scenarios) {
        QVERIFY2(scenario.path.startsWith(QLatin1Char('/')), qPrintable(scenario.path));
        QVERIFY2(!scenario.title.isEmpty() && !scenario.explanation.isEmpty() && !scenario.lookFor.isEmpty(),
            qPrintable(scenario.path));
        QVERIFY2(!paths.contains(scenario.path), qPrintable(scenario.path));
        paths.insert(scenario.path);
    }
    const QStringList required { QStringLiteral("/validators/strong-etag"), QStringLiteral("/validators/weak-etag"),
        QStringLiteral("/validators/last-modified"), QStringLiteral("/validators/both"),
        QStringLiteral("/validators/none"), QStringLiteral("/validators/changing"), QStringLiteral("/cache/max-age"),
        QStringLiteral("/cache/no-cache"), QStringLiteral("/cache/no-store"), QStringLiteral("/cache/must-revalidate"),
        QStringLiteral("/vary/accept-encoding"), QStringLiteral("/large"), QStringLiteral("/bugs/load-balanced"),
        QStringLiteral("/bugs/ignores-if-none-match"), QStringLiteral("/bugs/304-drops-headers"),
        QStringLiteral("/bugs/ims-equality"), QStringLiteral("/status/301"), QStringLiteral("/status/308"),
        QStringLiteral("/status/404"), QStringLiteral("/status/410"), QStringLiteral("/status/429"),
        QStringLiteral("/status/503") };
    for (const QString &path : required)
        QVERIFY2(paths.contains(path), qPrintable(path));
    // Listing the scenarios needs no running server.
    QCOMPARE(DemoOrigin().scenarios(), scenarios);
}

void TestDemoOrigin::indexPages()
{
    const auto html = get("/");
    DEMO_VERIFY_REPLY(html);
    QCOMPARE(html.statusLine, QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(html.header("Content-Type"), QByteArray("text/html; charset=utf-8"));
    const QString page = QString::fromUtf8(html.body);
    for (const DemoScenario &scenario : m_origin->scenarios()) {
        QVERIFY2(page.contains(QStringLiteral("<a href=\"%1\">").arg(scenario.path)), qPrintable(scenario.path));
        QVERIFY2(page.contains(scenario.explanation.toHtmlEscaped()), qPrintable(scenario.path));
    }

    const auto json = get("/index.json");
    DEMO_VERIFY_REPLY(json);
    QCOMPARE(json.header("Content-Type"), QByteArray("application/json"));
    QJsonParseError parseError;
    const QJsonObject root = QJsonDocument::fromJson(json.body, &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(root.value(QStringLiteral("baseUrl")).toString(), m_origin->baseUrl().toString());
    const QJsonArray list = root.value(QStringLiteral("scenarios")).toArray();
    const QList<DemoScenario> scenarios = m_origin->scenarios();
    QCOMPARE(list.size(), scenarios.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject item = list.at(i).toObject();
        const DemoScenario fromJson { item.value(QStringLiteral("path")).toString(),
            item.value(QStringLiteral("title")).toString(), item.value(QStringLiteral("explanation")).toString(),
            item.value(QStringLiteral("lookFor")).toString() };
        QCOMPARE(fromJson, scenarios.at(i));
    }
}

void TestDemoOrigin::unconditional_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::addColumn<Fields>("exact");
    QTest::addColumn<QByteArrayList>("absent");
    QTest::addColumn<QString>("etagPattern"); // empty: no ETag at all

    const QByteArray json = "application/json";
    const QByteArray text = "text/plain; charset=utf-8";
    const QByteArrayList noValidators { "ETag", "Last-Modified" };
    const QString hex = QStringLiteral("[0-9a-f]{16}");
    auto tag = [&](const char *prefix) { return QStringLiteral("^\"%1-%2\"$").arg(QLatin1String(prefix), hex); };

    QTest::addRow("strong etag") << QByteArray("/validators/strong-etag") << QByteArray("HTTP/1.1 200 OK")
                                 << Fields { { "Cache-Control", "no-cache" }, { "Content-Type", json } }
                                 << QByteArrayList { "Last-Modified", "Vary", "Content-Encoding", "Expires" }
                                 << tag("strong");
    QTest::addRow("query ignored on a static path")
        << QByteArray("/validators/strong-etag?x=1&%FF") << QByteArray("HTTP/1.1 200 OK")
        << Fields { { "Cache-Control", "no-cache" } } << QByteArrayList { "Last-Modified" } << tag("strong");
    QTest::addRow("weak etag") << QByteArray("/validators/weak-etag") << QByteArray("HTTP/1.1 200 OK")
                               << Fields { { "ETag", "W/\"weak-v1\"" }, { "Content-Type", json } }
                               << QByteArrayList { "Last-Modified" } << QStringLiteral("^W/\"weak-v1\"$");
    QTest::addRow("last-modified only") << QByteArray("/validators/last-modified") << QByteArray("HTTP/1.1 200 OK")
                                        << Fields { { "Cache-Control", "no-cache" }, { "Last-Modified", published } }
                                        << QByteArrayList { "ETag" } << QString();
    QTest::addRow("both validators") << QByteArray("/validators/both") << QByteArray("HTTP/1.1 200 OK")
                                     << Fields { { "Last-Modified", published } } << QByteArrayList {} << tag("both");
    QTest::addRow("no validator") << QByteArray("/validators/none") << QByteArray("HTTP/1.1 200 OK")
                                  << Fields { { "Cache-Control", "no-cache" } } << noValidators << QString();
    QTest::addRow("changing, default period")
        << QByteArray("/validators/changing") << QByteArray("HTTP/1.1 200 OK")
        << Fields { { "Cache-Control", "max-age=10" }, { "ETag", "\"changing-10-174083040\"" },
               { "Last-Modified", fixedDate } }
        << QByteArrayList {} << QStringLiteral("^\"changing-10-174083040\"$");
    QTest::addRow("changing every 7 s") << QByteArray("/validators/changing?every=7") << QByteArray("HTTP/1.1 200 OK")
                                        << Fields { { "Cache-Control", "max-age=6" },
                                               { "Last-Modified", "Sat, 01 Mar 2025 11:59:59 GMT" } }
                                        << QByteArrayList {} << QStringLiteral("^\"changing-7-248690057\"$");
    QTest::addRow("max-age") << QByteArray("/cache/max-age") << QByteArray("HTTP/1.1 200 OK")
                             << Fields { { "Cache-Control", "max-age=60" } } << QByteArrayList { "Expires" }
                             << tag("max-age");
    QTest::addRow("no-cache") << QByteArray("/cache/no-cache") << QByteArray("HTTP/1.1 200 OK")
                              << Fields { { "Cache-Control", "no-cache" } } << QByteArrayList {} << tag("no-cache");
    QTest::addRow("no-store") << QByteArray("/cache/no-store") << QByteArray("HTTP/1.1 200 OK")
                              << Fields { { "Cache-Control", "no-store" } } << QByteArrayList {} << tag("no-store");
    QTest::addRow("must-revalidate") << QByteArray("/cache/must-revalidate") << QByteArray("HTTP/1.1 200 OK")
                                     << Fields { { "Cache-Control", "max-age=10, must-revalidate" } }
                                     << QByteArrayList {} << tag("must-revalidate");
    QTest::addRow("vary, identity") << QByteArray("/vary/accept-encoding") << QByteArray("HTTP/1.1 200 OK")
                                    << Fields { { "Cache-Control", "max-age=60" }, { "Vary", "Accept-Encoding" },
                                           { "Content-Type", text } }
                                    << QByteArrayList { "Content-Encoding" } << tag("vary");
    QTest::addRow("large") << QByteArray("/large") << QByteArray("HTTP/1.1 200 OK")
                           << Fields { { "Cache-Control", "no-cache" }, { "Content-Length", "4194304" },
                                  { "Last-Modified", published }, { "Content-Type", text } }
                           << QByteArrayList {} << tag("large");
    QTest::addRow("load-balanced, first instance")
        << QByteArray("/bugs/load-balanced") << QByteArray("HTTP/1.1 200 OK")
        << Fields { { "X-Demo-Instance", "1" }, { "Cache-Control", "no-cache" } } << QByteArrayList {}
        << tag("instance1");
    QTest::addRow("ignores If-None-Match") << QByteArray("/bugs/ignores-if-none-match") << QByteArray("HTTP/1.1 200 OK")
                                           << Fields {} << QByteArrayList {} << tag("ignored");
    QTest::addRow("304 drops headers") << QByteArray("/bugs/304-drops-headers") << QByteArray("HTTP/1.1 200 OK")
                                       << Fields { { "Cache-Control", "max-age=60" },
                                              { "Expires", "Sat, 01 Mar 2025 12:01:00 GMT" },
                                              { "Vary", "Accept-Encoding" } }
                                       << QByteArrayList {} << tag("drops");
    QTest::addRow("IMS equality bug") << QByteArray("/bugs/ims-equality") << QByteArray("HTTP/1.1 200 OK")
                                      << Fields { { "Last-Modified", published } } << QByteArrayList { "ETag" }
                                      << QString();
    QTest::addRow("301") << QByteArray("/status/301") << QByteArray("HTTP/1.1 301 Moved Permanently")
                         << Fields { { "Location", "/validators/strong-etag" }, { "Cache-Control", "max-age=3600" } }
                         << noValidators << QString();
    QTest::addRow("308") << QByteArray("/status/308") << QByteArray("HTTP/1.1 308 Permanent Redirect")
                         << Fields { { "Location", "/validators/both" } }
                         << QByteArrayList { "Cache-Control", "ETag", "Last-Modified" } << QString();
    QTest::addRow("404") << QByteArray("/status/404") << QByteArray("HTTP/1.1 404 Not Found")
                         << Fields { { "Cache-Control", "max-age=60" } } << noValidators << QString();
    QTest::addRow("410") << QByteArray("/status/410") << QByteArray("HTTP/1.1 410 Gone") << Fields {}
                         << QByteArrayList { "Cache-Control", "ETag", "Retry-After" } << QString();
    QTest::addRow("429") << QByteArray("/status/429") << QByteArray("HTTP/1.1 429 Too Many Requests")
                         << Fields { { "Retry-After", "30" }, { "Cache-Control", "no-store" } } << noValidators
                         << QString();
    QTest::addRow("503") << QByteArray("/status/503") << QByteArray("HTTP/1.1 503 Service Unavailable")
                         << Fields { { "Retry-After", "Sat, 01 Mar 2025 12:02:00 GMT" },
                                { "Cache-Control", "no-store" } }
                         << noValidators << QString();
    QTest::addRow("unknown path") << QByteArray("/nope") << QByteArray("HTTP/1.1 404 Not Found")
                                  << Fields { { "Cache-Control", "no-store" }, { "Content-Type", json } }
                                  << noValidators << QString();
    QTest::addRow("trailing slash is another path")
        << QByteArray("/validators/strong-etag/") << QByteArray("HTTP/1.1 404 Not Found")
        << Fields { { "Cache-Control", "no-store" } } << noValidators << QString();
    QTest::addRow("non-ASCII path") << QByteArray("/%C3%BCber/%E2%9C%93") << QByteArray("HTTP/1.1 404 Not Found")
                                    << Fields { { "Cache-Control", "no-store" } } << noValidators << QString();
    QTest::addRow("huge unknown path") << "/" + QByteArray(4000, 'a') << QByteArray("HTTP/1.1 404 Not Found")
                                       << Fields {} << noValidators << QString();
    QTest::addRow("index") << QByteArray("/") << QByteArray("HTTP/1.1 200 OK")
                           << Fields { { "Content-Type", "text/html; charset=utf-8" } } << QByteArrayList {}
                           << QStringLiteral("^\"[0-9a-f]{16}\"$");
}

void TestDemoOrigin::unconditional()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, statusLine);
    QFETCH(Fields, exact);
    QFETCH(QByteArrayList, absent);
    QFETCH(QString, etagPattern);

    const auto reply = get(target);
    DEMO_VERIFY_REPLY(reply);
    QCOMPARE(reply.statusLine, statusLine);
    QCOMPARE(reply.header("Date"), fixedDate);
    QCOMPARE(reply.header("Content-Length"), QByteArray::number(reply.body.size()));
    QVERIFY(!reply.body.isEmpty());
    for (const auto &[name, value] : exact)
        QCOMPARE(reply.header(name), value);
    for (const QByteArray &name : absent)
        QVERIFY2(!reply.has(name), name.constData());
    if (etagPattern.isEmpty()) {
        QVERIFY(!reply.has("ETag"));
    } else {
        const QString etag = QString::fromLatin1(reply.header("ETag"));
        QVERIFY2(QRegularExpression(etagPattern).match(etag).hasMatch(), qPrintable(etag));
    }
    QSet<QByteArray> names;
    for (const auto &field : reply.headers) {
        QVERIFY2(!names.contains(field.first.toLower()), field.first.constData());
        names.insert(field.first.toLower());
    }
}

void TestDemoOrigin::headMatchesGet_data()
{
    QTest::addColumn<QString>("path");
    QTest::addRow("/") << QStringLiteral("/");
    QTest::addRow("/index.json") << QStringLiteral("/index.json");
    for (const DemoScenario &scenario : DemoOrigin().scenarios())
        QTest::addRow("%s", qPrintable(scenario.path)) << scenario.path;
    QTest::addRow("unknown") << QStringLiteral("/unknown");
}

void TestDemoOrigin::headMatchesGet()
{
    QFETCH(QString, path);
    const auto getReply = get(path.toUtf8());
    const auto headReply = DemoTest::exchange(m_origin->port(), "HEAD", path.toUtf8());
    DEMO_VERIFY_REPLY(getReply);
    DEMO_VERIFY_REPLY(headReply); // a HEAD that sent a body would leave stray bytes before the next response
    QVERIFY(headReply.body.isEmpty());
    QCOMPARE(headReply.statusLine, getReply.statusLine);
    QCOMPARE(headReply.header("Content-Length"), QByteArray::number(getReply.body.size()));
    // The instances of the load-balanced scenario take turns, so its tag and instance legitimately differ.
    const bool rotates = path == QLatin1String("/bugs/load-balanced");
    QCOMPARE(headReply.headers.size(), getReply.headers.size());
    for (const auto &[name, value] : getReply.headers) {
        if (rotates
            && (name.compare("ETag", Qt::CaseInsensitive) == 0
                || name.compare("X-Demo-Instance", Qt::CaseInsensitive) == 0))
            continue;
        QCOMPARE(headReply.header(name), value);
    }
}

void TestDemoOrigin::methodNotAllowed_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addRow("POST with a body") << QByteArray("POST /validators/strong-etag HTTP/1.1\r\nHost: x\r\n"
                                                    "Content-Length: 3\r\n\r\na=1");
    QTest::addRow("PUT") << QByteArray("PUT /large HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    QTest::addRow("DELETE") << QByteArray("DELETE / HTTP/1.1\r\nHost: x\r\n\r\n");
    QTest::addRow("OPTIONS") << QByteArray("OPTIONS /validators/none HTTP/1.1\r\nHost: x\r\n\r\n");
    QTest::addRow("PATCH on unknown path")
        << QByteArray("PATCH /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    QTest::addRow("POST with If-None-Match *") << QByteArray(
        "POST /validators/strong-etag HTTP/1.1\r\nHost: x\r\nIf-None-Match: *\r\nContent-Length: 0\r\n\r\n");
}

void TestDemoOrigin::methodNotAllowed()
{
    QFETCH(QByteArray, request);
    const auto reply = DemoTest::exchangeRaw(m_origin->port(), request, false);
    DEMO_VERIFY_REPLY(reply);
    QCOMPARE(reply.statusLine, QByteArray("HTTP/1.1 405 Method Not Allowed"));
    QCOMPARE(reply.header("Allow"), QByteArray("GET, HEAD"));
    QCOMPARE(reply.header("Cache-Control"), QByteArray("no-store"));
    QVERIFY(!reply.has("ETag"));
}

void TestDemoOrigin::lastModifiedNeverAfterDate()
{
    // A clock before the scenario's publication date: Last-Modified must not claim the future.
    m_now = QDateTime(QDate(2023, 6, 1), QTime(0, 0, 0), QTimeZone::utc());
    const auto reply = get("/validators/last-modified");
    DEMO_VERIFY_REPLY(reply);
    QCOMPARE(reply.header("Date"), QByteArray("Thu, 01 Jun 2023 00:00:00 GMT"));
    QCOMPARE(reply.header("Last-Modified"), QByteArray("Thu, 01 Jun 2023 00:00:00 GMT"));

    // Sub-second clocks are truncated: Date and the rotating content agree on whole seconds.
    m_now = fixedNow.addMSecs(999);
    const auto changing = get("/validators/changing");
    DEMO_VERIFY_REPLY(changing);
    QCOMPARE(changing.header("Date"), fixedDate);
    QCOMPARE(changing.header("Last-Modified"), fixedDate);
}

void TestDemoOrigin::garbageRequestLeavesOriginWorking_data()
{
    QTest::addColumn<QByteArray>("garbage");
    QTest::addRow("empty line") << QByteArray("\r\n\r\n");
    QTest::addRow("not HTTP") << QByteArray("HELLO THERE\r\n\r\n");
    QTest::addRow("binary") << QByteArray("\x00\x01\x02\xff\xfe\r\n\r\n", 9);
    QTest::addRow("half a request line") << QByteArray("GET /validators");
    QTest::addRow("header without colon") << QByteArray("GET / HTTP/1.1\r\nHost x\r\nNoColon\r\n\r\n");
}

void TestDemoOrigin::garbageRequestLeavesOriginWorking()
{
    QFETCH(QByteArray, garbage);
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_origin->port());
        socket.write(garbage);
        QByteArray ignored;
        // An incomplete request keeps the server waiting for more; half a second shows it is not stuck.
        DemoTest::Detail::readUntil(
            socket, ignored,
            [&] { return socket.state() == QAbstractSocket::UnconnectedState || ignored.contains("\r\n\r\n"); }, 500);
    }
    const auto reply = get("/validators/strong-etag");
    DEMO_VERIFY_REPLY(reply);
    QCOMPARE(reply.status, 200);
}

void TestDemoOrigin::requestServedSignal()
{
    QSignalSpy served(m_origin.get(), &DemoOrigin::requestServed);
    const auto reply = get("/validators/changing?every=5");
    DEMO_VERIFY_REPLY(reply);
    QVERIFY(served.size() >= 1);
    QCOMPARE(served.first().at(0).toString(), QStringLiteral("GET"));
    QCOMPARE(served.first().at(1).toString(), QStringLiteral("/validators/changing?every=5"));
    QCOMPARE(served.first().at(2).toInt(), 200);
}

QTEST_GUILESS_MAIN(TestDemoOrigin)
#include "tst_demoorigin.moc"
