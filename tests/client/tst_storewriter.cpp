#include "cache/validatorstore.h"
#include "client/storewriter.h"
#include "client/timelinestore.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace CacheScope;

namespace {

TimelineEvent timelineEvent(const QUrl &url, int status, qint64 second)
{
    TimelineEvent e;
    e.url = url;
    e.time = QDateTime::fromSecsSinceEpoch(1795000000 + second).toUTC();
    e.status = status;
    e.watchId = 1;
    return e;
}

CacheEntry entry(const QUrl &url, const QByteArray &etag)
{
    CacheEntry e;
    e.method = "GET";
    e.url = url;
    e.status = 200;
    e.reason = "OK";
    e.responseHeaders.append("ETag", etag);
    e.responseHeaders.append("Cache-Control", "max-age=0");
    e.body = "body";
    e.requestTime = QDateTime::fromSecsSinceEpoch(1795000000).toUTC();
    e.responseTime = e.requestTime;
    return e;
}

StoreWriteAnswer answerAt(const QSignalSpy &spy, int index)
{
    return spy.at(index).at(0).value<StoreWriteAnswer>();
}

} // namespace

// The store writer: its own connection on its own thread, writes in the order asked, batches that share one commit
// and whose writes stand or fall alone, files it must not touch, and nothing lost when it is destroyed.
class tst_StoreWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void writesInOrderOnItsThread();
    void mergesWhatIsStoredWhenItRuns();
    void oneBatchEachWriteAlone();
    void refusesWhatIsNotAStore_data();
    void refusesWhatIsNotAStore();
    void destroyedAfterWriting();

private:
    QString path() const { return m_dir->filePath(QStringLiteral("store.sqlite")); }
    const QUrl m_url { QStringLiteral("http://127.0.0.1:1/a") };
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ValidatorStore> m_store;
};

void tst_StoreWriter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<ValidatorStore>();
    QVERIFY2(m_store->open(path()), qPrintable(m_store->errorString()));
}

void tst_StoreWriter::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void tst_StoreWriter::writesInOrderOnItsThread()
{
    StoreWriter writer(path());
    QThread *seen = nullptr;
    writer.setBeforeWrite([&seen] { seen = QThread::currentThread(); });
    QSignalSpy appended(&writer, &StoreWriter::appended);
    const quint64 first = writer.append({ timelineEvent(m_url, 200, 0), timelineEvent(m_url, 304, 1) });
    const quint64 second = writer.append({ timelineEvent(m_url, 304, 2) });
    QVERIFY(second > first);
    // Answered by a queued call, without anyone waiting.
    QTRY_COMPARE_WITH_TIMEOUT(appended.size(), 2, 10000);
    QVERIFY(writer.isIdle());
    QVERIFY(seen != nullptr);
    QVERIFY(seen != QThread::currentThread());
    QCOMPARE(seen, writer.workerThread());

    const StoreWriteAnswer a = answerAt(appended, 0);
    const StoreWriteAnswer b = answerAt(appended, 1);
    QCOMPARE(a.job, first);
    QCOMPARE(b.job, second);
    QVERIFY2(a.error.isEmpty() && b.error.isEmpty(), qPrintable(a.error + b.error));
    QCOMPARE(a.events.size(), 2);
    QVERIFY(a.events.at(0).id > 0);
    QVERIFY(a.events.at(1).id > a.events.at(0).id);
    QVERIFY(b.events.at(0).id > a.events.at(1).id);

    TimelineStore timeline(m_store.get());
    const QList<TimelineEvent> stored = timeline.events(m_url);
    QCOMPARE(stored.size(), 3);
    QCOMPARE(stored.at(2), b.events.at(0));
}

void tst_StoreWriter::mergesWhatIsStoredWhenItRuns()
{
    const qint64 id = m_store->put(entry(m_url, "\"v1\""));
    QVERIFY(id > 0);
    StoreWriter writer(path());
    QSignalSpy updated(&writer, &StoreWriter::variantsUpdated);
    QList<CacheEntry> seen;
    QThread *mergedOn = nullptr;
    const QDateTime validated = QDateTime::fromSecsSinceEpoch(1795000100).toUTC();
    const quint64 job = writer.updateVariants(
        "GET", m_url,
        [&seen, &mergedOn](const QList<CacheEntry> &variants) {
            seen = variants;
            mergedOn = QThread::currentThread();
            QList<CacheEntry> result = variants;
            result.first().responseHeaders.set("Cache-Control", "max-age=600");
            return result;
        },
        validated, validated, validated);
    writer.waitForIdle(); // answers before it returns
    QCOMPARE(updated.size(), 1);
    QCOMPARE(answerAt(updated, 0).job, job);
    QVERIFY2(answerAt(updated, 0).error.isEmpty(), qPrintable(answerAt(updated, 0).error));
    QCOMPARE(mergedOn, writer.workerThread());
    QCOMPARE(seen.size(), 1);
    QCOMPARE(seen.first().id, id);
    QVERIFY(seen.first().body.isNull()); // headers only

    const std::optional<CacheEntry> stored = m_store->get(id);
    QVERIFY(stored);
    QCOMPARE(stored->responseHeaders.first("Cache-Control"), QByteArray("max-age=600"));
    QCOMPARE(stored->lastValidated, validated);
    QCOMPARE(stored->body, QByteArray("body"));
}

