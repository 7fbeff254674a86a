#include "client/httpclient.h"

#include <functional>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace CacheScope;

namespace {

// A raw HTTP server on 127.0.0.1 whose answers the test scripts byte by byte.
class RawServer : public QObject
{
    Q_OBJECT
public:
    struct Reply
    {
        QByteArray bytes;
        bool close = false;
        bool hang = false; // send nothing, keep the connection open
    };
    using Handler = std::function<Reply(const QByteArray &head, int connection)>;

    explicit RawServer(Handler handler)
        : m_handler(std::move(handler))
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                const int index = m_connections++;
                ++m_open;
                m_maxOpen = qMax(m_maxOpen, m_open);
                connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                    --m_open;
                    socket->deleteLater();
                });
                connect(socket, &QTcpSocket::readyRead, this, [this, socket, index] { serve(socket, index); });
            }
        });
    }
    QUrl url(const QString &path = QStringLiteral("/")) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path));
    }
    quint16 port() const { return m_server.serverPort(); }
    QList<QByteArray> heads;
    int connections() const { return m_connections; }
    int maxOpen() const { return m_maxOpen; }
    void closeAll()
    {
        for (QTcpSocket *s : m_server.findChildren<QTcpSocket *>())
            s->disconnectFromHost();
    }

private:
    void serve(QTcpSocket *socket, int index)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        qsizetype end;
        while ((end = buffer.indexOf("\r\n\r\n")) >= 0) {
            const QByteArray head = buffer.left(end + 4);
            const qsizetype lengthAt = head.toLower().indexOf("content-length:");
            const qsizetype bodyLength = lengthAt < 0
                ? 0
                : head.mid(lengthAt + 15, head.indexOf('\r', lengthAt) - lengthAt - 15).trimmed().toLongLong();
            if (buffer.size() < end + 4 + bodyLength)
                return; // wait for the whole body
            buffer.remove(0, end + 4 + bodyLength);
            heads.append(head);
            const Reply reply = m_handler(head, index);
            if (reply.hang)
                return;
            socket->write(reply.bytes);
            if (reply.close)
                socket->disconnectFromHost();
        }
    }
    QTcpServer m_server;
    Handler m_handler;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    int m_connections = 0;
    int m_open = 0;
    int m_maxOpen = 0;
};

Exchange run(HttpClient &client, const Request &request, int timeoutMs = 10000)
{
    HttpTransfer *transfer = client.send(request);
    QSignalSpy spy(transfer, &HttpTransfer::finished);
    if (!spy.wait(timeoutMs))
        qFatal("the exchange did not finish in time");
    return spy.first().first().value<Exchange>();
}

Request get(const QUrl &url)
{
    Request r;
    r.url = url;
    return r;
}

RawServer::Reply ok(const QByteArray &body, const QByteArray &extra = {})
{
    return { "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n" + extra + "\r\n" + body };
}

} // namespace

Q_DECLARE_METATYPE(CacheScope::Exchange)

class tst_HttpClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<Exchange>(); }
    void simpleExchange();
    void keepAliveReuse();
    void staleKeptAliveConnectionIsRetried();
    void gzipSizes();
    void connectionRefused();
    void timeout();
    void truncatedBody();
    void bodyOn304IsNoted();
    void hugeContentLengthIsCapped();
    void redirects();
    void redirectLoop();
    void perHostLimit();
    void cancel();
    void destroyedWithRequestsInFlight();
    void forcedAddressKeepsHost();
    void invalidRequestIsNotSent();
};

