#include "timelinerows.h"

#include "cache/storeschema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace CacheScope {

using namespace StoreSchema;

namespace {

const QString columns = QStringLiteral(
    "id, watch_id, url, time, status, error, sent_if_none_match, sent_if_modified_since, received_etag, "
    "received_last_modified, content_changed, ttfb_ms, total_ms, response_header_bytes, response_body_wire_bytes, "
    "decoded_body_bytes, bytes_saved, notes, request_method, request_headers, response_http_version, response_reason, "
    "response_headers");

// For NOT NULL blob columns: Qt binds a null QByteArray as SQL NULL.
QByteArray blob(const QByteArray &bytes)
{
    return bytes.isNull() ? QByteArray("") : bytes;
}

// Stable numbers on disk, independent of the enum's order in the header.
int changeToSql(ContentChange change)
{
    switch (change) {
    case ContentChange::Unknown:
        return 0;
    case ContentChange::No:
        return 1;
    case ContentChange::Yes:
        return 2;
    }
    return 0;
}

std::optional<ContentChange> changeFromSql(qint64 value)
{
    switch (value) {
    case 0:
        return ContentChange::Unknown;
    case 1:
        return ContentChange::No;
    case 2:
        return ContentChange::Yes;
    default:
        return std::nullopt;
    }
}

std::optional<NoteSeverity> severityFromName(const QString &name)
{
    for (NoteSeverity severity : { NoteSeverity::Info, NoteSeverity::Warning, NoteSeverity::Error }) {
        if (noteSeverityName(severity) == name)
            return severity;
    }
    return std::nullopt;
}

QString notesToSql(const QList<TimelineNote> &notes)
{
    QByteArray json;
    json.reserve(64 + 256 * notes.size());
    appendNotesJson(json, notes);
    return QString::fromUtf8(json);
}

std::optional<QList<TimelineNote>> notesFromSql(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isArray())
        return std::nullopt;
    QList<TimelineNote> notes;
    for (const QJsonValue &value : document.array()) {
        const QJsonObject object = value.toObject();
        const auto severity = severityFromName(object.value(QStringLiteral("severity")).toString());
        if (!value.isObject() || !severity)
            return std::nullopt;
        notes.append({ *severity, object.value(QStringLiteral("code")).toString(),
            object.value(QStringLiteral("text")).toString() });
    }
    return notes;
}

} // namespace

std::optional<TimelineEvent> TimelineRows::eventFromRow(const QSqlQuery &q, QString *problem)
{
    TimelineEvent event;
    qint64 numbers[9] = {};
    const int numberColumns[9] = { 1, 4, 10, 11, 12, 13, 14, 15, 16 };
    event.id = q.value(0).toLongLong();
    for (int i = 0; i < 9; ++i) {
        if (!readInteger(q, numberColumns[i], &numbers[i])) {
            *problem
                = QStringLiteral("timeline event %1: column %2 is not a number").arg(event.id).arg(numberColumns[i]);
            return std::nullopt;
        }
    }
    event.watchId = numbers[0];
    event.status = int(numbers[1]);
    const auto change = changeFromSql(numbers[2]);
    event.url = QUrl(q.value(2).toString(), QUrl::StrictMode);
    const auto notes = notesFromSql(q.value(17).toString());
    if (!event.url.isValid() || event.url.isEmpty())
        *problem = QStringLiteral("timeline event %1: invalid URL '%2'").arg(event.id).arg(q.value(2).toString());
    else if (!change)
        *problem = QStringLiteral("timeline event %1: unknown content-change value %2").arg(event.id).arg(numbers[2]);
    else if (!notes)
        *problem = QStringLiteral("timeline event %1: the notes are not a JSON array of notes").arg(event.id);
    if (!problem->isEmpty())
        return std::nullopt;
    event.contentChanged = *change;
    event.notes = *notes;
    event.time = timeFromSql(q.value(3));
    event.error = q.value(5).toString();
    event.sentIfNoneMatch = q.value(6).toByteArray();
    event.sentIfModifiedSince = q.value(7).toByteArray();
    event.receivedEtag = q.value(8).toByteArray();
    event.receivedLastModified = q.value(9).toByteArray();
    event.ttfbMs = numbers[3];
    event.totalMs = numbers[4];
    event.responseHeaderBytes = numbers[5];
    event.responseBodyWireBytes = numbers[6];
    event.decodedBodyBytes = numbers[7];
    event.bytesSaved = numbers[8];
    event.requestMethod = q.value(18).toByteArray();
    event.requestHeaders = decodeHeaders(q.value(19).toByteArray());
    event.responseHttpVersion = q.value(20).toByteArray();
    event.responseStatusText = q.value(21).toByteArray();
    event.responseHeaders = decodeHeaders(q.value(22).toByteArray());
    return event;
}

