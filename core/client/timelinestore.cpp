#include "timelinestore.h"

#include "cache/storeschema.h"
#include "cache/validatorstore.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace CacheScope {

using namespace StoreSchema;

namespace {

QString modeName(WatchMode mode)
{
    return mode == WatchMode::WhenStale ? QStringLiteral("when-stale") : QStringLiteral("interval");
}

using TimelineRows::urlKey;

std::optional<WatchedItemRecord> watchedItemFromRow(const QSqlQuery &query, QString *problem)
{
    WatchedItemRecord record;
    record.item.id = query.value(0).toLongLong();
    record.item.url = QUrl(query.value(1).toString(), QUrl::StrictMode);
    const QString mode = query.value(2).toString();
    qint64 interval = 0;
    qint64 paused = 0;
    if (!record.item.url.isValid() || record.item.url.isEmpty())
        *problem = QStringLiteral("invalid URL '%1'").arg(query.value(1).toString());
    else if (mode != modeName(WatchMode::Interval) && mode != modeName(WatchMode::WhenStale))
        *problem = QStringLiteral("unknown mode '%1'").arg(mode);
    else if (!TimelineRows::readInteger(query, 3, &interval) || interval < 0
        || !TimelineRows::readInteger(query, 4, &paused))
        *problem = QStringLiteral("bad interval or paused flag");
    if (!problem->isEmpty()) {
        *problem = QStringLiteral("watched item %1: %2").arg(record.item.id).arg(*problem);
        return std::nullopt;
    }
    record.item.mode = mode == modeName(WatchMode::WhenStale) ? WatchMode::WhenStale : WatchMode::Interval;
    record.item.intervalMs = interval;
    record.item.paused = paused != 0;
    record.addedAt = timeFromSql(query.value(5));
    return record;
}

} // namespace

TimelineStore::TimelineStore(ValidatorStore *store)
    : m_store(store)
{ }

void TimelineStore::setEventLimitPerUrl(int limit)
{
    m_limit = qMax(1, limit);
}

QString TimelineStore::databasePath() const
{
    return m_store ? m_store->databasePath() : QString();
}

QSqlDatabase TimelineStore::database() const
{
    return m_store ? m_store->database() : QSqlDatabase();
}

bool TimelineStore::fail(const QString &message)
{
    m_error = message;
    return false;
}

bool TimelineStore::ensureOpen()
{
    m_error.clear();
    if (!m_store || !m_store->isOpen())
        return fail(QStringLiteral("the store is not open"));
    return true;
}

bool TimelineStore::exec(QSqlQuery &query, const QString &sql, const QVariantList &values, const QString &what)
{
    if (!query.prepare(sql))
        return fail(describeError(query.lastError(), what));
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return fail(describeError(query.lastError(), what));
    return true;
}

bool TimelineStore::append(TimelineEvent &event)
{
    QList<TimelineEvent> events { event };
    if (!append(events))
        return false;
    event.id = events.first().id;
    return true;
}

bool TimelineStore::append(QList<TimelineEvent> &events)
{
    if (!ensureOpen())
        return false;
    if (events.isEmpty())
        return true;
    const QString what = QStringLiteral("record the timeline");
    static const QString insertSql
        = QStringLiteral("INSERT INTO timeline_events (%1) VALUES (?%2)")
              .arg(TimelineRows::eventColumns().section(QStringLiteral(", "), 1), QStringLiteral(", ?").repeated(21));
    QList<qint64> ids;
    ids.reserve(events.size());
    QHash<QString, qint64> counts; // each URL's events after this call, applied to m_counts once committed
    {
        WriteTransaction transaction(*m_store->transactionStatements());
        if (!transaction.isActive())
            return fail(describeError(transaction.error(), what));
        if (!checkCounts())
            return false;
        QSqlQuery *insert = m_store->statement(insertSql, what);
        if (!insert)
            return fail(m_store->errorString());
        QStringList urls;
        for (const TimelineEvent &event : std::as_const(events)) {
            const QString url = urlKey(event.url);
            bindNumbered(*insert, TimelineRows::eventValues(event, url));
            const bool inserted = insert->exec();
            const qint64 id = insert->lastInsertId().toLongLong();
            insert->finish();
            if (!inserted)
                return fail(describeError(insert->lastError(), what));
            ids.append(id);
            auto known = counts.find(url);
            if (known == counts.end()) {
                urls.append(url);
                counts.insert(url, m_counts.value(url, -1) < 0 ? -1 : m_counts.value(url) + 1);
            } else if (*known >= 0) {
                ++*known;
            }
        }
        for (const QString &url : std::as_const(urls)) {
            if (!prune(url, &counts[url]))
                return false;
        }
        if (!transaction.commit())
            return fail(describeError(transaction.error(), what));
    }
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        m_counts.insert(it.key(), it.value());
    for (qsizetype i = 0; i < events.size(); ++i)
        events[i].id = ids.at(i);
    return true;
}

