#include "transferrunner.h"

#include "requestwriter.h"

#include <limits>
#include <QTcpSocket>
#include <tuple>

namespace CacheScope {

TransferRunner::TransferRunner(HttpTransfer *transfer, ConnectionPool *pool, const QByteArray &userAgent)
    : QObject(transfer)
    , m_transfer(transfer)
    , m_exchange(transfer->m_exchange)
    , m_pool(pool)
    , m_userAgent(userAgent)
    , m_hop(transfer->m_exchange.request)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        finish(ExchangeError::Timeout,
            QStringLiteral("no complete response within %1 s (the server is slow or stalled; raise the timeout "
                           "if this is expected)")
                .arg(m_exchange.request.timeoutMs / 1000.0));
    });
}

void TransferRunner::start()
{
    m_clock.start();
    m_exchange.timing.started = QDateTime::currentDateTimeUtc();
    const QString problem = m_hop.validate();
    if (!problem.isEmpty()) {
        const bool scheme = problem.startsWith(QLatin1String("unsupported scheme"));
        finish(scheme ? ExchangeError::UnsupportedScheme : ExchangeError::InvalidRequest, problem);
        return;
    }
    if (m_exchange.request.timeoutMs > 0)
        m_timeout.start(m_exchange.request.timeoutMs);
    startHop();
}

void TransferRunner::startHop()
{
    m_exchange.finalUrl = m_hop.url;
    m_hopGotBytes = false;
    m_leftoverBytes = false;
    m_runnerNotes.clear();
    m_parser.reset();
    m_raw = {};
    m_decoded = {};
    m_decoder.reset();
    const ConnectionKey key = ConnectionKey::forRequest(m_hop);
    m_pool->acquire(key, this, [this](Connection *connection, bool reused) { granted(connection, reused); });
}

void TransferRunner::granted(Connection *connection, bool reused)
{
    if (m_done) { // cancelled while waiting for a connection
        m_pool->release(connection, reused);
        return;
    }
    m_connection = connection;
    m_reused = reused;
    m_exchange.connectionReused = reused;
    QTcpSocket *socket = connection->socket();
    connect(socket, &QIODevice::readyRead, this, &TransferRunner::readAvailable);
    connect(socket, &QAbstractSocket::disconnected, this, &TransferRunner::connectionLost);
    connect(socket, &QAbstractSocket::errorOccurred, this, [this] {
        if (m_connection && !m_connection->isOpening())
            connectionLost();
    });
    connect(socket, &QIODevice::bytesWritten, this, [this] {
        if (m_connection && m_connection->socket()->bytesToWrite() == 0 && m_exchange.timing.requestSentMs < 0)
            m_exchange.timing.requestSentMs = elapsed();
    });
    if (reused) {
        m_exchange.timing.dnsMs = m_exchange.timing.connectMs = m_exchange.timing.tlsMs = -1;
        connectionReady();
        return;
    }
    const qint64 openedAt = elapsed();
    connect(
        connection, &Connection::resolved, this, [this, openedAt] { m_exchange.timing.dnsMs = elapsed() - openedAt; });
    connect(connection, &Connection::tcpConnected, this, [this] { m_exchange.timing.connectMs = elapsed(); });
    connect(connection, &Connection::ready, this, [this] {
        if (m_hop.url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0)
            m_exchange.timing.tlsMs = elapsed() - m_exchange.timing.connectMs;
        connectionReady();
    });
    connect(connection, &Connection::failed, this, [this, connection](ExchangeError error, const QString &message) {
        if (error == ExchangeError::Tls) {
            m_exchange.rejectedCertificates = connection->rejectedCertificates();
            m_exchange.tlsErrors = connection->tlsErrors();
        }
        finish(error, message);
    });
    connection->open(m_hop.connectAddress, m_hop.timeoutMs);
}

