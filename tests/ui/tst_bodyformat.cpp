#include "bodyformat.h"
#include "formatting.h"

#include <QTest>

using namespace CacheScope;

class TestBodyFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mimeAndCharset_data();
    void mimeAndCharset();
    void reindentJson_data();
    void reindentJson();
    void presentBody_data();
    void presentBody();
    void largeBodyIsTruncatedUntilShowAll();
    void previewEndsOnACharacter_data();
    void previewEndsOnACharacter();
    void previewStopsInsideAVeryLongLine();
    void binaryPreviewIsLimited();
    void hexDumpLayout();
    void formatBytes_data();
    void formatBytes();
    void formatDuration_data();
    void formatDuration();
    void summaries();
};

void TestBodyFormat::mimeAndCharset_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QString>("mime");
    QTest::addColumn<QByteArray>("charset");

    QTest::addRow("empty") << QByteArray() << "" << QByteArray();
    QTest::addRow("plain") << QByteArray("application/json") << "application/json" << QByteArray();
    QTest::addRow("upper case, charset") << QByteArray("Application/JSON; Charset=UTF-8") << "application/json"
                                         << QByteArray("UTF-8");
    QTest::addRow("quoted charset") << QByteArray("text/html;charset=\"iso-8859-1\"") << "text/html"
                                    << QByteArray("iso-8859-1");
    QTest::addRow("other parameters first")
        << QByteArray("text/plain; format=flowed; charset=utf-8") << "text/plain" << QByteArray("utf-8");
    QTest::addRow("whitespace") << QByteArray("  text/css  ;  charset = utf-8 ") << "text/css" << QByteArray("utf-8");
    QTest::addRow("garbage") << QByteArray(";;;=") << "" << QByteArray();
    QTest::addRow("empty quoted charset") << QByteArray("text/plain; charset=\"\"") << "text/plain" << QByteArray();
}

void TestBodyFormat::mimeAndCharset()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QString, mime);
    QFETCH(QByteArray, charset);
    QCOMPARE(mimeTypeOf(contentType), mime);
    QCOMPARE(charsetOf(contentType), charset);
}

void TestBodyFormat::reindentJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");

    QTest::addRow("object") << QByteArray("{\"a\":1,\"b\":[true,null]}")
                            << "{\n  \"a\": 1,\n  \"b\": [\n    true,\n    null\n  ]\n}";
    QTest::addRow("empty containers stay on one line")
        << QByteArray("{\"a\":{},\"b\":[ ]}") << "{\n  \"a\": {},\n  \"b\": []\n}";
    QTest::addRow("key order kept") << QByteArray("{\"z\":1,\"a\":2}") << "{\n  \"z\": 1,\n  \"a\": 2\n}";
    QTest::addRow("duplicate keys kept") << QByteArray("{\"k\":1,\"k\":2}") << "{\n  \"k\": 1,\n  \"k\": 2\n}";
    QTest::addRow("big integer kept exactly") << QByteArray("[12345678901234567890]") << "[\n  12345678901234567890\n]";
    QTest::addRow("structural characters in strings")
        << QByteArray("{\"s\":\"a,b:{c}[d]\"}") << "{\n  \"s\": \"a,b:{c}[d]\"\n}";
    QTest::addRow("escaped quote in string") << QByteArray("[\"a\\\"b,c\"]") << "[\n  \"a\\\"b,c\"\n]";
    QTest::addRow("escaped backslash before quote") << QByteArray("[\"a\\\\\",1]") << "[\n  \"a\\\\\",\n  1\n]";
    QTest::addRow("already pretty") << QByteArray("{\n    \"a\" :  1\n}") << "{\n  \"a\": 1\n}";
    QTest::addRow("non-ASCII") << QByteArray("{\"city\":\"Z\xc3\xbcrich\"}")
                               << QStringLiteral("{\n  \"city\": \"Zürich\"\n}");
    QTest::addRow("scalar") << QByteArray(" 42 ") << "42";
    QTest::addRow("unbalanced does not crash") << QByteArray("]]}{") << "\n]\n]\n}{\n  ";
}

void TestBodyFormat::reindentJson()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QCOMPARE(CacheScope::reindentJson(json), expected);
}