QString TimelineRows::urlKey(const QUrl &url)
{
    return url.toString(QUrl::FullyEncoded);
}

bool TimelineRows::readEvents(const QSqlDatabase &db, const std::optional<QUrl> &url, int limit,
    QList<TimelineEvent> *events, QStringList *problems, QString *error, const std::function<bool()> &cancelled)
{
    // The newest `limit` rows, returned oldest first.
    const QString inner = QStringLiteral("SELECT %1 FROM timeline_events %2 ORDER BY time DESC, id DESC%3")
                              .arg(eventColumns(), url ? QStringLiteral("WHERE url = ?") : QString(),
                                  limit > 0 ? QStringLiteral(" LIMIT %1").arg(limit) : QString());
    QSqlQuery query(db);
    query.setForwardOnly(true);
    const QString what = QStringLiteral("read the timeline");
    if (!query.prepare(QStringLiteral("SELECT * FROM (%1) ORDER BY time, id").arg(inner))) {
        *error = describeError(query.lastError(), what);
        return false;
    }
    if (url)
        query.addBindValue(urlKey(*url));
    if (!query.exec()) {
        *error = describeError(query.lastError(), what);
        return false;
    }
    // Checked every so many rows: often enough to stop a read of a week of events within milliseconds.
    constexpr int CancelCheckRows = 512;
    for (int row = 1; query.next(); ++row) {
        QString problem;
        if (auto event = eventFromRow(query, &problem))
            events->append(*event);
        else if (problems)
            problems->append(problem);
        if (cancelled && row % CancelCheckRows == 0 && cancelled()) {
            *error = QStringLiteral("cannot read the timeline: the read was cancelled");
            return false;
        }
    }
    if (query.lastError().isValid()) {
        *error = describeError(query.lastError(), what);
        return false;
    }
    return true;
}

bool TimelineRows::readTotals(
    const QSqlDatabase &db, const std::optional<QUrl> &url, TimelineTotals *totals, qint64 *maxId, QString *error)
{
    // The same rules as TimelineTotals::add(): no response is an error, negative sizes count as 0.
    const QString sql = QStringLiteral("SELECT COUNT(*), "
                                       "TOTAL(CASE WHEN status = 200 THEN 1 ELSE 0 END), "
                                       "TOTAL(CASE WHEN status = 304 THEN 1 ELSE 0 END), "
                                       "TOTAL(CASE WHEN status > 0 AND status NOT IN (200, 304) THEN 1 ELSE 0 END), "
                                       "TOTAL(CASE WHEN status <= 0 THEN 1 ELSE 0 END), "
                                       "TOTAL(MAX(0, response_header_bytes + response_body_wire_bytes)), "
                                       "TOTAL(MAX(0, bytes_saved)), COALESCE(MAX(id), 0) FROM timeline_events%1")
                            .arg(url ? QStringLiteral(" WHERE url = ?") : QString());
    const QString what = QStringLiteral("total the timeline");
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        *error = describeError(query.lastError(), what);
        return false;
    }
    if (url)
        query.addBindValue(urlKey(*url));
    if (!query.exec()) {
        *error = describeError(query.lastError(), what);
        return false;
    }
    if (!query.next()) {
        *error = QStringLiteral("cannot %1: no result").arg(what);
        return false;
    }
    totals->requests = query.value(0).toLongLong();
    totals->ok = qint64(query.value(1).toDouble());
    totals->notModified = qint64(query.value(2).toDouble());
    totals->others = qint64(query.value(3).toDouble());
    totals->errors = qint64(query.value(4).toDouble());
    totals->bytesTransferred = qint64(query.value(5).toDouble());
    totals->bytesSaved = qint64(query.value(6).toDouble());
    *maxId = query.value(7).toLongLong();
    return true;
}

QString TimelineRows::eventColumns()
{
    return columns;
}

bool TimelineRows::readInteger(const QSqlQuery &q, int column, qint64 *value)
{
    const QVariant v = q.value(column);
    if (v.isNull())
        return false;
    bool ok = false;
    *value = v.toLongLong(&ok);
    return ok;
}

QVariantList TimelineRows::eventValues(const TimelineEvent &event, const QString &url)
{
    return { event.watchId, url, timeToSql(event.time), event.status,
        event.error.isNull() ? QStringLiteral("") : event.error, blob(event.sentIfNoneMatch),
        blob(event.sentIfModifiedSince), blob(event.receivedEtag), blob(event.receivedLastModified),
        changeToSql(event.contentChanged), event.ttfbMs, event.totalMs, event.responseHeaderBytes,
        event.responseBodyWireBytes, event.decodedBodyBytes, event.bytesSaved, notesToSql(event.notes),
        blob(event.requestMethod), encodeHeaders(event.requestHeaders), blob(event.responseHttpVersion),
        blob(event.responseStatusText), encodeHeaders(event.responseHeaders) };
}

} // namespace CacheScope