void TransferRunner::connectionReady()
{
    const WireRequest wire = buildWireRequest(m_hop, m_userAgent);
    m_exchange.requestHeadersSent = wire.headers;
    m_exchange.addedHeaderNames = wire.addedHeaderNames;
    m_exchange.rawRequestHead = wire.head;
    m_exchange.bytes.request = wire.head.size() + wire.body.size();
    m_exchange.timing.requestSentMs = -1;
    QTcpSocket *socket = m_connection->socket();
    m_exchange.peerAddress = socket->peerAddress();
    m_exchange.peerPort = socket->peerPort();
    m_parser.emplace(m_hop.method);
    m_connection->countRequest();
    socket->write(wire.head);
    if (!wire.body.isEmpty())
        socket->write(wire.body);
}

void TransferRunner::readAvailable()
{
    if (!m_connection || !m_parser || m_done)
        return;
    QTcpSocket *socket = m_connection->socket();
    const QByteArray data = socket->readAll();
    if (data.isEmpty())
        return;
    if (!m_hopGotBytes) {
        m_hopGotBytes = true;
        m_exchange.timing.ttfbMs = elapsed();
    }
    const bool hadHead = m_parser->hasFinalHead();
    const qsizetype used = m_parser->feed(data.constData(), data.size());
    if (!hadHead && m_parser->hasFinalHead())
        startBody();
    consumeBody(m_parser->takeBody());
    if (m_parser->hasFailed()) {
        fillResponse();
        finish(m_parser->failedOnLimit() ? ExchangeError::TooLarge : ExchangeError::Protocol, m_parser->errorString());
        return;
    }
    if (!hadHead && m_parser->hasFinalHead())
        Q_EMIT m_transfer->responseStarted(m_parser->finalHead().status);
    if (m_parser->hasFinalHead())
        Q_EMIT m_transfer->progress(m_parser->bodyWireBytes(), m_parser->expectedBodyLength());
    if (m_parser->isComplete()) {
        if (used < data.size()) {
            m_runnerNotes.append(
                QStringLiteral("%1 bytes arrived after the end of the response (a body on a %2, or a Content-Length "
                               "smaller than the body?): connection closed")
                    .arg(data.size() - used)
                    .arg(m_parser->finalHead().status));
            m_leftoverBytes = true; // the connection is out of step with the server: never reuse it
        }
        responseComplete();
    }
}

void TransferRunner::startBody()
{
    const QByteArray encoding = m_parser->finalHead().headers.combined("Content-Encoding");
    // No limit of the decoder's own: past the cap, decoded bytes are counted and dropped here, so a
    // compression bomb costs time (bounded by the timeout), not memory.
    m_decoder = ContentDecoder::create(encoding, std::numeric_limits<qint64>::max());
}

// Keeps the first maxBodyBytes of a stream, counts all of it, and hashes all of it once it goes past the cap.
void TransferRunner::appendCapped(BodyStream &stream, const char *data, qsizetype size, bool hashed)
{
    const qint64 cap = m_exchange.request.maxBodyBytes;
    if (hashed) {
        if (!stream.hash && stream.total + size > cap) {
            stream.hash = std::make_unique<QCryptographicHash>(QCryptographicHash::Sha256);
            stream.hash->addData(QByteArrayView(stream.kept));
        }
        if (stream.hash)
            stream.hash->addData(QByteArrayView(data, size));
    }
    const qint64 room = qMax<qint64>(0, cap - stream.kept.size());
    if (room > 0)
        stream.kept.append(data, qsizetype(qMin<qint64>(room, size)));
    stream.total += size;
}

