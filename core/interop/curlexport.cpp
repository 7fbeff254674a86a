#include "curlcommand.h"
#include "http/secretheaders.h"
#include "shellwords.h"

namespace CacheScope {

namespace {

const QByteArray kRedacted = QByteArrayLiteral("[redacted]");

QString methodOption(const Request &request)
{
    const bool hasBody = !request.body.isEmpty();
    if (request.method == "HEAD" && !hasBody)
        return QStringLiteral("-I");
    if ((request.method == "GET" && !hasBody) || (request.method == "POST" && hasBody))
        return {};
    return QStringLiteral("-X ") + shellWord(request.method);
}

QString urlWord(const Request &request, bool redact)
{
    QUrl url = request.url;
    if (redact && !url.password().isEmpty())
        url.setPassword(QStringLiteral("REDACTED"));
    return shellQuote(url.toString(QUrl::FullyEncoded).toUtf8());
}

// curl expands [a-b] and {a,b} in a URL's path and query into several requests; -g turns that off.
bool needsGlobOff(const QUrl &url)
{
    const QString tail = url.toString(QUrl::FullyEncoded | QUrl::RemoveScheme | QUrl::RemoveAuthority);
    return tail.contains(u'[') || tail.contains(u']') || tail.contains(u'{') || tail.contains(u'}');
}

QString secondsWord(int ms)
{
    return ms % 1000 == 0 ? QString::number(ms / 1000) : QString::number(ms / 1000.0, 'f', 3);
}

} // namespace

QString toCurlCommand(const Request &request, const CurlExportOptions &options)
{
    QStringList parts { QStringLiteral("curl ") + urlWord(request, options.redactSecrets) };
    if (needsGlobOff(request.url))
        parts << QStringLiteral("-g");
    if (const QString method = methodOption(request); !method.isEmpty())
        parts << method;
    for (const HeaderField &field : request.headers) {
        const QByteArray value = options.redactSecrets && isCredentialHeader(field.name) ? kRedacted : field.value;
        // "Name:" would tell curl to remove a header; "Name;" is how it sends an empty one.
        const QByteArray header = value.isEmpty() ? field.name + ';' : field.name + ": " + value;
        parts << QStringLiteral("-H ") + shellQuote(header);
    }
    QString prefix;
    if (!request.body.isEmpty()) {
        if (!request.headers.contains("Content-Type"))
            parts << QStringLiteral("-H 'Content-Type:'");
        if (request.body.contains('\0')) {
            prefix = QStringLiteral("printf ") + printfFormatWord(request.body) + QStringLiteral(" | ");
            parts << QStringLiteral("--data-binary @-");
        } else {
            parts << QStringLiteral("--data-raw ") + shellQuote(request.body);
        }
    }
    if (request.acceptCompressed)
        parts << QStringLiteral("--compressed");
    if (request.redirects == RedirectPolicy::Follow) {
        parts << QStringLiteral("-L");
        if (request.maxRedirects != 50)
            parts << QStringLiteral("--max-redirs %1").arg(request.maxRedirects);
    }
    if (request.timeoutMs != Request().timeoutMs)
        parts << QStringLiteral("--max-time ") + secondsWord(request.timeoutMs);
    if (!request.connectAddress.isNull()) {
        const QString address = request.connectAddress.protocol() == QAbstractSocket::IPv6Protocol
            ? u'[' + request.connectAddress.toString() + u']'
            : request.connectAddress.toString();
        const int port = request.url.port(request.url.scheme() == QLatin1String("https") ? 443 : 80);
        const QByteArray resolve = QStringLiteral("%1:%2:%3").arg(request.url.host()).arg(port).arg(address).toUtf8();
        parts << QStringLiteral("--resolve ") + shellQuote(resolve);
    }
    return prefix + parts.join(options.multiline ? QStringLiteral(" \\\n  ") : QStringLiteral(" "));
}

} // namespace CacheScope
