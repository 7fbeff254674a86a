#pragma once

#include "cache/cacheentry.h"
#include "http/httpheaders.h"

#include <functional>
#include <memory>
#include <optional>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QUrl>
#include <QVariantList>
#include <unordered_map>

namespace CacheScope {

class StoreLocation;
namespace StoreSchema {
class TransactionStatements;
}

// Whether a read fills CacheEntry::body. Without it the entries carry everything else (headers, sizes,
// times): what a conditional request and a 304 merge need, for a fraction of the cost of a large body.
enum class StoredBody
{
    Include,
    Omit
};

// One row of ValidatorStore::list(): everything a table of stored responses shows, without the body or
// the full header blocks.
struct CacheEntrySummary
{
    qint64 id = 0;
    QByteArray method;
    QUrl url; // cacheKeyUrl() form
    QByteArray secondaryKey; // VaryKey::secondaryKey() of the stored request; "" without Vary
    int status = 0;
    // The response's Cache-Control, Pragma, Expires, Date, Age, Last-Modified, ETag, Content-Type,
    // Content-Encoding and Vary fields, in wire order: enough to label a row and to judge freshness.
    HttpHeaders headers;
    qint64 bodySize = 0; // stored (decoded) body bytes
    qint64 headerWireSize = 0;
    qint64 bodyWireSize = 0;
    QDateTime requestTime;
    QDateTime responseTime;
    QDateTime storedAt;
    QDateTime lastValidated;

    qint64 wireSize() const { return headerWireSize + bodyWireSize; }
};

// Reading the entries table on any connection to a store file: ValidatorStore::list() reads through these on the
// store's connection, StoreReader on a read-only connection of its own, off the UI thread, so both decode alike.
namespace EntryRows {
// The statement behind ValidatorStore::list(): summaries of every entry, oldest row first.
QString listSql();
// One row of listSql().
CacheEntrySummary summaryFromRow(const QSqlQuery &query);
} // namespace EntryRows

// The persistent validator store: stored responses in an SQLite file, one row per cache key (method,
// URL without fragment, and the request values of the headers the response's Vary names).
//
// Every write is one transaction, the file is in WAL mode with a busy timeout, so several instances and
// processes can share a store. Each instance owns a uniquely named QSqlDatabase connection and must be
// used from the thread that opened it. Failures never throw: they return false / nullopt / -1 and leave
// a sentence in errorString(), which is empty after a call that succeeded.
class ValidatorStore
{
public:
    ValidatorStore();
    ~ValidatorStore();
    ValidatorStore(const ValidatorStore &) = delete;
    ValidatorStore &operator=(const ValidatorStore &) = delete;

    // Opens (creating if needed) the store. A file that is not a CacheScope store of a version we know
    // (not SQLite, another application's database, a newer schema, damaged tables) is moved aside as
    // "<file>.corrupt-YYYYMMDD-HHMMSS" (or .foreign-, .newer-), a fresh store is created and
    // recoveryNotice() says what happened. A read-only or missing directory is an error.
    bool open(const StoreLocation &location);
    bool open(const QString &databasePath);
    // A second connection to a store another connection has opened (a StoreWriter's): the file must already
    // be a CacheScope store; a missing, empty or bad file is an error and is left exactly as it is.
    enum class OpenMode
    {
        CreateOrRecover, // open() above
        ExistingOnly,
    };
    bool open(const QString &databasePath, OpenMode mode);
    void close();
    bool isOpen() const;

    QString databasePath() const { return m_path; }
    QString errorString() const { return m_error; }
    // Set by open() when a bad file was moved aside; empty otherwise.
    QString recoveryNotice() const { return m_recoveryNotice; }
    QString movedAsidePath() const { return m_movedAsidePath; }
    // The QSqlDatabase connection name (for tests and diagnostics); empty when closed.
    QString connectionName() const;
    // The open connection, for tables kept beside the entries (TimelineStore); invalid when closed. Use it
    // from this store's thread only, and keep no QSqlQuery on it past close().
    QSqlDatabase database() const { return m_db; }
    // For tables kept beside the entries: BEGIN/COMMIT/ROLLBACK kept compiled for this connection (for
    // StoreSchema::WriteTransaction), and any statement compiled once and kept until close(). Both are
    // owned by the store; null when closed or (statement) when the SQL does not compile, with
    // errorString(). Call finish() on a statement when done with its rows: a statement left mid-result
    // keeps a read snapshot open. A statement's '?' placeholders are compiled numbered: bind its values
    // with StoreSchema::bindNumbered().
    StoreSchema::TransactionStatements *transactionStatements();
    QSqlQuery *statement(const QString &sql, const QString &what);

    // The clock used for storedAt when an entry has none and for moved-aside file names. UTC.
    void setClock(std::function<QDateTime()> clock);

    // The stored response a new request may use (RFC 9111 §4.1): same method and URL, and the Vary
    // headers of the stored request match the new one. Among several matches, the most recently received.
    // nullopt with an empty errorString() when nothing matches.
    std::optional<CacheEntry> lookup(const QByteArray &method, const QUrl &url, const HttpHeaders &requestHeaders);
    // Every stored variant for the method and URL, in secondary-key order. With StoredBody::Omit the
    // entries' bodies are left null; body() reads one when it turns out to be needed.
    // After updateVariants() (a 304 merge), an Omit read of the same method and URL returns what that
    // merge left, without reading it back, as long as no other connection has committed to the file since
    // (PRAGMA data_version) and this store has written nothing else. Write the entries' tables only
    // through this class, never through database().
    QList<CacheEntry> variants(const QByteArray &method, const QUrl &url, StoredBody body = StoredBody::Include);
    // Every stored entry for the URL, all methods, bodies included.
    QList<CacheEntry> entriesForUrl(const QUrl &url);
    std::optional<CacheEntry> get(qint64 id);
    // The stored body of one entry. nullopt (with errorString()) when there is no such entry; an entry
    // whose body row is missing reads as an empty body, as get() does.
    std::optional<QByteArray> body(qint64 id);

