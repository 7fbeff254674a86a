#include "cache/validatorstore.h"
#include "client/httpclient.h"
#include "client/revalidator.h"
#include "client/storewriter.h"
#include "client/timelinestore.h"
#include "client/watchsession.h"
#include "support/scriptedorigin.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace CacheScope;
using namespace CacheScope::TestSupport;

namespace {

ScriptedResponse full(const QByteArray &etag, const QByteArray &body, const QByteArray &cacheControl = "max-age=0")
{
    return ScriptedResponse::make(200, { { "ETag", etag }, { "Cache-Control", cacheControl } }, body);
}

ScriptedResponse notModified(const QByteArray &etag)
{
    return ScriptedResponse::make(304, { { "ETag", etag }, { "Cache-Control", "max-age=0" } });
}

} // namespace

// WatchSession against a scripted origin on 127.0.0.1, with a fake clock for the scheduler: nothing waits
// for wall-clock time except the loopback exchanges themselves.
class tst_WatchSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void backToBackCount();
    void changedContent();
    void intervalFollowsTheClock();
    void retryAfterStopsBackToBack();
    void pauseAndResume();
    void twoUrlsEachWithItsCount();
    void refusesBadItems_data();
    void refusesBadItems();
    void reusesStoredWatchedItem();
    void changeAgainstPreviousEvent();
    void batchesTimelineWrites();
    void whenStaleFollowsFreshness_data();
    void whenStaleFollowsFreshness();
    void writerDoesTheWrites();
    void pendingMergeAnswersReads();
    void fullResponseWaitsForTheWriter();
    void writerFailureIsReported();

private:
    QDateTime m_now;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ValidatorStore> m_store;
    std::unique_ptr<TimelineStore> m_timeline;
    std::unique_ptr<HttpClient> m_client;
    std::unique_ptr<Revalidator> m_revalidator;
    std::unique_ptr<ScriptedOrigin> m_origin;
    std::unique_ptr<WatchSession> newSession()
    {
        return std::make_unique<WatchSession>(m_revalidator.get(), m_timeline.get(), [this] { return m_now; });
    }
    CachedExchange sendAndWait(const QUrl &url)
    {
        Request request;
        request.url = url;
        RevalidationJob *job = m_revalidator->send(request);
        QSignalSpy finished(job, &RevalidationJob::finished);
        if (!finished.wait(10000))
            return {};
        return finished.first().first().value<CachedExchange>();
    }
};

void tst_WatchSession::init()
{
    m_now = QDateTime::fromMSecsSinceEpoch(1795000000000).toUTC();
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<ValidatorStore>();
    QVERIFY2(m_store->open(m_dir->filePath(QStringLiteral("store.sqlite"))), qPrintable(m_store->errorString()));
    m_timeline = std::make_unique<TimelineStore>(m_store.get());
    m_client = std::make_unique<HttpClient>();
    m_revalidator = std::make_unique<Revalidator>(m_client.get(), m_store.get());
    m_origin = std::make_unique<ScriptedOrigin>();
    QVERIFY2(m_origin->start(), qPrintable(m_origin->errorString()));
}

void tst_WatchSession::cleanup()
{
    m_origin.reset();
    m_revalidator.reset();
    m_client.reset();
    m_timeline.reset();
    m_store.reset();
}

