#include "httpdate.h"

#include "byteview.h"

#include <array>
#include <QTimeZone>
#include <tuple>

namespace CacheScope {

namespace {

using Bytes::midView;

constexpr std::array<const char *, 7> kShortDays = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
constexpr std::array<const char *, 7> kLongDays
    = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };
constexpr std::array<const char *, 12> kMonths
    = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

QString quoted(QByteArrayView bytes)
{
    return QLatin1Char('\'') + QString::fromLatin1(bytes) + QLatin1Char('\'');
}

// Walks the date left to right; the first failure is kept as the problem and later calls do nothing,
// so the parsing code reads like the grammar.
class Cursor
{
public:
    explicit Cursor(QByteArrayView text)
        : m_text(text)
    { }

    bool ok() const { return m_problem.isEmpty(); }
    const QString &problem() const { return m_problem; }
    QStringList notes;

    void fail(const QString &problem)
    {
        if (m_problem.isEmpty())
            m_problem = problem;
    }

    void expect(char c, const char *what)
    {
        if (!ok())
            return;
        if (m_pos < m_text.size() && m_text.at(m_pos) == c) {
            ++m_pos;
            return;
        }
        fail(QStringLiteral("expected %1 at position %2, found %3")
                 .arg(QLatin1String(what))
                 .arg(m_pos + 1)
                 .arg(m_pos < m_text.size() ? quoted(midView(m_text, m_pos, 1)) : QStringLiteral("the end")));
    }

    // Exactly `count` digits.
    int digits(int count, const char *what)
    {
        if (!ok())
            return -1;
        int value = 0;
        for (int i = 0; i < count; ++i) {
            const qsizetype at = m_pos + i;
            if (at >= m_text.size() || m_text.at(at) < '0' || m_text.at(at) > '9') {
                fail(QStringLiteral("%1 must be exactly %2 digits").arg(QLatin1String(what)).arg(count));
                return -1;
            }
            value = value * 10 + (m_text.at(at) - '0');
        }
        m_pos += count;
        if (m_pos < m_text.size() && m_text.at(m_pos) >= '0' && m_text.at(m_pos) <= '9') {
            fail(QStringLiteral("%1 must be exactly %2 digits").arg(QLatin1String(what)).arg(count));
            return -1;
        }
        return value;
    }

    // One of `names` (case-insensitive, noted when not canonical); returns its index.
    template<std::size_t N>
    int name(const std::array<const char *, N> &names, const char *what)
    {
        if (!ok())
            return -1;
        qsizetype end = m_pos;
        while (end < m_text.size()
            && ((m_text.at(end) >= 'A' && m_text.at(end) <= 'Z') || (m_text.at(end) >= 'a' && m_text.at(end) <= 'z')))
            ++end;
        const QByteArrayView word = midView(m_text, m_pos, end - m_pos);
        for (std::size_t i = 0; i < N; ++i) {
            if (word.compare(QByteArrayView(names[i]), Qt::CaseInsensitive) != 0)
                continue;
            if (word != QByteArrayView(names[i]))
                notes.append(QStringLiteral("%1 %2 is not in canonical case (%3); accepted as caches should")
                                 .arg(QLatin1String(what), quoted(word), QLatin1String(names[i])));
            m_pos = end;
            return int(i);
        }
        fail(word.isEmpty() ? QStringLiteral("expected a %1 at position %2").arg(QLatin1String(what)).arg(m_pos + 1)
                            : QStringLiteral("unknown %1 %2").arg(QLatin1String(what), quoted(word)));
        return -1;
    }

    void gmt()
    {
        if (!ok())
            return;
        const QByteArrayView zone = midView(m_text, m_pos);
        if (zone == "GMT") {
            m_pos += 3;
            return;
        }
        if (zone.size() == 3 && zone.compare("GMT", Qt::CaseInsensitive) == 0) {
            notes.append(QStringLiteral("zone %1 is not in canonical case (GMT); accepted").arg(quoted(zone)));
            m_pos += 3;
            return;
        }
        if (zone.startsWith("GMT") || zone.startsWith("gmt"))
            fail(QStringLiteral("unexpected text after the date: %1").arg(quoted(midView(zone, 3))));
        else
            fail(QStringLiteral("the zone must be GMT, found %1 (RFC 9111 §4.2: other zones make the date invalid)")
                     .arg(quoted(zone)));
    }

