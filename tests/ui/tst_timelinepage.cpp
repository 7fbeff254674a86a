#include "cache/validatorstore.h"
#include "client/timelinestore.h"
#include "timelinechart.h"
#include "timelinepage.h"

#include <QTimeZone>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

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
    QCOMPARE(page.events().size(), 4);
    QCOMPARE(page.chart()->events().size(), 4);
    QCOMPARE(page.table()->model()->rowCount(), 4);
    for (const TimelineEvent &event : page.events())
        QCOMPARE(event.url, kUrl);
    // The table starts with the newest exchange (the error).
    QCOMPARE(page.table()->model()->index(0, 1).data().toString(), QStringLiteral("error: timeout"));
    page.showUrl(kOther);
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
    QCOMPARE(page.totals(), m_timeline->totals(kUrl).value());
    TimelineEvent more = makeEvent(kUrl, 240, 304, 200, 3896);
    QVERIFY(m_timeline->append(more));
    QCOMPARE(page.events().size(), 4); // not until refresh()
    page.refresh();
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
    QVERIFY(empty.events().isEmpty());
    QVERIFY(empty.errorString().isEmpty());
}

QTEST_MAIN(TestTimelinePage)
#include "tst_timelinepage.moc"
