#include "../cache/storetestutil.h"
#include "cache/storeschema.h"
#include "cache/validatorstore.h"
#include "client/storereader.h"
#include "client/timelinestore.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace CacheScope;

namespace {

QDateTime at(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(1795000000000 + ms).toUTC();
}

TimelineEvent makeEvent(const QString &url, qint64 ms, int status)
{
    TimelineEvent event;
    event.watchId = 3;
    event.url = QUrl(url);
    event.time = at(ms);
    event.status = status;
    event.receivedEtag = "\"v1\"";
    event.sentIfNoneMatch = status == 304 ? QByteArray("\"v1\"") : QByteArray();
    event.contentChanged = status == 304 ? ContentChange::No : ContentChange::Unknown;
    event.responseHeaderBytes = 150;
    event.responseBodyWireBytes = status == 200 ? 1000 : 0;
    event.bytesSaved = status == 304 ? 1000 : 0;
    event.notes = { { NoteSeverity::Warning, QStringLiteral("no-validator"), QStringLiteral("a \"quoted\" note") } };
    event.requestMethod = "GET";
    event.responseHeaders.append("ETag", "\"v1\"");
    return event;
}

CacheEntry makeEntry(const QString &url, const QByteArray &language = {})
{
    CacheEntry entry;
    entry.method = "GET";
    entry.url = QUrl(url);
    entry.status = 200;
    entry.reason = "OK";
    entry.responseHeaders.append("ETag", "\"e\"");
    entry.responseHeaders.append("Cache-Control", "max-age=60");
    entry.responseHeaders.append("X-Not-In-Summary", "1");
    if (!language.isEmpty()) {
        entry.responseHeaders.append("Vary", "Accept-Language");
        entry.requestHeaders.append("Accept-Language", language);
    }
    entry.body = "body of " + url.toUtf8();
    entry.headerWireSize = 120;
    entry.bodyWireSize = entry.body.size();
    entry.responseTime = at(1000);
    return entry;
}

// The files in a directory, without SQLite's -wal and -shm companions: a read-only connection to a WAL-mode
// database creates them when no other connection has (SQLite needs them to read) and cannot remove them. They
// hold no data; the program's own connection, which has them open anyway in real use, takes them over.
QStringList listing(const QString &dir)
{
    QStringList names = QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
    names.removeIf([](const QString &name) {
        return name.endsWith(QLatin1String("-wal")) || name.endsWith(QLatin1String("-shm"));
    });
    return names;
}

} // namespace

class TestStoreReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void ownReadOnlyConnection();
    void refusesWhatItCannotRead_data();
    void refusesWhatItCannotRead();
    void eventsMatchTimelineStore();
    void entriesMatchList();
    void readsOnAnotherThread();
    void staleRequestsAreDropped();
    void kindsHaveTheirOwnGenerations();
    void seesLaterCommits();
    void errorAnswerForMissingFile();
    void destroyedWhileReading();
    void summariesMatchTimelineStore();
    void everySummariesRequestIsAnswered();

private:
    void fillStore();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<ValidatorStore> m_store;
    std::unique_ptr<TimelineStore> m_timeline;
};

void TestStoreReader::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("store.sqlite"));
    m_store = std::make_unique<ValidatorStore>();
    QVERIFY2(m_store->open(m_path), qPrintable(m_store->errorString()));
    m_timeline = std::make_unique<TimelineStore>(m_store.get());
}

void TestStoreReader::cleanup()
{
    m_timeline.reset();
    m_store.reset();
    m_dir.reset();
}

void TestStoreReader::fillStore()
{
    QList<TimelineEvent> events;
    for (int i = 0; i < 30; ++i)
        events << makeEvent(i % 3 == 0 ? QStringLiteral("http://a.test/x") : QStringLiteral("http://b.test/y?q=1"),
            i * 1000, i % 2 ? 304 : 200);
    QVERIFY2(m_timeline->append(events), qPrintable(m_timeline->errorString()));
    QList<CacheEntry> entries { makeEntry(QStringLiteral("http://a.test/x")),
        makeEntry(QStringLiteral("http://b.test/y?q=1"), "en"),
        makeEntry(QStringLiteral("http://b.test/y?q=1"), "fr") };
    QVERIFY2(m_store->putAll(entries), qPrintable(m_store->errorString()));
}