void tst_WatchSession::backToBackCount()
{
    const QByteArray body(4000, 'x');
    m_origin->enqueue(full("\"v1\"", body));
    m_origin->setDefaultResponse(notModified("\"v1\""));
    auto session = newSession();
    QSignalSpy recorded(session.get(), &WatchSession::eventRecorded);
    QSignalSpy done(session.get(), &WatchSession::allItemsDone);
    QString error;
    const qint64 id = session->watch(m_origin->url(QStringLiteral("/a")), WatchMode::Interval, 0, 3, &error);
    QVERIFY2(id > 0, qPrintable(error));
    session->start();
    QVERIFY(done.wait(10000));
    QCOMPARE(recorded.size(), 3);
    QCOMPARE(m_origin->requestCount(), 3); // nothing after the count
    QVERIFY(session->allDone());
    QCOMPARE(session->completed(id), 3);

    const QList<TimelineEvent> stored = m_timeline->events(m_origin->url(QStringLiteral("/a")));
    QCOMPARE(stored.size(), 3);
    QCOMPARE(stored.at(0).status, 200);
    QCOMPARE(stored.at(0).watchId, id);
    QCOMPARE(stored.at(0).bytesSaved, 0);
    for (int i = 1; i < 3; ++i) {
        QCOMPARE(stored.at(i).status, 304);
        QCOMPARE(stored.at(i).sentIfNoneMatch, QByteArray("\"v1\""));
        QCOMPARE(stored.at(i).contentChanged, ContentChange::No);
        // What the 304 saved: the full response's wire size minus the 304's.
        QCOMPARE(stored.at(i).bytesSaved, stored.at(0).wireBytes() - stored.at(i).wireBytes());
    }
    QCOMPARE(recorded.at(2).at(0).value<TimelineEvent>(), stored.at(2));
    const TimelineTotals totals = session->summary().overall();
    QCOMPARE(totals.requests, 3);
    QCOMPARE(totals.ok, 1);
    QCOMPARE(totals.notModified, 2);
    QCOMPARE(totals, *m_timeline->totals());
}

void tst_WatchSession::changedContent()
{
    m_origin->enqueue(full("\"v1\"", "first version"));
    m_origin->enqueue(full("\"v2\"", "second, longer version"));
    auto session = newSession();
    QSignalSpy done(session.get(), &WatchSession::allItemsDone);
    QVERIFY(session->watch(m_origin->url(QStringLiteral("/c")), WatchMode::Interval, 0, 2) > 0);
    session->start();
    QVERIFY(done.wait(10000));
    const QList<TimelineEvent> stored = m_timeline->events(m_origin->url(QStringLiteral("/c")));
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored.at(0).contentChanged, ContentChange::Unknown); // nothing to compare with
    QCOMPARE(stored.at(1).status, 200);
    QCOMPARE(stored.at(1).contentChanged, ContentChange::Yes);
    QCOMPARE(stored.at(1).receivedEtag, QByteArray("\"v2\""));
}

void tst_WatchSession::intervalFollowsTheClock()
{
    m_origin->enqueue(full("\"v1\"", "body"));
    m_origin->setDefaultResponse(notModified("\"v1\""));
    auto session = newSession();
    QSignalSpy recorded(session.get(), &WatchSession::eventRecorded);
    const qint64 id = session->watch(m_origin->url(QStringLiteral("/i")), WatchMode::Interval, 10000, 2);
    QVERIFY(id > 0);
    session->start();
    QVERIFY(recorded.wait(10000)); // the first request goes out at once
    QCOMPARE(recorded.size(), 1);
    const WatchStatus waiting = session->status(id);
    QCOMPARE(waiting.state, WatchState::Scheduled);
    QVERIFY(waiting.nextAt > m_now);
    QVERIFY(waiting.nextAt <= m_now.addMSecs(10000));
    // The fake clock has not moved: nothing else is sent however long the loop runs.
    QVERIFY(!recorded.wait(300));
    QCOMPARE(m_origin->requestCount(), 1);
    m_now = waiting.nextAt;
    session->reschedule();
    QVERIFY(recorded.wait(10000));
    QCOMPARE(recorded.size(), 2);
    QCOMPARE(recorded.at(1).at(0).value<TimelineEvent>().status, 304);
    QVERIFY(session->allDone());
}

