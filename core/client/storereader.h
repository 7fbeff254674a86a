#pragma once

#include "cache/validatorstore.h"
#include "timeline.h"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QUrl>

class QThread;

namespace CacheScope {

// One URL's stored timeline in brief: what the watch list starts from.
struct StoreUrlSummary
{
    QUrl url;
    TimelineTotals totals;
    std::optional<TimelineEvent> last; // the newest event (time, then id)
    qint64 maxEventId = 0; // the highest event id counted in `totals`: later events are not in them
};

// A read-only connection of its own to a store file, for the thread that opens it. It never creates, migrates
// or moves a file: that is ValidatorStore::open()'s job, on the connection the program writes through. A file
// that is missing, is not a CacheScope store, or has another schema version than this build's is an error.
// Reads see the last committed state (the store is in WAL mode, so a writer on another connection does not
// block them). Failures return nullopt with errorString().
class StoreReadConnection
{
public:
    StoreReadConnection() = default;
    ~StoreReadConnection();
    StoreReadConnection(const StoreReadConnection &) = delete;
    StoreReadConnection &operator=(const StoreReadConnection &) = delete;

    bool open(const QString &databasePath);
    void close();
    bool isOpen() const { return m_db.isOpen(); }
    QString errorString() const { return m_error; }
    QString databasePath() const { return m_path; }
    // The uniquely named connection (for tests: a write through it must fail); invalid when closed.
    QSqlDatabase database() const { return m_db; }

    // TimelineStore::events(), allEvents() and ValidatorStore::list() on this connection. `cancelled` is asked every
    // few hundred rows; when it returns true the read stops with an error.
    std::optional<QList<TimelineEvent>> events(
        const QUrl &url, int limit = 0, QStringList *problems = nullptr, const std::function<bool()> &cancelled = {});
    std::optional<QList<TimelineEvent>> allEvents(
        int limit = 0, QStringList *problems = nullptr, const std::function<bool()> &cancelled = {});
    std::optional<QList<CacheEntrySummary>> entries();
    // TimelineStore::totals(url) and lastEvent(url), plus the highest event id the totals count.
    std::optional<StoreUrlSummary> summary(const QUrl &url);

private:
    bool fail(const QString &message);
    std::optional<QList<TimelineEvent>> readEvents(
        const std::optional<QUrl> &url, int limit, QStringList *problems, const std::function<bool()> &cancelled);

    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_path;
    QString m_error;
};

// What StoreReader::readEvents() found.
struct StoreEventsAnswer
{
    quint64 request = 0;
    QUrl url;
    QList<TimelineEvent> events;
    QStringList problems; // rows skipped as unreadable
    QString error; // empty on success
};

// What StoreReader::readSummaries() found.
struct StoreSummariesAnswer
{
    quint64 request = 0;
    QList<StoreUrlSummary> summaries; // one per URL asked for, in the order asked; empty on error
    QString error; // empty on success
};

// What StoreReader::readEntries() found.
struct StoreEntriesAnswer
{
    quint64 request = 0;
    QList<CacheEntrySummary> entries; // oldest row first, as ValidatorStore::list()
    qint64 totalBodyBytes = 0; // stored body bytes of the entries
    QString error; // empty on success
};

// Reads what the window's views show (a URL's timeline, the list of stored entries, the watched URLs' totals)
// on a worker thread, with a StoreReadConnection of its own, so a week of events, thousands of entries or
// hundreds of watched URLs never stall the UI thread. The program's ValidatorStore must have opened (and so
// created or migrated) the file first.
//
// Requests return an id and are answered by queued signal in this object's thread. Events and entries each
// have a generation: a new request makes the older ones of its kind stale, and a stale request is skipped,
// stopped mid-read, or its answer dropped, so a late answer for a URL no longer shown never arrives. A failed
// read closes the connection; the next request opens it again.
class StoreReader : public QObject
{
    Q_OBJECT
public:
    explicit StoreReader(const QString &databasePath, QObject *parent = nullptr);
    // Stops a read in progress within milliseconds and waits for the worker thread to end.
    ~StoreReader() override;

    QString databasePath() const { return m_path; }

    quint64 readEvents(const QUrl &url, int limit = 0);
    quint64 readEntries();
    // Unlike the kinds above, every summaries request is answered (each names its own URLs), in order.
    quint64 readSummaries(const QList<QUrl> &urls);
    // True while the latest request of the kind is unanswered (for summaries: any request).
    bool isReadingEvents() const { return m_eventsPending; }
    bool isReadingEntries() const { return m_entriesPending; }
    bool isReadingSummaries() const { return m_summariesPending > 0; }
    // The thread the reads run on (for tests: never the caller's).
    QThread *workerThread() const { return m_thread; }
    // For tests: runs on the worker thread before each read, e.g. to hold reads back while a test looks at
    // a view's loading state. It must return before this reader is destroyed.
    void setBeforeRead(std::function<void()> hook);

Q_SIGNALS:
    void eventsRead(const CacheScope::StoreEventsAnswer &answer);
    void entriesRead(const CacheScope::StoreEntriesAnswer &answer);
    void summariesRead(const CacheScope::StoreSummariesAnswer &answer);

private:
    struct Shared;
    void deliverEvents(const StoreEventsAnswer &answer);
    void deliverEntries(const StoreEntriesAnswer &answer);

    QString m_path;
    std::shared_ptr<Shared> m_shared;
    QThread *m_thread;
    QObject *m_worker; // lives in m_thread; owns the connection through m_shared
    quint64 m_nextRequest = 0;
    bool m_eventsPending = false;
    bool m_entriesPending = false;
    int m_summariesPending = 0;
};

} // namespace CacheScope

Q_DECLARE_METATYPE(CacheScope::StoreEventsAnswer)
Q_DECLARE_METATYPE(CacheScope::StoreEntriesAnswer)
Q_DECLARE_METATYPE(CacheScope::StoreSummariesAnswer)