void TestStoreReader::ownReadOnlyConnection()
{
    fillStore();
    StoreReadConnection reader;
    QVERIFY2(reader.open(m_path), qPrintable(reader.errorString()));
    QVERIFY(reader.database().connectionName() != m_store->connectionName());
    QVERIFY(reader.database().connectOptions().contains(QLatin1String("QSQLITE_OPEN_READONLY")));
    for (const char *sql : { "DELETE FROM timeline_events",
             "INSERT INTO watched_items (url, mode, interval_ms, "
             "paused) VALUES ('http://c.test/', 'interval', 1, 0)",
             "UPDATE entries SET status = 500", "CREATE TABLE mine (x INTEGER)" }) {
        QSqlQuery query(reader.database());
        QVERIFY2(!query.exec(QString::fromLatin1(sql)), sql);
    }
    QCOMPARE(m_timeline->eventCount(), 30);
    QCOMPARE(m_store->count(), 3);
    QCOMPARE(reader.entries()->size(), 3);
}

void TestStoreReader::refusesWhatItCannotRead_data()
{
    QTest::addColumn<QString>("prepare");
    QTest::addColumn<QString>("expected");
    QTest::addRow("missing file") << "missing"
                                  << "does not exist";
    QTest::addRow("empty path") << "empty-path"
                                << "no store file";
    QTest::addRow("directory") << "directory"
                               << "is not a file";
    QTest::addRow("zero-length file") << "zero"
                                      << "is empty";
    QTest::addRow("text file") << "text"
                               << "is not an SQLite database";
    QTest::addRow("another application's database") << "foreign"
                                                    << "another application";
    QTest::addRow("older schema, not migrated") << "older"
                                                << "schema version";
    QTest::addRow("newer schema, not moved aside") << "newer"
                                                   << "schema version";
}

void TestStoreReader::refusesWhatItCannotRead()
{
    QFETCH(QString, prepare);
    QFETCH(QString, expected);
    m_timeline.reset();
    m_store.reset();
    const QString dir = m_dir->filePath(QStringLiteral("case"));
    QVERIFY(QDir().mkpath(dir));
    QString path = dir + QStringLiteral("/store.sqlite");
    const int latest = StoreSchema::latestVersion();
    if (prepare == QLatin1String("empty-path")) {
        path.clear();
    } else if (prepare == QLatin1String("directory")) {
        QVERIFY(QDir().mkpath(path));
    } else if (prepare == QLatin1String("zero")) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
    } else if (prepare == QLatin1String("text")) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write("not a database at all\n") > 0);
    } else if (prepare == QLatin1String("foreign")) {
        QVERIFY(StoreTest::runSql(path, { QStringLiteral("CREATE TABLE notes (x TEXT)") }));
    } else if (prepare == QLatin1String("older") || prepare == QLatin1String("newer")) {
        {
            ValidatorStore store;
            QVERIFY(store.open(path));
        }
        QVERIFY(StoreTest::runSql(path,
            { prepare == QLatin1String("older")
                    ? QStringLiteral("DELETE FROM schema_version WHERE version = %1").arg(latest)
                    : QStringLiteral("INSERT INTO schema_version VALUES (%1, 0, 'future')").arg(latest + 1) }));
    }
    const QStringList before = listing(dir);
    const QByteArray bytesBefore = QFileInfo(path).isFile() ? [&path] {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }()
                                                             : QByteArray();

    StoreReadConnection reader;
    QVERIFY(!reader.open(path));
    QVERIFY2(reader.errorString().contains(expected), qPrintable(reader.errorString()));
    QVERIFY(!reader.isOpen());
    QVERIFY(!reader.events(QUrl(QStringLiteral("http://a.test/"))));
    QVERIFY(!reader.entries());
    // Nothing created, migrated or moved aside.
    QCOMPARE(listing(dir), before);
    if (QFileInfo(path).isFile()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), bytesBefore);
    }
}

