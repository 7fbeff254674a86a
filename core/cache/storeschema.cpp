#include "storeschema.h"

#include <QFile>
#include <QSqlQuery>
#include <QStringList>
#include <QTimeZone>

namespace CacheScope::StoreSchema {

namespace {

struct Migration
{
    int version;
    const char *description;
    QList<const char *> statements;
};

// Append-only: a released migration is never edited, a schema change is a new entry (version N+1) that
// turns a version-N file into a version-N+1 file.
const QList<Migration> &migrations()
{
    static const QList<Migration> all {
        { 1, "validator store: entries, entry_headers, bodies, schema_version",
            {
                "CREATE TABLE schema_version ("
                "  version INTEGER PRIMARY KEY,"
                "  applied_at INTEGER NOT NULL," // ms since epoch, UTC
                "  description TEXT NOT NULL)",
                // One small row per stored response variant: what list(), lookup() and totalSize() scan.
                // summary_headers is the subset of response fields a table shows (encodeHeaders()).
                "CREATE TABLE entries ("
                "  id INTEGER PRIMARY KEY,"
                "  method TEXT NOT NULL,"
                "  url TEXT NOT NULL," // cacheKeyUrl()
                "  secondary_key TEXT NOT NULL," // VaryKey::secondaryKey() of the stored request
                "  status INTEGER NOT NULL,"
                "  reason BLOB NOT NULL,"
                "  http_version BLOB NOT NULL,"
                "  body_size INTEGER NOT NULL,"
                "  header_wire_size INTEGER NOT NULL,"
                "  body_wire_size INTEGER NOT NULL,"
                "  request_time INTEGER,"
                "  response_time INTEGER,"
                "  stored_at INTEGER,"
                "  last_validated INTEGER,"
                "  summary_headers BLOB NOT NULL)",
                // Serves lookup (url, method), remove(url) (url prefix) and list()'s order, and makes
                // "one row per variant" a constraint rather than a habit.
                "CREATE UNIQUE INDEX entries_key ON entries(url, method, secondary_key)",
                // Full header blocks and bodies live apart so scans of entries stay small, and a 304
                // rewrites the headers without rewriting the body. The store deletes these rows itself
                // (foreign-key enforcement stays off so clear() can truncate the tables).
                "CREATE TABLE entry_headers ("
                "  entry_id INTEGER PRIMARY KEY REFERENCES entries(id),"
                "  request_headers BLOB NOT NULL,"
                "  response_headers BLOB NOT NULL)",
                "CREATE TABLE bodies ("
                "  entry_id INTEGER PRIMARY KEY REFERENCES entries(id),"
                "  body BLOB NOT NULL)",
            } },
        { 2, "timeline: watched_items, timeline_events",
            {
                // What the user watches, so a restarted program resumes the same list. interval_ms 0 means
                // back to back; mode is 'interval' or 'when-stale'.
                "CREATE TABLE watched_items ("
                "  id INTEGER PRIMARY KEY,"
                "  url TEXT NOT NULL,"
                "  mode TEXT NOT NULL,"
                "  interval_ms INTEGER NOT NULL,"
                "  paused INTEGER NOT NULL,"
                "  added_at INTEGER)",
                // One row per exchange. Validators are kept as received (bytes); notes are a JSON array of
                // {severity, code, text}. watch_id is not a foreign key: history outlives the watch.
                "CREATE TABLE timeline_events ("
                "  id INTEGER PRIMARY KEY,"
                "  watch_id INTEGER NOT NULL,"
                "  url TEXT NOT NULL,"
                "  time INTEGER," // ms since epoch, UTC
                "  status INTEGER NOT NULL,"
                "  error TEXT NOT NULL,"
                "  sent_if_none_match BLOB NOT NULL,"
                "  sent_if_modified_since BLOB NOT NULL,"
                "  received_etag BLOB NOT NULL,"
                "  received_last_modified BLOB NOT NULL,"
                "  content_changed INTEGER NOT NULL,"
                "  ttfb_ms INTEGER NOT NULL,"
                "  total_ms INTEGER NOT NULL,"
                "  response_header_bytes INTEGER NOT NULL,"
                "  response_body_wire_bytes INTEGER NOT NULL,"
                "  decoded_body_bytes INTEGER NOT NULL,"
                "  bytes_saved INTEGER NOT NULL,"
                "  notes TEXT NOT NULL)",
                // Per-URL history in time order, counting for pruning, and clearing one URL.
                "CREATE INDEX timeline_events_url ON timeline_events(url, time, id)",
                "CREATE INDEX timeline_events_time ON timeline_events(time, id)",
            } },
        { 3, "timeline: request and response header blocks",
            {
                // What an exported HAR needs besides the counts: the request as sent and the response head
                // as received (encodeHeaders()), no bodies. Rows of older versions get empty blocks.
                "ALTER TABLE timeline_events ADD COLUMN request_method BLOB NOT NULL DEFAULT ''",
                "ALTER TABLE timeline_events ADD COLUMN request_headers BLOB NOT NULL DEFAULT ''",
                "ALTER TABLE timeline_events ADD COLUMN response_http_version BLOB NOT NULL DEFAULT ''",
                "ALTER TABLE timeline_events ADD COLUMN response_reason BLOB NOT NULL DEFAULT ''",
                "ALTER TABLE timeline_events ADD COLUMN response_headers BLOB NOT NULL DEFAULT ''",
            } },
    };
    return all;
}

QString tablesNeeded(int version)
{
    if (version < 2)
        return QStringLiteral("entries,entry_headers,bodies,schema_version");
    return QStringLiteral("entries,entry_headers,bodies,schema_version,watched_items,timeline_events");
}

FileState stateForError(const QSqlError &error)
{
    switch (sqliteCode(error)) {
    case 26: // SQLITE_NOTADB
        return FileState::NotSqlite;
    case 11: // SQLITE_CORRUPT
        return FileState::Damaged;
    default:
        return FileState::Unreadable;
    }
}

Inspection failed(const QSqlError &error)
{
    const FileState state = stateForError(error);
    switch (state) {
    case FileState::NotSqlite:
        return { state, 0, QStringLiteral("not an SQLite database") };
    case FileState::Damaged:
        return { state, 0, QStringLiteral("a damaged SQLite database (%1)").arg(error.databaseText()) };
    default:
        return { state, 0, describeError(error, QStringLiteral("read the store")) };
    }
}

// Highest applied migration, 0 when the file has no schema_version table; -1 when it cannot be read.
int currentVersion(const QSqlDatabase &db, QSqlError *error)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"))) {
        *error = query.lastError();
        return -1;
    }
    if (!query.next())
        return 0;
    if (!query.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) || !query.next()) {
        *error = query.lastError();
        return -1;
    }
    return query.value(0).toInt();
}

