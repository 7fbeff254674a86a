#include "cache/validatorstore.h"
#include "client/storereader.h"
#include "client/timelinestore.h"
#include "timelinechart.h"
#include "timelinemodel.h"
#include "timelinepage.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QImage>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QTimeZone>

using namespace CacheScope;

namespace {

const QUrl kUrl(QStringLiteral("http://127.0.0.1:8080/app.js"));
const QUrl kOther(QStringLiteral("http://127.0.0.1:8080/other.css"));

TimelineEvent makeEvent(const QUrl &url, int second, int status, qint64 wire, qint64 saved)
{
    TimelineEvent event;
    event.url = url;
    event.time = QDateTime(QDate(2026, 11, 26), QTime(2, 0), QTimeZone::utc()).addSecs(second);
    event.status = status;
    event.error = status == 0 ? QStringLiteral("timeout") : QString();
    event.responseHeaderBytes = status == 0 ? 0 : 180;
    event.responseBodyWireBytes = status == 0 ? 0 : wire - 180;
    event.bytesSaved = saved;
    event.ttfbMs = 3;
    event.totalMs = 5;
    return event;
}

QList<qint64> ids(const QList<TimelineEvent> &events)
{
    QList<qint64> result;
    for (const TimelineEvent &event : events)
        result << event.id;
    return result;
}

} // namespace

class TestTimelinePage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void showsOneUrl();
    void totals_data();
    void totals();
    void refreshAfterAppend();
    void activation();
    void exports();
    void noStoreOrUrl();
    void readsOffTheUiThread();
    void keepsContentWhileLoading();
    void refreshKeepsSortAndSelection();
    void lateAnswerForOldUrlDropped();
    void bigTimelineKeepsTheLoopTurning();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ValidatorStore> m_store;
    std::unique_ptr<TimelineStore> m_timeline;
};

void TestTimelinePage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<ValidatorStore>();
    QVERIFY2(m_store->open(m_dir->filePath(QStringLiteral("store.sqlite"))), qPrintable(m_store->errorString()));
    m_timeline = std::make_unique<TimelineStore>(m_store.get());
    QList<TimelineEvent> events = { makeEvent(kUrl, 0, 200, 4096, 0), makeEvent(kUrl, 60, 304, 200, 3896),
        makeEvent(kUrl, 120, 304, 200, 3896), makeEvent(kOther, 30, 200, 1000, 0), makeEvent(kUrl, 180, 0, 0, 0) };
    QVERIFY2(m_timeline->append(events), qPrintable(m_timeline->errorString()));
}

void TestTimelinePage::cleanup()
{
    m_timeline.reset();
    m_store.reset();
    m_dir.reset();
}

void TestTimelinePage::showsOneUrl()
{
    TimelinePage page(m_timeline.get());
    page.showUrl(kUrl);
    QCOMPARE(page.url(), kUrl);
    QTRY_VERIFY(!page.isLoading());
    QVERIFY2(page.errorString().isEmpty(), qPrintable(page.errorString()));
    QCOMPARE(page.events().size(), 4);
    QCOMPARE(page.chart()->events().size(), 4);
    QCOMPARE(page.table()->model()->rowCount(), 4);
    for (const TimelineEvent &event : page.events())
        QCOMPARE(event.url, kUrl);
    // The table starts with the newest exchange (the error).
    QCOMPARE(page.table()->model()->index(0, 1).data().toString(), QStringLiteral("error: timeout"));
    page.showUrl(kOther);
    QTRY_VERIFY(!page.isLoading());
    QCOMPARE(page.events().size(), 1);
}