    void end()
    {
        if (ok() && m_pos < m_text.size())
            fail(QStringLiteral("unexpected text after the date: %1").arg(quoted(midView(m_text, m_pos))));
    }

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek(qsizetype ahead = 0) const { return m_pos + ahead < m_text.size() ? m_text.at(m_pos + ahead) : '\0'; }

private:
    QByteArrayView m_text;
    qsizetype m_pos = 0;
    QString m_problem;
};

struct Fields
{
    int dayName = -1; // 0 = Monday
    int day = -1;
    int month = -1; // 0 = January
    int year = -1;
    int hour = -1;
    int minute = -1;
    int second = -1;
};

void timeOfDay(Cursor &c, Fields &f)
{
    f.hour = c.digits(2, "hour");
    c.expect(':', "':' after the hour");
    f.minute = c.digits(2, "minute");
    c.expect(':', "':' after the minute");
    f.second = c.digits(2, "second");
}

void parseImf(Cursor &c, Fields &f)
{
    f.dayName = c.name(kShortDays, "day name");
    c.expect(',', "','");
    c.expect(' ', "one space");
    f.day = c.digits(2, "day");
    c.expect(' ', "one space");
    f.month = c.name(kMonths, "month");
    c.expect(' ', "one space");
    f.year = c.digits(4, "year");
    c.expect(' ', "one space");
    timeOfDay(c, f);
    c.expect(' ', "one space");
    c.gmt();
    c.end();
}

void parseRfc850(Cursor &c, Fields &f, const QDateTime &reference)
{
    f.dayName = c.name(kLongDays, "day name");
    c.expect(',', "','");
    c.expect(' ', "one space");
    f.day = c.digits(2, "day");
    c.expect('-', "'-'");
    f.month = c.name(kMonths, "month");
    c.expect('-', "'-'");
    const int yy = c.digits(2, "two-digit year");
    c.expect(' ', "one space");
    timeOfDay(c, f);
    c.expect(' ', "one space");
    c.gmt();
    c.end();
    if (!c.ok())
        return;
    // The latest year ending in yy that is not more than 50 years after the reference (RFC 9110 §5.6.7).
    const QDateTime ref = reference.isValid() ? reference.toUTC() : QDateTime::currentDateTimeUtc();
    const QDateTime limit = ref.addYears(50);
    const auto after = [&](int year) {
        const QDate l = limit.date();
        const QTime t = limit.time();
        return std::tuple(year, f.month + 1, f.day, f.hour, f.minute, f.second)
            > std::tuple(l.year(), l.month(), l.day(), t.hour(), t.minute(), t.second());
    };
    int year = (ref.date().year() / 100) * 100 + yy + 100;
    while (after(year))
        year -= 100;
    f.year = year;
    c.notes.append(QStringLiteral("two-digit year %1 read as %2 (RFC 9110 §5.6.7: no more than 50 years ahead of %3)")
                       .arg(yy, 2, 10, QLatin1Char('0'))
                       .arg(year)
                       .arg(ref.date().toString(Qt::ISODate)));
}

void parseAsctime(Cursor &c, Fields &f)
{
    f.dayName = c.name(kShortDays, "day name");
    c.expect(' ', "one space");
    f.month = c.name(kMonths, "month");
    c.expect(' ', "one space");
    if (c.ok() && c.peek() == ' ') {
        c.expect(' ', "space");
        f.day = c.digits(1, "day");
    } else {
        f.day = c.digits(2, "day");
    }
    c.expect(' ', "one space");
    timeOfDay(c, f);
    c.expect(' ', "one space");
    f.year = c.digits(4, "year");
    c.end();
}

QDateTime makeUtc(QDate date, QTime time)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime(date, time, QTimeZone::UTC);
#else
    return QDateTime(date, time, Qt::UTC);
#endif
}

// Range checks after the syntax is known to be right, so the message names the real problem.
QString checkRanges(const Fields &f, QStringList &notes, QDateTime &out)
{
    if (f.hour > 23)
        return QStringLiteral("hour %1 is out of range (00-23)").arg(f.hour);
    if (f.minute > 59)
        return QStringLiteral("minute %1 is out of range (00-59)").arg(f.minute);
    if (f.second > 60)
        return QStringLiteral("second %1 is out of range (00-60)").arg(f.second);
    if (f.year == 0)
        return QStringLiteral("year 0000 does not exist");
    const QDate date(f.year, f.month + 1, f.day);
    if (!date.isValid())
        return QStringLiteral("there is no day %1 in %2 %3")
            .arg(f.day)
            .arg(QLatin1String(kMonths[std::size_t(f.month)]))
            .arg(f.year);
    int second = f.second;
    if (second == 60) {
        notes.append(QStringLiteral("leap second 60 read as 59"));
        second = 59;
    }
    if (date.dayOfWeek() - 1 != f.dayName)
        notes.append(QStringLiteral("the day name says %1 but %2 is a %3; the date is used")
                         .arg(QLatin1String(kLongDays[std::size_t(f.dayName)]), date.toString(Qt::ISODate),
                             QLatin1String(kLongDays[std::size_t(date.dayOfWeek() - 1)])));
    out = makeUtc(date, QTime(f.hour, f.minute, second));
    return {};
}

