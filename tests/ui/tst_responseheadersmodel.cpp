#include "responseheadersmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace CacheScope;

namespace {

// QStringList from literals (QT_NO_CAST_FROM_ASCII forbids the implicit conversion).
QStringList strings(std::initializer_list<const char *> literals)
{
    QStringList list;
    for (const char *literal : literals)
        list << QString::fromUtf8(literal);
    return list;
}

} // namespace

namespace {

HttpHeaders sampleHeaders()
{
    return HttpHeaders { { "Date", "Tue, 01 Jul 2025 10:00:00 GMT" }, { "Content-Type", "application/json" },
        { "cache-control", "max-age=60, public" }, { "ETag", "\"v1\"" }, { "Set-Cookie", "a=1" },
        { "Set-Cookie", "b=2" }, { "VARY", "Accept-Encoding" }, { "X-Raw", "caf\xe9" } };
}

} // namespace

class TestResponseHeadersModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void modelTester();
    void orderAndDuplicatesKept();
    void cachingHeaders_data();
    void cachingHeaders();
    void markedInViews();
    void filter_data();
    void filter();
};

void TestResponseHeadersModel::modelTester()
{
    ResponseHeadersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ResponseHeadersFilter filter;
    QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setSourceModel(&model);
    model.setHeaders(sampleHeaders());
    filter.setCachingOnly(true);
    filter.setText(QStringLiteral("age"));
    model.setHeaders({});
    filter.setCachingOnly(false);
    model.setHeaders(sampleHeaders());
    // Caching headers mentioning "age": only Cache-Control (max-age).
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, 0).data().toString(), QStringLiteral("cache-control"));
}

void TestResponseHeadersModel::orderAndDuplicatesKept()
{
    ResponseHeadersModel model;
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setHeaders(sampleHeaders());
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 8);
    QCOMPARE(model.columnCount(), 2);
    QCOMPARE(model.data(model.index(4, 0)).toString(), QStringLiteral("Set-Cookie"));
    QCOMPARE(model.data(model.index(4, 1)).toString(), QStringLiteral("a=1"));
    QCOMPARE(model.data(model.index(5, 1)).toString(), QStringLiteral("b=2"));
    // Names are shown as sent, not normalised.
    QCOMPARE(model.data(model.index(2, 0)).toString(), QStringLiteral("cache-control"));
    // Every byte stays visible (Latin-1), nothing becomes a replacement character.
    QCOMPARE(model.data(model.index(7, 1)).toString(), QStringLiteral("café"));
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Name"));
    QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("Value"));
    QVERIFY(!model.headerData(0, Qt::Vertical).isValid());
    QVERIFY(!model.data(model.index(8, 0)).isValid());
}

void TestResponseHeadersModel::cachingHeaders_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("caching");
    for (const char *name : { "Cache-Control", "ETag", "Last-Modified", "Expires", "Age", "Vary", "Date", "Pragma",
             "CDN-Cache-Control", "Cache-Status", "cache-control", "ETAG" })
        QTest::addRow("%s", name) << QByteArray(name) << true;
    for (const char *name :
        { "Content-Type", "Set-Cookie", "Server", "", "Cache-Controlx", "X-Cache-Control", " ETag" })
        QTest::addRow("not: '%s'", name) << QByteArray(name) << false;
}

void TestResponseHeadersModel::cachingHeaders()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, caching);
    QCOMPARE(ResponseHeadersModel::isCachingHeader(name), caching);
    QCOMPARE(ResponseHeadersModel::cachingHint(name).isEmpty(), !caching);
}

void TestResponseHeadersModel::markedInViews()
{
    ResponseHeadersModel model;
    model.setHeaders(sampleHeaders());
    const QModelIndex etag = model.index(3, ResponseHeadersModel::NameColumn);
    QVERIFY(model.data(etag, ResponseHeadersModel::CachingRole).toBool());
    QVERIFY(model.data(etag, Qt::FontRole).value<QFont>().bold());
    const QIcon marker = model.data(etag, Qt::DecorationRole).value<QIcon>();
    QVERIFY(!marker.isNull());
    QCOMPARE(marker.pixmap(16).toImage().pixelColor(8, 8), ResponseHeadersModel::markerColor());
    QVERIFY(model.data(etag, Qt::ToolTipRole).toString().contains(QStringLiteral("If-None-Match")));
    const QModelIndex contentType = model.index(1, ResponseHeadersModel::NameColumn);
    QVERIFY(!model.data(contentType, ResponseHeadersModel::CachingRole).toBool());
    QVERIFY(!model.data(contentType, Qt::DecorationRole).isValid());
    QVERIFY(!model.data(contentType, Qt::FontRole).isValid());
    // Only the name column carries the marker.
    QVERIFY(!model.data(model.index(3, 1), Qt::DecorationRole).isValid());
}

void TestResponseHeadersModel::filter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("cachingOnly");
    QTest::addColumn<QStringList>("names");

    QTest::addRow("everything") << "" << false
                                << strings({ "Date", "Content-Type", "cache-control", "ETag", "Set-Cookie",
                                       "Set-Cookie", "VARY", "X-Raw" });
    QTest::addRow("caching only") << "" << true << strings({ "Date", "cache-control", "ETag", "VARY" });
    QTest::addRow("by name, any case") << "COOKIE" << false << strings({ "Set-Cookie", "Set-Cookie" });
    QTest::addRow("by value") << "json" << false << strings({ "Content-Type" });
    QTest::addRow("both") << "encoding" << true << strings({ "VARY" });
    QTest::addRow("no match") << "zzz" << false << QStringList();
    QTest::addRow("non-ASCII") << QStringLiteral("é") << false << strings({ "X-Raw" });
}

void TestResponseHeadersModel::filter()
{
    QFETCH(QString, text);
    QFETCH(bool, cachingOnly);
    QFETCH(QStringList, names);
    ResponseHeadersModel model;
    model.setHeaders(sampleHeaders());
    ResponseHeadersFilter filter;
    filter.setSourceModel(&model);
    filter.setText(text);
    filter.setCachingOnly(cachingOnly);
    QStringList shown;
    for (int row = 0; row < filter.rowCount(); ++row)
        shown << filter.index(row, 0).data().toString();
    QCOMPARE(shown, names);
}

QTEST_MAIN(TestResponseHeadersModel)
#include "tst_responseheadersmodel.moc"
