// The HAR import page's model: the core's diagnosis per entry, the summary, sorting and filtering values, and
// malformed files that must leave the model as it was.
#include "harimportmodel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace CacheScope;

namespace {

QByteArray fixture(const QString &name)
{
    QFile file(QStringLiteral(CACHESCOPE_SOURCE_DIR "/tests/interop/data/har/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

int rowOfUrl(const HarImportModel &model, const QString &url)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.entry(row).url.toString() == url)
            return row;
    }
    return -1;
}

} // namespace

class TestHarImportModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void browserFiles_data();
    void browserFiles();
    void pageDiagnosis();
    void malformedKeepsWhatWasShown_data();
    void malformedKeepsWhatWasShown();
    void results();
};

void TestHarImportModel::browserFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("entries");
    QTest::addColumn<QString>("summaryStart");
    QTest::addRow("chrome") << QStringLiteral("chrome.har") << 8
                            << QStringLiteral("3 of 7 responses can be revalidated");
    QTest::addRow("firefox") << QStringLiteral("firefox.har") << 5
                             << QStringLiteral("2 of 5 responses can be revalidated");
    QTest::addRow("safari") << QStringLiteral("safari.har") << 4
                            << QStringLiteral("1 of 4 responses can be revalidated");
    QTest::addRow("missing optional fields")
        << QStringLiteral("minimal.har") << 2 << QStringLiteral("0 of 2 responses can be revalidated");
}

void TestHarImportModel::browserFiles()
{
    QFETCH(QString, file);
    QFETCH(int, entries);
    QFETCH(QString, summaryStart);
    HarImportModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QString error;
    QVERIFY2(model.load(fixture(file), &error), qPrintable(error));
    QCOMPARE(model.rowCount(), entries);
    QCOMPARE(model.columnCount(), int(HarImportModel::ColumnCount));
    QVERIFY2(model.summaryText().startsWith(summaryStart), qPrintable(model.summaryText()));
    QVERIFY(model.summaryText().endsWith(QLatin1Char('.')));
    for (int row = 0; row < model.rowCount(); ++row) {
        // Every row is diagnosed in words and carries its category for the filter.
        QVERIFY(!model.index(row, HarImportModel::DiagnosisColumn).data().toString().isEmpty());
        QCOMPARE(
            model.index(row, 0).data(HarImportModel::CacheabilityRole).toInt(), int(model.verdict(row).cacheability));
        QVERIFY(model.describe(row).contains(model.entry(row).url.toDisplayString()));
    }
}