QString applyMigration(const QSqlDatabase &db, const Migration &migration, const QDateTime &now)
{
    QSqlQuery query(db);
    for (const char *statement : migration.statements) {
        if (!query.exec(QString::fromLatin1(statement)))
            return describeError(
                query.lastError(), QStringLiteral("upgrade the store to version %1").arg(migration.version));
    }
    query.prepare(QStringLiteral("INSERT INTO schema_version (version, applied_at, description) VALUES (?, ?, ?)"));
    query.addBindValue(migration.version);
    query.addBindValue(now.toMSecsSinceEpoch());
    query.addBindValue(QString::fromLatin1(migration.description));
    if (!query.exec())
        return describeError(query.lastError(), QStringLiteral("record the store's schema version"));
    if (migration.version == 1 && !query.exec(QStringLiteral("PRAGMA application_id = %1").arg(ApplicationId)))
        return describeError(query.lastError(), QStringLiteral("mark the file as a CacheScope store"));
    return {};
}

// Appends `text` to `out` with %, CR, LF, NUL (and ':' in a name) as %XX. Runs of plain bytes are copied
// in one append: header blocks are encoded on every 304, and byte-by-byte appends were most of the cost.
void appendEscaped(QByteArray &out, QByteArrayView text, bool name)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    qsizetype plainFrom = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '%' && c != '\r' && c != '\n' && c != '\0' && !(name && c == ':'))
            continue;
        out.append(text.sliced(plainFrom, i - plainFrom));
        const char code[3] = { '%', hex[(uchar(c) >> 4) & 0xF], hex[uchar(c) & 0xF] };
        out.append(code, 3);
        plainFrom = i + 1;
    }
    out.append(text.sliced(plainFrom));
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

