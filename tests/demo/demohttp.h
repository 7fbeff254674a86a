#pragma once

// A deliberately tiny HTTP/1.1 client for the demo origin's tests, written by hand over QTcpSocket so the
// demo is never checked through CacheScope's own client (they must not share a bug).

#include <optional>
#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QSignalSpy>
#include <QTcpSocket>

namespace DemoTest {

using Fields = QList<QPair<QByteArray, QByteArray>>;

struct Reply
{
    bool complete = false; // a whole response was read, framed by its Content-Length
    QByteArray error; // why not
    QByteArray statusLine; // "HTTP/1.1 304 Not Modified"
    int status = 0;
    Fields headers;
    QByteArray body;
    // Bytes between this response and the next one on the connection: anything here is a body that was
    // not announced (a HEAD or 304 that leaked content, or a wrong Content-Length).
    QByteArray stray;

    // The single field of that name (case-insensitive); null when absent, "<duplicate>" when repeated.
    QByteArray header(QByteArrayView name) const
    {
        QByteArray found;
        for (const auto &field : headers) {
            if (QByteArrayView(field.first).compare(name, Qt::CaseInsensitive) != 0)
                continue;
            if (!found.isNull())
                return QByteArray("<duplicate>");
            found = field.second.isNull() ? QByteArray("") : field.second;
        }
        return found;
    }
    bool has(QByteArrayView name) const { return !header(name).isNull(); }
};

namespace Detail {

inline qsizetype headerEnd(const QByteArray &buffer, qsizetype from)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n", from);
    return end < 0 ? -1 : end + 4;
}

// Reads until done() says so, the peer closes, or the timeout passes (the wait is for I/O, never for time
// logic: the demo's clock is injected).
template<typename Done>
bool readUntil(QTcpSocket &socket, QByteArray &buffer, Done done, int timeoutMs = 10000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        if (socket.bytesAvailable() == 0) {
            if (socket.state() == QAbstractSocket::UnconnectedState)
                return false;
            QSignalSpy spy(&socket, &QTcpSocket::readyRead);
            spy.wait(100);
        }
        buffer += socket.readAll();
    }
    return true;
}

inline bool parseHead(const QByteArray &head, Reply &reply)
{
    QList<QByteArray> lines = head.chopped(2).split('\n'); // keeps each line's CR; the last element is empty
    lines.removeLast();
    reply.statusLine = lines.first().chopped(lines.first().endsWith('\r') ? 1 : 0);
    const QList<QByteArray> parts = reply.statusLine.split(' ');
    if (parts.size() < 2 || parts.first() != "HTTP/1.1") {
        reply.error = "bad status line: " + reply.statusLine;
        return false;
    }
    reply.status = parts.at(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (!line.endsWith('\r')) {
            reply.error = "header line not ended by CRLF: " + line;
            return false;
        }
        line.chop(1);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            reply.error = "malformed header line: " + line;
            return false;
        }
        reply.headers.append({ line.left(colon), line.mid(colon + 1).trimmed() });
    }
    return true;
}

} // namespace Detail

// Sends `request` on a fresh connection, reads one response (no body when `bodyless`: HEAD, or a 304 which
// is detected from the status), then sends a HEAD / on the same connection and checks that its status line
// follows immediately.
inline Reply exchangeRaw(quint16 port, const QByteArray &request, bool bodyless)
{
    Reply reply;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    socket.write(request);
    QByteArray buffer;
    if (!Detail::readUntil(socket, buffer, [&] { return Detail::headerEnd(buffer, 0) > 0; })) {
        reply.error = "no complete header block; got: " + buffer.left(300);
        return reply;
    }
    const qsizetype bodyStart = Detail::headerEnd(buffer, 0);
    if (!Detail::parseHead(buffer.left(bodyStart), reply))
        return reply;
    qsizetype length = 0;
    if (!bodyless && reply.status != 304 && reply.status != 204) {
        bool ok = false;
        length = reply.header("Content-Length").toLongLong(&ok);
        if (!ok || length < 0) {
            reply.error = "no usable Content-Length: " + reply.header("Content-Length");
            return reply;
        }
    }
    if (!Detail::readUntil(socket, buffer, [&] { return buffer.size() >= bodyStart + length; })) {
        reply.error = "body shorter than Content-Length " + QByteArray::number(length);
        return reply;
    }
    reply.body = buffer.mid(bodyStart, length);
    const qsizetype next = bodyStart + length;
    socket.write("HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    if (!Detail::readUntil(socket, buffer, [&] { return Detail::headerEnd(buffer, next) > 0; })) {
        reply.error = "the connection did not answer a second request";
        return reply;
    }
    const qsizetype nextStatus = buffer.indexOf("HTTP/1.1 ", next);
    reply.stray = buffer.mid(next, nextStatus < 0 ? -1 : nextStatus - next);
    reply.complete = true;
    return reply;
}

inline Reply exchange(quint16 port, const QByteArray &method, const QByteArray &target, const Fields &headers = {})
{
    QByteArray request = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\n";
    for (const auto &[name, value] : headers)
        request += name + ": " + value + "\r\n";
    request += "\r\n";
    return exchangeRaw(port, request, method == "HEAD");
}

} // namespace DemoTest

// Fails the test with the reason when a reply could not be read whole, or carried bytes it did not announce.
#define DEMO_VERIFY_REPLY(reply)                                                                                       \
    do {                                                                                                               \
        QVERIFY2((reply).complete, (reply).error.constData());                                                         \
        QVERIFY2(                                                                                                      \
            (reply).stray.isEmpty(), ("unannounced bytes after the response: " + (reply).stray.left(80)).constData()); \
    } while (false)
