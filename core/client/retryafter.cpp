#include "retryafter.h"

#include "http/httpdate.h"

#include <limits>

namespace CacheScope {

RetryAfter RetryAfter::delay(qint64 seconds, const QByteArray &raw)
{
    RetryAfter value;
    value.kind = Kind::Delay;
    value.seconds = seconds;
    value.raw = raw.isNull() ? QByteArray::number(seconds) : raw;
    return value;
}

RetryAfter RetryAfter::at(const QDateTime &date, const QDateTime &responseDate, const QByteArray &raw)
{
    RetryAfter value;
    value.kind = Kind::Date;
    value.date = date;
    value.responseDate = responseDate;
    value.raw = raw;
    return value;
}

RetryAfter RetryAfter::invalid(const QByteArray &raw)
{
    RetryAfter value;
    value.kind = Kind::Invalid;
    value.raw = raw;
    return value;
}

RetryAfter RetryAfter::fromDeltaSeconds(QByteArrayView raw)
{
    const QByteArray text = raw.toByteArray().trimmed();
    if (text.isEmpty())
        return invalid(raw.toByteArray());
    qint64 seconds = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return invalid(raw.toByteArray());
        // Saturate: a 30-digit delay is still "wait very long", which the scheduler caps.
        if (seconds > (std::numeric_limits<qint64>::max() - 9) / 10)
            seconds = std::numeric_limits<qint64>::max();
        else
            seconds = seconds * 10 + (c - '0');
    }
    return delay(seconds, raw.toByteArray());
}

RetryAfter RetryAfter::parse(QByteArrayView raw, QByteArrayView dateField, const QDateTime &received)
{
    if (raw.isNull())
        return {};
    const RetryAfter seconds = fromDeltaSeconds(raw);
    if (seconds.kind == Kind::Delay)
        return seconds;
    const HttpDate date = parseHttpDate(raw, received);
    if (!date.valid)
        return invalid(raw.toByteArray());
    const HttpDate responseDate = parseHttpDate(dateField, received);
    return at(date.dateTime, responseDate.valid ? responseDate.dateTime : QDateTime(), raw.toByteArray());
}

} // namespace CacheScope
