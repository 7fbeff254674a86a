#pragma once

#include "http/httpdate.h"
#include "http/httpheaders.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace CacheScope {

// ---- Generic field syntax (RFC 9110 §5.6) ----

// Splits a comma-separated list value (RFC 9110 §5.6.1) into its elements, trimmed of OWS. Commas
// inside quoted strings (with backslash escapes) do not split. Empty elements ("a, , b") are skipped, as
// recipients must. An unterminated quoted string runs to the end of the value and is reported in
// `problems` (when given). To split every field of one name, pass HttpHeaders::combined(name).
QList<QByteArray> splitFieldList(QByteArrayView value, QStringList *problems = nullptr);

// RFC 9110 §5.6.2 token (same character set as a field name).
bool isToken(QByteArrayView text);

// The content of a quoted-string (RFC 9110 §5.6.4) with quoted-pairs resolved, when `text` is exactly
// one well-formed quoted string; otherwise `ok` is false and `problem` says why.
struct Unquoted
{
    bool ok = false;
    QByteArray value;
    QString problem;
};
Unquoted unquoteString(QByteArrayView text);

// delta-seconds (RFC 9111 §1.2.2): one or more ASCII digits, nothing else. Values past 2^31 are not an
// error: they are read as 2^31 (the RFC's cap), with `clamped` set.
inline constexpr qint64 DeltaSecondsCap = qint64(1) << 31; // 2147483648

struct DeltaSeconds
{
    bool valid = false;
    qint64 seconds = 0; // 0..DeltaSecondsCap when valid
    bool clamped = false;
    QString problem; // why invalid ("-1 is negative", "1.5 is not an integer", "empty")
};
DeltaSeconds parseDeltaSeconds(QByteArrayView text);

// ---- Date-valued fields: Date, Last-Modified, Expires ----

struct DateField
{
    QByteArray name;
    bool present = false;
    bool valid = false; // present, a valid HTTP-date, and not contradicted by another field line
    QDateTime value; // UTC; null unless valid
    HttpDateFormat format = HttpDateFormat::None;
    QByteArray raw; // the first field line's value as received; null when absent
    qsizetype lineCount = 0; // how many field lines carry this name
    bool conflicting = false; // several lines with different values: `valid` is false
    QString problem; // why not valid (invalid date, conflicting lines); empty when valid or absent
    QStringList notes; // accepted deviations (obsolete format, case, repeated identical lines)
};

// Reads one date-valued field. Several lines with the same value are accepted (noted); lines that
// disagree make the field invalid rather than picking one (RFC 9111 §4.2.1 allows "first" or "stale":
// CacheScope chooses the conservative answer). `reference` resolves RFC 850 two-digit years (see
// parseHttpDate); pass the response time.
DateField readDateField(const HttpHeaders &headers, QByteArrayView name, const QDateTime &reference = {});
DateField readDate(const HttpHeaders &headers, const QDateTime &reference = {});
DateField readLastModified(const HttpHeaders &headers, const QDateTime &reference = {});

// Expires (RFC 9111 §5.3). An Expires that is present but not a valid date ("0", "-1", garbage,
// conflicting lines) means "already expired": `alreadyExpired` is set and `problem` says why.
struct ExpiresField : DateField
{
    bool alreadyExpired = false;
};
ExpiresField readExpires(const HttpHeaders &headers, const QDateTime &reference = {});

// ---- Age (RFC 9111 §5.1) ----

struct AgeField
{
    bool present = false;
    bool valid = false; // false: the value is ignored (age_value = 0) and `warnings` says why
    qint64 seconds = 0; // age_value; clamped to DeltaSecondsCap
    QByteArray raw; // all lines combined, as received
    QStringList warnings;
};
// Several Age lines (or a list) with different values: the largest is used, with a warning, because a
// larger age is the safer mistake for freshness. An invalid element makes the whole field ignored.
AgeField readAge(const HttpHeaders &headers);

// ---- Pragma (RFC 9111 §5.4) ----

// True when any Pragma line lists "no-cache" (case-insensitive). Only meaningful in a request without
// Cache-Control, where it acts as Cache-Control: no-cache; in a response it has no defined meaning.
bool hasPragmaNoCache(const HttpHeaders &headers);

// ---- Vary (RFC 9110 §12.5.5) ----

struct VaryField
{
    bool present = false;
    bool any = false; // "*" is listed: no later request can match the stored response (RFC 9111 §4.1)
    QList<QByteArray> fieldNames; // lower-cased, without duplicates, in first-seen order ("*" not included)
    QByteArray raw; // all lines combined, as received
    QStringList warnings; // invalid names, "*" mixed with names, empty value, duplicates
};
VaryField readVary(const HttpHeaders &headers);

} // namespace CacheScope