void tst_WatchSession::retryAfterStopsBackToBack()
{
    m_origin->enqueue(ScriptedResponse::make(503, { { "Retry-After", "120" } }, "busy"));
    m_origin->setDefaultResponse(full("\"v1\"", "body"));
    auto session = newSession();
    QSignalSpy recorded(session.get(), &WatchSession::eventRecorded);
    const qint64 id = session->watch(m_origin->url(QStringLiteral("/r")), WatchMode::Interval, 0, 5);
    session->start();
    QVERIFY(recorded.wait(10000));
    QCOMPARE(recorded.first().first().value<TimelineEvent>().status, 503);
    QVERIFY(!recorded.wait(300)); // back to back, but the server asked for two minutes
    QCOMPARE(session->status(id).state, WatchState::RetryAfter);
    QCOMPARE(session->status(id).nextAt, m_now.addSecs(120));
    m_now = m_now.addSecs(120);
    session->reschedule();
    QVERIFY(recorded.wait(10000));
    QCOMPARE(recorded.at(1).at(0).value<TimelineEvent>().status, 200);
    session->stop();
}

void tst_WatchSession::pauseAndResume()
{
    m_origin->setDefaultResponse(full("\"v1\"", "body"));
    auto session = newSession();
    QSignalSpy recorded(session.get(), &WatchSession::eventRecorded);
    const qint64 id = session->watch(m_origin->url(QStringLiteral("/p")), WatchMode::Interval, 5000);
    session->start();
    QVERIFY(recorded.wait(10000));
    QVERIFY(session->setPaused(id, true));
    QCOMPARE(session->status(id).state, WatchState::Paused);
    QVERIFY(m_timeline->watchedItem(m_origin->url(QStringLiteral("/p")))->item.paused); // remembered
    m_now = m_now.addSecs(60);
    session->reschedule();
    QVERIFY(!recorded.wait(300));
    QVERIFY(session->setPaused(id, false));
    QVERIFY(!m_timeline->watchedItem(m_origin->url(QStringLiteral("/p")))->item.paused);
    QVERIFY(session->revalidateNow(id));
    QVERIFY(recorded.wait(10000));
    session->setAllPaused(true);
    QVERIFY(session->revalidateNow(id)); // on demand even when everything is paused
    QVERIFY(recorded.wait(10000));
    QCOMPARE(recorded.size(), 3);
    QVERIFY(!session->setPaused(424242, true));
    session->stop();
}

void tst_WatchSession::twoUrlsEachWithItsCount()
{
    m_origin->setDefaultResponse(full("\"v1\"", "body", "no-store"));
    auto session = newSession();
    QSignalSpy itemDone(session.get(), &WatchSession::itemDone);
    QSignalSpy done(session.get(), &WatchSession::allItemsDone);
    const qint64 a = session->watch(m_origin->url(QStringLiteral("/a")), WatchMode::Interval, 0, 2);
    const qint64 b = session->watch(m_origin->url(QStringLiteral("/b")), WatchMode::Interval, 0, 4);
    QVERIFY(a > 0 && b > 0 && a != b);
    session->start();
    QVERIFY(done.wait(10000));
    QCOMPARE(itemDone.size(), 2);
    QCOMPARE(itemDone.at(0).at(0).toLongLong(), a);
    QCOMPARE(session->summary().forUrl(m_origin->url(QStringLiteral("/a"))).requests, 2);
    QCOMPARE(session->summary().forUrl(m_origin->url(QStringLiteral("/b"))).requests, 4);
    QCOMPARE(session->item(a).url, m_origin->url(QStringLiteral("/a"))); // still known when done
    QCOMPARE(session->item(a).intervalMs, 0);
    QCOMPARE(m_origin->requestCount(), 6);
}

void tst_WatchSession::refusesBadItems_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<qint64>("intervalMs");
    QTest::addRow("ftp URL") << QStringLiteral("ftp://example.com/x") << qint64(0);
    QTest::addRow("no host") << QStringLiteral("http:///x") << qint64(0);
    QTest::addRow("empty") << QString() << qint64(1000);
    QTest::addRow("negative interval") << QStringLiteral("http://127.0.0.1:1/") << qint64(-5);
    QTest::addRow("interval below the floor") << QStringLiteral("http://127.0.0.1:1/") << qint64(10);
}

