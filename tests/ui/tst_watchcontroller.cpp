// WatchController without a network: actions follow the services, items kept in the store come back paused,
// removing forgets them, and a switch of store drops the old session and list.
#include "cache/validatorstore.h"
#include "client/httpclient.h"
#include "client/revalidator.h"
#include "client/storereader.h"
#include "client/timelinestore.h"
#include "client/watchsession.h"
#include "watchcontroller.h"
#include "watchdialog.h"
#include "watchlistmodel.h"

#include <QAction>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

using namespace CacheScope;

namespace {

// A store in a temporary directory, the services the window gives the controller, and the controller. Items and
// events go into the store before start() (setServices()).
struct Fixture
{
    QTemporaryDir dir;
    ValidatorStore store;
    std::unique_ptr<TimelineStore> timeline;
    HttpClient client;
    std::unique_ptr<Revalidator> revalidator;
    QWidget window;
    WatchListModel list;
    WatchController controller { &list, &window, {} };

    bool open()
    {
        if (!store.open(dir.filePath(QStringLiteral("store.sqlite"))))
            return false;
        timeline = std::make_unique<TimelineStore>(&store);
        revalidator = std::make_unique<Revalidator>(&client, &store);
        return true;
    }
    // A watched item for `url`, every hour, as a window that was closed left it.
    bool saveWatched(const QUrl &url, WatchedItemRecord *record)
    {
        record->item.url = url;
        record->item.intervalMs = 3600 * 1000;
        return timeline->saveWatchedItem(*record);
    }
    void start() { controller.setServices(revalidator.get(), timeline.get()); }
};

} // namespace

class TestWatchController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void withoutServices();
    void restoresPausedAndRemoves();
    void invalidUrlsAreRefused();
    void storedTotalsAreReadOffTheUiThread();
};

void TestWatchController::withoutServices()
{
    QWidget window;
    WatchListModel list;
    WatchController controller(&list, &window, [] { return QStringLiteral("http://a.test/"); });
    QVERIFY(!controller.session());
    QVERIFY(!controller.watchAction()->isEnabled());
    QVERIFY(controller.watchAction()->toolTip().contains(QStringLiteral("not open")));
    QVERIFY(!controller.pauseAllAction()->isEnabled());
    QStringList errors;
    QCOMPARE(controller.watchUrls(WatchRequest { { QUrl(QStringLiteral("http://a.test/")) } }, &errors), 0);
    QCOMPARE(errors, QStringList { QStringLiteral("watching needs the validator store, which is not open") });
    // Commands without a session do nothing, and do not crash.
    controller.setAllPaused(true);
    controller.setPaused(1, false);
    controller.revalidateNow(1);
    controller.remove(1);
    controller.openDialog();
    QCOMPARE(list.rowCount(), 0);
}

void TestWatchController::restoresPausedAndRemoves()
{
    Fixture f;
    QVERIFY(f.open());
    WatchedItemRecord record;
    QVERIFY(f.saveWatched(QUrl(QStringLiteral("http://127.0.0.1:9/watched")), &record));
    WatchListModel &list = f.list;
    WatchController &controller = f.controller;
    f.start();
    QVERIFY(controller.session());
    QVERIFY(controller.session()->isRunning());
    QVERIFY(controller.watchAction()->isEnabled());
    // Restored after the first paint, not in setServices().
    QCOMPARE(list.rowCount(), 0);
    QTRY_COMPARE(list.rowCount(), 1);
    const qint64 id = record.item.id;
    QVERIFY(id > 0);
    QVERIFY(controller.session()->item(id).paused);
    QVERIFY(controller.pauseAllAction()->isEnabled());
    QVERIFY(controller.resumeAllAction()->isEnabled());

    controller.remove(id);
    QCOMPARE(list.rowCount(), 0);
    QVERIFY(!controller.session()->ids().contains(id));
    QVERIFY(!f.timeline->watchedItem(record.item.url).has_value());
    QVERIFY(!controller.pauseAllAction()->isEnabled());

    // Dropping the services stops watching and clears the list.
    controller.setServices(nullptr, nullptr);
    QVERIFY(!controller.session());
    QVERIFY(!controller.watchAction()->isEnabled());
}

void TestWatchController::invalidUrlsAreRefused()
{
    Fixture f;
    QVERIFY(f.open());
    f.start();
    WatchController &controller = f.controller;
    QSignalSpy added(&controller, &WatchController::itemsAdded);
    QStringList errors;
    QCOMPARE(controller.watchUrls(WatchRequest { { QUrl(QStringLiteral("ftp://a.test/")), QUrl() } }, &errors), 0);
    QCOMPARE(errors.size(), 2);
    QVERIFY(errors.first().startsWith(QStringLiteral("ftp://a.test/: ")));
    QCOMPARE(added.count(), 0);
    QCOMPARE(f.list.rowCount(), 0);
}

void TestWatchController::storedTotalsAreReadOffTheUiThread()
{
    Fixture f;
    QVERIFY(f.open());
    const QUrl restoredUrl(QStringLiteral("http://127.0.0.1:9/restored"));
    const QUrl newUrl(QStringLiteral("http://127.0.0.1:9/new"));
    WatchedItemRecord record;
    QVERIFY(f.saveWatched(restoredUrl, &record));
    QList<TimelineEvent> events;
    for (int i = 0; i < 6; ++i) {
        TimelineEvent event;
        event.url = i < 4 ? restoredUrl : newUrl;
        event.time = QDateTime::currentDateTimeUtc().addSecs(i - 10);
        event.status = i % 2 ? 304 : 200;
        event.responseHeaderBytes = 100;
        event.bytesSaved = i % 2 ? 500 : 0;
        events << event;
    }
    QVERIFY(f.timeline->append(events));
    WatchListModel &list = f.list;
    WatchController &controller = f.controller;
    f.start();
    QVERIFY(controller.reader());
    // Hold the reader back: the rows are listed at once, their totals follow.
    QSemaphore held;
    QThread *readThread = nullptr;
    controller.reader()->setBeforeRead([&] {
        readThread = QThread::currentThread();
        held.acquire();
    });
    QTRY_COMPARE(list.rowCount(), 1);
    QVERIFY(list.row(0).reading);
    QCOMPARE(list.index(0, WatchListModel::ShareColumn).data().toString(), QStringLiteral("\u2026"));
    QCOMPARE(controller.watchUrls(WatchRequest { { newUrl } }), 1);
    QCOMPARE(list.rowCount(), 2);
    QVERIFY(list.row(1).reading);
    QVERIFY(controller.reader()->isReadingSummaries());
    held.release(2);
    QTRY_VERIFY(!list.row(0).reading && !list.row(1).reading);
    QVERIFY(readThread && readThread != QThread::currentThread());
    QCOMPARE(list.row(0).totals, f.timeline->totals(restoredUrl).value());
    QCOMPARE(list.row(0).totals.requests, 4);
    QCOMPARE(list.row(0).totals.bytesSaved, 1000);
    QCOMPARE(list.row(0).lastStatus, 304);
    QCOMPARE(list.row(1).totals, f.timeline->totals(newUrl).value());
    // The new watch started at once (port 9 refuses): its events count whether or not the read saw them.
    QVERIFY(list.row(1).totals.requests >= 2);
    controller.reader()->setBeforeRead({});
    controller.session()->stop();
}

QTEST_MAIN(TestWatchController)
#include "tst_watchcontroller.moc"
