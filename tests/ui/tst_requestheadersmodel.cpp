#include "requestheadersmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace CacheScope;

Q_DECLARE_METATYPE(CacheScope::HeaderRow)

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

class TestRequestHeadersModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void modelTester();
    void editing();
    void toggling();
    void validation_data();
    void validation();
    void paste_data();
    void paste();
    void pasteFillsBlankLastRow();
    void headersKeepOrderAndDuplicates();
    void firstErrorSkipsDisabledRows();
    void removeRowsBounds();
    void cachingToolTips_data();
    void cachingToolTips();
};

void TestRequestHeadersModel::modelTester()
{
    RequestHeadersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendRow({ true, QStringLiteral("Accept"), QStringLiteral("*/*") });
    model.pasteLines(QStringLiteral("If-None-Match: \"abc\"\nCache-Control: no-cache\n"));
    model.insertRows(1, 2);
    QVERIFY(model.setData(model.index(1, RequestHeadersModel::NameColumn), QStringLiteral("X-Test")));
    QVERIFY(model.setData(model.index(1, 0), int(Qt::Unchecked), Qt::CheckStateRole));
    model.removeRows(0, 2);
    model.setRows({ { true, QStringLiteral("A"), QStringLiteral("1") } });
    model.removeRows(0, 1);
    QCOMPARE(model.rowCount(), 0);
}

void TestRequestHeadersModel::editing()
{
    RequestHeadersModel model;
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const int row = model.appendRow({});
    QCOMPARE(row, 0);
    QVERIFY(model.setData(model.index(0, RequestHeadersModel::NameColumn), QStringLiteral("  Accept-Language ")));
    QVERIFY(model.setData(model.index(0, RequestHeadersModel::ValueColumn), QStringLiteral(" de, en;q=0.5 ")));
    QCOMPARE(changed.size(), 2);
    // Surrounding spaces are dropped: they are never meant and a name with them cannot be sent.
    QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("Accept-Language"));
    QCOMPARE(model.data(model.index(0, 1)).toString(), QStringLiteral("de, en;q=0.5"));
    // Setting the same value again is not a change.
    QVERIFY(model.setData(model.index(0, 1), QStringLiteral("de, en;q=0.5")));
    QCOMPARE(changed.size(), 2);
    QVERIFY(!model.setData(model.index(0, 1), true, Qt::CheckStateRole));
    QVERIFY(!model.setData(QModelIndex(), QStringLiteral("x")));
    QCOMPARE(model.headers().first("accept-language"), QByteArray("de, en;q=0.5"));
    QVERIFY(model.flags(model.index(0, 0)).testFlag(Qt::ItemIsUserCheckable));
    QVERIFY(!model.flags(model.index(0, 1)).testFlag(Qt::ItemIsUserCheckable));
    QVERIFY(model.flags(model.index(0, 1)).testFlag(Qt::ItemIsEditable));
}

