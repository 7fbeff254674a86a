#include "headerfields.h"
#include "byteview.h"

#include <algorithm>

namespace CacheScope {

namespace {

using Bytes::midView;
using Bytes::isOws;

QByteArray trimmedOws(QByteArrayView text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && isOws(text.at(begin)))
        ++begin;
    while (end > begin && isOws(text.at(end - 1)))
        --end;
    return midView(text, begin, end - begin).toByteArray();
}

QString show(QByteArrayView bytes)
{
    return QLatin1Char('\'') + QString::fromLatin1(bytes) + QLatin1Char('\'');
}

} // namespace

QList<QByteArray> splitFieldList(QByteArrayView value, QStringList *problems)
{
    QList<QByteArray> elements;
    qsizetype start = 0;
    bool inQuotes = false;
    for (qsizetype i = 0; i <= value.size(); ++i) {
        if (i == value.size() || (!inQuotes && value.at(i) == ',')) {
            const QByteArray element = trimmedOws(midView(value, start, i - start));
            if (!element.isEmpty())
                elements.append(element);
            start = i + 1;
            continue;
        }
        if (value.at(i) == '"')
            inQuotes = !inQuotes;
        else if (inQuotes && value.at(i) == '\\')
            ++i; // quoted-pair: the next byte is literal, even a quote
    }
    if (inQuotes && problems)
        problems->append(QStringLiteral("unterminated quoted string in %1").arg(show(value)));
    return elements;
}

bool isToken(QByteArrayView text)
{
    return HttpHeaders::isValidName(text);
}

Unquoted unquoteString(QByteArrayView text)
{
    Unquoted result;
    if (text.size() < 2 || text.front() != '"') {
        result.problem = QStringLiteral("%1 is not a quoted string").arg(show(text));
        return result;
    }
    for (qsizetype i = 1; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text.at(i));
        if (c == '"') {
            if (i != text.size() - 1) {
                result.problem
                    = QStringLiteral("unexpected text after the closing quote: %1").arg(show(midView(text, i + 1)));
                return result;
            }
            result.ok = true;
            return result;
        }
        if (c == '\\') {
            if (++i >= text.size())
                break;
            result.value += text.at(i);
            continue;
        }
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            result.problem = QStringLiteral("control byte 0x%1 inside a quoted string").arg(c, 2, 16, QLatin1Char('0'));
            return result;
        }
        result.value += char(c);
    }
    result.value.clear();
    result.problem = QStringLiteral("unterminated quoted string %1").arg(show(text));
    return result;
}

DeltaSeconds parseDeltaSeconds(QByteArrayView text)
{
    DeltaSeconds result;
    if (text.isEmpty()) {
        result.problem = QStringLiteral("empty value where a number of seconds is expected");
        return result;
    }
    qint64 value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            if (text.front() == '-')
                result.problem = QStringLiteral("%1 is negative; seconds must be 0 or more").arg(show(text));
            else if (c == '.' || c == ',')
                result.problem = QStringLiteral("%1 is not a whole number of seconds").arg(show(text));
            else
                result.problem = QStringLiteral("%1 is not a number of seconds (digits only)").arg(show(text));
            return result;
        }
        value = std::min(DeltaSecondsCap, value * 10 + (c - '0')); // stays far below overflow
        if (value == DeltaSecondsCap)
            result.clamped = true;
    }
    result.valid = true;
    result.seconds = value;
    // Exactly 2^31 written out is not a clamp.
    if (result.clamped && text.toByteArray().toLongLong() == DeltaSecondsCap)
        result.clamped = false;
    return result;
}

DateField readDateField(const HttpHeaders &headers, QByteArrayView name, const QDateTime &reference)
{
    DateField field;
    field.name = name.toByteArray();
    const QList<QByteArray> lines = headers.values(name);
    field.lineCount = lines.size();
    if (lines.isEmpty())
        return field;
    field.present = true;
    field.raw = lines.first().isNull() ? QByteArray("") : lines.first();

    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (trimmedOws(lines.at(i)) != trimmedOws(field.raw)) {
            field.conflicting = true;
            field.problem = QStringLiteral("%1 has %2 lines with different values (%3 and %4); treated as invalid")
                                .arg(QString::fromLatin1(name))
                                .arg(lines.size())
                                .arg(show(field.raw), show(lines.at(i)));
            return field;
        }
    }
    if (lines.size() > 1)
        field.notes.append(QStringLiteral("%1 is repeated %2 times with the same value")
                               .arg(QString::fromLatin1(name))
                               .arg(lines.size()));

    const HttpDate date = parseHttpDate(field.raw, reference);
    field.format = date.format;
    field.notes += date.notes;
    if (!date.valid) {
        field.problem = QStringLiteral("%1 %2 is %3").arg(QString::fromLatin1(name), show(field.raw), date.problem);
        return field;
    }
    field.valid = true;
    field.value = date.dateTime;
    return field;
}

