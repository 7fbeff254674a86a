#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QString>
#include <QStringList>

namespace CacheScope {

// The three timestamp formats a recipient must accept (RFC 9110 §5.6.7).
enum class HttpDateFormat
{
    None, // not a valid HTTP-date
    ImfFixdate, // Sun, 06 Nov 1994 08:49:37 GMT   (the only one a sender may generate)
    Rfc850, // Sunday, 06-Nov-94 08:49:37 GMT  (obsolete, two-digit year)
    Asctime, // Sun Nov  6 08:49:37 1994        (obsolete, no zone: UTC by definition)
};

// The result of parsing one HTTP-date. An invalid value is reported invalid with a reason, never turned
// into "now" or the epoch: what an invalid date means is for the caller to decide (an invalid Expires,
// for instance, means "already expired", RFC 9111 §5.3).
struct HttpDate
{
    bool valid = false;
    HttpDateFormat format = HttpDateFormat::None;
    QDateTime dateTime; // UTC; null when invalid
    QString problem; // why the value is not an HTTP-date; empty when valid
    // Deviations that were accepted, in words: obsolete format, names not in canonical case, a leap
    // second, a day name that does not match the date. Empty for a canonical IMF-fixdate.
    QStringList notes;
};

// Parses an HTTP-date in any of the three formats. What is accepted, and why:
// - Leading and trailing spaces/tabs are ignored (they are field OWS, not part of the date).
// - Day names, month names and "GMT" are matched case-insensitively, with a note when the case is not
//   canonical: RFC 9110 calls HTTP-date case-sensitive, but RFC 9111 §4.2 asks caches to match
//   case-insensitively, and CacheScope evaluates dates as a cache.
// - Second 60 (leap second, allowed by the grammar) is accepted and read as second 59, with a note:
//   QDateTime cannot hold it and rounding down keeps an Expires from moving later (RFC 9111 §4.2).
// - A day name that contradicts the date is accepted with a note: the date itself is unambiguous.
// - Anything else is rejected with a problem: other zones than GMT (RFC 9111 §4.2 says treat them as
//   invalid), numeric offsets, single-digit IMF days, missing seconds, extra inner whitespace,
//   out-of-range fields (hour 25, Feb 30), non-ASCII bytes and trailing text.
// The two-digit year of the RFC 850 format is resolved against `reference` (RFC 9110 §5.6.7): the latest
// year with those last two digits that is not more than 50 years after `reference`. A null `reference`
// means the current UTC time; pass the time the message was received to get reproducible results.
HttpDate parseHttpDate(QByteArrayView text, const QDateTime &reference = {});

// IMF-fixdate for the instant (converted to UTC, milliseconds dropped), e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
// Empty for an invalid QDateTime or a year outside 1..9999, which IMF-fixdate cannot express.
QByteArray formatHttpDate(const QDateTime &dateTime);

// "IMF-fixdate", "RFC 850", "asctime" or "invalid".
QString httpDateFormatName(HttpDateFormat format);

} // namespace CacheScope
