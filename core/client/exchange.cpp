#include "exchange.h"

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

} // namespace CacheScope
