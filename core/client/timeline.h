#pragma once

#include "http/httpheaders.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

namespace CacheScope {

struct Exchange;

// Did the representation change between the stored response and a new 200? Unknown when there is nothing
// to compare (first fetch, no validators and no body hash on one side).
enum class ContentChange
{
    Unknown,
    No,
    Yes
};

enum class NoteSeverity
{
    Info,
    Warning,
    Error
};

// One finding about one exchange, for the timeline's "diagnosis" column. `code` is stable and
// machine-readable (kebab-case), `text` a sentence for people.
struct TimelineNote
{
    NoteSeverity severity = NoteSeverity::Info;
    QString code;
    QString text;
    friend bool operator==(const TimelineNote &, const TimelineNote &) = default;
};

// One revalidation (or one-off request) as the timeline records it: what was sent, what came back, what it
// cost and what it saved. A value type: the store keeps rows of it, the UI lists it, the CLI prints it.
struct TimelineEvent
{
    qint64 id = 0; // store row id; 0 until stored
    qint64 watchId = 0; // the watched item that produced it; 0 for a one-off request
    QUrl url;
    QDateTime time; // UTC, when the request was started
    int status = 0; // final status; 0 when there was no response (see error)
    QString error; // why there was no response; empty otherwise

    QByteArray sentIfNoneMatch; // as sent; empty when not sent
    QByteArray sentIfModifiedSince;
    QByteArray receivedEtag; // as received; empty when absent
    QByteArray receivedLastModified;

    ContentChange contentChanged = ContentChange::Unknown;

    qint64 ttfbMs = -1; // -1 when unknown
    qint64 totalMs = -1;
    qint64 responseHeaderBytes = 0; // status line + header block as received
    qint64 responseBodyWireBytes = 0; // body as received (compressed, framing included)
    qint64 decodedBodyBytes = 0;
    qint64 bytesSaved = 0; // for a 304: see bytesSavedBy304()

    QList<TimelineNote> notes;

    // The header blocks (no bodies), for exporting the exchange as it happened: the request as really sent
    // (what CacheScope added, the conditional headers included) and the final response as received. Empty
    // for events recorded before the store kept them (schema version 3). Secrets are kept as sent: the
    // store is the user's own; exports redact them.
    QByteArray requestMethod;
    HttpHeaders requestHeaders;
    QByteArray responseHttpVersion; // "HTTP/1.1"; empty when there was no response
    QByteArray responseStatusText; // the reason phrase as received
    HttpHeaders responseHeaders;

    qint64 wireBytes() const { return responseHeaderBytes + responseBodyWireBytes; }
    bool isError() const { return status <= 0; }
    friend bool operator==(const TimelineEvent &, const TimelineEvent &) = default;
};

// What a 304 saved: the full stored response's wire size minus the 304's wire size. Never negative: a 304
// that costs more than the full response saved nothing (and negative inputs count as 0).
qint64 bytesSavedBy304(qint64 storedFullWireSize, qint64 notModifiedWireSize);

// Fills what an exchange says about itself: url, start time, status or error, validators sent and received,
// timing and sizes, the request and response header blocks. Left to the caller: id, watchId, contentChanged, bytesSaved
// and notes, which need the stored entry.
TimelineEvent timelineEventFromExchange(const Exchange &exchange);

// Counters over a set of events. add() is incremental; fromEvents() is add() over a list.
struct TimelineTotals
{
    qint64 requests = 0;
    qint64 ok = 0; // 200
    qint64 notModified = 0; // 304
    qint64 others = 0; // any other status
    qint64 errors = 0; // no response
    qint64 bytesTransferred = 0; // response wire bytes (headers + body as received)
    qint64 bytesSaved = 0;

    void add(const TimelineEvent &event);
    // saved / (transferred + saved): the share of the traffic that revalidation avoided. 0 when both are 0.
    double savedShare() const;
    static TimelineTotals fromEvents(const QList<TimelineEvent> &events);
    friend bool operator==(const TimelineTotals &, const TimelineTotals &) = default;
};

// Totals per URL and overall, fed one event at a time. URLs are compared exactly as given.
class TimelineSummary
{
public:
    void add(const TimelineEvent &event);
    static TimelineSummary fromEvents(const QList<TimelineEvent> &events);

    const TimelineTotals &overall() const { return m_overall; }
    // Zero totals for a URL never seen.
    TimelineTotals forUrl(const QUrl &url) const;
    // In the order they were first seen.
    const QList<QUrl> &urls() const { return m_urls; }

private:
    TimelineTotals m_overall;
    QList<QUrl> m_urls;
    QHash<QUrl, TimelineTotals> m_perUrl;
};

// What is known about one version of a response, for deciding whether the content changed.
struct ContentVersion
{
    QByteArray etag; // ETag field value as received (W/ prefix and quotes included); empty when none
    QByteArray lastModified; // Last-Modified field value; empty when none
    QByteArray bodyHash; // any digest of the decoded body (the same kind on both sides); empty when unknown
};

struct ContentChangeVerdict
{
    ContentChange change = ContentChange::Unknown;
    QString reason; // one short sentence: what the decision rests on
    QList<TimelineNote> notes; // validator behaviour worth a diagnosis (empty when the server behaved)
};

// Decides whether a new 200 carries different content than the stored response. Body hashes, when both are
// known, are the ground truth and validators are checked against them; otherwise the ETag decides, then
// Last-Modified. A 304 is "no change" by definition and does not need this.
ContentChangeVerdict decideContentChange(const ContentVersion &stored, const ContentVersion &received);

// "yes", "no", "unknown" and "info", "warning", "error": the words used by CSV and JSON.
QString contentChangeName(ContentChange change);
QString noteSeverityName(NoteSeverity severity);
// Appends the notes as a JSON array of {"code", "severity", "text"}, byte for byte what QJsonDocument writes in
// Compact form (keys sorted), without building it: the timeline stores it and `watch --json` prints it for every
// event.
void appendNotesJson(QByteArray &out, const QList<TimelineNote> &notes);

// RFC 4180 CSV, UTF-8, CRLF line ends, with a header row. Fields that contain a comma, a double quote, CR
// or LF are quoted and their quotes doubled. Unknown timings are empty fields; notes are one field,
// "severity code: text" joined by "; ".
QByteArray timelineToCsv(const QList<TimelineEvent> &events);
// The CSV header row's field names, in order (the same names as the JSON keys where both exist).
QStringList timelineCsvColumns();

// The stable JSON form of one event (snake_case keys; see timeline.cpp for the shape) and of totals.
QJsonObject timelineEventToJson(const TimelineEvent &event);
QJsonObject timelineTotalsToJson(const TimelineTotals &totals);

} // namespace CacheScope
