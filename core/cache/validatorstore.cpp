#include "validatorstore.h"

#include "cache/storeschema.h"
#include "util/storelocation.h"

#include <atomic>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryFile>

namespace CacheScope {

using namespace StoreSchema;

namespace {

Q_LOGGING_CATEGORY(lcStore, "cachescope.store")

// Long enough to sit out another process's largest write (a putAll of an import), short enough that a
// hung process is reported rather than waited on forever.
constexpr int BusyTimeoutMs = 10000;

std::atomic<quint64> s_connectionCounter { 0 };

// Takes the lock that serialises opening. QLockFile sees that a lock is stale when the process named in it is
// gone; but a process killed between creating the lock file and writing its name into it leaves an empty file,
// which QLockFile would only call stale after staleLockTime. Writing the name takes microseconds, so a lock file
// still without one after a few seconds was left by a dead process: it is removed and the lock taken.
bool acquireOpenLock(QLockFile &lock, const QString &lockPath, int timeoutMs)
{
    constexpr int NamelessStaleMs = 3000;
    lock.setStaleLockTime(30000);
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        if (lock.tryLock(250))
            return true;
        if (lock.error() != QLockFile::LockFailedError)
            return false;
        qint64 pid = 0;
        QString host;
        QString application;
        const QFileInfo info(lockPath);
        if (!lock.getLockInfo(&pid, &host, &application) && info.exists()
            && qAbs(info.lastModified().msecsTo(QDateTime::currentDateTime())) > NamelessStaleMs) {
            qCWarning(lcStore, "removing the lock file %s: it names no process (one was killed while taking it)",
                qPrintable(lockPath));
            lock.removeStaleLockFile();
            continue;
        }
        if (deadline.hasExpired())
            return false;
    }
}

// The suffix a file gets when moved aside; empty for files we keep.
QString asideTag(FileState state)
{
    switch (state) {
    case FileState::NotSqlite:
    case FileState::Damaged:
        return QStringLiteral("corrupt");
    case FileState::Foreign:
        return QStringLiteral("foreign");
    case FileState::Newer:
        return QStringLiteral("newer");
    case FileState::Empty:
    case FileState::Ours:
    case FileState::Unreadable:
        break;
    }
    return {};
}

} // namespace

ValidatorStore::ValidatorStore()
    : m_clock([] { return QDateTime::currentDateTimeUtc(); })
{ }

ValidatorStore::~ValidatorStore()
{
    close();
}

void ValidatorStore::setClock(std::function<QDateTime()> clock)
{
    m_clock = std::move(clock);
}

QDateTime ValidatorStore::now() const
{
    return m_clock();
}

bool ValidatorStore::fail(const QString &message)
{
    m_error = message;
    return false;
}

bool ValidatorStore::isOpen() const
{
    return m_db.isOpen();
}

QString ValidatorStore::connectionName() const
{
    return m_connectionName;
}

bool ValidatorStore::ensureOpen()
{
    m_error.clear();
    if (!m_db.isOpen())
        return fail(QStringLiteral("the validator store is not open"));
    return true;
}

bool ValidatorStore::open(const StoreLocation &location)
{
    close();
    if (const QString problem = location.ensureExists(); !problem.isEmpty())
        return fail(problem);
    return open(location.databasePath());
}

bool ValidatorStore::open(const QString &databasePath)
{
    return open(databasePath, OpenMode::CreateOrRecover);
}

bool ValidatorStore::open(const QString &databasePath, OpenMode mode)
{
    close();
    m_error.clear();
    m_recoveryNotice.clear();
    m_movedAsidePath.clear();
    if (databasePath.isEmpty())
        return fail(QStringLiteral("no store file was given"));
    m_path = QFileInfo(databasePath).absoluteFilePath();
    if (!prepareFile())
        return false;
    if (mode == OpenMode::ExistingOnly && !QFileInfo::exists(m_path))
        return fail(QStringLiteral("the store file %1 does not exist").arg(m_path));
    if (openCurrentStore())
        return true;
    // Deciding what the file is, moving a bad one aside and creating the schema must not interleave with
    // another instance doing the same: it could take a store being created for a foreign file and move it
    // (with what was just written to it) aside. The lock covers threads and processes alike.
    QLockFile openLock(m_path + QStringLiteral(".open-lock"));
    if (!acquireOpenLock(openLock, m_path + QStringLiteral(".open-lock"), 20000))
        return fail(
            QStringLiteral("another CacheScope is opening the store %1 and does not finish (lock file %2.open-lock)")
                .arg(m_path, m_path));
    Inspection inspection { FileState::NotSqlite, 0, QStringLiteral("not an SQLite database") };
    if (!lacksSqliteHeader(m_path)) {
        if (!connectDatabase())
            return false;
        inspection = inspect(m_db);
    }
    if (inspection.state == FileState::Unreadable) {
        fail(QStringLiteral("%1 (%2)").arg(inspection.detail, m_path));
        close();
        return false;
    }
    if (mode == OpenMode::ExistingOnly && inspection.state != FileState::Ours) {
        fail(QStringLiteral("%1 is not a CacheScope store this build can write (%2); it is left as it is")
                 .arg(m_path, inspection.detail.isEmpty() ? QStringLiteral("it is empty") : inspection.detail));
        close();
        return false;
    }
    if (const QString tag = asideTag(inspection.state); !tag.isEmpty()) {
        if (!moveAside(tag, inspection.detail)) {
            close();
            return false;
        }
        inspection = inspect(m_db);
        if (inspection.state != FileState::Empty && inspection.state != FileState::Ours) {
            fail(QStringLiteral("cannot create a new store at %1: %2").arg(m_path, inspection.detail));
            close();
            return false;
        }
    }

    QString problem = configureConnection();
    if (problem.isEmpty())
        problem = migrate(m_db, now());
    if (!problem.isEmpty()) {
        fail(QStringLiteral("%1 (%2)").arg(problem, m_path));
        close();
        return false;
    }
    return true;
}

