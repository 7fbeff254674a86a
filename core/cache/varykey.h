#pragma once

#include "cacheentry.h"
#include "http/httpheaders.h"

#include <optional>
#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

namespace CacheScope {

// The Vary field of a stored response and what it means for selecting that response (RFC 9111 §4.1).
// Value type: parse once with fromResponse(), then compute keys or compare requests.
class VaryKey
{
public:
    VaryKey() = default;

    // Parses every Vary field line of a response (several lines are combined, as RFC 9110 §5.3 allows).
    static VaryKey fromResponse(const HttpHeaders &responseHeaders);
    // Parses one Vary field value.
    static VaryKey parse(QByteArrayView fieldValue);

    // No Vary, or only empty list members: every request selects the response.
    bool isEmpty() const { return !m_wildcard && m_names.isEmpty(); }
    // "*", or a member that is not a field name: no request can be shown to match, so none selects it.
    bool isWildcard() const { return m_wildcard; }
    // The field names, lower-cased, de-duplicated and sorted, so equal Vary values give equal keys.
    const QList<QByteArray> &fieldNames() const { return m_names; }
    // Members that are not valid field names (tokens), as they were written. They make the key a wildcard.
    const QList<QByteArray> &invalidMembers() const { return m_invalid; }

    // The secondary cache key of a request under this Vary: "" when there is no Vary, "*" for a wildcard,
    // else "name=value&name2&..." in name order, values percent-encoded, a bare name when the request lacks
    // that header (so an absent header and an empty one differ). Equal keys mean the requests match.
    QByteArray secondaryKey(const HttpHeaders &requestHeaders) const;

    // True when a response stored for `storedRequest` may be used for `newRequest` (RFC 9111 §4.1).
    bool matches(const HttpHeaders &storedRequest, const HttpHeaders &newRequest) const;

    // The value of a selecting header after the normalisations RFC 9111 §4.1 allows without knowing the
    // header: field lines combined, list members trimmed of whitespace, empty members dropped, members
    // rejoined with ", " (commas inside quoted strings are kept). Null when the header is absent.
    static QByteArray normalizedValue(const HttpHeaders &headers, QByteArrayView name);

    friend bool operator==(const VaryKey &, const VaryKey &) = default;

private:
    QList<QByteArray> m_names;
    QList<QByteArray> m_invalid;
    bool m_wildcard = false;
};

// Among the stored variants of one method and URL, the response a new request may use (RFC 9111 §4.1): the
// Vary of each selects it or not, and among several matches the most recently received wins (then the
// highest id). The same choice as ValidatorStore::lookup(), for variants already read.
std::optional<CacheEntry> selectStoredResponse(const QList<CacheEntry> &variants, const HttpHeaders &requestHeaders);

// The URL part of the primary cache key: the URL without its fragment, default port removed, an empty
// http(s) path written as "/", fully percent-encoded. Empty for an invalid or relative URL.
QString cacheKeyUrl(const QUrl &url);

} // namespace CacheScope