// Inside append()'s transaction. Another connection that committed since the last append (another
// process, or another store on this file) may have added or removed events: PRAGMA data_version tells,
// and the counts are then forgotten and taken again. Writers on this same connection (another
// TimelineStore on the same ValidatorStore) do not change data_version; prune() counts exactly before it
// deletes, so what they do can only delay a prune, never remove an event too many.
bool TimelineStore::checkCounts()
{
    QSqlQuery *query = m_store->statement(QStringLiteral("PRAGMA data_version"), QStringLiteral("prune the timeline"));
    if (!query)
        return fail(m_store->errorString());
    const bool read = query->exec() && query->next();
    const qint64 version = read ? query->value(0).toLongLong() : -1;
    const QSqlError error = query->lastError();
    query->finish();
    if (!read)
        return fail(describeError(error, QStringLiteral("prune the timeline")));
    if (version != m_countsVersion || m_store->connectionName() != m_countsConnection) {
        m_counts.clear();
        m_countsVersion = version;
        m_countsConnection = m_store->connectionName();
    }
    return true;
}

// Inside append()'s transaction. `stored` is the URL's event count as kept in memory since the last
// exact count (-1: unknown). Only a count over the limit is taken again exactly, so the common case
// (under the limit) runs no statement at all.
bool TimelineStore::prune(const QString &url, qint64 *stored)
{
    if (*stored >= 0 && *stored <= m_limit)
        return true;
    const QString what = QStringLiteral("prune the timeline");
    *stored = count(QStringLiteral("SELECT COUNT(*) FROM timeline_events WHERE url = ?"), { url }, what);
    if (*stored < 0)
        return false;
    if (*stored <= m_limit)
        return true;
    QSqlQuery query(database());
    if (!exec(query,
            QStringLiteral("DELETE FROM timeline_events WHERE id IN (SELECT id FROM timeline_events WHERE url = ? "
                           "ORDER BY time, id LIMIT ?)"),
            { url, *stored - m_limit }, what))
        return false;
    *stored = m_limit;
    return true;
}

qint64 TimelineStore::count(const QString &sql, const QVariantList &values, const QString &what)
{
    QSqlQuery query(database());
    if (!exec(query, sql, values, what) || !query.next())
        return m_error.isEmpty() ? (fail(QStringLiteral("cannot %1: no result").arg(what)), -1) : -1;
    return query.value(0).toLongLong();
}

QList<TimelineEvent> TimelineStore::readEvents(const std::optional<QUrl> &url, int limit, QStringList *problems)
{
    if (!ensureOpen())
        return {};
    QList<TimelineEvent> events;
    if (!TimelineRows::readEvents(database(), url, limit, &events, problems, &m_error))
        return {};
    return events;
}

QList<TimelineEvent> TimelineStore::events(const QUrl &url, int limit, QStringList *problems)
{
    return readEvents(url, limit, problems);
}

QList<TimelineEvent> TimelineStore::allEvents(int limit, QStringList *problems)
{
    return readEvents(std::nullopt, limit, problems);
}

std::optional<TimelineEvent> TimelineStore::lastEvent(const QUrl &url)
{
    const QList<TimelineEvent> last = events(url, 1);
    if (last.isEmpty())
        return std::nullopt;
    return last.first();
}

QList<QUrl> TimelineStore::urls()
{
    if (!ensureOpen())
        return {};
    QSqlQuery query(database());
    if (!exec(query, QStringLiteral("SELECT url, MIN(id) AS first FROM timeline_events GROUP BY url ORDER BY first"),
            {}, QStringLiteral("list the timeline's URLs")))
        return {};
    QList<QUrl> result;
    while (query.next())
        result.append(QUrl(query.value(0).toString()));
    return result;
}

qint64 TimelineStore::eventCount(const QUrl &url)
{
    if (!ensureOpen())
        return -1;
    return count(QStringLiteral("SELECT COUNT(*) FROM timeline_events WHERE url = ?"), { urlKey(url) },
        QStringLiteral("count the timeline"));
}