void TestBodyFormat::presentBody_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("textStart");
    QTest::addColumn<bool>("hasNotice");

    using Kind = BodyPresentation::Kind;
    QTest::addRow("empty") << QByteArray() << QByteArray("application/json") << int(Kind::Empty) << "Empty"
                           << "" << false;
    QTest::addRow("json by type") << QByteArray("{\"a\":1}") << QByteArray("application/json; charset=utf-8")
                                  << int(Kind::Json) << "JSON"
                                  << "{\n  \"a\": 1" << false;
    QTest::addRow("problem+json") << QByteArray("{\"title\":\"x\"}") << QByteArray("application/problem+json")
                                  << int(Kind::Json) << "JSON"
                                  << "{\n  \"title\"" << false;
    QTest::addRow("json sniffed without type") << QByteArray("[1,2]") << QByteArray() << int(Kind::Json) << "JSON"
                                               << "[\n  1," << false;
    QTest::addRow("json sniffed in text/plain")
        << QByteArray("{\"a\":1}") << QByteArray("text/plain") << int(Kind::Json) << "JSON"
        << "{\n  \"a\"" << false;
    QTest::addRow("html not sniffed as json")
        << QByteArray("[not json]") << QByteArray("text/html") << int(Kind::Text) << "HTML"
        << "[not json]" << false;
    QTest::addRow("invalid json says so")
        << QByteArray("{\"a\":") << QByteArray("application/json") << int(Kind::Json) << "JSON"
        << "{\"a\":" << true;
    QTest::addRow("html") << QByteArray("<!doctype html><p>hi") << QByteArray("text/html") << int(Kind::Text) << "HTML"
                          << "<!doctype html>" << false;
    QTest::addRow("latin-1 charset") << QByteArray("caf\xe9") << QByteArray("text/plain; charset=ISO-8859-1")
                                     << int(Kind::Text) << "Text" << QStringLiteral("café") << false;
    QTest::addRow("utf-16 is text") << QByteArray("h\0i\0", 4) << QByteArray("text/plain; charset=utf-16le")
                                    << int(Kind::Text) << "Text"
                                    << "hi" << false;
    QTest::addRow("unsupported charset falls back")
        << QByteArray("abc") << QByteArray("text/plain; charset=koi8-r") << int(Kind::Text) << "Text"
        << "abc" << true;
    QTest::addRow("png by type") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << QByteArray("image/png")
                                 << int(Kind::Binary) << "PNG image"
                                 << "00000000  89 50 4e 47" << true;
    QTest::addRow("binary sniffed despite text type")
        << QByteArray("\x1f\x8b\x08\0\0\0", 6) << QByteArray("text/plain") << int(Kind::Binary) << "gzip data"
        << "00000000  1f 8b 08 00" << true;
    QTest::addRow("invalid utf-8") << QByteArray("\xff\xfe\xfd garbage") << QByteArray() << int(Kind::Binary)
                                   << "Binary"
                                   << "00000000  ff fe fd" << true;
    QTest::addRow("svg is text") << QByteArray("<svg/>") << QByteArray("image/svg+xml") << int(Kind::Text) << "XML"
                                 << "<svg/>" << false;
}

void TestBodyFormat::presentBody()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(int, kind);
    QFETCH(QString, label);
    QFETCH(QString, textStart);
    QFETCH(bool, hasNotice);
    const BodyPresentation p = CacheScope::presentBody(body, contentType, BodyFormatOptions());
    QCOMPARE(int(p.kind), kind);
    QCOMPARE(p.label, label);
    QVERIFY2(textStart.isEmpty() ? p.text.isEmpty() : p.text.startsWith(textStart), qPrintable(p.text.left(80)));
    QCOMPARE(!p.notice.isEmpty(), hasNotice);
    QCOMPARE(p.totalBytes, qint64(body.size()));
    QVERIFY(!p.truncated);
}

void TestBodyFormat::largeBodyIsTruncatedUntilShowAll()
{
    BodyFormatOptions options;
    options.fullLimit = 1000;
    options.previewBytes = 100;
    const QByteArray body = "[" + QByteArray("1,").repeated(1000) + "1]"; // 2003 bytes of valid JSON
    BodyPresentation p = CacheScope::presentBody(body, "application/json", options);
    QVERIFY(p.truncated);
    QCOMPARE(p.shownBytes, qint64(100));
    // The first part of a large JSON body is re-indented (minified JSON would be one huge line), and the
    // notice says it was not checked as JSON.
    QCOMPARE(p.kind, BodyPresentation::Kind::Json);
    QVERIFY(p.pretty);
    QVERIFY2(p.text.startsWith(QStringLiteral("[\n  1,\n  1,\n")), qPrintable(p.text.left(40)));
    QCOMPARE(p.text.count(QLatin1Char('\n')), 50);
    QVERIFY2(p.notice.contains(QStringLiteral("first 100 B of 2.0 KiB, re-indented")), qPrintable(p.notice));
    QVERIFY2(p.notice.contains(QStringLiteral("not checked as JSON")), qPrintable(p.notice));

    // With Pretty off the preview is the bytes as sent.
    options.prettyJson = false;
    p = CacheScope::presentBody(body, "application/json", options);
    QVERIFY(!p.pretty);
    QCOMPARE(p.text, QString::fromLatin1(body.left(100)));
    QVERIFY2(p.notice.contains(QStringLiteral("first 100 B of 2.0 KiB.")), qPrintable(p.notice));
    options.prettyJson = true;

    options.showAll = true;
    p = CacheScope::presentBody(body, "application/json", options);
    QVERIFY(!p.truncated);
    QVERIFY(p.pretty);
    QCOMPARE(p.shownBytes, qint64(body.size()));
    QVERIFY(p.notice.isEmpty());

    // A body exactly at the limit is shown in full.
    options.showAll = false;
    p = CacheScope::presentBody(QByteArray(1000, 'x'), "text/plain", options);
    QVERIFY(!p.truncated);
}

