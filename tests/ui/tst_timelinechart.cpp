#include "theme.h"
#include "timelinechart.h"

#include <QTimeZone>
#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope;

namespace {

const QDateTime kStart(QDate(2026, 11, 26), QTime(1, 0), QTimeZone::utc());

TimelineEvent makeEvent(int index, int status, qint64 wire, qint64 saved, qint64 secondsApart = 60)
{
    TimelineEvent event;
    event.id = index + 1;
    event.url = QUrl(QStringLiteral("http://127.0.0.1/app.js"));
    event.time = kStart.addSecs(index * secondsApart);
    event.status = status;
    event.responseHeaderBytes = std::min<qint64>(wire, 200);
    event.responseBodyWireBytes = wire - event.responseHeaderBytes;
    event.bytesSaved = saved;
    return event;
}

// One 200 of 100 KiB, then 304s of 200 bytes each saving the rest, and an error every 50th exchange.
QList<TimelineEvent> watchHistory(int count)
{
    QList<TimelineEvent> events;
    events.reserve(count);
    for (int i = 0; i < count; ++i) {
        if (i == 0)
            events << makeEvent(i, 200, 100 * 1024, 0);
        else if (i % 50 == 0)
            events << makeEvent(i, 0, 0, 0);
        else
            events << makeEvent(i, 304, 200, 100 * 1024 - 200);
    }
    return events;
}

QImage renderChart(TimelineChart &chart)
{
    QImage image(chart.size(), QImage::Format_ARGB32_Premultiplied);
    chart.render(&image);
    return image;
}

} // namespace

class TestTimelineChart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aggregation_data();
    void aggregation();
    void hitTestAndClick();
    void hostileEvents_data();
    void hostileEvents();
    void colorsDistinct_data();
    void colorsDistinct();
    void avoidedBytesDrawn();
    void exportPng();
    void paint10000Events();
};

void TestTimelineChart::aggregation_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("aggregated");
    QTest::addRow("empty") << 0 << false;
    QTest::addRow("one") << 1 << false;
    QTest::addRow("ten") << 10 << false;
    QTest::addRow("ten thousand") << 10000 << true;
}

void TestTimelineChart::aggregation()
{
    QFETCH(int, count);
    QFETCH(bool, aggregated);
    TimelineChart chart;
    chart.resize(800, 300);
    chart.setEvents(watchHistory(count));
    QCOMPARE(chart.isAggregated(), aggregated);
    if (aggregated)
        QVERIFY2(chart.barCount() <= 800 / 2 + 2, qPrintable(QString::number(chart.barCount())));
    else
        QCOMPARE(chart.barCount(), count);
}

void TestTimelineChart::hitTestAndClick()
{
    TimelineChart chart;
    chart.resize(800, 300);
    // Given out of time order: the chart sorts, but indexes stay those of the list given.
    QList<TimelineEvent> events = watchHistory(5);
    std::swap(events[1], events[3]);
    chart.setEvents(events);
    QSignalSpy activated(&chart, &TimelineChart::eventActivated);
    for (int i = 0; i < events.size(); ++i)
        QCOMPARE(chart.eventAt(chart.positionOf(i)), i);
    QVERIFY(chart.positionOf(1).x() > chart.positionOf(3).x());
    QCOMPARE(chart.eventAt(QPoint(chart.positionOf(0).x(), 2)), -1); // the legend, not a bar
    QCOMPARE(chart.eventAt(QPoint((chart.positionOf(0).x() + chart.positionOf(3).x()) / 2, 150)), -1);

    QTest::mouseClick(&chart, Qt::LeftButton, {}, chart.positionOf(3));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).value<TimelineEvent>(), events.at(3));
    QCOMPARE(chart.highlightedEvent(), 3);
    QTest::mouseClick(&chart, Qt::LeftButton, {}, QPoint(1, 1));
    QCOMPARE(activated.count(), 1);
}

void TestTimelineChart::hostileEvents_data()
{
    QTest::addColumn<QList<TimelineEvent>>("events");
    QList<TimelineEvent> sameTime = { makeEvent(0, 200, 1000, 0, 0), makeEvent(1, 304, 100, 900, 0) };
    TimelineEvent invalidTime = makeEvent(0, 200, 10, 0);
    invalidTime.time = {};
    TimelineEvent negative = makeEvent(1, 304, 10, 0);
    negative.bytesSaved = -50;
    negative.responseHeaderBytes = -10;
    TimelineEvent huge = makeEvent(2, 200, 0, 0);
    huge.responseBodyWireBytes = qint64(1) << 50;
    QTest::addRow("all at one instant") << sameTime;
    QTest::addRow("invalid time, negative sizes, a petabyte") << QList<TimelineEvent> { invalidTime, negative, huge };
    QTest::addRow("only errors") << QList<TimelineEvent> { makeEvent(0, 0, 0, 0), makeEvent(1, 0, 0, 0) };
    QTest::addRow("odd statuses") << QList<TimelineEvent> { makeEvent(0, 999, 5, 0), makeEvent(1, 101, 5, 0) };
}

