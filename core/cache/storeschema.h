#pragma once

#include "http/httpheaders.h"

#include <memory>
#include <QByteArray>
#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QVariant>

class QSqlQuery;

namespace CacheScope::StoreSchema {

// Written into the SQLite header (PRAGMA application_id) so a CacheScope store is told apart from any
// other SQLite file at a glance ("CScp").
inline constexpr int ApplicationId = 0x43536370;

// The schema version this build writes; migrations up to it are applied on open.
int latestVersion();

// What an opened database file turned out to be.
enum class FileState
{
    Empty, // a new or zero-length file: gets a fresh schema
    Ours, // a CacheScope store at a version we know
    Newer, // a CacheScope store written by a newer CacheScope
    Foreign, // an SQLite database of another application
    Damaged, // a CacheScope store missing its tables, or pages SQLite reports as corrupt
    NotSqlite, // not an SQLite database at all
    Unreadable, // could not be read for another reason (locked, I/O error): leave it alone
};

struct Inspection
{
    FileState state = FileState::Unreadable;
    int version = 0; // schema version when state is Ours or Newer
    QString detail; // why, for messages
};

// True when the file exists, is not empty and does not start with SQLite's magic string. Checked before
// SQLite opens the file: SQLite would otherwise start using (and may reset) a -wal file lying next to it.
bool lacksSqliteHeader(const QString &path);

// Looks at an open connection without changing anything.
Inspection inspect(const QSqlDatabase &db);

// Applies every migration after the file's current version, each in its own write transaction that
// re-reads the version first, so two processes opening a new store at once do not both create it.
// Returns an error message, empty on success.
QString migrate(const QSqlDatabase &db, const QDateTime &now);

// BEGIN IMMEDIATE, COMMIT and ROLLBACK compiled once for a connection and kept. Building a QSqlQuery and
// compiling the statement for every transaction cost about as much as one of the few statements a 304
// runs. Owned beside the connection and destroyed before it closes (a kept statement pins it).
class TransactionStatements
{
public:
    enum Kind
    {
        Begin,
        Commit,
        Rollback,
    };
    explicit TransactionStatements(const QSqlDatabase &db);
    ~TransactionStatements();
    TransactionStatements(const TransactionStatements &) = delete;
    TransactionStatements &operator=(const TransactionStatements &) = delete;

    // Runs the statement; on failure fills `error` and drops it, so the next run compiles it afresh. Inside a
    // transaction begun here, Begin opens a savepoint instead, and Commit and Rollback release it or roll back to
    // it: a writer can gather many writes, each of which keeps its own all-or-nothing, into one commit.
    bool run(Kind kind, QSqlError *error);
    // Transactions and savepoints begun here and not yet committed or rolled back.
    int depth() const { return m_depth; }

private:
    bool exec(int index, QSqlError *error);

    QSqlDatabase m_db;
    std::unique_ptr<QSqlQuery> m_queries[6];
    int m_depth = 0;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back if destroyed before commit(). IMMEDIATE takes the write lock
// up front: a deferred transaction that must upgrade its read lock gets SQLITE_BUSY at once (waiting
// could deadlock), which is exactly what two processes writing the same store would run into.
class WriteTransaction
{
public:
    // Compiles its statements each time: for rare transactions (migrations).
    explicit WriteTransaction(const QSqlDatabase &db);
    // Runs the connection's kept statements, which must outlive the transaction.
    explicit WriteTransaction(TransactionStatements &statements);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction &) = delete;
    WriteTransaction &operator=(const WriteTransaction &) = delete;

    bool isActive() const { return m_active; }
    // The error of BEGIN or COMMIT.
    QSqlError error() const { return m_error; }
    bool commit();

private:
    bool run(TransactionStatements::Kind kind);

    std::unique_ptr<TransactionStatements> m_own; // with the QSqlDatabase constructor
    TransactionStatements *m_statements = nullptr;
    QSqlError m_error;
    bool m_active = false;
};

// A clear sentence for an SQLite error while doing `what` ("store the response").
QString describeError(const QSqlError &error, const QString &what);
// The SQLite primary result code of an error (SQLITE_FULL is 13...), 0 when there is none.
int sqliteCode(const QSqlError &error);

// Header blocks are stored as readable "Name: value\r\n" lines; '%', CR, LF and NUL (and ':' in names)
// are percent-escaped so any bytes survive the round trip, order and duplicates included.
QByteArray encodeHeaders(const HttpHeaders &headers);
HttpHeaders decodeHeaders(QByteArrayView encoded);

// Statements kept compiled (ValidatorStore::statement()) are written with '?' placeholders and compiled
// with them numbered :p0, :p1... (outside quoted text); bindNumbered() binds values[i] to :p<i>. Qt 6.4
// binds a '?' by building the name ":<i>" with QString::arg and a hash look-up for every value (about 2 K
// instructions each, and a 304 with its timeline event binds 30); a named bind is one look-up.
QString numberedPlaceholders(const QString &sql);
void bindNumbered(QSqlQuery &query, const QVariantList &values);

// Times are stored as milliseconds since the epoch, UTC; NULL for a null time.
QVariant timeToSql(const QDateTime &time);
QDateTime timeFromSql(const QVariant &value);

} // namespace CacheScope::StoreSchema
