#include "http/headerfields.h"

#include <QTest>
#include <QTimeZone>

using namespace CacheScope;

namespace {

QDateTime utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), QTimeZone::UTC);
#else
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC);
#endif
}

const QDateTime kReference = utc(2026, 6, 1, 12);

} // namespace

class TestHeaderFields : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void split_data();
    void split();
    void unquote_data();
    void unquote();
    void deltaSeconds_data();
    void deltaSeconds();
    void expires_data();
    void expires();
    void dateAndLastModified();
    void age_data();
    void age();
    void pragma_data();
    void pragma();
    void vary_data();
    void vary();
};

void TestHeaderFields::split_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QList<QByteArray>>("elements");
    QTest::addColumn<bool>("problem");

    using L = QList<QByteArray>;
    QTest::addRow("empty") << QByteArray() << L {} << false;
    QTest::addRow("whitespace") << QByteArray(" \t ") << L {} << false;
    QTest::addRow("one") << QByteArray("a") << L { "a" } << false;
    QTest::addRow("RFC 9110 §5.6.1.2 foo,bar") << QByteArray("foo,bar") << L { "foo", "bar" } << false;
    QTest::addRow("RFC 9110 §5.6.1.2 foo ,bar,") << QByteArray("foo ,bar,") << L { "foo", "bar" } << false;
    QTest::addRow("RFC 9110 §5.6.1.2 foo , ,bar,charlie")
        << QByteArray("foo , ,bar,charlie") << L { "foo", "bar", "charlie" } << false;
    QTest::addRow("only commas") << QByteArray(",  ,,") << L {} << false;
    QTest::addRow("comma in quotes") << QByteArray("a=\"x, y\", b") << L { "a=\"x, y\"", "b" } << false;
    QTest::addRow("escaped quote in quotes") << QByteArray("a=\"x\\\", y\", b") << L { "a=\"x\\\", y\"", "b" } << false;
    QTest::addRow("tabs trimmed") << QByteArray("\ta\t,\tb") << L { "a", "b" } << false;
    QTest::addRow("unterminated quote runs to the end") << QByteArray("a, b=\"x, y") << L { "a", "b=\"x, y" } << true;
    QTest::addRow("non-ASCII kept") << QByteArray("caf\xc3\xa9, x") << L { "caf\xc3\xa9", "x" } << false;
}

void TestHeaderFields::split()
{
    QFETCH(QByteArray, value);
    QFETCH(QList<QByteArray>, elements);
    QFETCH(bool, problem);
    QStringList problems;
    QCOMPARE(splitFieldList(value, &problems), elements);
    QCOMPARE(!problems.isEmpty(), problem);
    QCOMPARE(splitFieldList(value), elements); // no problem list: same answer, no crash
}

void TestHeaderFields::unquote_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("value");

    QTest::addRow("simple") << QByteArray("\"abc\"") << true << QByteArray("abc");
    QTest::addRow("empty string") << QByteArray("\"\"") << true << QByteArray("");
    QTest::addRow("quoted-pair") << QByteArray("\"a\\\"b\\\\c\"") << true << QByteArray("a\"b\\c");
    QTest::addRow("tab and space") << QByteArray("\"a \tb\"") << true << QByteArray("a \tb");
    QTest::addRow("not quoted") << QByteArray("abc") << false << QByteArray();
    QTest::addRow("lone quote") << QByteArray("\"") << false << QByteArray();
    QTest::addRow("unterminated") << QByteArray("\"abc") << false << QByteArray();
    QTest::addRow("escaped final quote") << QByteArray("\"abc\\\"") << false << QByteArray();
    QTest::addRow("trailing text") << QByteArray("\"a\"b") << false << QByteArray();
    QTest::addRow("control byte") << QByteArray("\"a\x01\"") << false << QByteArray();
}

void TestHeaderFields::unquote()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, ok);
    QFETCH(QByteArray, value);
    const Unquoted u = unquoteString(input);
    QCOMPARE(u.ok, ok);
    QCOMPARE(u.problem.isEmpty(), ok);
    if (ok)
        QCOMPARE(u.value, value);
}

