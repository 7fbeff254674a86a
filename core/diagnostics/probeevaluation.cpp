#include "client/revalidator.h"
#include "diagnosis.h"
#include "http/entitytag.h"
#include "http/headerfields.h"
#include "validationprobe.h"

#include <QSet>

namespace CacheScope {

namespace {

using Notes = QList<TimelineNote>;

const ProbeStep *findStep(const QList<ProbeStep> &steps, QLatin1String name)
{
    for (const ProbeStep &step : steps) {
        if (step.name == name)
            return &step;
    }
    return nullptr;
}

int statusOf(const QList<ProbeStep> &steps, QLatin1String name)
{
    const ProbeStep *step = findStep(steps, name);
    return step && step->exchange.ok() ? step->exchange.status : 0;
}

QString sentValue(const QList<ProbeStep> &steps, QLatin1String name, const char *field)
{
    const ProbeStep *step = findStep(steps, name);
    return step ? QString::fromLatin1(step->exchange.requestHeadersSent.first(field)) : QString();
}

void judgeIfNoneMatch(const QList<ProbeStep> &steps, const EntityTag &tag, Notes &notes)
{
    const QString tagText = QString::fromLatin1(tag.valid ? tag.toHeaderValue() : tag.raw);
    const int same = statusOf(steps, QLatin1String("if-none-match"));
    // A 200 with another tag is a changed (or per-server) representation, judged by the content rules instead.
    const ProbeStep *sameStep = findStep(steps, QLatin1String("if-none-match"));
    const std::optional<EntityTag> answered = sameStep ? readETag(sameStep->exchange.responseHeaders) : std::nullopt;
    const bool sameTag = !answered || weakMatch(*answered, tag) || answered->raw == tag.raw;
    if (same == 304) {
        notes.append({ NoteSeverity::Info, QStringLiteral("inm-supported"),
            QStringLiteral("If-None-Match %1 got 304: revalidation by entity tag works.").arg(tagText) });
    } else if (same == 200 && sameTag) {
        notes.append({ NoteSeverity::Error, QStringLiteral("inm-ignored"),
            QStringLiteral("If-None-Match with the server's own tag %1 got a full 200: the server ignores "
                           "If-None-Match (RFC 9110 §13.1.2), so no revalidation ever saves the body.")
                .arg(tagText) });
    }
    const int otherForm = statusOf(steps, QLatin1String("if-none-match-other-form"));
    if (same == 304 && otherForm == 304) {
        notes.append({ NoteSeverity::Info, QStringLiteral("inm-weak-comparison"),
            QStringLiteral("If-None-Match %1 also got 304: the server compares weakly, as RFC 9110 §13.1.2 requires.")
                .arg(sentValue(steps, QLatin1String("if-none-match-other-form"), "If-None-Match")) });
    } else if (same == 304 && otherForm == 200) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("inm-strong-comparison"),
            QStringLiteral("If-None-Match %1 got a full 200 although it differs from %2 only in the W/ prefix: the "
                           "server compares strongly, but If-None-Match must use weak comparison (RFC 9110 "
                           "§13.1.2). Caches that turn tags weak (after compressing, say) never get a 304.")
                .arg(sentValue(steps, QLatin1String("if-none-match-other-form"), "If-None-Match"), tagText) });
    }
    if (same == 304 && statusOf(steps, QLatin1String("if-none-match-list")) == 200) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("inm-list-unsupported"),
            QStringLiteral("If-None-Match %1 got a full 200 although it lists %2, which alone gets 304: the server "
                           "does not read If-None-Match as a list (RFC 9110 §13.1.2). Caches holding several "
                           "variants send every tag they have and never get a 304.")
                .arg(sentValue(steps, QLatin1String("if-none-match-list"), "If-None-Match"), tagText) });
    }
    if (statusOf(steps, QLatin1String("if-none-match-other-tag")) == 304) {
        notes.append({ NoteSeverity::Error, QStringLiteral("inm-false-match"),
            QStringLiteral("If-None-Match %1, a tag the server never sent, got 304: the server answers 304 to any "
                           "If-None-Match, so a cache holding an old version keeps it forever.")
                .arg(sentValue(steps, QLatin1String("if-none-match-other-tag"), "If-None-Match")) });
    }
}

