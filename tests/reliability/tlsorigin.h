#pragma once

#include <QFile>
#include <QObject>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QUrl>

namespace CacheScope::TestSupport {

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

} // namespace CacheScope::TestSupport
