#pragma once

#include "cache/cacheentry.h"
#include "http/httpheaders.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace CacheScope {

// A 304 (Not Modified) as received.
struct NotModifiedResponse
{
    HttpHeaders headers;
    qint64 wireSize = 0; // status line + header block (+ any body bytes) as received
    QDateTime requestTime; // UTC, when the conditional request was sent; null if unknown
    QDateTime responseTime; // UTC, when the 304 arrived; null if unknown
};

// How the 304 was tied to stored entries (RFC 9111 §4.3.4, first match wins).
enum class NotModifiedMatch
{
    None, // matches nothing: no entry is updated
    StrongValidator, // the 304's strong ETag (or strong Last-Modified): every entry carrying it
    MalformedEntityTag, // CacheScope leniency: byte-identical malformed ETag (httpbin's `ETag: abc`)
    WeakValidator, // the 304's weak ETag or weak Last-Modified: the most recent matching entry only
    NoValidator, // no validator anywhere, and exactly one stored entry: that one
};

// One header field whose stored value changed.
struct HeaderChange
{
    QByteArray name;
    QList<QByteArray> before; // empty: the field was added
    QList<QByteArray> after;
};

// A field of the 304 that is not copied into stored entries, and why (RFC 9111 §3.1, §3.2).
struct SkippedField
{
    QByteArray name;
    QString reason;
};

struct UpdatedEntry
{
    CacheEntry entry; // the stored entry after the update
    QList<HeaderChange> changes; // only fields whose values differ; empty if the 304 repeated everything
};

// What a 304 saved compared with downloading the stored response again.
struct BytesSaved
{
    qint64 bytes = 0; // never negative
    qint64 storedSize = 0; // the stored response's wire size (CacheEntry::wireSize())
    qint64 notModifiedSize = 0;
    bool clamped = false; // the 304 was larger than the stored response: 0 reported instead of a negative
    QString explanation;
};

struct NotModifiedResult
{
    NotModifiedMatch match = NotModifiedMatch::None;
    bool matched() const { return match != NotModifiedMatch::None; }
    QString explanation; // which entries were selected and why, or why none ("matches nothing: ...")
    QList<UpdatedEntry> updated; // in the order of the stored entries given
    QList<SkippedField> skippedFields; // fields of the 304 that were not copied
    BytesSaved saved; // for the most recently received updated entry; 0 when nothing matched
};

// Handles a 304 for the stored entries of one cache key (those that could have been chosen for the
// request: the caller passes them). Selection follows RFC 9111 §4.3.4, first match wins:
// 1. CacheScope leniency: a malformed ETag in the 304 selects the entries whose stored ETag is the
//    byte-identical malformed text (httpbin's `ETag: abc`); the explanation says so. If none has it, the
//    tag is ignored and the rules below apply.
// 2. Strong validators in the 304 (a strong ETag, or a Last-Modified at least one second before the
//    304's Date, RFC 9110 §8.8.2.2) select every entry carrying one of them. An entry whose own valid
//    ETag differs from the 304's is never selected. If no entry carries one, nothing is updated: the RFC
//    forbids it, even when a weak validator would match.
// 3. Otherwise weak validators (weak ETag, weak Last-Modified) select the most recently received
//    matching entry only.
// 4. A 304 without any validator updates the only stored entry, if that entry has no validator either.
// Anything else matches nothing, and is reported as such, never papered over.
// Each selected entry gets the 304's header fields (RFC 9111 §3.2): every field of the 304 replaces all
// stored lines of that name, except the fields excludedFromUpdate() names. When the 304 has a response
// time, the entry's requestTime and responseTime become the 304's (its age restarts, RFC 9111 §4.2.3)
// and lastValidated is set to it. Wire sizes are kept: they describe the full response a miss downloads.
NotModifiedResult applyNotModified(const NotModifiedResponse &response, const QList<CacheEntry> &stored);

// Freshens one stored entry with a 304 as applyNotModified() does for each entry it selects: header
// fields per updateStoredHeaders(), then requestTime, responseTime and lastValidated from the 304 when it
// has a response time. For callers that select entries by their own rules (and must say so).
UpdatedEntry freshenStoredEntry(const CacheEntry &stored, const NotModifiedResponse &response);

// Copies `incoming` fields into `stored` as RFC 9111 §3.2 says, reporting what changed and what was
// skipped (see excludedFromUpdate()). Each field name of `incoming` replaces every stored line of that
// name, at the position of the first one (or at the end when new). Unchanged values are not reported.
HttpHeaders updateStoredHeaders(const HttpHeaders &stored, const HttpHeaders &incoming,
    QList<HeaderChange> *changes = nullptr, QList<SkippedField> *skipped = nullptr);

// Why a field of a 304 must not be copied into a stored response, or an empty string if it may be:
// - Connection, and the fields it lists, plus the other hop-by-hop fields RFC 9110 §7.6.1 names
//   (Keep-Alive, Proxy-Connection, TE, Transfer-Encoding, Upgrade): removed before storing (RFC 9111 §3.1);
// - Proxy-Authenticate, Proxy-Authentication-Info, Proxy-Authorization: proxy-specific (RFC 9111 §3.1);
// - fields named by a no-cache="..." in the 304 (RFC 9111 §3.1);
// - Content-Length: explicitly excluded (RFC 9111 §3.2);
// - Content-Encoding: CacheScope stores the decoded body, so the stored value must keep describing the
//   bytes received (RFC 9111 §3.2 allows this exception);
// - Content-Range: processed by the HTTP implementation, may be omitted (RFC 9111 §3.2).
QString excludedFromUpdate(QByteArrayView name, const HttpHeaders &incoming);

// bytes = stored.wireSize() − notModifiedWireSize, clamped at 0, with an explanation.
BytesSaved computeBytesSaved(const CacheEntry &stored, qint64 notModifiedWireSize);

QString notModifiedMatchName(NotModifiedMatch match);

} // namespace CacheScope
