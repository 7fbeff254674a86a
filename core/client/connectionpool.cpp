#include "connectionpool.h"

#include <algorithm>
#include <QCryptographicHash>
#include <QHostInfo>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

namespace CacheScope {

namespace {

constexpr int kAttemptTimeoutMs = 3000; // per address, while other addresses remain to try

QString describeCertificate(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return QStringLiteral("no certificate was presented");
    const QString fingerprint = fingerprintText(certificate.digest(QCryptographicHash::Sha256));
    return QStringLiteral("subject: %1; issuer: %2; valid %3 to %4; SHA-256 %5")
        .arg(certificate.subjectDisplayName(), certificate.issuerDisplayName(),
            certificate.effectiveDate().toString(Qt::ISODate), certificate.expiryDate().toString(Qt::ISODate),
            fingerprint);
}

ExchangeError mapSocketError(QAbstractSocket::SocketError error)
{
    switch (error) {
    case QAbstractSocket::HostNotFoundError:
        return ExchangeError::HostNotFound;
    case QAbstractSocket::ConnectionRefusedError:
        return ExchangeError::ConnectionRefused;
    case QAbstractSocket::RemoteHostClosedError:
        return ExchangeError::ConnectionClosed;
    case QAbstractSocket::SocketTimeoutError:
        return ExchangeError::Timeout;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        return ExchangeError::Tls;
    default:
        return ExchangeError::Network;
    }
}

} // namespace

ConnectionKey ConnectionKey::forUrl(const QUrl &url, const QHostAddress &connectAddress)
{
    ConnectionKey key;
    key.scheme = url.scheme().toLower();
    key.host = url.host().toLower();
    key.port = url.port(key.scheme == QLatin1String("https") ? 443 : 80);
    key.forcedAddress = connectAddress.isNull() ? QString() : connectAddress.toString();
    return key;
}

ConnectionKey ConnectionKey::forRequest(const Request &request)
{
    ConnectionKey key = forUrl(request.url, request.connectAddress);
    for (const AcceptedCertificate &accepted : request.acceptedCertificates) {
        if (accepted.host.compare(key.host, Qt::CaseInsensitive) == 0 && !key.requestAccepted.contains(accepted.sha256))
            key.requestAccepted.append(accepted.sha256);
    }
    std::sort(key.requestAccepted.begin(), key.requestAccepted.end());
    return key;
}

QString ConnectionKey::toString() const
{
    QString s = scheme + QStringLiteral("://") + host + QLatin1Char(':') + QString::number(port);
    if (!forcedAddress.isEmpty())
        s += QStringLiteral(" via ") + forcedAddress;
    return s;
}

Connection::Connection(const ConnectionKey &key, QObject *parent)
    : QObject(parent)
    , m_key(key)
    , m_attemptTimer(new QTimer(this))
{
    if (m_key.scheme == QLatin1String("https")) {
        m_tls = new QSslSocket(this);
        m_socket = m_tls;
        connect(m_tls, &QSslSocket::sslErrors, this, &Connection::onSslErrors);
        connect(m_tls, &QSslSocket::encrypted, this, [this] {
            m_opening = false;
            Q_EMIT ready();
        });
    } else {
        m_socket = new QTcpSocket(this);
    }
    m_attemptTimer->setSingleShot(true);
    connect(m_attemptTimer, &QTimer::timeout, this, [this] {
        m_socket->abort();
        tryNextAddress();
    });
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &Connection::onSocketError);
    connect(m_socket, &QAbstractSocket::connected, this, [this] {
        m_attemptTimer->stop();
        Q_EMIT tcpConnected();
        if (!m_tls) {
            m_opening = false;
            Q_EMIT ready();
        }
    });
}

Connection::~Connection() = default;

bool Connection::isOpen() const
{
    if (m_opening || m_socket->state() != QAbstractSocket::ConnectedState)
        return false;
    return !m_tls || m_tls->isEncrypted();
}