void judgeIfModifiedSince(const QList<ProbeStep> &steps, Notes &notes)
{
    const int equal = statusOf(steps, QLatin1String("if-modified-since"));
    const QString date = sentValue(steps, QLatin1String("if-modified-since"), "If-Modified-Since");
    if (equal == 304) {
        notes.append({ NoteSeverity::Info, QStringLiteral("ims-supported"),
            QStringLiteral("If-Modified-Since %1 (the Last-Modified) got 304: revalidation by date works.")
                .arg(date) });
    } else if (equal == 200) {
        notes.append({ NoteSeverity::Error, QStringLiteral("ims-ignored"),
            QStringLiteral("If-Modified-Since %1, exactly the Last-Modified received, got a full 200: the server "
                           "ignores If-Modified-Since.")
                .arg(date) });
    }
    if (equal == 304 && statusOf(steps, QLatin1String("if-modified-since-later")) == 200) {
        notes.append({ NoteSeverity::Error, QStringLiteral("ims-equality-compare"),
            QStringLiteral("If-Modified-Since %1, an hour after Last-Modified, got a full 200 while the exact date "
                           "got 304: the server compares the dates for equality. RFC 9110 §13.1.3 asks whether the "
                           "resource changed after the date, so caches that send another date (a proxy's, a "
                           "rewritten one) always download the body. (nginx does this with its default "
                           "if_modified_since exact;)")
                .arg(sentValue(steps, QLatin1String("if-modified-since-later"), "If-Modified-Since")) });
    }
    if (statusOf(steps, QLatin1String("if-modified-since-earlier")) == 304) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("ims-earlier-not-modified"),
            QStringLiteral("If-Modified-Since %1, an hour before Last-Modified, got 304: the resource changed after "
                           "that date, so the answer must be a full 200. A cache with an older copy keeps it.")
                .arg(sentValue(steps, QLatin1String("if-modified-since-earlier"), "If-Modified-Since")) });
    }
}

QByteArray codingOf(const Exchange &exchange)
{
    const QByteArray coding = exchange.responseHeaders.combined("Content-Encoding").trimmed().toLower();
    return coding == "identity" ? QByteArray() : coding;
}

void judgeEncodings(const QList<ProbeStep> &steps, Notes &notes)
{
    const ProbeStep *gzip = findStep(steps, QLatin1String("accept-encoding-gzip"));
    const ProbeStep *identity = findStep(steps, QLatin1String("accept-encoding-identity"));
    if (!gzip || !identity || gzip->exchange.status != 200 || identity->exchange.status != 200)
        return;
    if (codingOf(gzip->exchange) == codingOf(identity->exchange)) {
        notes.append({ NoteSeverity::Info, QStringLiteral("probe-no-gzip"),
            QStringLiteral("The server sent the same content coding for Accept-Encoding gzip and identity, so the "
                           "entity tags of two encodings could not be compared.") });
        return;
    }
    const std::optional<EntityTag> a = readETag(gzip->exchange.responseHeaders);
    const std::optional<EntityTag> b = readETag(identity->exchange.responseHeaders);
    if (!a || !b)
        return;
    const QString aText = QString::fromLatin1(a->valid ? a->toHeaderValue() : a->raw);
    const QString bText = QString::fromLatin1(b->valid ? b->toHeaderValue() : b->raw);
    if (strongMatch(*a, *b)) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("etag-same-across-encodings"),
            QStringLiteral("The gzip and the identity responses carry the same strong ETag %1. Different content "
                           "codings are different representations, so a strong tag must differ between them (RFC "
                           "9110 §8.8.3). Make the tag weak or add the coding to it.")
                .arg(aText) });
    } else if (!weakMatch(*a, *b)) {
        notes.append({ NoteSeverity::Info, QStringLiteral("etag-varies-by-encoding"),
            QStringLiteral("gzip and identity get different entity tags (%1 and %2), as they should.")
                .arg(aText, bText) });
    }
}

