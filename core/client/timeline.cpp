#include "timeline.h"

#include "exchange.h"
#include "util/jsontext.h"

#include <QJsonArray>

namespace CacheScope {

qint64 bytesSavedBy304(qint64 storedFullWireSize, qint64 notModifiedWireSize)
{
    const qint64 stored = qMax<qint64>(0, storedFullWireSize);
    const qint64 notModified = qMax<qint64>(0, notModifiedWireSize);
    return qMax<qint64>(0, stored - notModified);
}

TimelineEvent timelineEventFromExchange(const Exchange &exchange)
{
    TimelineEvent event;
    // Timelines are kept on disk and printed: never with the URL's password.
    event.url = exchange.request.url.adjusted(QUrl::RemovePassword);
    event.time = exchange.timing.started.isValid() ? exchange.timing.started.toUTC() : QDateTime();
    event.status = exchange.hasResponse() ? exchange.status : 0;
    if (exchange.error != ExchangeError::None)
        event.error = exchange.errorString.isEmpty() ? errorName(exchange.error) : exchange.errorString;
    event.sentIfNoneMatch = exchange.requestHeadersSent.combined("If-None-Match");
    event.sentIfModifiedSince = exchange.requestHeadersSent.first("If-Modified-Since");
    event.receivedEtag = exchange.responseHeaders.first("ETag");
    event.receivedLastModified = exchange.responseHeaders.first("Last-Modified");
    event.ttfbMs = exchange.timing.ttfbMs;
    event.totalMs = exchange.timing.totalMs;
    event.responseHeaderBytes = exchange.bytes.responseHeaders;
    event.responseBodyWireBytes = exchange.bytes.responseBodyWire;
    event.decodedBodyBytes = exchange.bytes.responseBodyDecoded;
    event.bytesSaved = exchange.bytes.saved;
    // Shared copies (implicit sharing): the watch hot path pays nothing here.
    event.requestMethod = exchange.request.method;
    event.requestHeaders = exchange.requestHeadersSent;
    if (exchange.hasResponse()) {
        event.responseHttpVersion = exchange.httpVersion;
        event.responseStatusText = exchange.reason;
        event.responseHeaders = exchange.responseHeaders;
    }
    return event;
}

// ---- totals

void TimelineTotals::add(const TimelineEvent &event)
{
    ++requests;
    if (event.isError())
        ++errors;
    else if (event.status == 200)
        ++ok;
    else if (event.status == 304)
        ++notModified;
    else
        ++others;
    // Negative sizes are bad input, not refunds.
    bytesTransferred += qMax<qint64>(0, event.wireBytes());
    bytesSaved += qMax<qint64>(0, event.bytesSaved);
}

double TimelineTotals::savedShare() const
{
    const double whole = double(bytesTransferred) + double(bytesSaved);
    return whole > 0 ? double(bytesSaved) / whole : 0.0;
}

TimelineTotals TimelineTotals::fromEvents(const QList<TimelineEvent> &events)
{
    TimelineTotals totals;
    for (const TimelineEvent &event : events)
        totals.add(event);
    return totals;
}

void TimelineSummary::add(const TimelineEvent &event)
{
    m_overall.add(event);
    auto it = m_perUrl.find(event.url);
    if (it == m_perUrl.end()) {
        m_urls.append(event.url);
        it = m_perUrl.insert(event.url, TimelineTotals());
    }
    it->add(event);
}

TimelineSummary TimelineSummary::fromEvents(const QList<TimelineEvent> &events)
{
    TimelineSummary summary;
    for (const TimelineEvent &event : events)
        summary.add(event);
    return summary;
}

TimelineTotals TimelineSummary::forUrl(const QUrl &url) const
{
    return m_perUrl.value(url);
}

// ---- content change

namespace {

struct EntityTagView
{
    bool weak = false;
    QByteArray opaque;
};

EntityTagView entityTag(const QByteArray &value)
{
    const QByteArray trimmed = value.trimmed();
    // The weakness indicator is case-sensitive (RFC 9110 §8.8.3).
    if (trimmed.startsWith("W/"))
        return { true, trimmed.mid(2) };
    return { false, trimmed };
}

QString quoted(const QByteArray &value)
{
    return QString::fromLatin1(value.trimmed());
}

void checkEtags(const ContentVersion &stored, const ContentVersion &received, bool sameBody, QList<TimelineNote> &notes)
{
    const EntityTagView before = entityTag(stored.etag);
    const EntityTagView after = entityTag(received.etag);
    const bool weakMatch = before.opaque == after.opaque;
    const bool strongMatch = weakMatch && !before.weak && !after.weak;
    if (!weakMatch && sameBody) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("etag-changed-body-same"),
            QStringLiteral("ETag changed though the body did not (%1 → %2): revalidations of an unchanged "
                           "body miss 304s, as happens when each server of a cluster makes its own ETags")
                .arg(quoted(stored.etag), quoted(received.etag)) });
    } else if (strongMatch && !sameBody) {
        notes.append({ NoteSeverity::Error, QStringLiteral("same-strong-etag-different-body"),
            QStringLiteral("Same strong ETag %1 on a different body: a cache revalidating with it gets a 304 and "
                           "keeps serving the old body (RFC 9110 §8.8.3)")
                .arg(quoted(received.etag)) });
    } else if (weakMatch && !strongMatch && !sameBody) {
        notes.append({ NoteSeverity::Info, QStringLiteral("weak-etag-body-changed"),
            QStringLiteral("Weak ETag %1 unchanged while the body bytes changed: allowed only when the change "
                           "does not matter to users")
                .arg(quoted(received.etag)) });
    }
}

