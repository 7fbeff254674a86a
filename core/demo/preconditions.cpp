#include "preconditions.h"

#include <array>
#include <QTimeZone>

namespace CacheScope::Demo {

namespace {

constexpr std::array<const char *, 7> shortDays = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
constexpr std::array<const char *, 7> longDays
    = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };
constexpr std::array<const char *, 12> months
    = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && isOws(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && isOws(text.back()))
        text.chop(1);
    return text;
}

// etagc = %x21 / %x23-7E / obs-text
bool isEtagChar(unsigned char c)
{
    return c == 0x21 || (c >= 0x23 && c <= 0x7E) || c >= 0x80;
}

// A cursor over an HTTP-date: each take*() consumes on success and reports failure otherwise.
class DateCursor
{
public:
    explicit DateCursor(QByteArrayView text)
        : m_text(text)
    { }

    bool atEnd() const { return m_pos == m_text.size(); }

    bool take(QByteArrayView literal)
    {
        if (m_text.sliced(m_pos).startsWith(literal)) {
            m_pos += literal.size();
            return true;
        }
        return false;
    }

    // Exactly `count` ASCII digits.
    std::optional<int> digits(int count)
    {
        if (m_pos + count > m_text.size())
            return std::nullopt;
        int value = 0;
        for (int i = 0; i < count; ++i) {
            const char c = m_text[m_pos + i];
            if (c < '0' || c > '9')
                return std::nullopt;
            value = value * 10 + (c - '0');
        }
        m_pos += count;
        return value;
    }

    // Index of the first name in `names` that comes next (case-sensitive, as the grammar's %s"..." says).
    template<std::size_t N>
    std::optional<int> oneOf(const std::array<const char *, N> &names)
    {
        for (std::size_t i = 0; i < N; ++i) {
            if (take(QByteArrayView(names[i])))
                return int(i);
        }
        return std::nullopt;
    }

private:
    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

struct TimeOfDay
{
    int hour = 0, minute = 0, second = 0;
};

std::optional<TimeOfDay> takeTime(DateCursor &cursor)
{
    const auto hour = cursor.digits(2);
    if (!hour || !cursor.take(":"))
        return std::nullopt;
    const auto minute = cursor.digits(2);
    if (!minute || !cursor.take(":"))
        return std::nullopt;
    const auto second = cursor.digits(2);
    if (!second || *hour > 23 || *minute > 59 || *second > 60)
        return std::nullopt;
    // A leap second (60) is valid on the wire but not in QTime: the second before it is close enough.
    return TimeOfDay { *hour, *minute, qMin(*second, 59) };
}

std::optional<QDateTime> makeDate(int year, int month, int day, const TimeOfDay &time)
{
    const QDate date(year, month, day);
    if (!date.isValid())
        return std::nullopt;
    return QDateTime(date, QTime(time.hour, time.minute, time.second), QTimeZone::utc());
}

// Sun, 06 Nov 1994 08:49:37 GMT
std::optional<QDateTime> parseImfFixdate(QByteArrayView text)
{
    DateCursor cursor(text);
    if (!cursor.oneOf(shortDays) || !cursor.take(", "))
        return std::nullopt;
    const auto day = cursor.digits(2);
    if (!day || !cursor.take(" "))
        return std::nullopt;
    const auto month = cursor.oneOf(months);
    if (!month || !cursor.take(" "))
        return std::nullopt;
    const auto year = cursor.digits(4);
    if (!year || !cursor.take(" "))
        return std::nullopt;
    const auto time = takeTime(cursor);
    if (!time || !cursor.take(" GMT") || !cursor.atEnd())
        return std::nullopt;
    return makeDate(*year, *month + 1, *day, *time);
}

// Sunday, 06-Nov-94 08:49:37 GMT
std::optional<QDateTime> parseRfc850(QByteArrayView text, const QDateTime &now)
{
    DateCursor cursor(text);
    if (!cursor.oneOf(longDays) || !cursor.take(", "))
        return std::nullopt;
    const auto day = cursor.digits(2);
    if (!day || !cursor.take("-"))
        return std::nullopt;
    const auto month = cursor.oneOf(months);
    if (!month || !cursor.take("-"))
        return std::nullopt;
    const auto shortYear = cursor.digits(2);
    if (!shortYear || !cursor.take(" "))
        return std::nullopt;
    const auto time = takeTime(cursor);
    if (!time || !cursor.take(" GMT") || !cursor.atEnd())
        return std::nullopt;
    // §5.6.7: a year more than 50 years in the future means the most recent past year with those digits.
    const int currentYear = now.toUTC().date().year();
    int year = currentYear - currentYear % 100 + *shortYear;
    if (year > currentYear + 50)
        year -= 100;
    return makeDate(year, *month + 1, *day, *time);
}

// Sun Nov  6 08:49:37 1994
std::optional<QDateTime> parseAsctime(QByteArrayView text)
{
    DateCursor cursor(text);
    if (!cursor.oneOf(shortDays) || !cursor.take(" "))
        return std::nullopt;
    const auto month = cursor.oneOf(months);
    if (!month || !cursor.take(" "))
        return std::nullopt;
    std::optional<int> day = cursor.take(" ") ? cursor.digits(1) : cursor.digits(2);
    if (!day || !cursor.take(" "))
        return std::nullopt;
    const auto time = takeTime(cursor);
    if (!time || !cursor.take(" "))
        return std::nullopt;
    const auto year = cursor.digits(4);
    if (!year || !cursor.atEnd())
        return std::nullopt;
    return makeDate(*year, *month + 1, *day, *time);
}

bool listMatches(const EntityTagList &list, const std::optional<EntityTag> &current,
    bool (*compare)(const EntityTag &, const EntityTag &))
{
    // Every selected representation of ours exists, so "*" always matches.
    if (list.any)
        return true;
    if (!current)
        return false;
    for (const EntityTag &tag : list.tags) {
        if (compare(tag, *current))
            return true;
    }
    return false;
}

bool isGetOrHead(QByteArrayView method)
{
    return method == QByteArrayView("GET") || method == QByteArrayView("HEAD");
}

} // namespace

