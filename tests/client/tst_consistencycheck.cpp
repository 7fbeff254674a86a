#include "client/consistencycheck.h"
#include "client/httpclient.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace CacheScope;

namespace {

// One backend on its own loopback address: serves `body` with `etag`, answers 304 only to its own ETag.
// With `rotate`, it plays three instances behind one address, each with its own ETag.
class Backend : public QObject
{
public:
    Backend(const QHostAddress &address, quint16 port, QByteArray etag, bool rotate = false)
        : m_etag(std::move(etag))
        , m_rotate(rotate)
    {
        m_ok = m_server.listen(address, port);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection())
                connect(s, &QTcpSocket::readyRead, this, [this, s] { serve(s); });
        });
    }
    bool ok() const { return m_ok; }
    quint16 port() const { return m_server.serverPort(); }

private:
    void serve(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        qsizetype end;
        while ((end = buffer.indexOf("\r\n\r\n")) >= 0) {
            const QByteArray head = buffer.left(end);
            buffer.remove(0, end + 4);
            const QByteArray etag = m_rotate ? "\"node-" + QByteArray::number(m_counter++ % 3) + "\"" : m_etag;
            QByteArray inm;
            for (const QByteArray &line : head.split('\n')) {
                if (line.toLower().startsWith("if-none-match:"))
                    inm = line.mid(14).trimmed();
            }
            const QByteArray body = "same content everywhere";
            if (inm == etag)
                socket->write("HTTP/1.1 304 Not Modified\r\nETag: " + etag + "\r\n\r\n");
            else
                socket->write("HTTP/1.1 200 OK\r\nETag: " + etag + "\r\nContent-Length: " + QByteArray::number(body.size())
                    + "\r\n\r\n" + body);
        }
    }
    QTcpServer m_server;
    QByteArray m_etag;
    bool m_rotate;
    bool m_ok = false;
    int m_counter = 0;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

ConsistencyReport runCheck(const QUrl &url, const ConsistencyOptions &options)
{
    HttpClient client;
    ConsistencyCheck check(&client);
    QSignalSpy spy(&check, &ConsistencyCheck::finished);
    check.start(url, options);
    if (!spy.wait(15000))
        qFatal("consistency check did not finish");
    return spy.first().first().value<ConsistencyReport>();
}

} // namespace

Q_DECLARE_METATYPE(CacheScope::ConsistencyReport)

class tst_ConsistencyCheck : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<ConsistencyReport>(); }
    void oddInstanceIsNamed();
    void agreeingInstances();
    void rotatingInstancesBehindOneAddress();
    void unreachableAddressIsReported();
};

void tst_ConsistencyCheck::oddInstanceIsNamed()
{
    Backend a(QHostAddress(QStringLiteral("127.0.0.2")), 0, "\"v1\"");
    QVERIFY(a.ok());
    Backend b(QHostAddress(QStringLiteral("127.0.0.3")), a.port(), "\"v2-other-node\"");
    Backend c(QHostAddress(QStringLiteral("127.0.0.4")), a.port(), "\"v1\"");
    QVERIFY(b.ok() && c.ok());
    ConsistencyOptions options;
    options.samples = 2;
    options.addresses = { QHostAddress(QStringLiteral("127.0.0.2")), QHostAddress(QStringLiteral("127.0.0.3")),
        QHostAddress(QStringLiteral("127.0.0.4")) };
    const ConsistencyReport report
        = runCheck(QUrl(QStringLiteral("http://lb.example.test:%1/asset.js").arg(a.port())), options);
    QVERIFY(report.error.isEmpty());
    QCOMPARE(report.samples.size(), 6);
    QVERIFY(!report.etagsAgree);
    QVERIFY(report.bodiesAgree);
    QVERIFY(!report.validatorsHonoured);
    QVERIFY(!report.consistent());
    const QString all = report.findings.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QLatin1String("127.0.0.3 serves ETag \"v2-other-node\" while 127.0.0.2, 127.0.0.4 serve ETag \"v1\"")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("127.0.0.3 answered 200 to the ETag \"v1\" issued by 127.0.0.2")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("ETag is made per instance")), qPrintable(all));
    // 3 issuers x 3 targets
    QCOMPARE(report.crossChecks.size(), 9);
}

void tst_ConsistencyCheck::agreeingInstances()
{
    Backend a(QHostAddress(QStringLiteral("127.0.0.2")), 0, "\"same\"");
    QVERIFY(a.ok());
    Backend b(QHostAddress(QStringLiteral("127.0.0.3")), a.port(), "\"same\"");
    QVERIFY(b.ok());
    ConsistencyOptions options;
    options.addresses = { QHostAddress(QStringLiteral("127.0.0.2")), QHostAddress(QStringLiteral("127.0.0.3")) };
    const ConsistencyReport report = runCheck(QUrl(QStringLiteral("http://lb.example.test:%1/").arg(a.port())), options);
    QVERIFY2(report.consistent(), qPrintable(report.findings.join(QLatin1Char('\n'))));
    QVERIFY(report.findings.isEmpty());
}

void tst_ConsistencyCheck::rotatingInstancesBehindOneAddress()
{
    Backend a(QHostAddress(QStringLiteral("127.0.0.1")), 0, {}, true);
    QVERIFY(a.ok());
    ConsistencyOptions options;
    options.samples = 3;
    const ConsistencyReport report = runCheck(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(a.port())), options);
    QVERIFY(!report.consistent());
    const QString all = report.findings.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QLatin1String("127.0.0.1 returned 3 different ETag values over 3 requests")), qPrintable(all));
}

void tst_ConsistencyCheck::unreachableAddressIsReported()
{
    Backend a(QHostAddress(QStringLiteral("127.0.0.2")), 0, "\"x\"");
    QVERIFY(a.ok());
    ConsistencyOptions options;
    options.samples = 1;
    options.addresses = { QHostAddress(QStringLiteral("127.0.0.2")), QHostAddress(QStringLiteral("127.0.0.5")) };
    const ConsistencyReport report = runCheck(QUrl(QStringLiteral("http://h.test:%1/").arg(a.port())), options);
    const QString all = report.findings.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QLatin1String("127.0.0.5 (request 1): connection refused")), qPrintable(all));
}

QTEST_GUILESS_MAIN(tst_ConsistencyCheck)
#include "tst_consistencycheck.moc"
