#include "responseheadersmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

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
    void explanations_data();
    void explanations();
    void explanationsFollowStatusAndTime();
    void highlightReadsOnBothPalettes();
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

void TestResponseHeadersModel::explanations_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<QStringList>("lines");
    // sampleHeaders(), received 2 s after its Date, status 200.
    QTest::addRow("Date") << 0
                          << strings({ "when the origin generated the response; Expires, Last-Modified and the age are "
                                       "counted from it" });
    QTest::addRow("Content-Type: none") << 1 << QStringList();
    QTest::addRow("Cache-Control") << 2
                                   << strings({ "max-age=60: fresh for 1 min after it was generated",
                                          "public: any cache may store it, even for a request with Authorization and "
                                          "even when the status is not cacheable by default" });
    QTest::addRow("ETag") << 3
                          << strings(
                                 { "\"v1\" is a strong validator: the same tag means byte-for-byte the same content",
                                     "works for If-None-Match (304s), If-Match (safe updates) and If-Range (resuming a "
                                     "download)" });
    QTest::addRow("Set-Cookie: none") << 4 << QStringList();
    QTest::addRow("Vary") << 6
                          << strings({ "the store keys on accept-encoding: a stored copy is reused only for requests "
                                       "that send the same values" });
    QTest::addRow("obs-text value: none") << 7 << QStringList();
}

void TestResponseHeadersModel::explanations()
{
    QFETCH(int, row);
    QFETCH(QStringList, lines);
    ResponseHeadersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setResponse(sampleHeaders(), 200, QDateTime(QDate(2025, 7, 1), QTime(10, 0, 2), QTimeZone::utc()));
    for (int column : { 0, 1 }) {
        const QModelIndex index = model.index(row, column);
        QCOMPARE(index.data(ResponseHeadersModel::ExplanationRole).toStringList(), lines);
        const QString tip = index.data(Qt::ToolTipRole).toString();
        if (lines.isEmpty()) {
            // Other headers: the value column shows the value in full, the name column nothing.
            QCOMPARE(tip, column == 1 ? model.index(row, 1).data().toString() : QString());
            QVERIFY(!index.data(Qt::BackgroundRole).isValid());
            continue;
        }
        // Both columns explain a caching header: hovering the value is where people look.
        QVERIFY2(tip.startsWith(QStringLiteral("<p><b>")), qPrintable(tip));
        for (const QString &line : lines)
            QVERIFY2(tip.contains(line.toHtmlEscaped()), qPrintable(tip));
        QVERIFY(tip.contains(QStringLiteral("F1")));
        QCOMPARE(index.data(Qt::BackgroundRole).value<QColor>(), ResponseHeadersModel::highlightColor());
    }
}

void TestResponseHeadersModel::explanationsFollowStatusAndTime()
{
    const HttpHeaders headers { { "Date", "Tue, 01 Jul 2025 10:00:00 GMT" },
        { "Last-Modified", "Sat, 28 Jun 2025 10:00:00 GMT" } };
    ResponseHeadersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setResponse(headers, 200, {});
    const auto lastModified
        = [&] { return model.index(1, 1).data(ResponseHeadersModel::ExplanationRole).toStringList(); };
    QVERIFY(lastModified().contains(QStringLiteral(
        "no explicit freshness: browsers treat it as fresh for 10% of that, 7 h 12 min (heuristic freshness)")));
    // A 302 allows no heuristic freshness.
    model.setResponse(headers, 302, {});
    QVERIFY(lastModified().contains(
        QStringLiteral("no explicit freshness, and status 302 allows no heuristic: it is stale at once")));
    // Received an hour after its Date: the Date row says so.
    model.setResponse(headers, 200, QDateTime(QDate(2025, 7, 1), QTime(11, 0), QTimeZone::utc()));
    QCOMPARE(model.index(0, 1).data(ResponseHeadersModel::ExplanationRole).toStringList().value(1),
        QStringLiteral("1 h before it arrived: it waited in a cache, or the clocks disagree"));
    // setHeaders() alone: no status, no time, still explained.
    model.setHeaders(headers);
    QCOMPARE(lastModified().value(0), QStringLiteral("3 days before Date"));
}

void TestResponseHeadersModel::highlightReadsOnBothPalettes()
{
    // The tint is translucent: over white and over a dark base it must stay close to the base, so the
    // text (black on light, white on dark) keeps its contrast, yet differ enough to be seen.
    const QColor tint = ResponseHeadersModel::highlightColor();
    QVERIFY(tint.alpha() > 20 && tint.alpha() < 80);
    const auto over = [&](const QColor &base) {
        const qreal a = tint.alphaF();
        return QColor::fromRgbF(tint.redF() * a + base.redF() * (1 - a), tint.greenF() * a + base.greenF() * (1 - a),
            tint.blueF() * a + base.blueF() * (1 - a));
    };
    const QColor onLight = over(Qt::white);
    const QColor onDark = over(QColor(0x1e, 0x1e, 0x1e));
    QVERIFY(onLight.lightnessF() > 0.85);
    QVERIFY(onDark.lightnessF() < 0.25);
    QVERIFY(onLight != QColor(Qt::white));
    QVERIFY(onDark != QColor(0x1e, 0x1e, 0x1e));
}

QTEST_MAIN(TestResponseHeadersModel)
#include "tst_responseheadersmodel.moc"
