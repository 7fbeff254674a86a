#include "freshness.h"

#include "http/cachecontrol.h"
#include "http/headerfields.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace CacheScope {

namespace {

QString percent(double fraction)
{
    return QString::number(fraction * 100.0, 'g', 4) + QLatin1Char('%');
}

void explicitLifetime(Freshness &f, const CacheEntry &entry, const CacheControl &cc)
{
    const DirectiveSeconds maxAge = cc.maxAge();
    if (maxAge.isPresent()) {
        f.source = FreshnessSource::MaxAge;
        if (maxAge.isValid()) {
            f.maxAge = maxAge.seconds;
            f.lifetime = maxAge.seconds;
            f.lifetimeExplanation
                = QStringLiteral("max-age=%1 (%2)").arg(maxAge.seconds).arg(formatDuration(maxAge.seconds));
        } else {
            f.lifetimeExplanation = QStringLiteral("max-age is invalid or contradicts itself: treated as stale "
                                                   "(RFC 9111 §4.2.1), lifetime 0");
        }
        if (entry.responseHeaders.contains("Expires"))
            f.notes.append(QStringLiteral("Expires is ignored because max-age is present (RFC 9111 §5.3)"));
        return;
    }
    const ExpiresField expires = readExpires(entry.responseHeaders, f.responseTime);
    if (!expires.present)
        return;
    f.source = FreshnessSource::Expires;
    if (!expires.valid) {
        f.lifetimeExplanation = QStringLiteral("%1: lifetime 0").arg(expires.problem);
        return;
    }
    f.expires = expires.value;
    const qint64 lifetime = f.dateValue.secsTo(expires.value);
    const QString minus = f.dateFromHeader ? QStringLiteral("Date") : QStringLiteral("response time (no Date)");
    f.lifetime = std::max<qint64>(0, lifetime);
    f.lifetimeExplanation = lifetime < 0 ? QStringLiteral("Expires is %1 before the %2: already expired, lifetime 0")
                                               .arg(formatDuration(-lifetime), minus)
                                         : QStringLiteral("Expires − %1 = %2").arg(minus, formatDuration(lifetime));
    f.notes += expires.notes;
}

void heuristicLifetime(Freshness &f, const CacheEntry &entry, const CacheControl &cc, const FreshnessOptions &options)
{
    const bool byStatus = isHeuristicallyCacheable(entry.status);
    if (!byStatus && !cc.isPublic() && !cc.isPrivate()) {
        f.lifetimeExplanation = QStringLiteral("no max-age or Expires, and status %1 is not heuristically "
                                               "cacheable (RFC 9110 §15.1) nor marked public/private: lifetime 0")
                                    .arg(entry.status);
        return;
    }
    const DateField lm = readLastModified(entry.responseHeaders, f.responseTime);
    if (!lm.valid) {
        f.lifetimeExplanation = lm.present
            ? QStringLiteral("no max-age or Expires, and %1: no heuristic possible, lifetime 0").arg(lm.problem)
            : QStringLiteral("no max-age, Expires or Last-Modified: no heuristic possible, lifetime 0");
        return;
    }
    f.source = FreshnessSource::Heuristic;
    f.lastModified = lm.value;
    f.heuristicBase = lm.value.secsTo(f.dateValue);
    if (!byStatus)
        f.notes.append(QStringLiteral("status %1 is not heuristically cacheable, but %2 marks the response "
                                      "cacheable, which allows a heuristic (RFC 9111 §4.2.2, §5.2.2.7)")
                           .arg(entry.status)
                           .arg(cc.isPublic() ? QStringLiteral("public") : QStringLiteral("private")));
    if (f.heuristicBase <= 0) {
        f.lifetimeExplanation = QStringLiteral("heuristic: Last-Modified is not before Date, so there is no "
                                               "interval to take a fraction of: lifetime 0");
        return;
    }
    double fraction = options.heuristicFraction;
    if (!(fraction >= 0.0 && fraction <= 1.0)) {
        f.notes.append(QStringLiteral("heuristic fraction %1 is out of range; 10% used").arg(fraction));
        fraction = 0.10;
    }
    const auto raw = static_cast<qint64>(std::floor(double(f.heuristicBase) * fraction));
    f.lifetime = raw;
    f.lifetimeExplanation = QStringLiteral("heuristic: %1 of the time since Last-Modified (%2) = %3")
                                .arg(percent(fraction), formatDuration(f.heuristicBase), formatDuration(raw));
    if (options.heuristicCapSeconds > 0 && raw > options.heuristicCapSeconds) {
        f.lifetime = options.heuristicCapSeconds;
        f.heuristicCapped = true;
        f.lifetimeExplanation += QStringLiteral(", capped at %1").arg(formatDuration(options.heuristicCapSeconds));
    }
}

// RFC 9111 §4.2.3, with the fallbacks a real store needs when a time is missing.
bool computeAge(Freshness &f, const CacheEntry &entry)
{
    f.responseTime = entry.responseTime.toUTC();
    if (!entry.responseTime.isValid()) {
        if (!entry.storedAt.isValid()) {
            f.problem = QStringLiteral("the entry has neither a response time nor a storage time: its age "
                                       "cannot be computed");
            return false;
        }
        f.responseTime = entry.storedAt.toUTC();
        f.notes.append(QStringLiteral("response time unknown: the storage time is used instead"));
    }
    f.requestTime = entry.requestTime.isValid() ? entry.requestTime.toUTC() : f.responseTime;
    if (!entry.requestTime.isValid())
        f.notes.append(QStringLiteral("request time unknown: response_delay is taken as 0"));

    const DateField date = readDate(entry.responseHeaders, f.responseTime);
    f.dateFromHeader = date.valid;
    f.dateValue = date.valid ? date.value : f.responseTime;
    if (!date.valid)
        f.notes.append(date.present
                ? QStringLiteral("%1; the response time is used instead (RFC 9110 §6.6.1)").arg(date.problem)
                : QStringLiteral("no Date: the response time is used instead (RFC 9110 §6.6.1)"));

    const AgeField age = readAge(entry.responseHeaders);
    f.ageValue = age.valid ? age.seconds : 0;
    for (const QString &w : age.warnings)
        f.notes.append(w);

    const qint64 skew = f.dateValue.secsTo(f.responseTime);
    f.apparentAge = std::max<qint64>(0, skew);
    if (skew < 0)
        f.notes.append(QStringLiteral("Date is %1 after the response arrived: the server clock is ahead of ours "
                                      "(or ours is behind); apparent_age is taken as 0")
                           .arg(formatDuration(-skew)));
    f.responseDelay = f.requestTime.secsTo(f.responseTime);
    if (f.responseDelay < 0) {
        f.notes.append(QStringLiteral("the request time is after the response time; response_delay is taken as 0"));
        f.responseDelay = 0;
    }
    f.correctedAgeValue = f.ageValue + f.responseDelay;
    f.correctedInitialAge = std::max(f.apparentAge, f.correctedAgeValue);
    f.residentTime = f.responseTime.secsTo(f.now);
    if (f.residentTime < 0) {
        f.notes.append(QStringLiteral("now is %1 before the response time (clock changed?); resident_time is "
                                      "taken as 0")
                           .arg(formatDuration(-f.residentTime)));
        f.residentTime = 0;
    }
    f.currentAge = f.correctedInitialAge + f.residentTime;
    return true;
}

void directives(Freshness &f, const CacheEntry &entry, const CacheControl &cc)
{
    f.noCacheFields = cc.noCacheFields();
    f.noCache = cc.noCache() && f.noCacheFields.isEmpty();
    f.mustRevalidate = cc.mustRevalidate();
    f.immutable = cc.immutable();
    if (cc.staleWhileRevalidate().isValid())
        f.staleWhileRevalidate = cc.staleWhileRevalidate().seconds;
    if (cc.staleIfError().isValid())
        f.staleIfError = cc.staleIfError().seconds;
    if (cc.sMaxAge().isPresent())
        f.notes.append(QStringLiteral("s-maxage is ignored: it applies to shared caches and CacheScope is a "
                                      "private cache"));
    if (cc.proxyRevalidate())
        f.notes.append(QStringLiteral("proxy-revalidate is ignored: it applies to shared caches only"));
    if (!f.noCacheFields.isEmpty())
        f.notes.append(QStringLiteral("no-cache lists fields (%1): those fields need revalidation before reuse, "
                                      "the rest of the response does not")
                           .arg(QString::fromLatin1(f.noCacheFields.join(", "))));
    if (!cc.isPresent() && hasPragmaNoCache(entry.responseHeaders))
        f.notes.append(QStringLiteral("Pragma: no-cache in a response has no defined meaning (RFC 9111 §5.4); "
                                      "some browsers treat it as no-cache"));
    for (const QString &w : cc.warnings())
        f.notes.append(QStringLiteral("Cache-Control: %1").arg(w));
}

void verdict(Freshness &f)
{
    f.fresh = f.lifetime > f.currentAge;
    if (f.fresh) {
        f.freshFor = f.lifetime - f.currentAge;
        f.summary = QStringLiteral("fresh for %1").arg(formatDuration(f.freshFor));
    } else {
        f.staleBy = f.currentAge - f.lifetime;
        f.summary = QStringLiteral("stale by %1").arg(formatDuration(f.staleBy));
    }
    if (f.noCache)
        f.summary += QStringLiteral("; no-cache: revalidate before every reuse");
    else if (!f.fresh && f.mustRevalidate)
        f.summary += QStringLiteral("; must-revalidate: not reusable until revalidated");
}

} // namespace

