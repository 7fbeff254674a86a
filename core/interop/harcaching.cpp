#include "harcaching.h"

#include "cache/cacheentry.h"
#include "http/cachecontrol.h"
#include "http/httpdate.h"

#include <cmath>
#include <QJsonArray>
#include <QLocale>

namespace CacheScope {

namespace {

QByteArray validatorOf(const HarEntry &entry, const char *responseName, const char *requestName)
{
    QByteArray value = entry.responseHeaders.first(responseName);
    if (value.isEmpty() && entry.notModified())
        value = entry.requestHeaders.first(requestName);
    return value.trimmed();
}

// The body bytes a revisit answered by 304 would not download again.
qint64 bodyOnTheWire(const HarEntry &entry)
{
    if (entry.bodySize > 0)
        return entry.bodySize;
    if (entry.transferSize > 0 && entry.headersSize >= 0 && entry.transferSize > entry.headersSize)
        return entry.transferSize - entry.headersSize;
    if (entry.contentSize > 0 && entry.compression > 0 && entry.contentSize > entry.compression)
        return entry.contentSize - entry.compression;
    return qMax<qint64>(0, entry.contentSize);
}

void judgeFreshness(const HarEntry &entry, HarCachingVerdict &verdict)
{
    if (entry.status <= 0)
        return;
    CacheEntry cacheEntry;
    cacheEntry.method = entry.method;
    cacheEntry.url = entry.url;
    cacheEntry.status = entry.status;
    cacheEntry.responseHeaders = entry.responseHeaders;
    QDateTime started = entry.started.isValid() ? entry.started.toUTC() : QDateTime();
    if (!started.isValid()) // judged as of the response's own Date then
        started = parseHttpDate(entry.responseHeaders.first("Date")).dateTime;
    if (!started.isValid()) {
        verdict.freshnessText = QStringLiteral("unknown: the entry has no start time and the response no Date");
        return;
    }
    cacheEntry.requestTime = started;
    // "time" is any JSON number. A negative or absurd one (9e15 ms and up, the bound harimport puts on sizes)
    // says nothing, and converting one beyond qint64's range to it would be undefined.
    const bool timeKnown = std::isfinite(entry.timeMs) && entry.timeMs > 0 && entry.timeMs < 9e15;
    cacheEntry.responseTime = started.addMSecs(timeKnown ? qint64(entry.timeMs) : 0);
    const Freshness freshness = computeFreshness(cacheEntry, cacheEntry.responseTime);
    verdict.freshnessKnown = freshness.valid;
    verdict.freshnessSource = freshness.source;
    verdict.lifetime = freshness.lifetime;
    verdict.noCache = freshness.noCache;
    if (!freshness.valid)
        verdict.freshnessText = freshness.problem;
    else if (freshness.source == FreshnessSource::None)
        verdict.freshnessText = QStringLiteral("no freshness information: stale at once");
    else
        verdict.freshnessText = freshness.lifetimeExplanation;
    if (freshness.noCache)
        verdict.freshnessText += QStringLiteral("; no-cache: revalidated before every reuse");
}

} // namespace

QString cacheabilityName(HarCacheability cacheability)
{
    switch (cacheability) {
    case HarCacheability::Revalidatable:
        return QStringLiteral("revalidatable");
    case HarCacheability::NoValidator:
        return QStringLiteral("no-validator");
    case HarCacheability::NoStore:
        return QStringLiteral("no-store");
    case HarCacheability::NotApplicable:
        break;
    }
    return QStringLiteral("not-applicable");
}

HarCachingVerdict diagnoseHarEntry(const HarEntry &entry)
{
    HarCachingVerdict verdict;
    verdict.index = entry.index;
    verdict.etag = validatorOf(entry, "ETag", "If-None-Match");
    verdict.lastModified = validatorOf(entry, "Last-Modified", "If-Modified-Since");
    judgeFreshness(entry, verdict);
    const bool hasValidator = !verdict.etag.isEmpty() || !verdict.lastModified.isEmpty();
    const bool get = entry.method == "GET";
    const bool noStore = CacheControl::parse(entry.responseHeaders, CacheControl::Context::Response).noStore();

    if (entry.status <= 0) {
        verdict.notes.append(entry.error.isEmpty() ? QStringLiteral("no response in the file")
                                                   : QStringLiteral("no response: %1").arg(entry.error));
    } else if (!get) {
        verdict.notes.append(QStringLiteral("%1 responses are not revalidated by caches (only GET is)")
                                 .arg(QString::fromLatin1(entry.method)));
    } else if (noStore) {
        verdict.cacheability = HarCacheability::NoStore;
        verdict.notes.append(hasValidator ? QStringLiteral("no-store: the validators are never used")
                                          : QStringLiteral("no-store: never kept, so never revalidated"));
    } else if (hasValidator && (entry.status < 400 || isHeuristicallyCacheable(entry.status))) {
        verdict.cacheability = HarCacheability::Revalidatable;
    } else if (entry.status >= 200 && entry.status < 300) {
        verdict.cacheability = HarCacheability::NoValidator;
        verdict.notes.append(QStringLiteral("no ETag and no Last-Modified: a revisit downloads it again once stale"));
    } else {
        verdict.notes.append(QStringLiteral("status %1 without validators: nothing to revalidate").arg(entry.status));
    }

    if (entry.notModified())
        verdict.notes.append(QStringLiteral("already a 304 in the file: the browser revalidated it"));
    if (entry.fromCache())
        verdict.notes.append(QStringLiteral("served from the browser's cache (%1)").arg(entry.cacheEvidence));
    if (verdict.freshnessSource == FreshnessSource::Heuristic)
        verdict.notes.append(QStringLiteral("heuristic freshness: no max-age or Expires, the lifetime is guessed "
                                            "from Last-Modified"));
    if (verdict.revalidatable() && entry.status != 304 && !entry.fromCache())
        verdict.potentialSaving = bodyOnTheWire(entry);
    return verdict;
}

HarCachingSummary summarizeCaching(const QList<HarEntry> &entries, const QList<HarCachingVerdict> &verdicts)
{
    HarCachingSummary summary;
    for (qsizetype i = 0; i < entries.size() && i < verdicts.size(); ++i) {
        const HarEntry &entry = entries.at(i);
        const HarCachingVerdict &verdict = verdicts.at(i);
        if (entry.status <= 0)
            continue;
        ++summary.responses;
        switch (verdict.cacheability) {
        case HarCacheability::Revalidatable:
            ++summary.revalidatable;
            break;
        case HarCacheability::NoValidator:
            ++summary.noValidator;
            break;
        case HarCacheability::NoStore:
            ++summary.noStore;
            break;
        case HarCacheability::NotApplicable:
            ++summary.notApplicable;
            break;
        }
        summary.heuristic += verdict.freshnessSource == FreshnessSource::Heuristic ? 1 : 0;
        summary.notModified += entry.notModified() ? 1 : 0;
        summary.fromCache += entry.fromCache() ? 1 : 0;
        summary.potentialSaving += verdict.potentialSaving;
    }
    return summary;
}

QString HarCachingSummary::sentence() const
{
    auto plural = [](int n, const char *one, const char *many) {
        return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
    };
    QStringList parts {
        QStringLiteral("%1 of %2 can be revalidated")
            .arg(revalidatable)
            .arg(plural(responses, "response", "responses")),
        plural(noValidator, "has no validator", "have no validator"),
        plural(noStore, "is no-store", "are no-store"),
    };
    if (notApplicable > 0)
        parts.append(QStringLiteral("%1 nothing to revalidate (other methods, redirects and errors without "
                                    "validators)")
                         .arg(plural(notApplicable, "has", "have")));
    if (notModified > 0)
        parts.append(plural(notModified, "was already a 304", "were already 304s"));
    if (fromCache > 0)
        parts.append(plural(fromCache, "came from the browser's cache", "came from the browser's cache"));
    parts.append(QStringLiteral("potential saving on revisit: %1").arg(formatHarBytes(potentialSaving)));
    return parts.join(QStringLiteral("; "));
}

QJsonObject harVerdictToJson(const HarEntry &entry, const HarCachingVerdict &verdict)
{
    auto nullable = [](const QByteArray &bytes) {
        return bytes.isEmpty() ? QJsonValue() : QJsonValue(QString::fromLatin1(bytes));
    };
    return QJsonObject {
        { QStringLiteral("index"), entry.index },
        { QStringLiteral("method"), QString::fromLatin1(entry.method) },
        { QStringLiteral("url"), entry.url.toString(QUrl::FullyEncoded) },
        { QStringLiteral("status"), entry.status > 0 ? QJsonValue(entry.status) : QJsonValue() },
        { QStringLiteral("cache_source"), cacheSourceName(entry.cacheSource) },
        { QStringLiteral("transfer_size"), entry.transferSize >= 0 ? QJsonValue(entry.transferSize) : QJsonValue() },
        { QStringLiteral("content_size"), entry.contentSize >= 0 ? QJsonValue(entry.contentSize) : QJsonValue() },
        { QStringLiteral("validators"),
            QJsonObject { { QStringLiteral("etag"), nullable(verdict.etag) },
                { QStringLiteral("last_modified"), nullable(verdict.lastModified) } } },
        { QStringLiteral("freshness"),
            QJsonObject { { QStringLiteral("known"), verdict.freshnessKnown },
                { QStringLiteral("source"), freshnessSourceName(verdict.freshnessSource) },
                { QStringLiteral("lifetime"), verdict.lifetime },
                { QStringLiteral("heuristic"), verdict.freshnessSource == FreshnessSource::Heuristic },
                { QStringLiteral("no_cache"), verdict.noCache },
                { QStringLiteral("summary"), verdict.freshnessText } } },
        { QStringLiteral("cacheability"), cacheabilityName(verdict.cacheability) },
        { QStringLiteral("not_modified"), entry.notModified() },
        { QStringLiteral("from_cache"), entry.fromCache() },
        { QStringLiteral("potential_saving"), verdict.potentialSaving },
        { QStringLiteral("notes"), QJsonArray::fromStringList(verdict.notes) },
    };
}

QJsonObject harCachingSummaryToJson(const HarCachingSummary &summary)
{
    return QJsonObject {
        { QStringLiteral("responses"), summary.responses },
        { QStringLiteral("revalidatable"), summary.revalidatable },
        { QStringLiteral("no_validator"), summary.noValidator },
        { QStringLiteral("no_store"), summary.noStore },
        { QStringLiteral("not_applicable"), summary.notApplicable },
        { QStringLiteral("heuristic"), summary.heuristic },
        { QStringLiteral("not_modified"), summary.notModified },
        { QStringLiteral("from_cache"), summary.fromCache },
        { QStringLiteral("potential_saving"), summary.potentialSaving },
        { QStringLiteral("sentence"), summary.sentence() },
    };
}

QString formatHarBytes(qint64 bytes)
{
    if (bytes < 1000)
        return QStringLiteral("%1 B").arg(bytes);
    static const char *const units[] = { "kB", "MB", "GB", "TB" };
    double value = double(bytes) / 1000.0;
    int unit = 0;
    while (value >= 1000.0 && unit < 3) {
        value /= 1000.0;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(
        QLocale::c().toString(value, 'f', value < 10 ? 1 : 0), QLatin1String(units[unit]));
}

} // namespace CacheScope
