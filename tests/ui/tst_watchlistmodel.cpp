// The sidebar's watch list: rows follow the WatchSession's signals; every change is checked by
// QAbstractItemModelTester.
#include "watchlistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace CacheScope;

namespace {

TimelineEvent makeEvent(qint64 watchId, int status, qint64 wire, qint64 saved)
{
    TimelineEvent e;
    e.watchId = watchId;
    e.url = QUrl(QStringLiteral("http://a.test/x"));
    e.time = QDateTime::currentDateTimeUtc();
    e.status = status;
    e.responseHeaderBytes = wire;
    e.bytesSaved = saved;
    if (status == 0)
        e.error = QStringLiteral("connection refused");
    return e;
}

QString cell(const WatchListModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

} // namespace

class TestWatchListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addAndRemove();
    void countsEvents_data();
    void countsEvents();
    void liveStateFollowsTheScheduler();
    void unknownIdsAreIgnored();
    void storedTotalsArriveLater();
    void storedTotalsCannotBeRead();
};

void TestWatchListModel::addAndRemove()
{
    WatchListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.addItem(3, QUrl(QStringLiteral("http://a.test/x")));
    model.addItem(7, QUrl(QStringLiteral("http://b.test/y")));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 0, WatchListModel::UrlColumn), QStringLiteral("http://a.test/x"));
    QCOMPARE(cell(model, 0, WatchListModel::StatusColumn), QStringLiteral("\u2014"));
    QCOMPARE(cell(model, 0, WatchListModel::ShareColumn), QStringLiteral("\u2014"));
    QCOMPARE(cell(model, 0, WatchListModel::SavedColumn), QStringLiteral("0 B"));
    QCOMPARE(model.index(1, 0).data(WatchListModel::IdRole).toLongLong(), 7);
    QVERIFY(!model.index(0, 0).data(Qt::DecorationRole).isNull());

    // The same id again updates the row instead of adding one.
    TimelineTotals totals;
    totals.requests = 4;
    totals.notModified = 3;
    totals.ok = 1;
    totals.bytesSaved = 3000;
    model.addItem(3, QUrl(QStringLiteral("http://a.test/x")), totals, makeEvent(3, 304, 100, 1000));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 0, WatchListModel::StatusColumn), QStringLiteral("304"));
    QCOMPARE(cell(model, 0, WatchListModel::ShareColumn), QStringLiteral("75%"));

    QVERIFY(model.removeItem(3));
    QVERIFY(!model.removeItem(3));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowOf(7), 0);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestWatchListModel::countsEvents_data()
{
    QTest::addColumn<QList<int>>("statuses");
    QTest::addColumn<QString>("last");
    QTest::addColumn<QString>("share");
    QTest::addColumn<qint64>("saved");

    QTest::addRow("200 then 304s") << QList<int> { 200, 304, 304, 304 } << "304"
                                   << "75%" << qint64(3 * 400);
    QTest::addRow("only 200s") << QList<int> { 200, 200 } << "200"
                               << "0%" << qint64(0);
    QTest::addRow("errors count as requests") << QList<int> { 304, 0 } << "error"
                                              << "50%" << qint64(400);
    QTest::addRow("a 500") << QList<int> { 500 } << "500"
                           << "0%" << qint64(0);
}

void TestWatchListModel::countsEvents()
{
    QFETCH(QList<int>, statuses);
    QFETCH(QString, last);
    QFETCH(QString, share);
    QFETCH(qint64, saved);
    WatchListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addItem(1, QUrl(QStringLiteral("http://a.test/x")));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    for (const int status : statuses)
        model.addEvent(makeEvent(1, status, 100, status == 304 ? 400 : 0));
    QCOMPARE(changed.size(), statuses.size());
    QCOMPARE(cell(model, 0, WatchListModel::StatusColumn), last);
    QCOMPARE(cell(model, 0, WatchListModel::ShareColumn), share);
    QCOMPARE(model.row(0).totals.bytesSaved, saved);
    QCOMPARE(model.index(0, WatchListModel::SavedColumn).data(WatchListModel::SortRole).toLongLong(), saved);
    QVERIFY(model.index(0, 0)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("%1 requests").arg(statuses.size())));
}

void TestWatchListModel::liveStateFollowsTheScheduler()
{
    WatchListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addItem(1, QUrl(QStringLiteral("http://a.test/x")));
    WatchStatus status;
    status.id = 1;
    status.state = WatchState::InFlight;
    model.setStatus(status);
    QVERIFY(model.index(0, 0).data(WatchListModel::LiveRole).toBool());
    QCOMPARE(model.index(0, 0).data(WatchListModel::StateRole).toInt(), int(WatchState::InFlight));
    const QImage inFlight = model.index(0, 0).data(Qt::DecorationRole).value<QIcon>().pixmap(12, 12).toImage();

    status.state = WatchState::Scheduled;
    status.reason = QStringLiteral("next in 12 s (interval 30 s)");
    model.setStatus(status);
    QCOMPARE(WatchListModel::stateText(model.row(0)), status.reason);
    // The indicator changes: a filled dot while in flight, a ring while waiting.
    QVERIFY(model.index(0, 0).data(Qt::DecorationRole).value<QIcon>().pixmap(12, 12).toImage() != inFlight);

    status.state = WatchState::Paused;
    status.reason.clear();
    model.setStatus(status);
    QVERIFY(!model.index(0, 0).data(WatchListModel::LiveRole).toBool());
    QCOMPARE(WatchListModel::stateText(model.row(0)), QStringLiteral("paused"));
    model.setPaused(1, false);
    QVERIFY(model.index(0, 0).data(WatchListModel::LiveRole).toBool() == false); // the scheduler still says paused
}

