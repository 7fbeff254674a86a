#include "util/jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace CacheScope;

// appendJsonString() must write what QJsonDocument writes: the timeline's stored notes and the lines
// `watch --json` prints were QJsonDocument's bytes before, and readers compare them.
class TestJsonText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameAsQJsonDocument_data();
    void sameAsQJsonDocument();
    void latin1_data();
    void latin1();
    void appendsToWhatIsThere();
    void isoTime_data();
    void isoTime();
};

namespace {

QByteArray viaDocument(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray { text }).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

QString allControls()
{
    QString text;
    for (char16_t c = 0; c < 0x20; ++c)
        text += QChar(c);
    return text;
}

} // namespace

void TestJsonText::sameAsQJsonDocument_data()
{
    QTest::addColumn<QString>("text");
    QTest::addRow("empty") << QString();
    QTest::addRow("empty, not null") << QStringLiteral("");
    QTest::addRow("plain") << QStringLiteral("304 because the ETag matched");
    QTest::addRow("quotes") << QStringLiteral("the ETag \"abc-123\" sent in If-None-Match");
    QTest::addRow("only a quote") << QStringLiteral("\"");
    QTest::addRow("backslashes") << QStringLiteral("C:\\dir\\\\x\\");
    QTest::addRow("every control byte") << allControls();
    QTest::addRow("named escapes") << QStringLiteral("a\bb\fc\nd\re\tf");
    QTest::addRow("NUL inside") << QString(QStringLiteral("a%1b")).arg(QChar(0));
    QTest::addRow("DEL is not escaped") << QString(QStringLiteral("x%1y")).arg(QChar(0x7f));
    QTest::addRow("slash is not escaped") << QStringLiteral("http://a.test/x?y=</script>");
    QTest::addRow("latin-1 and BMP") << QStringLiteral("RFC 9111 §4.3.4 − café ∞ 日本");
    QTest::addRow("U+0080 and U+07FF") << QString(QStringLiteral("%1%2")).arg(QChar(0x80)).arg(QChar(0x7ff));
    QTest::addRow("U+FFFF") << QString(QChar(0xffff));
    QTest::addRow("surrogate pair") << QString::fromUtf8("emoji \xf0\x9f\x98\x80 end");
    QTest::addRow("lone high surrogate") << QString(QStringLiteral("a%1b")).arg(QChar(0xd800));
    QTest::addRow("lone low surrogate at the end") << QString(QStringLiteral("a%1")).arg(QChar(0xdfff));
    QTest::addRow("reversed pair") << QString(QStringLiteral("%1%2\"")).arg(QChar(0xdc00)).arg(QChar(0xd800));
    QTest::addRow("escape after multi-byte") << QString(QStringLiteral("é\"%1\n€")).arg(QChar(0x1f));
    QTest::addRow("long") << QStringLiteral("ab\"c").repeated(500);
}

void TestJsonText::sameAsQJsonDocument()
{
    QFETCH(QString, text);
    QByteArray out;
    appendJsonString(out, text);
    QCOMPARE(out, viaDocument(text));
}

void TestJsonText::latin1_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addRow("empty") << QByteArray();
    QTest::addRow("etag") << QByteArray("\"6b07da21-c800\"");
    QTest::addRow("weak etag") << QByteArray("W/\"x\"");
    QTest::addRow("date") << QByteArray("Thu, 26 Nov 2026 07:05:05 GMT");
    QTest::addRow("backslash") << QByteArray("a\\b");
    QTest::addRow("controls") << QByteArray("\x01\x02 binary\0\x1f\x7f", 12);
    QTest::addRow("high bytes") << QByteArray("caf\xe9 \x80\xff\xa0");
    QTest::addRow("UTF-8 read as Latin-1") << QByteArray("caf\xc3\xa9");
    QByteArray every;
    for (int c = 0; c < 256; ++c)
        every += char(c);
    QTest::addRow("every byte") << every;
}

void TestJsonText::latin1()
{
    QFETCH(QByteArray, bytes);
    QByteArray out;
    appendJsonLatin1String(out, bytes);
    QCOMPARE(out, viaDocument(QString::fromLatin1(bytes)));
}

void TestJsonText::appendsToWhatIsThere()
{
    QByteArray out("{\"a\":");
    appendJsonString(out, QStringLiteral("x\"y"));
    out += ",\"b\":";
    appendJsonLatin1String(out, "z");
    out += ",\"c\":";
    appendJsonString(out, QString(QChar(0xd800)));
    QCOMPARE(out, QByteArray("{\"a\":\"x\\\"y\",\"b\":\"z\",\"c\":") + viaDocument(QString(QChar(0xd800))));
}

void TestJsonText::isoTime_data()
{
    QTest::addColumn<QDateTime>("time");
    const auto utc = [](int y, int mo, int d, int h, int mi, int s, int ms) {
        return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), QTimeZone::utc());
    };
    QTest::addRow("now") << QDateTime::currentDateTimeUtc();
    QTest::addRow("epoch") << QDateTime::fromMSecsSinceEpoch(0, QTimeZone::utc());
    QTest::addRow("whole second") << utc(2026, 11, 26, 17, 13, 23, 0);
    QTest::addRow("last millisecond of 9999") << utc(9999, 12, 31, 23, 59, 59, 999);
    QTest::addRow("year 1") << utc(1, 1, 1, 0, 0, 0, 1);
    QTest::addRow("year 999") << utc(999, 2, 3, 4, 5, 6, 7);
    QTest::addRow("an offset, written in UTC")
        << QDateTime(QDate(2026, 3, 1), QTime(1, 2, 3, 45), QTimeZone(5 * 3600 + 1800));
    QTest::addRow("local time") << QDateTime(QDate(2026, 7, 1), QTime(12, 0, 0, 500));
    QTest::addRow("year 10000: Qt's own") << utc(10000, 1, 1, 0, 0, 0, 0);
    QTest::addRow("year -1: Qt's own") << utc(-1, 6, 1, 0, 0, 0, 0);
}

void TestJsonText::isoTime()
{
    QFETCH(QDateTime, time);
    QByteArray out("x");
    appendJsonIsoTime(out, time);
    QCOMPARE(out, "x" + viaDocument(time.toUTC().toString(Qt::ISODateWithMs)));
}

QTEST_GUILESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"
