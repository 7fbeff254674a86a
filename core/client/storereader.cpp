#include "storereader.h"

#include "cache/storeschema.h"
#include "timelinestore.h"

#include <QFileInfo>
#include <QMutex>
#include <QMutexLocker>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

namespace CacheScope {

using namespace StoreSchema;

namespace {

// The same patience as the program's own connection: a reader waits out a long write (a large import)
// rather than failing. In WAL mode readers rarely wait at all (only while a checkpoint resets the log).
constexpr int BusyTimeoutMs = 10000;

std::atomic<quint64> s_readerCounter { 0 };

} // namespace

StoreReadConnection::~StoreReadConnection()
{
    close();
}

bool StoreReadConnection::fail(const QString &message)
{
    m_error = message;
    return false;
}

bool StoreReadConnection::open(const QString &databasePath)
{
    close();
    m_error.clear();
    if (databasePath.isEmpty())
        return fail(QStringLiteral("no store file was given"));
    m_path = QFileInfo(databasePath).absoluteFilePath();
    const QFileInfo info(m_path);
    // SQLite would create a missing file even for a read-only connection on some builds; and a reader must
    // never be the one that decides what a new store looks like.
    if (!info.exists())
        return fail(QStringLiteral("the store file %1 does not exist").arg(m_path));
    if (!info.isFile())
        return fail(QStringLiteral("the store file %1 is not a file").arg(m_path));
    if (lacksSqliteHeader(m_path))
        return fail(QStringLiteral("%1 is not an SQLite database").arg(m_path));

    m_connectionName = QStringLiteral("cachescope-reader-%1").arg(++s_readerCounter);
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    if (!m_db.isValid()) {
        close();
        return fail(QStringLiteral("the Qt SQLite driver (QSQLITE) is not available: install the Qt 6 SQLite "
                                   "plugin (Debian: libqt6sql6-sqlite)"));
    }
    m_db.setDatabaseName(m_path);
    m_db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
    if (!m_db.open()) {
        const QString message = describeError(m_db.lastError(), QStringLiteral("open the store %1").arg(m_path));
        close();
        return fail(message);
    }
    const Inspection inspection = inspect(m_db);
    QString problem;
    if (inspection.state == FileState::Empty)
        problem = QStringLiteral("%1 is empty: no CacheScope store was created in it yet").arg(m_path);
    else if (inspection.state != FileState::Ours && inspection.state != FileState::Newer)
        problem = QStringLiteral("%1 cannot be read: %2").arg(m_path, inspection.detail);
    else if (inspection.version != latestVersion())
        problem = QStringLiteral("%1 has schema version %2 and this CacheScope reads version %3; the program "
                                 "migrates a store when it opens it, a reader never does")
                      .arg(m_path)
                      .arg(inspection.version)
                      .arg(latestVersion());
    if (!problem.isEmpty()) {
        close();
        return fail(problem);
    }
    return true;
}

void StoreReadConnection::close()
{
    if (m_connectionName.isEmpty())
        return;
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

std::optional<QList<TimelineEvent>> StoreReadConnection::events(
    const QUrl &url, int limit, QStringList *problems, const std::function<bool()> &cancelled)
{
    return readEvents(url, limit, problems, cancelled);
}

std::optional<QList<TimelineEvent>> StoreReadConnection::allEvents(
    int limit, QStringList *problems, const std::function<bool()> &cancelled)
{
    return readEvents(std::nullopt, limit, problems, cancelled);
}

std::optional<QList<TimelineEvent>> StoreReadConnection::readEvents(
    const std::optional<QUrl> &url, int limit, QStringList *problems, const std::function<bool()> &cancelled)
{
    m_error.clear();
    if (!isOpen()) {
        fail(QStringLiteral("the store reader is not open"));
        return std::nullopt;
    }
    QList<TimelineEvent> events;
    if (!TimelineRows::readEvents(m_db, url, limit, &events, problems, &m_error, cancelled))
        return std::nullopt;
    return events;
}

std::optional<QList<CacheEntrySummary>> StoreReadConnection::entries()
{
    m_error.clear();
    if (!isOpen()) {
        fail(QStringLiteral("the store reader is not open"));
        return std::nullopt;
    }
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(EntryRows::listSql())) {
        fail(describeError(query.lastError(), QStringLiteral("list the stored responses")));
        return std::nullopt;
    }
    QList<CacheEntrySummary> summaries;
    while (query.next())
        summaries.append(EntryRows::summaryFromRow(query));
    if (query.lastError().isValid()) {
        fail(describeError(query.lastError(), QStringLiteral("list the stored responses")));
        return std::nullopt;
    }
    return summaries;
}

std::optional<StoreUrlSummary> StoreReadConnection::summary(const QUrl &url)
{
    m_error.clear();
    if (!isOpen()) {
        fail(QStringLiteral("the store reader is not open"));
        return std::nullopt;
    }
    // One read transaction: the totals and the newest event come from the same state of the file.
    if (!m_db.transaction()) {
        fail(describeError(m_db.lastError(), QStringLiteral("read the timeline")));
        return std::nullopt;
    }
    StoreUrlSummary summary;
    summary.url = url;
    bool ok = TimelineRows::readTotals(m_db, url, &summary.totals, &summary.maxEventId, &m_error);
    if (ok && summary.totals.requests > 0) {
        QList<TimelineEvent> last;
        // An unreadable newest row is skipped: the newest readable one is not looked for (as lastEvent()).
        ok = TimelineRows::readEvents(m_db, url, 1, &last, nullptr, &m_error);
        if (ok && !last.isEmpty())
            summary.last = last.constFirst();
    }
    m_db.rollback(); // nothing was written
    if (!ok)
        return std::nullopt;
    return summary;
}

// What the reader and its worker share. The connection is used on the worker thread only; the generations
// are written by the reader's thread and read by both.
struct StoreReader::Shared
{
    StoreReadConnection connection;
    std::atomic<quint64> latestEvents { 0 };
    std::atomic<quint64> latestEntries { 0 };
    std::atomic<bool> stopping { false };
    QMutex hookMutex;
    std::function<void()> beforeRead;

