#include "timelinemodel.h"

#include "formatting.h"

#include <QColor>
#include <QLocale>
#include <QStringList>

namespace CacheScope {

namespace {

QString localTime(const QDateTime &time)
{
    if (!time.isValid())
        return QStringLiteral("\u2014");
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString changeText(ContentChange change)
{
    switch (change) {
    case ContentChange::Yes:
        return QStringLiteral("changed");
    case ContentChange::No:
        return QStringLiteral("unchanged");
    case ContentChange::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString notesText(const QList<TimelineNote> &notes)
{
    QStringList texts;
    for (const TimelineNote &note : notes)
        texts << note.text;
    return texts.join(QStringLiteral("; "));
}

int worstSeverity(const QList<TimelineNote> &notes)
{
    int worst = -1;
    for (const TimelineNote &note : notes)
        worst = qMax(worst, int(note.severity));
    return worst;
}

} // namespace

TimelineModel::TimelineModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void TimelineModel::setEvents(const QList<TimelineEvent> &events)
{
    beginResetModel();
    m_events = events;
    endResetModel();
}

TimelineEvent TimelineModel::event(int row) const
{
    if (row < 0 || row >= m_events.size())
        return {};
    return m_events.at(row);
}

int TimelineModel::rowOfId(qint64 id) const
{
    for (int row = 0; row < m_events.size(); ++row) {
        if (m_events.at(row).id == id)
            return row;
    }
    return -1;
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int TimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TimelineEvent &event = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(event, index.column());
    case SortRole:
        return sortValue(event, index.column());
    case EventIdRole:
        return event.id;
    case Qt::ToolTipRole:
        return describe(event);
    case Qt::TextAlignmentRole:
        if (index.column() == WireColumn || index.column() == SavedColumn || index.column() == TimingColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn && event.isError())
            return QColor(0xd0, 0x3b, 0x3b);
        if (index.column() == NotesColumn && worstSeverity(event.notes) == int(NoteSeverity::Error))
            return QColor(0xd0, 0x3b, 0x3b);
        return {};
    default:
        return {};
    }
}

QVariant TimelineModel::display(const TimelineEvent &event, int column) const
{
    switch (column) {
    case TimeColumn:
        return localTime(event.time);
    case StatusColumn:
        return statusText(event);
    case ValidatorColumn:
        return validatorsSent(event);
    case WireColumn:
        return event.isError() ? QStringLiteral("\u2014") : Display::bytes(event.wireBytes());
    case SavedColumn:
        return event.bytesSaved > 0 ? Display::bytes(event.bytesSaved) : QString();
    case ChangeColumn:
        return event.isError() ? QString() : changeText(event.contentChanged);
    case TimingColumn:
        return QStringLiteral("%1 / %2").arg(Display::milliseconds(event.ttfbMs), Display::milliseconds(event.totalMs));
    case NotesColumn:
        return notesText(event.notes);
    default:
        return {};
    }
}

QVariant TimelineModel::sortValue(const TimelineEvent &event, int column) const
{
    switch (column) {
    case TimeColumn:
        return event.time;
    case StatusColumn:
        return event.status;
    case ValidatorColumn:
        return validatorsSent(event);
    case WireColumn:
        return event.wireBytes();
    case SavedColumn:
        return event.bytesSaved;
    case ChangeColumn:
        return int(event.contentChanged);
    case TimingColumn:
        return event.totalMs;
    case NotesColumn:
        return worstSeverity(event.notes) * 1000 + event.notes.size();
    default:
        return {};
    }
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return QStringLiteral("Time");
    case StatusColumn:
        return QStringLiteral("Status");
    case ValidatorColumn:
        return QStringLiteral("Validators sent");
    case WireColumn:
        return QStringLiteral("On the wire");
    case SavedColumn:
        return QStringLiteral("Saved");
    case ChangeColumn:
        return QStringLiteral("Content");
    case TimingColumn:
        return QStringLiteral("TTFB / total");
    case NotesColumn:
        return QStringLiteral("Notes");
    default:
        return {};
    }
}

QString TimelineModel::validatorsSent(const TimelineEvent &event)
{
    QStringList sent;
    if (!event.sentIfNoneMatch.isEmpty())
        sent << QStringLiteral("If-None-Match");
    if (!event.sentIfModifiedSince.isEmpty())
        sent << QStringLiteral("If-Modified-Since");
    return sent.isEmpty() ? QStringLiteral("none") : sent.join(QStringLiteral(" + "));
}

QString TimelineModel::statusText(const TimelineEvent &event)
{
    if (event.isError())
        return event.error.isEmpty() ? QStringLiteral("error") : QStringLiteral("error: %1").arg(event.error);
    return QString::number(event.status);
}

QString TimelineModel::describe(const TimelineEvent &event)
{
    QStringList lines;
    lines << QStringLiteral("%1  %2").arg(localTime(event.time), statusText(event));
    if (!event.isError()) {
        lines << QStringLiteral("On the wire: %1 (headers %2 + body %3)")
                     .arg(Display::bytes(event.wireBytes()), Display::bytes(event.responseHeaderBytes),
                         Display::bytes(event.responseBodyWireBytes));
        if (event.bytesSaved > 0)
            lines << QStringLiteral("Saved: %1 (a full response would have been %2)")
                         .arg(Display::bytes(event.bytesSaved), Display::bytes(event.wireBytes() + event.bytesSaved));
        lines << QStringLiteral("Content: %1").arg(changeText(event.contentChanged));
    }
    lines << QStringLiteral("Sent: %1").arg(validatorsSent(event));
    if (!event.sentIfNoneMatch.isEmpty())
        lines << QStringLiteral("  If-None-Match: %1").arg(QString::fromLatin1(event.sentIfNoneMatch));
    if (!event.sentIfModifiedSince.isEmpty())
        lines << QStringLiteral("  If-Modified-Since: %1").arg(QString::fromLatin1(event.sentIfModifiedSince));
    if (!event.receivedEtag.isEmpty())
        lines << QStringLiteral("Received ETag: %1").arg(QString::fromLatin1(event.receivedEtag));
    if (!event.receivedLastModified.isEmpty())
        lines << QStringLiteral("Received Last-Modified: %1").arg(QString::fromLatin1(event.receivedLastModified));
    if (event.ttfbMs >= 0 || event.totalMs >= 0)
        lines << QStringLiteral("TTFB %1 \u00b7 total %2")
                     .arg(Display::milliseconds(event.ttfbMs), Display::milliseconds(event.totalMs));
    for (const TimelineNote &note : event.notes)
        lines << QStringLiteral("[%1] %2").arg(noteSeverityName(note.severity), note.text);
    return lines.join(QLatin1Char('\n'));
}

} // namespace CacheScope
