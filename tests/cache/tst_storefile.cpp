#include "cache/storeschema.h"
#include "cache/validatorstore.h"
#include "storetestutil.h"
#include "util/storelocation.h"

#include <array>
#include <QDir>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace CacheScope;
using namespace CacheScope::StoreTest;

// The validator store's file: creation, open errors, corrupt/foreign/newer files moved aside, persistence,
// several connections and threads on one file, a full disk.
class tst_StoreFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void openCreatesStore();
    void openErrors_data();
    void openErrors();
    void openLocationErrors();
    void readOnlyDirectory();
    void persistsAcrossReopen();
    void twoInstancesOneFile();
    void lockLeftByAKilledOpen_data();
    void lockLeftByAKilledOpen();
    void concurrentThreads();
    void mergedVariantsStayCurrent_data();
    void mergedVariantsStayCurrent();
    void badFiles_data();
    void badFiles();
    void emptyFileIsAFreshStore();
    void existingOnlyNeverCreates();
    void nestedWritesAreSavepoints();
    void diskFull();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString dbPath() const { return m_dir->filePath(QStringLiteral("cachescope.sqlite")); }
};

void tst_StoreFile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_StoreFile::openCreatesStore()
{
    ValidatorStore store;
    QVERIFY2(store.open(StoreLocation::resolve(m_dir->path())), qPrintable(store.errorString()));
    QVERIFY(store.isOpen());
    QCOMPARE(store.databasePath(), dbPath());
    QVERIFY(QFile::exists(dbPath()));
    QVERIFY(store.recoveryNotice().isEmpty());
    QCOMPARE(store.count(), 0);
    QCOMPARE(store.totalSize(), 0);
    QCOMPARE(sqlScalar(store, QStringLiteral("PRAGMA application_id")), qint64(StoreSchema::ApplicationId));
    QCOMPARE(sqlScalar(store, QStringLiteral("SELECT MAX(version) FROM schema_version")),
        qint64(StoreSchema::latestVersion()));
    {
        QSqlQuery query(QSqlDatabase::database(store.connectionName(), false));
        QVERIFY(query.exec(QStringLiteral("PRAGMA journal_mode")) && query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("wal"));
    }
    QVERIFY(sqlScalar(store, QStringLiteral("PRAGMA busy_timeout")) >= 1000);
    QCOMPARE(sqlScalar(store, QStringLiteral("PRAGMA secure_delete")), 2); // fast

    // No probe files are left behind.
    const QStringList files = QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden);
    for (const QString &file : files)
        QVERIFY2(file.startsWith(QLatin1String("cachescope.sqlite")), qPrintable(file));

    // Each instance has its own connection, removed on close.
    ValidatorStore second;
    QVERIFY(second.open(dbPath()));
    QVERIFY(second.connectionName() != store.connectionName());
    const QString name = second.connectionName();
    second.close();
    QVERIFY(!QSqlDatabase::contains(name));
    QVERIFY(second.connectionName().isEmpty());
    QCOMPARE(store.count(), 0);
}

void tst_StoreFile::openErrors_data()
{
    QTest::addColumn<QString>("relativePath"); // "" for an empty path
    QTest::addColumn<QString>("message");

    QTest::addRow("empty path") << QString() << QStringLiteral("no store file");
    QTest::addRow("missing directory") << QStringLiteral("missing/cachescope.sqlite")
                                       << QStringLiteral("does not exist");
    QTest::addRow("directory is a file") << QStringLiteral("plain-file/cachescope.sqlite")
                                         << QStringLiteral("is not a directory");
    QTest::addRow("database is a directory") << QStringLiteral("a-directory") << QStringLiteral("is a directory");
}

void tst_StoreFile::openErrors()
{
    QFETCH(QString, relativePath);
    QFETCH(QString, message);
    QVERIFY(writeFile(m_dir->filePath(QStringLiteral("plain-file")), "x"));
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("a-directory")));

    ValidatorStore store;
    QVERIFY(!store.open(relativePath.isEmpty() ? QString() : m_dir->filePath(relativePath)));
    QVERIFY2(store.errorString().contains(message), qPrintable(store.errorString()));
    QVERIFY(!store.isOpen());
    QVERIFY(store.connectionName().isEmpty());
    QCOMPARE(readAll(m_dir->filePath(QStringLiteral("plain-file"))), QByteArray("x"));
}