void tst_HttpClient::simpleExchange()
{
    const QByteArray response = "HTTP/1.1 200 OK\r\nETag: \"a\"\r\nETag: \"b\"\r\nContent-Length: 5\r\n\r\nhello";
    RawServer server([&](const QByteArray &, int) { return RawServer::Reply { response }; });
    HttpClient client;
    Request request = get(server.url(QStringLiteral("/x?y=1")));
    request.headers.append("X-Test", "1");
    const Exchange e = run(client, request);
    QVERIFY2(e.ok(), qPrintable(e.errorString));
    QCOMPARE(e.status, 200);
    QCOMPARE(e.reason, QByteArray("OK"));
    QCOMPARE(e.responseHeaders.values("etag"), (QList<QByteArray> { "\"a\"", "\"b\"" }));
    QCOMPARE(e.body, QByteArray("hello"));
    QCOMPARE(e.bytes.responseHeaders, qint64(response.size() - 5));
    QCOMPARE(e.bytes.responseBodyWire, qint64(5));
    QCOMPARE(e.bytes.responseBodyDecoded, qint64(5));
    QCOMPARE(e.rawResponseHead, response.left(response.size() - 5));
    QCOMPARE(server.heads.size(), 1);
    QCOMPARE(e.rawRequestHead, server.heads.first());
    QCOMPARE(e.bytes.request, qint64(server.heads.first().size()));
    QVERIFY(server.heads.first().startsWith("GET /x?y=1 HTTP/1.1\r\nHost: 127.0.0.1:"));
    QVERIFY(e.addedHeaderNames.contains("Host"));
    QVERIFY(!e.addedHeaderNames.contains("X-Test"));
    QVERIFY(e.timing.ttfbMs >= 0 && e.timing.totalMs >= e.timing.ttfbMs);
}

void tst_HttpClient::keepAliveReuse()
{
    RawServer server([](const QByteArray &, int) { return ok("x"); });
    HttpClient client;
    const Exchange first = run(client, get(server.url()));
    const Exchange second = run(client, get(server.url()));
    QVERIFY(first.ok() && second.ok());
    QVERIFY(!first.connectionReused);
    QVERIFY(second.connectionReused);
    QCOMPARE(server.connections(), 1);
}

void tst_HttpClient::staleKeptAliveConnectionIsRetried()
{
    RawServer server([](const QByteArray &, int) { return ok("x"); });
    HttpClient client;
    QVERIFY(run(client, get(server.url())).ok());
    server.closeAll(); // the server drops the idle connection
    QTest::qWait(50);
    const Exchange again = run(client, get(server.url()));
    QVERIFY2(again.ok(), qPrintable(again.errorString));
    QCOMPARE(server.connections(), 2);
}

void tst_HttpClient::gzipSizes()
{
    // "hello hello hello ..." gzip-compressed, produced once with zlib.
    const QByteArray text = QByteArray("hello ").repeated(200);
    const QByteArray gz = QByteArray::fromBase64("H4sIAAAAAAACA8tIzcnJV8gYJUfJUXKUHPQkAEVEn2iwBAAA");
    RawServer server([&](const QByteArray &, int) {
        return RawServer::Reply { "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
            + QByteArray::number(gz.size(), 16) + "\r\n" + gz + "\r\n0\r\n\r\n" };
    });
    HttpClient client;
    const Exchange e = run(client, get(server.url()));
    QVERIFY2(e.ok(), qPrintable(e.errorString));
    QCOMPARE(e.body, text);
    QCOMPARE(e.contentEncoding, QByteArray("gzip"));
    QCOMPARE(e.bytes.responseBodyDecoded, qint64(text.size()));
    // Wire bytes include the chunk framing: size line + CRLF after data + last chunk.
    const qint64 framing = QByteArray::number(gz.size(), 16).size() + 2 + 2 + 5;
    QCOMPARE(e.bytes.responseBodyWire, qint64(gz.size()) + framing);
    QCOMPARE(e.requestHeadersSent.first("Accept-Encoding"), QByteArray("gzip, deflate"));
}

void tst_HttpClient::connectionRefused()
{
    quint16 port;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    }
    HttpClient client;
    const Exchange e = run(client, get(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port))));
    QCOMPARE(e.error, ExchangeError::ConnectionRefused);
    QVERIFY(e.errorString.contains(QLatin1String("refused")));
    QVERIFY(!e.hasResponse());
}