QByteArray EntityTag::toWire() const
{
    return (weak ? QByteArray("W/\"") : QByteArray("\"")) + opaque + '"';
}

std::optional<EntityTag> parseEntityTag(QByteArrayView text)
{
    text = trimmed(text);
    EntityTag tag;
    if (text.startsWith("W/")) {
        tag.weak = true;
        text = text.sliced(2);
    }
    if (text.size() < 2 || text.front() != '"' || text.back() != '"')
        return std::nullopt;
    const QByteArrayView opaque = text.sliced(1, text.size() - 2);
    for (const char c : opaque) {
        if (!isEtagChar(static_cast<unsigned char>(c)))
            return std::nullopt;
    }
    tag.opaque = opaque.toByteArray();
    return tag;
}

std::optional<EntityTagList> parseEntityTagList(QByteArrayView text)
{
    text = trimmed(text);
    EntityTagList list;
    if (text == QByteArrayView("*")) {
        list.any = true;
        return list;
    }
    // etagc allows a comma inside the quotes, so split on commas outside quotes only.
    qsizetype start = 0;
    bool inQuotes = false;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] == '"')
            inQuotes = !inQuotes;
        if (i < text.size() && (inQuotes || text[i] != ','))
            continue;
        const QByteArrayView member = trimmed(text.sliced(start, i - start));
        start = i + 1;
        if (member.isEmpty())
            continue; // §5.6.1: empty list elements are allowed and ignored
        const auto tag = parseEntityTag(member);
        if (!tag)
            return std::nullopt;
        list.tags.append(*tag);
    }
    if (inQuotes || list.tags.isEmpty())
        return std::nullopt;
    return list;
}

bool strongMatch(const EntityTag &a, const EntityTag &b)
{
    return !a.weak && !b.weak && a.opaque == b.opaque;
}

bool weakMatch(const EntityTag &a, const EntityTag &b)
{
    return a.opaque == b.opaque;
}

QByteArray formatHttpDate(const QDateTime &instant)
{
    const QDateTime utc = instant.toUTC();
    const QDate date = utc.date();
    const QTime time = utc.time();
    return QByteArray(shortDays[date.dayOfWeek() - 1]) + ", " + QByteArray::number(date.day()).rightJustified(2, '0')
        + ' ' + months[date.month() - 1] + ' ' + QByteArray::number(date.year()).rightJustified(4, '0') + ' '
        + QByteArray::number(time.hour()).rightJustified(2, '0') + ':'
        + QByteArray::number(time.minute()).rightJustified(2, '0') + ':'
        + QByteArray::number(time.second()).rightJustified(2, '0') + " GMT";
}

std::optional<QDateTime> parseHttpDate(QByteArrayView text, const QDateTime &now)
{
    text = trimmed(text);
    if (auto date = parseImfFixdate(text))
        return date;
    if (auto date = parseRfc850(text, now))
        return date;
    return parseAsctime(text);
}

PreconditionOutcome evaluatePreconditions(QByteArrayView method, const ConditionalHeaders &headers,
    const Validators &validators, const QDateTime &now, ImsComparison imsComparison)
{
    // A malformed field is treated as absent: there is nothing sound to evaluate.
    const auto ifMatch = headers.ifMatch ? parseEntityTagList(*headers.ifMatch) : std::nullopt;
    const auto ifNoneMatch = headers.ifNoneMatch ? parseEntityTagList(*headers.ifNoneMatch) : std::nullopt;

    // Step 1 and 2: If-Match, else If-Unmodified-Since (§13.1.1, §13.1.4).
    if (ifMatch) {
        if (!listMatches(*ifMatch, validators.etag, &strongMatch))
            return PreconditionOutcome::PreconditionFailed;
    } else if (headers.ifUnmodifiedSince && validators.lastModified) {
        const auto since = parseHttpDate(*headers.ifUnmodifiedSince, now);
        if (since && *validators.lastModified > *since)
            return PreconditionOutcome::PreconditionFailed;
    }

    // Step 3: If-None-Match, weak comparison (§13.1.2); for GET/HEAD a false condition means 304.
    if (ifNoneMatch) {
        if (listMatches(*ifNoneMatch, validators.etag, &weakMatch))
            return isGetOrHead(method) ? PreconditionOutcome::NotModified : PreconditionOutcome::PreconditionFailed;
        return PreconditionOutcome::Proceed;
    }

    // Step 4: If-Modified-Since, only without If-None-Match and only for GET/HEAD (§13.1.3).
    if (headers.ifModifiedSince && validators.lastModified && isGetOrHead(method)) {
        const auto since = parseHttpDate(*headers.ifModifiedSince, now);
        if (!since)
            return PreconditionOutcome::Proceed;
        const bool notModified = imsComparison == ImsComparison::NotAfter ? *validators.lastModified <= *since
                                                                          : *validators.lastModified == *since;
        if (notModified)
            return PreconditionOutcome::NotModified;
    }
    return PreconditionOutcome::Proceed;
}

} // namespace CacheScope::Demo