void tst_StoreFile::openLocationErrors()
{
    QVERIFY(writeFile(m_dir->filePath(QStringLiteral("plain-file")), "x"));
    ValidatorStore store;
    QVERIFY(!store.open(StoreLocation::resolve(m_dir->filePath(QStringLiteral("plain-file/sub")))));
    QVERIFY2(store.errorString().contains(QLatin1String("cannot create the store directory")),
        qPrintable(store.errorString()));
    QVERIFY(!store.open(StoreLocation::resolve(m_dir->filePath(QStringLiteral("plain-file")))));
    QVERIFY2(store.errorString().contains(QLatin1String("not a directory")), qPrintable(store.errorString()));
}

void tst_StoreFile::readOnlyDirectory()
{
    const QString dir = m_dir->filePath(QStringLiteral("ro"));
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(QFile::setPermissions(dir, QFile::ReadOwner | QFile::ExeOwner));
    auto restore
        = qScopeGuard([&] { QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner); });
    QString target = dir;
    if (writeFile(dir + QStringLiteral("/probe"), "x")) {
        // Permission bits do not stop root; a pseudo file system does.
        target = QStringLiteral("/sys");
        if (!QFileInfo(target).isDir() || writeFile(target + QStringLiteral("/cachescope-probe"), "x"))
            QSKIP("running with privileges that ignore read-only directories");
    }
    ValidatorStore store;
    QVERIFY(!store.open(target + QStringLiteral("/cachescope.sqlite")));
    QVERIFY2(store.errorString().contains(QLatin1String("is not writable")), qPrintable(store.errorString()));
    QVERIFY2(store.errorString().contains(target), qPrintable(store.errorString()));
}

void tst_StoreFile::persistsAcrossReopen()
{
    qint64 id = 0;
    const CacheEntry entry = makeEntry(QStringLiteral("https://a.example/keep"), { { "A", "1" } }, { { "B", "2" } });
    {
        ValidatorStore store;
        QVERIFY(store.open(dbPath()));
        id = store.put(entry);
        QVERIFY(id > 0);
    }
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    QVERIFY(store.recoveryNotice().isEmpty());
    const std::optional<CacheEntry> got = store.get(id);
    QVERIFY(got.has_value());
    QCOMPARE(got->requestHeaders, entry.requestHeaders);
    QCOMPARE(got->body, entry.body);
    // Reopening does not run the migrations again.
    QCOMPARE(sqlScalar(store, QStringLiteral("SELECT COUNT(*) FROM schema_version")), StoreSchema::latestVersion());
}

void tst_StoreFile::lockLeftByAKilledOpen_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<int>("ageSeconds");
    QTest::addColumn<bool>("opens");
    // A process killed between creating the lock file and writing its name leaves it empty.
    QTest::addRow("empty, 5 s old") << QByteArray() << 5 << true;
    QTest::addRow("garbage, 5 s old") << QByteArray("\xff\xfe not a lock") << 5 << true;
    // A dead process's lock that names it: QLockFile sees the process is gone.
    QTest::addRow("names a process that is gone") << QByteArray("2147483000\ncachescope-cli\n") << 0 << true;
    // Held by a live process (this one): never taken away; the open waits, then says why.
    QTest::addRow("names a live process") << QByteArray::number(QCoreApplication::applicationPid()) + "\n"
            + QCoreApplication::applicationName().toUtf8() + "\n" + QSysInfo::machineHostName().toUtf8()
            + "\n" << 0 << false;
}

void tst_StoreFile::lockLeftByAKilledOpen()
{
    QFETCH(QByteArray, contents);
    QFETCH(int, ageSeconds);
    QFETCH(bool, opens);
    const QString lockPath = dbPath() + QStringLiteral(".open-lock");
    {
        QFile lock(lockPath);
        QVERIFY(lock.open(QIODevice::WriteOnly));
        lock.write(contents);
        const QDateTime then = QDateTime::currentDateTime().addSecs(-ageSeconds);
        QVERIFY(lock.setFileTime(then, QFileDevice::FileModificationTime));
    }
    ValidatorStore store;
    if (opens) {
        QVERIFY2(store.open(dbPath()), qPrintable(store.errorString()));
        QVERIFY(!QFile::exists(lockPath));
        return;
    }
    // A live holder: this takes the full wait (20 s) once, which is what a user would see before the message.
    QVERIFY(!store.open(dbPath()));
    QVERIFY2(store.errorString().contains(QLatin1String("another CacheScope is opening the store")),
        qPrintable(store.errorString()));
    QVERIFY(QFile::exists(lockPath));
}