void TestTimelineChart::hostileEvents()
{
    QFETCH(QList<TimelineEvent>, events);
    TimelineChart chart;
    chart.resize(50, 30); // smaller than its minimum
    chart.setEvents(events);
    renderChart(chart);
    chart.resize(600, 240);
    const QImage image = renderChart(chart);
    QVERIFY(!image.isNull());
    for (int i = 0; i < events.size(); ++i)
        QVERIFY(chart.eventAt(chart.positionOf(i)) >= 0);
}

void TestTimelineChart::colorsDistinct_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addRow("light") << QStringLiteral("light");
    QTest::addRow("dark") << QStringLiteral("dark");
}

void TestTimelineChart::colorsDistinct()
{
    QFETCH(QString, scheme);
    QCOMPARE(applyColorScheme(scheme), QString());
    TimelineChart chart;
    chart.resize(400, 240);
    // Four tall bars, one of each kind; errors have no bytes, so sample the 2-pixel stub at the baseline.
    chart.setEvents(
        { makeEvent(0, 200, 5000, 0), makeEvent(1, 304, 5000, 0), makeEvent(2, 404, 5000, 0), makeEvent(3, 0, 0, 0) });
    const QImage image = renderChart(chart);
    const QColor background = image.pixelColor(2, chart.height() / 2);
    QList<QRgb> seen;
    for (int i = 0; i < 4; ++i) {
        const QPoint p = chart.positionOf(i);
        int y = p.y();
        if (i == 3) {
            y = chart.height() - 1;
            while (y > 0 && image.pixelColor(p.x(), y) == background)
                --y;
        }
        const QColor c = image.pixelColor(p.x(), y);
        QVERIFY2(c != background, qPrintable(QStringLiteral("bar %1 not drawn").arg(i)));
        QVERIFY2(!seen.contains(c.rgb()), qPrintable(QStringLiteral("bar %1 has the color of another").arg(i)));
        // Readable against the background: a clear difference in at least one channel.
        const int contrast = std::max({ std::abs(c.red() - background.red()), std::abs(c.green() - background.green()),
            std::abs(c.blue() - background.blue()) });
        QVERIFY2(contrast > 80, qPrintable(QString::number(contrast)));
        seen << c.rgb();
    }
    applyColorScheme(QStringLiteral("light"));
}

void TestTimelineChart::avoidedBytesDrawn()
{
    TimelineChart chart;
    chart.resize(400, 300);
    // A 304 of 2,000 bytes that avoided 8,240 more: above its solid bar, a pale area as tall as the 200's bar.
    chart.setEvents({ makeEvent(0, 200, 10240, 0), makeEvent(1, 304, 2000, 8240) });
    const QImage image = renderChart(chart);
    const QPoint full = chart.positionOf(0);
    // Off the bar's centre, where the cumulative line climbs.
    const QPoint notModified = chart.positionOf(1) + QPoint(4, 0);
    const QColor background = image.pixelColor(2, full.y() + 7);
    const QColor fullColor = image.pixelColor(full.x(), full.y());
    QVERIFY(fullColor != background);
    // The baseline: the lowest row of the 200's bar.
    int baseline = full.y();
    while (baseline + 1 < image.height() && image.pixelColor(full.x(), baseline + 1) == fullColor)
        ++baseline;
    const QColor avoided = image.pixelColor(notModified.x(), notModified.y() + 7);
    const QColor wire = image.pixelColor(notModified.x(), baseline - 4);
    QVERIFY2(avoided != background, "the bytes a 304 avoided are not drawn");
    QVERIFY(wire != background);
    QVERIFY2(avoided != wire, "the avoided bytes look like bytes on the wire");
    QVERIFY2(wire != fullColor, "a 304 has the color of a 200");

    // Without the saving, nothing above the 304's bar.
    chart.setEvents({ makeEvent(0, 200, 10240, 0), makeEvent(1, 304, 2000, 0) });
    QCOMPARE(renderChart(chart).pixelColor(notModified + QPoint(0, 7)), background);
}

void TestTimelineChart::exportPng()
{
    QTemporaryDir dir;
    TimelineChart chart;
    chart.resize(300, 200);
    chart.setEvents(watchHistory(20));
    const QString path = dir.filePath(QStringLiteral("chart.png"));
    QString error;
    QVERIFY2(chart.exportPng(path, &error), qPrintable(error));
    const QImage image(path);
    QCOMPARE(image.size(), QSize(640 * 2, 240 * 2));
    QCOMPARE(chart.size(), QSize(300, 200));
    QVERIFY(!chart.exportPng(dir.filePath(QStringLiteral("missing/dir/chart.png")), &error));
    QVERIFY(error.contains(QStringLiteral("missing")));
}

void TestTimelineChart::paint10000Events()
{
    // A benchmark, not a timed assertion: QBENCHMARK prints the time of one full paint.
    TimelineChart chart;
    chart.resize(1200, 400);
    chart.setEvents(watchHistory(10000));
    QImage image(chart.size(), QImage::Format_ARGB32_Premultiplied);
    QVERIFY(chart.isAggregated());
    QBENCHMARK
    {
        chart.render(&image);
    }
    QElapsedTimer timer;
    timer.start();
    chart.setEvents(watchHistory(10000));
    chart.render(&image);
    qInfo("setEvents + layout + paint of 10,000 events: %lld ms", qint64(timer.elapsed()));
}

QTEST_MAIN(TestTimelineChart)
#include "tst_timelinechart.moc"
