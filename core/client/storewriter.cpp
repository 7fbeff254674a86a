#include "storewriter.h"

#include "cache/storeschema.h"
#include "cache/validatorstore.h"
#include "timelinestore.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <QSqlQuery>
#include <QThread>

namespace CacheScope {

namespace {

enum class WriteKind
{
    Variants,
    Append
};

} // namespace

struct StoreWriter::Job
{
    quint64 id = 0;
    WriteKind kind = WriteKind::Append;
    std::function<void(Shared &, StoreWriteAnswer &)> write;
};

// What the writer and its worker thread share. The store and timeline are used on the worker thread only; the
// queues and flags are guarded by `mutex`.
struct StoreWriter::Shared
{
    static constexpr int CheckpointPages = 100;

    struct Result
    {
        WriteKind kind = WriteKind::Append;
        StoreWriteAnswer answer;
    };

    QString path;
    std::unique_ptr<ValidatorStore> store; // worker thread only
    std::unique_ptr<TimelineStore> timeline; // worker thread only

    std::mutex mutex;
    std::condition_variable wake; // jobs were handed over, or stopping
    std::condition_variable idle; // the worker ran out of jobs
    std::deque<Job> jobs;
    std::deque<Result> results;
    bool busy = false;
    bool deliverPosted = false; // a call of deliver() is queued and has not looked at `results` yet
    bool stopping = false;
    std::function<void()> beforeWrite;
    QString batchError; // worker thread only: why the batch being written cannot be

    // On the worker thread: the connection, opened if needed; false with `error` when it cannot be, or when the
    // batch's transaction could not begin.
    bool ensureOpen(QString *error)
    {
        if (!batchError.isEmpty()) {
            *error = batchError;
            return false;
        }
        if (store && store->isOpen())
            return true;
        timeline.reset();
        store = std::make_unique<ValidatorStore>();
        if (!store->open(path, ValidatorStore::OpenMode::ExistingOnly)) {
            *error = store->errorString();
            store.reset();
            return false;
        }
        timeline = std::make_unique<TimelineStore>(store.get());
        // This connection does nearly all the committing, and so the checkpoints: small ones as it goes, on this
        // thread, rather than one of up to 1,000 pages (SQLite's default) when the program closes the store.
        QSqlQuery pragma(store->database());
        pragma.exec(QStringLiteral("PRAGMA wal_autocheckpoint = %1").arg(CheckpointPages));
        return true;
    }

    // Everything handed over together, in one transaction: each write is a savepoint in it, so one that fails
    // leaves the others, and the batch costs one commit instead of one per write.
    std::deque<Result> writeBatch(std::deque<Job> &batch)
    {
        batchError.clear();
        std::optional<StoreSchema::WriteTransaction> transaction;
        if (ensureOpen(&batchError)) {
            transaction.emplace(*store->transactionStatements());
            if (!transaction->isActive())
                batchError = StoreSchema::describeError(transaction->error(), QStringLiteral("write to the store"));
        }
        std::deque<Result> done;
        for (Job &job : batch) {
            Result result { job.kind, {} };
            result.answer.job = job.id;
            job.write(*this, result.answer);
            done.push_back(std::move(result));
        }
        if (batchError.isEmpty() && !transaction->commit())
            batchError = StoreSchema::describeError(transaction->error(), QStringLiteral("write to the store"));
        if (!batchError.isEmpty()) {
            for (Result &result : done) {
                if (result.answer.error.isEmpty())
                    result.answer.error = batchError;
                for (TimelineEvent &event : result.answer.events)
                    event.id = 0;
            }
            // The connection's caches may describe writes that were rolled back: the next batch opens afresh.
            transaction.reset();
            timeline.reset();
            store.reset();
        }
        batchError.clear();
        return done;
    }

