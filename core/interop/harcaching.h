#pragma once

#include "cache/freshness.h"
#include "harimport.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace CacheScope {

// What a revisit of the page could do with one HAR response.
enum class HarCacheability
{
    Revalidatable, // a GET response with ETag or Last-Modified and no no-store: a revisit can get a 304
    NoValidator, // a successful GET response with neither validator: a revisit downloads it again
    NoStore, // Cache-Control: no-store: nothing is kept, validators or not
    NotApplicable, // not a GET, no response, a redirect without validators or an error status
};

// "revalidatable", "no-validator", "no-store", "not-applicable".
QString cacheabilityName(HarCacheability cacheability);

// The caching diagnosis of one HAR entry, judged at the moment its response arrived.
struct HarCachingVerdict
{
    int index = -1; // HarEntry::index
    HarCacheability cacheability = HarCacheability::NotApplicable;
    // The validators a revalidation would send: the response's, or for a 304 without them in its own
    // headers, the ones its request carried.
    QByteArray etag;
    QByteArray lastModified;
    bool freshnessKnown = false; // false for entries without a response
    FreshnessSource freshnessSource = FreshnessSource::None;
    qint64 lifetime = 0; // seconds
    bool noCache = false;
    QString freshnessText; // "max-age=600 (10 min)", "heuristic: ...", "no freshness information"
    // Bytes a 304 would spare on a revisit: the body as it crossed the wire (or, when the file does not
    // say, the compressed or decoded content size). 0 unless revalidatable and fetched from the network.
    qint64 potentialSaving = 0;
    QStringList notes; // sentences for people: why this category, what the file says about caching

    bool revalidatable() const { return cacheability == HarCacheability::Revalidatable; }
};

HarCachingVerdict diagnoseHarEntry(const HarEntry &entry);

// The page as a whole: "37 of 52 responses can be revalidated; 9 have no validator; 4 are no-store; ...".
struct HarCachingSummary
{
    int responses = 0; // entries with a response
    int revalidatable = 0;
    int noValidator = 0;
    int noStore = 0;
    int notApplicable = 0; // responses only
    int heuristic = 0; // responses whose lifetime is a guess from Last-Modified
    int notModified = 0; // 304s already in the file
    int fromCache = 0; // answered by the browser's cache
    qint64 potentialSaving = 0;

    QString sentence() const;
};

HarCachingSummary summarizeCaching(const QList<HarEntry> &entries, const QList<HarCachingVerdict> &verdicts);

// The stable JSON form of a verdict (snake_case keys) and of the summary.
QJsonObject harVerdictToJson(const HarEntry &entry, const HarCachingVerdict &verdict);
QJsonObject harCachingSummaryToJson(const HarCachingSummary &summary);

// "1.8 MB": decimal units, as browsers' network panels show sizes.
QString formatHarBytes(qint64 bytes);

} // namespace CacheScope