// The common case, a store of this build's schema, needs nothing created, moved aside or migrated, so it is
// opened without the lock below (whose file costs a disk flush). Anything else, or anything that goes wrong
// here, takes the locked path from the start.
bool ValidatorStore::openCurrentStore()
{
    if (!QFileInfo(m_path).isFile() || lacksSqliteHeader(m_path))
        return false;
    if (!connectDatabase()) {
        m_error.clear();
        return false;
    }
    const Inspection inspection = inspect(m_db);
    if (inspection.state == FileState::Ours && inspection.version == latestVersion() && configureConnection().isEmpty())
        return true;
    disconnectDatabase();
    return false;
}

void ValidatorStore::close()
{
    disconnectDatabase();
}

bool ValidatorStore::prepareFile()
{
    const QFileInfo info(m_path);
    const QString dir = info.absolutePath();
    const QFileInfo dirInfo(dir);
    if (!dirInfo.exists())
        return fail(QStringLiteral("the store directory %1 does not exist").arg(dir));
    if (!dirInfo.isDir())
        return fail(QStringLiteral("the store location %1 is not a directory").arg(dir));
    if (info.isDir())
        return fail(QStringLiteral("the store file %1 is a directory").arg(m_path));
    // Trying beats reading permission bits: root ignores them, read-only mounts do not show in them, and
    // SQLite must be able to create its -wal and -shm files next to the database.
    QTemporaryFile probe(dir + QStringLiteral("/.cachescope-probe-XXXXXX"));
    if (!probe.open())
        return fail(QStringLiteral("the store directory %1 is not writable (%2): CacheScope needs to create its "
                                   "database files there; choose another directory with --store or "
                                   "$CACHESCOPE_STORE")
                        .arg(dir, probe.errorString()));
    if (info.exists()) {
        QFile file(m_path);
        if (!file.open(QIODevice::ReadWrite))
            return fail(QStringLiteral("the store file %1 cannot be written (%2)").arg(m_path, file.errorString()));
    }
    return true;
}

bool ValidatorStore::connectDatabase()
{
    m_connectionName = QStringLiteral("cachescope-store-%1").arg(++s_connectionCounter);
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    if (!m_db.isValid()) {
        disconnectDatabase();
        return fail(QStringLiteral("the Qt SQLite driver (QSQLITE) is not available: install the Qt 6 SQLite "
                                   "plugin (Debian: libqt6sql6-sqlite)"));
    }
    m_db.setDatabaseName(m_path);
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
    if (!m_db.open()) {
        const QString message = describeError(m_db.lastError(), QStringLiteral("open the store %1").arg(m_path));
        disconnectDatabase();
        return fail(message);
    }
    return true;
}

void ValidatorStore::disconnectDatabase()
{
    if (m_connectionName.isEmpty())
        return;
    m_statements.clear(); // prepared statements pin the connection
    m_transactions.reset();
    m_variantsMemo.clear();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

QString ValidatorStore::configureConnection()
{
    QSqlQuery query(m_db);
    // WAL lets readers run while another connection writes; synchronous=NORMAL is the documented safe
    // pairing (a power cut may lose the last commits, never corrupt the file) and keeps a commit from
    // waiting on an fsync.
    if (!query.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !query.next())
        return describeError(query.lastError(), QStringLiteral("switch the store to WAL mode"));
    if (query.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        return QStringLiteral("cannot switch the store to WAL mode (SQLite kept journal mode %1)")
            .arg(query.value(0).toString());
    // Some builds (Debian's) default to secure_delete=ON, which zero-fills every freed page: clearing a
    // large store would rewrite all of it. FAST still zeroes what costs no extra I/O.
    for (const char *pragma : { "PRAGMA synchronous = NORMAL", "PRAGMA secure_delete = FAST" }) {
        if (!query.exec(QString::fromLatin1(pragma)))
            return describeError(query.lastError(), QStringLiteral("configure the store"));
    }
    return {};
}

bool ValidatorStore::moveAside(const QString &tag, const QString &detail)
{
    disconnectDatabase();
    const QString stamp = now().toLocalTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString target = QStringLiteral("%1.%2-%3").arg(m_path, tag, stamp);
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = QStringLiteral("%1.%2-%3-%4").arg(m_path, tag, stamp).arg(n);
    QFile file(m_path);
    if (!file.rename(target))
        return fail(QStringLiteral("%1 is %2 and could not be moved aside to %3 (%4); move or delete it")
                        .arg(m_path, detail, target, file.errorString()));
    // SQLite pairs a -wal file with a database by name only: a stale one would be replayed into the new store.
    for (const char *suffix : { "-wal", "-shm", "-journal" }) {
        const QString companion = m_path + QLatin1String(suffix);
        if (QFileInfo::exists(companion) && !QFile::rename(companion, target + QLatin1String(suffix))
            && !QFile::remove(companion))
            return fail(QStringLiteral("%1 was moved to %2 but %3 could not be moved or deleted; delete it")
                            .arg(m_path, target, companion));
    }
    m_movedAsidePath = target;
    m_recoveryNotice = QStringLiteral("%1 was %2; it was moved to %3 and a new, empty store was created")
                           .arg(m_path, detail, target);
    qCWarning(lcStore).noquote() << m_recoveryNotice;
    return connectDatabase();
}

} // namespace CacheScope
