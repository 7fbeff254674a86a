#include "httpservercompat.h"

#include <QAbstractHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QIODevice>
#include <QTcpServer>
#include <QTcpSocket>

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
#include <QHttpHeaders>
#endif

// Qt 6.4: handleRequest(request, QTcpSocket *), listen()/void bind(), responder writes field by field.
// Qt 6.5-6.7: handleRequest(request, QHttpServerResponder &), missingHandler(..., QHttpServerResponder &&).
// Qt 6.8+: both take QHttpServerResponder &, bool bind(), QHttpHeaders in requests and responses, and the
//          responder adds Content-Length itself whenever it writes a QByteArray body.

namespace CacheScope::Demo {

QByteArray WireRequest::header(QByteArrayView name) const
{
    QByteArray combined;
    bool found = false;
    for (const auto &field : headers) {
        if (QByteArrayView(field.first).compare(name, Qt::CaseInsensitive) != 0)
            continue;
        if (found)
            combined += ", ";
        combined += field.second;
        found = true;
    }
    if (found && combined.isNull())
        combined = QByteArray(""); // present but empty is not absent
    return combined;
}

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

RawHeaders requestHeaders(const QHttpServerRequest &request)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    RawHeaders result;
    const QHttpHeaders &headers = request.headers();
    result.reserve(headers.size());
    for (qsizetype i = 0; i < headers.size(); ++i) {
        const QLatin1StringView name = headers.nameAt(i);
        result.append({ QByteArray(name.data(), name.size()), headers.valueAt(i).toByteArray() });
    }
    return result;
#else
    return request.headers();
#endif
}

WireRequest toWireRequest(const QHttpServerRequest &request)
{
    WireRequest wire;
    wire.method = methodName(request.method());
    wire.url = request.url();
    wire.headers = requestHeaders(request);
    wire.peer = request.remoteAddress();
    return wire;
}

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)

// Nothing to read and sequential: the 6.8 responder then writes the status line and our headers only,
// without a body and without a Content-Length of its own (which would be wrong for HEAD and 304).
class NoBody : public QIODevice
{
public:
    NoBody() { open(QIODevice::ReadOnly); }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64) override { return -1; }
};

void writeResponse(QHttpServerResponder &responder, const WireResponse &response)
{
    const auto status = QHttpServerResponder::StatusCode(response.status);
    QHttpHeaders headers;
    for (const auto &[name, value] : response.headers) {
        // The QByteArray overload appends Content-Length = body size itself; ours would be a duplicate.
        if (response.sendBody && name.compare("Content-Length", Qt::CaseInsensitive) == 0)
            continue;
        headers.append(QLatin1StringView(name), QLatin1StringView(value));
    }
    if (response.sendBody)
        responder.write(response.body, headers, status);
    else
        responder.write(new NoBody, headers, status); // the responder takes ownership
}

#else

void writeResponse(QHttpServerResponder &responder, const WireResponse &response)
{
    responder.writeStatusLine(QHttpServerResponder::StatusCode(response.status));
    for (const auto &[name, value] : response.headers)
        responder.writeHeader(name, value);
    // writeBody() ends the header block even when it is given nothing.
    responder.writeBody(response.sendBody ? response.body : QByteArray());
}

#endif

} // namespace

class HttpServerCompat::Server : public QAbstractHttpServer
{
public:
    explicit Server(Handler handler)
        : m_handler(std::move(handler))
    { }

    Handler m_handler; // cleared by close(): a server waiting for deleteLater answers nothing more
    int m_depth = 0; // > 0 while a request is being answered: deleting now would pull the rug

    // Hands what the connections have buffered to the system now: deleting a socket discards its buffer.
    void flushConnections()
    {
        const auto sockets = findChildren<QAbstractSocket *>();
        for (QAbstractSocket *socket : sockets)
            socket->flush();
    }

protected:
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override
    {
        respond(request, responder);
        return true;
    }
    void missingHandler(const QHttpServerRequest &request, QHttpServerResponder &responder) override
    {
        respond(request, responder);
    }
#elif QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override
    {
        respond(request, responder);
        return true;
    }
    void missingHandler(const QHttpServerRequest &request, QHttpServerResponder &&responder) override
    {
        respond(request, responder);
    }
#else
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        QHttpServerResponder responder = makeResponder(request, socket);
        respond(request, responder);
        return true;
    }
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        QHttpServerResponder responder = makeResponder(request, socket);
        respond(request, responder);
    }
#endif

private:
    void respond(const QHttpServerRequest &request, QHttpServerResponder &responder)
    {
        ++m_depth;
        WireResponse response;
        if (m_handler) {
            response = m_handler(toWireRequest(request));
        } else {
            response.status = 503;
            response.headers = { { "Content-Length", "0" }, { "Connection", "close" } };
        }
        writeResponse(responder, response);
        --m_depth;
        if (!m_handler)
            flushConnections(); // closed while answering: the deferred delete would discard the answer
    }
};

HttpServerCompat::HttpServerCompat(Handler handler)
    : m_handler(std::move(handler))
{ }

HttpServerCompat::~HttpServerCompat()
{
    close();
}

bool HttpServerCompat::listen(const QHostAddress &address, quint16 port, QString *error)
{
    close();
    auto server = std::make_unique<Server>(m_handler);
    auto *tcpServer = new QTcpServer(server.get());
    if (!tcpServer->listen(address, port)) {
        if (error) {
            *error = QStringLiteral("cannot listen on %1 port %2: %3")
                         .arg(address.toString())
                         .arg(port)
                         .arg(tcpServer->errorString());
        }
        return false;
    }
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    if (!server->bind(tcpServer)) {
        if (error)
            *error = QStringLiteral("cannot attach the HTTP server to %1 port %2").arg(address.toString()).arg(port);
        return false;
    }
#else
    server->bind(tcpServer);
#endif
    m_server = std::move(server);
    return true;
}

void HttpServerCompat::close()
{
    if (!m_server)
        return;
    const auto servers = m_server->servers();
    for (QTcpServer *tcpServer : servers)
        tcpServer->close();
    m_server->m_handler = nullptr;
    Server *server = m_server.release();
    if (server->m_depth > 0) {
        server->deleteLater();
    } else {
        server->flushConnections();
        delete server;
    }
}

bool HttpServerCompat::isListening() const
{
    return m_server && !m_server->servers().isEmpty() && m_server->servers().first()->isListening();
}

quint16 HttpServerCompat::port() const
{
    return isListening() ? m_server->servers().first()->serverPort() : 0;
}

QHostAddress HttpServerCompat::address() const
{
    return isListening() ? m_server->servers().first()->serverAddress() : QHostAddress();
}

} // namespace CacheScope::Demo
