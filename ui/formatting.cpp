#include "formatting.h"

#include <QLocale>
#include <QStringList>

namespace CacheScope::Display {

namespace {
const QString kSeparator = QStringLiteral(" \u00b7 ");
}

QString bytes(qint64 count)
{
    if (count < 0)
        return QStringLiteral("\u2014");
    if (count < 1024)
        return QStringLiteral("%1 B").arg(count);
    static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    double value = double(count) / 1024.0;
    int unit = 0;
    while (value >= 1024.0 && unit < 5) {
        value /= 1024.0;
        ++unit;
    }
    // One decimal below 100 keeps the width steady ("9.8 KiB", "98.0 KiB" -> "98 KiB" reads better).
    const int decimals = value < 100.0 ? 1 : 0;
    return QStringLiteral("%1 %2").arg(value, 0, 'f', decimals).arg(QLatin1String(units[unit]));
}

QString milliseconds(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("\u2014");
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms < 60000)
        return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', ms < 10000 ? 2 : 1);
    const qint64 minutes = ms / 60000;
    const qint64 seconds = (ms % 60000) / 1000;
    return QStringLiteral("%1 min %2 s").arg(minutes).arg(seconds);
}

QString timingSummary(const ExchangeTiming &timing)
{
    QStringList parts;
    if (timing.totalMs >= 0)
        parts << QStringLiteral("Total %1").arg(milliseconds(timing.totalMs));
    if (timing.ttfbMs >= 0)
        parts << QStringLiteral("TTFB %1").arg(milliseconds(timing.ttfbMs));
    return parts.join(kSeparator);
}

QString timingDetails(const ExchangeTiming &timing, bool connectionReused)
{
    QStringList lines;
    auto phase = [&lines](const char *name, qint64 ms) {
        lines << QStringLiteral("%1: %2").arg(QLatin1String(name), milliseconds(ms));
    };
    if (connectionReused)
        lines << QStringLiteral("Connection reused (no DNS, connect or TLS)");
    phase("DNS lookup", timing.dnsMs);
    phase("Connect", timing.connectMs);
    phase("TLS handshake", timing.tlsMs);
    phase("Request sent", timing.requestSentMs);
    phase("First byte (TTFB)", timing.ttfbMs);
    phase("Total", timing.totalMs);
    if (timing.started.isValid())
        lines << QStringLiteral("Started %1").arg(timing.started.toString(Qt::ISODateWithMs));
    return lines.join(QLatin1Char('\n'));
}

QString sizeSummary(const Exchange &exchange)
{
    if (!exchange.hasResponse())
        return {};
    const ByteCounts &counts = exchange.bytes;
    QString text
        = QStringLiteral("Transferred %1 (headers %2 + body %3)")
              .arg(bytes(counts.responseTotal()), bytes(counts.responseHeaders), bytes(counts.responseBodyWire));
    text += kSeparator + QStringLiteral("Resource %1").arg(bytes(counts.responseBodyDecoded));
    if (!exchange.contentEncoding.isEmpty())
        text += QStringLiteral(" (%1)").arg(QString::fromLatin1(exchange.contentEncoding));
    if (counts.saved > 0)
        text += kSeparator + QStringLiteral("Saved %1").arg(bytes(counts.saved));
    return text;
}

QString errorTitle(ExchangeError error)
{
    switch (error) {
    case ExchangeError::None:
        return {};
    case ExchangeError::InvalidRequest:
        return QStringLiteral("The request is not valid");
    case ExchangeError::UnsupportedScheme:
        return QStringLiteral("Unsupported URL scheme");
    case ExchangeError::HostNotFound:
        return QStringLiteral("Host not found");
    case ExchangeError::ConnectionRefused:
        return QStringLiteral("Connection refused");
    case ExchangeError::ConnectionClosed:
        return QStringLiteral("Connection closed before the response was complete");
    case ExchangeError::Timeout:
        return QStringLiteral("The request timed out");
    case ExchangeError::Tls:
        return QStringLiteral("TLS handshake failed");
    case ExchangeError::Protocol:
        return QStringLiteral("The server's reply is not valid HTTP");
    case ExchangeError::TooLarge:
        return QStringLiteral("The response is too large");
    case ExchangeError::Decoding:
        return QStringLiteral("The body could not be decoded");
    case ExchangeError::TooManyRedirects:
        return QStringLiteral("Too many redirects");
    case ExchangeError::Cancelled:
        return QStringLiteral("Cancelled");
    case ExchangeError::Network:
        return QStringLiteral("Network error");
    }
    return QStringLiteral("Error");
}

QString errorHint(ExchangeError error)
{
    switch (error) {
    case ExchangeError::None:
        return {};
    case ExchangeError::InvalidRequest:
        return QStringLiteral("Nothing was sent. Fix the URL, method or the headers marked in red, then send again.");
    case ExchangeError::UnsupportedScheme:
        return QStringLiteral("CacheScope speaks http:// and https:// only. Check the start of the URL.");
    case ExchangeError::HostNotFound:
        return QStringLiteral("Check the spelling of the host name, your DNS settings and whether a VPN or proxy "
                              "is needed to reach it.");
    case ExchangeError::ConnectionRefused:
        return QStringLiteral("Nothing is listening on that host and port. Check the port number and that the "
                              "server is running.");
    case ExchangeError::ConnectionClosed:
        return QStringLiteral("The server or a proxy closed the connection early. Check the server's logs; a "
                              "crash, a restart or a keep-alive limit can cause this.");
    case ExchangeError::Timeout:
        return QStringLiteral("The server did not answer in time. Check that it is reachable (firewall, VPN) and "
                              "not overloaded.");
    case ExchangeError::Tls:
        return QStringLiteral("Check the certificate (expired, self-signed, wrong host name) and that the port "
                              "really speaks TLS; http:// may be what the server expects.");
    case ExchangeError::Protocol:
        return QStringLiteral("The server sent something that is not HTTP/1.x. Check the port and scheme: "
                              "https on an http port (or the reverse) looks like this.");
    case ExchangeError::TooLarge:
        return QStringLiteral(
            "The header block passed CacheScope's limits (a body past the limit is truncated instead).");
    case ExchangeError::Decoding:
        return QStringLiteral("The Content-Encoding does not match the bytes. The raw bytes are kept; the server "
                              "may be compressing twice or mislabelling the body.");
    case ExchangeError::TooManyRedirects:
        return QStringLiteral("The redirects form a loop or a very long chain. Check the Location headers.");
    case ExchangeError::Cancelled:
        return QStringLiteral("The request was cancelled before it finished.");
    case ExchangeError::Network:
        return QStringLiteral("Check your network connection and the host and port in the URL.");
    }
    return {};
}

} // namespace CacheScope::Display
