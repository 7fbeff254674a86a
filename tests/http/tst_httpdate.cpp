#include "http/httpdate.h"

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

// Every RFC 850 row is resolved against this instant, so the 50-year rule is reproducible.
const QDateTime kReference = utc(2026, 6, 1, 12, 0, 0);

} // namespace

class TestHttpDate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void nullReferenceUsesClock();
    void repeatedParsesAgree();
    void format_data();
    void format();
    void roundTrip();
};

void TestHttpDate::parse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QDateTime>("expected");
    QTest::addColumn<HttpDateFormat>("format");
    QTest::addColumn<QString>("message"); // expected substring of the problem (invalid) or of a note (valid)

    const auto ok = [](const char *name, const char *input, const QDateTime &expected, HttpDateFormat format,
                        const char *note = "") {
        QTest::addRow("%s", name) << QByteArray(input) << true << expected << format << QString::fromUtf8(note);
    };
    const auto bad = [](const char *name, const QByteArray &input, const char *problem) {
        QTest::addRow("%s", name) << input << false << QDateTime() << HttpDateFormat::None
                                  << QString::fromUtf8(problem);
    };
    const QDateTime rfcExample = utc(1994, 11, 6, 8, 49, 37);

    // RFC 9110 §5.6.7 examples: the same instant in the three formats.
    ok("RFC example, IMF-fixdate", "Sun, 06 Nov 1994 08:49:37 GMT", rfcExample, HttpDateFormat::ImfFixdate);
    ok("RFC example, RFC 850", "Sunday, 06-Nov-94 08:49:37 GMT", rfcExample, HttpDateFormat::Rfc850, "obsolete");
    ok("RFC example, asctime", "Sun Nov  6 08:49:37 1994", rfcExample, HttpDateFormat::Asctime, "obsolete");
    ok("asctime with two-digit day", "Sun Nov 06 08:49:37 1994", rfcExample, HttpDateFormat::Asctime);
    ok("surrounding OWS ignored", " \tSun, 06 Nov 1994 08:49:37 GMT  ", rfcExample, HttpDateFormat::ImfFixdate);

    // Years past 2038 and the extremes IMF-fixdate can express.
    ok("2038 rollover second", "Tue, 19 Jan 2038 03:14:08 GMT", utc(2038, 1, 19, 3, 14, 8), HttpDateFormat::ImfFixdate);
    ok("year 2100", "Fri, 01 Jan 2100 00:00:00 GMT", utc(2100, 1, 1), HttpDateFormat::ImfFixdate);
    ok("year 9999", "Fri, 31 Dec 9999 23:59:59 GMT", utc(9999, 12, 31, 23, 59, 59), HttpDateFormat::ImfFixdate);
    ok("year 1900", "Mon, 01 Jan 1900 00:00:00 GMT", utc(1900, 1, 1), HttpDateFormat::ImfFixdate);
    ok("leap day", "Thu, 29 Feb 2024 12:00:00 GMT", utc(2024, 2, 29, 12), HttpDateFormat::ImfFixdate);

    // Tolerated deviations, each with a note.
    ok("lower-case month", "Sun, 06 nov 1994 08:49:37 GMT", rfcExample, HttpDateFormat::ImfFixdate, "canonical case");
    ok("upper-case everything", "SUN, 06 NOV 1994 08:49:37 gmt", rfcExample, HttpDateFormat::ImfFixdate,
        "canonical case");
    ok("leap second", "Sat, 31 Dec 2016 23:59:60 GMT", utc(2016, 12, 31, 23, 59, 59), HttpDateFormat::ImfFixdate,
        "leap second");
    ok("wrong day name", "Mon, 06 Nov 1994 08:49:37 GMT", rfcExample, HttpDateFormat::ImfFixdate, "is a Sunday");

    // RFC 850 two-digit years, reference 2026-06-01: no more than 50 years ahead.
    ok("rfc850 year 30 is 2030", "Tuesday, 01-Jan-30 00:00:00 GMT", utc(2030, 1, 1), HttpDateFormat::Rfc850, "2030");
    ok("rfc850 year 76 is 2076 (within 50 years)", "Wednesday, 01-Jan-76 00:00:00 GMT", utc(2076, 1, 1),
        HttpDateFormat::Rfc850, "2076");
    ok("rfc850 year 77 is 1977 (2077 is too far ahead)", "Saturday, 01-Jan-77 00:00:00 GMT", utc(1977, 1, 1),
        HttpDateFormat::Rfc850, "1977");
    ok("rfc850 year 26 is 2026", "Monday, 01-Jun-26 00:00:00 GMT", utc(2026, 6, 1), HttpDateFormat::Rfc850);

    // Hostile rows: never "now", never the epoch, always a reason.
    bad("empty", "", "empty");
    bad("whitespace only", "   \t ", "empty");
    bad("zero (Expires: 0)", "0", "day name");
    bad("minus one", "-1", "day name");
    bad("garbage", "garbage", "unknown day name 'garbage'");
    bad("ISO 8601", "1994-11-06T08:49:37Z", "day name");
    bad("Feb 30", "Mon, 30 Feb 2026 00:00:00 GMT", "no day 30 in Feb 2026");
    bad("Feb 29 in a common year", "Wed, 29 Feb 2023 00:00:00 GMT", "no day 29 in Feb 2023");
    bad("hour 25", "Sun, 06 Nov 1994 25:49:37 GMT", "hour 25");
    bad("minute 60", "Sun, 06 Nov 1994 08:60:37 GMT", "minute 60");
    bad("second 61", "Sun, 06 Nov 1994 08:49:61 GMT", "second 61");
    bad("day 00", "Sun, 00 Nov 1994 08:49:37 GMT", "no day 0");
    bad("year 0000", "Sat, 01 Jan 0000 00:00:00 GMT", "year 0000");
    bad("five-digit year", "Sun, 06 Nov 19940 08:49:37 GMT", "year must be exactly 4 digits");
    bad("huge day", "Sun, 99999999999999999999 Nov 1994 08:49:37 GMT", "day must be exactly 2 digits");
    bad("single-digit IMF day", "Sun, 6 Nov 1994 08:49:37 GMT", "day must be exactly 2 digits");
    bad("double space", "Sun,  06 Nov 1994 08:49:37 GMT", "day must be exactly 2 digits");
    bad("missing seconds", "Sun, 06 Nov 1994 08:49 GMT", "':' after the minute");
    bad("unknown month", "Sun, 06 Foo 1994 08:49:37 GMT", "unknown month 'Foo'");
    bad("UTC zone", "Sun, 06 Nov 1994 08:49:37 UTC", "zone must be GMT");
    bad("numeric offset", "Sun, 06 Nov 1994 08:49:37 +0000", "zone must be GMT");
    bad("missing zone", "Sun, 06 Nov 1994 08:49:37", "one space");
    bad("trailing junk", "Sun, 06 Nov 1994 08:49:37 GMT junk", "unexpected text after the date");
    bad("zone with suffix", "Sun, 06 Nov 1994 08:49:37 GMTX", "unexpected text after the date: 'X'");
    bad("asctime with zone", "Sun Nov  6 08:49:37 1994 GMT", "unexpected text after the date");
    bad("RFC 850 with short day name", "Sun, 06-Nov-94 08:49:37 GMT", "one space");
    bad("RFC 850 with four-digit year", "Sunday, 06-Nov-1994 08:49:37 GMT", "two-digit year");
    bad("non-ASCII", "Sun, 06 Nov 1994 08:49:37 GMT\xc3\xa9", "byte 0xc3");
    bad("NUL byte", QByteArray("Sun, 06 Nov\0 1994 08:49:37 GMT", 30), "byte 0x00");
    bad("far too long", QByteArray(200, 'A'), "too long");
}