void TransferRunner::consumeBody(const QByteArray &piece)
{
    if (piece.isEmpty())
        return;
    const bool decoding = m_decoder && m_decoder->isSupported();
    appendCapped(m_raw, piece.constData(), piece.size(), !decoding);
    if (!decoding || !m_decoder->errorString().isEmpty())
        return;
    // Small slices: one slice of a compression bomb inflates to a few MiB at most before it is capped.
    constexpr qsizetype slice = 8 * 1024;
    for (qsizetype offset = 0; offset < piece.size(); offset += slice) {
        QByteArray out;
        const bool ok = m_decoder->decode(piece.mid(offset, slice), out);
        appendCapped(m_decoded, out.constData(), out.size(), true);
        if (!ok)
            return;
    }
}

void TransferRunner::connectionLost()
{
    if (m_done || !m_connection || m_connection->isOpening())
        return;
    if (m_connection->socket()->bytesAvailable() > 0)
        readAvailable();
    if (m_done)
        return;
    // A kept-alive connection the server closed before we used it: try again on a fresh one.
    if (m_reused && !m_hopGotBytes && m_staleRetries < 2) {
        ++m_staleRetries;
        releaseConnection(false);
        startHop();
        return;
    }
    if (!m_parser) {
        finish(ExchangeError::ConnectionClosed,
            QStringLiteral("the server closed the connection before the request was sent"));
        return;
    }
    m_parser->finishAtEof();
    consumeBody(m_parser->takeBody());
    if (m_parser->isComplete()) {
        responseComplete();
        return;
    }
    fillResponse();
    const QAbstractSocket::SocketError socketError = m_connection->socket()->error();
    QString message = m_parser->errorString();
    if (socketError != QAbstractSocket::RemoteHostClosedError && socketError != QAbstractSocket::UnknownSocketError)
        message += QStringLiteral(" (%1)").arg(m_connection->socket()->errorString());
    finish(ExchangeError::ConnectionClosed, message);
}

bool TransferRunner::connectionReusable() const
{
    return m_connection && !m_leftoverBytes && !m_parser->closeAfterResponse()
        && m_connection->socket()->state() == QAbstractSocket::ConnectedState;
}

void TransferRunner::responseComplete()
{
    fillResponse();
    if (followRedirect())
        return;
    releaseConnection(connectionReusable());

    // Content decoding went along with the body; on failure the wire bytes are what is kept and shown.
    const BodyStream *body = &m_raw;
    QString decodeError;
    if (m_decoder && m_raw.total > 0) {
        if (!m_decoder->isSupported()) {
            m_runnerNotes.append(
                QStringLiteral("Content-Encoding '%1' is not decoded by CacheScope: the body is shown as received")
                    .arg(QString::fromLatin1(m_decoder->encoding())));
        } else if (m_decoder->errorString().isEmpty() && m_decoder->finish()) {
            body = &m_decoded;
            m_exchange.contentEncoding = m_decoder->encoding();
        } else {
            decodeError = m_decoder->errorString();
        }
    }
    m_exchange.body = body->kept;
    m_exchange.bytes.responseBodyDecoded = body->total;
    m_exchange.bodyTruncated = body->total > body->kept.size();
    if (m_exchange.bodyTruncated && decodeError.isEmpty() && body->hash)
        m_exchange.fullBodySha256 = body->hash->result();
    m_exchange.protocolNotes = m_parser->notes() + m_runnerNotes;
    if (m_exchange.bodyTruncated)
        m_exchange.protocolNotes.append(m_exchange.truncationNotice());
    if (!decodeError.isEmpty()) {
        finish(ExchangeError::Decoding, decodeError + QStringLiteral(": the body is kept as received"));
        return;
    }
    finish();
}

