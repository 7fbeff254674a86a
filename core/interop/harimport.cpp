#include "harimport.h"
#include "util/jsontypes.h"

#include <cmath>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>

namespace CacheScope {

namespace {

QString typeName(const QJsonValue &value)
{
    return describeJsonType(value, QStringLiteral("missing"));
}

// Reads the JSON tree field by field, keeping the path of the first problem for the error message.
class HarReader
{
public:
    HarParseResult run(const QByteArray &json);

private:
    bool fail(const QString &path, const QString &problem)
    {
        if (m_result.error.isEmpty())
            m_result.error = path + u' ' + problem;
        return false;
    }

    // Each getter: true when the field is absent (and not required) or of the right type.
    bool field(const QJsonObject &o, const QString &path, const char *key, QJsonValue::Type type, bool required,
        QJsonValue *out);
    bool string(const QJsonObject &o, const QString &path, const char *key, bool required, QString *out);
    bool number(const QJsonObject &o, const QString &path, const char *key, bool required, double *out);
    bool size(const QJsonObject &o, const QString &path, const char *key, qint64 *out);

    bool readEntry(const QJsonObject &e, const QString &path, HarEntry *entry);
    bool readRequest(const QJsonObject &r, const QString &path, HarEntry *entry);
    bool readResponse(const QJsonObject &r, const QString &path, HarEntry *entry);
    bool readHeaders(const QJsonObject &parent, const QString &path, HttpHeaders *out);
    bool readText(const QJsonObject &o, const QString &path, QByteArray *out);
    void detectCache(const QJsonObject &e, const QJsonObject &response, HarEntry *entry);

    HarParseResult m_result;
};

QString join(const QString &path, const char *key)
{
    return path.isEmpty() ? QLatin1String(key) : path + u'.' + QLatin1String(key);
}

bool HarReader::field(
    const QJsonObject &o, const QString &path, const char *key, QJsonValue::Type type, bool required, QJsonValue *out)
{
    const QJsonValue value = o.value(QLatin1String(key));
    if (value.isUndefined() || (value.isNull() && !required)) {
        *out = QJsonValue(QJsonValue::Undefined);
        return required ? fail(join(path, key), QStringLiteral("is missing")) : true;
    }
    if (value.type() != type) {
        static const QHash<int, QString> wanted { { QJsonValue::Double, QStringLiteral("a number") },
            { QJsonValue::String, QStringLiteral("a string") }, { QJsonValue::Array, QStringLiteral("an array") },
            { QJsonValue::Object, QStringLiteral("an object") }, { QJsonValue::Bool, QStringLiteral("a boolean") } };
        return fail(join(path, key), QStringLiteral("is not %1 (it is %2)").arg(wanted.value(type), typeName(value)));
    }
    *out = value;
    return true;
}

bool HarReader::string(const QJsonObject &o, const QString &path, const char *key, bool required, QString *out)
{
    QJsonValue value;
    if (!field(o, path, key, QJsonValue::String, required, &value))
        return false;
    if (value.isString())
        *out = value.toString();
    return true;
}

bool HarReader::number(const QJsonObject &o, const QString &path, const char *key, bool required, double *out)
{
    QJsonValue value;
    if (!field(o, path, key, QJsonValue::Double, required, &value))
        return false;
    if (value.isDouble())
        *out = value.toDouble();
    return true;
}

// Byte counts: -1 (the spec's "unknown") for absent or negative values.
bool HarReader::size(const QJsonObject &o, const QString &path, const char *key, qint64 *out)
{
    double value = -1;
    if (!number(o, path, key, false, &value))
        return false;
    *out = std::isfinite(value) && value >= 0 && value < 9e15 ? qint64(value) : -1;
    return true;
}

HarParseResult HarReader::run(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        m_result.error = QStringLiteral("the file is not JSON: %1 at byte %2")
                             .arg(parseError.errorString())
                             .arg(parseError.offset);
        return m_result;
    }
    if (!document.isObject()) {
        m_result.error = QStringLiteral("the file is not a HAR file: its top level is not a JSON object");
        return m_result;
    }
    QJsonValue logValue;
    QJsonValue entriesValue;
    if (!field(document.object(), QString(), "log", QJsonValue::Object, true, &logValue))
        return m_result;
    const QJsonObject log = logValue.toObject();
    if (!field(log, QStringLiteral("log"), "entries", QJsonValue::Array, true, &entriesValue))
        return m_result;
    string(log, QStringLiteral("log"), "version", false, &m_result.harVersion);
    QJsonValue creator;
    if (field(log, QStringLiteral("log"), "creator", QJsonValue::Object, false, &creator) && creator.isObject()) {
        string(creator.toObject(), QStringLiteral("log.creator"), "name", false, &m_result.creatorName);
        string(creator.toObject(), QStringLiteral("log.creator"), "version", false, &m_result.creatorVersion);
    }
    if (!m_result.error.isEmpty())
        return m_result;
    if (!m_result.harVersion.isEmpty() && m_result.harVersion != QLatin1String("1.2")
        && m_result.harVersion != QLatin1String("1.1"))
        m_result.warnings.append(QStringLiteral("log.version is %1; read as HAR 1.2").arg(m_result.harVersion));
    const QJsonArray entries = entriesValue.toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString path = QStringLiteral("log.entries[%1]").arg(i);
        if (!entries[i].isObject()) {
            fail(path, QStringLiteral("is not an object (it is %1)").arg(typeName(entries[i])));
            break;
        }
        HarEntry entry;
        entry.index = int(i);
        if (!readEntry(entries[i].toObject(), path, &entry))
            break;
        m_result.entries.append(entry);
    }
    if (!m_result.error.isEmpty())
        m_result.entries.clear();
    return m_result;
}

