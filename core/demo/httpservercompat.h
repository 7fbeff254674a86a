#pragma once

#include <functional>
#include <memory>
#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

// The only place that knows QHttpServer's API differs between Qt 6.4 and 6.8: every QT_VERSION_CHECK
// about QtHttpServer lives in httpservercompat.cpp. The rest of the demo sees plain structs, so this
// header includes nothing from QtHttpServer (which cachescope_core links privately).

namespace CacheScope::Demo {

using RawHeaders = QList<QPair<QByteArray, QByteArray>>;

struct WireRequest
{
    QByteArray method; // "GET", "HEAD", "POST"...; "UNKNOWN" when Qt could not name it
    QUrl url; // path and query as received
    RawHeaders headers; // as received (names may be lower-cased by Qt 6.8)
    QHostAddress peer;

    // Every field of that name joined with ", " (RFC 9110 §5.3); null when absent.
    QByteArray header(QByteArrayView name) const;
};

struct WireResponse
{
    int status = 200;
    RawHeaders headers; // exactly what goes on the wire, Content-Length included when wanted
    QByteArray body;
    bool sendBody = true; // false for HEAD and 304: status line and headers only
};

class HttpServerCompat
{
public:
    using Handler = std::function<WireResponse(const WireRequest &)>;

    explicit HttpServerCompat(Handler handler);
    ~HttpServerCompat();
    Q_DISABLE_COPY_MOVE(HttpServerCompat)

    // Listens on address:port (0 = a free port). On failure returns false and says why in *error.
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    // Stops listening and drops open connections (later if called from inside a request).
    void close();

    bool isListening() const;
    quint16 port() const;
    QHostAddress address() const;

private:
    class Server;
    Handler m_handler;
    std::unique_ptr<Server> m_server;
};

} // namespace CacheScope::Demo