void TestBodyFormat::previewEndsOnACharacter_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<qint64>("shownBytes");
    // Preview of 10 bytes of a body over the 12-byte limit.
    const QByteArray tail = QByteArray(10, 'z');
    QTest::addRow("ascii") << QByteArray("abcdefghij") + tail << QByteArray("text/plain") << qint64(10);
    QTest::addRow("two-byte sequence cut")
        << QByteArray("abcdefghi\xc3\xa9") + tail << QByteArray("text/plain") << qint64(9);
    QTest::addRow("two-byte sequence whole")
        << QByteArray("abcdefgh\xc3\xa9") + tail << QByteArray("text/plain") << qint64(10);
    QTest::addRow("three-byte sequence cut after 2")
        << QByteArray("abcdefgh\xe2\x82\xac") + tail << QByteArray("text/plain; charset=UTF-8") << qint64(8);
    QTest::addRow("four-byte sequence cut after 3")
        << QByteArray("abcdefg\xf0\x9f\x98\x80") + tail << QByteArray("text/plain") << qint64(7);
    QTest::addRow("four-byte sequence whole")
        << QByteArray("abcdef\xf0\x9f\x98\x80") + tail << QByteArray("text/plain") << qint64(10);
    QTest::addRow("lead byte last") << QByteArray("abcdefghi\xe2\x82\xac") + tail << QByteArray("text/plain")
                                    << qint64(9);
    QTest::addRow("latin-1 is never cut")
        << QByteArray("abcdefghi\xc3\xa9") + tail << QByteArray("text/plain; charset=iso-8859-1") << qint64(10);
}

void TestBodyFormat::previewEndsOnACharacter()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(qint64, shownBytes);
    BodyFormatOptions options;
    options.fullLimit = 12;
    options.previewBytes = 10;
    const BodyPresentation p = CacheScope::presentBody(body, contentType, options);
    QVERIFY(p.truncated);
    QCOMPARE(p.shownBytes, shownBytes);
    if (!contentType.contains("iso-8859-1"))
        QVERIFY2(!p.text.contains(QChar::ReplacementCharacter), qPrintable(p.text));
}

void TestBodyFormat::previewStopsInsideAVeryLongLine()
{
    BodyFormatOptions options;
    options.fullLimit = 1000;
    options.previewBytes = 900;
    options.previewLineChars = 100;
    // Short lines, then a line of 700 characters (minified code): the preview ends 100 characters into it.
    const QByteArray body = QByteArray("short\n").repeated(10) + QByteArray(700, 'x') + "\n" + QByteArray(500, 'y');
    BodyPresentation p = CacheScope::presentBody(body, "text/javascript", options);
    QVERIFY(p.truncated);
    QCOMPARE(p.text, QString::fromLatin1(QByteArray("short\n").repeated(10) + QByteArray(100, 'x')));
    QVERIFY2(p.notice.contains(QStringLiteral("lines are very long")), qPrintable(p.notice));

    // Lines within the limit: the whole preview, and no such notice.
    options.previewLineChars = 800;
    p = CacheScope::presentBody(body, "text/javascript", options);
    QCOMPARE(p.text.size(), 900);
    QVERIFY2(!p.notice.contains(QStringLiteral("lines are very long")), qPrintable(p.notice));
}

void TestBodyFormat::binaryPreviewIsLimited()
{
    BodyFormatOptions options;
    options.hexPreviewBytes = 32;
    const QByteArray body(1000, '\0');
    BodyPresentation p = CacheScope::presentBody(body, "application/octet-stream", options);
    QCOMPARE(p.kind, BodyPresentation::Kind::Binary);
    QVERIFY(p.truncated);
    QCOMPARE(p.text.count(QLatin1Char('\n')), 2);
    options.showAll = true;
    p = CacheScope::presentBody(body, "application/octet-stream", options);
    QCOMPARE(p.text.count(QLatin1Char('\n')), 63); // 1000 bytes = 62 full lines + 1 partial
}