bool HarReader::readEntry(const QJsonObject &e, const QString &path, HarEntry *entry)
{
    QJsonValue request;
    QJsonValue response;
    QString started;
    if (!field(e, path, "request", QJsonValue::Object, true, &request)
        || !field(e, path, "response", QJsonValue::Object, true, &response)
        || !string(e, path, "startedDateTime", false, &started) || !number(e, path, "time", false, &entry->timeMs)
        || !string(e, path, "serverIPAddress", false, &entry->serverIpAddress))
        return false;
    if (!started.isEmpty()) {
        entry->started = QDateTime::fromString(started, Qt::ISODateWithMs);
        if (!entry->started.isValid())
            m_result.warnings.append(
                QStringLiteral("%1.startedDateTime '%2' is not an ISO 8601 date").arg(path, started));
    }
    if (!readRequest(request.toObject(), path + QLatin1String(".request"), entry)
        || !readResponse(response.toObject(), path + QLatin1String(".response"), entry))
        return false;
    detectCache(e, response.toObject(), entry);
    QJsonValue cachescope;
    if (!field(e, path, "_cachescope", QJsonValue::Object, false, &cachescope))
        return false;
    entry->cachescope = cachescope.toObject();
    return true;
}

bool HarReader::readRequest(const QJsonObject &r, const QString &path, HarEntry *entry)
{
    QString method;
    QString url;
    QString version;
    if (!string(r, path, "method", true, &method) || !string(r, path, "url", true, &url)
        || !string(r, path, "httpVersion", false, &version) || !readHeaders(r, path, &entry->requestHeaders))
        return false;
    entry->method = method.toLatin1();
    entry->httpVersion = version.toLatin1();
    entry->url = QUrl(url);
    if (!entry->url.isValid() || url.isEmpty())
        return fail(path + QLatin1String(".url"), QStringLiteral("is not a valid URL: '%1'").arg(url.left(200)));
    QJsonValue postData;
    if (!field(r, path, "postData", QJsonValue::Object, false, &postData))
        return false;
    if (!postData.isObject())
        return true;
    const QString postPath = path + QLatin1String(".postData");
    const QJsonObject post = postData.toObject();
    if (!readText(post, postPath, &entry->requestBody))
        return false;
    QJsonValue params;
    if (!field(post, postPath, "params", QJsonValue::Array, false, &params))
        return false;
    if (!post.contains(QLatin1String("text"))) { // the spec allows params instead of text for forms
        QByteArrayList pairs;
        for (const QJsonValue &p : params.toArray())
            pairs.append(p[QLatin1String("name")].toString().toUtf8().toPercentEncoding() + '='
                + p[QLatin1String("value")].toString().toUtf8().toPercentEncoding());
        entry->requestBody = pairs.join('&');
    }
    return true;
}