qint64 TimelineStore::eventCount()
{
    if (!ensureOpen())
        return -1;
    return count(QStringLiteral("SELECT COUNT(*) FROM timeline_events"), {}, QStringLiteral("count the timeline"));
}

std::optional<TimelineTotals> TimelineStore::readTotals(const std::optional<QUrl> &url)
{
    if (!ensureOpen())
        return std::nullopt;
    TimelineTotals totals;
    qint64 maxId = 0;
    if (!TimelineRows::readTotals(database(), url, &totals, &maxId, &m_error))
        return std::nullopt;
    return totals;
}

std::optional<TimelineTotals> TimelineStore::totals(const QUrl &url)
{
    return readTotals(url);
}

std::optional<TimelineTotals> TimelineStore::totals()
{
    return readTotals(std::nullopt);
}

qint64 TimelineStore::clear(const QUrl &url)
{
    if (!ensureOpen())
        return -1;
    QSqlQuery query(database());
    if (!exec(query, QStringLiteral("DELETE FROM timeline_events WHERE url = ?"), { urlKey(url) },
            QStringLiteral("clear the timeline")))
        return -1;
    m_counts.remove(urlKey(url));
    return query.numRowsAffected();
}

qint64 TimelineStore::clearAll()
{
    if (!ensureOpen())
        return -1;
    QSqlQuery query(database());
    if (!exec(query, QStringLiteral("DELETE FROM timeline_events"), {}, QStringLiteral("clear the timeline")))
        return -1;
    m_counts.clear();
    return query.numRowsAffected();
}

bool TimelineStore::saveWatchedItem(WatchedItemRecord &record)
{
    if (!ensureOpen())
        return false;
    const WatchItem &item = record.item;
    if (!item.url.isValid() || item.url.isEmpty())
        return fail(QStringLiteral("cannot save a watched item without a valid URL"));
    if (item.intervalMs < 0)
        return fail(QStringLiteral("cannot save a watched item with a negative interval"));
    QSqlQuery query(database());
    const QVariantList values { urlKey(item.url), modeName(item.mode), item.intervalMs, item.paused ? 1 : 0,
        timeToSql(record.addedAt) };
    if (item.id > 0) {
        if (!exec(query,
                QStringLiteral("INSERT INTO watched_items (id, url, mode, interval_ms, paused, added_at) "
                               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET url = excluded.url, "
                               "mode = excluded.mode, interval_ms = excluded.interval_ms, paused = excluded.paused, "
                               "added_at = excluded.added_at"),
                QVariantList { item.id } + values, QStringLiteral("save the watched item")))
            return false;
        return true;
    }
    if (!exec(query,
            QStringLiteral(
                "INSERT INTO watched_items (url, mode, interval_ms, paused, added_at) VALUES (?, ?, ?, ?, ?)"),
            values, QStringLiteral("save the watched item")))
        return false;
    record.item.id = query.lastInsertId().toLongLong();
    return true;
}

QList<WatchedItemRecord> TimelineStore::watchedItems(QStringList *problems)
{
    return readWatchedItems({}, {}, problems);
}

std::optional<WatchedItemRecord> TimelineStore::watchedItem(const QUrl &url)
{
    QStringList problems;
    const QList<WatchedItemRecord> found
        = readWatchedItems(QStringLiteral("WHERE url = ?"), { urlKey(url) }, &problems);
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

QList<WatchedItemRecord> TimelineStore::readWatchedItems(
    const QString &where, const QVariantList &values, QStringList *problems)
{
    if (!ensureOpen())
        return {};
    QSqlQuery query(database());
    if (!exec(query,
            QStringLiteral("SELECT id, url, mode, interval_ms, paused, added_at FROM watched_items %1 ORDER BY id")
                .arg(where),
            values, QStringLiteral("read the watched items")))
        return {};
    QList<WatchedItemRecord> result;
    while (query.next()) {
        QString problem;
        if (auto record = watchedItemFromRow(query, &problem))
            result.append(*record);
        else if (problems)
            problems->append(problem);
    }
    return result;
}

bool TimelineStore::removeWatchedItem(qint64 id)
{
    if (!ensureOpen())
        return false;
    QSqlQuery query(database());
    if (!exec(query, QStringLiteral("DELETE FROM watched_items WHERE id = ?"), { id },
            QStringLiteral("remove the watched item")))
        return false;
    if (query.numRowsAffected() == 0)
        return fail(QStringLiteral("there is no watched item %1").arg(id));
    return true;
}

} // namespace CacheScope
