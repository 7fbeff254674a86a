#include "diagnosisrules.h"

#include <algorithm>
#include <QStringList>

namespace CacheScope::Diagnosis {

namespace {

QString sentTags(const Context &context)
{
    return QString::fromLatin1(context.exchange.requestHeadersSent.combined("If-None-Match").trimmed());
}

QString sentDate(const Context &context)
{
    return QString::fromLatin1(context.exchange.requestHeadersSent.first("If-Modified-Since").trimmed());
}

// The tag the 304 is about: its own, or else the stored entry's (a 304 may omit it, wrongly).
std::optional<EntityTag> tagOf304(const Context &context)
{
    if (context.etag)
        return context.etag;
    if (context.previous)
        return readETag(context.previous->responseHeaders);
    return std::nullopt;
}

void explainEtag304(const Context &context, Notes &notes)
{
    const std::optional<EntityTag> tag = tagOf304(context);
    if (!tag) {
        notes.append({ NoteSeverity::Info, QStringLiteral("304-weak-etag-match"),
            QStringLiteral("304 in answer to If-None-Match %1; neither the 304 nor the stored response has an ETag, "
                           "so which tag matched cannot be told.")
                .arg(sentTags(context)) });
        return;
    }
    bool strong = false;
    bool weak = false;
    bool verbatim = false;
    for (const EntityTag &sent : context.ifNoneMatch.tags) {
        strong = strong || strongMatch(sent, *tag);
        weak = weak || weakMatch(sent, *tag);
        verbatim = verbatim || (!tag->valid && sent.raw == tag->raw);
    }
    if (strong || verbatim) {
        notes.append({ NoteSeverity::Info, QStringLiteral("304-strong-etag-match"),
            QStringLiteral("304 because the ETag %1 sent in If-None-Match matched %2: the stored body is still "
                           "current, byte for byte.")
                .arg(tagText(*tag),
                    verbatim ? QStringLiteral("byte for byte (a malformed tag)") : QStringLiteral("strongly")) });
    } else if (weak || context.ifNoneMatch.any) {
        notes.append({ NoteSeverity::Info, QStringLiteral("304-weak-etag-match"),
            QStringLiteral("304 because If-None-Match %1 matched the ETag %2 by weak comparison (RFC 9110 "
                           "§13.1.2): the stored body is equivalent, not necessarily identical.")
                .arg(sentTags(context), tagText(*tag)) });
    } else if (context.etag) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("304-etag-not-sent"),
            QStringLiteral("The 304 carries ETag %1, which the request did not send (If-None-Match: %2). A cache "
                           "cannot tie such a 304 to its stored response (RFC 9111 §4.3.4) and the server "
                           "confirmed a representation the client does not have.")
                .arg(tagText(*tag), sentTags(context)) });
    }
}

void explain304(const Context &context, Notes &notes)
{
    if (!context.isConditional()) {
        notes.append({ NoteSeverity::Error, QStringLiteral("304-without-conditional"),
            QStringLiteral("304 Not Modified for a request without If-None-Match or If-Modified-Since. A server may "
                           "send 304 only in answer to a conditional GET or HEAD (RFC 9110 §15.4.5); a client "
                           "holding nothing is left without a body.") });
        return;
    }
    if (context.sentIfNoneMatch) {
        explainEtag304(context, notes);
    } else {
        notes.append({ NoteSeverity::Info, QStringLiteral("304-date-match"),
            QStringLiteral("304 because the resource has not changed since If-Modified-Since %1 (a date has "
                           "one-second resolution: changes within the same second go unseen).")
                .arg(sentDate(context)) });
    }
    if (context.result.action == CacheAction::Unmatched304 && context.result.notModified) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("304-matched-nothing"),
            QStringLiteral("The 304 could not be tied to the stored response, so nothing was freshened: %1")
                .arg(context.result.notModified->explanation) });
    }
}

void explainFull200(const Context &context, Notes &notes)
{
    if (context.sentIfNoneMatch) {
        const bool matched
            = context.ifNoneMatch.any || (context.etag && context.ifNoneMatch.matchesWeakly(*context.etag));
        if (matched) {
            notes.append({ NoteSeverity::Error, QStringLiteral("inm-ignored"),
                QStringLiteral("Full %1 although If-None-Match %2 matches the response's ETag %3: the server does "
                               "not evaluate If-None-Match (RFC 9110 §13.1.2), so every revalidation downloads "
                               "the whole body.")
                    .arg(context.status)
                    .arg(sentTags(context),
                        context.etag ? tagText(*context.etag) : QStringLiteral("(any, for \"*\")")) });
        }
        return; // If-Modified-Since is ignored when If-None-Match is present (RFC 9110 §13.1.3)
    }
    if (!context.sentIfModifiedSince || !context.ifModifiedSince.valid || !context.lastModified.valid)
        return;
    const qint64 since = context.ifModifiedSince.dateTime.toSecsSinceEpoch();
    const qint64 modified = context.lastModified.value.toSecsSinceEpoch();
    const qint64 serverNow
        = context.date.valid ? context.date.value.toSecsSinceEpoch() : context.receivedAt.toSecsSinceEpoch();
    if (since > serverNow)
        return; // a date in the server's future must be ignored (RFC 9110 §13.1.3): the 200 is right
    if (modified == since) {
        notes.append({ NoteSeverity::Error, QStringLiteral("ims-ignored"),
            QStringLiteral("Full %1 although Last-Modified %2 is exactly the If-Modified-Since sent: the server "
                           "does not evaluate If-Modified-Since, so date-based revalidation never saves anything.")
                .arg(context.status)
                .arg(headerText(context.lastModified.raw)) });
    } else if (modified < since) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("ims-later-date-refused"),
            QStringLiteral("Full %1 although Last-Modified %2 is before the If-Modified-Since sent (%3): the "
                           "resource has not changed since that date, so the answer should be 304 (RFC 9110 "
                           "§13.1.3). The server probably compares the dates for equality.")
                .arg(context.status)
                .arg(headerText(context.lastModified.raw), sentDate(context)) });
    }
}