DateField readDate(const HttpHeaders &headers, const QDateTime &reference)
{
    return readDateField(headers, "Date", reference);
}

DateField readLastModified(const HttpHeaders &headers, const QDateTime &reference)
{
    return readDateField(headers, "Last-Modified", reference);
}

ExpiresField readExpires(const HttpHeaders &headers, const QDateTime &reference)
{
    ExpiresField expires;
    static_cast<DateField &>(expires) = readDateField(headers, "Expires", reference);
    if (expires.present && !expires.valid) {
        expires.alreadyExpired = true;
        expires.problem += QStringLiteral("; an invalid Expires means already expired (RFC 9111 §5.3)");
    }
    return expires;
}

AgeField readAge(const HttpHeaders &headers)
{
    AgeField age;
    if (!headers.contains("Age"))
        return age;
    age.present = true;
    age.raw = headers.combined("Age");
    QStringList problems;
    const QList<QByteArray> elements = splitFieldList(age.raw, &problems);
    if (elements.isEmpty()) {
        age.warnings.append(QStringLiteral("Age is empty; ignored"));
        return age;
    }
    qint64 largest = 0;
    bool differ = false;
    for (qsizetype i = 0; i < elements.size(); ++i) {
        const QByteArray &element = elements.at(i);
        const DeltaSeconds delta = parseDeltaSeconds(element);
        if (!delta.valid) {
            age.warnings.append(
                QStringLiteral("Age %1 is invalid (%2); ignored, age_value = 0").arg(show(age.raw), delta.problem));
            return age;
        }
        if (delta.clamped)
            age.warnings.append(
                QStringLiteral("Age %1 is larger than 2^31; read as 2147483648 (RFC 9111 §1.2.2)").arg(show(element)));
        differ = differ || (i > 0 && delta.seconds != largest);
        largest = std::max(largest, delta.seconds);
    }
    if (elements.size() > 1)
        age.warnings.append(differ
                ? QStringLiteral("Age has %1 different values; the largest (%2) is used")
                      .arg(elements.size())
                      .arg(largest)
                : QStringLiteral("Age is repeated %1 times with the same value").arg(elements.size()));
    age.valid = true;
    age.seconds = largest;
    return age;
}

bool hasPragmaNoCache(const HttpHeaders &headers)
{
    const QList<QByteArray> elements = splitFieldList(headers.combined("Pragma"));
    return std::any_of(elements.begin(), elements.end(),
        [](const QByteArray &e) { return e.compare("no-cache", Qt::CaseInsensitive) == 0; });
}

VaryField readVary(const HttpHeaders &headers)
{
    VaryField vary;
    if (!headers.contains("Vary"))
        return vary;
    vary.present = true;
    vary.raw = headers.combined("Vary");
    const QList<QByteArray> elements = splitFieldList(vary.raw, &vary.warnings);
    if (elements.isEmpty())
        vary.warnings.append(QStringLiteral("Vary is present but empty: it varies on nothing"));
    for (const QByteArray &element : elements) {
        if (element == "*") {
            vary.any = true;
            continue;
        }
        if (!isToken(element)) {
            vary.warnings.append(QStringLiteral("%1 is not a valid field name; ignored").arg(show(element)));
            continue;
        }
        const QByteArray lower = element.toLower();
        if (vary.fieldNames.contains(lower))
            vary.warnings.append(QStringLiteral("%1 is listed more than once").arg(show(element)));
        else
            vary.fieldNames.append(lower);
    }
    if (vary.any && !vary.fieldNames.isEmpty())
        vary.warnings.append(
            QStringLiteral("\"*\" is listed with field names; \"*\" alone decides (nothing can match)"));
    return vary;
}

} // namespace CacheScope
