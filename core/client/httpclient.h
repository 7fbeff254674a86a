#pragma once

#include "exchange.h"

#include <QObject>
#include <QPointer>
#include <QSslCertificate>

namespace CacheScope {

class ConnectionPool;

// One request in flight. Emits finished() exactly once (also after cancel()), then may be deleted.
class HttpTransfer : public QObject
{
    Q_OBJECT
public:
    ~HttpTransfer() override;

    const Exchange &exchange() const { return m_exchange; }
    bool isFinished() const { return m_finished; }
    void cancel();

Q_SIGNALS:
    // The final (non-1xx) status line and headers arrived.
    void responseStarted(int status);
    // Body bytes received on the wire so far, and the expected total (-1 when unknown).
    void progress(qint64 received, qint64 total);
    void finished(const CacheScope::Exchange &exchange);

private:
    friend class HttpClient;
    friend class TransferRunner;
    explicit HttpTransfer(const Request &request, QObject *parent);
    Exchange m_exchange;
    bool m_finished = false;
    class TransferRunner *m_runner = nullptr;
};

// CacheScope's HTTP/1.1 client. It speaks HTTP itself over QTcpSocket/QSslSocket rather than through
// QNetworkAccessManager, so that what the user sees is exactly what crossed the wire: every header the
// server sent (duplicates and order kept), interim 1xx responses, the bytes on the wire before and after
// decoding, and the request header block as really sent. It keeps idle connections per origin for reuse
// and limits concurrent connections per host.
class HttpClient : public QObject
{
    Q_OBJECT
public:
    explicit HttpClient(QObject *parent = nullptr);
    ~HttpClient() override;

    // Starts the request; the transfer is parented to the client.
    HttpTransfer *send(const Request &request);

    // Connections per host:port at once (browsers use about 6).
    void setMaxConnectionsPerHost(int count);
    int maxConnectionsPerHost() const;
    // Accept this certificate for this host for the rest of the session despite its errors. Never
    // implicit: only after the user saw the certificate's details and chose to. Nothing is persisted.
    void acceptCertificate(const QString &host, const QSslCertificate &certificate);
    // Takes an acceptance back (later connections to the host fail on the certificate again).
    bool forgetCertificate(const QString &host, const QSslCertificate &certificate);
    // What the session accepted: host (lower case) -> certificates.
    QHash<QString, QList<QSslCertificate>> acceptedCertificates() const;

    // The response body limit of requests that leave Request::maxBodyBytes at 0; must be positive.
    void setMaxBodyBytes(qint64 bytes);
    qint64 maxBodyBytes() const { return m_maxBodyBytes; }
    static constexpr qint64 DefaultMaxBodyBytes = qint64(512) * 1024 * 1024;
    // Default User-Agent sent when the request has none and addDefaultHeaders is true.
    static QByteArray defaultUserAgent();

Q_SIGNALS:
    void acceptedCertificatesChanged();

private:
    ConnectionPool *m_pool;
    qint64 m_maxBodyBytes = DefaultMaxBodyBytes;
};

} // namespace CacheScope