// nginx with gzip on sends W/"x" in the compressed 200 and "x" in the 304: the same tag, but RFC 9111 §4.3.4
// selects stored responses by strong match for a strong 304 tag, so a strict cache updates nothing.
void checkTagStrength(const Context &context, const HttpHeaders &stored, Notes &notes)
{
    const std::optional<EntityTag> before = readETag(stored);
    if (!context.etag || !before || !context.etag->valid || !before->valid)
        return;
    if (!weakMatch(*before, *context.etag) || before->weak == context.etag->weak)
        return;
    notes.append({ NoteSeverity::Warning, QStringLiteral("304-etag-strength-differs"),
        QStringLiteral("The 304 carries %1 while the stored response has %2: the same tag with another strength. A "
                       "strict cache selects nothing to update (RFC 9111 §4.3.4) and keeps revalidating; nginx does "
                       "this for gzipped responses.")
            .arg(tagText(*context.etag), tagText(*before)) });
}

} // namespace

void checkConditionalOutcome(const Context &context, Notes &notes)
{
    if (context.status == 304) {
        explain304(context, notes);
        return;
    }
    if (!context.safeMethod)
        return;
    if (context.status >= 200 && context.status < 300) {
        explainFull200(context, notes);
    } else if (context.status == 412 && context.isConditional()
        && !context.exchange.requestHeadersSent.contains("If-Match")
        && !context.exchange.requestHeadersSent.contains("If-Unmodified-Since")) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("precondition-failed-on-get"),
            QStringLiteral("412 Precondition Failed for a %1 with only If-None-Match / If-Modified-Since: for GET "
                           "and HEAD a matching If-None-Match must give 304, and If-Modified-Since never gives "
                           "412 (RFC 9110 §13.1.2, §13.1.3).")
                .arg(QString::fromLatin1(context.exchange.request.method.toUpper())) });
    }
}

void checkNotModifiedMessage(const Context &context, Notes &notes)
{
    if (context.status != 304)
        return;
    const Exchange &exchange = context.exchange;
    // The client reads no body on a 304; bytes that followed it are reported in protocolNotes by the transfer.
    const bool trailingBytes = std::any_of(exchange.protocolNotes.begin(), exchange.protocolNotes.end(),
        [](const QString &note) { return note.contains(QLatin1String("after the end of the response")); });
    if (!exchange.body.isEmpty() || exchange.bytes.responseBodyWire > 0 || trailingBytes) {
        notes.append({ NoteSeverity::Error, QStringLiteral("304-has-body"),
            QStringLiteral("Bytes followed the 304. A 304 ends with its header block (RFC 9110 §15.4.5): the extra "
                           "bytes are read as the start of the next response on a kept-alive connection.") });
    }
    if (!context.previous)
        return;
    const HttpHeaders &stored = context.previous->responseHeaders;
    const HttpHeaders &received = exchange.responseHeaders;
    static const QList<QByteArray> required { "Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary" };
    QStringList missing;
    for (const QByteArray &name : required) {
        if (stored.contains(name) && !received.contains(name))
            missing.append(QString::fromLatin1(name));
    }
    if (!missing.isEmpty()) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("304-missing-headers"),
            QStringLiteral("The 304 lacks %1, which the stored 200 has. A 304 must carry the Cache-Control, "
                           "Content-Location, Date, ETag, Expires and Vary a 200 would (RFC 9110 §15.4.5); "
                           "without them a cache keeps the old values, e.g. the old freshness lifetime.")
                .arg(missing.join(QStringLiteral(", "))) });
    }
    checkTagStrength(context, stored, notes);
    const QByteArray modified = received.first("Last-Modified").trimmed();
    const QByteArray storedModified = stored.first("Last-Modified").trimmed();
    if (!modified.isNull() && !storedModified.isNull() && modified != storedModified) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("304-last-modified-changed"),
            QStringLiteral("The 304 says Last-Modified %1, the stored response %2: \"not modified\" with a new "
                           "modification date. A cache copies the new date into the stored response, so the next "
                           "If-Modified-Since names a state its body never had.")
                .arg(QString::fromLatin1(modified), QString::fromLatin1(storedModified)) });
    }
    const QByteArray length = received.first("Content-Length").trimmed();
    const QByteArray storedLength = stored.first("Content-Length").trimmed();
    if (!length.isNull() && !storedLength.isNull() && length != storedLength) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("304-content-length-mismatch"),
            QStringLiteral("The 304 says Content-Length: %1, the stored response %2. In a 304, Content-Length may "
                           "only repeat the length the 200 would have (RFC 9110 §8.6).")
                .arg(QString::fromLatin1(length), QString::fromLatin1(storedLength)) });
    }
    const QByteArray type = received.combined("Content-Type").trimmed();
    const QByteArray storedType = stored.combined("Content-Type").trimmed();
    if (!type.isNull() && type != storedType) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("304-content-type"),
            QStringLiteral("The 304 carries Content-Type %1 while the stored response has %2. A cache copies the "
                           "304's fields into the stored response (RFC 9111 §3.2), relabelling the old body; a 304 "
                           "should not send representation metadata (RFC 9110 §15.4.5).")
                .arg(QString::fromLatin1(type),
                    storedType.isNull() ? QStringLiteral("none") : QString::fromLatin1(storedType)) });
    }
}

} // namespace CacheScope::Diagnosis
