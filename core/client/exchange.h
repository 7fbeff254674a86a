#pragma once

#include "http/httpheaders.h"
#include "request.h"

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QStringList>

namespace CacheScope {

enum class ExchangeError
{
    None,
    InvalidRequest, // malformed URL, method or header: nothing was sent
    UnsupportedScheme,
    HostNotFound,
    ConnectionRefused,
    ConnectionClosed, // closed or reset by the server before a complete response
    Timeout,
    Tls, // certificate or handshake failure
    Protocol, // the server's reply is not valid HTTP/1.x
    TooLarge, // a response header block past its limits (size, field count); never the body, which is truncated
              // at Request::maxBodyBytes instead (Exchange::bodyTruncated)
    Decoding, // Content-Encoding could not be decoded (the wire bytes are kept)
    TooManyRedirects,
    Cancelled,
    Network, // any other socket error
};

// Milliseconds from the start of the exchange; -1 when the phase did not happen (reused connection...).
struct ExchangeTiming
{
    QDateTime started; // UTC wall clock when the request was started
    qint64 dnsMs = -1;
    qint64 connectMs = -1;
    qint64 tlsMs = -1;
    qint64 requestSentMs = -1;
    qint64 ttfbMs = -1; // first byte of the response
    qint64 totalMs = -1;
};

// Sizes as they were on the wire and after decoding.
struct ByteCounts
{
    qint64 request = 0; // request line + header block + body, as sent
    qint64 responseHeaders = 0; // status line + header block as received (interim 1xx responses included)
    qint64 responseBodyWire = 0; // body as received: still compressed, chunk framing included
    qint64 responseBodyDecoded = 0; // body after transfer and content decoding
    qint64 saved = 0; // for a 304: what the full stored response would have cost minus the 304
    qint64 responseTotal() const { return responseHeaders + responseBodyWire; }
};

struct InterimResponse
{
    int status = 0;
    QByteArray reason;
    HttpHeaders headers;
};

struct RedirectHop
{
    int status = 0;
    QUrl url;
    QUrl location;
};

// One request and what came back. Produced by HttpClient; stored, diagnosed and displayed everywhere else.
struct Exchange
{
    Request request; // what was asked
    HttpHeaders requestHeadersSent; // the header block as really sent (what CacheScope added included)
    QList<QByteArray> addedHeaderNames; // names of the fields CacheScope added to what was asked
    QByteArray rawRequestHead; // request line + header block, byte for byte
    QUrl finalUrl; // differs from request.url after followed redirects
    QList<RedirectHop> redirects;

    QByteArray httpVersion; // "HTTP/1.1"
    int status = 0; // 0 when no response
    QByteArray reason;
    HttpHeaders responseHeaders;
    QByteArray rawResponseHead; // status line + header block, byte for byte
    QList<InterimResponse> interim; // 1xx responses before the final one
    QByteArray body; // decoded body (only its first request.maxBodyBytes bytes when bodyTruncated)
    // The decoded body went past request.maxBodyBytes: `body` keeps its first bytes, the rest was read,
    // counted (bytes.responseBodyDecoded) and discarded. Such a body is never stored as if complete.
    bool bodyTruncated = false;
    // With bodyTruncated: the SHA-256 of the whole decoded body, hashed as it streamed by, so that content
    // comparisons still work on what was not kept.
    QByteArray fullBodySha256;
    QByteArray contentEncoding; // what was decoded ("gzip"), empty when identity or not decodable
    QStringList protocolNotes; // oddities in the server's reply that did not stop the exchange

    QHostAddress peerAddress;
    quint16 peerPort = 0;
    bool connectionReused = false;

    ExchangeTiming timing;
    ByteCounts bytes;

    ExchangeError error = ExchangeError::None;
    QString errorString; // a sentence for people, saying what went wrong and what to check
    // With a Tls error caused by the certificate: the chain the server presented (its own certificate first),
    // so that a person can read it and accept it explicitly (HttpClient::acceptCertificate) for that host.
    // Empty otherwise. (A list: QSslCertificate's explicit default constructor would make `Exchange x = {}`
    // ill-formed.)
    QList<QSslCertificate> rejectedCertificates;
    // With rejectedCertificates: each TLS error in words ("The certificate is self-signed, and untrusted").
    QStringList tlsErrors;

    bool hasResponse() const { return status > 0; }
    bool ok() const { return error == ExchangeError::None && hasResponse(); }
    // SHA-256 of the whole decoded body, also when it was truncated.
    QByteArray bodyHash() const;
    // "body truncated at N of M bytes (...)", or empty when the body is whole.
    QString truncationNotice() const;
};

QString errorName(ExchangeError error);

} // namespace CacheScope
