#include "cache/validatorstore.h"
#include "cacheentriesmodel.h"

#include <QTimeZone>
#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope;

namespace {

const QDateTime kNow(QDate(2026, 11, 26), QTime(12, 0), QTimeZone::utc());

QByteArray httpDate(const QDateTime &time)
{
    return QLocale::c().toString(time.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1();
}

CacheEntry makeEntry(const QString &path, const HttpHeaders &headers, qint64 ageSeconds, qint64 bodySize = 100)
{
    CacheEntry entry;
    entry.url = QUrl(QStringLiteral("http://127.0.0.1:8080") + path);
    entry.status = 200;
    entry.responseHeaders = headers;
    entry.body = QByteArray(bodySize, 'x');
    entry.headerWireSize = 150;
    entry.bodyWireSize = bodySize;
    entry.responseTime = kNow.addSecs(-ageSeconds);
    entry.requestTime = entry.responseTime;
    entry.storedAt = entry.responseTime;
    return entry;
}

CacheEntrySummary summaryOf(const CacheEntry &entry)
{
    CacheEntrySummary summary;
    summary.id = 1;
    summary.method = entry.method;
    summary.url = entry.url;
    summary.status = entry.status;
    summary.headers = entry.responseHeaders;
    summary.bodySize = entry.body.size();
    summary.requestTime = entry.requestTime;
    summary.responseTime = entry.responseTime;
    summary.storedAt = entry.storedAt;
    return summary;
}

} // namespace

class TestCacheEntriesModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void modelTester();
    void freshness_data();
    void freshness();
    void columns();
    void sorting_data();
    void sorting();
    void filter_data();
    void filter();
    void clockMovesOn();

private:
    QList<CacheEntrySummary> storedSummaries();
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCacheEntriesModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
}

// Three entries through a real store: what list() returns is what the page shows.
QList<CacheEntrySummary> TestCacheEntriesModel::storedSummaries()
{
    ValidatorStore store;
    if (!store.open(m_dir->filePath(QStringLiteral("store.sqlite"))))
        return {};
    CacheEntry a = makeEntry(QStringLiteral("/app.js"),
        { { "Cache-Control", "max-age=300" }, { "ETag", "\"abc\"" },
            { "Last-Modified", "Tue, 01 Jul 2025 10:00:00 GMT" } },
        0, 9000);
    CacheEntry b = makeEntry(
        QStringLiteral("/style.css"), { { "Cache-Control", "max-age=60" }, { "ETag", "W/\"w1\"" } }, 7260, 900);
    CacheEntry c = makeEntry(QStringLiteral("/data.json"),
        { { "Cache-Control", "no-cache" }, { "Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT" } }, 10, 50);
    c.lastValidated = kNow.addSecs(-5);
    for (const CacheEntry &entry : { a, b, c }) {
        if (store.put(entry) == 0)
            return {};
    }
    return store.list();
}

void TestCacheEntriesModel::modelTester()
{
    CacheEntriesModel model;
    model.setClock([] { return kNow; });
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    CacheEntriesFilter filter;
    QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setSourceModel(&model);
    const QList<CacheEntrySummary> entries = storedSummaries();
    QCOMPARE(entries.size(), 3);
    model.setEntries(entries);
    filter.setText(QStringLiteral("css"));
    filter.sort(CacheEntriesModel::SizeColumn);
    model.updateFreshness();
    model.setEntries({});
    filter.setText({});
    model.setEntries(entries);
    QCOMPARE(filter.rowCount(), 3);
}

void TestCacheEntriesModel::freshness_data()
{
    QTest::addColumn<CacheEntry>("entry");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("reusable");

    QTest::addRow("fresh for 5 min") << makeEntry({}, { { "Cache-Control", "max-age=300" } }, 0)
                                     << QStringLiteral("fresh for 5 min") << true;
    QTest::addRow("stale by 2 h") << makeEntry({}, { { "Cache-Control", "max-age=60" } }, 7260)
                                  << QStringLiteral("stale by 2 h") << false;
    QTest::addRow("no-cache: fresh but always revalidated")
        << makeEntry({}, { { "Cache-Control", "max-age=600, no-cache" } }, 0)
        << QStringLiteral("fresh for 10 min \u00b7 no-cache") << false;
    QTest::addRow("stale with must-revalidate")
        << makeEntry({}, { { "Cache-Control", "max-age=10, must-revalidate" } }, 70)
        << QStringLiteral("stale by 1 min \u00b7 must-revalidate") << false;
    QTest::addRow("Expires from the Date")
        << makeEntry({}, { { "Date", httpDate(kNow.addSecs(-30)) }, { "Expires", httpDate(kNow.addSecs(3570)) } }, 30)
        << QStringLiteral("fresh for 59 min 30 s") << true;
    QTest::addRow("invalid max-age is stale")
        << makeEntry({}, { { "Cache-Control", "max-age=soon" } }, 5) << QStringLiteral("stale by 5 s") << false;
    QTest::addRow("nothing: no lifetime") << makeEntry({}, {}, 0) << QStringLiteral("stale by 0 s") << false;
    CacheEntry noTimes = makeEntry({}, { { "Cache-Control", "max-age=60" } }, 0);
    noTimes.responseTime = {};
    noTimes.requestTime = {};
    noTimes.storedAt = {};
    QTest::addRow("no times at all") << noTimes << QStringLiteral("unknown") << false;
}

void TestCacheEntriesModel::freshness()
{
    QFETCH(CacheEntry, entry);
    QFETCH(QString, expected);
    QFETCH(bool, reusable);
    CacheEntriesModel model;
    model.setClock([] { return kNow; });
    model.setEntries({ summaryOf(entry) });
    const QModelIndex index = model.index(0, CacheEntriesModel::FreshnessColumn);
    QCOMPARE(index.data().toString(), expected);
    QCOMPARE(index.data(CacheEntriesModel::FreshRole).toBool(), reusable);
    QVERIFY(!index.data(Qt::ToolTipRole).toString().isEmpty());
}