QByteArray unescaped(QByteArrayView text)
{
    if (!text.contains('%'))
        return text.toByteArray();
    QByteArray out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        if (c == '%' && i + 2 < text.size() && hexValue(text.at(i + 1)) >= 0 && hexValue(text.at(i + 2)) >= 0) {
            out += char(hexValue(text.at(i + 1)) * 16 + hexValue(text.at(i + 2)));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

int latestVersion()
{
    return migrations().constLast().version;
}

bool lacksSqliteHeader(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false; // missing, or unreadable: SQLite reports that better
    const QByteArray head = file.read(16);
    return !head.isEmpty() && head != QByteArrayView("SQLite format 3\0", 16);
}

Inspection inspect(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA application_id")) || !query.next())
        return failed(query.lastError());
    const int applicationId = query.value(0).toInt();
    if (!query.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                   "ORDER BY name")))
        return failed(query.lastError());
    QStringList tables;
    while (query.next())
        tables.append(query.value(0).toString());

    if (applicationId == 0 && tables.isEmpty())
        return { FileState::Empty, 0, {} };
    if (applicationId != ApplicationId) {
        const QString what = tables.isEmpty() ? QStringLiteral("application id %1").arg(applicationId)
                                              : QStringLiteral("tables %1").arg(tables.join(QStringLiteral(", ")));
        return { FileState::Foreign, 0, QStringLiteral("an SQLite database of another application (%1)").arg(what) };
    }
    QSqlError error;
    const int version = currentVersion(db, &error);
    if (version < 0)
        return failed(error);
    if (version == 0)
        return { FileState::Damaged, 0, QStringLiteral("a CacheScope store without its schema_version table") };
    if (version > latestVersion())
        return { FileState::Newer, version,
            QStringLiteral("a store of schema version %1, written by a newer CacheScope (this one knows up to %2)")
                .arg(version)
                .arg(latestVersion()) };
    for (const QString &table : tablesNeeded(version).split(QLatin1Char(','))) {
        if (!tables.contains(table))
            return { FileState::Damaged, version,
                QStringLiteral("a CacheScope store missing its %1 table").arg(table) };
    }
    // Reading the first rows touches the table b-trees, which catches a file cut short.
    for (const char *probe : { "SELECT id FROM entries ORDER BY id LIMIT 1",
             "SELECT entry_id FROM entry_headers LIMIT 1", "SELECT entry_id FROM bodies LIMIT 1" }) {
        if (!query.exec(QString::fromLatin1(probe)))
            return failed(query.lastError());
    }
    if (version >= 2) {
        for (const char *probe : { "SELECT id FROM watched_items ORDER BY id LIMIT 1",
                 "SELECT id FROM timeline_events ORDER BY id LIMIT 1" }) {
            if (!query.exec(QString::fromLatin1(probe)))
                return failed(query.lastError());
        }
    }
    return { FileState::Ours, version, {} };
}

QString migrate(const QSqlDatabase &db, const QDateTime &now)
{
    for (const Migration &migration : migrations()) {
        WriteTransaction transaction(db);
        if (!transaction.isActive())
            return describeError(transaction.error(), QStringLiteral("upgrade the store"));
        QSqlError error;
        const int version = currentVersion(db, &error);
        if (version < 0)
            return describeError(error, QStringLiteral("read the store's schema version"));
        if (version >= migration.version)
            continue; // already there, perhaps done by another process a moment ago
        if (version != migration.version - 1)
            return QStringLiteral("cannot upgrade the store from schema version %1 to %2")
                .arg(version)
                .arg(migration.version);
        if (QString message = applyMigration(db, migration, now); !message.isEmpty())
            return message;
        if (!transaction.commit())
            return describeError(
                transaction.error(), QStringLiteral("upgrade the store to version %1").arg(migration.version));
    }
    return {};
}

TransactionStatements::TransactionStatements(const QSqlDatabase &db)
    : m_db(db)
{ }

TransactionStatements::~TransactionStatements() = default;

bool TransactionStatements::run(Kind kind, QSqlError *error)
{
    const bool nested = m_depth > (kind == Begin ? 0 : 1);
    if (kind == Begin) {
        if (!exec(nested ? 3 : Begin, error))
            return false;
        ++m_depth;
        return true;
    }
    if (m_depth == 0)
        return true; // nothing begun here (the caller's own BEGIN failed)
    bool ok = true;
    if (!nested) {
        ok = exec(kind, error);
        // A failed COMMIT leaves the transaction open (SQLITE_BUSY): the caller's rollback still ends it.
        if (ok || kind == Rollback)
            --m_depth;
        return ok;
    }
    if (kind == Rollback)
        ok = exec(5, error); // ROLLBACK TO keeps the savepoint open: RELEASE below ends it either way
    ok = exec(4, error) && ok;
    --m_depth;
    return ok;
}

bool TransactionStatements::exec(int index, QSqlError *error)
{
    std::unique_ptr<QSqlQuery> &query = m_queries[index];
    if (!query) {
        static const QString sql[6] = { QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("COMMIT"),
            QStringLiteral("ROLLBACK"), QStringLiteral("SAVEPOINT cachescope_nested"),
            QStringLiteral("RELEASE cachescope_nested"), QStringLiteral("ROLLBACK TO cachescope_nested") };
        query = std::make_unique<QSqlQuery>(m_db);
        if (!query->prepare(sql[index])) {
            *error = query->lastError();
            query.reset();
            return false;
        }
    }
    if (!query->exec()) {
        *error = query->lastError();
        query.reset();
        return false;
    }
    query->finish();
    return true;
}

