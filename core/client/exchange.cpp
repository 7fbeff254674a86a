#include "exchange.h"

#include <QCryptographicHash>

namespace CacheScope {

QString errorName(ExchangeError error)
{
    switch (error) {
    case ExchangeError::None: return QStringLiteral("none");
    case ExchangeError::InvalidRequest: return QStringLiteral("invalid-request");
    case ExchangeError::UnsupportedScheme: return QStringLiteral("unsupported-scheme");
    case ExchangeError::HostNotFound: return QStringLiteral("host-not-found");
    case ExchangeError::ConnectionRefused: return QStringLiteral("connection-refused");
    case ExchangeError::ConnectionClosed: return QStringLiteral("connection-closed");
    case ExchangeError::Timeout: return QStringLiteral("timeout");
    case ExchangeError::Tls: return QStringLiteral("tls");
    case ExchangeError::Protocol: return QStringLiteral("protocol");
    case ExchangeError::TooLarge: return QStringLiteral("too-large");
    case ExchangeError::Decoding: return QStringLiteral("decoding");
    case ExchangeError::TooManyRedirects: return QStringLiteral("too-many-redirects");
    case ExchangeError::Cancelled: return QStringLiteral("cancelled");
    case ExchangeError::Network: return QStringLiteral("network");
    }
    return QStringLiteral("unknown");
}

QByteArray Exchange::bodyHash() const
{
    if (bodyTruncated && !fullBodySha256.isEmpty())
        return fullBodySha256;
    return QCryptographicHash::hash(body, QCryptographicHash::Sha256);
}

QString Exchange::truncationNotice() const
{
    if (!bodyTruncated)
        return {};
    return QStringLiteral("body truncated at %1 of %2 bytes (the response body limit): the rest was read and "
                          "counted but not kept, so this response is not stored")
        .arg(body.size())
        .arg(bytes.responseBodyDecoded);
}

} // namespace CacheScope
