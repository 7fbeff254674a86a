// Certificate errors: never ignored silently, shown with the certificate's details, and accepted only when
// the user accepts that certificate for that host (for the session: the client's lifetime).
#include "client/httpclient.h"

#include <QFile>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QtTest>

using namespace CacheScope;

namespace {

// An HTTPS origin on 127.0.0.1 with a self-signed certificate (tests/reliability/data, valid until 2126)
// that answers "ok" to every request.
class TlsOrigin : public QObject
{
public:
    bool start(const QString &name)
    {
        QFile certificateFile(QStringLiteral(CACHESCOPE_TEST_DATA "/%1.pem").arg(name));
        QFile keyFile(QStringLiteral(CACHESCOPE_TEST_DATA "/%1.key").arg(name));
        if (!certificateFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
            return false;
        certificate = QSslCertificate(certificateFile.readAll(), QSsl::Pem);
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificate(certificate);
        configuration.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_server.setSslConfiguration(configuration);
        connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    if (socket->readAll().contains("\r\n\r\n"))
                        socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                });
            }
        });
        return !certificate.isNull() && m_server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url(const QString &host) const
    {
        return QUrl(QStringLiteral("https://%1:%2/").arg(host).arg(m_server.serverPort()));
    }

    QSslCertificate certificate;

private:
    QSslServer m_server;
};

Exchange fetch(HttpClient &client, const QUrl &url)
{
    Request request;
    request.url = url;
    request.timeoutMs = 10000;
    HttpTransfer *transfer = client.send(request);
    QSignalSpy spy(transfer, &HttpTransfer::finished);
    if (!transfer->isFinished() && !spy.wait(15000))
        return {};
    return transfer->exchange();
}

} // namespace

class TestTls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rejectedWithDetails();
    void acceptedForOneHostOnly();
    void acceptingOneCertificateDoesNotAcceptAnother();
};

void TestTls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("this Qt has no TLS backend");
}

void TestTls::rejectedWithDetails()
{
    TlsOrigin origin;
    QVERIFY(origin.start(QStringLiteral("test-a")));
    HttpClient client;
    const Exchange exchange = fetch(client, origin.url(QStringLiteral("127.0.0.1")));
    QCOMPARE(exchange.error, ExchangeError::Tls);
    QVERIFY(!exchange.hasResponse());
    // The message names the host, the problem and the certificate: subject, issuer, validity, fingerprint.
    const QString fingerprint = QString::fromLatin1(origin.certificate.digest(QCryptographicHash::Sha256).toHex(':'));
    QVERIFY2(exchange.errorString.contains(QStringLiteral("127.0.0.1")), qPrintable(exchange.errorString));
    QVERIFY2(exchange.errorString.contains(QStringLiteral("self signed"), Qt::CaseInsensitive)
            || exchange.errorString.contains(QStringLiteral("self-signed"), Qt::CaseInsensitive),
        qPrintable(exchange.errorString));
    QVERIFY2(exchange.errorString.contains(QStringLiteral("subject: localhost")), qPrintable(exchange.errorString));
    QVERIFY2(exchange.errorString.contains(QStringLiteral("to 2126-")), qPrintable(exchange.errorString));
    QVERIFY2(exchange.errorString.contains(fingerprint, Qt::CaseInsensitive), qPrintable(exchange.errorString));
    QCOMPARE(exchange.rejectedCertificates.value(0), origin.certificate);
}

void TestTls::acceptedForOneHostOnly()
{
    TlsOrigin origin;
    QVERIFY(origin.start(QStringLiteral("test-a")));
    HttpClient client;
    const Exchange refused = fetch(client, origin.url(QStringLiteral("127.0.0.1")));
    QCOMPARE(refused.error, ExchangeError::Tls);
    client.acceptCertificate(QStringLiteral("127.0.0.1"), refused.rejectedCertificates.value(0));

    const Exchange accepted = fetch(client, origin.url(QStringLiteral("127.0.0.1")));
    QVERIFY2(accepted.ok(), qPrintable(accepted.errorString));
    QCOMPARE(accepted.body, QByteArray("ok"));
    // The same server under another name is another host: not accepted there.
    const Exchange otherName = fetch(client, origin.url(QStringLiteral("localhost")));
    QCOMPARE(otherName.error, ExchangeError::Tls);
    // And a new session (a new client) starts with nothing accepted.
    HttpClient fresh;
    QCOMPARE(fetch(fresh, origin.url(QStringLiteral("127.0.0.1"))).error, ExchangeError::Tls);
}

void TestTls::acceptingOneCertificateDoesNotAcceptAnother()
{
    TlsOrigin first;
    TlsOrigin second;
    QVERIFY(first.start(QStringLiteral("test-a")));
    QVERIFY(second.start(QStringLiteral("test-b")));
    HttpClient client;
    client.acceptCertificate(QStringLiteral("127.0.0.1"), first.certificate);
    QVERIFY(fetch(client, first.url(QStringLiteral("127.0.0.1"))).ok());
    const Exchange other = fetch(client, second.url(QStringLiteral("127.0.0.1")));
    QCOMPARE(other.error, ExchangeError::Tls);
    QCOMPARE(other.rejectedCertificates.value(0), second.certificate);
}

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
