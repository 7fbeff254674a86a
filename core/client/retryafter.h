#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>

namespace CacheScope {

// The Retry-After of a response, parsed: a delay or an HTTP-date.
struct RetryAfter
{
    enum class Kind
    {
        None, // the response had none
        Delay, // delta-seconds
        Date, // an HTTP-date
        Invalid, // present but neither: ignored, with a note
    };
    Kind kind = Kind::None;
    qint64 seconds = 0; // Delay
    QDateTime date; // Date
    // Date: the response's Date header, if valid. The wait is `date - responseDate` (both from the server's
    // clock), counted from now; without it, `date - now` (our clock, which may disagree with the server's).
    QDateTime responseDate;
    QByteArray raw; // the field value as received, for notes

    static RetryAfter delay(qint64 seconds, const QByteArray &raw = {});
    static RetryAfter at(const QDateTime &date, const QDateTime &responseDate = {}, const QByteArray &raw = {});
    static RetryAfter invalid(const QByteArray &raw);
    // Reads delta-seconds (1*DIGIT, surrounding spaces and tabs allowed; huge values saturate). Anything
    // else, an HTTP-date included, comes back Invalid: the caller parses dates and uses at().
    static RetryAfter fromDeltaSeconds(QByteArrayView raw);
    // Parses a raw Retry-After field value: delta-seconds, else an HTTP-date in any of the three formats
    // (core/http/httpdate.h). A null `raw` (field absent) gives None; empty or anything else gives Invalid.
    // `dateField` is the response's Date field value: when it is a valid HTTP-date the wait is counted on
    // the server's clock, otherwise on ours. `received` (the time the response arrived) resolves the
    // two-digit years of the obsolete RFC 850 format; null means the current time.
    static RetryAfter parse(QByteArrayView raw, QByteArrayView dateField = {}, const QDateTime &received = {});
};

} // namespace CacheScope