void tst_StoreFile::twoInstancesOneFile()
{
    ValidatorStore a;
    ValidatorStore b;
    QVERIFY(a.open(dbPath()));
    QVERIFY(b.open(dbPath()));
    const QString url = QStringLiteral("https://a.example/shared");
    const qint64 id = a.put(makeEntry(url));
    QCOMPARE(b.lookup("GET", QUrl(url), {})->id, id);
    QVERIFY(b.updateHeaders(id, { { "ETag", "\"b\"" } }, utc("2026-11-25T11:00:00.000Z")));
    QCOMPARE(a.get(id)->responseHeaders.first("etag"), QByteArray("\"b\""));
    // A reader with an open statement does not block the other instance's writes (WAL).
    {
        QSqlQuery reading(QSqlDatabase::database(a.connectionName(), false));
        QVERIFY(reading.exec(QStringLiteral("SELECT id FROM entries")) && reading.next());
        QVERIFY2(b.put(makeEntry(url + QStringLiteral("2"))) > 0, qPrintable(b.errorString()));
    }
    QVERIFY(b.remove(id));
    QVERIFY(!a.get(id).has_value());
    QCOMPARE(a.count(), 1);
    a.close();
    QCOMPARE(b.count(), 1);
}

void tst_StoreFile::mergedVariantsStayCurrent_data()
{
    QTest::addColumn<QString>("after"); // what happens after the 304 merge, before the next read
    QTest::addRow("nothing") << QStringLiteral("nothing");
    QTest::addRow("another connection replaces it") << QStringLiteral("other-put");
    QTest::addRow("another connection removes it") << QStringLiteral("other-remove");
    QTest::addRow("another connection merges a 304") << QStringLiteral("other-merge");
    QTest::addRow("another connection writes another URL") << QStringLiteral("other-url");
    QTest::addRow("this store replaces it") << QStringLiteral("own-put");
    QTest::addRow("this store clears") << QStringLiteral("own-clear");
    QTest::addRow("the merge changes Vary") << QStringLiteral("vary");
    QTest::addRow("the store is reopened") << QStringLiteral("reopen");
    QTest::addRow("this store merges again") << QStringLiteral("own-merge");
    QTest::addRow("another connection merges, then this store") << QStringLiteral("other-merge+own-merge");
}

