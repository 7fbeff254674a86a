#include "requestwriter.h"

namespace CacheScope {

QByteArray hostHeaderValue(const QUrl &url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    const bool https = url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
    const int defaultPort = https ? 443 : 80;
    const int port = url.port(defaultPort);
    if (port != defaultPort)
        host += ':' + QByteArray::number(port);
    return host;
}

QByteArray requestTarget(const QUrl &url)
{
    QByteArray target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    if (target.isEmpty() || target.front() != '/')
        target.prepend('/');
    return target;
}

WireRequest buildWireRequest(const Request &request, const QByteArray &userAgent)
{
    WireRequest wire;
    wire.body = request.body;
    HttpHeaders &h = wire.headers;
    auto add = [&wire](const QByteArray &name, const QByteArray &value) {
        wire.headers.append(name, value);
        wire.addedHeaderNames.append(name);
    };

    // Host first, as clients conventionally send it (RFC 9112 §3.2 requires it in every HTTP/1.1 request).
    if (!request.headers.contains("Host"))
        add("Host", hostHeaderValue(request.url));
    for (const HeaderField &field : request.headers)
        h.append(field.name, field.value);

    if (request.addDefaultHeaders) {
        if (!request.headers.contains("User-Agent"))
            add("User-Agent", userAgent);
        if (!request.headers.contains("Accept"))
            add("Accept", "*/*");
        if (request.acceptCompressed && !request.headers.contains("Accept-Encoding"))
            add("Accept-Encoding", "gzip, deflate");
        if (!request.url.userInfo().isEmpty() && !request.headers.contains("Authorization")) {
            const QByteArray credentials = request.url.userName(QUrl::FullyDecoded).toUtf8() + ':'
                + request.url.password(QUrl::FullyDecoded).toUtf8();
            add("Authorization", "Basic " + credentials.toBase64());
        }
    }
    const QByteArray method = request.method;
    const bool bodyMethod = method == "POST" || method == "PUT" || method == "PATCH";
    if (!request.headers.contains("Content-Length") && !request.headers.contains("Transfer-Encoding")
        && (!request.body.isEmpty() || bodyMethod))
        add("Content-Length", QByteArray::number(request.body.size()));

    wire.head = method + ' ' + requestTarget(request.url) + " HTTP/1.1\r\n" + h.toWire() + "\r\n";
    return wire;
}

} // namespace CacheScope