void tst_WatchSession::refusesBadItems()
{
    QFETCH(QString, url);
    QFETCH(qint64, intervalMs);
    auto session = newSession();
    QString error;
    QCOMPARE(session->watch(QUrl(url), WatchMode::Interval, intervalMs, 0, &error), 0);
    QVERIFY(!error.isEmpty());
    QVERIFY(m_timeline->watchedItems().isEmpty()); // nothing saved for a refused item
    QVERIFY(session->ids().isEmpty());
}

void tst_WatchSession::reusesStoredWatchedItem()
{
    m_origin->setDefaultResponse(full("\"v1\"", "body"));
    qint64 first = 0;
    {
        auto session = newSession();
        first = session->watch(m_origin->url(QStringLiteral("/w")), WatchMode::Interval, 0, 1);
        QVERIFY(first > 0);
        QString error;
        QCOMPARE(session->watch(m_origin->url(QStringLiteral("/w")), WatchMode::Interval, 0, 1, &error), 0);
        QVERIFY(error.contains(QLatin1String("already watched")));
    }
    auto again = newSession();
    QCOMPARE(again->watch(m_origin->url(QStringLiteral("/w")), WatchMode::WhenStale, 0, 1), first);
    QCOMPARE(m_timeline->watchedItems().size(), 1);
    QCOMPARE(m_timeline->watchedItems().first().item.mode, WatchMode::WhenStale);
    QVERIFY(again->remove(first, true));
    QVERIFY(m_timeline->watchedItems().isEmpty());
}

void tst_WatchSession::changeAgainstPreviousEvent()
{
    // A response that was not stored (no-store) is compared with the previous event's validators.
    CachedExchange result;
    result.exchange.request.url = QUrl(QStringLiteral("http://a.test/"));
    result.exchange.status = 200;
    result.exchange.responseHeaders.append("ETag", "\"new\"");
    result.action = CacheAction::NotStored;
    TimelineEvent previous;
    previous.status = 200;
    previous.receivedEtag = "\"old\"";
    QCOMPARE(WatchSession::eventFor(result, 3, previous).contentChanged, ContentChange::Yes);
    previous.receivedEtag = "\"new\"";
    QCOMPARE(WatchSession::eventFor(result, 3, previous).contentChanged, ContentChange::No);
    QCOMPARE(WatchSession::eventFor(result, 3).contentChanged, ContentChange::Unknown);
    QCOMPARE(WatchSession::eventFor(result, 3).watchId, 3);

    // Retry-After is read on 503 and 429 only.
    result.exchange.status = 429;
    result.exchange.responseHeaders.append("Retry-After", "30");
    QCOMPARE(WatchSession::outcomeFor(result).retryAfter.kind, RetryAfter::Kind::Delay);
    QCOMPARE(WatchSession::outcomeFor(result).retryAfter.seconds, 30);
    result.exchange.status = 500;
    QCOMPARE(WatchSession::outcomeFor(result).retryAfter.kind, RetryAfter::Kind::None);
    QVERIFY(!WatchSession::outcomeFor(result).staleAt.isValid());
    QVERIFY(!WatchSession::outcomeFor(result).staleNote.isEmpty());
}