// After a 304 merge, a headers-only read may return what the merge left instead of reading it back. Whatever
// happens in between, it must equal what a fresh connection reads from the file.
void tst_StoreFile::mergedVariantsStayCurrent()
{
    QFETCH(QString, after);
    ValidatorStore store;
    ValidatorStore other;
    QVERIFY(store.open(dbPath()));
    QVERIFY(other.open(dbPath()));
    const QUrl url(QStringLiteral("https://a.example/memo"));
    const HttpHeaders vary { { "ETag", "\"1\"" }, { "Vary", "Accept-Language" } };
    QVERIFY(store.putAll({ makeEntry(url.toString(), { { "Accept-Language", "en" } }, vary, "english"),
        makeEntry(url.toString(), { { "Accept-Language", "fr" } }, vary, "french") }));
    auto merge = [&](ValidatorStore &target, const HttpHeaders &headers, const char *time) {
        return target.updateVariants(
            "GET", url,
            [&headers](const QList<CacheEntry> &variants) {
                QList<CacheEntry> updated { variants.first() };
                updated.first().responseHeaders = headers;
                return updated;
            },
            utc(time), utc("2026-11-26T01:00:00.250+01:00"), utc(time));
    };
    QVERIFY(store.variants("GET", url, StoredBody::Omit).size() == 2);
    const bool changeVary = after == QLatin1String("vary");
    HttpHeaders merged { { "ETag", "\"1\"" } };
    if (!changeVary) {
        merged.append("Vary", "Accept-Language");
        merged.append("Cache-Control", "max-age=60");
    }
    QVERIFY2(merge(store, merged, "2026-11-26T01:00:01.123Z"), qPrintable(store.errorString()));

    if (after == QLatin1String("other-put"))
        QVERIFY(other.put(makeEntry(url.toString(), { { "Accept-Language", "en" } }, { { "ETag", "\"2\"" } }, "new")));
    else if (after == QLatin1String("other-remove"))
        QCOMPARE(other.remove(url), 2);
    else if (after.startsWith(QLatin1String("other-merge")))
        QVERIFY(merge(other, { { "ETag", "\"1\"" }, { "Vary", "Accept-Language" } }, "2026-11-26T02:00:00Z"));
    else if (after == QLatin1String("other-url"))
        QVERIFY(other.put(makeEntry(QStringLiteral("https://a.example/else"))));
    else if (after == QLatin1String("own-put"))
        QVERIFY(store.put(makeEntry(url.toString(), { { "Accept-Language", "fr" } }, { { "ETag", "\"3\"" } }, "x")));
    else if (after == QLatin1String("own-clear"))
        QVERIFY(store.clear() >= 0);
    else if (after == QLatin1String("reopen"))
        QVERIFY(store.open(dbPath()));

    if (after.endsWith(QLatin1String("own-merge"))) // starts from what it merged before, or from the other's
        QVERIFY(merge(
            store, { { "ETag", "\"1\"" }, { "Vary", "Accept-Language" }, { "Age", "3" } }, "2026-11-26T03:00:00.007Z"));

    ValidatorStore fresh;
    QVERIFY(fresh.open(dbPath()));
    const QList<CacheEntry> expected = fresh.variants("GET", url, StoredBody::Omit);
    const QList<CacheEntry> seen = store.variants("GET", url, StoredBody::Omit);
    QVERIFY2(store.errorString().isEmpty(), qPrintable(store.errorString()));
    QCOMPARE(seen.size(), expected.size());
    for (qsizetype i = 0; i < seen.size(); ++i) {
        const CacheEntry &a = seen.at(i);
        const CacheEntry &b = expected.at(i);
        QCOMPARE(a.id, b.id);
        QCOMPARE(a.method, b.method);
        QCOMPARE(a.url, b.url);
        QCOMPARE(a.requestHeaders, b.requestHeaders);
        QCOMPARE(a.status, b.status);
        QCOMPARE(a.reason, b.reason);
        QCOMPARE(a.httpVersion, b.httpVersion);
        QCOMPARE(a.responseHeaders, b.responseHeaders);
        QVERIFY(a.body.isNull() && b.body.isNull());
        QCOMPARE(a.headerWireSize, b.headerWireSize);
        QCOMPARE(a.bodyWireSize, b.bodyWireSize);
        // Same instants and the same time spec: printed the same way too.
        const QList<QDateTime> times { a.requestTime, a.responseTime, a.storedAt, a.lastValidated };
        const QList<QDateTime> expectedTimes { b.requestTime, b.responseTime, b.storedAt, b.lastValidated };
        QCOMPARE(times, expectedTimes);
        for (qsizetype t = 0; t < times.size(); ++t)
            QCOMPARE(times.at(t).timeSpec(), expectedTimes.at(t).timeSpec());
    }
    if (after == QLatin1String("nothing"))
        QCOMPARE(seen.first().responseHeaders, merged); // and the merge did happen
}

