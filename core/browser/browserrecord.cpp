#include "browsercache.h"
#include "cache/notmodified.h"
#include "cache/validatorstore.h"
#include "cache/varykey.h"
#include "http/entitytag.h"

namespace CacheScope {

namespace {

// RFC 9111 §4.3.5: a HEAD response may freshen the stored GET response when it shows the same validators.
bool sameValidators(const HttpHeaders &stored, const HttpHeaders &head)
{
    const std::optional<EntityTag> a = readETag(stored);
    const std::optional<EntityTag> b = readETag(head);
    if (a.has_value() != b.has_value() || (a && a->toHeaderValue() != b->toHeaderValue()))
        return false;
    if (stored.first("Last-Modified").trimmed() != head.first("Last-Modified").trimmed())
        return false;
    if (!a && !stored.contains("Last-Modified") && stored.contains("Content-Length") && head.contains("Content-Length"))
        return stored.first("Content-Length").trimmed() == head.first("Content-Length").trimmed();
    return true;
}

// A 304 to the conditional request the cache sent for `stored`, which RFC 9111 §4.3.4 ties to no stored
// response (typically: it repeats no validator). Browsers update the response they revalidated; so does
// browser mode, unless the 304 names an entity tag the stored response does not have.
std::optional<CacheEntry> adoptUnmatched304(
    ValidatorStore *store, const CacheEntry &stored, const Exchange &exchange, const QDateTime &now, QString *why)
{
    const std::optional<EntityTag> tag = readETag(exchange.responseHeaders);
    const std::optional<EntityTag> storedTag = readETag(stored.responseHeaders);
    if (tag && (!storedTag || !weakMatch(*tag, *storedTag)))
        return std::nullopt;
    NotModifiedResponse response;
    response.headers = exchange.responseHeaders;
    response.wireSize = exchange.bytes.responseTotal();
    response.requestTime = exchange.timing.started;
    response.responseTime = exchange.timing.started.addMSecs(std::max<qint64>(0, exchange.timing.ttfbMs));
    const UpdatedEntry updated = freshenStoredEntry(stored, response);
    if (!store->updateHeaders(
            stored.id, updated.entry.responseHeaders, now, response.requestTime, response.responseTime)) {
        *why = store->errorString();
        return std::nullopt;
    }
    return updated.entry;
}

BrowserDecision decisionFor(const BrowserPlan &plan, CacheAction action)
{
    switch (plan.action) {
    case BrowserPlanAction::Revalidate:
        return BrowserDecision::Revalidated;
    case BrowserPlanAction::Bypass:
        return BrowserDecision::Bypassed;
    default:
        break;
    }
    return action == CacheAction::Stored || action == CacheAction::Replaced ? BrowserDecision::Fetched
                                                                            : BrowserDecision::NotStored;
}

} // namespace

// Answers that never enter the store as responses: unsafe methods (which invalidate), other methods, and
// HEAD (which may update a stored GET).
BrowserResult BrowserCache::recordUnstored(BrowserResult result, const BrowserPlan &plan, const Exchange &exchange)
{
    const QByteArray method = exchange.request.method.toUpper();
    result.decision = BrowserDecision::Bypassed;
    result.reason = plan.reason;
    if (!isSafeMethod(method)) {
        invalidate(result, exchange);
        if (!result.invalidated.isEmpty())
            result.reason += QStringLiteral("; its %1 answer invalidated the stored responses of %2 URL(s) "
                                            "(RFC 9111 §4.4)")
                                 .arg(exchange.status)
                                 .arg(result.invalidated.size());
    } else if (method == "HEAD") {
        updateFromHead(result, exchange, plan);
        result.decision = plan.action == BrowserPlanAction::Fetch ? BrowserDecision::NotStored
                                                                  : decisionFor(plan, CacheAction::NotStored);
        result.reason = plan.reason + QStringLiteral("; HEAD responses are not stored")
            + (result.notes.isEmpty() ? QString() : QStringLiteral("; ") + result.notes.last());
    }
    return result;
}

// After a 304: the stored response, with the headers the 304 brought, is what the caller gets.
void BrowserCache::serveUpdated(
    BrowserResult &result, const Request &request, const BrowserPlan &plan, const CacheEntry &updated)
{
    BrowserPlan served = plan;
    served.stored = updated;
    served.stored->body = {}; // read from the store: a 304 does not change it
    served.omittedFields.clear();
    const BrowserResult fromStore = servedFromStore(request, served, BrowserDecision::Revalidated, {});
    result.exchange = fromStore.exchange;
    result.fromStore = true;
    result.addedResponseHeaders = fromStore.addedResponseHeaders;
}

BrowserResult BrowserCache::recordResponse(
    const Request &request, const BrowserPlan &plan, const Exchange &exchange, bool conditionalSent)
{
    BrowserResult result;
    result.plan = plan;
    result.exchange = exchange;
    result.networkUsed = true;
    const QByteArray method = request.method.toUpper();
    if ((method != "GET" && method != "HEAD") || (method == "HEAD" && exchange.status != 304))
        return recordUnstored(result, plan, exchange);
    CacheOptions options;
    options.record = m_store && m_store->isOpen();
    const CachedExchange recorded
        = m_revalidator.record(exchange, options, plan.conditional, conditionalSent, plan.stored);
    result.network = recorded;
    result.decision = decisionFor(plan, recorded.action);
    const bool revalidating = plan.action == BrowserPlanAction::Revalidate;
    if (recorded.action == CacheAction::Updated && revalidating && recorded.current) {
        serveUpdated(result, request, plan, *recorded.current);
        result.reason = QStringLiteral("%1; 304 Not Modified: the stored response was updated and served, %2")
                            .arg(plan.reason, recorded.freshness ? recorded.freshness->summary : QString());
        return result;
    }
    if (recorded.action == CacheAction::Unmatched304 && revalidating && conditionalSent && plan.stored
        && options.record) {
        QString why;
        if (const std::optional<CacheEntry> adopted = adoptUnmatched304(m_store, *plan.stored, exchange, now(), &why)) {
            serveUpdated(result, request, plan, *adopted);
            result.reason = QStringLiteral("%1; 304 Not Modified without a validator that RFC 9111 §4.3.4 can tie to "
                                           "the stored response: the revalidated response was updated and served, "
                                           "as browsers do")
                                .arg(plan.reason);
            return result;
        }
        if (!why.isEmpty())
            result.notes.append(QStringLiteral("updating the revalidated response failed: %1").arg(why));
    }
    const QString what = !options.record           ? QStringLiteral("no store is open, nothing stored")
        : recorded.action == CacheAction::Stored   ? QStringLiteral("stored")
        : recorded.action == CacheAction::Replaced ? QStringLiteral("it replaced the stored response")
                                                   : recorded.actionText;
    result.reason = QStringLiteral("%1; the origin answered %2: %3").arg(plan.reason).arg(exchange.status).arg(what);
    return result;
}

void BrowserCache::invalidate(BrowserResult &result, const Exchange &exchange)
{
    if (exchange.status < 200 || exchange.status >= 400 || !m_store || !m_store->isOpen())
        return;
    for (const QUrl &url : invalidationTargets(exchange.request.url, exchange.responseHeaders)) {
        const int removed = m_store->remove(url);
        if (removed < 0) {
            result.notes.append(
                QStringLiteral("invalidating %1 failed: %2").arg(url.toString(), m_store->errorString()));
        } else if (removed > 0) {
            result.invalidated.append(url);
            result.notes.append(
                QStringLiteral("%1 stored response(s) for %2 invalidated").arg(removed).arg(url.toString()));
        }
    }
}

void BrowserCache::updateFromHead(BrowserResult &result, const Exchange &exchange, const BrowserPlan &plan)
{
    // A bypassed HEAD (no-store, own preconditions, Range) leaves the store alone, as it does for a GET.
    if (exchange.status != 200 || plan.action == BrowserPlanAction::Bypass || !m_store || !m_store->isOpen())
        return;
    std::optional<CacheEntry> stored = plan.stored;
    if (!stored)
        stored = selectStoredResponse(
            m_store->variants("GET", exchange.request.url, StoredBody::Omit), exchange.requestHeadersSent);
    if (!stored)
        return;
    if (!sameValidators(stored->responseHeaders, exchange.responseHeaders)) {
        // RFC 9111 §4.3.5 asks for the stored response to be treated as stale; removing it is the one way the
        // store can say so, and the next GET fetches it in full.
        if (m_store->remove(stored->id))
            result.notes.append(QStringLiteral("the HEAD response shows other validators than the stored GET "
                                               "response, which was removed (RFC 9111 §4.3.5)"));
        return;
    }
    const HttpHeaders merged = updateStoredHeaders(stored->responseHeaders, exchange.responseHeaders);
    const QDateTime responseTime = exchange.timing.started.addMSecs(std::max<qint64>(0, exchange.timing.ttfbMs));
    if (m_store->updateHeaders(stored->id, merged, now(), exchange.timing.started, responseTime))
        result.notes.append(QStringLiteral("the HEAD response updated the stored GET response's headers "
                                           "(RFC 9111 §4.3.5)"));
    else
        result.notes.append(QStringLiteral("updating the stored GET response failed: %1").arg(m_store->errorString()));
}

} // namespace CacheScope