WriteTransaction::WriteTransaction(const QSqlDatabase &db)
    : m_own(std::make_unique<TransactionStatements>(db))
    , m_statements(m_own.get())
{
    m_active = run(TransactionStatements::Begin);
}

WriteTransaction::WriteTransaction(TransactionStatements &statements)
    : m_statements(&statements)
{
    m_active = run(TransactionStatements::Begin);
}

WriteTransaction::~WriteTransaction()
{
    if (m_active)
        run(TransactionStatements::Rollback);
}

bool WriteTransaction::run(TransactionStatements::Kind kind)
{
    return m_statements->run(kind, &m_error);
}

bool WriteTransaction::commit()
{
    if (!m_active)
        return false;
    if (!run(TransactionStatements::Commit))
        return false; // the destructor rolls back
    m_active = false;
    return true;
}

int sqliteCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xFF) : 0; // extended result codes carry the primary code in the low byte
}

QString describeError(const QSqlError &error, const QString &what)
{
    QString reason;
    switch (sqliteCode(error)) {
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
        reason = QStringLiteral("the store is locked by another CacheScope process that did not finish in time");
        break;
    case 8: // SQLITE_READONLY
        reason = QStringLiteral("the store is read-only (check the permissions of the file and its directory)");
        break;
    case 10: // SQLITE_IOERR
        reason = QStringLiteral("an input/output error occurred (is the disk failing or removed?)");
        break;
    case 11: // SQLITE_CORRUPT
    case 26: // SQLITE_NOTADB
        reason = QStringLiteral("the store database is damaged");
        break;
    case 13: // SQLITE_FULL
        reason = QStringLiteral("the disk is full");
        break;
    case 14: // SQLITE_CANTOPEN
        reason = QStringLiteral("the database file cannot be opened (check that the directory exists and is "
                                "writable)");
        break;
    default:
        break;
    }
    QString sqlite = error.databaseText();
    if (sqlite.isEmpty())
        sqlite = error.driverText();
    if (reason.isEmpty())
        return QStringLiteral("cannot %1: %2").arg(what, sqlite.isEmpty() ? QStringLiteral("unknown error") : sqlite);
    return QStringLiteral("cannot %1: %2 (SQLite: %3)").arg(what, reason, sqlite);
}

QByteArray encodeHeaders(const HttpHeaders &headers)
{
    qsizetype size = 0;
    for (const HeaderField &field : headers)
        size += field.name.size() + field.value.size() + 4;
    QByteArray out("");
    out.reserve(size + 16);
    for (const HeaderField &field : headers) {
        appendEscaped(out, field.name, true);
        out.append(": ", 2);
        appendEscaped(out, field.value, false);
        out.append("\r\n", 2);
    }
    return out;
}

HttpHeaders decodeHeaders(QByteArrayView encoded)
{
    HttpHeaders headers;
    qsizetype start = 0;
    while (start < encoded.size()) {
        qsizetype end = encoded.indexOf("\r\n", start);
        if (end < 0)
            end = encoded.size();
        const QByteArrayView line = encoded.sliced(start, end - start);
        start = end + 2;
        const qsizetype colon = line.indexOf(':');
        if (colon < 0) {
            headers.append(unescaped(line), QByteArray(""));
            continue;
        }
        qsizetype valueStart = colon + 1;
        if (valueStart < line.size() && line.at(valueStart) == ' ')
            ++valueStart;
        headers.append(unescaped(line.first(colon)), unescaped(line.sliced(valueStart)));
    }
    return headers;
}

namespace {

QString placeholderName(qsizetype index)
{
    return QStringLiteral(":p") + QString::number(index);
}

} // namespace

QString numberedPlaceholders(const QString &sql)
{
    QString numbered;
    numbered.reserve(sql.size() + 16);
    QChar quote; // inside '...', "..." or `...` when not null (a doubled quote closes and reopens: same result)
    qsizetype next = 0;
    for (const QChar c : sql) {
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == u'\'' || c == u'"' || c == u'`') {
            quote = c;
        } else if (c == u'?') {
            numbered += placeholderName(next++);
            continue;
        }
        numbered += c;
    }
    return numbered;
}

void bindNumbered(QSqlQuery &query, const QVariantList &values)
{
    static const QStringList names = [] {
        QStringList list;
        for (qsizetype i = 0; i < 32; ++i)
            list.append(placeholderName(i));
        return list;
    }();
    for (qsizetype i = 0; i < values.size(); ++i)
        query.bindValue(i < names.size() ? names.at(i) : placeholderName(i), values.at(i));
}

QVariant timeToSql(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant();
}

QDateTime timeFromSql(const QVariant &value)
{
    if (value.isNull())
        return {};
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), QTimeZone::UTC);
#else
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
#endif
}

} // namespace CacheScope::StoreSchema
