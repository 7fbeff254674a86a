#include "hostileserver.h"

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace CacheScope::TestSupport {

struct HostileServer::Connection
{
    QPointer<QTcpSocket> socket;
    QByteArray buffer;
    HostileScript script;
    int step = 0;
    int dripped = 0;
    bool answering = false;
};

HostileServer::HostileServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &HostileServer::onConnection);
}

HostileServer::~HostileServer()
{
    for (Connection *connection : std::as_const(m_connections)) {
        if (connection->socket)
            connection->socket->abort();
        delete connection;
    }
}

bool HostileServer::start()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

QUrl HostileServer::url(const QString &path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->serverPort()).arg(path));
}

void HostileServer::enqueue(const HostileScript &script)
{
    m_scripts.enqueue(script);
}

void HostileServer::onConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto *connection = new Connection;
        connection->socket = socket;
        m_connections.append(connection);
        connect(socket, &QTcpSocket::readyRead, this, [this, connection] { onReadyRead(connection); });
    }
}

void HostileServer::onReadyRead(Connection *connection)
{
    if (!connection->socket)
        return;
    connection->buffer += connection->socket->readAll();
    // One request at a time: a client that pipelines gets the next script after this one ends.
    while (!connection->answering) {
        const qsizetype end = connection->buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        m_heads.append(connection->buffer.left(end + 2));
        connection->buffer.remove(0, end + 4);
        if (m_scripts.isEmpty())
            connection->script = { HostileStep::hold() };
        else
            connection->script = m_scripts.dequeue();
        connection->step = 0;
        connection->dripped = 0;
        connection->answering = true;
        runNextStep(connection);
    }
}

void HostileServer::runNextStep(Connection *connection)
{
    QTcpSocket *socket = connection->socket;
    if (!socket)
        return;
    if (connection->step >= connection->script.size()) {
        connection->answering = false;
        onReadyRead(connection); // a request that arrived meanwhile
        return;
    }
    const HostileStep &step = connection->script.at(connection->step);
    switch (step.kind) {
    case HostileStep::Send:
        socket->write(step.bytes);
        ++connection->step;
        runNextStep(connection);
        return;
    case HostileStep::Drip:
        if (connection->dripped < step.bytes.size()) {
            socket->write(step.bytes.mid(connection->dripped++, 1));
            QTimer::singleShot(step.ms, socket, [this, connection] { runNextStep(connection); });
            return;
        }
        connection->dripped = 0;
        ++connection->step;
        runNextStep(connection);
        return;
    case HostileStep::Wait:
        ++connection->step;
        QTimer::singleShot(step.ms, socket, [this, connection] { runNextStep(connection); });
        return;
    case HostileStep::Reset:
        socket->flush();
#ifdef Q_OS_UNIX
        {
            // SO_LINGER with a zero timeout makes the close send an RST instead of a FIN.
            const linger noLinger { 1, 0 };
            ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &noLinger, sizeof noLinger);
        }
#endif
        socket->abort();
        return;
    case HostileStep::Close:
        socket->disconnectFromHost();
        return;
    case HostileStep::Hold:
        return;
    }
}

} // namespace CacheScope::TestSupport
