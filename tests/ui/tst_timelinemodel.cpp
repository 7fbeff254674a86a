#include "timelinemodel.h"

#include <QTimeZone>
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace CacheScope;

namespace {

TimelineEvent makeEvent(qint64 id, int status, qint64 headers, qint64 body, qint64 saved)
{
    TimelineEvent event;
    event.id = id;
    event.url = QUrl(QStringLiteral("http://127.0.0.1/app.js"));
    event.time = QDateTime(QDate(2026, 11, 26), QTime(1, 2, 3), QTimeZone::utc()).addSecs(id);
    event.status = status;
    event.responseHeaderBytes = headers;
    event.responseBodyWireBytes = body;
    event.bytesSaved = saved;
    event.ttfbMs = 12;
    event.totalMs = 40;
    return event;
}

} // namespace

class TestTimelineModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void modelTester();
    void display_data();
    void display();
    void sortValues();
    void rowOfId();
    void outOfRange();
};

void TestTimelineModel::modelTester()
{
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setEvents({ makeEvent(1, 200, 300, 5000, 0), makeEvent(2, 304, 200, 0, 5100) });
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(TimelineModel::ColumnCount));
    model.setEvents({});
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(reset.count(), 2);
}

void TestTimelineModel::display_data()
{
    QTest::addColumn<TimelineEvent>("event");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("expected");

    const TimelineEvent ok = makeEvent(1, 200, 300, 5000, 0);
    TimelineEvent notModified = makeEvent(2, 304, 200, 0, 5100);
    notModified.sentIfNoneMatch = "\"v1\"";
    notModified.sentIfModifiedSince = "Thu, 26 Nov 2026 00:00:00 GMT";
    notModified.contentChanged = ContentChange::No;
    TimelineEvent error = makeEvent(3, 0, 0, 0, 0);
    error.error = QStringLiteral("connection-refused");
    error.ttfbMs = -1;
    error.totalMs = -1;
    TimelineEvent noted = makeEvent(4, 200, 1, 1, 0);
    noted.sentIfModifiedSince = "x";
    noted.contentChanged = ContentChange::Yes;
    noted.notes = { { NoteSeverity::Warning, QStringLiteral("weak-etag"), QStringLiteral("Weak ETag") },
        { NoteSeverity::Info, QStringLiteral("a"), QStringLiteral("semi;colon, \"quoted\"") } };
    const TimelineEvent huge = makeEvent(5, 200, 0, qint64(5) << 40, 0);

    QTest::addRow("200 status") << ok << int(TimelineModel::StatusColumn) << QStringLiteral("200");
    QTest::addRow("200 wire") << ok << int(TimelineModel::WireColumn) << QStringLiteral("5.2 KiB");
    QTest::addRow("200 nothing saved") << ok << int(TimelineModel::SavedColumn) << QString();
    QTest::addRow("200 no validators") << ok << int(TimelineModel::ValidatorColumn) << QStringLiteral("none");
    QTest::addRow("200 change unknown") << ok << int(TimelineModel::ChangeColumn) << QStringLiteral("unknown");
    QTest::addRow("timing") << ok << int(TimelineModel::TimingColumn) << QStringLiteral("12 ms / 40 ms");
    QTest::addRow("304 saved") << notModified << int(TimelineModel::SavedColumn) << QStringLiteral("5.0 KiB");
    QTest::addRow("304 both validators") << notModified << int(TimelineModel::ValidatorColumn)
                                         << QStringLiteral("If-None-Match + If-Modified-Since");
    QTest::addRow("304 unchanged") << notModified << int(TimelineModel::ChangeColumn) << QStringLiteral("unchanged");
    QTest::addRow("error status") << error << int(TimelineModel::StatusColumn)
                                  << QStringLiteral("error: connection-refused");
    QTest::addRow("error wire") << error << int(TimelineModel::WireColumn) << QStringLiteral("\u2014");
    QTest::addRow("error change empty") << error << int(TimelineModel::ChangeColumn) << QString();
    QTest::addRow("error timing unknown")
        << error << int(TimelineModel::TimingColumn) << QStringLiteral("\u2014 / \u2014");
    QTest::addRow("only If-Modified-Since")
        << noted << int(TimelineModel::ValidatorColumn) << QStringLiteral("If-Modified-Since");
    QTest::addRow("changed") << noted << int(TimelineModel::ChangeColumn) << QStringLiteral("changed");
    QTest::addRow("notes joined") << noted << int(TimelineModel::NotesColumn)
                                  << QStringLiteral("Weak ETag; semi;colon, \"quoted\"");
    QTest::addRow("5 TiB body") << huge << int(TimelineModel::WireColumn) << QStringLiteral("5.0 TiB");
}

void TestTimelineModel::display()
{
    QFETCH(TimelineEvent, event);
    QFETCH(int, column);
    QFETCH(QString, expected);
    TimelineModel model;
    model.setEvents({ event });
    QCOMPARE(model.data(model.index(0, column)).toString(), expected);
    QVERIFY(!model.data(model.index(0, column), Qt::ToolTipRole).toString().isEmpty());
}

void TestTimelineModel::sortValues()
{
    TimelineModel model;
    // The bigger number must sort after the smaller even where the text would not ("900 B" > "1.2 KiB").
    model.setEvents({ makeEvent(1, 200, 100, 800, 0), makeEvent(2, 304, 100, 1200, 10) });
    const auto sortValue = [&](int row, int column) {
        return model.data(model.index(row, column), TimelineModel::SortRole).toLongLong();
    };
    QVERIFY(sortValue(0, TimelineModel::WireColumn) < sortValue(1, TimelineModel::WireColumn));
    QVERIFY(sortValue(0, TimelineModel::SavedColumn) < sortValue(1, TimelineModel::SavedColumn));
    QVERIFY(sortValue(0, TimelineModel::StatusColumn) < sortValue(1, TimelineModel::StatusColumn));
    QVERIFY(model.data(model.index(0, TimelineModel::TimeColumn), TimelineModel::SortRole).toDateTime()
        < model.data(model.index(1, TimelineModel::TimeColumn), TimelineModel::SortRole).toDateTime());
}

void TestTimelineModel::rowOfId()
{
    TimelineModel model;
    model.setEvents({ makeEvent(7, 200, 1, 1, 0), makeEvent(9, 304, 1, 0, 1) });
    QCOMPARE(model.rowOfId(9), 1);
    QCOMPARE(model.rowOfId(7), 0);
    QCOMPARE(model.rowOfId(8), -1);
    QCOMPARE(model.data(model.index(1, 0), TimelineModel::EventIdRole).toLongLong(), 9);
}

void TestTimelineModel::outOfRange()
{
    TimelineModel model;
    model.setEvents({ makeEvent(1, 200, 1, 1, 0) });
    QCOMPARE(model.event(-1), TimelineEvent());
    QCOMPARE(model.event(1), TimelineEvent());
    QVERIFY(!model.data(model.index(5, 0)).isValid());
    QVERIFY(!model.headerData(TimelineModel::ColumnCount, Qt::Horizontal).isValid());
    QCOMPARE(model.headerData(TimelineModel::SavedColumn, Qt::Horizontal).toString(), QStringLiteral("Saved"));
}

QTEST_MAIN(TestTimelineModel)
#include "tst_timelinemodel.moc"