void tst_StoreWriter::oneBatchEachWriteAlone()
{
    const qint64 id = m_store->put(entry(m_url, "\"v1\""));
    StoreWriter writer(path());
    writer.setHandOverDelayMs(3600 * 1000); // handed over by waitForIdle() only
    QCOMPARE(writer.handOverDelayMs(), 3600 * 1000);
    int batches = 0;
    writer.setBeforeWrite([&batches] { ++batches; });
    QSignalSpy appended(&writer, &StoreWriter::appended);
    QSignalSpy updated(&writer, &StoreWriter::variantsUpdated);
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1795000100).toUTC();
    writer.append({ timelineEvent(m_url, 200, 0) });
    // A merge that fails (it names an entry that is not a variant of the URL): it alone is undone.
    writer.updateVariants(
        "GET", m_url,
        [](const QList<CacheEntry> &variants) {
            QList<CacheEntry> result = variants;
            result.first().responseHeaders.set("Cache-Control", "max-age=600");
            result.append(result.first());
            result.last().id = 987654;
            return result;
        },
        now, now, now);
    writer.append({ timelineEvent(m_url, 304, 1) });
    QVERIFY(!writer.isIdle());
    QTest::qWait(50);
    QCOMPARE(batches, 0);
    QCOMPARE(appended.size(), 0);
    writer.waitForIdle();
    QCOMPARE(batches, 1);
    QCOMPARE(appended.size(), 2);
    QCOMPARE(updated.size(), 1);
    QVERIFY(answerAt(appended, 0).error.isEmpty());
    QVERIFY(answerAt(appended, 1).error.isEmpty());
    const QString error = answerAt(updated, 0).error;
    QVERIFY2(error.contains(QLatin1String("not a variant")), qPrintable(error));
    TimelineStore timeline(m_store.get());
    QCOMPARE(timeline.eventCount(m_url), 2);
    QCOMPARE(m_store->get(id)->responseHeaders.first("Cache-Control"), QByteArray("max-age=0"));
    QVERIFY(!m_store->get(id)->lastValidated.isValid());
}

void tst_StoreWriter::refusesWhatIsNotAStore_data()
{
    QTest::addColumn<QByteArray>("content"); // null: no file
    QTest::addRow("missing file") << QByteArray();
    QTest::addRow("empty file") << QByteArray("");
    QTest::addRow("text file") << QByteArray("a shopping list\n");
}

void tst_StoreWriter::refusesWhatIsNotAStore()
{
    QFETCH(QByteArray, content);
    const QString other = m_dir->filePath(QStringLiteral("other.sqlite"));
    if (!content.isNull()) {
        QFile file(other);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    StoreWriter writer(other);
    QSignalSpy appended(&writer, &StoreWriter::appended);
    QSignalSpy updated(&writer, &StoreWriter::variantsUpdated);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    writer.append({ timelineEvent(m_url, 200, 0) });
    writer.updateVariants(
        "GET", m_url, [](const QList<CacheEntry> &v) { return v; }, now, now, now);
    writer.waitForIdle();
    QCOMPARE(appended.size(), 1);
    QCOMPARE(updated.size(), 1);
    const StoreWriteAnswer answer = answerAt(appended, 0);
    QVERIFY(!answer.error.isEmpty());
    QVERIFY(!answerAt(updated, 0).error.isEmpty());
    QCOMPARE(answer.events.size(), 1);
    QCOMPARE(answer.events.first().id, 0); // not stored
    QCOMPARE(QFile::exists(other), !content.isNull());
    if (!content.isNull()) {
        QFile file(other);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), content);
    }
    QVERIFY(!QFile::exists(other + QStringLiteral("-wal")));

    // Once the file is a store, the next write opens it.
    QFile::remove(other);
    ValidatorStore created;
    QVERIFY(created.open(other));
    writer.append({ timelineEvent(m_url, 304, 1) });
    writer.waitForIdle();
    QCOMPARE(appended.size(), 2);
    QVERIFY2(answerAt(appended, 1).error.isEmpty(), qPrintable(answerAt(appended, 1).error));
    QVERIFY(answerAt(appended, 1).events.first().id > 0);
}

void tst_StoreWriter::destroyedAfterWriting()
{
    {
        StoreWriter writer(path());
        writer.setHandOverDelayMs(3600 * 1000);
        for (int i = 0; i < 50; ++i)
            writer.append({ timelineEvent(m_url, 304, i) });
        // Destroyed without waiting: what was asked is written all the same (and not answered).
    }
    TimelineStore timeline(m_store.get());
    QCOMPARE(timeline.eventCount(m_url), 50);
}

QTEST_GUILESS_MAIN(tst_StoreWriter)
#include "tst_storewriter.moc"
