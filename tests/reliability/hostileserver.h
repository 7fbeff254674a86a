#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QQueue>
#include <QUrl>

class QTcpServer;
class QTcpSocket;

namespace CacheScope::TestSupport {

// One thing a misbehaving server does on a connection, after it has read a request.
struct HostileStep
{
    enum Kind
    {
        Send, // write `bytes` at once
        Drip, // write `bytes` one byte every `ms` milliseconds
        Wait, // do nothing for `ms` milliseconds
        Reset, // abort the connection (the peer sees a reset or an abrupt close)
        Close, // close after what was written has been sent
        Hold, // keep the connection open and never send anything more
    };
    Kind kind = Send;
    QByteArray bytes;
    int ms = 0;

    static HostileStep send(const QByteArray &bytes) { return { Send, bytes, 0 }; }
    static HostileStep drip(const QByteArray &bytes, int ms) { return { Drip, bytes, ms }; }
    static HostileStep wait(int ms) { return { Wait, {}, ms }; }
    static HostileStep reset() { return { Reset, {}, 0 }; }
    static HostileStep close() { return { Close, {}, 0 }; }
    static HostileStep hold() { return { Hold, {}, 0 }; }
};
using HostileScript = QList<HostileStep>;

// A TCP server on 127.0.0.1 (free port) that answers each request with the next script in its queue, step
// by step, on the thread that owns it (the client under test runs on the same event loop: nothing blocks).
// Requests are read up to the end of their header block; bodies are not expected. With an empty queue the
// server holds the connection silently ("no response at all").
class HostileServer : public QObject
{
    Q_OBJECT
public:
    explicit HostileServer(QObject *parent = nullptr);
    ~HostileServer() override;

    bool start();
    QUrl url(const QString &path) const;
    void enqueue(const HostileScript &script);
    int requestCount() const { return int(m_heads.size()); }
    // Each request's line and header block as received.
    const QList<QByteArray> &requestHeads() const { return m_heads; }

private:
    struct Connection;
    void onConnection();
    void onReadyRead(Connection *connection);
    void runNextStep(Connection *connection);

    QTcpServer *m_server;
    QQueue<HostileScript> m_scripts;
    QList<Connection *> m_connections;
    QList<QByteArray> m_heads;
};

} // namespace CacheScope::TestSupport