    void runHook()
    {
        std::function<void()> hook;
        {
            QMutexLocker locker(&hookMutex);
            hook = beforeRead;
        }
        if (hook)
            hook();
    }

    // On the worker thread: the connection, opened if needed; false with `error` when it cannot be.
    bool ensureOpen(const QString &path, QString *error)
    {
        if (connection.isOpen() || connection.open(path))
            return true;
        *error = connection.errorString();
        return false;
    }
};

StoreReader::StoreReader(const QString &databasePath, QObject *parent)
    : QObject(parent)
    , m_path(databasePath)
    , m_shared(std::make_shared<Shared>())
    , m_thread(new QThread(this))
    , m_worker(new QObject)
{
    qRegisterMetaType<StoreEventsAnswer>();
    qRegisterMetaType<StoreEntriesAnswer>();
    qRegisterMetaType<StoreSummariesAnswer>();
    m_thread->setObjectName(QStringLiteral("cachescope-store-reader"));
    m_worker->moveToThread(m_thread);
    // A connection must be closed on the thread that opened it: finished is emitted on the worker thread.
    connect(
        m_thread, &QThread::finished, m_thread, [shared = m_shared] { shared->connection.close(); },
        Qt::DirectConnection);
    m_thread->start();
}

StoreReader::~StoreReader()
{
    m_shared->stopping = true;
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
}

void StoreReader::setBeforeRead(std::function<void()> hook)
{
    QMutexLocker locker(&m_shared->hookMutex);
    m_shared->beforeRead = std::move(hook);
}

quint64 StoreReader::readEvents(const QUrl &url, int limit)
{
    const quint64 id = ++m_nextRequest;
    m_shared->latestEvents = id;
    m_eventsPending = true;
    QMetaObject::invokeMethod(
        m_worker,
        [this, shared = m_shared, path = m_path, id, url, limit] {
            const auto stale = [&shared, id] { return shared->stopping || shared->latestEvents != id; };
            if (stale())
                return; // a newer request is queued behind this one
            shared->runHook();
            if (stale())
                return;
            StoreEventsAnswer answer;
            answer.request = id;
            answer.url = url;
            if (shared->ensureOpen(path, &answer.error)) {
                if (auto events = shared->connection.events(url, limit, &answer.problems, stale)) {
                    answer.events = std::move(*events);
                } else {
                    if (stale())
                        return;
                    answer.error = shared->connection.errorString();
                    shared->connection.close();
                }
            }
            QMetaObject::invokeMethod(
                this, [this, answer] { deliverEvents(answer); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return id;
}

quint64 StoreReader::readEntries()
{
    const quint64 id = ++m_nextRequest;
    m_shared->latestEntries = id;
    m_entriesPending = true;
    QMetaObject::invokeMethod(
        m_worker,
        [this, shared = m_shared, path = m_path, id] {
            const auto stale = [&shared, id] { return shared->stopping || shared->latestEntries != id; };
            if (stale())
                return;
            shared->runHook();
            if (stale())
                return;
            StoreEntriesAnswer answer;
            answer.request = id;
            if (shared->ensureOpen(path, &answer.error)) {
                if (auto entries = shared->connection.entries()) {
                    answer.entries = std::move(*entries);
                    for (const CacheEntrySummary &entry : std::as_const(answer.entries))
                        answer.totalBodyBytes += entry.bodySize;
                } else {
                    answer.error = shared->connection.errorString();
                    shared->connection.close();
                }
            }
            QMetaObject::invokeMethod(
                this, [this, answer] { deliverEntries(answer); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return id;
}

quint64 StoreReader::readSummaries(const QList<QUrl> &urls)
{
    const quint64 id = ++m_nextRequest;
    ++m_summariesPending;
    QMetaObject::invokeMethod(
        m_worker,
        [this, shared = m_shared, path = m_path, id, urls] {
            if (shared->stopping)
                return;
            shared->runHook();
            StoreSummariesAnswer answer;
            answer.request = id;
            if (shared->ensureOpen(path, &answer.error)) {
                for (const QUrl &url : urls) {
                    if (shared->stopping)
                        return;
                    auto summary = shared->connection.summary(url);
                    if (!summary) {
                        answer.summaries.clear();
                        answer.error = shared->connection.errorString();
                        shared->connection.close();
                        break;
                    }
                    answer.summaries.append(std::move(*summary));
                }
            }
            QMetaObject::invokeMethod(
                this,
                [this, answer] {
                    --m_summariesPending;
                    Q_EMIT summariesRead(answer);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return id;
}

void StoreReader::deliverEvents(const StoreEventsAnswer &answer)
{
    if (answer.request != m_shared->latestEvents)
        return; // asked again since: a newer answer follows
    m_eventsPending = false;
    Q_EMIT eventsRead(answer);
}

void StoreReader::deliverEntries(const StoreEntriesAnswer &answer)
{
    if (answer.request != m_shared->latestEntries)
        return;
    m_entriesPending = false;
    Q_EMIT entriesRead(answer);
}

} // namespace CacheScope