void TestHttpDate::parse()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, valid);
    QFETCH(QDateTime, expected);
    QFETCH(HttpDateFormat, format);
    QFETCH(QString, message);

    const HttpDate date = parseHttpDate(input, kReference);
    // Parsed again (a kept result for valid dates): every field the same.
    const HttpDate again = parseHttpDate(input, kReference);
    QCOMPARE(again.valid, date.valid);
    QCOMPARE(again.format, date.format);
    QCOMPARE(again.dateTime, date.dateTime);
    QCOMPARE(again.problem, date.problem);
    QCOMPARE(again.notes, date.notes);
    QCOMPARE(date.valid, valid);
    QCOMPARE(date.format, format);
    if (valid) {
        QCOMPARE(date.dateTime, expected);
        QCOMPARE(date.dateTime.timeSpec(), Qt::UTC);
        QVERIFY2(date.problem.isEmpty(), qPrintable(date.problem));
        if (!message.isEmpty())
            QVERIFY2(date.notes.join(u'|').contains(message), qPrintable(date.notes.join(u'|')));
        else
            QVERIFY2(format != HttpDateFormat::ImfFixdate || date.notes.isEmpty(), qPrintable(date.notes.join(u'|')));
    } else {
        QVERIFY(date.dateTime.isNull());
        QVERIFY2(date.problem.contains(message), qPrintable(date.problem));
    }
}

