#include "scriptedorigin.h"

#include <algorithm>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

namespace CacheScope::TestSupport {

static QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 203:
        return "Non-Authoritative Information";
    case 204:
        return "No Content";
    case 206:
        return "Partial Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 410:
        return "Gone";
    case 412:
        return "Precondition Failed";
    case 416:
        return "Range Not Satisfiable";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

ScriptedResponse ScriptedResponse::make(int status, const RawHeaders &headers, const QByteArray &body)
{
    ScriptedResponse response;
    response.status = status;
    response.headers = headers;
    response.body = body;
    return response;
}

ScriptedResponse ScriptedResponse::rawBytes(const QByteArray &bytes)
{
    ScriptedResponse response;
    response.raw = bytes;
    response.closeConnection = true;
    return response;
}

QByteArray ScriptedResponse::serialize(bool headRequest) const
{
    if (!raw.isEmpty())
        return raw;
    // A body on these would corrupt the connection for the next response: use raw bytes to send one anyway.
    const bool statusWithoutBody = (status >= 100 && status < 200) || status == 204 || status == 304;
    QByteArray out
        = "HTTP/1.1 " + QByteArray::number(status) + ' ' + (reason.isEmpty() ? reasonPhrase(status) : reason) + "\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    if (!statusWithoutBody && headerValue(headers, "Content-Length").isNull()
        && headerValue(headers, "Transfer-Encoding").isNull())
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (closeConnection && headerValue(headers, "Connection").isNull())
        out += "Connection: close\r\n";
    out += "\r\n";
    if (!statusWithoutBody && !headRequest)
        out += body;
    return out;
}

namespace {

enum class RequestParse
{
    Done,
    NeedMore,
    Bad
};

constexpr qsizetype maxHeadSize = 64 * 1024;

// Takes one complete request off the front of buffer.
RequestParse takeRequest(QByteArray &buffer, RecordedRequest *request, QByteArray *problem)
{
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        if (buffer.size() <= maxHeadSize)
            return RequestParse::NeedMore;
        *problem = "request head larger than 64 KiB";
        return RequestParse::Bad;
    }
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    RecordedRequest r;
    r.requestLine = lines.first().trimmed();
    const QList<QByteArray> parts = r.requestLine.split(' ');
    if (parts.size() != 3 || parts.at(0).isEmpty() || parts.at(1).isEmpty() || !parts.at(2).startsWith("HTTP/")) {
        *problem = "malformed request line";
        return RequestParse::Bad;
    }
    r.method = parts.at(0);
    r.target = parts.at(1);
    r.version = parts.at(2);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).endsWith('\r') ? lines.at(i).chopped(1) : lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            *problem = "malformed header line";
            return RequestParse::Bad;
        }
        r.headers.append({ line.left(colon), line.mid(colon + 1).trimmed() });
    }
    const QByteArray rest = buffer.mid(headEnd + 4);
    qsizetype consumed = headEnd + 4;
    if (r.header("Transfer-Encoding").toLower().contains("chunked")) {
        qsizetype bodyBytes = 0;
        switch (RawHttp::decodeChunked(rest, &r.body, &bodyBytes)) {
        case RawHttp::Chunked::Incomplete:
            return RequestParse::NeedMore;
        case RawHttp::Chunked::Invalid:
            *problem = "invalid chunked request body";
            return RequestParse::Bad;
        case RawHttp::Chunked::Complete:
            consumed += bodyBytes;
            break;
        }
    } else if (const QByteArray length = r.header("Content-Length"); !length.isNull()) {
        bool ok = false;
        const qlonglong size = length.toLongLong(&ok);
        if (!ok || size < 0 || size > 64 * 1024 * 1024) {
            *problem = "invalid Content-Length";
            return RequestParse::Bad;
        }
        if (rest.size() < size)
            return RequestParse::NeedMore;
        r.body = rest.left(size);
        consumed += size;
    }
    buffer.remove(0, consumed);
    *request = r;
    return RequestParse::Done;
}

bool clientWantsClose(const RecordedRequest &request)
{
    const QByteArray connection = request.header("Connection").toLower();
    if (request.version == "HTTP/1.0")
        return !connection.contains("keep-alive");
    return connection.contains("close");
}

// One accepted connection: parses requests as they arrive and answers them one at a time, in order.
class OriginConnection : public QObject
{
public:
    OriginConnection(QTcpSocket *socket, int index, ScriptedOrigin *origin, QObject *parent)
        : QObject(parent)
        , m_socket(socket)
        , m_index(index)
        , m_origin(origin)
    {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this] {
            m_buffer += m_socket->readAll();
            serve();
        });
        connect(socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    }