QByteArrayView trimmedOws(QByteArrayView text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && (text.at(begin) == ' ' || text.at(begin) == '\t'))
        ++begin;
    while (end > begin && (text.at(end - 1) == ' ' || text.at(end - 1) == '\t'))
        --end;
    return midView(text, begin, end - begin);
}

HttpDate parseUncached(QByteArrayView text, const QDateTime &reference)
{
    HttpDate result;
    const QByteArrayView value = trimmedOws(text);
    if (value.isEmpty()) {
        result.problem = QStringLiteral("empty value");
        return result;
    }
    for (qsizetype i = 0; i < value.size(); ++i) {
        const auto c = static_cast<unsigned char>(value.at(i));
        if (c >= 0x80 || c < 0x20 || c == 0x7f) {
            result.problem = QStringLiteral("byte 0x%1 at position %2 is not allowed in a date")
                                 .arg(c, 2, 16, QLatin1Char('0'))
                                 .arg(i + 1);
            return result;
        }
    }
    if (value.size() > 64) {
        result.problem = QStringLiteral("too long to be a date (%1 bytes)").arg(value.size());
        return result;
    }

    // The comma (or its absence) and the length of the day name tell the three formats apart.
    const qsizetype comma = value.indexOf(',');
    Cursor cursor(value);
    Fields fields;
    if (comma < 0) {
        result.format = HttpDateFormat::Asctime;
        parseAsctime(cursor, fields);
    } else if (comma <= 3) {
        result.format = HttpDateFormat::ImfFixdate;
        parseImf(cursor, fields);
    } else {
        result.format = HttpDateFormat::Rfc850;
        parseRfc850(cursor, fields, reference);
    }
    if (cursor.ok())
        result.problem = checkRanges(fields, cursor.notes, result.dateTime);
    else
        result.problem = cursor.problem();

    if (!result.problem.isEmpty()) {
        result.problem = QStringLiteral("not an HTTP-date (read as %1): %2")
                             .arg(httpDateFormatName(result.format), result.problem);
        result.format = HttpDateFormat::None;
        result.dateTime = {};
        return result;
    }
    result.valid = true;
    result.notes = cursor.notes;
    if (result.format != HttpDateFormat::ImfFixdate)
        result.notes.prepend(
            QStringLiteral("obsolete %1 format; senders must use IMF-fixdate").arg(httpDateFormatName(result.format)));
    return result;
}

} // namespace

HttpDate parseHttpDate(QByteArrayView text, const QDateTime &reference)
{
    // One revalidation parses the same few dates again and again (Date and Last-Modified of the stored
    // entry and of the 304, in the merge, freshness and the diagnosis), so the last few results are kept
    // per thread. Only valid dates that do not depend on `reference` are kept: RFC 850's two-digit year
    // does, and is parsed each time.
    struct Kept
    {
        QByteArray text;
        HttpDate date;
    };
    thread_local std::array<Kept, 4> kept;
    thread_local std::size_t next = 0;
    for (const Kept &k : kept) {
        if (!k.text.isNull() && k.text == text)
            return k.date;
    }
    HttpDate result = parseUncached(text, reference);
    if (result.valid && result.format != HttpDateFormat::Rfc850) {
        kept[next] = { text.toByteArray(), result };
        next = (next + 1) % kept.size();
    }
    return result;
}

QByteArray formatHttpDate(const QDateTime &dateTime)
{
    if (!dateTime.isValid())
        return {};
    const QDateTime utc = dateTime.toUTC();
    const QDate date = utc.date();
    const QTime time = utc.time();
    if (date.year() < 1 || date.year() > 9999)
        return {};
    return QString::asprintf("%s, %02d %s %04d %02d:%02d:%02d GMT", kShortDays[std::size_t(date.dayOfWeek() - 1)],
        date.day(), kMonths[std::size_t(date.month() - 1)], date.year(), time.hour(), time.minute(), time.second())
        .toLatin1();
}

QString httpDateFormatName(HttpDateFormat format)
{
    switch (format) {
    case HttpDateFormat::ImfFixdate:
        return QStringLiteral("IMF-fixdate");
    case HttpDateFormat::Rfc850:
        return QStringLiteral("RFC 850");
    case HttpDateFormat::Asctime:
        return QStringLiteral("asctime");
    case HttpDateFormat::None:
        break;
    }
    return QStringLiteral("invalid");
}

} // namespace CacheScope
