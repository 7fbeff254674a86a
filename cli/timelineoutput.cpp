#include "timelineoutput.h"

#include "output.h"

#include <QJsonArray>

namespace CacheScope::Cli {

namespace {

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

QString timelineEventLine(const TimelineEvent &event)
{
    const QString time = event.time.isValid() ? event.time.toUTC().toString(Qt::ISODateWithMs) : QStringLiteral("-");
    const QString status = event.isError()
        ? QStringLiteral("error (%1)").arg(event.error.isEmpty() ? QStringLiteral("no response") : event.error)
        : QString::number(event.status);
    return QStringLiteral("%1  %2  %3  sent %4  wire %5  saved %6  changed %7  notes %8")
        .arg(time, event.url.toString(), status, validatorsUsed(event), formatBytes(event.wireBytes()),
            formatBytes(event.bytesSaved), contentChangeName(event.contentChanged))
        .arg(event.notes.size());
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
