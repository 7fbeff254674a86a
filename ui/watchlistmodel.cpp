#include "watchlistmodel.h"

#include "formatting.h"

#include <QColor>
#include <QIcon>
#include <QPainter>
#include <QPixmap>
#include <utility>

namespace CacheScope {

namespace {

bool isActive(WatchState state)
{
    return state == WatchState::InFlight || state == WatchState::Due;
}

QColor dotColor(const WatchListModel::Row &row)
{
    if (row.paused || row.status.state == WatchState::Paused)
        return QColor(0x9e, 0x9e, 0x9e);
    if (row.status.state == WatchState::BackingOff || row.status.state == WatchState::RetryAfter)
        return QColor(0xef, 0x8f, 0x00);
    if (isActive(row.status.state))
        return QColor(0x2e, 0x9d, 0x4f);
    return QColor(0x4c, 0xaf, 0x50).lighter(115);
}

// The live indicator: a filled dot while a request runs, a ring while waiting for the next one.
QIcon dotIcon(const WatchListModel::Row &row)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor color = dotColor(row);
    painter.setPen(QPen(color, 2));
    painter.setBrush(isActive(row.status.state) && !row.paused ? QBrush(color) : QBrush(Qt::NoBrush));
    painter.drawEllipse(QRectF(2, 2, 8, 8));
    painter.end();
    return QIcon(pixmap);
}

} // namespace

WatchListModel::WatchListModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void WatchListModel::addItem(
    qint64 id, const QUrl &url, const TimelineTotals &totals, const std::optional<TimelineEvent> &last)
{
    Row row;
    row.id = id;
    row.url = url;
    row.status.id = id;
    row.totals = totals;
    if (last) {
        row.lastStatus = last->status;
        row.lastError = last->error;
    }
    if (const int existing = rowOf(id); existing >= 0) {
        row.status = m_rows.at(existing).status;
        row.paused = m_rows.at(existing).paused;
        m_rows[existing] = row;
        emitRowChanged(existing);
        return;
    }
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
    m_rows.append(row);
    endInsertRows();
}

void WatchListModel::addItemReading(qint64 id, const QUrl &url)
{
    addItem(id, url);
    const int index = rowOf(id);
    m_rows[index].reading = true;
    emitRowChanged(index);
}

void WatchListModel::setStoredTotals(qint64 id, const std::optional<StoreUrlSummary> &stored, const QString &error)
{
    const int index = rowOf(id);
    if (index < 0 || !m_rows.at(index).reading)
        return;
    Row &row = m_rows[index];
    const QList<TimelineEvent> seen = std::exchange(row.seenWhileReading, {});
    row.reading = false;
    row.totals = {};
    row.totalsError = stored ? QString() : error;
    if (stored) {
        row.totals = stored->totals;
        if (stored->last && seen.isEmpty()) {
            row.lastStatus = stored->last->status;
            row.lastError = stored->last->error;
        }
    }
    const qint64 counted = stored ? stored->maxEventId : 0;
    for (const TimelineEvent &event : seen) {
        if (event.id == 0 || event.id > counted)
            row.totals.add(event);
    }
    emitRowChanged(index);
}

bool WatchListModel::removeItem(qint64 id)
{
    const int index = rowOf(id);
    if (index < 0)
        return false;
    beginRemoveRows({}, index, index);
    m_rows.removeAt(index);
    endRemoveRows();
    return true;
}

void WatchListModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void WatchListModel::setStatus(const WatchStatus &status)
{
    const int index = rowOf(status.id);
    if (index < 0)
        return;
    m_rows[index].status = status;
    m_rows[index].paused = status.state == WatchState::Paused;
    emitRowChanged(index);
}

void WatchListModel::setPaused(qint64 id, bool paused)
{
    const int index = rowOf(id);
    if (index < 0)
        return;
    m_rows[index].paused = paused;
    emitRowChanged(index);
}

