#include "httpclient.h"

#include "connectionpool.h"
#include "transferrunner.h"

namespace CacheScope {

HttpTransfer::HttpTransfer(const Request &request, QObject *parent)
    : QObject(parent)
{
    m_exchange.request = request;
    m_exchange.finalUrl = request.url;
}

HttpTransfer::~HttpTransfer() = default;

void HttpTransfer::cancel()
{
    if (m_runner)
        m_runner->cancel();
}

HttpClient::HttpClient(QObject *parent)
    : QObject(parent)
    , m_pool(new ConnectionPool(this))
{ }

HttpClient::~HttpClient()
{
    // Children die in creation order, the pool first: a running transfer's socket then closes and calls
    // back into a pool whose members are already gone. Running transfers go first, without finished()
    // (whoever listened is being torn down with the client), then the pool and its connections.
    qDeleteAll(findChildren<HttpTransfer *>(QString(), Qt::FindDirectChildrenOnly));
    delete m_pool;
}

HttpTransfer *HttpClient::send(const Request &request)
{
    auto *transfer = new HttpTransfer(request, this);
    if (transfer->m_exchange.request.maxBodyBytes == 0)
        transfer->m_exchange.request.maxBodyBytes = m_maxBodyBytes;
    transfer->m_runner = new TransferRunner(transfer, m_pool, defaultUserAgent());
    transfer->m_runner->start();
    return transfer;
}

void HttpClient::setMaxConnectionsPerHost(int count)
{
    m_pool->setMaxPerHost(count);
}

int HttpClient::maxConnectionsPerHost() const
{
    return m_pool->maxPerHost();
}

void HttpClient::acceptCertificate(const QString &host, const QSslCertificate &certificate)
{
    m_pool->acceptCertificate(host, certificate);
    Q_EMIT acceptedCertificatesChanged();
}

bool HttpClient::forgetCertificate(const QString &host, const QSslCertificate &certificate)
{
    if (!m_pool->forgetCertificate(host, certificate))
        return false;
    Q_EMIT acceptedCertificatesChanged();
    return true;
}

QHash<QString, QList<QSslCertificate>> HttpClient::acceptedCertificates() const
{
    return m_pool->allAcceptedCertificates();
}

void HttpClient::setMaxBodyBytes(qint64 bytes)
{
    m_maxBodyBytes = bytes > 0 ? bytes : DefaultMaxBodyBytes;
}

QByteArray HttpClient::defaultUserAgent()
{
    return QByteArrayLiteral("CacheScope/" CACHESCOPE_VERSION);
}

} // namespace CacheScope