void TestRequestHeadersModel::toggling()
{
    RequestHeadersModel model;
    model.setRows({ { true, QStringLiteral("Accept"), QStringLiteral("text/html") },
        { true, QStringLiteral("If-None-Match"), QStringLiteral("\"v1\"") } });
    QCOMPARE(model.headers().size(), 2);
    QCOMPARE(model.data(model.index(1, 0), Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QVERIFY(model.setData(model.index(1, 0), int(Qt::Unchecked), Qt::CheckStateRole));
    QCOMPARE(model.data(model.index(1, 0), Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QCOMPARE(model.headers().size(), 1);
    QVERIFY(!model.headers().contains("if-none-match"));
    QVERIFY(model.data(model.index(1, 0), Qt::ToolTipRole).toString().contains(QStringLiteral("not sent")));
    QVERIFY(model.data(model.index(1, 0), Qt::FontRole).value<QFont>().italic());
}

void TestRequestHeadersModel::validation_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("error"); // a fragment of the expected message, empty for none

    QTest::addRow("valid") << "Cache-Control"
                           << "no-cache"
                           << "";
    QTest::addRow("blank row is ignored") << ""
                                          << ""
                                          << "";
    QTest::addRow("empty value is fine") << "X-Empty"
                                         << ""
                                         << "";
    QTest::addRow("value without name") << ""
                                        << "orphan"
                                        << "name is empty";
    QTest::addRow("space in name") << "Cache Control"
                                   << "x"
                                   << "invalid header name 'Cache Control'";
    QTest::addRow("colon in name") << "Host:"
                                   << "x"
                                   << "invalid header name";
    QTest::addRow("non-ASCII name") << QStringLiteral("Ünicode") << "x"
                                    << "invalid header name";
    QTest::addRow("LF in value") << "X-Inject"
                                 << "a\nSet-Cookie: evil=1"
                                 << "CR, LF or NUL";
    QTest::addRow("CR in value") << "X-Inject"
                                 << "a\rb"
                                 << "CR, LF or NUL";
    QTest::addRow("NUL in value") << "X-Nul" << QStringLiteral("a") + QChar(0) + QStringLiteral("b") << "CR, LF or NUL";
    QTest::addRow("non-ASCII value is sent as UTF-8") << "X-Name" << QStringLiteral("Müller") << "";
    QTest::addRow("huge value") << "X-Big" << QString(100000, QLatin1Char('a')) << "";
}

void TestRequestHeadersModel::validation()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(QString, error);
    RequestHeadersModel model;
    model.appendRow({ true, name, value });
    const QString rowError = model.rowError(0);
    if (error.isEmpty()) {
        QVERIFY2(rowError.isEmpty(), qPrintable(rowError));
        QVERIFY(model.firstError().isEmpty());
        QVERIFY(!model.data(model.index(0, 0), Qt::ForegroundRole).isValid());
        return;
    }
    QVERIFY2(rowError.contains(error), qPrintable(rowError));
    QCOMPARE(model.data(model.index(0, 1), RequestHeadersModel::ErrorRole).toString(), rowError);
    QCOMPARE(model.data(model.index(0, 0), Qt::ToolTipRole).toString(), rowError);
    QVERIFY(model.data(model.index(0, 0), Qt::ForegroundRole).value<QColor>().isValid());
    QCOMPARE(model.firstError(), QStringLiteral("Header row 1: ") + rowError);
}

void TestRequestHeadersModel::paste_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected"); // "Name=value" per added row
    QTest::addColumn<int>("skipped");

    QTest::addRow("empty") << "" << QStringList() << 0;
    QTest::addRow("whitespace only") << " \n\t\n  " << QStringList() << 0;
    QTest::addRow("one line") << "Accept: text/html" << strings({ "Accept=text/html" }) << 0;
    QTest::addRow("CRLF lines") << "A: 1\r\nB: 2\r\n" << strings({ "A=1", "B=2" }) << 0;
    QTest::addRow("no space after colon") << "A:1" << strings({ "A=1" }) << 0;
    QTest::addRow("colon in value") << "Referer: https://x.test:8443/a" << strings({ "Referer=https://x.test:8443/a" })
                                    << 0;
    QTest::addRow("duplicates kept") << "Via: a\nVia: b" << strings({ "Via=a", "Via=b" }) << 0;
    QTest::addRow("folded continuation") << "X-Long: part one\n   part two" << strings({ "X-Long=part one part two" })
                                         << 0;
    QTest::addRow("HTTP/2 pseudo-headers skipped")
        << ":authority: example.com\n:method: GET\naccept: */*" << strings({ "accept=*/*" }) << 2;
    QTest::addRow("request line skipped")
        << "GET /index.html HTTP/1.1\nHost: example.com" << strings({ "Host=example.com" }) << 1;
    QTest::addRow("status line skipped") << "HTTP/1.1 200 OK\nETag: \"x\"" << strings({ "ETag=\"x\"" }) << 1;
    QTest::addRow("garbage without colon") << "hello world\nA: 1" << strings({ "A=1" }) << 1;
    QTest::addRow("leading colon only") << ": value" << QStringList() << 1;
    QTest::addRow("empty value") << "X-Empty:" << strings({ "X-Empty=" }) << 0;
    QTest::addRow("invalid name is kept to be shown") << "Bad Name: v" << strings({ "Bad Name=v" }) << 0;
    QTest::addRow("non-ASCII value") << QStringLiteral("X-City: Zürich")
                                     << QStringList { QStringLiteral("X-City=Zürich") } << 0;
}

void TestRequestHeadersModel::paste()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QFETCH(int, skipped);
    RequestHeadersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto result = model.pasteLines(text);
    QCOMPARE(result.added, int(expected.size()));
    QCOMPARE(int(result.skipped.size()), skipped);
    QStringList rows;
    for (const HeaderRow &row : model.rows())
        rows << row.name + QLatin1Char('=') + row.value;
    QCOMPARE(rows, expected);
}

void TestRequestHeadersModel::pasteFillsBlankLastRow()
{
    RequestHeadersModel model;
    model.appendRow({ true, QStringLiteral("A"), QStringLiteral("1") });
    model.appendRow({});
    model.pasteLines(QStringLiteral("B: 2"));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rows().at(1).name, QStringLiteral("B"));
    // Nothing pasted: the blank row stays where the user was typing.
    model.appendRow({});
    model.pasteLines(QStringLiteral("no colon here"));
    QCOMPARE(model.rowCount(), 3);
}

