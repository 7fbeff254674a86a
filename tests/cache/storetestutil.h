#pragma once
// Helpers shared by the validator store tests (tst_validatorstore, tst_storefile).

#include "cache/validatorstore.h"

#include <QFile>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace CacheScope::StoreTest {

inline QDateTime utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs);
}

inline CacheEntry makeEntry(const QString &url, const HttpHeaders &request = {}, const HttpHeaders &response = {},
    const QByteArray &body = "hello")
{
    CacheEntry entry;
    entry.url = QUrl(url);
    entry.requestHeaders = request;
    entry.status = 200;
    entry.reason = "OK";
    entry.responseHeaders = response;
    entry.body = body;
    entry.headerWireSize = 120;
    entry.bodyWireSize = body.size();
    entry.requestTime = utc("2026-11-25T10:00:00.000Z");
    entry.responseTime = utc("2026-11-25T10:00:00.250Z");
    entry.storedAt = utc("2026-11-25T10:00:01.000Z");
    return entry;
}

inline QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Runs statements on a file with a connection of its own, as another program would.
inline bool runSql(const QString &path, const QStringList &statements)
{
    const QString name = QStringLiteral("tst-raw-%1").arg(QRandomGenerator::global()->generate64());
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery query(db);
        for (const QString &statement : statements) {
            if (ok && !query.exec(statement)) {
                qWarning() << statement << query.lastError().text();
                ok = false;
            }
        }
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

inline qint64 sqlScalar(const ValidatorStore &store, const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(store.connectionName(), false));
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

// Rows of the tables that hang off entries, or -1 when they disagree (a half-written or half-removed entry).
inline qint64 companionRows(const ValidatorStore &store)
{
    const qint64 bodies = sqlScalar(store, QStringLiteral("SELECT COUNT(*) FROM bodies"));
    const qint64 headers = sqlScalar(store, QStringLiteral("SELECT COUNT(*) FROM entry_headers"));
    const qint64 linked = sqlScalar(store,
        QStringLiteral("SELECT COUNT(*) FROM entries e JOIN bodies b ON b.entry_id = e.id "
                       "JOIN entry_headers h ON h.entry_id = e.id"));
    return bodies == headers && headers == linked ? bodies : -1;
}

} // namespace CacheScope::StoreTest