void tst_WatchSession::batchesTimelineWrites()
{
    m_origin->enqueue(full("\"v1\"", "body"));
    m_origin->setDefaultResponse(notModified("\"v1\""));
    auto session = newSession();
    QCOMPARE(session->flushDelayMs(), WatchSession::DefaultFlushDelayMs);
    session->setFlushDelayMs(3600 * 1000); // nothing is written by the timer during this test
    QSignalSpy recorded(session.get(), &WatchSession::eventRecorded);
    QSignalSpy done(session.get(), &WatchSession::allItemsDone);
    const QUrl url = m_origin->url(QStringLiteral("/batch"));
    QVERIFY(session->watch(url, WatchMode::Interval, 0, 4) > 0);
    session->start();
    // Reaching the count writes the batch first: every event is stored and announced before "done".
    QVERIFY(done.wait(10000));
    QCOMPARE(recorded.size(), 4);
    QCOMPARE(m_timeline->eventCount(url), 4);
    QVERIFY(recorded.last().at(0).value<TimelineEvent>().id > 0);

    // Without a count, stop() writes what is pending.
    auto open = newSession();
    open->setFlushDelayMs(3600 * 1000);
    QSignalSpy openRecorded(open.get(), &WatchSession::eventRecorded);
    const qint64 id = open->watch(m_origin->url(QStringLiteral("/open")), WatchMode::Interval, 5000);
    open->start();
    QTRY_VERIFY_WITH_TIMEOUT(open->completed(id) == 1, 10000);
    QCOMPARE(openRecorded.size(), 0);
    QCOMPARE(m_timeline->eventCount(m_origin->url(QStringLiteral("/open"))), 0);
    open->stop();
    QCOMPARE(openRecorded.size(), 1);
    QCOMPARE(m_timeline->eventCount(m_origin->url(QStringLiteral("/open"))), 1);
}

void tst_WatchSession::whenStaleFollowsFreshness_data()
{
    QTest::addColumn<QByteArray>("cacheControl");
    // From the exchange to the next revalidation, in seconds (a clock tick of slack either way).
    QTest::addColumn<qint64>("minSeconds");
    QTest::addColumn<qint64>("maxSeconds");
    QTest::addRow("max-age=30") << QByteArray("max-age=30") << qint64(29) << qint64(31);
    // Stale on arrival or unknown freshness: the next slot of the one-minute fallback grid at least half a
    // period away (never the one-second floor, which would ask the origin every second).
    QTest::addRow("max-age=0: stale on arrival, the fallback") << QByteArray("max-age=0") << qint64(29) << qint64(91);
    QTest::addRow("no-cache: the fallback") << QByteArray("no-cache, max-age=600") << qint64(29) << qint64(91);
    QTest::addRow("no-store: nothing stored, the fallback") << QByteArray("no-store") << qint64(29) << qint64(91);
}

void tst_WatchSession::whenStaleFollowsFreshness()
{
    QFETCH(QByteArray, cacheControl);
    QFETCH(qint64, minSeconds);
    QFETCH(qint64, maxSeconds);
    // The Revalidator judges freshness on the wall clock: the fake clock starts there and stands still.
    m_now = QDateTime::currentDateTimeUtc();
    m_origin->setDefaultResponse(full("\"v1\"", "body", cacheControl));
    auto session = newSession();
    QSignalSpy recorded(session.get(), &WatchSession::eventRecorded);
    const qint64 id = session->watch(m_origin->url(QStringLiteral("/s")), WatchMode::WhenStale, 0);
    QVERIFY(id > 0);
    session->start();
    QVERIFY(recorded.wait(10000));
    const WatchStatus status = session->status(id);
    QCOMPARE(status.state, WatchState::Scheduled);
    const qint64 waitMs = m_now.msecsTo(status.nextAt);
    QVERIFY2(waitMs >= minSeconds * 1000 && waitMs <= maxSeconds * 1000,
        qPrintable(QStringLiteral("next in %1 ms: %2").arg(waitMs).arg(status.reason)));
    session->stop();
}

