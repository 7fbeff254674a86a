#pragma once

#include "cache/cacheentry.h"
#include "http/httpheaders.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace CacheScope {

// How one rule weighed in on the decision.
enum class StorabilityEffect
{
    Prevents, // this alone stops the response from being stored
    Allows, // this is what makes the response storable (RFC 9111 §3, last item)
    Note, // no effect on storing, but worth knowing (Authorization, no-cache, Vary: *, ignored no-store)
};

struct StorabilityReason
{
    StorabilityEffect effect = StorabilityEffect::Note;
    QString rule; // where it comes from: "RFC 9111 §3", "RFC 9111 §5.2.2.5", "CacheScope"
    QString text; // one sentence for people
};

// May a private cache store this response (RFC 9111 §3)? Every rule that applies is listed, in the
// order of RFC 9111 §3, so the answer can be explained, not just given.
struct StorabilityDecision
{
    bool storable = false;
    // False when the response can be stored but never reused to answer a request: `Vary: *` fails every
    // match (RFC 9111 §4.1). The store may still keep it for its validators.
    bool reusable = false;
    QList<StorabilityReason> reasons;
    QString summary; // "storable", "storable (never reused: Vary: *)", "not storable: <first reason>"

    QList<StorabilityReason> reasonsWith(StorabilityEffect effect) const;
};

// Decides for a private cache (CacheScope). What CacheScope decides where the RFC leaves it to the cache:
// - Only GET responses are stored. HEAD responses can freshen stored GETs (RFC 9111 §4.3.5) but are not
//   stored; other methods (POST included) are not understood for caching.
// - 206 is not stored: CacheScope does not combine ranges (RFC 9111 §3.3 requires it to refuse partial
//   content then). 304 is never stored: it updates stored responses (see notmodified.h).
// - "Understood" status codes are the final codes RFC 9110 §15 defines, minus 206 and 304: they decide
//   must-understand (which then overrides no-store, RFC 9111 §5.2.2.3).
// - Authorization in the request only restricts shared caches (RFC 9111 §3.5); for CacheScope it is a note.
// - private allows storing in a private cache; s-maxage is not a reason to store (shared caches only).
StorabilityDecision decideStorability(
    const QByteArray &method, const HttpHeaders &requestHeaders, int status, const HttpHeaders &responseHeaders);
StorabilityDecision decideStorability(const CacheEntry &entry);

// Final status codes whose caching rules CacheScope implements (see above).
bool isStatusUnderstood(int status);

} // namespace CacheScope