void TestWatchListModel::unknownIdsAreIgnored()
{
    WatchListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addItem(1, QUrl(QStringLiteral("http://a.test/x")));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    WatchStatus status;
    status.id = 99;
    model.setStatus(status);
    model.setPaused(99, true);
    model.addEvent(makeEvent(99, 304, 10, 10));
    model.addEvent(makeEvent(0, 200, 10, 0)); // a one-off request from the composer belongs to no row
    QCOMPARE(changed.size(), 0);
    QCOMPARE(model.row(0).totals.requests, 0);
    QVERIFY(!model.index(5, 0).isValid());
    QVERIFY(model.headerData(WatchListModel::ColumnCount, Qt::Horizontal).isNull());
    QVERIFY(model.headerData(-1, Qt::Horizontal).isNull());
}

void TestWatchListModel::storedTotalsArriveLater()
{
    WatchListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addItemReading(1, QUrl(QStringLiteral("http://a.test/x")));
    QVERIFY(model.row(0).reading);
    QCOMPARE(cell(model, 0, WatchListModel::StatusColumn), QStringLiteral("\u2026"));
    QCOMPARE(cell(model, 0, WatchListModel::ShareColumn), QStringLiteral("\u2026"));
    QCOMPARE(cell(model, 0, WatchListModel::SavedColumn), QStringLiteral("\u2026"));
    QVERIFY(model.index(0, 0).data(Qt::ToolTipRole).toString().contains(QLatin1String("Reading the stored totals")));

    // Three events while reading: one the read already counted (id 7), one after it (id 9), one never stored.
    TimelineEvent counted = makeEvent(1, 304, 100, 400);
    counted.id = 7;
    TimelineEvent later = makeEvent(1, 304, 100, 400);
    later.id = 9;
    TimelineEvent unstored = makeEvent(1, 200, 1000, 0);
    model.addEvent(counted);
    model.addEvent(later);
    model.addEvent(unstored);
    QCOMPARE(cell(model, 0, WatchListModel::StatusColumn), QStringLiteral("200")); // the newest, at once
    QCOMPARE(cell(model, 0, WatchListModel::ShareColumn), QStringLiteral("\u2026"));
    QCOMPARE(model.row(0).totals.requests, 3); // what was seen so far

    StoreUrlSummary stored;
    stored.url = QUrl(QStringLiteral("http://a.test/x"));
    stored.totals.requests = 4;
    stored.totals.notModified = 3;
    stored.totals.ok = 1;
    stored.totals.bytesSaved = 1200;
    stored.maxEventId = 8;
    stored.last = counted;
    stored.last->status = 304;
    model.setStoredTotals(1, stored);
    const WatchListModel::Row &row = model.row(0);
    QVERIFY(!row.reading);
    QVERIFY(row.seenWhileReading.isEmpty());
    QCOMPARE(row.totals.requests, 6); // 4 stored + id 9 + the unstored one; id 7 was in the 4 already
    QCOMPARE(row.totals.notModified, 4);
    QCOMPARE(row.totals.ok, 2);
    QCOMPARE(row.totals.bytesSaved, 1600);
    QCOMPARE(cell(model, 0, WatchListModel::StatusColumn), QStringLiteral("200")); // seen beats stored
    QCOMPARE(cell(model, 0, WatchListModel::ShareColumn), QStringLiteral("67%"));

    // Later events count at once; a second answer for a row no longer reading changes nothing.
    model.addEvent(later);
    QCOMPARE(model.row(0).totals.requests, 7);
    model.setStoredTotals(1, StoreUrlSummary());
    QCOMPARE(model.row(0).totals.requests, 7);
    model.setStoredTotals(42, stored); // unknown id

    // Nothing seen while reading: the stored last status shows.
    model.addItemReading(2, QUrl(QStringLiteral("http://b.test/")));
    model.setStoredTotals(2, stored);
    QCOMPARE(cell(model, 1, WatchListModel::StatusColumn), QStringLiteral("304"));
    QCOMPARE(model.row(1).totals, stored.totals);
}

void TestWatchListModel::storedTotalsCannotBeRead()
{
    WatchListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addItemReading(1, QUrl(QStringLiteral("http://a.test/x")));
    TimelineEvent event = makeEvent(1, 304, 100, 400);
    event.id = 3;
    model.addEvent(event);
    model.setStoredTotals(1, std::nullopt, QStringLiteral("disk I/O error"));
    QCOMPARE(model.row(0).totals.requests, 1); // what this session saw, nothing lost
    QCOMPARE(cell(model, 0, WatchListModel::ShareColumn), QStringLiteral("100%"));
    const QString tip = model.index(0, 0).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QLatin1String("could not be read (disk I/O error)")), qPrintable(tip));
}

QTEST_MAIN(TestWatchListModel)
#include "tst_watchlistmodel.moc"