void TestTimelinePage::totals_data()
{
    QTest::addColumn<TimelineTotals>("totals");
    QTest::addColumn<QString>("expected");
    TimelineTotals none;
    TimelineTotals some;
    some.requests = 4;
    some.ok = 1;
    some.notModified = 2;
    some.errors = 1;
    some.bytesTransferred = 4496;
    some.bytesSaved = 7792;
    TimelineTotals one;
    one.requests = 1;
    one.others = 1;
    one.bytesTransferred = 10;
    QTest::addRow("nothing") << none << QStringLiteral("No requests recorded");
    QTest::addRow("a watch") << some
                             << QStringLiteral(
                                    "4 requests \u00b7 200: 1 \u00b7 304: 2 \u00b7 other: 0 \u00b7 errors: 1 "
                                    "\u00b7 transferred 4.4 KiB \u00b7 saved 7.6 KiB (63.4%)");
    QTest::addRow("one request") << one
                                 << QStringLiteral(
                                        "1 request \u00b7 200: 0 \u00b7 304: 0 \u00b7 other: 1 \u00b7 errors: 0 "
                                        "\u00b7 transferred 10 B \u00b7 saved 0 B (0.0%)");
}

void TestTimelinePage::totals()
{
    QFETCH(TimelineTotals, totals);
    QFETCH(QString, expected);
    QCOMPARE(TimelinePage::formatTotals(totals), expected);
}

void TestTimelinePage::refreshAfterAppend()
{
    TimelinePage page(m_timeline.get());
    page.showUrl(kUrl);
    QTRY_VERIFY(!page.isLoading());
    QCOMPARE(page.totals(), m_timeline->totals(kUrl).value());
    TimelineEvent more = makeEvent(kUrl, 240, 304, 200, 3896);
    QVERIFY(m_timeline->append(more));
    QCOMPARE(page.events().size(), 4); // not until refresh()
    page.refresh();
    QCOMPARE(page.events().size(), 4); // kept until the new read arrives
    QTRY_VERIFY(!page.isLoading());
    QCOMPARE(page.events().size(), 5);
    QCOMPARE(page.totals(), m_timeline->totals(kUrl).value());
    QVERIFY2(page.totalsText().startsWith(QStringLiteral("5 requests")), qPrintable(page.totalsText()));
    QVERIFY(page.totalsText().contains(QStringLiteral("304: 3")));
}

void TestTimelinePage::activation()
{
    TimelinePage page(m_timeline.get());
    page.resize(900, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.showUrl(kUrl);
    QTRY_VERIFY(!page.isLoading());
    QSignalSpy activated(&page, &TimelinePage::eventActivated);
    TimelineChart *chart = page.chart();
    QTest::mouseClick(chart, Qt::LeftButton, {}, chart->positionOf(1));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).value<TimelineEvent>(), page.events().at(1));
    // The click selects the same exchange in the table.
    const QModelIndex current = page.table()->currentIndex();
    QVERIFY(current.isValid());
    QCOMPARE(current.siblingAtColumn(0).data().toString(), page.table()->model()->index(2, 0).data().toString());
    // Selecting a row marks it in the chart.
    page.table()->setCurrentIndex(page.table()->model()->index(0, 0));
    QCOMPARE(chart->highlightedEvent(), 3);
    // Enter on a row opens it too.
    QTest::keyClick(page.table(), Qt::Key_Return);
    QCOMPARE(activated.count(), 2);
    QCOMPARE(activated.at(1).at(0).value<TimelineEvent>().status, 0);
}

void TestTimelinePage::exports()
{
    TimelinePage page(m_timeline.get());
    page.showUrl(kUrl);
    QTRY_VERIFY(!page.isLoading());
    const QString csv = m_dir->filePath(QStringLiteral("t.csv"));
    QVERIFY2(page.exportCsv(csv), qPrintable(page.errorString()));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), timelineToCsv(m_timeline->events(kUrl)));
    const QString png = m_dir->filePath(QStringLiteral("t.png"));
    QVERIFY2(page.exportPng(png), qPrintable(page.errorString()));
    QVERIFY(!QImage(png).isNull());
    QVERIFY(!page.exportCsv(m_dir->filePath(QStringLiteral("no/such/dir/t.csv"))));
    QVERIFY(page.errorString().contains(QStringLiteral("no/such/dir")));
}

