#pragma once

#include "client/timeline.h"
#include "http/httpheaders.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

class QSettings;

namespace CacheScope {

// One request sent from the window, with what the timeline recorded for it.
struct HistoryEntry
{
    QString method;
    QUrl url;
    HttpHeaders headers; // the composed header rows that were enabled (what "load" puts back)
    TimelineEvent event; // status, validators, sizes, bytes saved; event.id is its timeline row (0: not stored)
    QString storeAction; // what the validator store did, in words ("stored", "304 matched ...")
};

// The sidebar's history: requests sent, newest first (time, method, status, URL). Bounded; kept in the
// window's settings so it is there after a restart (the events themselves live in the timeline store).
class HistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr int DefaultLimit = 500;

    enum Columns
    {
        TimeColumn,
        MethodColumn,
        StatusColumn,
        UrlColumn,
        ColumnCount
    };
    enum Roles
    {
        EventIdRole = Qt::UserRole + 1,
        UrlRole,
        SortRole,
    };

    explicit HistoryModel(QObject *parent = nullptr);

    // Newest first: the entry goes to row 0; past the limit the oldest are dropped.
    void prepend(const HistoryEntry &entry);
    void clear();
    void setLimit(int limit);
    int limit() const { return m_limit; }
    const HistoryEntry &entry(int row) const { return m_entries.at(row); }
    const QList<HistoryEntry> &entries() const { return m_entries; }

    void save(QSettings &settings) const;
    // Rows that cannot be read back (no URL, an unreadable time) are skipped.
    void restore(QSettings &settings);

    // The facts shown when an entry is opened: status, validators sent and received, sizes, saving.
    static QString facts(const HistoryEntry &entry);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<HistoryEntry> m_entries;
    int m_limit = DefaultLimit;
};

} // namespace CacheScope