void TestCacheEntriesModel::columns()
{
    CacheEntriesModel model;
    model.setClock([] { return kNow; });
    model.setEntries(storedSummaries());
    int row = -1;
    for (int r = 0; r < model.rowCount(); ++r) {
        if (model.index(r, 0).data().toString().endsWith(QLatin1String("/app.js")))
            row = r;
    }
    QVERIFY(row >= 0);
    const auto cell = [&](int column) { return model.index(row, column).data().toString(); };
    QCOMPARE(cell(CacheEntriesModel::UrlColumn), QStringLiteral("http://127.0.0.1:8080/app.js"));
    QCOMPARE(cell(CacheEntriesModel::StatusColumn), QStringLiteral("200"));
    QCOMPARE(cell(CacheEntriesModel::EtagColumn), QStringLiteral("\"abc\""));
    QCOMPARE(cell(CacheEntriesModel::LastModifiedColumn), QStringLiteral("Tue, 01 Jul 2025 10:00:00 GMT"));
    QCOMPARE(cell(CacheEntriesModel::FreshnessColumn), QStringLiteral("fresh for 5 min"));
    QCOMPARE(cell(CacheEntriesModel::SizeColumn), QStringLiteral("8.8 KiB"));
    QCOMPARE(cell(CacheEntriesModel::LastValidatedColumn), QStringLiteral("never"));
    QCOMPARE(model.index(row, 0).data(CacheEntriesModel::UrlRole).toUrl(),
        QUrl(QStringLiteral("http://127.0.0.1:8080/app.js")));
    QVERIFY(!model.headerData(CacheEntriesModel::ColumnCount, Qt::Horizontal).isValid());
    QVERIFY(!model.data(model.index(99, 0)).isValid());
    QCOMPARE(model.entry(-1).id, 0);
}

void TestCacheEntriesModel::sorting_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QStringList>("ascending"); // the paths, in order
    QTest::addRow("size numerically (900 B before 8.8 KiB)")
        << int(CacheEntriesModel::SizeColumn)
        << QStringList { QStringLiteral("/data.json"), QStringLiteral("/style.css"), QStringLiteral("/app.js") };
    // data.json has no max-age: its Last-Modified gives a heuristic lifetime (capped at a week).
    QTest::addRow("freshness: most stale first")
        << int(CacheEntriesModel::FreshnessColumn)
        << QStringList { QStringLiteral("/style.css"), QStringLiteral("/app.js"), QStringLiteral("/data.json") };
    QTest::addRow("Last-Modified by date, missing first")
        << int(CacheEntriesModel::LastModifiedColumn)
        << QStringList { QStringLiteral("/style.css"), QStringLiteral("/data.json"), QStringLiteral("/app.js") };
    QTest::addRow("last validated, never first")
        << int(CacheEntriesModel::LastValidatedColumn)
        << QStringList { QStringLiteral("/app.js"), QStringLiteral("/style.css"), QStringLiteral("/data.json") };
}

void TestCacheEntriesModel::sorting()
{
    QFETCH(int, column);
    QFETCH(QStringList, ascending);
    CacheEntriesModel model;
    model.setClock([] { return kNow; });
    model.setEntries(storedSummaries());
    CacheEntriesFilter filter;
    filter.setSourceModel(&model);
    filter.sort(column, Qt::AscendingOrder);
    if (column == CacheEntriesModel::LastValidatedColumn) // two "never": only the last is certain
        QVERIFY(filter.index(2, 0).data().toString().endsWith(ascending.at(2)));
    else
        for (int row = 0; row < ascending.size(); ++row)
            QVERIFY2(filter.index(row, 0).data().toString().endsWith(ascending.at(row)),
                qPrintable(filter.index(row, 0).data().toString()));
}

void TestCacheEntriesModel::filter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("rows");
    QTest::addRow("empty shows all") << QString() << 3;
    QTest::addRow("blank shows all") << QStringLiteral("   ") << 3;
    QTest::addRow("URL part, any case") << QStringLiteral("APP.JS") << 1;
    QTest::addRow("weak ETag") << QStringLiteral("W/") << 1;
    QTest::addRow("freshness word") << QStringLiteral("stale") << 1;
    QTest::addRow("status") << QStringLiteral("200") << 3;
    QTest::addRow("nothing matches") << QStringLiteral("no such thing") << 0;
    QTest::addRow("regex characters are literal") << QStringLiteral(".*[") << 0;
}

void TestCacheEntriesModel::filter()
{
    QFETCH(QString, text);
    QFETCH(int, rows);
    CacheEntriesModel model;
    model.setClock([] { return kNow; });
    model.setEntries(storedSummaries());
    CacheEntriesFilter filter;
    filter.setSourceModel(&model);
    filter.setText(text);
    QCOMPARE(filter.rowCount(), rows);
}

void TestCacheEntriesModel::clockMovesOn()
{
    QDateTime now = kNow;
    CacheEntriesModel model;
    model.setClock([&now] { return now; });
    model.setEntries({ summaryOf(makeEntry({}, { { "Cache-Control", "max-age=300" } }, 0)) });
    const QModelIndex index = model.index(0, CacheEntriesModel::FreshnessColumn);
    QCOMPARE(index.data().toString(), QStringLiteral("fresh for 5 min"));
    now = now.addSecs(400);
    model.updateFreshness();
    QCOMPARE(index.data().toString(), QStringLiteral("stale by 1 min 40 s"));
}

QTEST_MAIN(TestCacheEntriesModel)
#include "tst_cacheentriesmodel.moc"