void TestTimelinePage::noStoreOrUrl()
{
    TimelinePage page(nullptr);
    page.showUrl(kUrl);
    QVERIFY(page.events().isEmpty());
    TimelinePage empty(m_timeline.get());
    empty.showUrl(QUrl());
    QVERIFY(empty.events().isEmpty());
    QCOMPARE(empty.totalsText(), QStringLiteral("No requests recorded"));
    empty.showUrl(QUrl(QStringLiteral("http://127.0.0.1/never-seen")));
    QTRY_VERIFY(!empty.isLoading());
    QVERIFY(empty.events().isEmpty());
    QVERIFY(empty.errorString().isEmpty());
}

void TestTimelinePage::readsOffTheUiThread()
{
    TimelinePage page(m_timeline.get());
    QVERIFY(page.reader());
    QVERIFY(page.reader()->workerThread() != QThread::currentThread());
    QVERIFY(page.reader()->workerThread()->isRunning());
    // The page owns no store connection of its own on this thread: it reads through the reader only.
    QSignalSpy read(page.reader(), &StoreReader::eventsRead);
    page.showUrl(kUrl);
    QVERIFY(page.isLoading());
    QVERIFY(page.events().isEmpty());
    QTRY_COMPARE(read.size(), 1);
    QCOMPARE(page.events(), m_timeline->events(kUrl));
}

void TestTimelinePage::keepsContentWhileLoading()
{
    TimelinePage page(m_timeline.get());
    page.resize(900, 600);
    page.showUrl(kUrl);
    QTRY_VERIFY(!page.isLoading());
    const QString loadedText = page.totalsText();
    QSignalSpy loaded(&page, &TimelinePage::loaded);

    // Reads held back until the test lets them go: a read that takes as long as the test needs.
    QSemaphore gate;
    page.reader()->setBeforeRead([&gate] { gate.acquire(); });
    auto releaseGate = qScopeGuard([&gate] { gate.release(100); });
    page.refresh();
    // A read that takes more than a moment: the page says so and keeps what it shows.
    QTRY_VERIFY(page.showsLoading());
    QCOMPARE(page.events().size(), 4);
    QVERIFY2(
        page.totalsText().startsWith(loadedText + QStringLiteral(" \u00b7 loading")), qPrintable(page.totalsText()));
    QVERIFY(page.table()->isEnabled());
    // Another URL: the old events stay, greyed, until the new ones come.
    page.showUrl(kOther);
    QCOMPARE(page.events().size(), 4);
    QTRY_VERIFY(!page.table()->isEnabled());
    QVERIFY(page.chart()->graphicsEffect()); // faded
    QVERIFY2(page.totalsText().startsWith(QStringLiteral("Loading the timeline")), qPrintable(page.totalsText()));
    QCOMPARE(loaded.size(), 0);

    gate.release(100);
    QTRY_COMPARE(loaded.size(), 1);
    QVERIFY(!page.showsLoading());
    QVERIFY(page.table()->isEnabled());
    QVERIFY(!page.chart()->graphicsEffect());
    QVERIFY2(page.errorString().isEmpty(), qPrintable(page.errorString()));
    QCOMPARE(page.events().size(), 1);
    QCOMPARE(page.events().first().url, kOther);
}