bool TransferRunner::followRedirect()
{
    const int status = m_exchange.status;
    const bool redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    const QByteArray location = m_exchange.responseHeaders.first("Location");
    if (m_exchange.request.redirects != RedirectPolicy::Follow || !redirect || location.isEmpty())
        return false;
    const QUrl next = m_hop.url.resolved(QUrl::fromEncoded(location.trimmed()));
    if (m_exchange.redirects.size() >= m_exchange.request.maxRedirects) {
        releaseConnection(false);
        finish(ExchangeError::TooManyRedirects,
            QStringLiteral("more than %1 redirects (last: %2 to %3): a redirect loop?")
                .arg(m_exchange.request.maxRedirects)
                .arg(status)
                .arg(next.toString()));
        return true;
    }
    m_exchange.redirects.append({ status, m_hop.url, next });
    releaseConnection(connectionReusable());
    // 303, and 301/302 after POST, become GET without a body (RFC 9110 §15.4).
    if (status == 303 || ((status == 301 || status == 302) && m_hop.method == "POST")) {
        if (m_hop.method != "HEAD")
            m_hop.method = "GET";
        m_hop.body.clear();
        m_hop.headers.remove("Content-Type");
        m_hop.headers.remove("Content-Length");
    }
    // Credentials are not sent to another origin: another host, but also another port or http after https.
    const auto origin = [](const QUrl &url) {
        return std::tuple(url.scheme().toLower(), url.host().toLower(), url.port(url.scheme() == u"https" ? 443 : 80));
    };
    if (origin(next) != origin(m_hop.url)) {
        m_hop.headers.remove("Authorization");
        m_hop.headers.remove("Cookie");
    }
    m_hop.url = next;
    const QString problem = m_hop.validate();
    if (!problem.isEmpty()) {
        finish(ExchangeError::InvalidRequest, QStringLiteral("cannot follow the redirect: %1").arg(problem));
        return true;
    }
    m_exchange.bytes = {};
    m_exchange.interim.clear();
    m_staleRetries = 0; // each hop may meet a kept-alive connection the server has just closed
    startHop();
    return true;
}

void TransferRunner::fillResponse()
{
    if (!m_parser)
        return;
    const ResponseParser &p = *m_parser;
    m_exchange.interim.clear();
    QByteArray rawHeads;
    for (const ResponseParser::Head &head : p.interimHeads()) {
        m_exchange.interim.append({ head.status, head.reason, head.headers });
        rawHeads += head.raw;
    }
    if (p.hasFinalHead()) {
        const ResponseParser::Head &head = p.finalHead();
        m_exchange.httpVersion = head.httpVersion;
        m_exchange.status = head.status;
        m_exchange.reason = head.reason;
        m_exchange.responseHeaders = head.headers;
        rawHeads += head.raw;
    }
    m_exchange.rawResponseHead = rawHeads;
    m_exchange.protocolNotes = p.notes() + m_runnerNotes;
    m_exchange.bytes.responseHeaders = p.headBytes();
    m_exchange.bytes.responseBodyWire = p.bodyWireBytes();
    m_exchange.bytes.responseBodyDecoded = m_raw.total;
    if (!p.isComplete()) {
        m_exchange.body = m_raw.kept; // what arrived before the failure, for the user to inspect
        m_exchange.bodyTruncated = m_raw.total > m_raw.kept.size();
    }
}

void TransferRunner::releaseConnection(bool reusable)
{
    if (!m_connection)
        return;
    Connection *connection = m_connection;
    m_connection = nullptr;
    disconnect(connection, nullptr, this, nullptr);
    disconnect(connection->socket(), nullptr, this, nullptr);
    m_pool->release(connection, reusable);
}

void TransferRunner::cancel()
{
    finish(ExchangeError::Cancelled, QStringLiteral("cancelled"));
}

void TransferRunner::finish(ExchangeError error, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    releaseConnection(false); // still held only when the exchange ends early
    m_exchange.error = error;
    m_exchange.errorString = message;
    m_exchange.timing.totalMs = elapsed();
    m_transfer->m_finished = true;
    // Queued, so that callers connecting to finished() right after send() never miss it.
    QMetaObject::invokeMethod(
        m_transfer, [transfer = m_transfer] { Q_EMIT transfer->finished(transfer->m_exchange); }, Qt::QueuedConnection);
}

} // namespace CacheScope
