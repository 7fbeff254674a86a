#include "varykey.h"

#include <algorithm>

namespace CacheScope {

namespace {

// Splits a list-based field value (RFC 9110 §5.6.1) on commas that are not inside a quoted string,
// trimming whitespace and dropping empty members.
QList<QByteArray> splitList(QByteArrayView value)
{
    QList<QByteArray> members;
    bool quoted = false;
    bool escaped = false;
    qsizetype start = 0;
    auto take = [&](qsizetype end) {
        const QByteArray member = value.sliced(start, end - start).toByteArray().trimmed();
        if (!member.isEmpty())
            members.append(member);
    };
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char c = value.at(i);
        if (escaped) {
            escaped = false;
        } else if (quoted && c == '\\') {
            escaped = true;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (c == ',' && !quoted) {
            take(i);
            start = i + 1;
        }
    }
    take(value.size());
    return members;
}

} // namespace

VaryKey VaryKey::fromResponse(const HttpHeaders &responseHeaders)
{
    return parse(responseHeaders.combined("vary"));
}

VaryKey VaryKey::parse(QByteArrayView fieldValue)
{
    VaryKey key;
    for (const QByteArray &member : splitList(fieldValue)) {
        if (member == "*") {
            key.m_wildcard = true;
        } else if (HttpHeaders::isValidName(member)) {
            key.m_names.append(member.toLower());
        } else {
            // A malformed member names no header we could compare, so matching it would be a guess.
            key.m_invalid.append(member);
            key.m_wildcard = true;
        }
    }
    std::sort(key.m_names.begin(), key.m_names.end());
    key.m_names.erase(std::unique(key.m_names.begin(), key.m_names.end()), key.m_names.end());
    return key;
}

QByteArray VaryKey::secondaryKey(const HttpHeaders &requestHeaders) const
{
    if (m_wildcard)
        return QByteArrayLiteral("*");
    QByteArray key("");
    for (const QByteArray &name : m_names) {
        if (!key.isEmpty())
            key += '&';
        // Names are percent-encoded too: '&' and '%' are valid in a token and would make keys ambiguous.
        key += name.toPercentEncoding();
        const QByteArray value = normalizedValue(requestHeaders, name);
        if (!value.isNull())
            key += '=' + value.toPercentEncoding();
    }
    return key;
}

std::optional<CacheEntry> selectStoredResponse(const QList<CacheEntry> &variants, const HttpHeaders &requestHeaders)
{
    const CacheEntry *best = nullptr;
    for (const CacheEntry &entry : variants) {
        if (!VaryKey::fromResponse(entry.responseHeaders).matches(entry.requestHeaders, requestHeaders))
            continue;
        // A null response time sorts before any other, as it does in the store's lookup.
        const auto later = [](const CacheEntry &a, const CacheEntry &b) {
            if (a.responseTime.isNull() != b.responseTime.isNull())
                return b.responseTime.isNull();
            return a.responseTime != b.responseTime ? a.responseTime > b.responseTime : a.id > b.id;
        };
        if (!best || later(entry, *best))
            best = &entry;
    }
    if (!best)
        return std::nullopt;
    return *best;
}

bool VaryKey::matches(const HttpHeaders &storedRequest, const HttpHeaders &newRequest) const
{
    if (m_wildcard)
        return false;
    for (const QByteArray &name : m_names) {
        const QByteArray stored = normalizedValue(storedRequest, name);
        const QByteArray wanted = normalizedValue(newRequest, name);
        // QByteArray's == treats null and empty alike; absent and empty are different requests here.
        if (stored.isNull() != wanted.isNull() || stored != wanted)
            return false;
    }
    return true;
}

QByteArray VaryKey::normalizedValue(const HttpHeaders &headers, QByteArrayView name)
{
    const QByteArray combined = headers.combined(name);
    if (combined.isNull())
        return {};
    QByteArray result("");
    for (const QByteArray &member : splitList(combined)) {
        if (!result.isEmpty())
            result += ", ";
        result += member;
    }
    return result;
}

QString cacheKeyUrl(const QUrl &url)
{
    if (!url.isValid() || url.isRelative())
        return {};
    // The target URI never carries userinfo (RFC 9110 §4.2.4): a password must not end up in the store file.
    QUrl key = url.adjusted(QUrl::RemoveFragment | QUrl::RemoveUserInfo);
    const QString scheme = key.scheme();
    const bool http = scheme == QLatin1String("http");
    const bool https = scheme == QLatin1String("https");
    if ((http && key.port() == 80) || (https && key.port() == 443))
        key.setPort(-1);
    if ((http || https) && key.path().isEmpty())
        key.setPath(QStringLiteral("/"));
    return key.toString(QUrl::FullyEncoded);
}

} // namespace CacheScope
