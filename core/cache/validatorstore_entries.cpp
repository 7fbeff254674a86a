// ValidatorStore: reading and writing entries (opening and file handling are in validatorstore.cpp).
#include "cache/storeschema.h"
#include "cache/varykey.h"
#include "validatorstore.h"

#include <limits>
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

const QString entryColumns = QStringLiteral(
    "e.id, e.method, e.url, e.status, e.reason, e.http_version, e.request_headers, e.response_headers, "
    "e.header_wire_size, e.body_wire_size, e.request_time, e.response_time, e.stored_at, e.last_validated, b.body");

CacheEntry entryFromRow(const QSqlQuery &q)
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
    entry.body = q.value(14).toByteArray();
    return entry;
}

const QString summaryColumns
    = QStringLiteral("id, method, url, secondary_key, status, summary_headers, body_size, header_wire_size, "
                     "body_wire_size, request_time, response_time, stored_at, last_validated");

CacheEntrySummary summaryFromRow(const QSqlQuery &q)
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

} // namespace

std::optional<CacheEntry> ValidatorStore::get(qint64 id)
{
    if (!ensureOpen())
        return std::nullopt;
    const QList<CacheEntry> found = readEntries(QStringLiteral("e.id = ?"), { id });
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

QList<CacheEntry> ValidatorStore::variants(const QByteArray &method, const QUrl &url)
{
    if (!ensureOpen())
        return {};
    return readEntries(QStringLiteral("e.url = ? AND e.method = ? ORDER BY e.secondary_key"),
        { cacheKeyUrl(url), QString::fromLatin1(method) });
}

QList<CacheEntry> ValidatorStore::entriesForUrl(const QUrl &url)
{
    if (!ensureOpen())
        return {};
    return readEntries(QStringLiteral("e.url = ? ORDER BY e.method, e.secondary_key"), { cacheKeyUrl(url) });
}

QList<CacheEntry> ValidatorStore::readEntries(const QString &where, const QVariantList &values)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT %1 FROM entries e LEFT JOIN bodies b ON b.entry_id = e.id WHERE %2")
                      .arg(entryColumns, where));
    for (const QVariant &value : values)
        query.addBindValue(value);
    QList<CacheEntry> entries;
    if (!query.exec()) {
        fail(describeError(query.lastError(), QStringLiteral("read stored responses")));
        return entries;
    }
    while (query.next())
        entries.append(entryFromRow(query));
    if (query.lastError().isValid())
        fail(describeError(query.lastError(), QStringLiteral("read stored responses")));
    return entries;
}

std::optional<CacheEntry> ValidatorStore::lookup(
    const QByteArray &method, const QUrl &url, const HttpHeaders &requestHeaders)
{
    if (!ensureOpen())
        return std::nullopt;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT id, secondary_key, summary_headers, response_time FROM entries "
                                 "WHERE url = ? AND method = ?"));
    query.addBindValue(cacheKeyUrl(url));
    query.addBindValue(QString::fromLatin1(method));
    if (!query.exec()) {
        fail(describeError(query.lastError(), QStringLiteral("look up a stored response")));
        return std::nullopt;
    }
    qint64 best = 0;
    qint64 bestTime = std::numeric_limits<qint64>::min();
    while (query.next()) {
        // The Vary of each stored response decides which request headers select it (RFC 9111 §4.1).
        const VaryKey vary = VaryKey::fromResponse(decodeHeaders(query.value(2).toByteArray()));
        if (vary.isWildcard() || vary.secondaryKey(requestHeaders) != query.value(1).toString().toLatin1())
            continue;
        // Several may match (a response without Vary and one with it): the most recent wins.
        const QVariant received = query.value(3);
        const qint64 time = received.isNull() ? std::numeric_limits<qint64>::min() : received.toLongLong();
        const qint64 id = query.value(0).toLongLong();
        if (best == 0 || time > bestTime || (time == bestTime && id > best)) {
            best = id;
            bestTime = time;
        }
    }
    if (best == 0)
        return std::nullopt;
    return get(best);
}