void TestRequestHeadersModel::headersKeepOrderAndDuplicates()
{
    RequestHeadersModel model;
    model.setRows({ { true, QStringLiteral("B"), QStringLiteral("2") },
        { true, QStringLiteral("A"), QStringLiteral("1") }, { false, QStringLiteral("C"), QStringLiteral("off") },
        { true, QString(), QString() }, { true, QStringLiteral("b"), QStringLiteral("3") } });
    const HttpHeaders headers = model.headers();
    QCOMPARE(headers.size(), 3);
    QCOMPARE(headers.fields().at(0), (HeaderField { "B", "2" }));
    QCOMPARE(headers.fields().at(1), (HeaderField { "A", "1" }));
    QCOMPARE(headers.fields().at(2), (HeaderField { "b", "3" }));
    QCOMPARE(headers.values("B"), (QList<QByteArray> { "2", "3" }));
}

void TestRequestHeadersModel::firstErrorSkipsDisabledRows()
{
    RequestHeadersModel model;
    model.setRows({ { false, QStringLiteral("Bad Name"), QStringLiteral("x") },
        { true, QStringLiteral("Good"), QStringLiteral("x") }, { true, QStringLiteral("X"), QStringLiteral("a\nb") } });
    // A disabled row is not sent, so it does not block sending, but it is still marked.
    QVERIFY(!model.rowError(0).isEmpty());
    QVERIFY2(model.firstError().startsWith(QStringLiteral("Header row 3: ")), qPrintable(model.firstError()));
    QVERIFY(model.setData(model.index(2, 0), int(Qt::Unchecked), Qt::CheckStateRole));
    QCOMPARE(model.firstError(), QString());
}

void TestRequestHeadersModel::removeRowsBounds()
{
    RequestHeadersModel model;
    model.appendRow({ true, QStringLiteral("A"), QStringLiteral("1") });
    QVERIFY(!model.removeRows(-1, 1));
    QVERIFY(!model.removeRows(0, 2));
    QVERIFY(!model.removeRows(0, 0));
    QVERIFY(!model.insertRows(5, 1));
    QVERIFY(!model.insertRows(0, -1));
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(model.removeRows(0, 1));
    QCOMPARE(model.rowCount(), 0);
}

void TestRequestHeadersModel::cachingToolTips_data()
{
    QTest::addColumn<QList<HeaderRow>>("rows");
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("contains");
    const HeaderRow inm { true, QStringLiteral("If-None-Match"), QStringLiteral("\"v1\"") };
    QTest::addRow("If-None-Match") << QList<HeaderRow> { inm } << 0
                                   << QStringLiteral("revalidates against &quot;v1&quot;");
    QTest::addRow("If-Modified-Since next to If-None-Match") << QList<HeaderRow> {
        inm, { true, QStringLiteral("If-Modified-Since"), QStringLiteral("Tue, 01 Jul 2025 10:00:00 GMT") }
    } << 1 << QStringLiteral("If-None-Match is present and takes precedence");
    QTest::addRow("disabled If-None-Match does not count")
        << QList<HeaderRow> { { false, inm.name, inm.value },
               { true, QStringLiteral("If-Modified-Since"), QStringLiteral("Tue, 01 Jul 2025 10:00:00 GMT") } }
        << 1 << QStringLiteral("has not changed since 2025-07-01 10:00:00 UTC</li></ul>");
    QTest::addRow("request Cache-Control")
        << QList<HeaderRow> { { true, QStringLiteral("cache-control"), QStringLiteral("max-age=0") } } << 0
        << QStringLiteral("what a reload sends");
    QTest::addRow("Pragma under Cache-Control")
        << QList<HeaderRow> { { true, QStringLiteral("Pragma"), QStringLiteral("no-cache") },
               { true, QStringLiteral("Cache-Control"), QStringLiteral("no-cache") } }
        << 0 << QStringLiteral("ignored: the request has Cache-Control");
    QTest::addRow("disabled row says so") << QList<HeaderRow> { { false, inm.name, inm.value } } << 0
                                          << QStringLiteral("Disabled: this header is not sent");
    QTest::addRow("invalid row gives its error")
        << QList<HeaderRow> { { true, QStringLiteral("If None Match"), QStringLiteral("x") } } << 0
        << QStringLiteral("name");
    QTest::addRow("other header: no tooltip")
        << QList<HeaderRow> { { true, QStringLiteral("Accept"), QStringLiteral("*/*") } } << 0 << QString();
}

void TestRequestHeadersModel::cachingToolTips()
{
    QFETCH(QList<HeaderRow>, rows);
    QFETCH(int, row);
    QFETCH(QString, contains);
    RequestHeadersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows(rows);
    for (int column : { 0, 1 }) {
        const QString tip = model.index(row, column).data(Qt::ToolTipRole).toString();
        if (contains.isEmpty())
            QVERIFY2(tip.isEmpty(), qPrintable(tip));
        else
            QVERIFY2(tip.contains(contains), qPrintable(tip));
    }
}

QTEST_MAIN(TestRequestHeadersModel)
#include "tst_requestheadersmodel.moc"
