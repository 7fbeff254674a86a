// ValidatorStore: reading and writing entries (opening and file handling are in validatorstore.cpp).
#include "cache/storeschema.h"
#include "cache/varykey.h"
#include "validatorstore.h"

#include <algorithm>
#include <limits>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>

namespace CacheScope {

using namespace StoreSchema;

namespace {

HttpHeaders summaryHeaders(const HttpHeaders &response)
{
    static const QByteArrayView names[] = { "cache-control", "pragma", "expires", "date", "age", "last-modified",
        "etag", "content-type", "content-encoding", "vary" };
    HttpHeaders summary;
    for (const HeaderField &field : response) {
        for (QByteArrayView name : names) {
            if (sameHeaderName(field.name, name)) {
                summary.append(field.name, field.value);
                break;
            }
        }
    }
    return summary;
}

// For NOT NULL blob columns: Qt binds a null QByteArray as SQL NULL.
QByteArray blob(const QByteArray &bytes)
{
    return bytes.isNull() ? QByteArray("") : bytes;
}

const QString entryColumns
    = QStringLiteral("e.id, e.method, e.url, e.status, e.reason, e.http_version, h.request_headers, "
                     "h.response_headers, e.header_wire_size, e.body_wire_size, e.request_time, e.response_time, "
                     "e.stored_at, e.last_validated, e.secondary_key");

CacheEntry entryFromRow(const QSqlQuery &q, StoredBody body)
{
    CacheEntry entry;
    entry.id = q.value(0).toLongLong();
    entry.method = q.value(1).toString().toLatin1();
    entry.url = QUrl(q.value(2).toString());
    entry.status = q.value(3).toInt();
    entry.reason = q.value(4).toByteArray();
    entry.httpVersion = q.value(5).toByteArray();
    entry.requestHeaders = decodeHeaders(q.value(6).toByteArray());
    entry.responseHeaders = decodeHeaders(q.value(7).toByteArray());
    entry.headerWireSize = q.value(8).toLongLong();
    entry.bodyWireSize = q.value(9).toLongLong();
    entry.requestTime = timeFromSql(q.value(10));
    entry.responseTime = timeFromSql(q.value(11));
    entry.storedAt = timeFromSql(q.value(12));
    entry.lastValidated = timeFromSql(q.value(13));
    if (body == StoredBody::Include)
        entry.body = q.value(15).toByteArray(); // NULL (empty) when the body row is missing
    return entry;
}

// The entries columns put() writes, besides the key columns; one list for INSERT and UPDATE alike.
const QStringList &entryValueColumns()
{
    static const QStringList columns { QStringLiteral("status"), QStringLiteral("reason"),
        QStringLiteral("http_version"), QStringLiteral("body_size"), QStringLiteral("header_wire_size"),
        QStringLiteral("body_wire_size"), QStringLiteral("request_time"), QStringLiteral("response_time"),
        QStringLiteral("stored_at"), QStringLiteral("last_validated"), QStringLiteral("summary_headers") };
    return columns;
}

} // namespace

QString EntryRows::listSql()
{
    return QStringLiteral(
        "SELECT id, method, url, secondary_key, status, summary_headers, body_size, header_wire_size, "
        "body_wire_size, request_time, response_time, stored_at, last_validated FROM entries ORDER BY id");
}

CacheEntrySummary EntryRows::summaryFromRow(const QSqlQuery &q)
{
    CacheEntrySummary summary;
    summary.id = q.value(0).toLongLong();
    summary.method = q.value(1).toString().toLatin1();
    summary.url = QUrl(q.value(2).toString());
    summary.secondaryKey = q.value(3).toString().toLatin1();
    summary.status = q.value(4).toInt();
    summary.headers = decodeHeaders(q.value(5).toByteArray());
    summary.bodySize = q.value(6).toLongLong();
    summary.headerWireSize = q.value(7).toLongLong();
    summary.bodyWireSize = q.value(8).toLongLong();
    summary.requestTime = timeFromSql(q.value(9));
    summary.responseTime = timeFromSql(q.value(10));
    summary.storedAt = timeFromSql(q.value(11));
    summary.lastValidated = timeFromSql(q.value(12));
    return summary;
}

StoreSchema::TransactionStatements *ValidatorStore::transactionStatements()
{
    if (!m_db.isOpen())
        return nullptr;
    if (!m_transactions)
        m_transactions = std::make_unique<TransactionStatements>(m_db);
    return m_transactions.get();
}

QSqlQuery *ValidatorStore::statement(const QString &sql, const QString &what)
{
    if (!m_db.isOpen()) {
        fail(QStringLiteral("the validator store is not open"));
        return nullptr;
    }
    std::unique_ptr<QSqlQuery> &slot = m_statements[sql];
    if (!slot) {
        auto prepared = std::make_unique<QSqlQuery>(m_db);
        prepared->setForwardOnly(true);
        if (!prepared->prepare(numberedPlaceholders(sql))) {
            m_statements.erase(sql);
            fail(describeError(prepared->lastError(), what));
            return nullptr;
        }
        slot = std::move(prepared);
    }
    return slot.get();
}

bool ValidatorStore::run(const QString &sql, const QVariantList &values, const QString &what,
    const std::function<void(const QSqlQuery &)> &row, qint64 *rowsAffected, qint64 *insertedId)
{
    QSqlQuery *slot = statement(sql, what);
    if (!slot)
        return false;
    QSqlQuery &query = *slot;
    // Reset even on early return: a statement left mid-result keeps a read snapshot open, which would
    // hide other processes' writes and block WAL checkpoints.
    const auto reset = qScopeGuard([&query] { query.finish(); });
    bindNumbered(query, values);
    if (!query.exec())
        return fail(describeError(query.lastError(), what));
    if (row) {
        while (query.next())
            row(query);
        if (query.lastError().isValid())
            return fail(describeError(query.lastError(), what));
    }
    if (rowsAffected)
        *rowsAffected = query.numRowsAffected();
    if (insertedId)
        *insertedId = query.lastInsertId().toLongLong();
    return true;
}

std::optional<CacheEntry> ValidatorStore::get(qint64 id)
{
    if (!ensureOpen())
        return std::nullopt;
    const QList<CacheEntry> found = readEntries(QStringLiteral("e.id = ?"), { id });
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

QList<CacheEntry> ValidatorStore::variants(const QByteArray &method, const QUrl &url, StoredBody body)
{
    if (!ensureOpen())
        return {};
    const QString key = cacheKeyUrl(url);
    if (body == StoredBody::Omit && memoIsCurrent()) {
        const auto found = m_variantsMemo.constFind(memoKey(method, key));
        if (found != m_variantsMemo.cend())
            return found->variants;
    }
    return readEntries(QStringLiteral("e.url = ? AND e.method = ? ORDER BY e.secondary_key"),
        { key, QString::fromLatin1(method) }, body);
}

QString ValidatorStore::memoKey(const QByteArray &method, const QString &cacheKey)
{
    return QString::fromLatin1(method) + QLatin1Char(' ') + cacheKey;
}

// PRAGMA data_version changes whenever another connection (another process, or another ValidatorStore)
// has committed to the file since this connection last looked; this store's own writes do not change it,
// so each of them forgets the memo itself. A failed check counts as a change.
bool ValidatorStore::memoIsCurrent()
{
    if (m_variantsMemo.isEmpty())
        return false;
    qint64 version = -1;
    if (!run(QStringLiteral("PRAGMA data_version"), {}, QStringLiteral("check for changes"),
            [&version](const QSqlQuery &q) { version = q.value(0).toLongLong(); })) {
        m_error.clear(); // only an optimisation: the caller reads the store instead
        version = -1;
    }
    if (version >= 0 && version == m_memoVersion)
        return true;
    m_variantsMemo.clear();
    return false;
}

void ValidatorStore::forgetVariants()
{
    m_variantsMemo.clear();
}

std::optional<QByteArray> ValidatorStore::body(qint64 id)
{
    if (!ensureOpen())
        return std::nullopt;
    // The LEFT JOIN tells "no such entry" (no row) from "entry without a body row" (NULL body).
    std::optional<QByteArray> found;
    if (!run(QStringLiteral("SELECT b.body FROM entries e LEFT JOIN bodies b ON b.entry_id = e.id WHERE e.id = ?"),
            { id }, QStringLiteral("read the stored body of response %1").arg(id),
            [&found](const QSqlQuery &q) { found = q.value(0).toByteArray(); }))
        return std::nullopt;
    if (!found)
        fail(QStringLiteral("cannot read the stored body of response %1: there is no such entry").arg(id));
    return found;
}

QList<CacheEntry> ValidatorStore::entriesForUrl(const QUrl &url)
{
    if (!ensureOpen())
        return {};
    return readEntries(QStringLiteral("e.url = ? ORDER BY e.method, e.secondary_key"), { cacheKeyUrl(url) });
}

QList<CacheEntry> ValidatorStore::readEntries(
    const QString &where, const QVariantList &values, StoredBody body, QHash<qint64, QString> *keys)
{
    QList<CacheEntry> entries;
    const QString sql = body == StoredBody::Include
        ? QStringLiteral("SELECT %1, b.body FROM entries e LEFT JOIN entry_headers h ON h.entry_id = e.id "
                         "LEFT JOIN bodies b ON b.entry_id = e.id WHERE %2")
        : QStringLiteral("SELECT %1 FROM entries e LEFT JOIN entry_headers h ON h.entry_id = e.id WHERE %2");
    run(sql.arg(entryColumns, where), values, QStringLiteral("read stored responses"),
        [&entries, body, keys](const QSqlQuery &query) {
            entries.append(entryFromRow(query, body));
            if (keys)
                keys->insert(entries.constLast().id, query.value(14).toString());
        });
    return entries;
}

std::optional<CacheEntry> ValidatorStore::lookup(
    const QByteArray &method, const QUrl &url, const HttpHeaders &requestHeaders)
{
    if (!ensureOpen())
        return std::nullopt;
    qint64 best = 0;
    qint64 bestTime = std::numeric_limits<qint64>::min();
    const auto consider = [&](const QSqlQuery &query) {
        // The Vary of each stored response decides which request headers select it (RFC 9111 §4.1).
        const VaryKey vary = VaryKey::fromResponse(decodeHeaders(query.value(2).toByteArray()));
        if (vary.isWildcard() || vary.secondaryKey(requestHeaders) != query.value(1).toString().toLatin1())
            return;
        // Several may match (a response without Vary and one with it): the most recent wins.
        const QVariant received = query.value(3);
        const qint64 time = received.isNull() ? std::numeric_limits<qint64>::min() : received.toLongLong();
        const qint64 id = query.value(0).toLongLong();
        if (best == 0 || time > bestTime || (time == bestTime && id > best)) {
            best = id;
            bestTime = time;
        }
    };
    if (!run(QStringLiteral("SELECT id, secondary_key, summary_headers, response_time FROM entries "
                            "WHERE url = ? AND method = ?"),
            { cacheKeyUrl(url), QString::fromLatin1(method) }, QStringLiteral("look up a stored response"), consider))
        return std::nullopt;
    if (best == 0)
        return std::nullopt;
    return get(best);
}

QList<CacheEntrySummary> ValidatorStore::list()
{
    QList<CacheEntrySummary> summaries;
    if (!ensureOpen())
        return summaries;
    summaries.reserve(qsizetype(qMax<qint64>(0, count())));
    const bool ok = run(EntryRows::listSql(), {}, QStringLiteral("list the stored responses"),
        [&summaries](const QSqlQuery &query) { summaries.append(EntryRows::summaryFromRow(query)); });
    if (!ok)
        summaries.clear();
    return summaries;
}

bool ValidatorStore::writeEntry(const CacheEntry &entry, qint64 *id)
{
    const QString url = cacheKeyUrl(entry.url);
    if (entry.status <= 0 || url.isEmpty())
        return fail(QStringLiteral("cannot store a response without a status code and an absolute URL (status %1, "
                                   "URL '%2')")
                        .arg(entry.status)
                        .arg(entry.url.toDisplayString()));
    if (entry.method.isEmpty())
        return fail(QStringLiteral("cannot store a response for %1 without its request method").arg(url));
    const QString what = QStringLiteral("store the response for %1").arg(url);
    const QString method = QString::fromLatin1(entry.method);
    const QString key
        = QString::fromLatin1(VaryKey::fromResponse(entry.responseHeaders).secondaryKey(entry.requestHeaders));

    qint64 existing = 0;
    if (!run(QStringLiteral("SELECT id FROM entries WHERE url = ? AND method = ? AND secondary_key = ?"),
            { url, method, key }, what, [&existing](const QSqlQuery &q) { existing = q.value(0).toLongLong(); }))
        return false;

    QVariantList values { entry.status, blob(entry.reason), blob(entry.httpVersion), qint64(entry.body.size()),
        entry.headerWireSize, entry.bodyWireSize, timeToSql(entry.requestTime), timeToSql(entry.responseTime),
        timeToSql(entry.storedAt.isValid() ? entry.storedAt : now()), timeToSql(entry.lastValidated),
        encodeHeaders(summaryHeaders(entry.responseHeaders)) };
    const QStringList &columns = entryValueColumns();
    if (existing) {
        values.append(existing);
        if (!run(QStringLiteral("UPDATE entries SET %1 = ? WHERE id = ?").arg(columns.join(QStringLiteral(" = ?, "))),
                values, what))
            return false;
        *id = existing;
    } else {
        values = QVariantList { method, url, key } + values;
        if (!run(QStringLiteral("INSERT INTO entries (method, url, secondary_key, %1) VALUES (?, ?, ?%2)")
                     .arg(columns.join(QStringLiteral(", ")), QStringLiteral(", ?").repeated(columns.size())),
                values, what, {}, nullptr, id))
            return false;
    }
    return run(QStringLiteral("INSERT OR REPLACE INTO entry_headers (entry_id, request_headers, response_headers) "
                              "VALUES (?, ?, ?)"),
               { *id, encodeHeaders(entry.requestHeaders), encodeHeaders(entry.responseHeaders) }, what)
        && run(QStringLiteral("INSERT OR REPLACE INTO bodies (entry_id, body) VALUES (?, ?)"),
            { *id, blob(entry.body) }, what);
}

qint64 ValidatorStore::put(const CacheEntry &entry)
{
    QList<qint64> ids;
    return putAll({ entry }, &ids) ? ids.constFirst() : 0;
}

bool ValidatorStore::putAll(const QList<CacheEntry> &entries, QList<qint64> *ids)
{
    if (!ensureOpen())
        return false;
    forgetVariants();
    WriteTransaction transaction(*transactionStatements());
    if (!transaction.isActive())
        return fail(describeError(transaction.error(), QStringLiteral("store responses")));
    QList<qint64> written;
    written.reserve(entries.size());
    for (const CacheEntry &entry : entries) {
        qint64 id = 0;
        if (!writeEntry(entry, &id)) {
            if (entries.size() > 1)
                m_error = QStringLiteral("nothing was stored: entry %1 of %2: %3")
                              .arg(written.size() + 1)
                              .arg(entries.size())
                              .arg(m_error);
            return false;
        }
        written.append(id);
    }
    if (!transaction.commit())
        return fail(describeError(transaction.error(), QStringLiteral("store responses")));
    if (ids)
        *ids = written;
    return true;
}

bool ValidatorStore::updateHeaders(qint64 id, const HttpHeaders &responseHeaders, const QDateTime &lastValidated,
    const QDateTime &requestTime, const QDateTime &responseTime)
{
    if (!ensureOpen())
        return false;
    const QString what = QStringLiteral("update the stored response %1").arg(id);
    forgetVariants();
    WriteTransaction transaction(*transactionStatements());
    if (!transaction.isActive())
        return fail(describeError(transaction.error(), what));
    StoredKey row;
    if (!run(QStringLiteral("SELECT e.url, e.method, h.request_headers, e.secondary_key FROM entries e "
                            "LEFT JOIN entry_headers h ON h.entry_id = e.id WHERE e.id = ?"),
            { id }, what, [&row, id](const QSqlQuery &q) {
                row = { id, q.value(0), q.value(1), decodeHeaders(q.value(2).toByteArray()), q.value(3).toString() };
            }))
        return false;
    if (row.id == 0)
        return fail(QStringLiteral("cannot update the stored response %1: there is no such entry").arg(id));
    if (!rewriteHeaders(row, responseHeaders, lastValidated, requestTime, responseTime, what))
        return false;
    if (!transaction.commit())
        return fail(describeError(transaction.error(), what));
    return true;
}

bool ValidatorStore::updateVariants(const QByteArray &method, const QUrl &url,
    const std::function<QList<CacheEntry>(const QList<CacheEntry> &variants)> &merge, const QDateTime &lastValidated,
    const QDateTime &requestTime, const QDateTime &responseTime)
{
    if (!ensureOpen())
        return false;
    const QString key = cacheKeyUrl(url);
    const QString what = QStringLiteral("update the stored responses for %1").arg(key);
    WriteTransaction transaction(*transactionStatements());
    if (!transaction.isActive())
        return fail(describeError(transaction.error(), what));
    MemoizedVariants read;
    if (!variantsInTransaction(method, key, &read))
        return false;
    const QList<CacheEntry> &variants = read.variants;
    const QHash<qint64, QString> &keys = read.keys;
    const QList<CacheEntry> updated = merge(variants);
    if (updated.isEmpty())
        return true; // the transaction rolls back: nothing was written
    m_variantsMemo.remove(memoKey(method, key));
    // What a read right after this commit would return, unless a variant changes its secondary key (then
    // the order and the set of variants change: not worth rebuilding here).
    QList<CacheEntry> after = variants;
    bool keysKept = true;
    for (const CacheEntry &entry : updated) {
        const auto stored = std::find_if(
            variants.begin(), variants.end(), [&entry](const CacheEntry &v) { return v.id == entry.id; });
        if (stored == variants.end())
            return fail(QStringLiteral("cannot update the stored response %1: it is not a variant of %2 %3")
                            .arg(entry.id)
                            .arg(QString::fromLatin1(method), key));
        const StoredKey row { entry.id, key, QString::fromLatin1(method), stored->requestHeaders,
            keys.value(entry.id) };
        if (!rewriteHeaders(
                row, entry.responseHeaders, lastValidated, requestTime, responseTime, what, &stored->responseHeaders))
            return false;
        CacheEntry &memo = after[stored - variants.begin()];
        memo.responseHeaders = entry.responseHeaders;
        // As the UPDATE's COALESCE does, and as a read converts them back.
        for (auto [time, value] : { std::pair { &memo.lastValidated, &lastValidated },
                 std::pair { &memo.requestTime, &requestTime }, std::pair { &memo.responseTime, &responseTime } }) {
            if (value->isValid())
                *time = timeFromSql(timeToSql(*value));
        }
        keysKept = keysKept
            && QString::fromLatin1(VaryKey::fromResponse(entry.responseHeaders).secondaryKey(stored->requestHeaders))
                == keys.value(entry.id);
    }
    if (!transaction.commit())
        return fail(describeError(transaction.error(), what));
    if (keysKept) {
        if (m_variantsMemo.size() >= MaxMemoizedUrls)
            m_variantsMemo.clear();
        m_variantsMemo.insert(memoKey(method, key), { after, keys });
    }
    return true;
}

// Inside updateVariants()'s write transaction, which keeps every other writer out until it ends: when no
// other connection has committed since the memo was taken, the memo is what is stored and no read is needed.
bool ValidatorStore::variantsInTransaction(const QByteArray &method, const QString &key, MemoizedVariants *read)
{
    const QString what = QStringLiteral("update the stored responses for %1").arg(key);
    qint64 version = -1;
    if (!run(QStringLiteral("PRAGMA data_version"), {}, what,
            [&version](const QSqlQuery &q) { version = q.value(0).toLongLong(); }))
        return false;
    if (version != m_memoVersion) {
        // Entries memoized before another connection's commit are not known to be current any more.
        m_variantsMemo.clear();
        m_memoVersion = version;
    }
    if (const auto found = m_variantsMemo.constFind(memoKey(method, key)); found != m_variantsMemo.cend()) {
        *read = *found;
        return true;
    }
    read->variants = readEntries(QStringLiteral("e.url = ? AND e.method = ? ORDER BY e.secondary_key"),
        { key, QString::fromLatin1(method) }, StoredBody::Omit, &read->keys);
    return m_error.isEmpty();
}

bool ValidatorStore::rewriteHeaders(const StoredKey &row, const HttpHeaders &responseHeaders,
    const QDateTime &lastValidated, const QDateTime &requestTime, const QDateTime &responseTime, const QString &what,
    const HttpHeaders *storedHeaders)
{
    const QString key = QString::fromLatin1(VaryKey::fromResponse(responseHeaders).secondaryKey(row.requestHeaders));
    // A 304 that repeats what is stored (revalidations within the same second: the same Date) leaves both
    // header blocks as they are: only the times change. The stored summary and key were written from
    // these same headers, so the full UPDATEs would write back the bytes already there.
    if (storedHeaders && *storedHeaders == responseHeaders && key == row.secondaryKey) {
        return run(QStringLiteral("UPDATE entries SET last_validated = COALESCE(?, last_validated), "
                                  "request_time = COALESCE(?, request_time), "
                                  "response_time = COALESCE(?, response_time) WHERE id = ?"),
            { timeToSql(lastValidated), timeToSql(requestTime), timeToSql(responseTime), row.id }, what);
    }
    // If the merged headers changed Vary, this entry takes the slot of any variant with the new key.
    if (key != row.secondaryKey
        && removeWhere(QStringLiteral("url = ? AND method = ? AND secondary_key = ? AND id <> ?"),
               { row.url, row.method, key, row.id }, what, false)
            < 0)
        return false;
    return run(QStringLiteral("UPDATE entries SET summary_headers = ?, secondary_key = ?, "
                              "last_validated = COALESCE(?, last_validated), "
                              "request_time = COALESCE(?, request_time), "
                              "response_time = COALESCE(?, response_time) WHERE id = ?"),
               { encodeHeaders(summaryHeaders(responseHeaders)), key, timeToSql(lastValidated), timeToSql(requestTime),
                   timeToSql(responseTime), row.id },
               what)
        && run(QStringLiteral("UPDATE entry_headers SET response_headers = ? WHERE entry_id = ?"),
            { encodeHeaders(responseHeaders), row.id }, what);
}

qint64 ValidatorStore::removeWhere(
    const QString &where, const QVariantList &values, const QString &what, bool ownTransaction)
{
    forgetVariants();
    std::optional<WriteTransaction> transaction;
    if (ownTransaction) {
        transaction.emplace(*transactionStatements());
        if (!transaction->isActive()) {
            fail(describeError(transaction->error(), what));
            return -1;
        }
    }
    qint64 removed = 0;
    for (const char *table : { "bodies", "entry_headers" }) {
        if (!run(QStringLiteral("DELETE FROM %1 WHERE entry_id IN (SELECT id FROM entries WHERE %2)")
                     .arg(QLatin1String(table), where),
                values, what))
            return -1;
    }
    if (!run(QStringLiteral("DELETE FROM entries WHERE %1").arg(where), values, what, {}, &removed))
        return -1;
    if (transaction && !transaction->commit()) {
        fail(describeError(transaction->error(), what));
        return -1;
    }
    return removed;
}

bool ValidatorStore::remove(qint64 id)
{
    if (!ensureOpen())
        return false;
    const qint64 removed
        = removeWhere(QStringLiteral("id = ?"), { id }, QStringLiteral("remove the stored response %1").arg(id));
    if (removed == 0)
        return fail(QStringLiteral("cannot remove the stored response %1: there is no such entry").arg(id));
    return removed > 0;
}

int ValidatorStore::remove(const QUrl &url)
{
    if (!ensureOpen())
        return -1;
    const QString key = cacheKeyUrl(url);
    if (key.isEmpty()) {
        fail(QStringLiteral("cannot remove stored responses for '%1': not an absolute URL").arg(url.toDisplayString()));
        return -1;
    }
    return int(
        removeWhere(QStringLiteral("url = ?"), { key }, QStringLiteral("remove the stored responses for %1").arg(key)));
}

qint64 ValidatorStore::clear(ShrinkFile shrink)
{
    if (!ensureOpen())
        return -1;
    forgetVariants();
    const QString what = QStringLiteral("clear the store");
    WriteTransaction transaction(*transactionStatements());
    if (!transaction.isActive()) {
        fail(describeError(transaction.error(), what));
        return -1;
    }
    // Counted inside the write transaction, so the number is what this call removed.
    qint64 removed = 0;
    if (!run(QStringLiteral("SELECT COUNT(*) FROM entries"), {}, what,
            [&removed](const QSqlQuery &q) { removed = q.value(0).toLongLong(); }))
        return -1;
    // Unqualified DELETEs let SQLite drop whole tables' pages instead of deleting row by row.
    for (const char *table : { "bodies", "entry_headers", "entries" }) {
        if (!run(QStringLiteral("DELETE FROM %1").arg(QLatin1String(table)), {}, what))
            return -1;
    }
    if (!transaction.commit()) {
        fail(describeError(transaction.error(), what));
        return -1;
    }
    // Give the space back to the file system. Only an optimisation, so a store another process keeps busy
    // just stays large.
    if (shrink == ShrinkFile::Now) {
        QSqlQuery vacuum(m_db);
        vacuum.exec(QStringLiteral("VACUUM"));
    }
    return removed;
}

qint64 ValidatorStore::scalar(const QString &sql, const QString &what)
{
    if (!ensureOpen())
        return -1;
    qint64 value = -1;
    if (!run(sql, {}, what, [&value](const QSqlQuery &q) { value = q.value(0).toLongLong(); }))
        return -1;
    return value;
}

qint64 ValidatorStore::totalSize()
{
    return scalar(
        QStringLiteral("SELECT COALESCE(SUM(body_size), 0) FROM entries"), QStringLiteral("measure the store"));
}

qint64 ValidatorStore::count()
{
    return scalar(QStringLiteral("SELECT COUNT(*) FROM entries"), QStringLiteral("count the stored responses"));
}

} // namespace CacheScope