void checkLastModified(const ContentVersion &stored, const ContentVersion &received, bool sameBody, bool etagsCompared,
    QList<TimelineNote> &notes)
{
    const bool sameDate = stored.lastModified.trimmed() == received.lastModified.trimmed();
    if (!sameDate && sameBody) {
        notes.append({ NoteSeverity::Info, QStringLiteral("last-modified-changed-body-same"),
            QStringLiteral("Last-Modified changed though the body did not (%1 → %2)")
                .arg(quoted(stored.lastModified), quoted(received.lastModified)) });
    } else if (sameDate && !sameBody && !etagsCompared) {
        // With an ETag, If-None-Match takes precedence and the date does not decide the 304.
        notes.append({ NoteSeverity::Warning, QStringLiteral("same-last-modified-different-body"),
            QStringLiteral("Same Last-Modified %1 on a different body and no ETag: a cache revalidating with "
                           "If-Modified-Since gets a 304 and keeps the old body")
                .arg(quoted(received.lastModified)) });
    }
}

} // namespace

ContentChangeVerdict decideContentChange(const ContentVersion &stored, const ContentVersion &received)
{
    ContentChangeVerdict verdict;
    const bool bothEtags = !stored.etag.trimmed().isEmpty() && !received.etag.trimmed().isEmpty();
    const bool bothDates = !stored.lastModified.trimmed().isEmpty() && !received.lastModified.trimmed().isEmpty();
    if (!stored.bodyHash.isEmpty() && !received.bodyHash.isEmpty()) {
        const bool sameBody = stored.bodyHash == received.bodyHash;
        if (bothEtags)
            checkEtags(stored, received, sameBody, verdict.notes);
        if (bothDates)
            checkLastModified(stored, received, sameBody, bothEtags, verdict.notes);
        verdict.change = sameBody ? ContentChange::No : ContentChange::Yes;
        verdict.reason = sameBody ? QStringLiteral("the body is byte for byte the same")
                                  : QStringLiteral("the body differs from the stored one");
        return verdict;
    }
    if (bothEtags) {
        const bool same = entityTag(stored.etag).opaque == entityTag(received.etag).opaque;
        verdict.change = same ? ContentChange::No : ContentChange::Yes;
        verdict.reason = same ? QStringLiteral("same ETag (body not compared)")
                              : QStringLiteral("ETag changed (body not compared)");
        return verdict;
    }
    if (bothDates) {
        const bool same = stored.lastModified.trimmed() == received.lastModified.trimmed();
        verdict.change = same ? ContentChange::No : ContentChange::Yes;
        verdict.reason = same ? QStringLiteral("same Last-Modified (one-second resolution; body not compared)")
                              : QStringLiteral("Last-Modified changed (body not compared)");
        return verdict;
    }
    verdict.reason = QStringLiteral("nothing to compare: no body hash or validator on both sides");
    return verdict;
}

