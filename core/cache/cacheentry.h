#pragma once

#include "http/httpheaders.h"

#include <QByteArray>
#include <QDateTime>
#include <QUrl>

namespace CacheScope {

// One stored response, as the validator store keeps it and the caching rules read it.
struct CacheEntry
{
    qint64 id = 0; // store row id; 0 when not stored
    QByteArray method = "GET";
    QUrl url; // effective request URI (fragment removed)
    HttpHeaders requestHeaders; // the request that produced the response: Vary is matched against it
    int status = 0;
    QByteArray reason;
    QByteArray httpVersion = "HTTP/1.1";
    HttpHeaders responseHeaders; // updated in place when a 304 validates the entry
    QByteArray body; // decoded body
    qint64 headerWireSize = 0; // status line + header block of the full response as received
    qint64 bodyWireSize = 0; // body bytes as received (compressed, framing included)
    QDateTime requestTime; // UTC, when the request that produced the response was sent (RFC 9111 §4.2.3)
    QDateTime responseTime; // UTC, when the response was received
    QDateTime storedAt; // UTC, when the entry was first stored
    QDateTime lastValidated; // UTC, when a 304 last confirmed it (null if never)

    bool isValid() const { return status > 0 && url.isValid(); }
    // What downloading the full response again costs on the wire.
    qint64 wireSize() const { return headerWireSize + bodyWireSize; }
};

} // namespace CacheScope