QList<CacheEntrySummary> ValidatorStore::list()
{
    QList<CacheEntrySummary> summaries;
    if (!ensureOpen())
        return summaries;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT %1 FROM entries ORDER BY url, method, secondary_key").arg(summaryColumns))) {
        fail(describeError(query.lastError(), QStringLiteral("list the stored responses")));
        return summaries;
    }
    while (query.next())
        summaries.append(summaryFromRow(query));
    if (query.lastError().isValid())
        fail(describeError(query.lastError(), QStringLiteral("list the stored responses")));
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

    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT id FROM entries WHERE url = ? AND method = ? AND secondary_key = ?"));
    query.addBindValue(url);
    query.addBindValue(method);
    query.addBindValue(key);
    if (!query.exec())
        return fail(describeError(query.lastError(), what));
    const qint64 existing = query.next() ? query.value(0).toLongLong() : 0;
    query.finish();

    // The same column list serves both statements so a new column cannot be forgotten in one of them.
    static const QStringList columns { QStringLiteral("status"), QStringLiteral("reason"),
        QStringLiteral("http_version"), QStringLiteral("request_headers"), QStringLiteral("response_headers"),
        QStringLiteral("summary_headers"), QStringLiteral("body_size"), QStringLiteral("header_wire_size"),
        QStringLiteral("body_wire_size"), QStringLiteral("request_time"), QStringLiteral("response_time"),
        QStringLiteral("stored_at"), QStringLiteral("last_validated") };
    const QVariantList values { entry.status, blob(entry.reason), blob(entry.httpVersion),
        encodeHeaders(entry.requestHeaders), encodeHeaders(entry.responseHeaders),
        encodeHeaders(summaryHeaders(entry.responseHeaders)), qint64(entry.body.size()), entry.headerWireSize,
        entry.bodyWireSize, timeToSql(entry.requestTime), timeToSql(entry.responseTime),
        timeToSql(entry.storedAt.isValid() ? entry.storedAt : now()), timeToSql(entry.lastValidated) };
    if (existing) {
        query.prepare(
            QStringLiteral("UPDATE entries SET %1 = ? WHERE id = ?").arg(columns.join(QStringLiteral(" = ?, "))));
    } else {
        query.prepare(QStringLiteral("INSERT INTO entries (method, url, secondary_key, %1) VALUES (?, ?, ?%2)")
                          .arg(columns.join(QStringLiteral(", ")), QStringLiteral(", ?").repeated(columns.size())));
        query.addBindValue(method);
        query.addBindValue(url);
        query.addBindValue(key);
    }
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (existing)
        query.addBindValue(existing);
    if (!query.exec())
        return fail(describeError(query.lastError(), what));
    *id = existing ? existing : query.lastInsertId().toLongLong();

    query.prepare(QStringLiteral("INSERT OR REPLACE INTO bodies (entry_id, body) VALUES (?, ?)"));
    query.addBindValue(*id);
    query.addBindValue(blob(entry.body));
    if (!query.exec())
        return fail(describeError(query.lastError(), what));
    return true;
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
    WriteTransaction transaction(m_db);
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
    WriteTransaction transaction(m_db);
    if (!transaction.isActive())
        return fail(describeError(transaction.error(), what));
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT url, method, request_headers, secondary_key FROM entries WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec())
        return fail(describeError(query.lastError(), what));
    if (!query.next())
        return fail(QStringLiteral("cannot update the stored response %1: there is no such entry").arg(id));
    const QString url = query.value(0).toString();
    const QString method = query.value(1).toString();
    const HttpHeaders request = decodeHeaders(query.value(2).toByteArray());
    const QString oldKey = query.value(3).toString();
    query.finish();

    const QString key = QString::fromLatin1(VaryKey::fromResponse(responseHeaders).secondaryKey(request));
    if (key != oldKey) {
        // The merged headers changed Vary: this entry now holds the slot of any variant with that key.
        const QString others
            = QStringLiteral("SELECT id FROM entries WHERE url = ? AND method = ? AND secondary_key = ? "
                             "AND id <> ?");
        for (const QString &sql : { QStringLiteral("DELETE FROM bodies WHERE entry_id IN (%1)").arg(others),
                 QStringLiteral("DELETE FROM entries WHERE id IN (%1)").arg(others) }) {
            query.prepare(sql);
            for (const QVariant &value : QVariantList { url, method, key, id })
                query.addBindValue(value);
            if (!query.exec())
                return fail(describeError(query.lastError(), what));
        }
    }
    query.prepare(QStringLiteral("UPDATE entries SET response_headers = ?, summary_headers = ?, secondary_key = ?, "
                                 "last_validated = COALESCE(?, last_validated), "
                                 "request_time = COALESCE(?, request_time), "
                                 "response_time = COALESCE(?, response_time) WHERE id = ?"));
    for (const QVariant &value :
        QVariantList { encodeHeaders(responseHeaders), encodeHeaders(summaryHeaders(responseHeaders)), key,
            timeToSql(lastValidated), timeToSql(requestTime), timeToSql(responseTime), id })
        query.addBindValue(value);
    if (!query.exec())
        return fail(describeError(query.lastError(), what));
    if (!transaction.commit())
        return fail(describeError(transaction.error(), what));
    return true;
}

