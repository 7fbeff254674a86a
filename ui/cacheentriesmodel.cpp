#include "cacheentriesmodel.h"

#include "cache/freshness.h"
#include "formatting.h"
#include "http/httpdate.h"

#include <limits>
#include <QColor>
#include <QStringList>

namespace CacheScope {

namespace {

QString localTime(const QDateTime &time)
{
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString latin1(const QByteArray &value)
{
    return QString::fromLatin1(value);
}

} // namespace

CacheEntriesModel::CacheEntriesModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{ }

void CacheEntriesModel::setClock(std::function<QDateTime()> clock)
{
    m_clock = clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); };
    updateFreshness();
}

void CacheEntriesModel::setEntries(const QList<CacheEntrySummary> &entries)
{
    beginResetModel();
    m_entries = entries;
    m_freshness.clear();
    const QDateTime now = m_clock();
    m_freshness.reserve(entries.size());
    for (const CacheEntrySummary &entry : entries)
        m_freshness << freshnessOf(entry, now);
    endResetModel();
}

CacheEntrySummary CacheEntriesModel::entry(int row) const
{
    if (row < 0 || row >= m_entries.size())
        return {};
    return m_entries.at(row);
}

void CacheEntriesModel::updateFreshness()
{
    if (m_entries.isEmpty())
        return;
    const QDateTime now = m_clock();
    for (qsizetype row = 0; row < m_entries.size(); ++row)
        m_freshness[row] = freshnessOf(m_entries.at(row), now);
    Q_EMIT dataChanged(index(0, FreshnessColumn), index(int(m_entries.size()) - 1, FreshnessColumn));
}

Freshness CacheEntriesModel::freshnessOf(const CacheEntrySummary &summary, const QDateTime &now)
{
    CacheEntry entry;
    entry.id = summary.id;
    entry.method = summary.method;
    entry.url = summary.url;
    entry.status = summary.status;
    entry.responseHeaders = summary.headers;
    entry.requestTime = summary.requestTime;
    entry.responseTime = summary.responseTime;
    entry.storedAt = summary.storedAt;
    entry.lastValidated = summary.lastValidated;
    return computeFreshness(entry, now);
}

QString CacheEntriesModel::freshnessText(const Freshness &freshness)
{
    if (!freshness.valid)
        return QStringLiteral("unknown");
    QString text = freshness.fresh ? QStringLiteral("fresh for %1").arg(formatDuration(freshness.freshFor))
                                   : QStringLiteral("stale by %1").arg(formatDuration(freshness.staleBy));
    if (freshness.noCache)
        text += QStringLiteral(" \u00b7 no-cache");
    else if (!freshness.fresh && freshness.mustRevalidate)
        text += QStringLiteral(" \u00b7 must-revalidate");
    return text;
}

int CacheEntriesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int CacheEntriesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CacheEntriesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const CacheEntrySummary &entry = m_entries.at(row);
    const Freshness &freshness = m_freshness.at(row);
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case SortRole:
        return sortValue(row, index.column());
    case EntryIdRole:
        return entry.id;
    case UrlRole:
        return entry.url;
    case FreshRole:
        return freshness.reusableWithoutRevalidation();
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == FreshnessColumn && freshness.valid)
            return freshness.fresh ? QColor(0x2d, 0xa4, 0x4e) : QColor(0xc6, 0x6a, 0x00);
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case UrlColumn: {
            QString tip = QStringLiteral("%1 %2").arg(latin1(entry.method), entry.url.toDisplayString());
            if (!entry.secondaryKey.isEmpty())
                tip += QStringLiteral("\nVariant: %1").arg(latin1(entry.secondaryKey));
            return tip;
        }
        case FreshnessColumn: {
            QStringList lines { freshness.valid ? freshness.summary : freshness.problem };
            if (!freshness.lifetimeExplanation.isEmpty())
                lines << QStringLiteral("Lifetime: %1").arg(freshness.lifetimeExplanation);
            if (freshness.valid)
                lines << QStringLiteral("Age: %1").arg(formatDuration(freshness.currentAge));
            lines << freshness.notes;
            return lines.join(QLatin1Char('\n'));
        }
        case SizeColumn:
            return QStringLiteral("Stored body %1 \u00b7 full response on the wire %2")
                .arg(Display::bytes(entry.bodySize), Display::bytes(entry.wireSize()));
        case LastValidatedColumn:
            return QStringLiteral("Stored %1").arg(localTime(entry.storedAt));
        default:
            return display(row, index.column());
        }
    default:
        return {};
    }
}

QVariant CacheEntriesModel::display(int row, int column) const
{
    const CacheEntrySummary &entry = m_entries.at(row);
    switch (column) {
    case UrlColumn: {
        QString text = entry.url.toDisplayString();
        if (entry.method != "GET")
            text.prepend(latin1(entry.method) + QLatin1Char(' '));
        return text;
    }
    case StatusColumn:
        return entry.status;
    case EtagColumn:
        return latin1(entry.headers.first("ETag"));
    case LastModifiedColumn:
        return latin1(entry.headers.first("Last-Modified"));
    case FreshnessColumn:
        return freshnessText(m_freshness.at(row));
    case SizeColumn:
        return Display::bytes(entry.bodySize);
    case LastValidatedColumn:
        return entry.lastValidated.isValid() ? localTime(entry.lastValidated) : QStringLiteral("never");
    default:
        return {};
    }
}

QVariant CacheEntriesModel::sortValue(int row, int column) const
{
    const CacheEntrySummary &entry = m_entries.at(row);
    switch (column) {
    case StatusColumn:
        return entry.status;
    case LastModifiedColumn: {
        // By date when it parses; unparsable values sort first.
        const HttpDate date = parseHttpDate(entry.headers.first("Last-Modified"));
        return date.valid ? date.dateTime.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min();
    }
    case FreshnessColumn: {
        const Freshness &freshness = m_freshness.at(row);
        if (!freshness.valid)
            return std::numeric_limits<qint64>::min();
        return freshness.fresh ? freshness.freshFor : -freshness.staleBy;
    }
    case SizeColumn:
        return entry.bodySize;
    case LastValidatedColumn:
        return entry.lastValidated.isValid() ? entry.lastValidated.toMSecsSinceEpoch() : qint64(0);
    default:
        return display(row, column);
    }
}

QVariant CacheEntriesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case UrlColumn:
        return QStringLiteral("URL");
    case StatusColumn:
        return QStringLiteral("Status");
    case EtagColumn:
        return QStringLiteral("ETag");
    case LastModifiedColumn:
        return QStringLiteral("Last-Modified");
    case FreshnessColumn:
        return QStringLiteral("Freshness");
    case SizeColumn:
        return QStringLiteral("Size");
    case LastValidatedColumn:
        return QStringLiteral("Last validated");
    default:
        return {};
    }
}

CacheEntriesFilter::CacheEntriesFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(CacheEntriesModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void CacheEntriesFilter::setText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    // Qt 6.4 has no begin/endFilterChange: invalidateFilter() is the way to re-run the filter.
    m_text = trimmed;
    invalidateFilter();
}

bool CacheEntriesFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_text.isEmpty())
        return true;
    const QAbstractItemModel *model = sourceModel();
    for (int column = 0; column < model->columnCount(sourceParent); ++column) {
        const QString text = model->index(sourceRow, column, sourceParent).data().toString();
        if (text.contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace CacheScope