void judgeStatuses(const QList<ProbeStep> &steps, Notes &notes)
{
    for (const ProbeStep &step : steps) {
        const int status = step.exchange.ok() ? step.exchange.status : 0;
        if (!step.name.startsWith(QLatin1String("if-")) || status == 0 || status == 200 || status == 304)
            continue;
        const HttpHeaders &sent = step.exchange.requestHeadersSent;
        const char *field = sent.contains("If-None-Match") ? "If-None-Match" : "If-Modified-Since";
        notes.append({ NoteSeverity::Warning, QStringLiteral("probe-unexpected-status"),
            QStringLiteral("%1: %2 got %3 where 304 or 200 was expected: conditional GETs should never change the "
                           "outcome otherwise.")
                .arg(QString::fromLatin1(field), QString::fromLatin1(sent.first(field)))
                .arg(status) });
    }
}

// The passive rules a 304 step (or a refused precondition) can still break.
void diagnoseSteps(const QList<ProbeStep> &steps, const Exchange &fetch, Notes &notes)
{
    static const QStringList relevant { QStringLiteral("304-missing-headers"), QStringLiteral("304-has-body"),
        QStringLiteral("304-content-length-mismatch"), QStringLiteral("304-content-type"),
        QStringLiteral("304-etag-not-sent"), QStringLiteral("precondition-failed-on-get"),
        QStringLiteral("304-etag-strength-differs"), QStringLiteral("304-last-modified-changed"),
        QStringLiteral("same-strong-etag-different-body"), QStringLiteral("etag-changed-body-same") };
    for (const ProbeStep &step : steps) {
        if (!step.name.startsWith(QLatin1String("if-")) || !step.exchange.hasResponse())
            continue;
        CachedExchange cached;
        cached.exchange = step.exchange;
        cached.previous = entryFromExchange(fetch);
        for (const TimelineNote &note : diagnoseExchange(cached)) {
            if (relevant.contains(note.code))
                notes.append(note);
        }
    }
}

} // namespace

QList<TimelineNote> evaluateProbeSteps(const QList<ProbeStep> &steps)
{
    Notes notes;
    const ProbeStep *fetch = findStep(steps, QLatin1String("fetch"));
    if (!fetch || !fetch->exchange.hasResponse()) {
        notes.append({ NoteSeverity::Error, QStringLiteral("probe-request-failed"),
            QStringLiteral("The first request got no response: %1")
                .arg(fetch ? fetch->exchange.errorString : QStringLiteral("it was not sent")) });
        return notes;
    }
    if (fetch->exchange.status != 200) {
        notes.append({ NoteSeverity::Error, QStringLiteral("probe-request-failed"),
            QStringLiteral("The URL answered %1, not 200: there is no representation to validate.")
                .arg(fetch->exchange.status) });
        return notes;
    }
    CachedExchange first;
    first.exchange = fetch->exchange;
    notes.append(diagnoseExchange(first));
    for (const ProbeStep &step : steps) {
        if (&step != fetch && !step.exchange.ok()) {
            notes.append({ NoteSeverity::Error, QStringLiteral("probe-request-failed"),
                QStringLiteral("The %1 request failed: %2").arg(step.name, step.exchange.errorString) });
        }
    }
    const std::optional<EntityTag> tag = readETag(fetch->exchange.responseHeaders);
    if (tag) {
        judgeIfNoneMatch(steps, *tag, notes);
    } else {
        notes.append({ NoteSeverity::Info, QStringLiteral("probe-no-etag"),
            QStringLiteral("No ETag: the If-None-Match and encoding checks were skipped.") });
    }
    if (readLastModified(fetch->exchange.responseHeaders, fetch->exchange.timing.started).valid) {
        judgeIfModifiedSince(steps, notes);
    } else {
        notes.append({ NoteSeverity::Info, QStringLiteral("probe-no-last-modified"),
            QStringLiteral("No usable Last-Modified: the If-Modified-Since checks were skipped.") });
    }
    judgeEncodings(steps, notes);
    judgeStatuses(steps, notes);
    diagnoseSteps(steps, fetch->exchange, notes);

    Notes unique;
    QSet<QString> seen;
    for (const TimelineNote &note : notes) {
        if (!seen.contains(note.code)) {
            seen.insert(note.code);
            unique.append(note);
        }
    }
    sortNotesBySeverity(unique);
    return unique;
}

} // namespace CacheScope
