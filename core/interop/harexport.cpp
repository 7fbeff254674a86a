#include "harexport.h"

#include "http/secretheaders.h"

#include <QJsonArray>
#include <QStringDecoder>
#include <QUrlQuery>

namespace CacheScope {

namespace {

const char *const kValidatorNames[]
    = { "If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range" };

bool isUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(bytes);
    Q_UNUSED(decoded)
    return !decoder.hasError();
}

// Header bytes are ASCII in practice; obs-text is Latin-1 by history (RFC 9110 §5.5).
QString headerText(const QByteArray &bytes)
{
    return isUtf8(bytes) ? QString::fromUtf8(bytes) : QString::fromLatin1(bytes);
}

QByteArray mimeEssence(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
}

bool isTextMime(const QByteArray &essence)
{
    static const QByteArrayView textTypes[]
        = { "application/json", "application/javascript", "application/x-javascript", "application/ecmascript",
              "application/xml", "application/x-www-form-urlencoded", "application/graphql", "image/svg+xml" };
    if (essence.isEmpty() || essence.startsWith("text/") || essence.endsWith("+json") || essence.endsWith("+xml"))
        return true;
    for (QByteArrayView type : textTypes) {
        if (essence == type)
            return true;
    }
    return false;
}

// Sets "text" (and "encoding": "base64" when the bytes are not text) on a content or postData object.
void putBody(QJsonObject &object, const QByteArray &body, const QByteArray &contentType)
{
    if (isTextMime(mimeEssence(contentType)) && isUtf8(body) && !body.contains('\0')) {
        object.insert(QStringLiteral("text"), QString::fromUtf8(body));
    } else {
        object.insert(QStringLiteral("text"), QString::fromLatin1(body.toBase64()));
        object.insert(QStringLiteral("encoding"), QStringLiteral("base64"));
    }
}

QJsonArray headersJson(const HttpHeaders &headers, bool includeSecrets)
{
    QJsonArray array;
    for (const HeaderField &field : headers) {
        const QString value
            = !includeSecrets && isSecretHeader(field.name) ? QStringLiteral("[redacted]") : headerText(field.value);
        array.append(
            QJsonObject { { QStringLiteral("name"), headerText(field.name) }, { QStringLiteral("value"), value } });
    }
    return array;
}

QUrl exportedUrl(const Exchange &exchange, bool includeSecrets)
{
    QUrl url = exchange.finalUrl.isEmpty() ? exchange.request.url : exchange.finalUrl;
    if (!includeSecrets && !url.password().isEmpty())
        url.setPassword(QStringLiteral("[redacted]"));
    return url;
}

QString requestHttpVersion(const QByteArray &rawRequestHead)
{
    const QByteArray line = rawRequestHead.left(rawRequestHead.indexOf('\n')).trimmed();
    const QByteArray version = line.mid(line.lastIndexOf(' ') + 1);
    return version.startsWith("HTTP/") ? QString::fromLatin1(version) : QStringLiteral("HTTP/1.1");
}

QJsonObject requestJson(const Exchange &exchange, const HarExportOptions &options)
{
    const Request &request = exchange.request;
    const QUrl url = exportedUrl(exchange, options.includeSecrets);
    const bool sent = !exchange.rawRequestHead.isEmpty() || !exchange.requestHeadersSent.isEmpty();
    const HttpHeaders &headers = sent ? exchange.requestHeadersSent : request.headers;
    QJsonArray query;
    const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
    for (const auto &[name, value] : items)
        query.append(QJsonObject { { QStringLiteral("name"), name }, { QStringLiteral("value"), value } });
    QJsonObject json {
        { QStringLiteral("method"), QString::fromLatin1(request.method) },
        { QStringLiteral("url"), url.toString(QUrl::FullyEncoded) },
        { QStringLiteral("httpVersion"), requestHttpVersion(exchange.rawRequestHead) },
        { QStringLiteral("headers"), headersJson(headers, options.includeSecrets) },
        { QStringLiteral("queryString"), query },
        { QStringLiteral("cookies"), QJsonArray() },
        { QStringLiteral("headersSize"), exchange.rawRequestHead.isEmpty() ? -1 : exchange.rawRequestHead.size() },
        { QStringLiteral("bodySize"), request.body.size() },
    };
    if (!request.body.isEmpty()) {
        const QByteArray contentType = headers.first("Content-Type");
        QJsonObject postData { { QStringLiteral("mimeType"), headerText(contentType) } };
        if (options.includeBodies)
            putBody(postData, request.body, contentType);
        json.insert(QStringLiteral("postData"), postData);
    }
    return json;
}

QJsonObject contentJson(const Exchange &exchange, const HarExportOptions &options)
{
    const qint64 size = qMax(exchange.bytes.responseBodyDecoded, qint64(exchange.body.size()));
    const QByteArray contentType = exchange.responseHeaders.first("Content-Type");
    QJsonObject content {
        { QStringLiteral("size"), size },
        { QStringLiteral("mimeType"), contentType.isEmpty() ? QStringLiteral("x-unknown") : headerText(contentType) },
    };
    if (const qint64 compression = size - exchange.bytes.responseBodyWire; compression > 0 && exchange.hasResponse())
        content.insert(QStringLiteral("compression"), compression);
    if (options.includeBodies && !exchange.body.isEmpty())
        putBody(content, exchange.body, contentType);
    return content;
}

QJsonObject responseJson(const Exchange &exchange, const HarExportOptions &options)
{
    const bool has = exchange.hasResponse();
    const qint64 headersSize
        = exchange.bytes.responseHeaders > 0 ? exchange.bytes.responseHeaders : qint64(exchange.rawResponseHead.size());
    QJsonObject json {
        { QStringLiteral("status"), exchange.status },
        { QStringLiteral("statusText"), headerText(exchange.reason) },
        { QStringLiteral("httpVersion"), QString::fromLatin1(exchange.httpVersion) },
        { QStringLiteral("headers"), headersJson(exchange.responseHeaders, options.includeSecrets) },
        { QStringLiteral("cookies"), QJsonArray() },
        { QStringLiteral("content"), contentJson(exchange, options) },
        { QStringLiteral("redirectURL"), headerText(exchange.responseHeaders.first("Location")) },
        { QStringLiteral("headersSize"), has ? headersSize : -1 },
        { QStringLiteral("bodySize"), has ? exchange.bytes.responseBodyWire : -1 },
        { QStringLiteral("_transferSize"), has ? headersSize + exchange.bytes.responseBodyWire : 0 },
    };
    if (exchange.error != ExchangeError::None)
        json.insert(QStringLiteral("_error"), exchange.errorString);
    return json;
}

// HAR phases are durations; the exchange keeps the moment each phase ended, counted from the start.
QJsonObject timingsJson(const ExchangeTiming &t, qint64 *total)
{
    qint64 dns = -1, connect = -1, ssl = -1, send = 0, wait = 0, receive = 0;
    qint64 mark = 0;
    if (t.dnsMs >= 0) {
        dns = t.dnsMs;
        mark = t.dnsMs;
    }
    if (t.connectMs >= 0) {
        const qint64 end = qMax(t.connectMs, t.tlsMs);
        connect = qMax<qint64>(end - mark, 0);
        if (t.tlsMs >= 0)
            ssl = qMax<qint64>(t.tlsMs - t.connectMs, 0);
        mark = qMax(mark, end);
    }
    if (t.requestSentMs >= 0) {
        send = qMax<qint64>(t.requestSentMs - mark, 0);
        mark = qMax(mark, t.requestSentMs);
    }
    if (t.ttfbMs >= 0) {
        wait = qMax<qint64>(t.ttfbMs - mark, 0);
        mark = qMax(mark, t.ttfbMs);
        if (t.totalMs >= 0)
            receive = qMax<qint64>(t.totalMs - mark, 0);
    } else if (t.totalMs >= 0) {
        wait = qMax<qint64>(t.totalMs - mark, 0); // no answer came: the rest was spent waiting
    }
    *total = qMax<qint64>(dns, 0) + qMax<qint64>(connect, 0) + send + wait + receive;
    return QJsonObject {
        { QStringLiteral("blocked"), -1 },
        { QStringLiteral("dns"), dns },
        { QStringLiteral("connect"), connect },
        { QStringLiteral("ssl"), ssl },
        { QStringLiteral("send"), send },
        { QStringLiteral("wait"), wait },
        { QStringLiteral("receive"), receive },
    };
}

QJsonObject cacheScopeJson(const Exchange &exchange, const QJsonObject &extras)
{
    QJsonObject validators;
    for (const char *name : kValidatorNames) {
        if (exchange.requestHeadersSent.contains(name))
            validators.insert(QLatin1String(name), headerText(exchange.requestHeadersSent.combined(name)));
    }
    QJsonArray added;
    for (const QByteArray &name : exchange.addedHeaderNames)
        added.append(QString::fromLatin1(name));
    QJsonArray redirects;
    for (const RedirectHop &hop : exchange.redirects)
        redirects.append(QJsonObject { { QStringLiteral("status"), hop.status },
            { QStringLiteral("url"), hop.url.toString(QUrl::FullyEncoded) },
            { QStringLiteral("location"), hop.location.toString(QUrl::FullyEncoded) } });
    QJsonObject json {
        { QStringLiteral("notes"), QJsonArray() },
        { QStringLiteral("bytesSaved"), exchange.bytes.saved },
        { QStringLiteral("validatorsSent"), validators },
        { QStringLiteral("addedHeaders"), added },
        { QStringLiteral("connectionReused"), exchange.connectionReused },
    };
    if (!redirects.isEmpty())
        json.insert(QStringLiteral("redirects"), redirects);
    if (exchange.error != ExchangeError::None)
        json.insert(QStringLiteral("error"), errorName(exchange.error));
    for (auto it = extras.begin(); it != extras.end(); ++it)
        json.insert(it.key(), it.value());
    return json;
}

} // namespace