void TestHeaderFields::deltaSeconds_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<bool>("clamped");

    QTest::addRow("zero") << QByteArray("0") << true << qint64(0) << false;
    QTest::addRow("sixty") << QByteArray("60") << true << qint64(60) << false;
    QTest::addRow("leading zeros") << QByteArray("007") << true << qint64(7) << false;
    QTest::addRow("2^31 - 1") << QByteArray("2147483647") << true << qint64(2147483647) << false;
    QTest::addRow("2^31") << QByteArray("2147483648") << true << DeltaSecondsCap << false;
    QTest::addRow("2^31 + 1") << QByteArray("2147483649") << true << DeltaSecondsCap << true;
    QTest::addRow("past 64 bits") << QByteArray("99999999999999999999999999") << true << DeltaSecondsCap << true;
    QTest::addRow("empty") << QByteArray() << false << qint64(0) << false;
    QTest::addRow("negative") << QByteArray("-1") << false << qint64(0) << false;
    QTest::addRow("fraction") << QByteArray("1.5") << false << qint64(0) << false;
    QTest::addRow("space") << QByteArray(" 1") << false << qint64(0) << false;
    QTest::addRow("exponent") << QByteArray("1e3") << false << qint64(0) << false;
    QTest::addRow("non-ASCII digit") << QByteArray("\xd9\xa1") << false << qint64(0) << false;
}

void TestHeaderFields::deltaSeconds()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, valid);
    QFETCH(qint64, seconds);
    QFETCH(bool, clamped);
    const DeltaSeconds d = parseDeltaSeconds(input);
    QCOMPARE(d.valid, valid);
    QCOMPARE(d.seconds, seconds);
    QCOMPARE(d.clamped, clamped);
    QCOMPARE(d.problem.isEmpty(), valid);
}

void TestHeaderFields::expires_data()
{
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<bool>("present");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("alreadyExpired");
    QTest::addColumn<QDateTime>("value");
    QTest::addColumn<QString>("message"); // substring of problem (invalid) or notes (valid); may be empty

    const QByteArray date = "Thu, 01 Dec 1994 16:00:00 GMT"; // RFC 9111 §5.3 example
    const QDateTime when = utc(1994, 12, 1, 16);
    QTest::addRow("absent") << HttpHeaders {} << false << false << false << QDateTime() << QString();
    QTest::addRow("RFC example") << HttpHeaders { { "Expires", date } } << true << true << false << when << QString();
    QTest::addRow("zero means expired") << HttpHeaders { { "Expires", "0" } } << true << false << true << QDateTime()
                                        << QStringLiteral("already expired");
    QTest::addRow("minus one") << HttpHeaders { { "Expires", "-1" } } << true << false << true << QDateTime()
                               << QStringLiteral("already expired");
    QTest::addRow("empty") << HttpHeaders { { "Expires", "" } } << true << false << true << QDateTime()
                           << QStringLiteral("empty value");
    QTest::addRow("garbage") << HttpHeaders { { "Expires", "never" } } << true << false << true << QDateTime()
                             << QStringLiteral("unknown day name");
    QTest::addRow("obsolete format noted") << HttpHeaders { { "Expires", "Thursday, 01-Dec-94 16:00:00 GMT" } } << true
                                           << true << false << when << QStringLiteral("obsolete");
    QTest::addRow("name case") << HttpHeaders { { "EXPIRES", date } } << true << true << false << when << QString();
    QTest::addRow("same value twice") << HttpHeaders { { "Expires", date }, { "Expires", date } } << true << true
                                      << false << when << QStringLiteral("repeated 2 times");
    QTest::addRow("two different values") << HttpHeaders { { "Expires", date }, { "Expires", "0" } } << true << false
                                          << true << QDateTime() << QStringLiteral("different values");
    QTest::addRow("far future") << HttpHeaders { { "Expires", "Fri, 31 Dec 9999 23:59:59 GMT" } } << true << true
                                << false << utc(9999, 12, 31, 23, 59, 59) << QString();
}

void TestHeaderFields::expires()
{
    QFETCH(HttpHeaders, headers);
    QFETCH(bool, present);
    QFETCH(bool, valid);
    QFETCH(bool, alreadyExpired);
    QFETCH(QDateTime, value);
    QFETCH(QString, message);

    const ExpiresField e = readExpires(headers, kReference);
    QCOMPARE(e.present, present);
    QCOMPARE(e.valid, valid);
    QCOMPARE(e.alreadyExpired, alreadyExpired);
    QCOMPARE(e.value, value);
    QCOMPARE(e.lineCount, headers.count("Expires"));
    if (valid)
        QVERIFY2(e.problem.isEmpty(), qPrintable(e.problem));
    if (!message.isEmpty())
        QVERIFY2((e.problem + e.notes.join(u'|')).contains(message), qPrintable(e.problem + e.notes.join(u'|')));
}