qint64 ValidatorStore::removeWhere(const QString &where, const QVariantList &values, const QString &what)
{
    if (!ensureOpen())
        return -1;
    WriteTransaction transaction(m_db);
    if (!transaction.isActive()) {
        fail(describeError(transaction.error(), what));
        return -1;
    }
    // Bodies first and explicitly: the cascade needs foreign_keys=ON, which a connection may lack.
    QSqlQuery query(m_db);
    for (const QString &table : { QStringLiteral("bodies"), QStringLiteral("entries") }) {
        if (table == QLatin1String("bodies"))
            query.prepare(
                QStringLiteral("DELETE FROM bodies WHERE entry_id IN (SELECT id FROM entries WHERE %1)").arg(where));
        else
            query.prepare(QStringLiteral("DELETE FROM entries WHERE %1").arg(where));
        for (const QVariant &value : values)
            query.addBindValue(value);
        if (!query.exec()) {
            fail(describeError(query.lastError(), what));
            return -1;
        }
    }
    const qint64 removed = query.numRowsAffected();
    if (!transaction.commit()) {
        fail(describeError(transaction.error(), what));
        return -1;
    }
    return removed;
}

bool ValidatorStore::remove(qint64 id)
{
    const qint64 removed
        = removeWhere(QStringLiteral("id = ?"), { id }, QStringLiteral("remove the stored response %1").arg(id));
    if (removed == 0)
        return fail(QStringLiteral("cannot remove the stored response %1: there is no such entry").arg(id));
    return removed > 0;
}

int ValidatorStore::remove(const QUrl &url)
{
    const QString key = cacheKeyUrl(url);
    if (key.isEmpty()) {
        m_error
            = QStringLiteral("cannot remove stored responses for '%1': not an absolute URL").arg(url.toDisplayString());
        return -1;
    }
    return int(
        removeWhere(QStringLiteral("url = ?"), { key }, QStringLiteral("remove the stored responses for %1").arg(key)));
}

bool ValidatorStore::clear()
{
    return removeWhere(QStringLiteral("1"), {}, QStringLiteral("clear the store")) >= 0;
}

qint64 ValidatorStore::scalar(const QString &sql, const QString &what)
{
    if (!ensureOpen())
        return -1;
    QSqlQuery query(m_db);
    if (!query.exec(sql) || !query.next()) {
        fail(describeError(query.lastError(), what));
        return -1;
    }
    return query.value(0).toLongLong();
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
