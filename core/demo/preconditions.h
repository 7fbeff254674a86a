#pragma once

#include <optional>
#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QList>

// The demo origin's own small parsers and RFC 9110 §13 precondition logic. Deliberately independent of
// the client-side parsers in core/http: the demo exists to catch client bugs, so it must not share them.

namespace CacheScope::Demo {

struct EntityTag
{
    QByteArray opaque; // between the quotes, without them
    bool weak = false;

    // "\"abc\"" or "W/\"abc\"": the wire form.
    QByteArray toWire() const;
    friend bool operator==(const EntityTag &, const EntityTag &) = default;
};

// RFC 9110 §8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE. Surrounding whitespace is tolerated.
std::optional<EntityTag> parseEntityTag(QByteArrayView text);

// If-Match / If-None-Match field value: "*" or a comma-separated list of entity-tags (empty list elements
// are allowed, §5.6.1). nullopt when any member is malformed: the whole field is then unusable.
struct EntityTagList
{
    bool any = false; // "*"
    QList<EntityTag> tags;
};
std::optional<EntityTagList> parseEntityTagList(QByteArrayView text);

// §8.8.3.2: strong comparison needs both strong and identical; weak comparison ignores W/.
bool strongMatch(const EntityTag &a, const EntityTag &b);
bool weakMatch(const EntityTag &a, const EntityTag &b);

// IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT" (§5.6.7), from a UTC instant (sub-seconds dropped).
QByteArray formatHttpDate(const QDateTime &instant);
// Accepts IMF-fixdate, the obsolete RFC 850 form and asctime, as recipients must (§5.6.7). A two-digit
// RFC 850 year is placed in the century that puts it at most 50 years ahead of `now`.
std::optional<QDateTime> parseHttpDate(QByteArrayView text, const QDateTime &now);

struct ConditionalHeaders
{
    std::optional<QByteArray> ifMatch;
    std::optional<QByteArray> ifNoneMatch;
    std::optional<QByteArray> ifModifiedSince;
    std::optional<QByteArray> ifUnmodifiedSince;
};

struct Validators
{
    std::optional<EntityTag> etag;
    std::optional<QDateTime> lastModified;
};

enum class ImsComparison
{
    NotAfter, // RFC 9110 §13.1.3: not modified when Last-Modified is not after the given date
    EqualityBug, // a common server bug: not modified only when the dates are identical
};

enum class PreconditionOutcome
{
    Proceed,
    NotModified,
    PreconditionFailed
};

// RFC 9110 §13.2.2 order for a selected representation that exists: If-Match, else If-Unmodified-Since
// (412 when false); then If-None-Match, else If-Modified-Since for GET/HEAD (304 when false).
PreconditionOutcome evaluatePreconditions(QByteArrayView method, const ConditionalHeaders &headers,
    const Validators &validators, const QDateTime &now, ImsComparison imsComparison = ImsComparison::NotAfter);

} // namespace CacheScope::Demo
