#include "validationprobe.h"

#include "client/httpclient.h"
#include "diagnosis.h"
#include "http/entitytag.h"
#include "http/headerfields.h"
#include "http/httpdate.h"

#include <algorithm>

namespace CacheScope {

namespace {

constexpr qint64 Hour = 3600;

Request withHeader(Request request, const QByteArray &name, const QByteArray &value)
{
    request.headers.set(name, value);
    return request;
}

// The date as servers most often compare it: the received text when it is already an IMF-fixdate.
QByteArray dateValue(const DateField &field, qint64 offset)
{
    if (offset == 0 && field.format == HttpDateFormat::ImfFixdate)
        return field.raw.trimmed();
    return formatHttpDate(field.value.addSecs(offset));
}

// A tag certain to differ from `tag`.
QByteArray otherTag(const EntityTag &tag)
{
    QByteArray opaque = "cachescope-probe-no-match";
    while (opaque == tag.opaque)
        opaque += 'x';
    return EntityTag::makeStrong(opaque).toHeaderValue();
}

} // namespace

bool ValidationProbeResult::hasErrors() const
{
    return std::any_of(
        notes.begin(), notes.end(), [](const TimelineNote &n) { return n.severity == NoteSeverity::Error; });
}

ValidationProbe::ValidationProbe(HttpClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{ }

ValidationProbe::~ValidationProbe()
{
    if (m_transfer)
        m_transfer->disconnect(this);
}

void ValidationProbe::start(const Request &request)
{
    if (m_running)
        return;
    m_base = request;
    m_base.method = "GET";
    m_base.body.clear();
    // The probe decides the preconditions itself; leftovers would change every answer.
    for (const char *name : { "If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range" })
        m_base.headers.remove(name);
    m_result = ValidationProbeResult {};
    m_result.url = request.url;
    m_plan = { { QStringLiteral("fetch"), QStringLiteral("a plain GET: the validators to test"), m_base } };
    m_running = true;
    sendNext();
}

void ValidationProbe::cancel()
{
    if (!m_running)
        return;
    m_plan.clear();
    if (m_transfer)
        m_transfer->cancel(); // finishes the step as cancelled, which ends the probe
}

void ValidationProbe::sendNext()
{
    if (m_plan.isEmpty()) {
        finish();
        return;
    }
    m_current = m_plan.takeFirst();
    m_transfer = m_client->send(m_current.request);
    connect(m_transfer, &HttpTransfer::finished, this, &ValidationProbe::stepFinished);
}

void ValidationProbe::stepFinished(const Exchange &exchange)
{
    if (m_transfer) {
        m_transfer->disconnect(this);
        m_transfer->deleteLater();
    }
    m_result.steps.append({ m_current.name, m_current.purpose, exchange });
    if (exchange.error == ExchangeError::Cancelled) {
        m_plan.clear();
    } else if (m_current.name == QLatin1String("fetch")) {
        if (exchange.ok() && exchange.status == 200)
            planAfterFetch(exchange);
    }
    sendNext();
}

void ValidationProbe::planAfterFetch(const Exchange &fetch)
{
    const std::optional<EntityTag> tag = readETag(fetch.responseHeaders);
    if (tag) {
        const QByteArray sent = tag->valid ? tag->toHeaderValue() : tag->raw;
        m_plan.append({ QStringLiteral("if-none-match"),
            QStringLiteral("If-None-Match with the tag received: a server that supports it answers 304"),
            withHeader(m_base, "If-None-Match", sent) });
        if (tag->valid) {
            const EntityTag other = tag->weak ? EntityTag::makeStrong(tag->opaque) : EntityTag::makeWeak(tag->opaque);
            m_plan.append({ QStringLiteral("if-none-match-other-form"),
                QStringLiteral("If-None-Match with the tag's other form (W/ added or removed): weak comparison "
                               "still gives 304"),
                withHeader(m_base, "If-None-Match", other.toHeaderValue()) });
        }
        m_plan.append({ QStringLiteral("if-none-match-other-tag"),
            QStringLiteral("If-None-Match with a tag that matches nothing: must be a full 200"),
            withHeader(m_base, "If-None-Match", otherTag(*tag)) });
        if (tag->valid) {
            // Caches holding several variants send every tag; some servers compare the whole field as one string.
            m_plan.append({ QStringLiteral("if-none-match-list"),
                QStringLiteral("If-None-Match listing a foreign tag, then the tag received: any listed tag that "
                               "matches gives 304"),
                withHeader(m_base, "If-None-Match", otherTag(*tag) + ", " + sent) });
        }
    }
    const DateField modified = readLastModified(fetch.responseHeaders, fetch.timing.started);
    if (modified.valid) {
        m_plan.append(
            { QStringLiteral("if-modified-since"), QStringLiteral("If-Modified-Since equal to Last-Modified: 304"),
                withHeader(m_base, "If-Modified-Since", dateValue(modified, 0)) });
        const DateField date = readDate(fetch.responseHeaders, fetch.timing.started);
        const QDateTime serverNow = date.valid ? date.value : fetch.timing.started;
        // A date in the server's future must be ignored (RFC 9110 §13.1.3): only ask when an hour later is past.
        if (modified.value.addSecs(Hour) <= serverNow) {
            m_plan.append({ QStringLiteral("if-modified-since-later"),
                QStringLiteral("If-Modified-Since one hour after Last-Modified: not modified since, so 304"),
                withHeader(m_base, "If-Modified-Since", dateValue(modified, Hour)) });
        }
        m_plan.append({ QStringLiteral("if-modified-since-earlier"),
            QStringLiteral("If-Modified-Since one hour before Last-Modified: modified since, so a full 200"),
            withHeader(m_base, "If-Modified-Since", dateValue(modified, -Hour)) });
    }
    if (tag) {
        m_plan.append({ QStringLiteral("accept-encoding-gzip"),
            QStringLiteral("Accept-Encoding: gzip: the compressed representation's tag"),
            withHeader(m_base, "Accept-Encoding", "gzip") });
        m_plan.append({ QStringLiteral("accept-encoding-identity"),
            QStringLiteral("Accept-Encoding: identity: the uncompressed representation's tag"),
            withHeader(m_base, "Accept-Encoding", "identity") });
    }
}

void ValidationProbe::finish()
{
    m_running = false;
    m_result.notes = evaluateProbeSteps(m_result.steps);
    Q_EMIT finished(m_result);
}

} // namespace CacheScope