void TestHttpDate::nullReferenceUsesClock()
{
    // Without a reference the current year decides; "94" is 1994 for the next few decades.
    const HttpDate date = parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT");
    QVERIFY(date.valid);
    QCOMPARE(date.dateTime.date().year(), 1994);
}

// Recent results are kept per thread, but never one that depends on the reference (RFC 850's year), and
// a different text (spaces, case) is a different entry with its own notes.
void TestHttpDate::repeatedParsesAgree()
{
    const QByteArray rfc850 = "Sunday, 06-Nov-94 08:49:37 GMT";
    QCOMPARE(parseHttpDate(rfc850, kReference).dateTime.date().year(), 1994);
    QCOMPARE(parseHttpDate(rfc850, utc(2140, 1, 1)).dateTime.date().year(), 2094);
    QCOMPARE(parseHttpDate(rfc850, kReference).dateTime.date().year(), 1994);
    const QByteArray imf = "Sun, 06 Nov 1994 08:49:37 GMT";
    for (int i = 0; i < 6; ++i) { // more than the kept results, with other dates in between
        QCOMPARE(parseHttpDate(imf).dateTime, utc(1994, 11, 6, 8, 49, 37));
        QVERIFY(parseHttpDate(imf).notes.isEmpty());
        QVERIFY(!parseHttpDate("sun, 06 nov 1994 08:49:37 gmt").notes.isEmpty()); // case noted
        QCOMPARE(parseHttpDate(" " + imf).dateTime, utc(1994, 11, 6, 8, 49, 37));
        QCOMPARE(parseHttpDate("Mon, 0" + QByteArray::number(i + 1) + " Jan 2001 00:00:00 GMT").dateTime,
            utc(2001, 1, i + 1));
        QVERIFY(!parseHttpDate("Sun, 06 Nov 1994 25:49:37 GMT").valid);
    }
}

void TestHttpDate::format_data()
{
    QTest::addColumn<QDateTime>("input");
    QTest::addColumn<QByteArray>("expected");

    QTest::addRow("RFC example") << utc(1994, 11, 6, 8, 49, 37) << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT");
    QTest::addRow("past 2038") << utc(2100, 1, 1) << QByteArray("Fri, 01 Jan 2100 00:00:00 GMT");
    QTest::addRow("milliseconds dropped")
        << utc(2024, 2, 29, 12).addMSecs(999) << QByteArray("Thu, 29 Feb 2024 12:00:00 GMT");
    QTest::addRow("offset converted to GMT")
        << utc(2024, 2, 29, 23, 30).toOffsetFromUtc(7200) << QByteArray("Thu, 29 Feb 2024 23:30:00 GMT");
    QTest::addRow("invalid") << QDateTime() << QByteArray();
    QTest::addRow("year 10000") << utc(10000, 1, 1) << QByteArray();
}

void TestHttpDate::format()
{
    QFETCH(QDateTime, input);
    QFETCH(QByteArray, expected);
    QCOMPARE(formatHttpDate(input), expected);
}

void TestHttpDate::roundTrip()
{
    // Every day of a leap year at a varying time: format then parse gives the same instant back.
    QDateTime t = utc(2024, 1, 1, 0, 0, 1);
    for (int i = 0; i < 366; ++i, t = t.addSecs(86400 + 3607)) {
        const HttpDate back = parseHttpDate(formatHttpDate(t), kReference);
        QVERIFY(back.valid);
        QCOMPARE(back.dateTime, t);
        QVERIFY(back.notes.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestHttpDate)
#include "tst_httpdate.moc"