void tst_HttpClient::timeout()
{
    RawServer server([](const QByteArray &, int) { return RawServer::Reply { {}, false, true }; });
    HttpClient client;
    Request request = get(server.url());
    request.timeoutMs = 300;
    const Exchange e = run(client, request);
    QCOMPARE(e.error, ExchangeError::Timeout);
    QVERIFY(e.timing.totalMs >= 250);
}

void tst_HttpClient::truncatedBody()
{
    RawServer server([](const QByteArray &, int) {
        return RawServer::Reply { "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this", true };
    });
    HttpClient client;
    const Exchange e = run(client, get(server.url()));
    QCOMPARE(e.error, ExchangeError::ConnectionClosed);
    QCOMPARE(e.status, 200);
    QCOMPARE(e.body, QByteArray("only this"));
    QVERIFY(e.errorString.contains(QLatin1String("9 of 100")));
}

void tst_HttpClient::bodyOn304IsNoted()
{
    RawServer server([](const QByteArray &, int) {
        return RawServer::Reply { "HTTP/1.1 304 Not Modified\r\nETag: \"a\"\r\n\r\nunexpected body" };
    });
    HttpClient client;
    const Exchange e = run(client, get(server.url()));
    QVERIFY(e.ok());
    QCOMPARE(e.status, 304);
    QVERIFY(e.body.isEmpty());
    QCOMPARE(e.protocolNotes.size(), 1);
    QVERIFY(e.protocolNotes.first().contains(QLatin1String("after the end of the response")));
}

void tst_HttpClient::hugeContentLengthIsCapped()
{
    RawServer server([](const QByteArray &, int) {
        return RawServer::Reply { "HTTP/1.1 200 OK\r\nContent-Length: 10737418240\r\n\r\nabc", true };
    });
    HttpClient client;
    Request request = get(server.url());
    request.maxBodyBytes = 2;
    // Not refused up front: read, capped, and cut short when the server closes.
    const Exchange e = run(client, request);
    QCOMPARE(e.error, ExchangeError::ConnectionClosed);
    QCOMPARE(e.status, 200);
    QCOMPARE(e.body, QByteArray("ab"));
    QVERIFY(e.bodyTruncated);
    QCOMPARE(e.bytes.responseBodyDecoded, qint64(3));
}

void tst_HttpClient::redirects()
{
    RawServer server([](const QByteArray &head, int) {
        if (head.startsWith("POST /start"))
            return RawServer::Reply { "HTTP/1.1 303 See Other\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n" };
        return ok("arrived");
    });
    HttpClient client;
    Request request = get(server.url(QStringLiteral("/start")));
    request.method = "POST";
    request.body = "payload";
    const Exchange manual = run(client, request);
    QCOMPARE(manual.status, 303);
    request.redirects = RedirectPolicy::Follow;
    const Exchange followed = run(client, request);
    QVERIFY(followed.ok());
    QCOMPARE(followed.status, 200);
    QCOMPARE(followed.body, QByteArray("arrived"));
    QCOMPARE(followed.redirects.size(), 1);
    QCOMPARE(followed.finalUrl.path(), QStringLiteral("/next"));
    QVERIFY(server.heads.last().startsWith("GET /next HTTP/1.1"));
}

void tst_HttpClient::redirectLoop()
{
    RawServer server([](const QByteArray &, int) {
        return RawServer::Reply { "HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n" };
    });
    HttpClient client;
    Request request = get(server.url(QStringLiteral("/loop")));
    request.redirects = RedirectPolicy::Follow;
    request.maxRedirects = 5;
    const Exchange e = run(client, request);
    QCOMPARE(e.error, ExchangeError::TooManyRedirects);
    QCOMPARE(e.redirects.size(), 5);
}

