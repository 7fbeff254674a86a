#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace CacheScope::TestSupport {

// Header fields exactly as on the wire: order, duplicates and the spelling of names kept.
using RawHeaders = QList<QPair<QByteArray, QByteArray>>;

// First value of a header (ASCII case-insensitive name), null when absent; all values, in order.
QByteArray headerValue(const RawHeaders &headers, const QByteArray &name);
QList<QByteArray> headerValues(const RawHeaders &headers, const QByteArray &name);

struct RawResponse
{
    QByteArray bytes; // everything received, untouched
    QString error; // empty when one complete response arrived (or the peer closed after one)
    bool timedOut = false;

    QByteArray statusLine; // "HTTP/1.1 200 OK"
    int statusCode = 0;
    RawHeaders headers;
    QByteArray body; // as on the wire: still chunked and/or compressed

    bool isValid() const { return error.isEmpty(); }
    QByteArray header(const QByteArray &name) const { return headerValue(headers, name); }
    QList<QByteArray> headerList(const QByteArray &name) const { return headerValues(headers, name); }
    // The body without chunked framing (unchanged when not chunked); not decompressed.
    QByteArray decodedBody() const;
};

// Speaks HTTP/1.x over a plain QTcpSocket with nothing in between: what is sent is exactly what the test
// wrote, and what comes back is kept byte for byte. It runs a local event loop while waiting, so servers living
// in the test's own thread (QHttpServer, ScriptedOrigin) keep answering.
class RawHttp
{
public:
    // Sends the bytes and reads until one complete response arrived (Content-Length, chunked framing, or a
    // status without body), the peer closed the connection, or the timeout passed.
    static RawResponse exchange(const QString &host, quint16 port, const QByteArray &request, int timeoutMs = 10000);
    static RawResponse exchange(const QUrl &server, const QByteArray &request, int timeoutMs = 10000);

    // "METHOD /path?query HTTP/1.1" with Host and Connection: close, then the extra headers, then the body
    // (with Content-Length when there is one).
    static QByteArray buildRequest(
        const QByteArray &method, const QUrl &url, const RawHeaders &extraHeaders = {}, const QByteArray &body = {});
    static RawResponse get(const QUrl &url, const RawHeaders &extraHeaders = {}, int timeoutMs = 10000);
    static RawResponse head(const QUrl &url, const RawHeaders &extraHeaders = {}, int timeoutMs = 10000);

    // Parses bytes received for one request; error says what is missing or wrong. A response to HEAD has
    // no body whatever its headers say.
    static RawResponse parse(const QByteArray &bytes, bool headRequest = false);

    enum class Chunked
    {
        Complete,
        Incomplete,
        Invalid
    };
    // Decodes a chunked body from the start of data. consumed: bytes used including the final CRLF
    // (trailers skipped). Sizes beyond 2^40 count as Invalid rather than overflowing.
    static Chunked decodeChunked(const QByteArray &data, QByteArray *decoded, qsizetype *consumed = nullptr);
};

} // namespace CacheScope::TestSupport
