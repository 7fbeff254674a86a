#include "cache/freshness.h"
#include "diagnosisrules.h"
#include "http/cachecontrol.h"

namespace CacheScope::Diagnosis {

namespace {

// The response as a cache now holds it: for a 304 the stored entry it freshened, otherwise the response itself.
CacheEntry effectiveEntry(const Context &context)
{
    if (context.status == 304 && context.result.current)
        return *context.result.current;
    return entryFromExchange(context.exchange);
}

Freshness freshnessOf(const Context &context, const CacheEntry &entry)
{
    if (context.status == 304 && context.result.current && context.result.freshness)
        return *context.result.freshness;
    return computeFreshness(entry, context.receivedAt);
}

void checkLifetime(const Context &context, const CacheControl &cacheControl, const CacheEntry &entry, Notes &notes)
{
    const HttpHeaders &headers = entry.responseHeaders;
    const bool maxAge = cacheControl.maxAge().isPresent();
    const Freshness freshness = freshnessOf(context, entry);
    if (freshness.source == FreshnessSource::Heuristic && !cacheControl.noCache()) {
        notes.append({ NoteSeverity::Info, QStringLiteral("heuristic-freshness"),
            QStringLiteral("No max-age and no Expires: caches guess the lifetime from Last-Modified (%1 here, RFC "
                           "9111 §4.2.2), and browsers differ in how. Send Cache-Control: max-age to decide when "
                           "revalidation starts.")
                .arg(formatDuration(freshness.lifetime)) });
    }
    const ExpiresField expires = readExpires(headers, context.receivedAt);
    if (expires.present && !maxAge) {
        if (!expires.valid) {
            notes.append({ NoteSeverity::Warning, QStringLiteral("expires-invalid"),
                QStringLiteral("Expires %1 is not a valid date (%2), and there is no max-age: the response counts "
                               "as already expired (RFC 9111 §5.3), so every reuse is revalidated.")
                    .arg(headerText(expires.raw), expires.problem) });
        } else {
            const DateField date = readDate(headers, context.receivedAt);
            const QDateTime reference = date.valid ? date.value : context.receivedAt;
            if (expires.value <= reference) {
                notes.append({ NoteSeverity::Info, QStringLiteral("expires-past"),
                    QStringLiteral("Expires %1 is not after %2 and there is no max-age: the response is stale on "
                                   "arrival, so every reuse needs a revalidation.")
                        .arg(headerText(expires.raw),
                            date.valid ? QStringLiteral("Date") : QStringLiteral("the time it arrived")) });
            }
        }
    }
    const AgeField age = readAge(headers);
    if (age.valid && freshness.lifetime > 0 && age.seconds > freshness.lifetime
        && (freshness.source == FreshnessSource::MaxAge || freshness.source == FreshnessSource::Expires)) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("age-exceeds-lifetime"),
            QStringLiteral("Age %1 is larger than the freshness lifetime (%2): the response was already stale when "
                           "it arrived, served from a cache that did not revalidate it.")
                .arg(formatDuration(age.seconds), formatDuration(freshness.lifetime)) });
    }
}

void checkDirectives(const Context &context, const CacheControl &cacheControl, const HttpHeaders &headers, Notes &notes)
{
    const bool hasValidator = headers.contains("ETag") || headers.contains("Last-Modified");
    if (readVary(headers).any) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("vary-star"),
            QStringLiteral("Vary: * — no later request can ever match this response (RFC 9111 §4.1), so caches "
                           "neither reuse nor revalidate it; its validators go unused.") });
    }
    if (cacheControl.noStore()) {
        if (hasValidator) {
            notes.append({ NoteSeverity::Info, QStringLiteral("no-store-validators-unused"),
                QStringLiteral("no-store forbids keeping the response, so no cache can revalidate it: its ETag or "
                               "Last-Modified are never sent back.") });
        }
        return;
    }
    if (cacheControl.isPrivate() && cacheControl.privateFields().isEmpty()) {
        notes.append({ NoteSeverity::Info, QStringLiteral("private-response"),
            QStringLiteral("private: only a private cache (a browser, CacheScope) may store and revalidate it; "
                           "shared caches (CDNs, proxies) fetch it in full every time.") });
    }
    if (cacheControl.noCache() && cacheControl.noCacheFields().isEmpty()) {
        if (hasValidator) {
            notes.append({ NoteSeverity::Info, QStringLiteral("no-cache-revalidates"),
                QStringLiteral("no-cache: every reuse waits for a revalidation round trip; thanks to the validators "
                               "it costs a 304, not the body.") });
        } else if (context.status != 304) {
            notes.append({ NoteSeverity::Warning, QStringLiteral("no-cache-without-validator"),
                QStringLiteral("no-cache without ETag or Last-Modified: every reuse must be confirmed by the origin "
                               "and nothing can confirm it, so each one downloads the whole body. Add a validator, "
                               "or use no-store if that is the intent.") });
        }
    }
}

} // namespace

void checkFreshness(const Context &context, Notes &notes)
{
    if (context.status != 200 && context.status != 203 && context.status != 304)
        return;
    const CacheEntry entry = effectiveEntry(context);
    const CacheControl cacheControl = CacheControl::parse(entry.responseHeaders, CacheControl::Context::Response);
    checkDirectives(context, cacheControl, entry.responseHeaders, notes);
    if (!cacheControl.noStore())
        checkLifetime(context, cacheControl, entry, notes);
}

} // namespace CacheScope::Diagnosis
