#include "browsercache.h"

#include "cache/validatorstore.h"
#include "client/httpclient.h"
#include "client/requestwriter.h"

namespace CacheScope {

QString browserDecisionName(BrowserDecision decision)
{
    switch (decision) {
    case BrowserDecision::Fresh:
        return QStringLiteral("fresh");
    case BrowserDecision::Revalidated:
        return QStringLiteral("revalidated");
    case BrowserDecision::Stale:
        return QStringLiteral("stale");
    case BrowserDecision::Fetched:
        return QStringLiteral("fetched");
    case BrowserDecision::NotStored:
        return QStringLiteral("not-stored");
    case BrowserDecision::Bypassed:
        return QStringLiteral("bypassed");
    case BrowserDecision::Unavailable:
        return QStringLiteral("unavailable");
    case BrowserDecision::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("unknown");
}

namespace {

bool isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// The request for the next hop of a redirect (RFC 9110 §15.4): 303, and 301/302 after POST, become GET
// without a body; credentials are not carried to another host.
Request nextHop(const Request &request, int status, const QUrl &next)
{
    Request hop = request;
    if (status == 303 || ((status == 301 || status == 302) && request.method.toUpper() == "POST")) {
        if (request.method.toUpper() != "HEAD")
            hop.method = "GET";
        hop.body.clear();
        hop.headers.remove("Content-Type");
        hop.headers.remove("Content-Length");
    }
    if (next.host() != request.url.host()) {
        hop.headers.remove("Authorization");
        hop.headers.remove("Cookie");
    }
    hop.url = next;
    return hop;
}

} // namespace

BrowserJob::BrowserJob(QObject *parent)
    : QObject(parent)
{ }

void BrowserJob::cancel()
{
    m_cancelled = true;
    if (m_transfer)
        m_transfer->cancel();
}

BrowserCache::BrowserCache(HttpClient *client, ValidatorStore *store, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
    , m_revalidator(client, store)
{ }

void BrowserCache::setClock(std::function<QDateTime()> clock)
{
    m_clock = clock;
    m_revalidator.setClock(std::move(clock));
}

void BrowserCache::setFreshnessOptions(const FreshnessOptions &options)
{
    m_freshnessOptions = options;
    m_revalidator.setFreshnessOptions(options);
}

QList<CacheEntry> BrowserCache::variantsFor(const Request &request) const
{
    const QByteArray method = request.method.toUpper();
    if (!m_store || !m_store->isOpen() || (method != "GET" && method != "HEAD"))
        return {};
    // A HEAD is answered from, and updates, the stored GET responses.
    return m_store->variants("GET", request.url, StoredBody::Omit);
}

HttpHeaders BrowserCache::headersAsSent(const Request &request) const
{
    // Directives and Vary are read from the header block as it goes on the wire (defaults included).
    return buildWireRequest(request, HttpClient::defaultUserAgent()).headers;
}

BrowserPlan BrowserCache::plan(const Request &request) const
{
    return planRequest(request.method, headersAsSent(request), variantsFor(request), now(), m_freshnessOptions);
}

BrowserJob *BrowserCache::send(const Request &request)
{
    auto *job = new BrowserJob(this);
    runHop(job, request);
    return job;
}

void BrowserCache::runHop(BrowserJob *job, const Request &request)
{
    const QString problem = request.validate();
    if (!problem.isEmpty()) {
        BrowserResult result;
        result.exchange.request = request;
        result.exchange.error = ExchangeError::InvalidRequest;
        result.exchange.errorString = problem;
        result.reason = problem;
        finish(job, result);
        return;
    }
    const BrowserPlan planned = plan(request);
    switch (planned.action) {
    case BrowserPlanAction::UseStored:
        hopDone(job, request,
            servedFromStore(request, planned,
                planned.freshness->fresh ? BrowserDecision::Fresh : BrowserDecision::Stale, planned.reason));
        return;
    case BrowserPlanAction::ServeStaleAndRevalidate: {
        BrowserResult result = servedFromStore(request, planned, BrowserDecision::Stale, planned.reason);
        result.backgroundRevalidation = true;
        revalidateInBackground(request, planned);
        hopDone(job, request, result);
        return;
    }
    case BrowserPlanAction::Unavailable: {
        BrowserResult result;
        result.plan = planned;
        result.decision = BrowserDecision::Unavailable;
        result.reason = planned.reason;
        result.exchange = gatewayTimeoutExchange(request, planned.reason, now());
        hopDone(job, request, result);
        return;
    }
    case BrowserPlanAction::Revalidate:
    case BrowserPlanAction::Fetch:
    case BrowserPlanAction::Bypass:
        sendToNetwork(job, request, planned);
        return;
    }
}

Exchange BrowserCache::withClockTimes(Exchange exchange, const QDateTime &sentAt) const
{
    // Stored times come from the cache's clock, so ages computed later with that clock are exact.
    exchange.timing.started = sentAt;
    exchange.timing.ttfbMs = std::max<qint64>(0, sentAt.msecsTo(now()));
    return exchange;
}

void BrowserCache::sendToNetwork(BrowserJob *job, const Request &request, const BrowserPlan &plan)
{
    Request toSend = request;
    toSend.redirects = RedirectPolicy::Manual; // hops are followed here, each through the cache
    QList<QByteArray> added;
    if (plan.action == BrowserPlanAction::Revalidate) {
        plan.conditional.applyTo(toSend.headers);
        for (const ConditionalField &field : plan.conditional.fields)
            added.append(field.name);
    }
    const QDateTime sentAt = now();
    HttpTransfer *transfer = m_client->send(toSend);
    job->m_transfer = transfer;
    connect(transfer, &HttpTransfer::finished, this,
        [this, job, transfer, request, plan, added, sentAt](const Exchange &exchange) {
            transfer->deleteLater();
            networkDone(job, request, plan, withClockTimes(exchange, sentAt), added);
        });
}

void BrowserCache::networkDone(
    BrowserJob *job, const Request &request, const BrowserPlan &plan, Exchange exchange, const QList<QByteArray> &added)
{
    if (!job->m_cancelled && isOriginError(exchange) && plan.staleOnErrorAllowed()) {
        const QString failure = exchange.hasResponse() && exchange.error == ExchangeError::None
            ? QStringLiteral("the origin answered %1").arg(exchange.status)
            : QStringLiteral("the origin could not be reached (%1)").arg(exchange.errorString);
        BrowserResult result = servedFromStore(request, plan, BrowserDecision::Stale,
            QStringLiteral("%1; stale-if-error=%2 allows serving the stored response instead (%3)")
                .arg(failure)
                .arg(plan.staleIfError)
                .arg(plan.freshness->summary));
        result.networkUsed = true;
        result.addedRequestHeaders = added;
        hopDone(job, request, result);
        return;
    }
    BrowserResult result;
    // A status line of "000" is a response too (status 0): only an exchange that ended in an error without
    // one is a failure.
    const bool noResponse
        = !exchange.hasResponse() && (exchange.error != ExchangeError::None || exchange.rawResponseHead.isEmpty());
    if (noResponse || job->m_cancelled) {
        result.plan = plan;
        result.exchange = exchange;
        result.networkUsed = true;
        result.decision = BrowserDecision::Failed;
        result.reason = exchange.errorString.isEmpty() ? QStringLiteral("cancelled") : exchange.errorString;
        finish(job, result);
        return;
    }
    result = recordResponse(request, plan, exchange, !added.isEmpty());
    result.addedRequestHeaders = added + exchange.addedHeaderNames;
    hopDone(job, request, result);
}

BrowserResult BrowserCache::servedFromStore(
    const Request &request, const BrowserPlan &plan, BrowserDecision decision, const QString &reason)
{
    CacheEntry entry = *plan.stored;
    if (entry.body.isNull() && request.method.toUpper() != "HEAD" && m_store && m_store->isOpen()) {
        if (const std::optional<QByteArray> body = m_store->body(entry.id))
            entry.body = *body;
    }
    BrowserResult result;
    result.plan = plan;
    const QDateTime at = now();
    const Freshness freshness = computeFreshness(entry, at, m_freshnessOptions);
    result.exchange = exchangeFromStore(request, entry, freshness, plan.omittedFields, at);
    result.decision = decision;
    result.reason = reason;
    result.fromStore = true;
    result.addedResponseHeaders = { "Age" };
    return result;
}

void BrowserCache::revalidateInBackground(const Request &request, const BrowserPlan &plan)
{
    Request toSend = request;
    toSend.redirects = RedirectPolicy::Manual;
    plan.conditional.applyTo(toSend.headers);
    ++m_background;
    const QDateTime sentAt = now();
    HttpTransfer *transfer = m_client->send(toSend);
    connect(transfer, &HttpTransfer::finished, this, [this, transfer, plan, sentAt](const Exchange &exchange) {
        transfer->deleteLater();
        CacheOptions options;
        options.record = m_store && m_store->isOpen();
        const CachedExchange recorded = m_revalidator.record(
            withClockTimes(exchange, sentAt), options, plan.conditional, plan.conditional.isConditional(), plan.stored);
        --m_background;
        Q_EMIT backgroundRevalidationFinished(recorded);
    });
}

void BrowserCache::hopDone(BrowserJob *job, const Request &request, BrowserResult result)
{
    const Exchange &exchange = result.exchange;
    const QByteArray location = exchange.responseHeaders.first("Location").trimmed();
    const bool follow = request.redirects == RedirectPolicy::Follow && exchange.ok() && isRedirect(exchange.status)
        && !location.isEmpty();
    if (!follow) {
        finish(job, result);
        return;
    }
    const QUrl next = request.url.resolved(QUrl::fromEncoded(location));
    if (job->m_hops.size() >= request.maxRedirects) {
        result.decision = BrowserDecision::Failed;
        result.exchange.error = ExchangeError::TooManyRedirects;
        result.exchange.errorString = QStringLiteral("more than %1 redirects (last: %2 to %3): a redirect loop?")
                                          .arg(request.maxRedirects)
                                          .arg(exchange.status)
                                          .arg(next.toString());
        result.reason = result.exchange.errorString;
        finish(job, result);
        return;
    }
    job->m_hops.append({ request.url, exchange.status, result.decision, result.reason });
    runHop(job, nextHop(request, exchange.status, next));
}

void BrowserCache::finish(BrowserJob *job, BrowserResult result)
{
    result.hops = job->m_hops;
    for (qsizetype i = 0; i < job->m_hops.size(); ++i) {
        const BrowserHop &hop = job->m_hops.at(i);
        const QUrl to = i + 1 < job->m_hops.size() ? job->m_hops.at(i + 1).url : result.exchange.request.url;
        result.exchange.redirects.append({ hop.status, hop.url, to });
    }
    job->m_finished = true;
    // Queued: a caller connecting to finished() right after send() never misses an answer from the store.
    QMetaObject::invokeMethod(
        job, [job, result] { Q_EMIT job->finished(result); }, Qt::QueuedConnection);
}

} // namespace CacheScope
