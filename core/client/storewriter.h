#pragma once

#include "cache/cacheentry.h"
#include "timeline.h"

#include <functional>
#include <memory>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>
#include <vector>

class QThread;

namespace CacheScope {

// What became of one write asked of a StoreWriter.
struct StoreWriteAnswer
{
    quint64 job = 0;
    QString error; // empty when written
    QList<TimelineEvent> events; // append(): the events, each with its row id (0 when the write failed)
};

// Writes to a store file on a thread of its own, through a connection of its own, one write after the other in
// the order they were asked. A watch revalidating back to back spends most of its time between two requests on
// the 304 merge and the timeline insert; done here, they run on the other core while the next request is on the
// wire, and the writes handed over together (setHandOverDelayMs()) share one transaction and one commit, each a
// savepoint in it that stands or falls alone. Reads keep going on the caller's connection (WAL mode: a writer never
// blocks them), so whoever hands a write over must answer its own reads from what it handed over until the answer
// arrives (Revalidator does).
//
// The store must have been opened (created, migrated) by ValidatorStore::open() first: the writer's connection
// opens only a CacheScope store of this build's schema and never moves or creates a file. When it cannot open
// or write, each write it could not do is answered with the error; the next write tries to open again.
//
// Answers are emitted in this object's thread, in the order the writes were asked, by a queued call, or at
// once by waitForIdle(). Destroying the writer does the writes still queued (nothing asked is lost) without
// answering them.
class StoreWriter : public QObject
{
    Q_OBJECT
public:
    using Merge = std::function<QList<CacheEntry>(const QList<CacheEntry> &variants)>;

    explicit StoreWriter(const QString &databasePath, QObject *parent = nullptr);
    ~StoreWriter() override;

    QString databasePath() const { return m_path; }
    // TimelineStore::setEventLimitPerUrl() for the appends asked from now on.
    void setEventLimitPerUrl(int limit);
    int eventLimitPerUrl() const { return m_eventLimit; }
    // Writes asked within this many ms are handed to the worker together (0: each at once). Waking another
    // thread costs more than a 304 merge takes to describe: a watch running back to back hands over a few
    // hundred writes per wake-up instead of one, and gets their answers the same way.
    void setHandOverDelayMs(int ms);
    int handOverDelayMs() const { return m_handOverDelayMs; }

    // ValidatorStore::updateVariants() on the writer's connection: `merge` runs there, inside the write
    // transaction, on the variants stored then, so it must hold copies, not references. Answered by
    // variantsUpdated().
    quint64 updateVariants(const QByteArray &method, const QUrl &url, Merge merge, const QDateTime &lastValidated,
        const QDateTime &requestTime, const QDateTime &responseTime);
    // TimelineStore::append() on the writer's connection. Answered by appended().
    quint64 append(const QList<TimelineEvent> &events);

    // Hands every write asked so far to the worker now.
    void handOver();
    // Hands over, blocks until every write asked so far is done, then emits the answers not yet emitted.
    void waitForIdle();
    // True when every write asked has been done and answered.
    bool isIdle() const;
    // The thread the writes run on (for tests: never the caller's).
    QThread *workerThread() const { return m_thread; }
    // For tests: runs on the worker thread before each batch of writes (those handed over together), e.g. to
    // hold them back. It must return before this writer is destroyed.
    void setBeforeWrite(std::function<void()> hook);

Q_SIGNALS:
    void variantsUpdated(const CacheScope::StoreWriteAnswer &answer);
    void appended(const CacheScope::StoreWriteAnswer &answer);

private:
    struct Shared;
    struct Job;
    void enqueue(Job &&job);
    void deliver();

    QString m_path;
    int m_eventLimit;
    int m_handOverDelayMs = 0;
    std::shared_ptr<Shared> m_shared;
    QThread *m_thread;
    QTimer m_handOverTimer;
    std::vector<Job> m_outbox; // asked, not yet handed over
    quint64 m_nextJob = 0;
};

} // namespace CacheScope

Q_DECLARE_METATYPE(CacheScope::StoreWriteAnswer)