void Connection::open(const QHostAddress &forcedAddress, int timeoutMs)
{
    Q_UNUSED(timeoutMs);
    m_opening = true;
    if (!forcedAddress.isNull()) {
        lookedUp({ forcedAddress }, {});
        return;
    }
    QHostAddress literal;
    if (literal.setAddress(m_key.host)) {
        lookedUp({ literal }, {});
        return;
    }
    QHostInfo::lookupHost(m_key.host, this, [this](const QHostInfo &info) {
        lookedUp(info.addresses(), info.error() == QHostInfo::NoError ? QString() : info.errorString());
    });
}

void Connection::lookedUp(const QList<QHostAddress> &addresses, const QString &lookupError)
{
    if (addresses.isEmpty()) {
        m_opening = false;
        Q_EMIT failed(ExchangeError::HostNotFound,
            QStringLiteral("cannot resolve host '%1'%2: check the spelling, your DNS settings or /etc/hosts")
                .arg(m_key.host, lookupError.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(lookupError)));
        return;
    }
    m_addresses = addresses;
    m_nextAddress = 0;
    Q_EMIT resolved();
    tryNextAddress();
}

void Connection::tryNextAddress()
{
    if (m_nextAddress >= m_addresses.size())
        return;
    const QHostAddress address = m_addresses.at(m_nextAddress++);
    if (m_nextAddress < m_addresses.size())
        m_attemptTimer->start(kAttemptTimeoutMs);
    if (m_tls) {
        // Connect to the address, but verify the certificate (and send SNI) for the URL's host name.
        m_tls->setPeerVerifyName(m_key.host);
        m_tls->connectToHostEncrypted(address.toString(), quint16(m_key.port), m_key.host);
    } else {
        m_socket->connectToHost(address, quint16(m_key.port));
    }
}

void Connection::onSocketError()
{
    if (!m_opening)
        return; // once open, the holder of the connection handles errors
    const QAbstractSocket::SocketError error = m_socket->error();
    const bool retryable = error == QAbstractSocket::ConnectionRefusedError || error == QAbstractSocket::NetworkError
        || error == QAbstractSocket::SocketTimeoutError;
    if (retryable && m_nextAddress < m_addresses.size()) {
        m_attemptTimer->stop();
        m_socket->abort();
        QTimer::singleShot(0, this, &Connection::tryNextAddress);
        return;
    }
    m_attemptTimer->stop();
    m_opening = false;
    const QString where
        = QStringLiteral("%1 port %2").arg(m_addresses.value(m_nextAddress - 1).toString()).arg(m_key.port);
    const ExchangeError kind = mapSocketError(error);
    QString message;
    switch (kind) {
    case ExchangeError::ConnectionRefused:
        message = QStringLiteral("connection refused by %1: nothing is listening there, or a firewall rejects it")
                      .arg(where);
        break;
    case ExchangeError::Tls:
        message = m_sslErrorText.isEmpty()
            ? QStringLiteral("TLS handshake with %1 failed: %2").arg(where, m_socket->errorString())
            : m_sslErrorText;
        break;
    case ExchangeError::ConnectionClosed:
        message = QStringLiteral("%1 closed the connection while it was being opened").arg(where);
        break;
    default:
        message = QStringLiteral("cannot connect to %1: %2").arg(where, m_socket->errorString());
        break;
    }
    Q_EMIT failed(kind, message);
}

void Connection::onSslErrors(const QList<QSslError> &errors)
{
    const QSslCertificate peer = m_tls->peerCertificate();
    if (!peer.isNull() && m_accepted.contains(peer.digest(QCryptographicHash::Sha256))) {
        m_tls->ignoreSslErrors(errors);
        return;
    }
    m_rejected = m_tls->peerCertificateChain();
    if (m_rejected.isEmpty() && !peer.isNull())
        m_rejected.append(peer);
    m_tlsErrors.clear();
    for (const QSslError &error : errors) {
        if (!m_tlsErrors.contains(error.errorString()))
            m_tlsErrors.append(error.errorString());
    }
    // Never ignored silently: the message carries the certificate so the user can decide to accept it.
    m_sslErrorText = QStringLiteral("TLS certificate of %1 rejected: %2 (%3). Accept this certificate for this "
                                    "host explicitly only if you trust it.")
                         .arg(m_key.host, m_tlsErrors.join(QStringLiteral("; ")), describeCertificate(peer));
}

