#pragma once

#include "cache/cacheentry.h"
#include "http/entitytag.h"
#include "http/httpheaders.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace CacheScope {

// One precondition field that would be sent, with the reason in words.
struct ConditionalField
{
    QByteArray name; // "If-None-Match" or "If-Modified-Since"
    QByteArray value;
    QString reason;
};

struct ConditionalOptions
{
    // Echo malformed stored entity tags (httpbin's unquoted `ETag: abc`, ...) byte for byte, as browsers
    // do, so such servers can still answer 304. When false they are left out, with a note.
    bool includeMalformedTags = true;
    // Send If-Modified-Since when the stored Last-Modified allows it.
    bool includeIfModifiedSince = true;
};

// The conditional headers for revalidating the stored entries of one cache key. A value: the caller can
// show it, edit `fields`, then apply it.
struct ConditionalRequest
{
    QList<ConditionalField> fields; // in the order they would be sent
    QList<EntityTag> entityTags; // the tags If-None-Match carries, in order (malformed ones included if sent)
    QDateTime ifModifiedSince; // the date If-Modified-Since carries; null when not sent
    QStringList notes; // what was left out or adjusted, and why

    bool isConditional() const { return !fields.isEmpty(); }
    // The fields as a header list.
    HttpHeaders headers() const;
    // Removes every If-None-Match and If-Modified-Since from `requestHeaders`, then appends `fields`.
    void applyTo(HttpHeaders &requestHeaders) const;
};

// Builds If-None-Match and If-Modified-Since from the stored entries (RFC 9111 §4.3.1):
// - If-None-Match lists the entity tag of every entry, weak ones too (If-None-Match compares weakly,
//   RFC 9110 §13.1.2), each once, in entry order. Entries holding partial content (206) are skipped
//   (RFC 9111 §4.3.2). Malformed tags follow ConditionalOptions::includeMalformedTags.
// - If-Modified-Since carries the stored Last-Modified (RFC 9110 §13.1.3) when it is a valid date and
//   every entry that has one agrees on it. RFC 9111 §4.3.1 recommends it when a single stored response
//   is validated; variants sharing one Last-Modified are treated the same way, since the date then names
//   one state of the resource. The stored text is sent unchanged when it is an IMF-fixdate (servers
//   often compare it byte for byte); an obsolete-format date is rewritten as IMF-fixdate.
// - Both are sent when both exist: old intermediaries only understand If-Modified-Since.
ConditionalRequest buildConditionalRequest(const QList<CacheEntry> &entries, const ConditionalOptions &options = {});

} // namespace CacheScope