Freshness computeFreshness(const CacheEntry &entry, const QDateTime &now, const FreshnessOptions &options)
{
    Freshness f;
    f.now = now.toUTC();
    if (!now.isValid()) {
        f.problem = QStringLiteral("no current time given");
        return f;
    }
    if (!computeAge(f, entry))
        return f;
    const CacheControl cc = CacheControl::parse(entry.responseHeaders, CacheControl::Context::Response);
    explicitLifetime(f, entry, cc);
    if (f.source == FreshnessSource::None)
        heuristicLifetime(f, entry, cc, options);
    directives(f, entry, cc);
    verdict(f);
    f.valid = true;
    return f;
}

bool isHeuristicallyCacheable(int status)
{
    static constexpr int kCodes[] = { 200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501 };
    return std::find(std::begin(kCodes), std::end(kCodes), status) != std::end(kCodes);
}

QString formatDuration(qint64 seconds)
{
    if (seconds < 0) // the lowest value has no positive counterpart; one second less is invisible here
        return QLatin1Char('-') + formatDuration(-(std::max(seconds, std::numeric_limits<qint64>::min() + 1)));
    // Digits written by hand rather than QString::number() or arg(), which go through the locale machinery:
    // every revalidation formats a few of these.
    const auto append = [](QString &text, qint64 value) {
        char digits[24];
        char *end = digits + sizeof digits;
        char *p = end;
        do {
            *--p = char('0' + value % 10);
            value /= 10;
        } while (value > 0);
        text += QLatin1String(p, end - p);
    };
    const auto two = [&append](qint64 big, QLatin1String bigUnit, qint64 small, QLatin1String smallUnit) {
        QString text;
        text.reserve(32);
        append(text, big);
        text += QLatin1Char(' ') + bigUnit;
        if (small != 0) {
            text += QLatin1Char(' ');
            append(text, small);
            text += QLatin1Char(' ') + smallUnit;
        }
        return text;
    };
    if (seconds < 60) {
        QString text;
        append(text, seconds);
        return text + QLatin1String(" s");
    }
    if (seconds < 3600)
        return two(seconds / 60, QLatin1String("min"), seconds % 60, QLatin1String("s"));
    if (seconds < 86400)
        return two(seconds / 3600, QLatin1String("h"), (seconds % 3600) / 60, QLatin1String("min"));
    const qint64 days = seconds / 86400;
    return two(
        days, days == 1 ? QLatin1String("day") : QLatin1String("days"), (seconds % 86400) / 3600, QLatin1String("h"));
}

QString freshnessSourceName(FreshnessSource source)
{
    switch (source) {
    case FreshnessSource::MaxAge:
        return QStringLiteral("max-age");
    case FreshnessSource::Expires:
        return QStringLiteral("Expires");
    case FreshnessSource::Heuristic:
        return QStringLiteral("heuristic");
    case FreshnessSource::None:
        break;
    }
    return QStringLiteral("none");
}

} // namespace CacheScope