void TestStoreReader::eventsMatchTimelineStore()
{
    fillStore();
    // A row something else damaged: both must skip it with the same sentence.
    QSqlQuery damage(m_store->database());
    QVERIFY(damage.exec(QStringLiteral("UPDATE timeline_events SET notes = '{not json' WHERE id = 4")));
    QVERIFY(damage.exec(QStringLiteral("UPDATE timeline_events SET status = 'abc' WHERE id = 6")));
    damage.finish();

    StoreReadConnection reader;
    QVERIFY2(reader.open(m_path), qPrintable(reader.errorString()));
    for (const QString &url : { QStringLiteral("http://a.test/x"), QStringLiteral("http://b.test/y?q=1"),
             QStringLiteral("http://nothing.test/") }) {
        for (int limit : { 0, 1, 5, 1000 }) {
            QStringList expectedProblems;
            const QList<TimelineEvent> expected = m_timeline->events(QUrl(url), limit, &expectedProblems);
            QStringList problems;
            const auto events = reader.events(QUrl(url), limit, &problems);
            QVERIFY2(events, qPrintable(reader.errorString()));
            QCOMPARE(*events, expected);
            QCOMPARE(problems, expectedProblems);
        }
    }
    QStringList problems;
    QVERIFY(reader.events(QUrl(QStringLiteral("http://a.test/x")), 0, &problems));
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(QLatin1String("timeline event 4")), qPrintable(problems.first()));
    problems.clear();
    QCOMPARE(reader.events(QUrl(QStringLiteral("http://b.test/y?q=1")), 0, &problems)->size(), 19);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(QLatin1String("timeline event 6")), qPrintable(problems.first()));
}

void TestStoreReader::entriesMatchList()
{
    fillStore();
    StoreReadConnection reader;
    QVERIFY2(reader.open(m_path), qPrintable(reader.errorString()));
    const auto entries = reader.entries();
    QVERIFY2(entries, qPrintable(reader.errorString()));
    const QList<CacheEntrySummary> expected = m_store->list();
    QCOMPARE(entries->size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const CacheEntrySummary &a = entries->at(i);
        const CacheEntrySummary &b = expected.at(i);
        QCOMPARE(a.id, b.id);
        QCOMPARE(a.method, b.method);
        QCOMPARE(a.url, b.url);
        QCOMPARE(a.secondaryKey, b.secondaryKey);
        QCOMPARE(a.status, b.status);
        QCOMPARE(a.headers, b.headers);
        QCOMPARE(a.bodySize, b.bodySize);
        QCOMPARE(a.wireSize(), b.wireSize());
        QCOMPARE(a.responseTime, b.responseTime);
        QCOMPARE(a.storedAt, b.storedAt);
        QCOMPARE(a.lastValidated, b.lastValidated);
    }
    QVERIFY(!expected.last().headers.contains("X-Not-In-Summary"));
}

void TestStoreReader::readsOnAnotherThread()
{
    fillStore();
    StoreReader reader(m_path);
    QVERIFY(reader.workerThread());
    QVERIFY(reader.workerThread() != QThread::currentThread());
    QVERIFY(reader.workerThread()->isRunning());
    QSignalSpy spy(&reader, &StoreReader::eventsRead);
    const quint64 id = reader.readEvents(QUrl(QStringLiteral("http://a.test/x")));
    QVERIFY(reader.isReadingEvents());
    QTRY_COMPARE(spy.size(), 1);
    QVERIFY(!reader.isReadingEvents());
    const auto answer = spy.first().first().value<StoreEventsAnswer>();
    QCOMPARE(answer.request, id);
    QVERIFY2(answer.error.isEmpty(), qPrintable(answer.error));
    QCOMPARE(answer.events, m_timeline->events(QUrl(QStringLiteral("http://a.test/x"))));
}

void TestStoreReader::staleRequestsAreDropped()
{
    fillStore();
    StoreReader reader(m_path);
    QSignalSpy spy(&reader, &StoreReader::eventsRead);
    // Many quick switches: only the last URL's answer may arrive, whatever the worker got to before.
    for (int i = 0; i < 20; ++i)
        reader.readEvents(QUrl(i % 2 ? QStringLiteral("http://a.test/x") : QStringLiteral("http://nothing.test/")));
    const quint64 last = reader.readEvents(QUrl(QStringLiteral("http://b.test/y?q=1")));
    QTRY_COMPARE(spy.size(), 1);
    // Let anything late through the queues, then check nothing else came.
    QSignalSpy entries(&reader, &StoreReader::entriesRead);
    reader.readEntries();
    QTRY_COMPARE(entries.size(), 1);
    QCoreApplication::processEvents();
    QCOMPARE(spy.size(), 1);
    const auto answer = spy.first().first().value<StoreEventsAnswer>();
    QCOMPARE(answer.request, last);
    QCOMPARE(answer.url, QUrl(QStringLiteral("http://b.test/y?q=1")));
    QCOMPARE(answer.events.size(), 20);
}

