#include "timelineoutput.h"

#include "output.h"
#include "util/jsontext.h"

#include <algorithm>
#include <QJsonArray>
#include <QJsonDocument>

namespace CacheScope::Cli {

namespace {

void appendNumberOrNull(QByteArray &out, bool present, qint64 value)
{
    out += present ? QByteArray::number(value) : QByteArray("null");
}

void appendLatin1OrNull(QByteArray &out, const QByteArray &value)
{
    if (value.isEmpty())
        out += "null";
    else
        appendJsonLatin1String(out, value);
}

QString validatorsUsed(const TimelineEvent &event)
{
    QStringList used;
    if (!event.sentIfNoneMatch.isEmpty())
        used.append(QStringLiteral("If-None-Match"));
    if (!event.sentIfModifiedSince.isEmpty())
        used.append(QStringLiteral("If-Modified-Since"));
    return used.isEmpty() ? QStringLiteral("none") : used.join(QLatin1Char('+'));
}

QString percent(double share)
{
    return QStringLiteral("%1%").arg(share * 100.0, 0, 'f', 1);
}

QString totalsRow(const QString &label, const TimelineTotals &t)
{
    return QStringLiteral("%1  requests %2, 200: %3, 304: %4, other: %5, errors: %6, transferred %7, saved %8 (%9)")
        .arg(label)
        .arg(t.requests)
        .arg(t.ok)
        .arg(t.notModified)
        .arg(t.others)
        .arg(t.errors)
        .arg(formatBytes(t.bytesTransferred), formatBytes(t.bytesSaved), percent(t.savedShare()));
}

} // namespace

QByteArray timelineEventJsonLine(const TimelineEvent &event)
{
    // Keys in QJsonObject's order (sorted), so the line is byte for byte what QJsonDocument wrote.
    QByteArray out;
    out.reserve(512);
    out += "{\"bytes\":{\"decoded_body\":" + QByteArray::number(event.decodedBodyBytes);
    out += ",\"response_body_wire\":" + QByteArray::number(event.responseBodyWireBytes);
    out += ",\"response_headers\":" + QByteArray::number(event.responseHeaderBytes);
    out += ",\"saved\":" + QByteArray::number(event.bytesSaved);
    out += ",\"wire_total\":" + QByteArray::number(event.wireBytes());
    out += "},\"content_changed\":";
    appendJsonString(out, contentChangeName(event.contentChanged));
    out += ",\"error\":";
    if (event.error.isEmpty())
        out += "null";
    else
        appendJsonString(out, event.error);
    out += ",\"id\":";
    appendNumberOrNull(out, event.id > 0, event.id);
    out += ",\"notes\":";
    appendNotesJson(out, event.notes);
    out += ",\"status\":";
    appendNumberOrNull(out, !event.isError(), event.status);
    out += ",\"time\":";
    if (event.time.isValid())
        appendJsonIsoTime(out, event.time);
    else
        out += "null";
    out += ",\"timing\":{\"total_ms\":";
    appendNumberOrNull(out, event.totalMs >= 0, event.totalMs);
    out += ",\"ttfb_ms\":";
    appendNumberOrNull(out, event.ttfbMs >= 0, event.ttfbMs);
    out += "},\"url\":";
    appendJsonString(out, event.url.toString(QUrl::FullyEncoded));
    out += ",\"validators_received\":{\"etag\":";
    appendLatin1OrNull(out, event.receivedEtag);
    out += ",\"last_modified\":";
    appendLatin1OrNull(out, event.receivedLastModified);
    out += "},\"validators_sent\":{\"if_modified_since\":";
    appendLatin1OrNull(out, event.sentIfModifiedSince);
    out += ",\"if_none_match\":";
    appendLatin1OrNull(out, event.sentIfNoneMatch);
    out += "},\"watch_id\":";
    appendNumberOrNull(out, event.watchId > 0, event.watchId);
    out += '}';
    return out;
}

QString timelineEventLine(const TimelineEvent &event)
{
    const QString time = event.time.isValid() ? event.time.toUTC().toString(Qt::ISODateWithMs) : QStringLiteral("-");
    const QString status = event.isError()
        ? QStringLiteral("error (%1)").arg(event.error.isEmpty() ? QStringLiteral("no response") : event.error)
        : QString::number(event.status);
    QString line = QStringLiteral("%1  %2  %3  sent %4  wire %5  saved %6  changed %7  notes %8")
                       .arg(time, event.url.toString(), status, validatorsUsed(event), formatBytes(event.wireBytes()),
                           formatBytes(event.bytesSaved), contentChangeName(event.contentChanged))
                       .arg(event.notes.size());
    // A body cut at --max-body is said on the line itself: otherwise the 200 reads as a normal one that was
    // simply not stored, and the sizes (the whole body's) hide that only its start was kept.
    for (const TimelineNote &note : event.notes) {
        if (note.code == QLatin1String("body-truncated"))
            line += QStringLiteral("  TRUNCATED: ") + note.text;
    }
    return line;
}

QJsonObject timelineSummaryToJson(const TimelineSummary &summary)
{
    QJsonArray urls;
    for (const QUrl &url : summary.urls()) {
        QJsonObject row = timelineTotalsToJson(summary.forUrl(url));
        row.insert(QStringLiteral("url"), url.toString(QUrl::FullyEncoded));
        urls.append(row);
    }
    return QJsonObject { { QStringLiteral("urls"), urls },
        { QStringLiteral("overall"), timelineTotalsToJson(summary.overall()) } };
}

void printTimelineSummary(const TimelineSummary &summary)
{
    out() << "\nSummary\n";
    for (const QUrl &url : summary.urls())
        out() << totalsRow(url.toString(), summary.forUrl(url)) << '\n';
    out() << totalsRow(QStringLiteral("overall"), summary.overall()) << '\n';
    out().flush();
}

} // namespace CacheScope::Cli
