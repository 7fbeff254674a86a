#pragma once

#include "client/request.h"
#include "http/httpheaders.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace CacheScope {

// Where the browser says the response came from.
enum class HarCacheSource
{
    Network,
    MemoryCache, // Chrome _fromCache "memory", Safari _fetchType "Memory Cache"
    DiskCache, // Chrome _fromCache "disk", Safari _fetchType "Disk Cache"
    Cache, // a cache hit whose kind the file does not say (no bytes on the wire for a full response)
    ServiceWorker, // Safari _fetchType "Service Worker"
};

QString cacheSourceName(HarCacheSource source);

// One log.entries[] item, reduced to what CacheScope inspects. Sizes are -1 when the file does not know.
struct HarEntry
{
    int index = -1; // position in log.entries
    QDateTime started; // invalid when missing or unreadable
    double timeMs = -1;

    QByteArray method;
    QUrl url;
    QByteArray httpVersion;
    HttpHeaders requestHeaders;
    QByteArray requestBody; // postData.text, base64-decoded when so marked

    int status = 0; // 0: no response (blocked, failed, aborted)
    QByteArray statusText;
    QByteArray responseHttpVersion;
    HttpHeaders responseHeaders;
    QByteArray mimeType;
    QByteArray redirectUrl;
    QByteArray responseBody; // content.text, base64-decoded when so marked; empty when not saved
    qint64 contentSize = -1; // decoded body size (content.size)
    qint64 compression = -1; // content.compression
    qint64 headersSize = -1; // response header block on the wire
    qint64 bodySize = -1; // response body on the wire
    qint64 transferSize = -1; // _transferSize, else headersSize + bodySize when both are known
    QString serverIpAddress;
    QString error; // Chrome/Safari _error

    HarCacheSource cacheSource = HarCacheSource::Network;
    QString cacheEvidence; // which field said so, for people: "_fromCache: \"disk\""
    QJsonObject cachescope; // the _cachescope object of a file CacheScope wrote

    bool fromCache() const
    {
        return cacheSource == HarCacheSource::MemoryCache || cacheSource == HarCacheSource::DiskCache
            || cacheSource == HarCacheSource::Cache;
    }
    bool notModified() const { return status == 304; }
    bool isRedirect() const { return status >= 300 && status < 400 && status != 304; }

    // The request again, ready for CacheScope to send: HTTP/2 pseudo-headers (":authority"), hop-by-hop
    // and framing fields (Host, Content-Length, Connection...), Accept-Encoding (CacheScope negotiates
    // what it can decode) and redacted values are dropped; each drop is explained in `notes`.
    Request toRequest(QStringList *notes = nullptr) const;
    // toRequest() made conditional on what this response said: If-None-Match from its ETag,
    // If-Modified-Since from its Last-Modified (the request's own conditional headers are replaced).
    Request toRevalidationRequest(QStringList *notes = nullptr) const;
};

struct HarParseResult
{
    QList<HarEntry> entries;
    QString harVersion; // log.version
    QString creatorName; // log.creator.name
    QString creatorVersion;
    QStringList warnings; // entry-level oddities that did not stop the import
    QString error; // empty on success; names the JSON path at fault ("log.entries[3].response.status ...")

    bool ok() const { return error.isEmpty(); }
};

// Reads a HAR 1.2 file as Chrome, Firefox, Safari and CacheScope write it. Fields the spec makes
// optional (and required ones that exporters commonly leave out but CacheScope does not need) may be
// missing; a present field of the wrong type is an error naming its path.
HarParseResult parseHar(const QByteArray &json);

// Counts for a summary line or the CLI.
struct HarSummary
{
    int entries = 0;
    int fromCache = 0; // all cache kinds below
    int fromMemoryCache = 0;
    int fromDiskCache = 0;
    int serviceWorker = 0;
    int notModified = 0; // 304
    int redirects = 0; // 3xx other than 304
    int clientErrors = 0; // 4xx
    int serverErrors = 0; // 5xx
    int failed = 0; // no response
    qint64 transferBytes = 0; // sum of the known transfer sizes
    int unknownTransfer = 0; // entries whose transfer size the file does not give
    qint64 contentBytes = 0; // sum of the known decoded sizes
    int hosts = 0; // distinct host names
};

HarSummary summarizeHar(const QList<HarEntry> &entries);

} // namespace CacheScope