void TestStoreReader::kindsHaveTheirOwnGenerations()
{
    fillStore();
    StoreReader reader(m_path);
    QSignalSpy events(&reader, &StoreReader::eventsRead);
    QSignalSpy entries(&reader, &StoreReader::entriesRead);
    reader.readEvents(QUrl(QStringLiteral("http://a.test/x")));
    reader.readEntries();
    QTRY_COMPARE(events.size(), 1);
    QTRY_COMPARE(entries.size(), 1);
    const auto answer = entries.first().first().value<StoreEntriesAnswer>();
    QCOMPARE(answer.entries.size(), 3);
    qint64 bytes = 0;
    for (const CacheEntrySummary &entry : m_store->list())
        bytes += entry.bodySize;
    QCOMPARE(answer.totalBodyBytes, bytes);
    QCOMPARE(answer.totalBodyBytes, m_store->totalSize());
}

void TestStoreReader::seesLaterCommits()
{
    fillStore();
    StoreReader reader(m_path);
    QSignalSpy spy(&reader, &StoreReader::eventsRead);
    const QUrl url(QStringLiteral("http://a.test/x"));
    reader.readEvents(url);
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(spy.takeFirst().first().value<StoreEventsAnswer>().events.size(), 10);
    TimelineEvent event = makeEvent(url.toString(), 99000, 304);
    QVERIFY(m_timeline->append(event));
    reader.readEvents(url);
    QTRY_COMPARE(spy.size(), 1);
    const auto answer = spy.first().first().value<StoreEventsAnswer>();
    QCOMPARE(answer.events.size(), 11);
    QCOMPARE(answer.events.last().id, event.id);
}

void TestStoreReader::errorAnswerForMissingFile()
{
    const QString missing = m_dir->filePath(QStringLiteral("elsewhere/none.sqlite"));
    QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("elsewhere"))));
    StoreReader reader(missing);
    QSignalSpy events(&reader, &StoreReader::eventsRead);
    QSignalSpy entries(&reader, &StoreReader::entriesRead);
    reader.readEvents(QUrl(QStringLiteral("http://a.test/x")));
    reader.readEntries();
    QTRY_COMPARE(events.size(), 1);
    QTRY_COMPARE(entries.size(), 1);
    QVERIFY(events.first().first().value<StoreEventsAnswer>().error.contains(QLatin1String("does not exist")));
    QVERIFY(entries.first().first().value<StoreEntriesAnswer>().error.contains(QLatin1String("does not exist")));
    QVERIFY(events.first().first().value<StoreEventsAnswer>().events.isEmpty());
    QCOMPARE(listing(m_dir->filePath(QStringLiteral("elsewhere"))), QStringList());
}

void TestStoreReader::destroyedWhileReading()
{
    m_timeline->setEventLimitPerUrl(50000);
    QList<TimelineEvent> events;
    for (int i = 0; i < 20000; ++i)
        events << makeEvent(QStringLiteral("http://a.test/x"), i, 304);
    QVERIFY(m_timeline->append(events));
    for (int round = 0; round < 3; ++round) {
        // Mostly lands in the middle of the read, whose cancellation check must stop it.
        auto reader = std::make_unique<StoreReader>(m_path);
        QSignalSpy spy(reader.get(), &StoreReader::eventsRead);
        reader->readEvents(QUrl(QStringLiteral("http://a.test/x")));
        reader.reset(); // stops the read and joins the thread; nothing may arrive or crash afterwards
        QCoreApplication::processEvents();
    }
    StoreReader reader(m_path);
    QSignalSpy spy(&reader, &StoreReader::eventsRead);
    reader.readEvents(QUrl(QStringLiteral("http://a.test/x")));
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 20000);
    QCOMPARE(spy.first().first().value<StoreEventsAnswer>().events.size(), 20000);
}