void Connection::abort()
{
    m_attemptTimer->stop();
    m_opening = false;
    m_socket->abort();
}

ConnectionPool::ConnectionPool(QObject *parent)
    : QObject(parent)
{ }

int ConnectionPool::activeCount(const QString &hostPort) const
{
    return m_active.value(hostPort);
}

void ConnectionPool::acquire(const ConnectionKey &key, QObject *owner, Grant grant)
{
    for (qsizetype i = 0; i < m_idle.size(); ++i) {
        Connection *idle = m_idle.at(i);
        if (!(idle->key() == key))
            continue;
        m_idle.removeAt(i);
        disconnect(idle->socket(), nullptr, this, nullptr);
        if (!idle->isOpen() || idle->socket()->bytesAvailable() > 0) {
            idle->deleteLater();
            --i;
            continue;
        }
        ++m_active[key.hostPort()];
        grant(idle, true);
        return;
    }
    if (activeCount(key.hostPort()) < m_maxPerHost) {
        ++m_active[key.hostPort()];
        auto *connection = new Connection(key, this);
        QList<QByteArray> digests = key.requestAccepted;
        for (const QSslCertificate &certificate : m_accepted.value(key.host))
            digests.append(certificate.digest(QCryptographicHash::Sha256));
        connection->setAcceptedDigests(digests);
        grant(connection, false);
        return;
    }
    m_waiting.append({ key, owner, std::move(grant) });
}

void ConnectionPool::release(Connection *connection, bool reusable)
{
    const QString hostPort = connection->key().hostPort();
    if (--m_active[hostPort] <= 0)
        m_active.remove(hostPort);
    if (reusable && connection->isOpen() && connection->socket()->bytesAvailable() == 0) {
        m_idle.append(connection);
        // An idle connection that receives bytes or closes is useless: drop it.
        connect(connection->socket(), &QIODevice::readyRead, this, [this, connection] { dropIdle(connection); });
        connect(
            connection->socket(), &QAbstractSocket::disconnected, this, [this, connection] { dropIdle(connection); });
    } else {
        connection->abort();
        connection->deleteLater();
    }
    // Let waiting requests go on after the current call stack unwinds.
    QTimer::singleShot(0, this, &ConnectionPool::dispatchWaiting);
}

void ConnectionPool::dropIdle(Connection *connection)
{
    if (m_idle.removeOne(connection)) {
        disconnect(connection->socket(), nullptr, this, nullptr);
        connection->abort();
        connection->deleteLater();
    }
}

void ConnectionPool::dispatchWaiting()
{
    for (qsizetype i = 0; i < m_waiting.size();) {
        if (!m_waiting.at(i).owner) {
            m_waiting.removeAt(i);
            continue;
        }
        const ConnectionKey key = m_waiting.at(i).key;
        const bool idleAvailable
            = std::any_of(m_idle.begin(), m_idle.end(), [&key](Connection *c) { return c->key() == key; });
        if (!idleAvailable && activeCount(key.hostPort()) >= m_maxPerHost) {
            ++i;
            continue;
        }
        Waiter waiter = m_waiting.takeAt(i);
        acquire(waiter.key, waiter.owner, std::move(waiter.grant));
    }
}

void ConnectionPool::acceptCertificate(const QString &host, const QSslCertificate &certificate)
{
    QList<QSslCertificate> &list = m_accepted[host.toLower()];
    if (!list.contains(certificate))
        list.append(certificate);
}

bool ConnectionPool::forgetCertificate(const QString &host, const QSslCertificate &certificate)
{
    const QString key = host.toLower();
    auto it = m_accepted.find(key);
    if (it == m_accepted.end() || !it->removeOne(certificate))
        return false;
    if (it->isEmpty())
        m_accepted.erase(it);
    const QList<Connection *> idle = m_idle;
    for (Connection *connection : idle) {
        if (connection->key().host == key && connection->key().scheme == QLatin1String("https"))
            dropIdle(connection);
    }
    return true;
}

} // namespace CacheScope
