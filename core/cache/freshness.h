#pragma once

#include "cache/cacheentry.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace CacheScope {

// Where the freshness lifetime came from (RFC 9111 §4.2.1, in order of precedence for a private cache).
enum class FreshnessSource
{
    None, // no explicit lifetime and no heuristic allowed or possible: lifetime 0
    MaxAge, // Cache-Control: max-age (an invalid max-age gives lifetime 0)
    Expires, // Expires − Date (an invalid Expires gives lifetime 0: already expired)
    Heuristic, // a fraction of Date − Last-Modified (RFC 9111 §4.2.2)
};

struct FreshnessOptions
{
    // Heuristic lifetime = fraction × (Date − Last-Modified). 10% is the RFC's example and what Chromium,
    // WebKit and Firefox use. Values outside 0..1 are replaced by 0.1 (with a note).
    double heuristicFraction = 0.10;
    // Upper bound of the heuristic lifetime, in seconds; 0 means no bound. The default, one week, is
    // Firefox's; Chromium and WebKit apply no bound. A bound keeps a file untouched for years from being
    // considered fresh for months.
    qint64 heuristicCapSeconds = qint64(7) * 24 * 3600;
};

// Everything the freshness verdict was built from, so it can be shown step by step. All durations are
// whole seconds; all times UTC.
struct Freshness
{
    bool valid = false; // false when the entry lacks the times needed; `problem` says which
    QString problem;

    // freshness_lifetime (RFC 9111 §4.2.1, §4.2.2)
    FreshnessSource source = FreshnessSource::None;
    qint64 lifetime = 0;
    QString lifetimeExplanation; // "max-age=600 (10 min)", "Expires − Date = 1 h", "heuristic: 10% of ..."
    qint64 maxAge = -1; // the max-age used; -1 when not used
    QDateTime expires; // the Expires used; null when not used
    QDateTime lastModified; // the Last-Modified the heuristic used; null when not used
    qint64 heuristicBase = 0; // Date − Last-Modified
    bool heuristicCapped = false;

    // current_age (RFC 9111 §4.2.3)
    QDateTime now;
    QDateTime dateValue; // the Date field, or the response time when Date is missing or invalid
    bool dateFromHeader = false;
    QDateTime requestTime;
    QDateTime responseTime;
    qint64 ageValue = 0; // Age field, 0 when absent or invalid
    qint64 apparentAge = 0; // max(0, response_time − date_value)
    qint64 responseDelay = 0; // response_time − request_time
    qint64 correctedAgeValue = 0; // age_value + response_delay
    qint64 correctedInitialAge = 0; // max(apparent_age, corrected_age_value)
    qint64 residentTime = 0; // now − response_time
    qint64 currentAge = 0; // corrected_initial_age + resident_time

    // Verdict
    bool fresh = false; // lifetime > current_age
    qint64 freshFor = 0; // lifetime − current_age, when fresh
    qint64 staleBy = 0; // current_age − lifetime, when stale
    bool noCache = false; // unqualified no-cache: revalidate before every reuse, fresh or not
    QList<QByteArray> noCacheFields; // qualified no-cache: these fields need revalidation
    bool mustRevalidate = false; // once stale, never reused without revalidation (max-stale cannot override)
    bool immutable = false; // RFC 8246: no revalidation while fresh, even on reload
    qint64 staleWhileRevalidate = -1; // seconds, -1 when absent or invalid (RFC 5861)
    qint64 staleIfError = -1;

    QString summary; // "fresh for 4 min 12 s", "stale by 3 s", plus no-cache / must-revalidate remarks
    QStringList notes; // s-maxage ignored, clock skew, invalid fields, fallbacks used

    // Can the stored response be reused now without asking the origin?
    bool reusableWithoutRevalidation() const { return valid && fresh && !noCache; }
};

// Freshness of a stored response at `now`, as a private cache sees it. CacheScope is a private cache,
// so s-maxage and proxy-revalidate (shared caches only) are reported and ignored. Uses the entry's
// response headers, status, requestTime and responseTime (storedAt when responseTime is missing).
Freshness computeFreshness(const CacheEntry &entry, const QDateTime &now, const FreshnessOptions &options = {});

// RFC 9110 §15.1: 200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501.
bool isHeuristicallyCacheable(int status);

// Two most significant units: "0 s", "59 s", "4 min 12 s", "4 h 48 min", "1 day", "2 days 3 h".
// Negative durations get a leading "-".
QString formatDuration(qint64 seconds);

// "max-age", "Expires", "heuristic", "none".
QString freshnessSourceName(FreshnessSource source);

} // namespace CacheScope