QJsonObject toHarEntry(const Exchange &exchange, const HarExportOptions &options, const QJsonObject &extras)
{
    const QDateTime started
        = exchange.timing.started.isValid() ? exchange.timing.started : QDateTime::fromMSecsSinceEpoch(0).toUTC();
    qint64 total = 0;
    const QJsonObject timings = timingsJson(exchange.timing, &total);
    QJsonObject entry {
        { QStringLiteral("startedDateTime"), started.toUTC().toString(Qt::ISODateWithMs) },
        { QStringLiteral("time"), total },
        { QStringLiteral("request"), requestJson(exchange, options) },
        { QStringLiteral("response"), responseJson(exchange, options) },
        { QStringLiteral("cache"), QJsonObject() },
        { QStringLiteral("timings"), timings },
        { QStringLiteral("_cachescope"), cacheScopeJson(exchange, extras) },
    };
    if (!exchange.peerAddress.isNull())
        entry.insert(QStringLiteral("serverIPAddress"), exchange.peerAddress.toString());
    return entry;
}

QJsonObject toHar(const QList<Exchange> &exchanges, const HarExportOptions &options, const QList<QJsonObject> &extras)
{
    QJsonArray entries;
    for (qsizetype i = 0; i < exchanges.size(); ++i)
        entries.append(toHarEntry(exchanges[i], options, extras.value(i)));
    QJsonObject log {
        { QStringLiteral("version"), QStringLiteral("1.2") },
        { QStringLiteral("creator"),
            QJsonObject { { QStringLiteral("name"), QStringLiteral("CacheScope") },
                { QStringLiteral("version"), options.creatorVersion } } },
        { QStringLiteral("pages"), QJsonArray() },
        { QStringLiteral("entries"), entries },
    };
    if (!options.includeSecrets)
        log.insert(QStringLiteral("comment"),
            QStringLiteral("Authorization, Proxy-Authorization, Cookie and Set-Cookie values are redacted."));
    return QJsonObject { { QStringLiteral("log"), log } };
}

} // namespace CacheScope
