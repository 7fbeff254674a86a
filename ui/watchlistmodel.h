#pragma once

#include "client/storereader.h"
#include "client/timeline.h"
#include "client/watchscheduler.h"

#include <QAbstractTableModel>
#include <QList>

namespace CacheScope {

// The watched URLs for the sidebar: one row per watched item with its live state, last status, 304 share and
// bytes saved. Fed by the WatchSession's signals (setStatus, addEvent) and seeded with the stored totals.
class WatchListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        UrlColumn,
        StatusColumn,
        ShareColumn, // 304s among the requests
        SavedColumn,
        ColumnCount
    };
    enum Roles
    {
        IdRole = Qt::UserRole + 1,
        UrlRole, // QUrl
        StateRole, // int(WatchState)
        LiveRole, // bool: being watched (not paused)
        SortRole,
    };

    struct Row
    {
        qint64 id = 0;
        QUrl url;
        WatchStatus status;
        bool paused = false;
        int lastStatus = 0; // 0: none yet (or an error, see lastError)
        QString lastError;
        TimelineTotals totals;
        // True until the stored totals arrive (setStoredTotals): the columns show an ellipsis meanwhile, `totals`
        // counts only the events seen, and those are kept to be counted on top of the stored totals if the read
        // did not see them.
        bool reading = false;
        QList<TimelineEvent> seenWhileReading;
        QString totalsError; // why the stored totals could not be read: the totals count this session only
    };

    explicit WatchListModel(QObject *parent = nullptr);

    // Adds the item or, when its id is already listed, replaces its URL and totals.
    void addItem(
        qint64 id, const QUrl &url, const TimelineTotals &totals = {}, const std::optional<TimelineEvent> &last = {});
    // Adds the item (or replaces a listed one) with its stored totals still to come: see setStoredTotals().
    void addItemReading(qint64 id, const QUrl &url);
    // The stored totals read for a row added by addItemReading(): events seen since that the read did not
    // count (id above stored.maxEventId, or never stored) are added on top. Without `stored` the read failed
    // (`error` says why): the row counts only what it saw. Rows not reading are left alone.
    void setStoredTotals(qint64 id, const std::optional<StoreUrlSummary> &stored, const QString &error = {});
    bool removeItem(qint64 id);
    void clear();
    // The scheduler's state for the item; unknown ids are ignored.
    void setStatus(const WatchStatus &status);
    void setPaused(qint64 id, bool paused);
    // An exchange of a watched item: counts it and shows its status.
    void addEvent(const TimelineEvent &event);

    int rowOf(qint64 id) const;
    const Row &row(int index) const { return m_rows.at(index); }
    const QList<Row> &rows() const { return m_rows; }

    // "82% 304" style text and the live-dot colour's meaning, exposed for tests and tooltips.
    static QString stateText(const Row &row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void emitRowChanged(int row);
    QList<Row> m_rows;
};

} // namespace CacheScope
