#pragma once

#include "cache/cacheentry.h"
#include "cache/conditional.h"
#include "cache/freshness.h"
#include "client/exchange.h"
#include "http/httpheaders.h"

#include <optional>
#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

namespace CacheScope {

// What a private cache does with a request before any network traffic (RFC 9111 §4).
enum class BrowserPlanAction
{
    UseStored, // answer from the store, no network (fresh, or stale the request accepts through max-stale)
    ServeStaleAndRevalidate, // answer stale now, revalidate in the background (stale-while-revalidate)
    Revalidate, // send a conditional request for the stored response
    Fetch, // nothing usable is stored: send the request as is
    Bypass, // the request itself keeps the store out (no-store, own preconditions, Range, unsafe method)
    Unavailable, // only-if-cached and nothing usable stored: answer 504 without network
};

// The decision for one request, with everything it was made from.
struct BrowserPlan
{
    BrowserPlanAction action = BrowserPlanAction::Fetch;
    QString reason; // one sentence: "fresh: max-age=60 (1 min), age 12 s"
    std::optional<CacheEntry> stored; // the stored response selected for the request (RFC 9111 §4.1)
    std::optional<Freshness> freshness; // of `stored`, at the time of the decision
    ConditionalRequest conditional; // for Revalidate and ServeStaleAndRevalidate
    // Fields a qualified no-cache forbids sending without revalidation (RFC 9111 §5.2.2.4): left out
    // when the stored response is served.
    QList<QByteArray> omittedFields;
    // stale-if-error (RFC 5861 §4; the response's, or the request's when larger): the stored response may
    // still be served if the origin fails or answers 500, 502, 503 or 504. -1 when not allowed.
    qint64 staleIfError = -1;
    bool staleOnErrorAllowed() const;
};

// Decides what a private cache does with a request (RFC 9111 §4, RFC 5861, RFC 8246), given the stored
// variants for its method and URL (for HEAD: the stored GET variants) and the header block the request
// will be sent with (its directives, and the values Vary is matched against). Pure: no store, no network,
// no clock but `now`. Choices where browsers and the RFC leave room, each stated in the reason:
// - Only GET and HEAD are answered from the store; a HEAD may be answered by a stored GET response.
// - A request with no-store, its own If-* preconditions or a Range is passed through untouched and the
//   store is not read for it (what the Fetch standard does for such requests); no-store also keeps the
//   response out of the store.
// - Request no-cache (or Pragma: no-cache without Cache-Control, RFC 9111 §5.4) revalidates, even an
//   immutable response (a forced reload); request max-age is not enforced on a fresh immutable response
//   (a plain reload, RFC 8246 §2).
// - must-revalidate and an unqualified response no-cache rule out every stale use: max-stale,
//   stale-while-revalidate and stale-if-error.
BrowserPlan planRequest(const QByteArray &method, const HttpHeaders &requestHeaders, const QList<CacheEntry> &variants,
    const QDateTime &now, const FreshnessOptions &options = {});

// The response a private cache gives when it answers from the store: the stored status, headers and
// body, with Age set to the current age (RFC 9111 §5.1) and `omittedFields` removed; no body for HEAD.
Exchange exchangeFromStore(const Request &request, const CacheEntry &entry, const Freshness &freshness,
    const QList<QByteArray> &omittedFields, const QDateTime &now);

// The 504 a private cache answers for only-if-cached when nothing usable is stored (RFC 9111 §5.2.1.7).
Exchange gatewayTimeoutExchange(const Request &request, const QString &reason, const QDateTime &now);

// True for methods RFC 9110 §9.2.1 defines as safe (GET, HEAD, OPTIONS, TRACE).
bool isSafeMethod(const QByteArray &method);

// The URLs whose stored responses a non-error response to an unsafe request invalidates (RFC 9111 §4.4):
// the target URI, and the URIs in Location and Content-Location when they have the same origin (scheme,
// host and port) as the target. Relative references are resolved against the target. Without duplicates.
QList<QUrl> invalidationTargets(const QUrl &target, const HttpHeaders &responseHeaders);

// Whether the origin's answer counts as an error for stale-if-error: no response at all, or 500, 502,
// 503, 504 (RFC 5861 §4).
bool isOriginError(const Exchange &exchange);

} // namespace CacheScope