    // Stores the entry, replacing the variant with the same method, URL and secondary key (which keeps
    // its id). entry.id is ignored; the URL's fragment is dropped; a null storedAt becomes the clock's
    // time. Returns the row id, 0 on failure.
    qint64 put(const CacheEntry &entry);
    // put() for many entries in one transaction: all are stored or none. `ids` receives the row ids.
    bool putAll(const QList<CacheEntry> &entries, QList<qint64> *ids = nullptr);
    // After a 304: replaces the stored response headers with `responseHeaders` (already merged by the
    // caller) and records the validation time. Null times leave the stored value unchanged; pass the 304
    // exchange's request/response times to restart the age calculation. If the merged headers change
    // Vary, the entry's secondary key follows (replacing any variant that already had that key).
    bool updateHeaders(qint64 id, const HttpHeaders &responseHeaders, const QDateTime &lastValidated,
        const QDateTime &requestTime = {}, const QDateTime &responseTime = {});
    // A 304 merge as one write transaction, so that no other writer slips in between the read and the write:
    // reads the variants for the method and URL (headers only, StoredBody::Omit), passes them to `merge`,
    // and stores the response headers of each entry it returns (matched by id) with the times, as
    // updateHeaders() does. `merge` returning nothing writes nothing. False (nothing written) on failure.
    bool updateVariants(const QByteArray &method, const QUrl &url,
        const std::function<QList<CacheEntry>(const QList<CacheEntry> &variants)> &merge,
        const QDateTime &lastValidated, const QDateTime &requestTime = {}, const QDateTime &responseTime = {});

    // Summaries of every entry, oldest row first (table order: the fastest scan; sort in the view).
    // Reads no bodies and no full header blocks.
    QList<CacheEntrySummary> list();
    // False (with errorString()) when there is no such entry.
    bool remove(qint64 id);
    // Removes every entry (all methods and variants) for the URL; returns how many, -1 on failure.
    int remove(const QUrl &url);
    // Removes every entry; returns how many, -1 on failure. With ShrinkFile::Now the file shrinks back
    // afterwards (VACUUM): that copies the whole file, timeline included, so a window clearing the store on
    // its UI thread passes ShrinkFile::No and the freed pages are reused by later writes.
    enum class ShrinkFile
    {
        Now,
        No
    };
    qint64 clear(ShrinkFile shrink = ShrinkFile::Now);
    // Stored body bytes of every entry; -1 on failure.
    qint64 totalSize();
    // Number of stored entries; -1 on failure.
    qint64 count();

private:
    bool openCurrentStore();
    bool connectDatabase();
    void disconnectDatabase();
    bool prepareFile();
    QString configureConnection();
    bool moveAside(const QString &tag, const QString &detail);
    bool fail(const QString &message);
    bool ensureOpen();
    bool writeEntry(const CacheEntry &entry, qint64 *id);
    // `keys` (optional) receives each entry's secondary key by id.
    QList<CacheEntry> readEntries(const QString &where, const QVariantList &values,
        StoredBody body = StoredBody::Include, QHash<qint64, QString> *keys = nullptr);
    // updateHeaders() inside the caller's write transaction, for a row whose key columns are known.
    struct StoredKey
    {
        qint64 id = 0;
        QVariant url;
        QVariant method;
        HttpHeaders requestHeaders;
        QString secondaryKey;
    };
    bool rewriteHeaders(const StoredKey &row, const HttpHeaders &responseHeaders, const QDateTime &lastValidated,
        const QDateTime &requestTime, const QDateTime &responseTime, const QString &what,
        const HttpHeaders *storedHeaders = nullptr);
    // Runs a statement (compiled once per connection and kept) with positional values; calls `row` for
    // each result row. On failure sets errorString() to "cannot <what>: ..." and returns false.
    bool run(const QString &sql, const QVariantList &values, const QString &what,
        const std::function<void(const QSqlQuery &)> &row = {}, qint64 *rowsAffected = nullptr,
        qint64 *insertedId = nullptr);
    qint64 removeWhere(
        const QString &where, const QVariantList &values, const QString &what, bool ownTransaction = true);
    qint64 scalar(const QString &sql, const QString &what);
    QDateTime now() const;
    static QString memoKey(const QByteArray &method, const QString &cacheKey);
    bool memoIsCurrent();
    void forgetVariants();

    QSqlDatabase m_db;
    // Prepared statements by SQL text; QSqlQuery is move-only in spirit (copies share driver state).
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_statements;
    std::unique_ptr<StoreSchema::TransactionStatements> m_transactions;
    // See variants(): the variants each updateVariants() left, by memoKey(), and the data_version they
    // were current at. Bounded: cleared when it holds MaxMemoizedUrls.
    static constexpr qsizetype MaxMemoizedUrls = 4096;
    struct MemoizedVariants
    {
        QList<CacheEntry> variants; // StoredBody::Omit, in secondary-key order
        QHash<qint64, QString> keys; // each variant's secondary key by id
    };
    bool variantsInTransaction(const QByteArray &method, const QString &key, MemoizedVariants *read);
    QHash<QString, MemoizedVariants> m_variantsMemo;
    qint64 m_memoVersion = -1;
    QString m_connectionName;
    QString m_path;
    QString m_error;
    QString m_recoveryNotice;
    QString m_movedAsidePath;
    std::function<QDateTime()> m_clock;
};

} // namespace CacheScope