private:
    void serve()
    {
        while (!m_busy && !m_closing) {
            RecordedRequest request;
            QByteArray problem;
            const RequestParse result = takeRequest(m_buffer, &request, &problem);
            if (result == RequestParse::NeedMore)
                return;
            if (result == RequestParse::Bad) {
                send(ScriptedResponse::make(
                         400, { { "Content-Type", "text/plain" } }, "ScriptedOrigin: " + problem + '\n'),
                    false, true);
                return;
            }
            request.connection = m_index;
            const ScriptedResponse response = m_origin->answer(request);
            const bool head = request.method == "HEAD";
            const bool close = response.closeConnection || !response.raw.isEmpty() || clientWantsClose(request);
            if (response.delayMs <= 0) {
                send(response, head, close);
                continue;
            }
            m_busy = true;
            QTimer::singleShot(response.delayMs, this, [this, response, head, close] {
                m_busy = false;
                send(response, head, close);
                serve();
            });
        }
    }

    void send(const ScriptedResponse &response, bool head, bool close)
    {
        m_socket->write(response.serialize(head));
        if (close) {
            m_closing = true;
            m_socket->disconnectFromHost(); // after the bytes written so far are flushed
        }
    }

    QTcpSocket *m_socket;
    int m_index;
    ScriptedOrigin *m_origin;
    QByteArray m_buffer;
    bool m_busy = false;
    bool m_closing = false;
};

} // namespace

// Lives in the origin's thread and owns the listening socket and the connections.
class OriginWorker : public QObject
{
public:
    explicit OriginWorker(ScriptedOrigin *origin)
        : m_origin(origin)
    { }

    quint16 listen(QString *error)
    {
        m_server = new QTcpServer(this);
        if (!m_server->listen(QHostAddress::LocalHost, 0)) {
            *error = m_server->errorString();
            return 0;
        }
        connect(m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server->nextPendingConnection())
                new OriginConnection(socket, m_origin->nextConnectionIndex(), m_origin, this);
        });
        return m_server->serverPort();
    }

    void shutdown()
    {
        const QObjectList owned = children(); // a copy: each deletion edits children()
        qDeleteAll(owned);
    }

private:
    ScriptedOrigin *m_origin;
    QTcpServer *m_server = nullptr;
};

ScriptedOrigin::ScriptedOrigin(QObject *parent)
    : QObject(parent)
{ }

ScriptedOrigin::~ScriptedOrigin()
{
    stop();
}

bool ScriptedOrigin::start()
{
    if (m_thread)
        return true;
    m_error.clear();
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("ScriptedOrigin"));
    m_worker = new OriginWorker(this);
    m_worker->moveToThread(m_thread);
    m_thread->start();
    QString error;
    quint16 port = 0;
    QMetaObject::invokeMethod(
        m_worker, [&] { port = m_worker->listen(&error); }, Qt::BlockingQueuedConnection);
    if (port == 0) {
        m_error = QStringLiteral("ScriptedOrigin: cannot listen on 127.0.0.1: %1").arg(error);
        stop();
        return false;
    }
    m_port = port;
    return true;
}

void ScriptedOrigin::stop()
{
    if (!m_thread)
        return;
    QMetaObject::invokeMethod(
        m_worker, [this] { m_worker->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker; // its thread has finished: nothing runs in it any more
    delete m_thread;
    m_worker = nullptr;
    m_thread = nullptr;
}

QUrl ScriptedOrigin::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QUrl ScriptedOrigin::url(const QString &pathAndQuery) const
{
    QString path = pathAndQuery;
    if (!path.startsWith(QLatin1Char('/')))
        path.prepend(QLatin1Char('/'));
    return QUrl(baseUrl().toString() + path);
}

void ScriptedOrigin::enqueue(const ScriptedResponse &response)
{
    QMutexLocker lock(&m_mutex);
    m_queue.enqueue(response);
}

void ScriptedOrigin::setHandler(Handler handler)
{
    QMutexLocker lock(&m_mutex);
    m_handler = std::move(handler);
}

void ScriptedOrigin::setDefaultResponse(const ScriptedResponse &response)
{
    QMutexLocker lock(&m_mutex);
    m_default = response;
}

int ScriptedOrigin::pendingResponses() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_queue.size());
}

QList<RecordedRequest> ScriptedOrigin::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

RecordedRequest ScriptedOrigin::lastRequest() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests.isEmpty() ? RecordedRequest() : m_requests.last();
}

int ScriptedOrigin::requestCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_requests.size());
}

int ScriptedOrigin::connectionCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_connections;
}

void ScriptedOrigin::clearRequests()
{
    QMutexLocker lock(&m_mutex);
    m_requests.clear();
}

int ScriptedOrigin::nextConnectionIndex()
{
    QMutexLocker lock(&m_mutex);
    return m_connections++;
}

ScriptedResponse ScriptedOrigin::answer(const RecordedRequest &request)
{
    QMutexLocker lock(&m_mutex);
    const int index = int(m_requests.size());
    m_requests.append(request);
    // Queued so the signal arrives in this object's thread; dropped if the origin is gone by then.
    QMetaObject::invokeMethod(
        this, [this, index] { Q_EMIT requestReceived(index); }, Qt::QueuedConnection);
    if (!m_queue.isEmpty())
        return m_queue.dequeue();
    if (m_handler) {
        const Handler handler = m_handler;
        lock.unlock(); // the handler may call back into the origin (requestCount() ...)
        return handler(request, index);
    }
    if (m_default)
        return *m_default;
    return ScriptedResponse::make(500, { { "Content-Type", "text/plain" } },
        "ScriptedOrigin: no response scripted for request #" + QByteArray::number(index) + ": " + request.requestLine
            + '\n');
}

} // namespace CacheScope::TestSupport
