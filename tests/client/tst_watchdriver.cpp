#include "client/watchdriver.h"
#include "watchschedulertesting.h"

#include <QSignalSpy>
#include <QTest>

using namespace CacheScope;
using namespace CacheScope::WatchTesting;

class TestWatchDriver : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void driver()
    {
        QDateTime fakeNow = kT0;
        WatchScheduler scheduler;
        WatchDriver driver(&scheduler, [&fakeNow] { return fakeNow; });
        QSignalSpy due(&driver, &WatchDriver::due);
        QCOMPARE(driver.armedIntervalMs(), -1);
        fakeNow = at(5000);
        QVERIFY(scheduler.add(intervalItem(1, 10000), fakeNow));
        driver.setRunning(true);
        QCOMPARE(driver.armedIntervalMs(), 5000);
        // Long waits are cut into one-minute sleeps, in case the wall clock jumps.
        QVERIFY(scheduler.setMode(1, WatchMode::Interval, 3600000, at(5000)));
        driver.reschedule();
        QCOMPARE(driver.armedIntervalMs(), 60000);
        // The fake clock reaches the due time: the timer fires at once and hands out the item.
        fakeNow = at(3600000);
        driver.reschedule();
        QCOMPARE(driver.armedIntervalMs(), 0);
        QVERIFY(due.wait(1000));
        QCOMPARE(due.size(), 1);
        QCOMPARE(due.at(0).at(0).value<QList<qint64>>(), QList<qint64> { 1 });
        QCOMPARE(scheduler.inFlightCount(), 1);
        QCOMPARE(driver.armedIntervalMs(), -1); // nothing else to do until it finishes
        fakeNow = at(3600200);
        QVERIFY(driver.finished(1, outcome(200)));
        QVERIFY(!driver.finished(1, outcome(200)));
        QCOMPARE(driver.armedIntervalMs(), 60000);
        driver.setRunning(false);
        QCOMPARE(driver.armedIntervalMs(), -1);
    }
};

QTEST_GUILESS_MAIN(TestWatchDriver)
#include "tst_watchdriver.moc"