// With a StoreWriter, the 304 merges and the timeline go through its thread; what the session reports is the same.
void tst_WatchSession::writerDoesTheWrites()
{
    m_origin->enqueue(full("\"v1\"", QByteArray(4000, 'x')));
    m_origin->setDefaultResponse(notModified("\"v1\""));
    StoreWriter writer(m_store->databasePath());
    writer.setHandOverDelayMs(5);
    QThread *writtenOn = nullptr;
    writer.setBeforeWrite([&writtenOn] { writtenOn = QThread::currentThread(); });
    m_revalidator->setWriter(&writer);
    auto session = newSession();
    session->setWriter(&writer);
    QSignalSpy recorded(session.get(), &WatchSession::eventRecorded);
    QSignalSpy done(session.get(), &WatchSession::allItemsDone);
    QSignalSpy errors(session.get(), &WatchSession::storeError);
    const QUrl url = m_origin->url(QStringLiteral("/w"));
    QVERIFY(session->watch(url, WatchMode::Interval, 0, 6) > 0);
    session->start();
    QVERIFY(done.wait(10000));
    QCOMPARE(errors.size(), 0);
    QCOMPARE(writtenOn, writer.workerThread());
    QCOMPARE(m_revalidator->pendingWrites(), 0); // the last events were waited for, answers and all

    const QList<TimelineEvent> stored = m_timeline->events(url);
    QCOMPARE(stored.size(), 6);
    QCOMPARE(recorded.size(), 6);
    for (int i = 0; i < 6; ++i) {
        QCOMPARE(recorded.at(i).at(0).value<TimelineEvent>(), stored.at(i));
        QVERIFY(stored.at(i).id > (i == 0 ? 0 : stored.at(i - 1).id));
    }
    for (int i = 1; i < 6; ++i) {
        QCOMPARE(stored.at(i).status, 304);
        QCOMPARE(stored.at(i).bytesSaved, stored.at(0).wireBytes() - stored.at(i).wireBytes());
        QCOMPARE(m_origin->requests().at(i).header("If-None-Match"), QByteArray("\"v1\""));
    }
    const QList<CacheEntry> variants = m_store->variants("GET", url);
    QCOMPARE(variants.size(), 1);
    QVERIFY(variants.first().lastValidated.isValid()); // merged by the writer
    QCOMPARE(variants.first().body, QByteArray(4000, 'x'));
    QCOMPARE(session->summary().overall(), *m_timeline->totals());
}

// Until the writer has written a merge, the revalidator answers its own reads of that URL from the merge.
void tst_WatchSession::pendingMergeAnswersReads()
{
    const QUrl url = m_origin->url(QStringLiteral("/pending"));
    m_origin->enqueue(full("\"v1\"", "body"));
    m_origin->enqueue(ScriptedResponse::make(304, { { "ETag", "\"v1\"" }, { "Cache-Control", "max-age=600" } }));
    m_origin->setDefaultResponse(ScriptedResponse::make(304, { { "ETag", "\"v1\"" } }));
    StoreWriter writer(m_store->databasePath());
    writer.setHandOverDelayMs(3600 * 1000); // nothing is written until someone waits
    m_revalidator->setWriter(&writer);
    QCOMPARE(sendAndWait(url).action, CacheAction::Stored);
    const CachedExchange second = sendAndWait(url);
    QCOMPARE(second.action, CacheAction::Updated);
    QCOMPARE(second.current->responseHeaders.first("Cache-Control"), QByteArray("max-age=600"));
    QVERIFY(second.freshness && second.freshness->fresh);
    QCOMPARE(m_revalidator->pendingWrites(), 1);

    ValidatorStore reader;
    QVERIFY(reader.open(m_store->databasePath()));
    QCOMPARE(reader.variants("GET", url).first().responseHeaders.first("Cache-Control"), QByteArray("max-age=0"));
    const CachedExchange third = sendAndWait(url);
    QCOMPARE(third.action, CacheAction::Updated);
    QVERIFY(third.conditionalSent);
    QCOMPARE(third.previous->responseHeaders.first("Cache-Control"), QByteArray("max-age=600"));
    QCOMPARE(m_revalidator->pendingWrites(), 2);

    writer.waitForIdle();
    QCOMPARE(m_revalidator->pendingWrites(), 0);
    const CacheEntry stored = reader.variants("GET", url).first();
    QCOMPARE(stored.responseHeaders.first("Cache-Control"), QByteArray("max-age=600"));
    QCOMPARE(stored.lastValidated, third.current->lastValidated);

    // Another program rewrites the entry while a merge waits: the writer merges into what is stored then.
    m_origin->setDefaultResponse(ScriptedResponse::make(304, { { "ETag", "\"v1\"" }, { "X-Merged", "yes" } }));
    QCOMPARE(sendAndWait(url).action, CacheAction::Updated);
    CacheEntry changed = stored;
    changed.responseHeaders.append("X-Other", "written elsewhere");
    QVERIFY(reader.put(changed) > 0);
    writer.waitForIdle();
    const CacheEntry merged = reader.variants("GET", url).first();
    QCOMPARE(merged.responseHeaders.first("X-Other"), QByteArray("written elsewhere"));
    QCOMPARE(merged.responseHeaders.first("X-Merged"), QByteArray("yes"));
    m_revalidator->setWriter(nullptr);
}