    void run(StoreWriter *owner)
    {
        for (;;) {
            std::deque<Job> batch;
            std::function<void()> hook;
            {
                std::unique_lock lock(mutex);
                wake.wait(lock, [this] { return stopping || !jobs.empty(); });
                if (jobs.empty())
                    break; // stopping, and everything handed over was written
                batch.swap(jobs);
                busy = true;
                hook = beforeWrite;
            }
            if (hook)
                hook();
            std::deque<Result> done = writeBatch(batch);
            bool post = false;
            {
                std::lock_guard lock(mutex);
                busy = false;
                if (!stopping) {
                    for (Result &result : done)
                        results.push_back(std::move(result));
                    // One wake-up of the owner's thread per batch, and none while one is still queued.
                    post = !deliverPosted;
                    deliverPosted = true;
                }
            }
            idle.notify_all();
            if (post)
                QMetaObject::invokeMethod(owner, &StoreWriter::deliver, Qt::QueuedConnection);
        }
        // A connection is closed on the thread that opened it.
        timeline.reset();
        store.reset();
    }
};

StoreWriter::StoreWriter(const QString &databasePath, QObject *parent)
    : QObject(parent)
    , m_path(databasePath)
    , m_eventLimit(TimelineStore::DefaultEventLimitPerUrl)
    , m_shared(std::make_shared<Shared>())
{
    qRegisterMetaType<StoreWriteAnswer>();
    m_shared->path = databasePath;
    m_handOverTimer.setSingleShot(true);
    connect(&m_handOverTimer, &QTimer::timeout, this, &StoreWriter::handOver);
    m_thread = QThread::create([shared = m_shared, this] { shared->run(this); });
    m_thread->setObjectName(QStringLiteral("cachescope-store-writer"));
    m_thread->setParent(this);
    m_thread->start();
}

StoreWriter::~StoreWriter()
{
    handOver();
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->stopping = true;
    }
    m_shared->wake.notify_all();
    m_thread->wait(); // the writes handed over are done first
}

void StoreWriter::setEventLimitPerUrl(int limit)
{
    m_eventLimit = qMax(1, limit);
}

void StoreWriter::setHandOverDelayMs(int ms)
{
    m_handOverDelayMs = qMax(0, ms);
    if (m_handOverDelayMs == 0)
        handOver();
}

void StoreWriter::setBeforeWrite(std::function<void()> hook)
{
    std::lock_guard lock(m_shared->mutex);
    m_shared->beforeWrite = std::move(hook);
}

quint64 StoreWriter::updateVariants(const QByteArray &method, const QUrl &url, Merge merge,
    const QDateTime &lastValidated, const QDateTime &requestTime, const QDateTime &responseTime)
{
    const quint64 id = ++m_nextJob;
    enqueue({ id, WriteKind::Variants,
        [method, url, merge = std::move(merge), lastValidated, requestTime, responseTime](
            Shared &shared, StoreWriteAnswer &answer) {
            if (!shared.ensureOpen(&answer.error))
                return;
            if (!shared.store->updateVariants(method, url, merge, lastValidated, requestTime, responseTime))
                answer.error
                    = QStringLiteral("the 304 could not be merged into the store: %1").arg(shared.store->errorString());
        } });
    return id;
}

quint64 StoreWriter::append(const QList<TimelineEvent> &events)
{
    const quint64 id = ++m_nextJob;
    enqueue({ id, WriteKind::Append, [events, limit = m_eventLimit](Shared &shared, StoreWriteAnswer &answer) {
                 answer.events = events;
                 if (!shared.ensureOpen(&answer.error))
                     return;
                 shared.timeline->setEventLimitPerUrl(limit);
                 if (!shared.timeline->append(answer.events))
                     answer.error = shared.timeline->errorString();
             } });
    return id;
}

void StoreWriter::enqueue(Job &&job)
{
    m_outbox.push_back(std::move(job));
    if (m_handOverDelayMs == 0)
        handOver();
    else if (!m_handOverTimer.isActive())
        m_handOverTimer.start(m_handOverDelayMs);
}

void StoreWriter::handOver()
{
    m_handOverTimer.stop();
    if (m_outbox.empty())
        return;
    {
        std::lock_guard lock(m_shared->mutex);
        for (Job &job : m_outbox)
            m_shared->jobs.push_back(std::move(job));
    }
    m_outbox.clear();
    m_shared->wake.notify_one();
}

void StoreWriter::waitForIdle()
{
    handOver();
    {
        std::unique_lock lock(m_shared->mutex);
        m_shared->idle.wait(lock, [this] { return m_shared->jobs.empty() && !m_shared->busy; });
    }
    deliver();
}

bool StoreWriter::isIdle() const
{
    std::lock_guard lock(m_shared->mutex);
    return m_outbox.empty() && m_shared->jobs.empty() && !m_shared->busy && m_shared->results.empty();
}

// One answer at a time, so that a slot that waits for the writer (and so delivers the answers after its own)
// cannot reorder them.
void StoreWriter::deliver()
{
    for (;;) {
        std::optional<Shared::Result> result;
        {
            std::lock_guard lock(m_shared->mutex);
            if (m_shared->results.empty()) {
                m_shared->deliverPosted = false;
                return;
            }
            result = std::move(m_shared->results.front());
            m_shared->results.pop_front();
        }
        if (result->kind == WriteKind::Variants)
            Q_EMIT variantsUpdated(result->answer);
        else
            Q_EMIT appended(result->answer);
    }
}

} // namespace CacheScope
