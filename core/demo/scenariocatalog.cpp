#include "scenariocatalog.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace CacheScope::Demo {

namespace {

DemoScenario scenario(const char *path, const char *title, const char *explanation, const char *lookFor)
{
    return { QString::fromUtf8(path), QString::fromUtf8(title), QString::fromUtf8(explanation),
        QString::fromUtf8(lookFor) };
}

QByteArray etagOf(const QByteArray &body)
{
    return '"' + QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex().left(16) + '"';
}

Representation document(QByteArray body, const QByteArray &contentType)
{
    Representation representation;
    const QByteArray etag = etagOf(body);
    representation.headers = { { "Cache-Control", "no-cache" }, { "ETag", etag }, { "Content-Type", contentType } };
    representation.validators.etag = parseEntityTag(etag);
    representation.body = std::move(body);
    return representation;
}

} // namespace

ScenarioCatalog::ScenarioCatalog()
{
    // Order is the order of the index page: validators, freshness, negotiation, size, bugs, status codes.
    m_entries = {
        { scenario("/validators/strong-etag", "Strong ETag",
              "Sends a strong entity tag computed from the bytes of the body and Cache-Control: no-cache, so a "
              "cache may keep the response but must ask before reusing it. A request with If-None-Match carrying "
              "that tag gets 304 Not Modified with no body.",
              "The ETag in the 200, the same tag sent back in If-None-Match, and a 304 with Date and ETag but no "
              "body."),
            &ScenarioCatalog::strongEtag },
        { scenario("/validators/weak-etag", "Weak ETag",
              "Sends a weak entity tag (W/\"...\"): the body carries the time it was generated, so the bytes change "
              "every second while the meaning does not. If-None-Match uses weak comparison, so the tag still "
              "matches and the answer is 304.",
              "The W/ prefix kept intact in If-None-Match, and a 304 even though a fresh 200 would differ in bytes."),
            &ScenarioCatalog::weakEtag },
        { scenario("/validators/last-modified", "Last-Modified only",
              "Sends Last-Modified and no ETag. The server answers 304 when If-Modified-Since is the same date or "
              "later (RFC 9110 §13.1.3: not modified unless changed after the given date).",
              "If-Modified-Since copied from Last-Modified in IMF-fixdate form, and a 304 that repeats "
              "Last-Modified."),
            &ScenarioCatalog::lastModifiedOnly },
        { scenario("/validators/both", "ETag and Last-Modified",
              "Sends both validators. When a request carries If-None-Match the server ignores If-Modified-Since "
              "entirely (RFC 9110 §13.2.2): a stale tag gets a full 200 even with a perfectly current date.",
              "A client sending both headers; a 304 decided by the ETag alone."),
            &ScenarioCatalog::bothValidators },
        { scenario("/validators/none", "No validator",
              "Sends neither ETag nor Last-Modified, with Cache-Control: no-cache. A cache has nothing to "
              "revalidate with, so every reuse costs a full download.",
              "No conditional headers on the second request, and a 200 with the whole body every time."),
            &ScenarioCatalog::noValidator },
        { scenario("/validators/changing", "Content that changes every N seconds",
              "The content changes every N seconds (query parameter every, default 10, 1 to 86400). The ETag and "
              "Last-Modified change with it and max-age counts down to the next change, so a revalidation gets "
              "304 until the content moves on, then 200 with the new tag.",
              "304s within one period and a 200 with a new ETag right after it; max-age shrinking as the change "
              "approaches."),
            &ScenarioCatalog::changing },
        { scenario("/cache/max-age", "max-age freshness",
              "Cache-Control: max-age=60 with an ETag. For a minute a cache may reuse the response without asking; "
              "after that it revalidates and gets 304.",
              "No request at all while fresh, then a conditional request once the 60 seconds are over."),
            &ScenarioCatalog::maxAge },
        { scenario("/cache/no-cache", "no-cache",
              "Cache-Control: no-cache does not forbid storing: it forbids reusing without a successful "
              "revalidation. With the ETag this costs a round trip but no body.",
              "The response stored, and a conditional request on every reuse answered by 304."),
            &ScenarioCatalog::noCache },
        { scenario("/cache/no-store", "no-store",
              "Cache-Control: no-store forbids keeping any copy. The response has an ETag, but a cache that obeys "
              "no-store has nowhere to remember it, so it never sends If-None-Match.",
              "Nothing stored, no conditional requests, a full 200 every time."),
            &ScenarioCatalog::noStore },
        { scenario("/cache/must-revalidate", "must-revalidate",
              "Cache-Control: max-age=10, must-revalidate. Fresh for 10 seconds; once stale a cache must not serve "
              "it without revalidating, not even when the origin is unreachable.",
              "Reuse for 10 seconds, then a conditional request; an error instead of stale content when offline."),
            &ScenarioCatalog::mustRevalidate },
        { scenario("/vary/accept-encoding", "Vary: Accept-Encoding with gzip",
              "Sends a real gzip body when the request accepts gzip and plain text otherwise, with Vary: "
              "Accept-Encoding. Each encoding has its own strong ETag, as the two byte sequences differ.",
              "Content-Encoding: gzip and a smaller transfer; a cache keying the two variants apart; a different "
              "ETag per encoding."),
            &ScenarioCatalog::varyGzip },
        { scenario("/large", "Large resource (4 MiB)",
              "4 MiB of deterministic text with an ETag, Last-Modified and Cache-Control: no-cache. A revalidation "
              "answered by 304 saves the whole download.",
              "Bytes transferred for the 200 against the 304: the saving revalidation buys."),
            &ScenarioCatalog::large },
        { scenario("/bugs/load-balanced", "Load-balanced instances with different ETags (bug)",
              "Three simulated instances answer in turn (X-Demo-Instance: 1, 2, 3). Each computes its ETag from "
              "something local, like an inode, so the same content gets three different tags, and each instance "
              "answers 304 only to its own tag. Most revalidations therefore download the full body again.",
              "ETags that differ between requests for unchanged content, X-Demo-Instance, and the consistency "
              "check reporting it."),
            &ScenarioCatalog::loadBalanced },
        { scenario("/bugs/ignores-if-none-match", "Server ignoring If-None-Match (bug)",
              "Sends a strong ETag but never evaluates If-None-Match: every conditional request gets a full 200 "
              "with the very tag the client just sent.",
              "A 200 whose ETag equals the If-None-Match of the request: revalidation that can never succeed."),
            &ScenarioCatalog::ignoresIfNoneMatch },
        { scenario("/bugs/304-drops-headers", "304 that drops headers (bug)",
              "The 200 carries Cache-Control: max-age=60, Expires, Vary and ETag; the 304 carries only Date and "
              "ETag. RFC 9110 §15.4.5 requires a 304 to repeat Cache-Control, Content-Location, Date, ETag, "
              "Expires and Vary, so a cache updating its entry from this 304 gets it wrong.",
              "The header difference between the 200 and the 304, and the stored entry after the merge."),
            &ScenarioCatalog::dropsHeadersOn304 },
        { scenario("/bugs/ims-equality", "If-Modified-Since compared for equality (bug)",
              "Sends Last-Modified but answers 304 only when If-Modified-Since is exactly that date. RFC 9110 "
              "§13.1.3 says not modified unless changed after the given date, so a later date must also get 304.",
              "A 200 for an If-Modified-Since later than Last-Modified, where /validators/last-modified gives 304."),
            &ScenarioCatalog::imsEquality },
        { scenario("/status/301", "301 Moved Permanently",
              "Redirects to /validators/strong-etag with Cache-Control: max-age=3600. A 301 is cacheable: clients "
              "may remember it and skip this URL next time; it may also turn a POST into a GET.",
              "The Location header and a redirect served from cache on the next visit."),
            &ScenarioCatalog::movedPermanently },
        { scenario("/status/308", "308 Permanent Redirect",
              "Redirects to /validators/both. Like 301 but the method and body must be kept. No Cache-Control: "
              "308 is heuristically cacheable.",
              "The Location header and the method kept on the follow-up request."),
            &ScenarioCatalog::permanentRedirect },
        { scenario("/status/404", "404 Not Found",
              "A 404 with Cache-Control: max-age=60: negative answers can be cached too.",
              "A cached 404 reused for a minute."),
            &ScenarioCatalog::notFound },
        { scenario("/status/410", "410 Gone",
              "The resource is gone for good. 410 is heuristically cacheable and tells clients to drop links.",
              "The status and the absence of any validator."),
            &ScenarioCatalog::gone },
        { scenario("/status/429", "429 Too Many Requests",
              "Rate limited, with Retry-After: 30 (seconds) and Cache-Control: no-store.",
              "Retry-After in its delay-seconds form, and a client waiting before retrying."),
            &ScenarioCatalog::tooManyRequests },
        { scenario("/status/503", "503 Service Unavailable",
              "Temporarily down, with Retry-After as an HTTP-date two minutes ahead and Cache-Control: no-store.",
              "Retry-After in its HTTP-date form."),
            &ScenarioCatalog::serviceUnavailable },
    };
}

