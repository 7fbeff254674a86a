// The responses of ScenarioCatalog, one builder per scenario (the table itself is in scenariocatalog.cpp).

#include "gzipencoding.h"
#include "scenariocatalog.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace CacheScope::Demo {

namespace {

// When the static scenarios were last changed; fixed so their validators never move.
QDateTime publishedAt()
{
    return QDateTime(QDate(2024, 1, 15), QTime(9, 30, 0), QTimeZone::utc());
}

// RFC 9110 §8.8.2.1: an origin must not send a Last-Modified later than its own Date.
QDateTime notAfter(const QDateTime &lastModified, const QDateTime &now)
{
    return qMin(lastModified, now);
}

QByteArray hashTag(const char *prefix, const QByteArray &body, const char *suffix = "")
{
    const QByteArray hash = QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex().left(16);
    return '"' + QByteArray(prefix) + '-' + hash + suffix + '"';
}

QByteArray scenarioJson(const DemoScenario &info, QJsonObject extra = {})
{
    extra.insert(QStringLiteral("scenario"), info.path);
    extra.insert(QStringLiteral("title"), info.title);
    extra.insert(QStringLiteral("explanation"), info.explanation);
    return QJsonDocument(extra).toJson(QJsonDocument::Indented);
}

QString dateString(const QDateTime &instant)
{
    return QString::fromLatin1(formatHttpDate(instant));
}

// Appends in call order, so each builder reads like the header block it produces.
class Response
{
public:
    explicit Response(int status = 200) { m_representation.status = status; }

    Response &header(const QByteArray &name, const QByteArray &value)
    {
        m_representation.headers.append({ name, value });
        return *this;
    }
    Response &etag(const QByteArray &wire)
    {
        m_representation.validators.etag = parseEntityTag(wire);
        return header("ETag", wire);
    }
    Response &lastModified(const QDateTime &instant)
    {
        m_representation.validators.lastModified = instant;
        return header("Last-Modified", formatHttpDate(instant));
    }
    Response &body(const QByteArray &contentType, QByteArray bytes)
    {
        m_representation.body = std::move(bytes);
        return header("Content-Type", contentType);
    }
    Response &conditionals(ConditionalHandling handling)
    {
        m_representation.conditionals = handling;
        return *this;
    }
    Response &dropHeadersOn304()
    {
        m_representation.dropHeadersOn304 = true;
        return *this;
    }
    Representation take() { return std::move(m_representation); }

private:
    Representation m_representation;
};

QByteArray varyText()
{
    QByteArray text;
    const QByteArray paragraph
        = "This text is long and repetitive on purpose, so gzip shrinks it a lot. The server picks gzip or "
          "identity from Accept-Encoding and says so with Vary: Accept-Encoding, so a cache stores the two "
          "variants separately and never hands gzip bytes to a client that cannot decode them.\n";
    while (text.size() + paragraph.size() <= 8 * 1024)
        text += paragraph;
    return text;
}

// every=N: whole seconds, 1 to 86400; absent means 10.
std::optional<qint64> changePeriod(const QUrlQuery &query, QString *error)
{
    const QString key = QStringLiteral("every");
    if (!query.hasQueryItem(key))
        return 10;
    const QString text = query.queryItemValue(key, QUrl::FullyDecoded);
    bool digitsOnly = !text.isEmpty() && text.size() <= 5;
    for (const QChar c : text)
        digitsOnly = digitsOnly && c >= QLatin1Char('0') && c <= QLatin1Char('9');
    const qint64 value = digitsOnly ? text.toLongLong() : 0;
    if (value < 1 || value > 86400) {
        *error = QStringLiteral("every must be a whole number of seconds from 1 to 86400, got '%1'").arg(text);
        return std::nullopt;
    }
    return value;
}

} // namespace

QByteArray ScenarioCatalog::largeBody()
{
    // 65536 lines of 64 bytes: a line number and pseudo-random letters from a fixed 64-bit LCG, so the
    // body is the same on every machine and does not compress to nothing.
    static const QByteArray body = [] {
        constexpr int lineLength = 64;
        static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
        QByteArray bytes;
        bytes.reserve(LargeSize);
        quint64 state = 0x2545F4914F6CDD1DULL;
        for (int line = 0; bytes.size() < LargeSize; ++line) {
            QByteArray text = "line " + QByteArray::number(line).rightJustified(6, '0') + ' ';
            while (text.size() < lineLength - 1) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                text += alphabet[(state >> 33) % 36];
            }
            bytes += text + '\n';
        }
        bytes.truncate(LargeSize);
        return bytes;
    }();
    return body;
}

