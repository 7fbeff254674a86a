#include "diagnosis.h"

#include "diagnosisrules.h"

#include <algorithm>

namespace CacheScope {

namespace {

struct NoteKind
{
    const char *code;
    const char *topic; // a key Reference resolves: a status code, a header name or a directive name
};

// Every code, in documentation order: exchange rules first, then the active probe's.
constexpr NoteKind Kinds[] = {
    // Why a 304 came, or why not
    { "304-strong-etag-match", "304" },
    { "304-weak-etag-match", "304" },
    { "304-date-match", "if-modified-since" },
    { "304-etag-not-sent", "304" },
    { "304-without-conditional", "304" },
    { "304-matched-nothing", "304" },
    { "inm-ignored", "if-none-match" },
    { "ims-ignored", "if-modified-since" },
    { "ims-later-date-refused", "if-modified-since" },
    { "precondition-failed-on-get", "412" },
    // What a 304 carries
    { "304-missing-headers", "304" },
    { "304-has-body", "304" },
    { "304-content-length-mismatch", "content-length" },
    { "304-content-type", "304" },
    { "304-etag-strength-differs", "etag" },
    { "304-last-modified-changed", "last-modified" },
    // Validators
    { "no-validator", "etag" },
    { "etag-malformed", "etag" },
    { "etag-weak", "etag" },
    { "last-modified-invalid", "last-modified" },
    { "last-modified-after-date", "last-modified" },
    { "last-modified-future", "last-modified" },
    { "last-modified-weak", "last-modified" },
    // Against the stored entry
    { "same-strong-etag-different-body", "etag" },
    { "etag-changed-body-same", "etag" },
    { "weak-etag-body-changed", "etag" },
    { "last-modified-changed-body-same", "last-modified" },
    { "same-last-modified-different-body", "last-modified" },
    { "etag-same-across-encodings", "etag" },
    // Freshness and storing
    { "heuristic-freshness", "last-modified" },
    { "expires-invalid", "expires" },
    { "expires-past", "expires" },
    { "age-exceeds-lifetime", "age" },
    { "vary-star", "vary" },
    { "no-store-validators-unused", "no-store" },
    { "private-response", "private" },
    { "no-cache-revalidates", "no-cache" },
    { "no-cache-without-validator", "no-cache" },
    // ValidationProbe
    { "inm-supported", "if-none-match" },
    { "inm-weak-comparison", "if-none-match" },
    { "inm-strong-comparison", "if-none-match" },
    { "inm-false-match", "if-none-match" },
    { "inm-list-unsupported", "if-none-match" },
    { "ims-supported", "if-modified-since" },
    { "ims-equality-compare", "if-modified-since" },
    { "ims-earlier-not-modified", "if-modified-since" },
    { "etag-varies-by-encoding", "etag" },
    { "probe-no-etag", "etag" },
    { "probe-no-last-modified", "last-modified" },
    { "probe-no-gzip", "content-encoding" },
    { "probe-unexpected-status", "if-none-match" },
    { "probe-request-failed", "" },
};

int severityRank(NoteSeverity severity)
{
    switch (severity) {
    case NoteSeverity::Error:
        return 0;
    case NoteSeverity::Warning:
        return 1;
    case NoteSeverity::Info:
        return 2;
    }
    return 3;
}

QDateTime receivedAtOf(const CachedExchange &result)
{
    const ExchangeTiming &timing = result.exchange.timing;
    if (timing.started.isValid()) {
        const qint64 at = timing.ttfbMs >= 0 ? timing.ttfbMs : qMax<qint64>(0, timing.totalMs);
        return timing.started.toUTC().addMSecs(at);
    }
    if (result.freshness && result.freshness->now.isValid())
        return result.freshness->now;
    return QDateTime::currentDateTimeUtc();
}

} // namespace

namespace Diagnosis {

Context makeContext(const CachedExchange &result)
{
    Context context(result);
    const Exchange &exchange = result.exchange;
    context.status = exchange.status;
    const QByteArray method = exchange.request.method.toUpper();
    context.safeMethod = method == "GET" || method == "HEAD";
    context.receivedAt = receivedAtOf(result);
    context.etag = readETag(exchange.responseHeaders);
    context.lastModified = readLastModified(exchange.responseHeaders, context.receivedAt);
    context.date = readDate(exchange.responseHeaders, context.receivedAt);
    const HttpHeaders &sent = exchange.requestHeadersSent;
    context.sentIfNoneMatch = sent.contains("If-None-Match");
    if (context.sentIfNoneMatch)
        context.ifNoneMatch = readEntityTagList(sent, "If-None-Match");
    context.sentIfModifiedSince = sent.contains("If-Modified-Since");
    if (context.sentIfModifiedSince)
        context.ifModifiedSince = parseHttpDate(sent.first("If-Modified-Since"), context.receivedAt);
    if (result.previous && result.previous->isValid())
        context.previous = &*result.previous;
    return context;
}

QString tagText(const EntityTag &tag)
{
    return QString::fromLatin1(tag.valid ? tag.toHeaderValue() : tag.raw);
}

QString headerText(const QByteArray &value)
{
    return QString::fromLatin1(value.trimmed());
}

} // namespace Diagnosis

void sortNotesBySeverity(QList<TimelineNote> &notes)
{
    std::stable_sort(notes.begin(), notes.end(), [](const TimelineNote &a, const TimelineNote &b) {
        return severityRank(a.severity) < severityRank(b.severity);
    });
}

QList<TimelineNote> diagnoseExchange(const CachedExchange &result)
{
    QList<TimelineNote> notes;
    // No response, nothing to judge: the exchange's error already says what happened.
    if (!result.exchange.hasResponse())
        return notes;
    const Diagnosis::Context context = Diagnosis::makeContext(result);
    Diagnosis::checkConditionalOutcome(context, notes);
    Diagnosis::checkNotModifiedMessage(context, notes);
    Diagnosis::checkValidators(context, notes);
    Diagnosis::checkContentChange(context, notes);
    Diagnosis::checkFreshness(context, notes);
    sortNotesBySeverity(notes);
    return notes;
}

QString referenceTopicForNote(const QString &code)
{
    for (const NoteKind &kind : Kinds) {
        if (code == QLatin1String(kind.code))
            return QString::fromLatin1(kind.topic);
    }
    return {};
}

QStringList diagnosisNoteCodes()
{
    QStringList codes;
    for (const NoteKind &kind : Kinds)
        codes.append(QString::fromLatin1(kind.code));
    return codes;
}

} // namespace CacheScope