void TestTimelinePage::refreshKeepsSortAndSelection()
{
    TimelinePage page(m_timeline.get());
    page.showUrl(kUrl);
    QTRY_VERIFY(!page.isLoading());
    page.table()->sortByColumn(TimelineModel::StatusColumn, Qt::AscendingOrder);
    page.table()->selectRow(1);
    page.table()->selectionModel()->select(
        page.table()->model()->index(3, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const QList<qint64> selected = ids(page.selectedEvents());
    QCOMPARE(selected.size(), 2);
    const QModelIndex current = page.table()->currentIndex();
    const QString currentText = current.siblingAtColumn(0).data().toString();

    TimelineEvent more = makeEvent(kUrl, 240, 304, 200, 3896);
    QVERIFY(m_timeline->append(more));
    page.refresh();
    QTRY_VERIFY(!page.isLoading());
    QCOMPARE(page.events().size(), 5);
    QCOMPARE(page.table()->horizontalHeader()->sortIndicatorSection(), int(TimelineModel::StatusColumn));
    QCOMPARE(page.table()->horizontalHeader()->sortIndicatorOrder(), Qt::AscendingOrder);
    QCOMPARE(ids(page.selectedEvents()), selected);
    QCOMPARE(page.table()->currentIndex().siblingAtColumn(0).data().toString(), currentText);
    // Sorted by status: the error (0) first, then the 200, then the 304s.
    QCOMPARE(page.table()->model()->index(0, 1).data().toString(), QStringLiteral("error: timeout"));
}

void TestTimelinePage::lateAnswerForOldUrlDropped()
{
    TimelinePage page(m_timeline.get());
    QSignalSpy loaded(&page, &TimelinePage::loaded);
    for (int i = 0; i < 10; ++i)
        page.showUrl(i % 2 ? kUrl : kOther);
    page.showUrl(QUrl());
    QCOMPARE(loaded.size(), 1); // no URL: shown at once, and the reads before it are no longer waited for
    page.showUrl(QUrl(QStringLiteral("http://127.0.0.1:8080/none-yet")));
    page.showUrl(kOther);
    QTRY_COMPARE(loaded.size(), 2); // only kOther's answer
    QCoreApplication::processEvents();
    QCOMPARE(loaded.size(), 2);
    QCOMPARE(page.url(), kOther);
    QCOMPARE(page.events().size(), 1);
    QCOMPARE(page.events().first().url, kOther);
}

void TestTimelinePage::bigTimelineKeepsTheLoopTurning()
{
    // A week of watching at 6 s intervals, and more: far past the default bound per URL.
    const QUrl big(QStringLiteral("http://127.0.0.1:8080/big.json"));
    m_timeline->setEventLimitPerUrl(100000);
    QList<TimelineEvent> events;
    events.reserve(100000);
    for (int i = 0; i < 100000; ++i)
        events << makeEvent(big, i * 6, i % 10 ? 304 : 200, i % 10 ? 200 : 4096, i % 10 ? 3896 : 0);
    QVERIFY2(m_timeline->append(events), qPrintable(m_timeline->errorString()));

    TimelinePage page(m_timeline.get());
    page.resize(900, 600);
    page.showUrl(kUrl);
    QTRY_VERIFY(!page.isLoading());

    // The longest gap between turns of the event loop while the page switches to the big URL.
    QElapsedTimer sinceTick;
    qint64 longestStall = 0;
    int ticks = 0;
    QTimer ticker;
    ticker.setInterval(0);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        longestStall = qMax(longestStall, sinceTick.restart());
        ++ticks;
    });
    int ticksBeforeLoaded = -1;
    QObject::connect(&page, &TimelinePage::loaded, [&] { ticksBeforeLoaded = ticks; });
    sinceTick.start();
    ticker.start();
    QElapsedTimer call;
    call.start();
    page.showUrl(big);
    const qint64 callMs = call.elapsed();
    QVERIFY(page.isLoading());
    QTRY_VERIFY_WITH_TIMEOUT(!page.isLoading(), 60000);
    ticker.stop();
    qInfo("showUrl returned in %lld ms; %d loop turns while reading; longest stall %lld ms", callMs, ticksBeforeLoaded,
        longestStall);
    QCOMPARE(page.events().size(), 100000);
    // Structural: the read ran elsewhere while this thread kept turning its loop.
    QVERIFY2(ticksBeforeLoaded > 10, qPrintable(QString::number(ticksBeforeLoaded)));
    QVERIFY2(callMs < 100, qPrintable(QString::number(callMs)));
    // Generous: showing 100,000 rows (model, sort, chart) still happens on this thread, once.
    QVERIFY2(longestStall < 2000, qPrintable(QString::number(longestStall)));
}

QTEST_MAIN(TestTimelinePage)
#include "tst_timelinepage.moc"