void TestBodyFormat::hexDumpLayout()
{
    const QByteArray data = QByteArray("ABCDEFGHIJKLMNOP") + QByteArray("\x00\x7f\xff", 3);
    const QString dump = CacheScope::hexDump(data, 100);
    const QStringList lines = dump.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(
        lines.at(0), QStringLiteral("00000000  41 42 43 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50 |ABCDEFGHIJKLMNOP|"));
    QVERIFY2(lines.at(1).startsWith(QStringLiteral("00000010  00 7f ff ")), qPrintable(lines.at(1)));
    QVERIFY(lines.at(1).endsWith(QStringLiteral("|...|")));
    // Every line has the same width so the ASCII column lines up.
    QCOMPARE(lines.at(0).size(), lines.at(1).size() + 13);
    QCOMPARE(CacheScope::hexDump(data, 0), QString());
    QCOMPARE(CacheScope::hexDump(data, -5), QString());
    QCOMPARE(CacheScope::hexDump(QByteArray(), 100), QString());
}

void TestBodyFormat::formatBytes_data()
{
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<QString>("text");
    QTest::addRow("zero") << qint64(0) << "0 B";
    QTest::addRow("bytes") << qint64(310) << "310 B";
    QTest::addRow("just below KiB") << qint64(1023) << "1023 B";
    QTest::addRow("KiB") << qint64(1024) << "1.0 KiB";
    QTest::addRow("1.2 KiB") << qint64(1229) << "1.2 KiB";
    QTest::addRow("hundreds of KiB") << qint64(512 * 1024) << "512 KiB";
    QTest::addRow("MiB") << qint64(3565158) << "3.4 MiB";
    QTest::addRow("GiB") << qint64(5) * 1024 * 1024 * 1024 << "5.0 GiB";
    QTest::addRow("max") << std::numeric_limits<qint64>::max() << "8.0 EiB";
    QTest::addRow("negative") << qint64(-1) << QStringLiteral("\u2014");
}

void TestBodyFormat::formatBytes()
{
    QFETCH(qint64, bytes);
    QFETCH(QString, text);
    QCOMPARE(Display::bytes(bytes), text);
}

void TestBodyFormat::formatDuration_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::addRow("zero") << qint64(0) << "0 ms";
    QTest::addRow("ms") << qint64(42) << "42 ms";
    QTest::addRow("seconds") << qint64(1250) << "1.25 s";
    QTest::addRow("tens of seconds") << qint64(12345) << "12.3 s";
    QTest::addRow("minutes") << qint64(125000) << "2 min 5 s";
    QTest::addRow("not happened") << qint64(-1) << QStringLiteral("\u2014");
}

void TestBodyFormat::formatDuration()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(Display::milliseconds(ms), text);
}

void TestBodyFormat::summaries()
{
    Exchange exchange;
    exchange.status = 200;
    exchange.timing.totalMs = 42;
    exchange.timing.ttfbMs = 12;
    exchange.bytes.responseHeaders = 310;
    exchange.bytes.responseBodyWire = 912;
    exchange.bytes.responseBodyDecoded = 3482;
    exchange.contentEncoding = "gzip";
    QCOMPARE(Display::timingSummary(exchange.timing), QStringLiteral("Total 42 ms \u00b7 TTFB 12 ms"));
    QCOMPARE(Display::sizeSummary(exchange),
        QStringLiteral("Transferred 1.2 KiB (headers 310 B + body 912 B) \u00b7 Resource 3.4 KiB (gzip)"));
    exchange.timing.ttfbMs = -1;
    QCOMPARE(Display::timingSummary(exchange.timing), QStringLiteral("Total 42 ms"));
    QCOMPARE(Display::timingSummary(ExchangeTiming()), QString());
    QVERIFY(Display::timingDetails(exchange.timing, true).contains(QStringLiteral("Connection reused")));
    exchange.status = 0;
    QCOMPARE(Display::sizeSummary(exchange), QString());
    QVERIFY(!Display::errorTitle(ExchangeError::HostNotFound).isEmpty());
    QVERIFY(Display::errorHint(ExchangeError::ConnectionRefused).contains(QStringLiteral("port")));
    QCOMPARE(Display::errorTitle(ExchangeError::None), QString());
}

QTEST_MAIN(TestBodyFormat)
#include "tst_bodyformat.moc"
