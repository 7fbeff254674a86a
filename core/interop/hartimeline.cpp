#include "harexport.h"

#include <QJsonArray>

namespace CacheScope {

namespace {

// The request line and header block as CacheScope's client writes them ("Name: value\r\n", an empty line).
QByteArray requestHead(const QByteArray &method, const QUrl &url, const HttpHeaders &headers)
{
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    QByteArray head = method + ' ' + target + " HTTP/1.1\r\n";
    for (const HeaderField &field : headers)
        head += field.name + ": " + field.value + "\r\n";
    return head + "\r\n";
}

} // namespace

Exchange exchangeFromTimelineEvent(const TimelineEvent &event)
{
    Exchange exchange;
    exchange.request.url = event.url;
    exchange.request.method = event.requestMethod.isEmpty() ? QByteArray("GET") : event.requestMethod;
    HttpHeaders sent = event.requestHeaders;
    HttpHeaders received = event.responseHeaders;
    if (sent.isEmpty()) { // an event from before the header blocks were kept: what it does know
        if (!event.sentIfNoneMatch.isEmpty())
            sent.append("If-None-Match", event.sentIfNoneMatch);
        if (!event.sentIfModifiedSince.isEmpty())
            sent.append("If-Modified-Since", event.sentIfModifiedSince);
    }
    if (received.isEmpty() && event.status > 0) {
        if (!event.receivedEtag.isEmpty())
            received.append("ETag", event.receivedEtag);
        if (!event.receivedLastModified.isEmpty())
            received.append("Last-Modified", event.receivedLastModified);
    }
    exchange.request.headers = sent;
    exchange.requestHeadersSent = sent;
    if (!event.requestHeaders.isEmpty())
        exchange.rawRequestHead = requestHead(exchange.request.method, event.url, sent);
    exchange.status = event.status > 0 ? event.status : 0;
    if (exchange.status > 0) {
        exchange.httpVersion = event.responseHttpVersion.isEmpty() ? QByteArray("HTTP/1.1") : event.responseHttpVersion;
        exchange.reason = event.responseStatusText;
        exchange.responseHeaders = received;
    }
    exchange.timing.started = event.time;
    exchange.timing.ttfbMs = event.ttfbMs;
    exchange.timing.totalMs = event.totalMs;
    exchange.bytes.request = exchange.rawRequestHead.size();
    exchange.bytes.responseHeaders = event.responseHeaderBytes;
    exchange.bytes.responseBodyWire = event.responseBodyWireBytes;
    exchange.bytes.responseBodyDecoded = event.decodedBodyBytes;
    exchange.bytes.saved = event.bytesSaved;
    const QByteArray encoding = received.first("Content-Encoding").trimmed().toLower();
    if (encoding == "gzip" || encoding == "deflate")
        exchange.contentEncoding = encoding;
    if (event.isError()) {
        exchange.error = ExchangeError::Network; // the kind is not kept; the sentence is
        exchange.errorString = event.error;
    }
    return exchange;
}

QJsonObject timelineEventToHarEntry(const TimelineEvent &event, const HarExportOptions &options)
{
    HarExportOptions noBodies = options;
    noBodies.includeBodies = false;
    QJsonArray notes;
    for (const TimelineNote &note : event.notes)
        notes.append(QJsonObject { { QStringLiteral("severity"), noteSeverityName(note.severity) },
            { QStringLiteral("code"), note.code }, { QStringLiteral("text"), note.text } });
    QJsonObject extras {
        { QStringLiteral("notes"), notes },
        { QStringLiteral("bytesSaved"), event.bytesSaved },
        { QStringLiteral("contentChanged"), contentChangeName(event.contentChanged) },
        { QStringLiteral("timelineId"), event.id },
        { QStringLiteral("watchId"), event.watchId },
    };
    if (event.requestHeaders.isEmpty())
        extras.insert(QStringLiteral("headersIncomplete"), true);
    if (event.isError())
        extras.insert(QStringLiteral("error"), event.error);
    QJsonObject entry = toHarEntry(exchangeFromTimelineEvent(event), noBodies, extras);
    if (event.isError()) {
        QJsonObject response = entry.value(QStringLiteral("response")).toObject();
        response.insert(QStringLiteral("_error"), event.error);
        entry.insert(QStringLiteral("response"), response);
    }
    return entry;
}

QJsonObject timelineToHar(const QList<TimelineEvent> &events, const HarExportOptions &options)
{
    QJsonObject har = toHar({}, options);
    QJsonObject log = har.value(QStringLiteral("log")).toObject();
    QJsonArray entries;
    for (const TimelineEvent &event : events)
        entries.append(timelineEventToHarEntry(event, options));
    log.insert(QStringLiteral("entries"), entries);
    har.insert(QStringLiteral("log"), log);
    return har;
}

} // namespace CacheScope