Representation ScenarioCatalog::strongEtag(const DemoScenario &info, const RequestContext &)
{
    const QByteArray body = scenarioJson(info);
    return Response()
        .header("Cache-Control", "no-cache")
        .etag(hashTag("strong", body))
        .body("application/json", body)
        .take();
}

Representation ScenarioCatalog::weakEtag(const DemoScenario &info, const RequestContext &context)
{
    // The bytes change every second; the weak tag says that difference does not matter.
    const QByteArray body = scenarioJson(info, { { QStringLiteral("generatedAt"), dateString(context.now) } });
    return Response().header("Cache-Control", "no-cache").etag("W/\"weak-v1\"").body("application/json", body).take();
}

Representation ScenarioCatalog::lastModifiedOnly(const DemoScenario &info, const RequestContext &context)
{
    return Response()
        .header("Cache-Control", "no-cache")
        .lastModified(notAfter(publishedAt(), context.now))
        .body("application/json", scenarioJson(info))
        .take();
}

Representation ScenarioCatalog::bothValidators(const DemoScenario &info, const RequestContext &context)
{
    const QByteArray body = scenarioJson(info);
    return Response()
        .header("Cache-Control", "no-cache")
        .etag(hashTag("both", body))
        .lastModified(notAfter(publishedAt(), context.now))
        .body("application/json", body)
        .take();
}

Representation ScenarioCatalog::noValidator(const DemoScenario &info, const RequestContext &)
{
    return Response().header("Cache-Control", "no-cache").body("application/json", scenarioJson(info)).take();
}

Representation ScenarioCatalog::changing(const DemoScenario &info, const RequestContext &context)
{
    QString error;
    const auto period = changePeriod(context.query, &error);
    if (!period)
        return errorRepresentation(400, error);
    const qint64 nowSeconds = context.now.toSecsSinceEpoch();
    const qint64 version = nowSeconds / *period;
    const QDateTime changedAt = QDateTime::fromSecsSinceEpoch(version * *period, QTimeZone::utc());
    const qint64 secondsLeft = *period - nowSeconds % *period;
    const QByteArray body = scenarioJson(info,
        { { QStringLiteral("version"), version }, { QStringLiteral("changesEverySeconds"), *period },
            { QStringLiteral("changedAt"), dateString(changedAt) },
            { QStringLiteral("nextChangeAt"), dateString(changedAt.addSecs(*period)) } });
    return Response()
        .header("Cache-Control", "max-age=" + QByteArray::number(secondsLeft))
        .etag("\"changing-" + QByteArray::number(*period) + '-' + QByteArray::number(version) + '"')
        .lastModified(changedAt)
        .body("application/json", body)
        .take();
}

Representation ScenarioCatalog::maxAge(const DemoScenario &info, const RequestContext &)
{
    const QByteArray body = scenarioJson(info);
    return Response()
        .header("Cache-Control", "max-age=60")
        .etag(hashTag("max-age", body))
        .body("application/json", body)
        .take();
}

Representation ScenarioCatalog::noCache(const DemoScenario &info, const RequestContext &)
{
    const QByteArray body = scenarioJson(info);
    return Response()
        .header("Cache-Control", "no-cache")
        .etag(hashTag("no-cache", body))
        .body("application/json", body)
        .take();
}

Representation ScenarioCatalog::noStore(const DemoScenario &info, const RequestContext &)
{
    const QByteArray body = scenarioJson(info);
    return Response()
        .header("Cache-Control", "no-store")
        .etag(hashTag("no-store", body))
        .body("application/json", body)
        .take();
}

Representation ScenarioCatalog::mustRevalidate(const DemoScenario &info, const RequestContext &)
{
    const QByteArray body = scenarioJson(info);
    return Response()
        .header("Cache-Control", "max-age=10, must-revalidate")
        .etag(hashTag("must-revalidate", body))
        .body("application/json", body)
        .take();
}