void tst_StoreFile::concurrentThreads()
{
    constexpr int perThread = 150;
    const QString path = dbPath();
    std::array<QString, 2> errors;
    QList<QThread *> threads;
    for (int t = 0; t < 2; ++t) {
        // Both open a store that does not exist yet, then write interleaved transactions.
        threads.append(QThread::create([&errors, path, t] {
            ValidatorStore store;
            if (!store.open(path)) {
                errors[t] = store.errorString();
                return;
            }
            for (int i = 0; i < perThread && errors[t].isEmpty(); ++i) {
                const QString url = QStringLiteral("https://t%1.example/%2").arg(t).arg(i);
                if (store.put(makeEntry(url)) <= 0 || !store.lookup("GET", QUrl(url), {}))
                    errors[t] = store.errorString();
                if (i % 10 == 0 && store.list().isEmpty())
                    errors[t] = QStringLiteral("list() empty: ") + store.errorString();
            }
        }));
    }
    for (QThread *thread : threads)
        thread->start();
    for (QThread *thread : threads) {
        QVERIFY(thread->wait(120000));
        delete thread;
    }
    QCOMPARE(errors[0], QString());
    QCOMPARE(errors[1], QString());
    ValidatorStore store;
    QVERIFY(store.open(path));
    QCOMPARE(store.count(), 2 * perThread);
    QCOMPARE(sqlScalar(store, QStringLiteral("SELECT COUNT(*) FROM schema_version")), StoreSchema::latestVersion());
}

enum class BadFile
{
    Text,
    Binary,
    SqliteMagic,
    Foreign,
    ForeignId,
    OurTablesNoId,
    Newer,
    NoSchemaTable,
    Truncated
};

void tst_StoreFile::badFiles_data()
{
    QTest::addColumn<BadFile>("kind");
    QTest::addColumn<QString>("tag");
    QTest::addColumn<QString>("reason");

    QTest::addRow("text file") << BadFile::Text << QStringLiteral("corrupt")
                               << QStringLiteral("not an SQLite database");
    QTest::addRow("random bytes") << BadFile::Binary << QStringLiteral("corrupt")
                                  << QStringLiteral("not an SQLite database");
    QTest::addRow("SQLite magic, garbage after")
        << BadFile::SqliteMagic << QStringLiteral("corrupt") << QStringLiteral("SQLite database");
    QTest::addRow("another app's tables")
        << BadFile::Foreign << QStringLiteral("foreign") << QStringLiteral("tables moz_places");
    QTest::addRow("another app's id") << BadFile::ForeignId << QStringLiteral("foreign")
                                      << QStringLiteral("application id 1234");
    QTest::addRow("our tables without our id")
        << BadFile::OurTablesNoId << QStringLiteral("foreign") << QStringLiteral("another application");
    QTest::addRow("newer schema") << BadFile::Newer << QStringLiteral("newer") << QStringLiteral("schema version 99");
    QTest::addRow("no schema_version table")
        << BadFile::NoSchemaTable << QStringLiteral("corrupt") << QStringLiteral("without its schema_version");
    QTest::addRow("store cut in half") << BadFile::Truncated << QStringLiteral("corrupt")
                                       << QStringLiteral("a damaged SQLite database");
}

