#pragma once

#include "connectionpool.h"
#include "http/contentdecoder.h"
#include "http/responseparser.h"
#include "httpclient.h"

#include <memory>
#include <optional>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QTimer>

namespace CacheScope {

// Drives one HttpTransfer: takes a connection from the pool, writes the request, parses the response,
// follows redirects when asked, and fills the Exchange. Internal to the client.
class TransferRunner : public QObject
{
    Q_OBJECT
public:
    TransferRunner(HttpTransfer *transfer, ConnectionPool *pool, const QByteArray &userAgent);
    void start();
    void cancel();

private:
    void startHop();
    void granted(Connection *connection, bool reused);
    void connectionReady();
    void readAvailable();
    struct BodyStream
    {
        QByteArray kept; // the first maxBodyBytes
        qint64 total = 0; // every byte that went by
        std::unique_ptr<QCryptographicHash> hash; // of every byte, started once the stream passes the cap
    };
    void startBody();
    void consumeBody(const QByteArray &piece);
    void appendCapped(BodyStream &stream, const char *data, qsizetype size, bool hashed);
    void connectionLost();
    void responseComplete();
    bool followRedirect();
    bool connectionReusable() const;
    void releaseConnection(bool reusable);
    void finish(ExchangeError error = ExchangeError::None, const QString &message = {});
    void fillResponse();
    qint64 elapsed() const { return m_clock.elapsed(); }

    HttpTransfer *m_transfer;
    Exchange &m_exchange;
    ConnectionPool *m_pool;
    QByteArray m_userAgent;
    Request m_hop; // the request of the current hop (differs from the asked one after a redirect)
    QElapsedTimer m_clock;
    QTimer m_timeout;
    Connection *m_connection = nullptr;
    bool m_reused = false;
    bool m_hopGotBytes = false;
    bool m_leftoverBytes = false;
    QStringList m_runnerNotes; // notes of the current hop that the parser cannot see
    int m_staleRetries = 0;
    std::optional<ResponseParser> m_parser;
    BodyStream m_raw; // de-framed, still content-encoded
    BodyStream m_decoded; // after Content-Encoding, when m_decoder decodes it
    std::unique_ptr<ContentDecoder> m_decoder; // null for identity
    bool m_done = false;
};

} // namespace CacheScope