void TestHeaderFields::dateAndLastModified()
{
    const HttpHeaders headers {
        { "Date", "Mon, 01 Jun 2026 12:00:00 GMT" },
        { "Last-Modified", "Sat, 30 May 2026 12:00:00 GMT" },
    };
    const DateField date = readDate(headers, kReference);
    QVERIFY(date.valid);
    QCOMPARE(date.name, QByteArray("Date"));
    QCOMPARE(date.value, kReference);
    QCOMPARE(date.format, HttpDateFormat::ImfFixdate);
    const DateField lm = readLastModified(headers, kReference);
    QVERIFY(lm.valid);
    QCOMPARE(lm.value, utc(2026, 5, 30, 12));

    const DateField missing = readLastModified(HttpHeaders {}, kReference);
    QVERIFY(!missing.present);
    QVERIFY(!missing.valid);
    QVERIFY(missing.problem.isEmpty());
    QVERIFY(missing.raw.isNull());

    const DateField bad = readDate(HttpHeaders { { "Date", "yesterday" } }, kReference);
    QVERIFY(bad.present);
    QVERIFY(!bad.valid);
    QVERIFY(bad.value.isNull());
    QCOMPARE(bad.raw, QByteArray("yesterday"));
    QVERIFY2(bad.problem.contains(QStringLiteral("'yesterday'")), qPrintable(bad.problem));
}

void TestHeaderFields::age_data()
{
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<bool>("present");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("warning"); // substring; empty means no warning

    QTest::addRow("absent") << HttpHeaders {} << false << false << qint64(0) << QString();
    QTest::addRow("sixty") << HttpHeaders { { "Age", "60" } } << true << true << qint64(60) << QString();
    QTest::addRow("zero") << HttpHeaders { { "Age", "0" } } << true << true << qint64(0) << QString();
    QTest::addRow("OWS") << HttpHeaders { { "Age", " 60 " } } << true << true << qint64(60) << QString();
    QTest::addRow("negative ignored") << HttpHeaders { { "Age", "-5" } } << true << false << qint64(0)
                                      << QStringLiteral("ignored, age_value = 0");
    QTest::addRow("fraction ignored") << HttpHeaders { { "Age", "1.5" } } << true << false << qint64(0)
                                      << QStringLiteral("whole number");
    QTest::addRow("garbage ignored") << HttpHeaders { { "Age", "old" } } << true << false << qint64(0)
                                     << QStringLiteral("ignored");
    QTest::addRow("empty ignored") << HttpHeaders { { "Age", "" } } << true << false << qint64(0)
                                   << QStringLiteral("empty");
    QTest::addRow("huge capped") << HttpHeaders { { "Age", "99999999999999999999" } } << true << true << DeltaSecondsCap
                                 << QStringLiteral("larger than 2^31");
    QTest::addRow("repeated same") << HttpHeaders { { "Age", "5" }, { "Age", "5" } } << true << true << qint64(5)
                                   << QStringLiteral("same value");
    QTest::addRow("different: largest wins") << HttpHeaders { { "Age", "5" }, { "Age", "50" } } << true << true
                                             << qint64(50) << QStringLiteral("largest (50)");
    QTest::addRow("list in one line") << HttpHeaders { { "Age", "50, 5" } } << true << true << qint64(50)
                                      << QStringLiteral("largest");
    QTest::addRow("one bad element spoils all")
        << HttpHeaders { { "Age", "5" }, { "Age", "x" } } << true << false << qint64(0) << QStringLiteral("ignored");
}