void tst_StoreFile::badFiles()
{
    QFETCH(BadFile, kind);
    QFETCH(QString, tag);
    QFETCH(QString, reason);

    const QString path = dbPath();
    const QString settings = m_dir->filePath(QStringLiteral("settings.ini"));
    QVERIFY(writeFile(settings, "[ui]\ntheme=dark\n"));
    QByteArray random(64 * 1024, Qt::Uninitialized);
    for (char &c : random)
        c = char(QRandomGenerator::global()->bounded(256));
    switch (kind) {
    case BadFile::Text:
        QVERIFY(writeFile(path, "hello, I am a shopping list\n"));
        QVERIFY(writeFile(path + QStringLiteral("-wal"), "stale wal"));
        break;
    case BadFile::Binary:
        QVERIFY(writeFile(path, random));
        break;
    case BadFile::SqliteMagic:
        QVERIFY(writeFile(path, QByteArray("SQLite format 3\0", 16) + random));
        break;
    case BadFile::Foreign:
        QVERIFY(runSql(path,
            { QStringLiteral("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)"),
                QStringLiteral("INSERT INTO moz_places (url) VALUES ('https://x/')") }));
        break;
    case BadFile::ForeignId:
        QVERIFY(runSql(path, { QStringLiteral("PRAGMA application_id = 1234"), QStringLiteral("VACUUM") }));
        break;
    case BadFile::OurTablesNoId:
    case BadFile::Newer:
    case BadFile::NoSchemaTable: {
        {
            ValidatorStore store;
            QVERIFY(store.open(path));
            QVERIFY(store.put(makeEntry(QStringLiteral("https://a.example/"))) > 0);
        }
        const QString sql = kind == BadFile::OurTablesNoId ? QStringLiteral("PRAGMA application_id = 0")
            : kind == BadFile::Newer ? QStringLiteral("INSERT INTO schema_version VALUES (99, 0, 'from the future')")
                                     : QStringLiteral("DROP TABLE schema_version");
        QVERIFY(runSql(path, { sql }));
        break;
    }
    case BadFile::Truncated: {
        {
            ValidatorStore store;
            QVERIFY(store.open(path));
            QList<CacheEntry> entries;
            for (int i = 0; i < 300; ++i)
                entries.append(makeEntry(QStringLiteral("https://a.example/%1").arg(i), {}, {}, QByteArray(3000, 'x')));
            QVERIFY(store.putAll(entries));
        }
        QFile file(path);
        QVERIFY(file.resize(file.size() / 2));
        break;
    }
    }
    QVERIFY(!QFile::exists(path + QStringLiteral("-shm")) || kind == BadFile::Text);
    const QByteArray original = readAll(path);
    QVERIFY(!original.isEmpty());

    // A second connection (a StoreWriter's) never recovers a file: it refuses it and leaves it as it is.
    {
        ValidatorStore second;
        QVERIFY(!second.open(path, ValidatorStore::OpenMode::ExistingOnly));
        QVERIFY2(second.errorString().contains(QLatin1String("left as it is")), qPrintable(second.errorString()));
        QVERIFY(!second.isOpen());
        QCOMPARE(readAll(path), original);
        QVERIFY(second.movedAsidePath().isEmpty());
        QCOMPARE(QDir(m_dir->path()).entryList({ QStringLiteral("*.%1-*").arg(tag) }, QDir::Files).size(), 0);
    }

    const QDateTime local(QDate(2026, 11, 25), QTime(18, 45, 1));
    ValidatorStore store;
    store.setClock([local] { return local.toUTC(); });
    QTest::ignoreMessage(QtWarningMsg,
        QRegularExpression(QStringLiteral("^.*cachescope.sqlite was .* moved to .*cachescope.sqlite.%1-").arg(tag)));
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    const QString aside = path + QStringLiteral(".%1-20261125-184501").arg(tag);
    QCOMPARE(store.movedAsidePath(), aside);
    QVERIFY2(store.recoveryNotice().contains(reason), qPrintable(store.recoveryNotice()));
    QVERIFY(store.recoveryNotice().contains(aside));
    QCOMPARE(readAll(aside), original);
    if (kind == BadFile::Text)
        QCOMPARE(readAll(aside + QStringLiteral("-wal")), QByteArray("stale wal"));
    QCOMPARE(readAll(settings), QByteArray("[ui]\ntheme=dark\n"));
    QCOMPARE(store.count(), 0);
    QVERIFY(store.put(makeEntry(QStringLiteral("https://fresh.example/"))) > 0);
    store.close();

    // The fresh store is ours now: no second move, and the same second gets a distinct name next time.
    QVERIFY(store.open(path));
    QVERIFY(store.recoveryNotice().isEmpty());
    QCOMPARE(store.count(), 1);
    store.close();
    QVERIFY(writeFile(path, "garbage again"));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("was not an SQLite database")));
    QVERIFY(store.open(path));
    QCOMPARE(store.movedAsidePath(),
        path + QStringLiteral(".corrupt-20261125-184501")
            + (tag == QLatin1String("corrupt") ? QStringLiteral("-2") : QString()));
}

void tst_StoreFile::existingOnlyNeverCreates()
{
    const QString path = dbPath();
    ValidatorStore store;
    QVERIFY(!store.open(path, ValidatorStore::OpenMode::ExistingOnly));
    QVERIFY2(store.errorString().contains(QLatin1String("does not exist")), qPrintable(store.errorString()));
    QVERIFY(!QFile::exists(path));
    QVERIFY(writeFile(path, QByteArray()));
    QVERIFY(!store.open(path, ValidatorStore::OpenMode::ExistingOnly));
    QVERIFY2(store.errorString().contains(QLatin1String("left as it is")), qPrintable(store.errorString()));
    QCOMPARE(QFileInfo(path).size(), 0);
    // Once the program's own connection created the store, a second one opens it.
    ValidatorStore first;
    QVERIFY(first.open(path));
    QVERIFY(first.put(makeEntry(QStringLiteral("https://a.example/"))) > 0);
    QVERIFY2(store.open(path, ValidatorStore::OpenMode::ExistingOnly), qPrintable(store.errorString()));
    QCOMPARE(store.count(), 1);
}