Representation ScenarioCatalog::varyGzip(const DemoScenario &, const RequestContext &context)
{
    static const QByteArray identity = varyText();
    static const QByteArray gzipped = gzipCompress(identity);
    const bool gzip = !context.acceptEncoding.isNull() && acceptsGzip(context.acceptEncoding) && !gzipped.isEmpty();
    Response response;
    response.header("Cache-Control", "max-age=60")
        .header("Vary", "Accept-Encoding")
        .etag(hashTag("vary", identity, gzip ? "-gzip" : ""))
        .body("text/plain; charset=utf-8", gzip ? gzipped : identity);
    if (gzip)
        response.header("Content-Encoding", "gzip");
    return response.take();
}

Representation ScenarioCatalog::large(const DemoScenario &, const RequestContext &context)
{
    static const QByteArray etag = hashTag("large", largeBody());
    return Response()
        .header("Cache-Control", "no-cache")
        .etag(etag)
        .lastModified(notAfter(publishedAt(), context.now))
        .body("text/plain; charset=utf-8", largeBody())
        .take();
}

Representation ScenarioCatalog::loadBalanced(const DemoScenario &info, const RequestContext &)
{
    // Same content on every instance; only the tag is local to the instance that answers.
    const int instance = m_nextInstance + 1;
    m_nextInstance = (m_nextInstance + 1) % InstanceCount;
    const QByteArray body = scenarioJson(info);
    const QByteArray prefix = "instance" + QByteArray::number(instance);
    return Response()
        .header("Cache-Control", "no-cache")
        .etag(hashTag(prefix.constData(), body))
        .body("application/json", body)
        .header("X-Demo-Instance", QByteArray::number(instance))
        .take();
}

Representation ScenarioCatalog::ignoresIfNoneMatch(const DemoScenario &info, const RequestContext &)
{
    const QByteArray body = scenarioJson(info);
    return Response()
        .header("Cache-Control", "no-cache")
        .etag(hashTag("ignored", body))
        .body("application/json", body)
        .conditionals(ConditionalHandling::Ignored)
        .take();
}

Representation ScenarioCatalog::dropsHeadersOn304(const DemoScenario &info, const RequestContext &context)
{
    const QByteArray body = scenarioJson(info);
    return Response()
        .header("Cache-Control", "max-age=60")
        .header("Expires", formatHttpDate(context.now.addSecs(60)))
        .header("Vary", "Accept-Encoding")
        .etag(hashTag("drops", body))
        .body("application/json", body)
        .dropHeadersOn304()
        .take();
}

Representation ScenarioCatalog::imsEquality(const DemoScenario &info, const RequestContext &context)
{
    return Response()
        .header("Cache-Control", "no-cache")
        .lastModified(notAfter(publishedAt(), context.now))
        .body("application/json", scenarioJson(info))
        .conditionals(ConditionalHandling::ImsEqualityBug)
        .take();
}

Representation ScenarioCatalog::movedPermanently(const DemoScenario &info, const RequestContext &)
{
    return Response(301)
        .header("Cache-Control", "max-age=3600")
        .header("Location", "/validators/strong-etag")
        .body("application/json", scenarioJson(info, { { QStringLiteral("status"), 301 } }))
        .take();
}

Representation ScenarioCatalog::permanentRedirect(const DemoScenario &info, const RequestContext &)
{
    return Response(308)
        .header("Location", "/validators/both")
        .body("application/json", scenarioJson(info, { { QStringLiteral("status"), 308 } }))
        .take();
}

Representation ScenarioCatalog::notFound(const DemoScenario &info, const RequestContext &)
{
    return Response(404)
        .header("Cache-Control", "max-age=60")
        .body("application/json", scenarioJson(info, { { QStringLiteral("status"), 404 } }))
        .take();
}

Representation ScenarioCatalog::gone(const DemoScenario &info, const RequestContext &)
{
    return Response(410).body("application/json", scenarioJson(info, { { QStringLiteral("status"), 410 } })).take();
}

Representation ScenarioCatalog::tooManyRequests(const DemoScenario &info, const RequestContext &)
{
    return Response(429)
        .header("Cache-Control", "no-store")
        .header("Retry-After", "30")
        .body("application/json", scenarioJson(info, { { QStringLiteral("status"), 429 } }))
        .take();
}

Representation ScenarioCatalog::serviceUnavailable(const DemoScenario &info, const RequestContext &context)
{
    return Response(503)
        .header("Cache-Control", "no-store")
        .header("Retry-After", formatHttpDate(context.now.addSecs(120)))
        .body("application/json", scenarioJson(info, { { QStringLiteral("status"), 503 } }))
        .take();
}

} // namespace CacheScope::Demo
