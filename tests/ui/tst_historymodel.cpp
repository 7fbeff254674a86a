// The sidebar's history: newest first, bounded, kept in the settings and read back defensively.
#include "historymodel.h"

#include <QAbstractItemModelTester>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace CacheScope;

namespace {

HistoryEntry entry(const QString &method, const QString &url, int status, qint64 saved = 0)
{
    HistoryEntry e;
    e.method = method;
    e.url = QUrl(url);
    e.headers.append("Accept", "application/json");
    e.event.url = e.url;
    e.event.time = QDateTime(QDate(2026, 11, 26), QTime(4, 5, 6, 789), QTimeZone::utc());
    e.event.status = status;
    e.event.id = 42;
    e.event.sentIfNoneMatch = "\"v1\"";
    e.event.receivedEtag = "\"v1\"";
    e.event.responseHeaderBytes = 120;
    e.event.responseBodyWireBytes = status == 200 ? 900 : 0;
    e.event.bytesSaved = saved;
    e.event.totalMs = 7;
    e.storeAction = QStringLiteral("304 matched the stored entry");
    if (status == 0)
        e.event.error = QStringLiteral("Connection refused");
    return e;
}

} // namespace

class TestHistoryModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void newestFirstAndBounded();
    void savedAndRestored();
    void damagedSettingsRows_data();
    void damagedSettingsRows();
    void facts();
};

void TestHistoryModel::newestFirstAndBounded()
{
    HistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLimit(3);
    for (int i = 0; i < 5; ++i)
        model.prepend(entry(QStringLiteral("GET"), QStringLiteral("http://a.test/%1").arg(i), 200));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, HistoryModel::UrlColumn).data().toString(), QStringLiteral("http://a.test/4"));
    QCOMPARE(model.index(2, HistoryModel::UrlColumn).data().toString(), QStringLiteral("http://a.test/2"));
    QCOMPARE(model.index(0, HistoryModel::MethodColumn).data().toString(), QStringLiteral("GET"));
    QCOMPARE(model.index(0, HistoryModel::StatusColumn).data().toString(), QStringLiteral("200"));
    model.prepend(entry(QStringLiteral("GET"), QStringLiteral("http://a.test/err"), 0));
    QCOMPARE(model.index(0, HistoryModel::StatusColumn).data().toString(), QStringLiteral("error"));
    model.setLimit(1);
    QCOMPARE(model.rowCount(), 1);
    model.setLimit(0); // read as 1
    QCOMPARE(model.limit(), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestHistoryModel::savedAndRestored()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    HistoryModel model;
    model.prepend(entry(QStringLiteral("GET"), QStringLiteral("http://a.test/x?q=%C3%A9"), 200));
    model.prepend(entry(QStringLiteral("HEAD"), QStringLiteral("http://a.test/x"), 304, 780));
    model.save(settings);

    HistoryModel restored;
    QAbstractItemModelTester tester(&restored, QAbstractItemModelTester::FailureReportingMode::QtTest);
    restored.restore(settings);
    QCOMPARE(restored.rowCount(), 2);
    for (int row = 0; row < 2; ++row) {
        const HistoryEntry &a = model.entry(row);
        const HistoryEntry &b = restored.entry(row);
        QCOMPARE(b.method, a.method);
        QCOMPARE(b.url, a.url);
        QCOMPARE(b.headers, a.headers);
        QCOMPARE(b.event.time, a.event.time);
        QCOMPARE(b.event.status, a.event.status);
        QCOMPARE(b.event.id, a.event.id);
        QCOMPARE(b.event.sentIfNoneMatch, a.event.sentIfNoneMatch);
        QCOMPARE(b.event.receivedEtag, a.event.receivedEtag);
        QCOMPARE(b.event.wireBytes(), a.event.wireBytes());
        QCOMPARE(b.event.bytesSaved, a.event.bytesSaved);
        QCOMPARE(b.storeAction, a.storeAction);
    }
}

void TestHistoryModel::damagedSettingsRows_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<int>("rows");

    QTest::addRow("intact") << "" << QVariant() << 2;
    QTest::addRow("no method") << "method" << QVariant(QString()) << 1;
    QTest::addRow("not a URL") << "url" << QVariant(QStringLiteral("http://exa mple/")) << 1;
    QTest::addRow("empty URL") << "url" << QVariant(QString()) << 1;
    QTest::addRow("bad time") << "time" << QVariant(QStringLiteral("yesterday")) << 1;
    QTest::addRow("negative saving") << "bytesSaved" << QVariant(-5) << 2;
    QTest::addRow("header without colon") << "headers" << QVariant(QStringList { QStringLiteral("garbage") }) << 2;
}

void TestHistoryModel::damagedSettingsRows()
{
    QFETCH(QString, key);
    QFETCH(QVariant, value);
    QFETCH(int, rows);
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    HistoryModel model;
    model.prepend(entry(QStringLiteral("GET"), QStringLiteral("http://a.test/1"), 200));
    model.prepend(entry(QStringLiteral("GET"), QStringLiteral("http://a.test/2"), 304, 100));
    model.save(settings);
    if (!key.isEmpty())
        settings.setValue(QStringLiteral("history/1/") + key, value);

    HistoryModel restored;
    QAbstractItemModelTester tester(&restored, QAbstractItemModelTester::FailureReportingMode::QtTest);
    restored.restore(settings);
    QCOMPARE(restored.rowCount(), rows);
    for (int row = 0; row < restored.rowCount(); ++row) {
        QVERIFY(restored.entry(row).event.bytesSaved >= 0);
        for (const HeaderField &field : restored.entry(row).headers)
            QVERIFY(!field.name.isEmpty());
    }
}

void TestHistoryModel::facts()
{
    const QString text = HistoryModel::facts(entry(QStringLiteral("GET"), QStringLiteral("http://a.test/x"), 304, 780));
    QVERIFY2(text.contains(QStringLiteral("GET 304")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("sent If-None-Match: \"v1\"")));
    QVERIFY(text.contains(QStringLiteral("saved 780 B")));
    QVERIFY(text.contains(QStringLiteral("store: 304 matched")));
    const QString failed = HistoryModel::facts(entry(QStringLiteral("GET"), QStringLiteral("http://a.test/x"), 0));
    QVERIFY2(failed.contains(QStringLiteral("failed")) && failed.contains(QStringLiteral("Connection refused")),
        qPrintable(failed));
}

QTEST_MAIN(TestHistoryModel)
#include "tst_historymodel.moc"