void tst_HttpClient::perHostLimit()
{
    int served = 0;
    RawServer server([&](const QByteArray &, int) {
        ++served;
        return ok("slowish");
    });
    HttpClient client;
    client.setMaxConnectionsPerHost(2);
    QList<HttpTransfer *> transfers;
    for (int i = 0; i < 8; ++i)
        transfers.append(client.send(get(server.url())));
    QTRY_COMPARE_WITH_TIMEOUT(served, 8, 10000);
    for (HttpTransfer *t : transfers)
        QTRY_VERIFY(t->isFinished());
    QVERIFY(server.maxOpen() <= 2);
    QVERIFY(server.connections() <= 2);
}

void tst_HttpClient::cancel()
{
    RawServer server([](const QByteArray &, int) { return RawServer::Reply { {}, false, true }; });
    HttpClient client;
    HttpTransfer *transfer = client.send(get(server.url()));
    QSignalSpy spy(transfer, &HttpTransfer::finished);
    QTRY_COMPARE(server.heads.size(), 1);
    transfer->cancel();
    QVERIFY(spy.wait(2000));
    QCOMPARE(spy.first().first().value<Exchange>().error, ExchangeError::Cancelled);
}

// Destroying the client while requests are sent, waiting for an answer and queued behind the per-host limit:
// every transfer goes with it, without finished(), and the sockets closing afterwards must not call back
// into freed connection-pool state (this used to corrupt the heap when the pool was deleted first).
void tst_HttpClient::destroyedWithRequestsInFlight()
{
    RawServer server([](const QByteArray &, int) { return RawServer::Reply { {}, false, true }; });
    auto *client = new HttpClient;
    client->setMaxConnectionsPerHost(2);
    QList<QPointer<HttpTransfer>> transfers;
    int finished = 0;
    for (int i = 0; i < 5; ++i) {
        HttpTransfer *transfer = client->send(get(server.url(QStringLiteral("/slow/%1").arg(i))));
        connect(transfer, &HttpTransfer::finished, this, [&finished] { ++finished; });
        transfers.append(transfer);
    }
    QTRY_COMPARE(server.heads.size(), 2); // two in flight, three queued
    delete client;
    for (const QPointer<HttpTransfer> &transfer : std::as_const(transfers))
        QVERIFY(transfer.isNull());
    // The server now closes its ends; the client's sockets are gone and nothing may react to it.
    server.closeAll();
    QTest::qWait(100);
    QCOMPARE(finished, 0);

    // A new client still works against the same server.
    RawServer answering([](const QByteArray &, int) { return ok("fine"); });
    HttpClient next;
    QCOMPARE(run(next, get(answering.url())).body, QByteArray("fine"));
}

void tst_HttpClient::forcedAddressKeepsHost()
{
    RawServer server([](const QByteArray &, int) { return ok("backend"); });
    HttpClient client;
    Request request = get(QUrl(QStringLiteral("http://backend.invalid:%1/r").arg(server.port())));
    request.connectAddress = QHostAddress(QHostAddress::LocalHost);
    const Exchange e = run(client, request);
    QVERIFY2(e.ok(), qPrintable(e.errorString));
    QVERIFY(server.heads.first().contains(QByteArray("Host: backend.invalid:") + QByteArray::number(server.port())));
}

void tst_HttpClient::invalidRequestIsNotSent()
{
    RawServer server([](const QByteArray &, int) { return ok("x"); });
    HttpClient client;
    Request request = get(server.url());
    request.headers.append("X-Evil", "a\r\nInjected: yes");
    const Exchange e = run(client, request);
    QCOMPARE(e.error, ExchangeError::InvalidRequest);
    QVERIFY(e.errorString.contains(QLatin1String("injection")));
    QTest::qWait(50);
    QCOMPARE(server.heads.size(), 0);
}

QTEST_GUILESS_MAIN(tst_HttpClient)
#include "tst_httpclient.moc"
