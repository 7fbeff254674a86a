#pragma once

#include "http/httpheaders.h"

#include <optional>
#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

namespace CacheScope {

// One entity tag (RFC 9110 §8.8.3): [W/] "opaque". A malformed tag is never dropped: it is kept with
// valid == false, its raw text and a problem in words, so it can be shown, stored and (if the caller
// chooses) echoed back verbatim the way browsers do.
struct EntityTag
{
    QByteArray opaque; // the characters between the quotes; for a malformed tag a best-effort guess
    bool weak = false; // W/ prefix (for a malformed tag: what it appears to be)
    bool valid = false;
    QByteArray raw; // the tag as received, surrounding whitespace removed
    QString problem; // why it is malformed; empty when valid

    // W/"opaque" or "opaque" for a valid tag; the raw text for a malformed one.
    QByteArray toHeaderValue() const;

    // Valid tags built from an opaque value (invalid, with a problem, if it holds a byte etagc forbids).
    static EntityTag makeStrong(const QByteArray &opaque);
    static EntityTag makeWeak(const QByteArray &opaque);

    friend bool operator==(const EntityTag &, const EntityTag &) = default;
};

// Parses one ETag field value: exactly one entity-tag. Flags, among others: an empty value, an unquoted
// tag (`abc`), a missing closing quote, a space, control byte or DQUOTE inside, `W/` without quotes,
// lower-case `w/`, text after the closing quote, and a list where one tag is expected.
// Bytes 0x80-0xFF are allowed (obs-text), backslashes are ordinary characters (no escaping in etagc).
EntityTag parseEntityTag(QByteArrayView value);

// The response's ETag, or nullopt when there is no ETag field. Several ETag lines are reported as one
// malformed tag (their combined text as raw), unless they are identical.
std::optional<EntityTag> readETag(const HttpHeaders &headers);

// RFC 9110 §8.8.3.2. Both are false when either tag is malformed: a malformed tag is not a validator.
//   strong: neither is weak and the opaque tags are identical.
//   weak:   the opaque tags are identical, weakness ignored.
bool strongMatch(const EntityTag &a, const EntityTag &b);
bool weakMatch(const EntityTag &a, const EntityTag &b);

// An If-None-Match or If-Match value: "*" or a list of entity tags (RFC 9110 §13.1.1, §13.1.2).
struct EntityTagList
{
    bool any = false; // "*"
    QList<EntityTag> tags; // in order, malformed ones included (valid == false)
    QStringList problems; // list-level problems ("*" mixed with tags) plus one line per malformed tag

    bool isEmpty() const { return !any && tags.isEmpty(); }
    // If-None-Match evaluation: "*" matches anything, otherwise weak comparison with any valid listed tag.
    bool matchesWeakly(const EntityTag &tag) const;
    // If-Match evaluation: "*" matches anything, otherwise strong comparison.
    bool matchesStrongly(const EntityTag &tag) const;
};

// Parses a list value. Commas inside quoted tags do not split (`"a,b"` is one tag); empty elements are
// skipped. A malformed element extends to the next comma and is kept with its problem.
EntityTagList parseEntityTagList(QByteArrayView value);
// Every line of `fieldName` (e.g. "If-None-Match") combined, as RFC 9110 §5.3 allows for list fields.
EntityTagList readEntityTagList(const HttpHeaders &headers, QByteArrayView fieldName);

// The If-None-Match value for these tags: each toHeaderValue() once (first occurrence wins), joined by
// ", ". Malformed tags are included verbatim; filter them out first if they must not be sent.
QByteArray serializeEntityTagList(const QList<EntityTag> &tags);

} // namespace CacheScope