QString contentChangeName(ContentChange change)
{
    switch (change) {
    case ContentChange::Yes:
        return QStringLiteral("yes");
    case ContentChange::No:
        return QStringLiteral("no");
    case ContentChange::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

void appendNotesJson(QByteArray &out, const QList<TimelineNote> &notes)
{
    out += '[';
    for (qsizetype i = 0; i < notes.size(); ++i) {
        const TimelineNote &note = notes.at(i);
        out += i == 0 ? "{\"code\":" : ",{\"code\":";
        appendJsonString(out, note.code);
        out += ",\"severity\":";
        appendJsonString(out, noteSeverityName(note.severity));
        out += ",\"text\":";
        appendJsonString(out, note.text);
        out += '}';
    }
    out += ']';
}

QString noteSeverityName(NoteSeverity severity)
{
    switch (severity) {
    case NoteSeverity::Warning:
        return QStringLiteral("warning");
    case NoteSeverity::Error:
        return QStringLiteral("error");
    case NoteSeverity::Info:
        break;
    }
    return QStringLiteral("info");
}

// ---- CSV and JSON

namespace {

QString isoTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QString csvField(const QString &value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) && !value.contains(QLatin1Char('\r'))
        && !value.contains(QLatin1Char('\n')))
        return value;
    QString escaped = value;
    escaped.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QString numberOrEmpty(qint64 value, qint64 emptyBelow)
{
    return value < emptyBelow ? QString() : QString::number(value);
}

QString notesText(const QList<TimelineNote> &notes)
{
    QStringList parts;
    for (const TimelineNote &note : notes)
        parts.append(noteSeverityName(note.severity) + QLatin1Char(' ') + note.code + QStringLiteral(": ") + note.text);
    return parts.join(QStringLiteral("; "));
}

QJsonValue latin1OrNull(const QByteArray &value)
{
    return value.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(QString::fromLatin1(value));
}

QJsonValue msOrNull(qint64 ms)
{
    return ms < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(ms);
}

} // namespace

QStringList timelineCsvColumns()
{
    return { QStringLiteral("id"), QStringLiteral("watch_id"), QStringLiteral("url"), QStringLiteral("time"),
        QStringLiteral("status"), QStringLiteral("error"), QStringLiteral("if_none_match"),
        QStringLiteral("if_modified_since"), QStringLiteral("etag"), QStringLiteral("last_modified"),
        QStringLiteral("content_changed"), QStringLiteral("ttfb_ms"), QStringLiteral("total_ms"),
        QStringLiteral("response_headers"), QStringLiteral("response_body_wire"), QStringLiteral("wire_total"),
        QStringLiteral("decoded_body"), QStringLiteral("saved"), QStringLiteral("notes") };
}

QByteArray timelineToCsv(const QList<TimelineEvent> &events)
{
    const QString lineEnd = QStringLiteral("\r\n");
    QString csv = timelineCsvColumns().join(QLatin1Char(',')) + lineEnd;
    for (const TimelineEvent &event : events) {
        const QStringList fields {
            numberOrEmpty(event.id, 1),
            numberOrEmpty(event.watchId, 1),
            event.url.toString(QUrl::FullyEncoded),
            isoTime(event.time),
            numberOrEmpty(event.status, 1),
            event.error,
            QString::fromLatin1(event.sentIfNoneMatch),
            QString::fromLatin1(event.sentIfModifiedSince),
            QString::fromLatin1(event.receivedEtag),
            QString::fromLatin1(event.receivedLastModified),
            contentChangeName(event.contentChanged),
            numberOrEmpty(event.ttfbMs, 0),
            numberOrEmpty(event.totalMs, 0),
            QString::number(event.responseHeaderBytes),
            QString::number(event.responseBodyWireBytes),
            QString::number(event.wireBytes()),
            QString::number(event.decodedBodyBytes),
            QString::number(event.bytesSaved),
            notesText(event.notes),
        };
        QStringList quotedFields;
        quotedFields.reserve(fields.size());
        for (const QString &field : fields)
            quotedFields.append(csvField(field));
        csv += quotedFields.join(QLatin1Char(',')) + lineEnd;
    }
    return csv.toUtf8();
}

// {"id", "watch_id", "url", "time", "status", "error", "validators_sent": {"if_none_match", "if_modified_since"},
//  "validators_received": {"etag", "last_modified"}, "content_changed", "timing": {"ttfb_ms", "total_ms"},
//  "bytes": {"response_headers", "response_body_wire", "wire_total", "decoded_body", "saved"},
//  "notes": [{"severity", "code", "text"}]}. Absent values are null, never missing keys.
QJsonObject timelineEventToJson(const TimelineEvent &event)
{
    QJsonArray notes;
    for (const TimelineNote &note : event.notes) {
        notes.append(QJsonObject { { QStringLiteral("severity"), noteSeverityName(note.severity) },
            { QStringLiteral("code"), note.code }, { QStringLiteral("text"), note.text } });
    }
    const QJsonValue null(QJsonValue::Null);
    return QJsonObject {
        { QStringLiteral("id"), event.id > 0 ? QJsonValue(event.id) : null },
        { QStringLiteral("watch_id"), event.watchId > 0 ? QJsonValue(event.watchId) : null },
        { QStringLiteral("url"), event.url.toString(QUrl::FullyEncoded) },
        { QStringLiteral("time"), event.time.isValid() ? QJsonValue(isoTime(event.time)) : null },
        { QStringLiteral("status"), event.isError() ? null : QJsonValue(event.status) },
        { QStringLiteral("error"), event.error.isEmpty() ? null : QJsonValue(event.error) },
        { QStringLiteral("validators_sent"),
            QJsonObject { { QStringLiteral("if_none_match"), latin1OrNull(event.sentIfNoneMatch) },
                { QStringLiteral("if_modified_since"), latin1OrNull(event.sentIfModifiedSince) } } },
        { QStringLiteral("validators_received"),
            QJsonObject { { QStringLiteral("etag"), latin1OrNull(event.receivedEtag) },
                { QStringLiteral("last_modified"), latin1OrNull(event.receivedLastModified) } } },
        { QStringLiteral("content_changed"), contentChangeName(event.contentChanged) },
        { QStringLiteral("timing"),
            QJsonObject { { QStringLiteral("ttfb_ms"), msOrNull(event.ttfbMs) },
                { QStringLiteral("total_ms"), msOrNull(event.totalMs) } } },
        { QStringLiteral("bytes"),
            QJsonObject { { QStringLiteral("response_headers"), event.responseHeaderBytes },
                { QStringLiteral("response_body_wire"), event.responseBodyWireBytes },
                { QStringLiteral("wire_total"), event.wireBytes() },
                { QStringLiteral("decoded_body"), event.decodedBodyBytes },
                { QStringLiteral("saved"), event.bytesSaved } } },
        { QStringLiteral("notes"), notes },
    };
}

QJsonObject timelineTotalsToJson(const TimelineTotals &totals)
{
    return QJsonObject {
        { QStringLiteral("requests"), totals.requests },
        { QStringLiteral("ok"), totals.ok },
        { QStringLiteral("not_modified"), totals.notModified },
        { QStringLiteral("others"), totals.others },
        { QStringLiteral("errors"), totals.errors },
        { QStringLiteral("bytes_transferred"), totals.bytesTransferred },
        { QStringLiteral("bytes_saved"), totals.bytesSaved },
        { QStringLiteral("saved_share"), totals.savedShare() },
    };
}

} // namespace CacheScope
