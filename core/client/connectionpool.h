#pragma once

#include "exchange.h"

#include <functional>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslError>
#include <QUrl>

class QSslSocket;
class QTcpSocket;
class QTimer;

namespace CacheScope {

// Which connections can serve a request: same scheme, host, port, (for the consistency check) the same
// forced address, and the same certificates accepted by the request itself (a connection that got past a
// certificate error thanks to one request's acceptance must not serve a request without it).
struct ConnectionKey
{
    QString scheme;
    QString host;
    int port = 0;
    QString forcedAddress;
    QList<QByteArray> requestAccepted; // SHA-256 digests the request accepted for this host, sorted

    static ConnectionKey forUrl(const QUrl &url, const QHostAddress &connectAddress);
    static ConnectionKey forRequest(const Request &request);
    QString toString() const;
    QString hostPort() const { return host + QLatin1Char(':') + QString::number(port); }
    friend bool operator==(const ConnectionKey &, const ConnectionKey &) = default;
};

// One TCP (or TLS) connection to an origin. It opens itself (DNS, TCP, TLS) and reports each phase;
// requests are written and read by whoever holds it.
class Connection : public QObject
{
    Q_OBJECT
public:
    Connection(const ConnectionKey &key, QObject *parent);
    ~Connection() override;

    const ConnectionKey &key() const { return m_key; }
    // A QSslSocket for https; plain http gets a QTcpSocket, which does not load the TLS library (about 25
    // million instructions, a third of what `watch` does for its first hundred plain-http exchanges).
    QTcpSocket *socket() const { return m_socket; }
    bool isOpen() const;
    bool isOpening() const { return m_opening; }
    int requestsServed() const { return m_requests; }
    void countRequest() { ++m_requests; }

    // SHA-256 digests of the certificates the user accepted for this host despite errors (session only).
    void setAcceptedDigests(const QList<QByteArray> &digests) { m_accepted = digests; }
    // The certificate chain the last TLS errors were about (peer first); empty when none was rejected.
    QList<QSslCertificate> rejectedCertificates() const { return m_rejected; }
    // Those errors, each in words.
    QStringList tlsErrors() const { return m_tlsErrors; }
    void open(const QHostAddress &forcedAddress, int timeoutMs);
    void abort();

Q_SIGNALS:
    void resolved();
    void tcpConnected();
    void ready(); // open and, for https, encrypted
    void failed(CacheScope::ExchangeError error, const QString &message);

private:
    void lookedUp(const QList<QHostAddress> &addresses, const QString &lookupError);
    void tryNextAddress();
    void onSocketError();
    void onSslErrors(const QList<QSslError> &errors);

    ConnectionKey m_key;
    QTcpSocket *m_socket = nullptr;
    QSslSocket *m_tls = nullptr; // m_socket, when the scheme is https
    QTimer *m_attemptTimer = nullptr;
    QList<QHostAddress> m_addresses;
    qsizetype m_nextAddress = 0;
    bool m_opening = false;
    int m_requests = 0;
    QList<QByteArray> m_accepted;
    QString m_sslErrorText;
    QList<QSslCertificate> m_rejected;
    QStringList m_tlsErrors;
};

// Keeps idle keep-alive connections for reuse and limits how many connections a host gets at once;
// requests past the limit wait in order.
class ConnectionPool : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionPool(QObject *parent);

    using Grant = std::function<void(Connection *connection, bool reused)>;
    // Calls `grant` (now or later) with a connection reserved for the caller. `owner` going away
    // cancels the wait.
    void acquire(const ConnectionKey &key, QObject *owner, Grant grant);
    // Gives the connection back: kept for reuse when `reusable`, else closed and deleted.
    void release(Connection *connection, bool reusable);

    void setMaxPerHost(int count) { m_maxPerHost = qMax(1, count); }
    int maxPerHost() const { return m_maxPerHost; }
    void acceptCertificate(const QString &host, const QSslCertificate &certificate);
    // Takes an acceptance back; idle connections to that host are closed so none opened under it is reused.
    bool forgetCertificate(const QString &host, const QSslCertificate &certificate);
    QList<QSslCertificate> acceptedCertificates(const QString &host) const { return m_accepted.value(host.toLower()); }
    const QHash<QString, QList<QSslCertificate>> &allAcceptedCertificates() const { return m_accepted; }

private:
    struct Waiter
    {
        ConnectionKey key;
        QPointer<QObject> owner;
        Grant grant;
    };
    int activeCount(const QString &hostPort) const;
    void dropIdle(Connection *connection);
    void dispatchWaiting();

    int m_maxPerHost = 6;
    QList<Connection *> m_idle;
    QHash<QString, int> m_active; // host:port -> connections handed out
    QList<Waiter> m_waiting;
    QHash<QString, QList<QSslCertificate>> m_accepted;
};

} // namespace CacheScope