void TestHeaderFields::age()
{
    QFETCH(HttpHeaders, headers);
    QFETCH(bool, present);
    QFETCH(bool, valid);
    QFETCH(qint64, seconds);
    QFETCH(QString, warning);
    const AgeField a = readAge(headers);
    QCOMPARE(a.present, present);
    QCOMPARE(a.valid, valid);
    QCOMPARE(a.seconds, seconds);
    if (warning.isEmpty())
        QVERIFY2(a.warnings.isEmpty(), qPrintable(a.warnings.join(u'|')));
    else
        QVERIFY2(a.warnings.join(u'|').contains(warning), qPrintable(a.warnings.join(u'|')));
}

void TestHeaderFields::pragma_data()
{
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<bool>("noCache");

    QTest::addRow("absent") << HttpHeaders {} << false;
    QTest::addRow("no-cache") << HttpHeaders { { "Pragma", "no-cache" } } << true;
    QTest::addRow("upper case") << HttpHeaders { { "PRAGMA", "NO-CACHE" } } << true;
    QTest::addRow("in a list") << HttpHeaders { { "Pragma", "x-foo, no-cache" } } << true;
    QTest::addRow("second line") << HttpHeaders { { "Pragma", "x-foo" }, { "Pragma", "no-cache" } } << true;
    QTest::addRow("other pragma") << HttpHeaders { { "Pragma", "x-no-cache" } } << false;
    QTest::addRow("with argument is not no-cache") << HttpHeaders { { "Pragma", "no-cache=1" } } << false;
    QTest::addRow("inside quotes") << HttpHeaders { { "Pragma", "x=\"a, no-cache\"" } } << false;
    QTest::addRow("empty") << HttpHeaders { { "Pragma", "" } } << false;
}

void TestHeaderFields::pragma()
{
    QFETCH(HttpHeaders, headers);
    QFETCH(bool, noCache);
    QCOMPARE(hasPragmaNoCache(headers), noCache);
}

void TestHeaderFields::vary_data()
{
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<bool>("present");
    QTest::addColumn<bool>("any");
    QTest::addColumn<QList<QByteArray>>("names");
    QTest::addColumn<QString>("warning");

    using L = QList<QByteArray>;
    QTest::addRow("absent") << HttpHeaders {} << false << false << L {} << QString();
    QTest::addRow("one") << HttpHeaders { { "Vary", "Accept-Encoding" } } << true << false << L { "accept-encoding" }
                         << QString();
    QTest::addRow("several lines") << HttpHeaders { { "Vary", "Accept-Encoding, Origin" }, { "vary", "Cookie" } }
                                   << true << false << L { "accept-encoding", "origin", "cookie" } << QString();
    QTest::addRow("star") << HttpHeaders { { "Vary", "*" } } << true << true << L {} << QString();
    QTest::addRow("star with names") << HttpHeaders { { "Vary", "Origin, *" } } << true << true << L { "origin" }
                                     << QStringLiteral("\"*\" alone decides");
    QTest::addRow("duplicates") << HttpHeaders { { "Vary", "Origin, origin" } } << true << false << L { "origin" }
                                << QStringLiteral("more than once");
    QTest::addRow("invalid name") << HttpHeaders { { "Vary", "Accept Encoding, Origin" } } << true << false
                                  << L { "origin" } << QStringLiteral("not a valid field name");
    QTest::addRow("empty") << HttpHeaders { { "Vary", "" } } << true << false << L {} << QStringLiteral("empty");
    QTest::addRow("empty elements") << HttpHeaders { { "Vary", ", Origin ,," } } << true << false << L { "origin" }
                                    << QString();
    QTest::addRow("non-ASCII") << HttpHeaders { { "Vary", "Ori\xc3\xa9gin" } } << true << false << L {}
                               << QStringLiteral("not a valid field name");
}

void TestHeaderFields::vary()
{
    QFETCH(HttpHeaders, headers);
    QFETCH(bool, present);
    QFETCH(bool, any);
    QFETCH(QList<QByteArray>, names);
    QFETCH(QString, warning);
    const VaryField v = readVary(headers);
    QCOMPARE(v.present, present);
    QCOMPARE(v.any, any);
    QCOMPARE(v.fieldNames, names);
    if (warning.isEmpty())
        QVERIFY2(v.warnings.isEmpty(), qPrintable(v.warnings.join(u'|')));
    else
        QVERIFY2(v.warnings.join(u'|').contains(warning), qPrintable(v.warnings.join(u'|')));
}

QTEST_GUILESS_MAIN(TestHeaderFields)
#include "tst_headerfields.moc"