void WatchListModel::addEvent(const TimelineEvent &event)
{
    const int index = rowOf(event.watchId);
    if (index < 0)
        return;
    Row &row = m_rows[index];
    row.totals.add(event);
    if (row.reading)
        row.seenWhileReading.append(event);
    row.lastStatus = event.status;
    row.lastError = event.error;
    emitRowChanged(index);
}

int WatchListModel::rowOf(qint64 id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == id)
            return i;
    }
    return -1;
}

QString WatchListModel::stateText(const Row &row)
{
    // The scheduler's reason says the most ("done: 3 exchanges", "next in 12 s"); the state is the fallback.
    if (!row.status.reason.isEmpty())
        return row.status.reason;
    if (row.paused || row.status.state == WatchState::Paused)
        return QStringLiteral("paused");
    return isActive(row.status.state) ? QStringLiteral("revalidating") : QStringLiteral("watching");
}

int WatchListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int WatchListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WatchListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const TimelineTotals &totals = row.totals;
    const double share = totals.requests > 0 ? double(totals.notModified) / double(totals.requests) : 0.0;
    switch (role) {
    case IdRole:
        return row.id;
    case UrlRole:
        return row.url;
    case StateRole:
        return int(row.status.state);
    case LiveRole:
        return !row.paused && row.status.state != WatchState::Paused;
    case Qt::DecorationRole:
        return index.column() == UrlColumn ? QVariant(dotIcon(row)) : QVariant();
    case Qt::ToolTipRole:
        if (row.reading)
            return QStringLiteral("%1\n%2\nReading the stored totals\u2026")
                .arg(row.url.toDisplayString(), stateText(row));
        return QStringLiteral("%1\n%2\n%3 requests: %4 \u00d7 200, %5 \u00d7 304, %6 other, %7 errors\n"
                              "%8 transferred, %9 saved%10")
            .arg(row.url.toDisplayString(), stateText(row))
            .arg(totals.requests)
            .arg(totals.ok)
            .arg(totals.notModified)
            .arg(totals.others)
            .arg(totals.errors)
            .arg(Display::bytes(totals.bytesTransferred), Display::bytes(totals.bytesSaved),
                row.totalsError.isEmpty()
                    ? QString()
                    : QStringLiteral("\nCounted since the window opened: the stored totals could not be read (%1)")
                          .arg(row.totalsError));
    case Qt::TextAlignmentRole:
        return index.column() == UrlColumn ? QVariant() : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    case SortRole:
        switch (index.column()) {
        case UrlColumn:
            return row.url.toDisplayString();
        case StatusColumn:
            return row.lastStatus;
        case ShareColumn:
            return share;
        case SavedColumn:
            return totals.bytesSaved;
        }
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case UrlColumn:
            return row.url.toDisplayString();
        case StatusColumn:
            if (row.lastStatus > 0)
                return QString::number(row.lastStatus);
            if (!row.lastError.isEmpty())
                return QStringLiteral("error");
            return row.reading ? QStringLiteral("\u2026") : QStringLiteral("\u2014");
        case ShareColumn:
            if (row.reading)
                return QStringLiteral("\u2026");
            return totals.requests > 0 ? QStringLiteral("%1%").arg(qRound(share * 100)) : QStringLiteral("\u2014");
        case SavedColumn:
            return row.reading ? QStringLiteral("\u2026") : Display::bytes(totals.bytesSaved);
        }
        return {};
    }
    return {};
}

QVariant WatchListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        static const char *const titles[] = { "URL", "Last", "304s", "Saved" };
        return QString::fromLatin1(titles[section]);
    }
    if (role == Qt::ToolTipRole) {
        static const char *const tips[] = { "The watched URL; the dot is filled while a request runs, grey when paused",
            "The last status", "The share of requests answered 304 Not Modified",
            "Bytes the 304s saved against downloading the stored response again" };
        return QString::fromLatin1(tips[section]);
    }
    return {};
}

void WatchListModel::emitRowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace CacheScope