QList<DemoScenario> ScenarioCatalog::scenarios() const
{
    QList<DemoScenario> result;
    result.reserve(m_entries.size());
    for (const Entry &entry : m_entries)
        result.append(entry.info);
    return result;
}

std::optional<Representation> ScenarioCatalog::represent(const QString &path, const RequestContext &context)
{
    if (path == QLatin1String("/"))
        return indexHtml(context);
    if (path == QLatin1String("/index.json"))
        return indexJson(context);
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.info.path == path)
            return (this->*entry.build)(entry.info, context);
    }
    return std::nullopt;
}

Representation ScenarioCatalog::indexHtml(const RequestContext &) const
{
    QString html = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                                  "<title>CacheScope demo origin</title>\n</head>\n<body>\n"
                                  "<h1>CacheScope demo origin</h1>\n"
                                  "<p>Each path below answers with one caching behaviour, correct or deliberately "
                                  "broken. The same list is at <a href=\"/index.json\">/index.json</a>.</p>\n<dl>\n");
    for (const Entry &entry : m_entries) {
        const DemoScenario &info = entry.info;
        html += QStringLiteral("<dt><a href=\"%1\"><code>%1</code></a> %2</dt>\n<dd><p>%3</p><p><em>Look for:</em> "
                               "%4</p></dd>\n")
                    .arg(info.path.toHtmlEscaped(), info.title.toHtmlEscaped(), info.explanation.toHtmlEscaped(),
                        info.lookFor.toHtmlEscaped());
    }
    html += QStringLiteral("</dl>\n</body>\n</html>\n");
    return document(html.toUtf8(), "text/html; charset=utf-8");
}

Representation ScenarioCatalog::indexJson(const RequestContext &context) const
{
    QJsonArray list;
    for (const Entry &entry : m_entries) {
        list.append(QJsonObject { { QStringLiteral("path"), entry.info.path },
            { QStringLiteral("title"), entry.info.title }, { QStringLiteral("explanation"), entry.info.explanation },
            { QStringLiteral("lookFor"), entry.info.lookFor } });
    }
    const QJsonObject root { { QStringLiteral("baseUrl"), context.baseUrl.toString() },
        { QStringLiteral("scenarios"), list } };
    return document(QJsonDocument(root).toJson(QJsonDocument::Indented), "application/json");
}

Representation errorRepresentation(int status, const QString &message)
{
    Representation representation;
    representation.status = status;
    representation.headers = { { "Cache-Control", "no-store" }, { "Content-Type", "application/json" } };
    const QJsonObject body { { QStringLiteral("status"), status }, { QStringLiteral("error"), message },
        { QStringLiteral("index"), QStringLiteral("/index.json") } };
    representation.body = QJsonDocument(body).toJson(QJsonDocument::Indented);
    return representation;
}

} // namespace CacheScope::Demo