bool HarReader::readResponse(const QJsonObject &r, const QString &path, HarEntry *entry)
{
    double status = 0;
    QString text;
    QString version;
    QString redirect;
    if (!number(r, path, "status", true, &status) || !string(r, path, "statusText", false, &text)
        || !string(r, path, "httpVersion", false, &version) || !string(r, path, "redirectURL", false, &redirect)
        || !size(r, path, "headersSize", &entry->headersSize) || !size(r, path, "bodySize", &entry->bodySize)
        || !readHeaders(r, path, &entry->responseHeaders))
        return false;
    if (status < 0 || status > 999 || status != std::floor(status))
        return fail(path + QLatin1String(".status"), QStringLiteral("is not an HTTP status code: %1").arg(status));
    entry->status = int(status);
    entry->statusText = text.toUtf8();
    entry->responseHttpVersion = version.toLatin1();
    entry->redirectUrl = redirect.toUtf8();
    // Chrome writes "_error": null for success, a sentence otherwise.
    if (r.value(QLatin1String("_error")).isString())
        entry->error = r.value(QLatin1String("_error")).toString();
    QJsonValue content;
    if (!field(r, path, "content", QJsonValue::Object, false, &content))
        return false;
    const QString contentPath = path + QLatin1String(".content");
    const QJsonObject c = content.toObject();
    QString mime;
    if (!size(c, contentPath, "size", &entry->contentSize) || !size(c, contentPath, "compression", &entry->compression)
        || !string(c, contentPath, "mimeType", false, &mime) || !readText(c, contentPath, &entry->responseBody))
        return false;
    entry->mimeType = mime.toUtf8();
    qint64 transfer = -1;
    if (!size(r, path, "_transferSize", &transfer))
        return false;
    entry->transferSize = transfer >= 0                   ? transfer
        : entry->headersSize >= 0 && entry->bodySize >= 0 ? entry->headersSize + entry->bodySize
                                                          : -1;
    return true;
}

bool HarReader::readHeaders(const QJsonObject &parent, const QString &path, HttpHeaders *out)
{
    QJsonValue headers;
    if (!field(parent, path, "headers", QJsonValue::Array, false, &headers))
        return false;
    const QJsonArray array = headers.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString at = QStringLiteral("%1.headers[%2]").arg(path).arg(i);
        if (!array[i].isObject())
            return fail(at, QStringLiteral("is not an object (it is %1)").arg(typeName(array[i])));
        QString name;
        QString value;
        if (!string(array[i].toObject(), at, "name", true, &name)
            || !string(array[i].toObject(), at, "value", true, &value))
            return false;
        out->append(name.toUtf8(), value.toUtf8());
    }
    return true;
}

bool HarReader::readText(const QJsonObject &o, const QString &path, QByteArray *out)
{
    QString text;
    QString encoding;
    if (!string(o, path, "text", false, &text) || !string(o, path, "encoding", false, &encoding))
        return false;
    if (encoding.compare(QLatin1String("base64"), Qt::CaseInsensitive) != 0) {
        *out = text.toUtf8();
        return true;
    }
    auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        m_result.warnings.append(QStringLiteral("%1.text is marked base64 but is not: the body is left out").arg(path));
    *out = decoded ? *decoded : QByteArray();
    return true;
}

void HarReader::detectCache(const QJsonObject &e, const QJsonObject &response, HarEntry *entry)
{
    const QJsonValue chrome = e.value(QLatin1String("_fromCache"));
    if (chrome.isString()) {
        const QString kind = chrome.toString();
        entry->cacheSource = kind == QLatin1String("memory") ? HarCacheSource::MemoryCache
            : kind == QLatin1String("disk")                  ? HarCacheSource::DiskCache
                                                             : HarCacheSource::Cache;
        entry->cacheEvidence = QStringLiteral("_fromCache: \"%1\"").arg(kind);
        return;
    }
    const QJsonValue safari = e.value(QLatin1String("_fetchType"));
    if (safari.isString()) {
        const QString kind = safari.toString();
        entry->cacheSource = kind == QLatin1String("Memory Cache") ? HarCacheSource::MemoryCache
            : kind == QLatin1String("Disk Cache")                  ? HarCacheSource::DiskCache
            : kind == QLatin1String("Service Worker")              ? HarCacheSource::ServiceWorker
                                                                   : HarCacheSource::Network;
        entry->cacheEvidence = QStringLiteral("_fetchType: \"%1\"").arg(kind);
        return;
    }
    if (response.value(QLatin1String("_fromDiskCache")).toBool()) { // older Chrome
        entry->cacheSource = HarCacheSource::DiskCache;
        entry->cacheEvidence = QStringLiteral("_fromDiskCache: true");
        return;
    }
    // Firefox has no flag: a full response with no bytes on the wire can only have come from a cache.
    const bool noTransferField = !response.value(QLatin1String("_transferSize")).isDouble();
    const bool nothingOnWire = entry->transferSize == 0 || (noTransferField && entry->bodySize == 0);
    if (entry->status >= 200 && entry->status != 304 && entry->contentSize > 0 && nothingOnWire) {
        entry->cacheSource = HarCacheSource::Cache;
        entry->cacheEvidence = QStringLiteral("no bytes on the wire for a %1-byte response").arg(entry->contentSize);
    }
}