void TestStoreReader::summariesMatchTimelineStore()
{
    fillStore();
    const QList<QUrl> urls { QUrl(QStringLiteral("http://b.test/y?q=1")), QUrl(QStringLiteral("http://nothing.test/")),
        QUrl(QStringLiteral("http://a.test/x")) };
    StoreReadConnection connection;
    QVERIFY2(connection.open(m_path), qPrintable(connection.errorString()));
    for (const QUrl &url : urls) {
        const auto summary = connection.summary(url);
        QVERIFY2(summary, qPrintable(connection.errorString()));
        QCOMPARE(summary->url, url);
        QCOMPARE(summary->totals, m_timeline->totals(url).value());
        QCOMPARE(summary->last, m_timeline->lastEvent(url));
        qint64 maxId = 0;
        for (const TimelineEvent &event : m_timeline->events(url))
            maxId = std::max(maxId, event.id);
        QCOMPARE(summary->maxEventId, maxId);
    }
    QCOMPARE(connection.summary(urls.at(1))->totals, TimelineTotals());
    QCOMPARE(connection.summary(urls.at(1))->maxEventId, 0);
    QCOMPARE(connection.summary(urls.at(2))->totals.requests, 10);

    // The same through the reader's thread, in the order asked.
    StoreReader reader(m_path);
    QSignalSpy spy(&reader, &StoreReader::summariesRead);
    const quint64 id = reader.readSummaries(urls);
    QVERIFY(reader.isReadingSummaries());
    QTRY_COMPARE(spy.size(), 1);
    QVERIFY(!reader.isReadingSummaries());
    const auto answer = spy.first().first().value<StoreSummariesAnswer>();
    QCOMPARE(answer.request, id);
    QVERIFY2(answer.error.isEmpty(), qPrintable(answer.error));
    QCOMPARE(answer.summaries.size(), 3);
    for (int i = 0; i < urls.size(); ++i) {
        QCOMPARE(answer.summaries.at(i).url, urls.at(i));
        QCOMPARE(answer.summaries.at(i).totals, m_timeline->totals(urls.at(i)).value());
    }
}

void TestStoreReader::everySummariesRequestIsAnswered()
{
    fillStore();
    StoreReader reader(m_path);
    QSignalSpy spy(&reader, &StoreReader::summariesRead);
    // Not a generation: each request names its own URLs, so none may be dropped for a later one.
    QList<quint64> ids;
    for (int i = 0; i < 5; ++i)
        ids << reader.readSummaries(
            { QUrl(i % 2 ? QStringLiteral("http://a.test/x") : QStringLiteral("http://b.test/y?q=1")) });
    reader.readEvents(QUrl(QStringLiteral("http://a.test/x")));
    QTRY_COMPARE(spy.size(), 5);
    QVERIFY(!reader.isReadingSummaries());
    for (int i = 0; i < 5; ++i) {
        const auto answer = spy.at(i).first().value<StoreSummariesAnswer>();
        QCOMPARE(answer.request, ids.at(i));
        QCOMPARE(answer.summaries.size(), 1);
        QCOMPARE(answer.summaries.first().totals.requests, i % 2 ? 10 : 20);
    }

    // A later commit is seen, and its id is above what the earlier answer counted.
    const qint64 before = spy.first().first().value<StoreSummariesAnswer>().summaries.first().maxEventId;
    TimelineEvent event = makeEvent(QStringLiteral("http://b.test/y?q=1"), 99000, 304);
    QVERIFY(m_timeline->append(event));
    QVERIFY(event.id > before);
    spy.clear();
    reader.readSummaries({ QUrl(QStringLiteral("http://b.test/y?q=1")) });
    QTRY_COMPARE(spy.size(), 1);
    const StoreUrlSummary summary = spy.first().first().value<StoreSummariesAnswer>().summaries.first();
    QCOMPARE(summary.maxEventId, event.id);
    QCOMPARE(summary.totals.requests, 21);
    QCOMPARE(summary.last->id, event.id);

    // A file that cannot be read: an error answer, with no summaries.
    StoreReader missing(m_dir->filePath(QStringLiteral("none.sqlite")));
    QSignalSpy failed(&missing, &StoreReader::summariesRead);
    missing.readSummaries({ QUrl(QStringLiteral("http://a.test/x")) });
    QTRY_COMPARE(failed.size(), 1);
    const auto answer = failed.first().first().value<StoreSummariesAnswer>();
    QVERIFY2(answer.error.contains(QLatin1String("does not exist")), qPrintable(answer.error));
    QVERIFY(answer.summaries.isEmpty());
}

QTEST_GUILESS_MAIN(TestStoreReader)
#include "tst_storereader.moc"