void TestHarImportModel::pageDiagnosis()
{
    HarImportModel model;
    QString error;
    QVERIFY2(model.load(fixture(QStringLiteral("page.har")), &error), qPrintable(error));
    QCOMPARE(model.summary().responses, 10);
    QCOMPARE(model.summary().revalidatable, 5);
    QCOMPARE(model.summary().noStore, 2);
    QVERIFY(model.summaryText().contains(QStringLiteral("potential saving on revisit: 1.1 MB")));

    const int appJs = rowOfUrl(model, QStringLiteral("https://site.example/app.js"));
    QVERIFY(appJs >= 0);
    QCOMPARE(model.index(appJs, HarImportModel::MethodColumn).data().toString(), QStringLiteral("GET"));
    QCOMPARE(model.index(appJs, HarImportModel::StatusColumn).data().toString(), QStringLiteral("200"));
    QCOMPARE(model.index(appJs, HarImportModel::ValidatorsColumn).data().toString(), QStringLiteral("ETag \"a1\""));
    QCOMPARE(
        model.index(appJs, HarImportModel::DiagnosisColumn).data().toString(), QStringLiteral("can be revalidated"));
    QVERIFY(model.index(appJs, HarImportModel::FreshnessColumn)
                .data()
                .toString()
                .startsWith(QStringLiteral("max-age=600")));
    // The saving sorts as a number: 50 kB sorts above 5.2 kB although "5" > "50" as text.
    const int me = rowOfUrl(model, QStringLiteral("https://site.example/me.json"));
    QVERIFY(model.index(appJs, HarImportModel::SavingColumn).data(HarImportModel::SortRole).toLongLong()
        > model.index(me, HarImportModel::SavingColumn).data(HarImportModel::SortRole).toLongLong());

    const int cart = rowOfUrl(model, QStringLiteral("https://site.example/api/cart"));
    QCOMPARE(model.index(cart, HarImportModel::DiagnosisColumn).data().toString(), QStringLiteral("no-store"));
    QCOMPARE(model.index(cart, HarImportModel::ValidatorsColumn).data().toString(), QStringLiteral("none"));
    const int order = rowOfUrl(model, QStringLiteral("https://site.example/api/order"));
    QCOMPARE(
        model.index(order, HarImportModel::DiagnosisColumn).data().toString(), QStringLiteral("nothing to revalidate"));
    QVERIFY(model.describe(order).contains(QStringLiteral("POST responses are not revalidated")));
    const int style = rowOfUrl(model, QStringLiteral("https://site.example/style.css"));
    QVERIFY(model.describe(style).contains(QStringLiteral("already a 304")));
    const int logo = rowOfUrl(model, QStringLiteral("https://site.example/logo.png"));
    QCOMPARE(model.index(logo, HarImportModel::StatusColumn).data().toString(), QStringLiteral("200 (cache)"));
    QVERIFY(model.index(logo, HarImportModel::UrlColumn)
                .data(HarImportModel::FilterRole)
                .toString()
                .contains(QStringLiteral("can be revalidated")));
}

void TestHarImportModel::malformedKeepsWhatWasShown_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addRow("not JSON") << QByteArray("{\"log\": ") << QString();
    QTest::addRow("empty") << QByteArray() << QString();
    QTest::addRow("no log") << QByteArray("{\"entries\": []}") << QStringLiteral("log");
    QTest::addRow("entries not an array")
        << QByteArray("{\"log\": {\"version\": \"1.2\", \"entries\": {}}}") << QStringLiteral("log.entries");
    QTest::addRow("status is text") << QByteArray("{\"log\": {\"version\": \"1.2\", \"entries\": [{\"request\": "
                                                  "{\"method\": \"GET\", \"url\": \"https://a.example/\"}, "
                                                  "\"response\": {\"status\": \"ok\"}}]}}")
                                    << QStringLiteral("log.entries[0].response.status");
    QTest::addRow("a JSON array") << QByteArray("[1, 2]") << QString();
}

void TestHarImportModel::malformedKeepsWhatWasShown()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    HarImportModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QString error;
    QVERIFY(model.load(fixture(QStringLiteral("firefox.har")), &error));
    const QString summary = model.summaryText();
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QVERIFY(!model.load(json, &error));
    QVERIFY(!error.isEmpty());
    if (!path.isEmpty())
        QVERIFY2(error.contains(path), qPrintable(error));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.summaryText(), summary);
}

void TestHarImportModel::results()
{
    HarImportModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QString error;
    QVERIFY(model.load(fixture(QStringLiteral("safari.har")), &error));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setResult(1, QStringLiteral("304 Not Modified"));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.index(1, HarImportModel::ResultColumn).data().toString(), QStringLiteral("304 Not Modified"));
    QVERIFY(model.describe(1).contains(QStringLiteral("Revalidated now: 304 Not Modified")));
    model.setResult(-1, QStringLiteral("x")); // out of range: ignored
    model.setResult(99, QStringLiteral("x"));
    QCOMPARE(changed.size(), 1);
    // A new file starts without results.
    QVERIFY(model.load(fixture(QStringLiteral("safari.har")), &error));
    QVERIFY(model.result(1).isEmpty());
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.summaryText(), QStringLiteral("No entries"));
}

QTEST_GUILESS_MAIN(TestHarImportModel)
#include "tst_harimportmodel.moc"
