#include "demoorigin.h"

#include "httpservercompat.h"
#include "preconditions.h"
#include "scenariocatalog.h"

#include <QTimeZone>

namespace CacheScope {

using namespace Demo;

namespace {

std::optional<QByteArray> optionalHeader(const WireRequest &request, QByteArrayView name)
{
    QByteArray value = request.header(name);
    if (value.isNull())
        return std::nullopt;
    return value;
}

bool isOneOf(const QByteArray &name, std::initializer_list<const char *> names)
{
    for (const char *candidate : names) {
        if (name.compare(candidate, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// RFC 9110 §15.4.5: a 304 repeats the fields a 200 would carry among Cache-Control, Content-Location, Date,
// ETag, Expires and Vary; Last-Modified helps only when there is no ETag. The broken scenario keeps ETag.
RawHeaders notModifiedHeaders(const Representation &representation)
{
    RawHeaders kept;
    for (const auto &field : representation.headers) {
        bool keep = false;
        if (representation.dropHeadersOn304)
            keep = isOneOf(field.first, { "ETag" });
        else if (isOneOf(field.first, { "Last-Modified" }))
            keep = !representation.validators.etag;
        else
            keep = isOneOf(
                field.first, { "Cache-Control", "Content-Location", "ETag", "Expires", "Vary", "X-Demo-Instance" });
        if (keep)
            kept.append(field);
    }
    return kept;
}

QString requestTarget(const QUrl &url)
{
    QString target = url.path(QUrl::FullyEncoded);
    if (target.isEmpty())
        target = QStringLiteral("/");
    if (url.hasQuery())
        target += QLatin1Char('?') + url.query(QUrl::FullyEncoded);
    return target;
}

} // namespace

DemoOrigin::DemoOrigin(QObject *parent)
    : QObject(parent)
    , m_catalog(std::make_unique<ScenarioCatalog>())
    , m_server(std::make_unique<HttpServerCompat>([this](const WireRequest &request) { return respond(request); }))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{ }

DemoOrigin::~DemoOrigin()
{
    // Close before the catalog goes: a request must never reach a half-destroyed origin.
    m_server.reset();
}

bool DemoOrigin::start(quint16 port, QString *error)
{
    if (isRunning()) {
        if (error)
            *error = QStringLiteral("the demo origin is already running at %1").arg(baseUrl().toString());
        return false;
    }
    m_catalog->resetInstances();
    // Loopback only: the demo answers anything to anyone who can connect, so nobody else may.
    return m_server->listen(QHostAddress(QHostAddress::LocalHost), port, error);
}

void DemoOrigin::stop()
{
    m_server->close();
}

bool DemoOrigin::isRunning() const
{
    return m_server->isListening();
}

quint16 DemoOrigin::port() const
{
    return m_server->port();
}

QHostAddress DemoOrigin::address() const
{
    return m_server->address();
}

QUrl DemoOrigin::baseUrl() const
{
    if (!isRunning())
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(address().toString());
    url.setPort(port());
    return url;
}

QUrl DemoOrigin::url(const QString &pathAndQuery) const
{
    const QUrl base = baseUrl();
    return base.isEmpty() ? QUrl() : base.resolved(QUrl(pathAndQuery));
}

QList<DemoScenario> DemoOrigin::scenarios() const
{
    return m_catalog->scenarios();
}

void DemoOrigin::setClock(Clock clock)
{
    if (clock)
        m_clock = std::move(clock);
}

WireResponse DemoOrigin::respond(const WireRequest &request)
{
    // HTTP dates have whole seconds; comparing anything finer would make equal dates differ.
    const QDateTime now = QDateTime::fromSecsSinceEpoch(m_clock().toSecsSinceEpoch(), QTimeZone::utc());
    const bool getOrHead = request.method == "GET" || request.method == "HEAD";

    Representation representation;
    if (!getOrHead) {
        representation = errorRepresentation(405,
            QStringLiteral("the demo origin only answers GET and HEAD, not %1")
                .arg(QString::fromLatin1(request.method)));
        representation.headers.prepend({ "Allow", "GET, HEAD" });
    } else {
        const RequestContext context { QUrlQuery(request.url),
            optionalHeader(request, "Accept-Encoding").value_or(QByteArray()), now, baseUrl() };
        const QString path = request.url.path().isEmpty() ? QStringLiteral("/") : request.url.path();
        auto found = m_catalog->represent(path, context);
        representation
            = found ? std::move(*found) : errorRepresentation(404, QStringLiteral("no demo scenario at %1").arg(path));
    }

    WireResponse response;
    response.sendBody = request.method != "HEAD";
    // §13.1: preconditions only apply when the unconditional answer would be 2xx (or 412).
    if (representation.status / 100 == 2 && representation.conditionals != ConditionalHandling::Ignored) {
        const ConditionalHeaders conditional { optionalHeader(request, "If-Match"),
            optionalHeader(request, "If-None-Match"), optionalHeader(request, "If-Modified-Since"),
            optionalHeader(request, "If-Unmodified-Since") };
        const ImsComparison comparison = representation.conditionals == ConditionalHandling::ImsEqualityBug
            ? ImsComparison::EqualityBug
            : ImsComparison::NotAfter;
        switch (evaluatePreconditions(request.method, conditional, representation.validators, now, comparison)) {
        case PreconditionOutcome::NotModified:
            response.status = 304;
            response.headers = notModifiedHeaders(representation);
            response.headers.prepend({ "Date", formatHttpDate(now) });
            response.sendBody = false;
            Q_EMIT requestServed(QString::fromLatin1(request.method), requestTarget(request.url), response.status);
            return response;
        case PreconditionOutcome::PreconditionFailed:
            representation = errorRepresentation(412, QStringLiteral("a precondition of the request is false"));
            break;
        case PreconditionOutcome::Proceed:
            break;
        }
    }

    response.status = representation.status;
    response.headers = representation.headers;
    response.headers.prepend({ "Date", formatHttpDate(now) });
    response.headers.append({ "Content-Length", QByteArray::number(representation.body.size()) });
    response.body = std::move(representation.body);
    Q_EMIT requestServed(QString::fromLatin1(request.method), requestTarget(request.url), response.status);
    return response;
}

} // namespace CacheScope
