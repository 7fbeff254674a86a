#pragma once

#include "request.h"

namespace CacheScope {

// The request as it will go on the wire: the header block CacheScope sends is the caller's headers in
// order, plus only what HTTP/1.1 needs (Host, Content-Length) and, unless the request says otherwise,
// the defaults a client normally sends (User-Agent, Accept, Accept-Encoding). What was added is listed,
// so every view can say which headers came from CacheScope.
struct WireRequest
{
    QByteArray head; // request line + header block + empty line
    HttpHeaders headers; // the header block as sent
    QList<QByteArray> addedHeaderNames;
    QByteArray body;
};

WireRequest buildWireRequest(const Request &request, const QByteArray &userAgent);

// "host[:port]" as the Host header wants it (IPv6 literals in brackets, default ports omitted).
QByteArray hostHeaderValue(const QUrl &url);
// The origin-form request target: absolute path and query, percent-encoded.
QByteArray requestTarget(const QUrl &url);

} // namespace CacheScope
