#pragma once

#include "timeline.h"
#include "timelinerows.h"
#include "watchscheduler.h"

#include <functional>
#include <optional>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariantList>

class QSqlQuery;

namespace CacheScope {

class ValidatorStore;

// A watched URL as the store keeps it: the scheduler's item plus when it was added.
struct WatchedItemRecord
{
    WatchItem item; // item.id is the row id (0 before the first save); item.staleAt is not stored
    QDateTime addedAt; // UTC; null when unknown
};

// The timeline and the watch list, kept in the validator store's SQLite file (schema version 2), so a
// restarted program shows its history and resumes its watches. Works on the ValidatorStore's connection,
// hence from the thread that opened it; the store must outlive this object.
//
// The history is bounded: after an append, a URL with more than eventLimitPerUrl() events loses its oldest.
// Rows that cannot be read back (edited or damaged by something else) are skipped and reported in
// `problems`, never crashed on. Like ValidatorStore, failures return false / -1 / empty with errorString().
class TimelineStore
{
public:
    static constexpr int DefaultEventLimitPerUrl = 10000;

    explicit TimelineStore(ValidatorStore *store);

    QString errorString() const { return m_error; }
    // The store file this timeline lives in (for a StoreReader on the same file); empty without a store.
    QString databasePath() const;
    int eventLimitPerUrl() const { return m_limit; }
    // Values below 1 are read as 1. Takes effect at the next append (nothing is pruned at once).
    void setEventLimitPerUrl(int limit);

    // Stores the events in one transaction (all or none), then prunes their URLs past the limit. Each
    // event's id is set to its row id. The URL is kept as given (FullyEncoded).
    bool append(QList<TimelineEvent> &events);
    bool append(TimelineEvent &event);

    // Events for one URL, or all, oldest first (time, then id). `limit` > 0 keeps only the newest `limit`.
    QList<TimelineEvent> events(const QUrl &url, int limit = 0, QStringList *problems = nullptr);
    QList<TimelineEvent> allEvents(int limit = 0, QStringList *problems = nullptr);
    // The most recent event for the URL (by time, then id), if any.
    std::optional<TimelineEvent> lastEvent(const QUrl &url);
    // URLs with events, in the order of their first event.
    QList<QUrl> urls();
    qint64 eventCount(const QUrl &url); // -1 on failure
    qint64 eventCount(); // -1 on failure

    // Counted in SQL, with the rules of TimelineTotals::add().
    std::optional<TimelineTotals> totals(const QUrl &url);
    std::optional<TimelineTotals> totals();

    // Removes the URL's events (or all); returns how many, -1 on failure.
    qint64 clear(const QUrl &url);
    qint64 clearAll();

    // Inserts (item.id == 0: the new row id is written back) or updates the watched item.
    bool saveWatchedItem(WatchedItemRecord &record);
    QList<WatchedItemRecord> watchedItems(QStringList *problems = nullptr);
    // The watched item for this URL, if any (the first saved when there are several; unreadable rows skipped).
    std::optional<WatchedItemRecord> watchedItem(const QUrl &url);
    bool removeWatchedItem(qint64 id);

private:
    bool ensureOpen();
    bool fail(const QString &message);
    bool exec(QSqlQuery &query, const QString &sql, const QVariantList &values, const QString &what);
    // One URL's events, or all with std::nullopt.
    QList<TimelineEvent> readEvents(const std::optional<QUrl> &url, int limit, QStringList *problems);
    QList<WatchedItemRecord> readWatchedItems(const QString &where, const QVariantList &values, QStringList *problems);
    std::optional<TimelineTotals> readTotals(const std::optional<QUrl> &url);
    bool checkCounts();
    bool prune(const QString &url, qint64 *stored);
    qint64 count(const QString &sql, const QVariantList &values, const QString &what);

    // Fetched per call, never kept: a copy held here would pin the connection when the store closes.
    QSqlDatabase database() const;

    ValidatorStore *m_store;
    QString m_error;
    int m_limit = DefaultEventLimitPerUrl;
    // Events per URL as of the last append, so an append need not count them (see checkCounts()).
    QHash<QString, qint64> m_counts;
    qint64 m_countsVersion = -1; // PRAGMA data_version when m_counts was last checked
    QString m_countsConnection; // the store connection m_counts belongs to
};

} // namespace CacheScope
