#include "exchangejson.h"

#include "client/certificatetext.h"
#include "client/httpclient.h"
#include "http/secretheaders.h"
#include "output.h"

#include <QEventLoop>
#include <QStringDecoder>

namespace CacheScope::Cli {

QJsonArray headersToJson(const HttpHeaders &headers)
{
    QJsonArray array;
    for (const HeaderField &field : headers)
        array.append(QJsonArray { QString::fromLatin1(field.name), QString::fromLatin1(field.value) });
    return array;
}

static QJsonValue msOrNull(qint64 ms)
{
    return ms < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(ms);
}

static QJsonValue bodyText(const QByteArray &body)
{
    constexpr qsizetype kMaxText = 1024 * 1024;
    if (body.size() > kMaxText)
        return QJsonValue::Null;
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(body);
    if (decoder.hasError())
        return QJsonValue::Null;
    return text;
}

// The certificate chain a TLS error was about, for a person (or a script) to check before accepting it.
static QJsonValue rejectedCertificatesToJson(const Exchange &exchange)
{
    if (exchange.rejectedCertificates.isEmpty())
        return QJsonValue::Null;
    QJsonArray chain;
    for (const QSslCertificate &certificate : exchange.rejectedCertificates) {
        const CertificateText c = describeCertificate(certificate);
        chain.append(QJsonObject { { QStringLiteral("subject"), c.subject },
            { QStringLiteral("subject_names"), c.subjectNames }, { QStringLiteral("issuer"), c.issuer },
            { QStringLiteral("valid_from"), c.validFrom }, { QStringLiteral("valid_to"), c.validTo },
            { QStringLiteral("sha256"), c.sha256 }, { QStringLiteral("self_signed"), c.selfSigned } });
    }
    return QJsonObject { { QStringLiteral("host"), exchange.finalUrl.host() },
        { QStringLiteral("errors"), QJsonArray::fromStringList(exchange.tlsErrors) },
        { QStringLiteral("chain"), chain } };
}

QJsonObject exchangeToJson(const Exchange &exchange)
{
    QJsonObject timing {
        { QStringLiteral("dns"), msOrNull(exchange.timing.dnsMs) },
        { QStringLiteral("connect"), msOrNull(exchange.timing.connectMs) },
        { QStringLiteral("tls"), msOrNull(exchange.timing.tlsMs) },
        { QStringLiteral("ttfb"), msOrNull(exchange.timing.ttfbMs) },
        { QStringLiteral("total"), msOrNull(exchange.timing.totalMs) },
    };
    QJsonObject bytes {
        { QStringLiteral("request"), exchange.bytes.request },
        { QStringLiteral("response_headers"), exchange.bytes.responseHeaders },
        { QStringLiteral("response_body_wire"), exchange.bytes.responseBodyWire },
        { QStringLiteral("response_body_decoded"), exchange.bytes.responseBodyDecoded },
    };
    QJsonArray interim;
    for (const InterimResponse &response : exchange.interim) {
        interim.append(QJsonObject { { QStringLiteral("status"), response.status },
            { QStringLiteral("reason"), QString::fromLatin1(response.reason) },
            { QStringLiteral("headers"), headersToJson(response.headers) } });
    }
    QJsonArray redirects;
    for (const RedirectHop &hop : exchange.redirects) {
        redirects.append(QJsonObject { { QStringLiteral("status"), hop.status },
            { QStringLiteral("url"), hop.url.toString() }, { QStringLiteral("location"), hop.location.toString() } });
    }
    QJsonArray added;
    for (const QByteArray &name : exchange.addedHeaderNames)
        added.append(QString::fromLatin1(name));
    QJsonValue error = QJsonValue::Null;
    if (exchange.error != ExchangeError::None) {
        error = QJsonObject { { QStringLiteral("kind"), errorName(exchange.error) },
            { QStringLiteral("message"), exchange.errorString } };
    }
    const bool hasResponse = exchange.hasResponse();
    return QJsonObject {
        { QStringLiteral("url"), withoutPassword(exchange.request.url).toString() },
        { QStringLiteral("final_url"), withoutPassword(exchange.finalUrl).toString() },
        { QStringLiteral("method"), QString::fromLatin1(exchange.request.method) },
        { QStringLiteral("status"), hasResponse ? QJsonValue(exchange.status) : QJsonValue::Null },
        { QStringLiteral("reason"), hasResponse ? QJsonValue(QString::fromLatin1(exchange.reason)) : QJsonValue::Null },
        { QStringLiteral("http_version"),
            hasResponse ? QJsonValue(QString::fromLatin1(exchange.httpVersion)) : QJsonValue::Null },
        // Output ends up in logs: credentials are shown by length only (see secretheaders.h).
        { QStringLiteral("request_headers"), headersToJson(redactCredentials(exchange.requestHeadersSent)) },
        { QStringLiteral("added_request_headers"), added },
        { QStringLiteral("response_headers"), headersToJson(exchange.responseHeaders) },
        { QStringLiteral("interim_responses"), interim },
        { QStringLiteral("redirects"), redirects },
        { QStringLiteral("timing_ms"), timing },
        { QStringLiteral("bytes"), bytes },
        { QStringLiteral("content_encoding"),
            exchange.contentEncoding.isEmpty() ? QJsonValue(QJsonValue::Null)
                                               : QJsonValue(QString::fromLatin1(exchange.contentEncoding)) },
        { QStringLiteral("peer"),
            exchange.peerAddress.isNull()
                ? QJsonValue(QJsonValue::Null)
                : QJsonValue(QStringLiteral("%1:%2").arg(exchange.peerAddress.toString()).arg(exchange.peerPort)) },
        { QStringLiteral("connection_reused"), exchange.connectionReused },
        { QStringLiteral("notes"), QJsonArray::fromStringList(exchange.protocolNotes) },
        { QStringLiteral("body_text"), bodyText(exchange.body) },
        { QStringLiteral("body_truncated"), exchange.bodyTruncated },
        { QStringLiteral("body_limit"), exchange.request.maxBodyBytes },
        { QStringLiteral("error"), error },
        { QStringLiteral("rejected_certificate"), rejectedCertificatesToJson(exchange) },
    };
}

void printExchange(const Exchange &exchange, bool printBody)
{
    QTextStream &o = out();
    o << exchange.request.method << ' ' << withoutPassword(exchange.request.url).toString() << '\n';
    for (const RedirectHop &hop : exchange.redirects)
        o << "  " << hop.status << " → " << hop.location.toString() << '\n';
    if (!exchange.peerAddress.isNull()) {
        o << "  connected to " << exchange.peerAddress.toString() << " port " << exchange.peerPort
          << (exchange.connectionReused ? " (reused connection)" : "") << '\n';
    }
    o << '\n';
    for (const InterimResponse &interim : exchange.interim)
        o << "(interim) " << interim.status << ' ' << interim.reason << '\n';
    if (exchange.hasResponse()) {
        o << exchange.httpVersion << ' ' << exchange.status << ' ' << exchange.reason << '\n';
        for (const HeaderField &field : exchange.responseHeaders)
            o << field.name << ": " << field.value << '\n';
        o << '\n';
    }
    if (printBody && !exchange.body.isEmpty()) {
        QStringDecoder decoder(QStringDecoder::Utf8);
        const QString text = decoder.decode(exchange.body);
        if (decoder.hasError() || exchange.body.contains('\0'))
            o << "[binary body, " << exchange.body.size() << " bytes: not printed; use -o FILE to save it]\n";
        else
            o << text << (text.endsWith(QLatin1Char('\n')) ? "" : "\n");
        o << '\n';
    }
    for (const QString &note : exchange.protocolNotes)
        o << "note: " << note << '\n';
    const ByteCounts &b = exchange.bytes;
    if (exchange.hasResponse()) {
        o << "── " << exchange.status << ' ' << exchange.reason << " · total " << exchange.timing.totalMs << " ms";
        if (exchange.timing.ttfbMs >= 0)
            o << " · TTFB " << exchange.timing.ttfbMs << " ms";
        o << '\n'
          << "── sent " << formatBytes(b.request) << " · received " << formatBytes(b.responseTotal()) << " (headers "
          << formatBytes(b.responseHeaders) << " + body " << formatBytes(b.responseBodyWire) << " on the wire)"
          << " · body decoded " << formatBytes(b.responseBodyDecoded);
        if (!exchange.contentEncoding.isEmpty())
            o << " (" << exchange.contentEncoding << ')';
        if (exchange.bodyTruncated)
            o << " · TRUNCATED: " << formatBytes(exchange.body.size()) << " kept (--max-body)";
        o << '\n';
    }
    if (!exchange.rejectedCertificates.isEmpty()) {
        const QString host = exchange.finalUrl.host();
        o << "certificate presented by " << host << " (rejected):\n"
          << chainToText(exchange.rejectedCertificates, QStringLiteral("  "));
        for (const QString &problem : exchange.tlsErrors)
            o << "  problem: " << problem << '\n';
        o << "If you trust this certificate, accept it for " << host << " for one run with:\n  --accept-certificate "
          << host << '=' << describeCertificate(exchange.rejectedCertificates.first()).sha256 << '\n';
    }
    o.flush();
}

Exchange sendAndWait(HttpClient &client, const Request &request)
{
    HttpTransfer *transfer = client.send(request);
    QEventLoop loop;
    Exchange result;
    QObject::connect(transfer, &HttpTransfer::finished, &loop, [&](const Exchange &exchange) {
        result = exchange;
        loop.quit();
    });
    loop.exec();
    transfer->deleteLater();
    return result;
}

} // namespace CacheScope::Cli
