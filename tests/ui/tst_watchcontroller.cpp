// WatchController without a network: actions follow the services, items kept in the store come back paused,
// removing forgets them, and a switch of store drops the old session and list.
#include "cache/validatorstore.h"
#include "client/httpclient.h"
#include "client/revalidator.h"
#include "client/timelinestore.h"
#include "client/watchsession.h"
#include "watchcontroller.h"
#include "watchdialog.h"
#include "watchlistmodel.h"

#include <QAction>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

using namespace CacheScope;

class TestWatchController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void withoutServices();
    void restoresPausedAndRemoves();
    void invalidUrlsAreRefused();
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
    QTemporaryDir dir;
    ValidatorStore store;
    QVERIFY(store.open(dir.filePath(QStringLiteral("store.sqlite"))));
    TimelineStore timeline(&store);
    WatchedItemRecord record;
    record.item.url = QUrl(QStringLiteral("http://127.0.0.1:9/watched"));
    record.item.intervalMs = 3600 * 1000;
    QVERIFY(timeline.saveWatchedItem(record));
    HttpClient client;
    Revalidator revalidator(&client, &store);

    QWidget window;
    WatchListModel list;
    WatchController controller(&list, &window, {});
    controller.setServices(&revalidator, &timeline);
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
    QVERIFY(!timeline.watchedItem(record.item.url).has_value());
    QVERIFY(!controller.pauseAllAction()->isEnabled());

    // Dropping the services stops watching and clears the list.
    controller.setServices(nullptr, nullptr);
    QVERIFY(!controller.session());
    QVERIFY(!controller.watchAction()->isEnabled());
}

void TestWatchController::invalidUrlsAreRefused()
{
    QTemporaryDir dir;
    ValidatorStore store;
    QVERIFY(store.open(dir.filePath(QStringLiteral("store.sqlite"))));
    TimelineStore timeline(&store);
    HttpClient client;
    Revalidator revalidator(&client, &store);
    QWidget window;
    WatchListModel list;
    WatchController controller(&list, &window, {});
    controller.setServices(&revalidator, &timeline);
    QSignalSpy added(&controller, &WatchController::itemsAdded);
    QStringList errors;
    QCOMPARE(controller.watchUrls(WatchRequest { { QUrl(QStringLiteral("ftp://a.test/")), QUrl() } }, &errors), 0);
    QCOMPARE(errors.size(), 2);
    QVERIFY(errors.first().startsWith(QStringLiteral("ftp://a.test/: ")));
    QCOMPARE(added.count(), 0);
    QCOMPARE(list.rowCount(), 0);
}

QTEST_MAIN(TestWatchController)
#include "tst_watchcontroller.moc"
