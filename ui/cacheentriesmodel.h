#pragma once

#include "cache/freshness.h"
#include "cache/validatorstore.h"

#include <functional>
#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QSortFilterProxyModel>

namespace CacheScope {

// The validator store's entries as a table: one row per stored response (each Vary variant its own row).
// Freshness is computed against an injectable clock, so "fresh for 5 min" / "stale by 2 h" are testable.
class CacheEntriesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        UrlColumn,
        StatusColumn,
        EtagColumn,
        LastModifiedColumn,
        FreshnessColumn,
        SizeColumn,
        LastValidatedColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole, // numbers and dates, so sorting is not alphabetical
        EntryIdRole,
        UrlRole, // QUrl
        FreshRole, // bool: reusable without asking the origin now
    };

    explicit CacheEntriesModel(QObject *parent = nullptr);

    // UTC "now" for freshness; the system clock by default.
    void setClock(std::function<QDateTime()> clock);
    void setEntries(const QList<CacheEntrySummary> &entries);
    const QList<CacheEntrySummary> &entries() const { return m_entries; }
    CacheEntrySummary entry(int row) const;
    // Recomputes the freshness column (time passes while the page is open).
    void updateFreshness();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The freshness of a summary at `now`, with the rules of core freshness.
    static Freshness freshnessOf(const CacheEntrySummary &entry, const QDateTime &now);
    // "fresh for 5 min", "stale by 2 h", "fresh for 5 min · no-cache"; "unknown" when it cannot be judged.
    static QString freshnessText(const Freshness &freshness);

private:
    QVariant display(int row, int column) const;
    QVariant sortValue(int row, int column) const;

    std::function<QDateTime()> m_clock;
    QList<CacheEntrySummary> m_entries;
    QList<Freshness> m_freshness; // per row, at the last update
};

// Filters on the text of every column (case-insensitive, any substring) and sorts by SortRole.
class CacheEntriesFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit CacheEntriesFilter(QObject *parent = nullptr);
    void setText(const QString &text);
    QString text() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
};

} // namespace CacheScope