bool isDroppedOnResend(QByteArrayView name)
{
    static const QByteArrayView names[] = { "Host", "Content-Length", "Connection", "Keep-Alive", "Transfer-Encoding",
        "TE", "Trailer", "Upgrade", "Proxy-Connection" };
    for (QByteArrayView n : names) {
        if (sameHeaderName(name, n))
            return true;
    }
    return false;
}

QString nameList(const QByteArrayList &names)
{
    return QString::fromUtf8(names.join(", "));
}

} // namespace

QString cacheSourceName(HarCacheSource source)
{
    switch (source) {
    case HarCacheSource::Network:
        return QStringLiteral("network");
    case HarCacheSource::MemoryCache:
        return QStringLiteral("memory cache");
    case HarCacheSource::DiskCache:
        return QStringLiteral("disk cache");
    case HarCacheSource::Cache:
        return QStringLiteral("cache");
    case HarCacheSource::ServiceWorker:
        return QStringLiteral("service worker");
    }
    return QStringLiteral("unknown");
}

Request HarEntry::toRequest(QStringList *notes) const
{
    Request request;
    request.method = method;
    request.url = url;
    request.body = requestBody;
    QByteArrayList pseudo, framing, redacted;
    bool droppedEncoding = false;
    for (const HeaderField &field : requestHeaders) {
        if (field.name.startsWith(':'))
            pseudo.append(field.name);
        else if (isDroppedOnResend(field.name))
            framing.append(field.name);
        else if (field.value == "[redacted]")
            redacted.append(field.name);
        else if (sameHeaderName(field.name, "Accept-Encoding"))
            droppedEncoding = true;
        else
            request.headers.append(field.name, field.value);
    }
    request.acceptCompressed = true;
    if (!notes)
        return request;
    if (!pseudo.isEmpty())
        notes->append(
            QStringLiteral("HTTP/2 pseudo-headers left out (CacheScope speaks HTTP/1.1): %1").arg(nameList(pseudo)));
    if (!framing.isEmpty())
        notes->append(QStringLiteral("connection and framing headers left out (CacheScope sets its own): %1")
                          .arg(nameList(framing)));
    if (!redacted.isEmpty())
        notes->append(QStringLiteral("redacted in the file, so not sent: %1").arg(nameList(redacted)));
    if (droppedEncoding)
        notes->append(QStringLiteral("Accept-Encoding left out: CacheScope asks for the encodings it can decode"));
    return request;
}

Request HarEntry::toRevalidationRequest(QStringList *notes) const
{
    Request request = toRequest(notes);
    for (const char *name : { "If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range" })
        request.headers.remove(name);
    const QByteArray etag = responseHeaders.first("ETag");
    const QByteArray lastModified = responseHeaders.first("Last-Modified");
    if (!etag.isEmpty())
        request.headers.append("If-None-Match", etag);
    if (!lastModified.isEmpty())
        request.headers.append("If-Modified-Since", lastModified);
    if (etag.isEmpty() && lastModified.isEmpty() && notes)
        notes->append(QStringLiteral("the response has neither ETag nor Last-Modified: there is nothing to revalidate "
                                     "with, so the request is not conditional"));
    return request;
}

HarParseResult parseHar(const QByteArray &json)
{
    return HarReader().run(json);
}

HarSummary summarizeHar(const QList<HarEntry> &entries)
{
    HarSummary s;
    QSet<QString> hosts;
    for (const HarEntry &e : entries) {
        ++s.entries;
        s.fromCache += e.fromCache() ? 1 : 0;
        s.fromMemoryCache += e.cacheSource == HarCacheSource::MemoryCache ? 1 : 0;
        s.fromDiskCache += e.cacheSource == HarCacheSource::DiskCache ? 1 : 0;
        s.serviceWorker += e.cacheSource == HarCacheSource::ServiceWorker ? 1 : 0;
        s.notModified += e.notModified() ? 1 : 0;
        s.redirects += e.isRedirect() ? 1 : 0;
        s.clientErrors += e.status >= 400 && e.status < 500 ? 1 : 0;
        s.serverErrors += e.status >= 500 ? 1 : 0;
        s.failed += e.status == 0 ? 1 : 0;
        if (e.transferSize >= 0)
            s.transferBytes += e.transferSize;
        else
            ++s.unknownTransfer;
        s.contentBytes += qMax<qint64>(e.contentSize, 0);
        if (!e.url.host().isEmpty())
            hosts.insert(e.url.host().toLower());
    }
    s.hosts = int(hosts.size());
    return s;
}

} // namespace CacheScope