// A full response is stored on the revalidator's own connection, after every merge handed over before it.
void tst_WatchSession::fullResponseWaitsForTheWriter()
{
    const QUrl url = m_origin->url(QStringLiteral("/full"));
    m_origin->enqueue(full("\"v1\"", "one"));
    m_origin->enqueue(notModified("\"v1\""));
    m_origin->enqueue(full("\"v2\"", "two"));
    m_origin->setDefaultResponse(notModified("\"v2\""));
    StoreWriter writer(m_store->databasePath());
    writer.setHandOverDelayMs(3600 * 1000);
    int batches = 0;
    writer.setBeforeWrite([&batches] { ++batches; });
    m_revalidator->setWriter(&writer);
    QCOMPARE(sendAndWait(url).action, CacheAction::Stored);
    QCOMPARE(sendAndWait(url).action, CacheAction::Updated);
    QCOMPARE(batches, 0);
    const CachedExchange replaced = sendAndWait(url);
    QCOMPARE(batches, 1); // the merge was written first
    QCOMPARE(m_revalidator->pendingWrites(), 0);
    QCOMPARE(replaced.action, CacheAction::Replaced);
    QCOMPARE(replaced.previous->body, QByteArray("one"));
    QCOMPARE(replaced.exchange.body, QByteArray("two"));
    const CachedExchange next = sendAndWait(url);
    QCOMPARE(next.action, CacheAction::Updated);
    QCOMPARE(m_origin->lastRequest().header("If-None-Match"), QByteArray("\"v2\""));
    writer.waitForIdle();
    const QList<CacheEntry> variants = m_store->variants("GET", url);
    QCOMPARE(variants.size(), 1);
    QCOMPARE(variants.first().responseHeaders.first("ETag"), QByteArray("\"v2\""));
    QCOMPARE(variants.first().body, QByteArray("two"));
    m_revalidator->setWriter(nullptr);
}

// A writer that cannot write (here: its file is not a store) is reported; the exchanges are reported all the same.
void tst_WatchSession::writerFailureIsReported()
{
    m_origin->enqueue(full("\"v1\"", "body"));
    m_origin->setDefaultResponse(notModified("\"v1\""));
    const QString elsewhere = m_dir->filePath(QStringLiteral("elsewhere.sqlite"));
    StoreWriter writer(elsewhere);
    m_revalidator->setWriter(&writer);
    auto session = newSession();
    session->setWriter(&writer);
    QSignalSpy recorded(session.get(), &WatchSession::eventRecorded);
    QSignalSpy done(session.get(), &WatchSession::allItemsDone);
    QSignalSpy errors(session.get(), &WatchSession::storeError);
    QVERIFY(session->watch(m_origin->url(QStringLiteral("/e")), WatchMode::Interval, 0, 3) > 0);
    session->start();
    QVERIFY(done.wait(10000));
    QCOMPARE(recorded.size(), 3);
    for (const QList<QVariant> &signal : std::as_const(recorded))
        QCOMPARE(signal.at(0).value<TimelineEvent>().id, 0);
    // The two merges and every timeline batch: each failure said, with the file named.
    QVERIFY(errors.size() >= 3);
    QVERIFY2(errors.first().at(0).toString().contains(elsewhere), qPrintable(errors.first().at(0).toString()));
    QVERIFY(!QFile::exists(elsewhere));
    m_revalidator->setWriter(nullptr);
}

QTEST_GUILESS_MAIN(tst_WatchSession)
#include "tst_watchsession.moc"
