#pragma once

#include "http/httpheaders.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QString>
#include <QStringList>

namespace CacheScope {

// What the explanation of one header field may look at besides its own value.
struct HeaderExplanationContext
{
    enum class Side
    {
        Request,
        Response
    };
    Side side = Side::Response;
    // The whole header block of the same message: Expires and Last-Modified are read against its Date,
    // Expires against its Cache-Control, If-Modified-Since against its If-None-Match.
    HttpHeaders message;
    int status = 0; // of the response; decides whether heuristic freshness is allowed (0: unknown)
    QDateTime received; // when the response arrived (UTC); null when unknown
};

// True for the fields that freshness, validation or the cache key depend on (both sides of the exchange),
// and for the cache reports proxies and CDNs add (X-Cache, Cache-Status...).
bool isCachingField(QByteArrayView name);

// What THIS value of a caching header means, one sentence per line, computed from the value and its message:
//   Cache-Control: max-age=600, no-cache ->
//     "max-age=600: fresh for 10 min after it was generated"
//     "no-cache: may be stored, must be revalidated before every reuse"
// Empty for fields that are not caching fields. Malformed values get a line saying how a cache reads them
// (an invalid Expires means "already expired"); never an exception, never an empty answer for a caching field.
QStringList explainHeaderValue(QByteArrayView name, QByteArrayView value, const HeaderExplanationContext &context);

} // namespace CacheScope