// A write transaction begun inside another is a savepoint: it stands or falls alone, and only the outer commit
// makes anything visible to other connections.
void tst_StoreFile::nestedWritesAreSavepoints()
{
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    ValidatorStore other;
    QVERIFY(other.open(dbPath()));
    StoreSchema::TransactionStatements &statements = *store.transactionStatements();
    const auto urls = [](ValidatorStore &s) {
        QStringList result;
        for (const CacheEntrySummary &entry : s.list())
            result.append(entry.url.toString());
        return result;
    };
    {
        StoreSchema::WriteTransaction outer(statements);
        QVERIFY(outer.isActive());
        QCOMPARE(statements.depth(), 1);
        QVERIFY(store.put(makeEntry(QStringLiteral("https://kept.example/"))) > 0); // a savepoint, released
        QCOMPARE(statements.depth(), 1);
        {
            StoreSchema::WriteTransaction inner(statements);
            QVERIFY(inner.isActive());
            QCOMPARE(statements.depth(), 2);
            QVERIFY(store.put(makeEntry(QStringLiteral("https://dropped.example/"))) > 0);
        } // not committed: rolled back to its savepoint
        QCOMPARE(statements.depth(), 1);
        QCOMPARE(urls(store), QStringList { QStringLiteral("https://kept.example/") });
        QCOMPARE(urls(other), QStringList()); // nothing committed yet
        QVERIFY(outer.commit());
    }
    QCOMPARE(statements.depth(), 0);
    QCOMPARE(urls(other), QStringList { QStringLiteral("https://kept.example/") });
    {
        StoreSchema::WriteTransaction outer(statements);
        QVERIFY(store.put(makeEntry(QStringLiteral("https://undone.example/"))) > 0);
    } // the outer one rolled back: its savepoints' writes go with it
    QCOMPARE(statements.depth(), 0);
    QCOMPARE(urls(store), QStringList { QStringLiteral("https://kept.example/") });
    QCOMPARE(urls(other), QStringList { QStringLiteral("https://kept.example/") });
}

void tst_StoreFile::emptyFileIsAFreshStore()
{
    QVERIFY(writeFile(dbPath(), QByteArray()));
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    QVERIFY(store.recoveryNotice().isEmpty());
    QVERIFY(store.movedAsidePath().isEmpty());
    QVERIFY(store.put(makeEntry(QStringLiteral("https://a.example/"))) > 0);
}

void tst_StoreFile::diskFull()
{
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    QVERIFY(store.put(makeEntry(QStringLiteral("https://a.example/small"))) > 0);
    const qint64 pages = sqlScalar(store, QStringLiteral("PRAGMA page_count"));
    QVERIFY(pages > 0);
    // A page limit makes SQLite report SQLITE_FULL exactly as a full disk does.
    QCOMPARE(sqlScalar(store, QStringLiteral("PRAGMA max_page_count = %1").arg(pages + 2)), pages + 2);
    QCOMPARE(store.put(makeEntry(QStringLiteral("https://a.example/big"), {}, {}, QByteArray(1 << 20, 'x'))), 0);
    QVERIFY2(store.errorString().contains(QLatin1String("disk is full")), qPrintable(store.errorString()));
    // The failed transaction left nothing behind: no entry row without its body.
    QCOMPARE(store.count(), 1);
    QCOMPARE(companionRows(store), 1);
    QVERIFY(!store.lookup("GET", QUrl(QStringLiteral("https://a.example/big")), {}).has_value());
    QVERIFY(store.errorString().isEmpty());
    QCOMPARE(sqlScalar(store, QStringLiteral("PRAGMA max_page_count = 1000000")), 1000000);
    QVERIFY(store.put(makeEntry(QStringLiteral("https://a.example/big"), {}, {}, QByteArray(1 << 20, 'x'))) > 0);
}

QTEST_GUILESS_MAIN(tst_StoreFile)
#include "tst_storefile.moc"
