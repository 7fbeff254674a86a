#include "browserpolicy.h"

#include "cache/varykey.h"
#include "http/cachecontrol.h"
#include "http/headerfields.h"

namespace CacheScope {

namespace {

QString latin(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes);
}

bool hasOwnPreconditions(const HttpHeaders &headers)
{
    static const QList<QByteArray> names { "If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since",
        "If-Range" };
    return std::any_of(names.begin(), names.end(), [&headers](const QByteArray &n) { return headers.contains(n); });
}

// Why the request keeps the store out entirely; empty when it does not.
QString bypassReason(const QByteArray &method, const HttpHeaders &headers, const CacheControl &request)
{
    if (method != "GET" && method != "HEAD")
        return QStringLiteral("bypassed: %1 is sent to the origin; only GET and HEAD are answered from the store")
            .arg(latin(method.left(40)));
    if (request.noStore())
        return QStringLiteral("bypassed: the request says no-store, so the store is neither read nor written "
                              "(RFC 9111 §5.2.1.5)");
    if (hasOwnPreconditions(headers))
        return QStringLiteral("bypassed: the request carries its own preconditions (If-*), so it is sent as "
                              "written and the origin's answer goes back unchanged");
    if (headers.contains("Range"))
        return QStringLiteral("bypassed: a Range request is passed through; stored responses are never cut into "
                              "ranges and partial responses are never stored");
    return {};
}

QString missReason(const QList<CacheEntry> &variants)
{
    if (variants.isEmpty())
        return QStringLiteral("miss: nothing stored for this URL");
    const bool wildcard = std::all_of(variants.begin(), variants.end(),
        [](const CacheEntry &e) { return VaryKey::fromResponse(e.responseHeaders).isWildcard(); });
    if (wildcard)
        return QStringLiteral("miss: the stored response has Vary: *, which no request matches (RFC 9111 §4.1)");
    const QByteArray vary = variants.first().responseHeaders.combined("Vary");
    return QStringLiteral("miss: %1 stored variant(s), none selected by Vary: %2 for this request's headers")
        .arg(variants.size())
        .arg(latin(vary));
}

QString ageText(const Freshness &f)
{
    return QStringLiteral("age %1").arg(formatDuration(f.currentAge));
}

QString validatorText(const ConditionalRequest &conditional)
{
    QStringList names;
    for (const ConditionalField &field : conditional.fields)
        names.append(latin(field.name));
    return names.join(QStringLiteral(" and "));
}

// The stored response cannot be used as it is: revalidate, or fetch again when there is nothing to
// revalidate with.
BrowserPlan revalidateOrFetch(BrowserPlan plan, const QString &why)
{
    plan.conditional = buildConditionalRequest({ *plan.stored });
    if (plan.conditional.isConditional()) {
        plan.action = BrowserPlanAction::Revalidate;
        plan.reason = QStringLiteral("%1: revalidating with %2").arg(why, validatorText(plan.conditional));
    } else {
        plan.action = BrowserPlanAction::Fetch;
        plan.reason
            = QStringLiteral("%1, and it has no ETag or Last-Modified to revalidate with: fetching it again").arg(why);
    }
    return plan;
}

BrowserPlan unavailable(BrowserPlan plan, const QString &why)
{
    plan.action = BrowserPlanAction::Unavailable;
    plan.reason = QStringLiteral("only-if-cached: %1, so 504 without asking the origin (RFC 9111 §5.2.1.7)").arg(why);
    return plan;
}

qint64 staleIfErrorWindow(const Freshness &f, const CacheControl &request)
{
    if (f.mustRevalidate || f.noCache)
        return -1;
    const DirectiveSeconds fromRequest = request.staleIfError();
    return std::max(f.staleIfError, fromRequest.isValid() ? fromRequest.seconds : qint64(-1));
}

// Why the request's own directives rule out the stored response while it is fresh; empty when they do not.
QString requestRefusesFresh(const Freshness &f, const CacheControl &request)
{
    const DirectiveSeconds maxAge = request.maxAge();
    if (maxAge.isPresent() && !f.immutable) {
        if (!maxAge.isValid())
            return QStringLiteral("the request's max-age is invalid (treated as 0)");
        if (f.currentAge > maxAge.seconds)
            return QStringLiteral("%1 exceeds the request's max-age=%2").arg(ageText(f)).arg(maxAge.seconds);
    }
    const DirectiveSeconds minFresh = request.minFresh();
    if (minFresh.isPresent() && (!minFresh.isValid() || f.freshFor < minFresh.seconds))
        return QStringLiteral("fresh for only %1, the request asks min-fresh=%2")
            .arg(formatDuration(f.freshFor), latin(request.occurrences("min-fresh").first().rawArgument));
    return {};
}

BrowserPlan planFresh(BrowserPlan plan, const CacheControl &request, bool onlyIfCached)
{
    const Freshness &f = *plan.freshness;
    const QString refused = requestRefusesFresh(f, request);
    if (!refused.isEmpty())
        return onlyIfCached ? unavailable(plan, refused) : revalidateOrFetch(plan, refused);
    plan.action = BrowserPlanAction::UseStored;
    plan.reason = QStringLiteral("fresh: %1, %2").arg(f.lifetimeExplanation, ageText(f));
    if (f.immutable && request.maxAge().isPresent())
        plan.reason += QStringLiteral(" (immutable: the request's max-age is not enforced while fresh, RFC 8246)");
    plan.omittedFields = f.noCacheFields;
    if (!plan.omittedFields.isEmpty())
        plan.reason += QStringLiteral("; %1 left out (no-cache names it)").arg(latin(plan.omittedFields.join(", ")));
    return plan;
}

BrowserPlan planStale(BrowserPlan plan, const CacheControl &request, bool onlyIfCached)
{
    const Freshness &f = *plan.freshness;
    const QString stale
        = QStringLiteral("stale by %1 (%2, %3)").arg(formatDuration(f.staleBy), f.lifetimeExplanation, ageText(f));
    const DirectiveSeconds maxStale = request.maxStale();
    const bool strict = f.mustRevalidate;
    if (maxStale.isPresent() && !strict
        && (maxStale.state == DirectiveSeconds::State::NoArgument
            || (maxStale.isValid() && f.staleBy <= maxStale.seconds))) {
        plan.action = BrowserPlanAction::UseStored;
        plan.reason = QStringLiteral("%1, accepted by the request's max-stale%2")
                          .arg(stale, maxStale.isValid() ? QStringLiteral("=%1").arg(maxStale.seconds) : QString());
        plan.omittedFields = f.noCacheFields;
        return plan;
    }
    const bool requestConstrains = request.maxAge().isPresent() || request.minFresh().isPresent();
    if (f.staleWhileRevalidate >= 0 && f.staleBy <= f.staleWhileRevalidate && !strict && !requestConstrains
        && !onlyIfCached) {
        plan.conditional = buildConditionalRequest({ *plan.stored });
        plan.action = BrowserPlanAction::ServeStaleAndRevalidate;
        plan.reason = QStringLiteral("%1, within stale-while-revalidate=%2: served stale, revalidating in the "
                                     "background%3")
                          .arg(stale)
                          .arg(f.staleWhileRevalidate)
                          .arg(plan.conditional.isConditional()
                                  ? QStringLiteral(" with %1").arg(validatorText(plan.conditional))
                                  : QStringLiteral(" (no validator: a full fetch)"));
        plan.omittedFields = f.noCacheFields;
        return plan;
    }
    const QString why = strict ? stale + QStringLiteral("; must-revalidate") : stale;
    return onlyIfCached ? unavailable(plan, why) : revalidateOrFetch(plan, why);
}

} // namespace

bool BrowserPlan::staleOnErrorAllowed() const
{
    return stored && freshness && freshness->valid && staleIfError >= 0
        && (freshness->fresh || freshness->staleBy <= staleIfError);
}

bool isSafeMethod(const QByteArray &method)
{
    static const QList<QByteArray> safe { "GET", "HEAD", "OPTIONS", "TRACE" };
    return safe.contains(method.toUpper());
}

BrowserPlan planRequest(const QByteArray &methodAsGiven, const HttpHeaders &requestHeaders,
    const QList<CacheEntry> &variants, const QDateTime &now, const FreshnessOptions &options)
{
    const QByteArray method = methodAsGiven.toUpper();
    const CacheControl request = CacheControl::parse(requestHeaders, CacheControl::Context::Request);
    BrowserPlan plan;
    plan.reason = bypassReason(method, requestHeaders, request);
    if (!plan.reason.isEmpty()) {
        plan.action = BrowserPlanAction::Bypass;
        return plan;
    }
    const bool onlyIfCached = request.onlyIfCached();
    QList<CacheEntry> usable;
    std::copy_if(variants.begin(), variants.end(), std::back_inserter(usable),
        [](const CacheEntry &e) { return e.status != 206 && e.method.toUpper() == "GET"; });
    plan.stored = selectStoredResponse(usable, requestHeaders);
    if (!plan.stored) {
        if (onlyIfCached)
            return unavailable(plan, QStringLiteral("no stored response matches the request"));
        plan.action = BrowserPlanAction::Fetch;
        plan.reason = missReason(usable);
        return plan;
    }
    plan.freshness = computeFreshness(*plan.stored, now, options);
    const Freshness &f = *plan.freshness;
    plan.staleIfError = f.valid ? staleIfErrorWindow(f, request) : -1;
    if (!f.valid)
        return onlyIfCached ? unavailable(plan, f.problem) : revalidateOrFetch(plan, f.problem);

    const bool pragmaNoCache = !request.isPresent() && hasPragmaNoCache(requestHeaders);
    if (request.noCache() || pragmaNoCache) {
        const QString why = pragmaNoCache ? QStringLiteral("the request says Pragma: no-cache (RFC 9111 §5.4)")
                                          : QStringLiteral("the request says no-cache");
        return onlyIfCached ? unavailable(plan, why) : revalidateOrFetch(plan, why);
    }
    if (f.noCache) {
        const QString why = QStringLiteral("the stored response says no-cache (%1, %2)")
                                .arg(f.summary.section(QLatin1Char(';'), 0, 0), ageText(f));
        return onlyIfCached ? unavailable(plan, why) : revalidateOrFetch(plan, why);
    }
    return f.fresh ? planFresh(plan, request, onlyIfCached) : planStale(plan, request, onlyIfCached);
}

Exchange exchangeFromStore(const Request &request, const CacheEntry &entry, const Freshness &freshness,
    const QList<QByteArray> &omittedFields, const QDateTime &now)
{
    Exchange exchange;
    exchange.request = request;
    exchange.finalUrl = request.url;
    exchange.httpVersion = entry.httpVersion;
    exchange.status = entry.status;
    exchange.reason = entry.reason;
    exchange.responseHeaders = entry.responseHeaders;
    for (const QByteArray &name : omittedFields)
        exchange.responseHeaders.remove(name);
    // RFC 9111 §5.1: a response served from a cache carries its current age.
    exchange.responseHeaders.set("Age", QByteArray::number(freshness.valid ? freshness.currentAge : 0));
    if (request.method.toUpper() != "HEAD")
        exchange.body = entry.body;
    exchange.bytes.responseBodyDecoded = exchange.body.size();
    exchange.timing.started = now;
    exchange.timing.totalMs = 0;
    return exchange;
}

Exchange gatewayTimeoutExchange(const Request &request, const QString &reason, const QDateTime &now)
{
    Exchange exchange;
    exchange.request = request;
    exchange.finalUrl = request.url;
    exchange.httpVersion = "HTTP/1.1";
    exchange.status = 504;
    exchange.reason = "Gateway Timeout";
    exchange.body = reason.toUtf8();
    exchange.responseHeaders.append("Content-Type", "text/plain; charset=utf-8");
    exchange.responseHeaders.append("Content-Length", QByteArray::number(exchange.body.size()));
    exchange.bytes.responseBodyDecoded = exchange.body.size();
    exchange.timing.started = now;
    exchange.timing.totalMs = 0;
    return exchange;
}

QList<QUrl> invalidationTargets(const QUrl &target, const HttpHeaders &responseHeaders)
{
    QList<QUrl> urls { target.adjusted(QUrl::RemoveFragment) };
    const auto sameOrigin = [&target](const QUrl &u) {
        return u.scheme().compare(target.scheme(), Qt::CaseInsensitive) == 0
            && u.host().compare(target.host(), Qt::CaseInsensitive) == 0
            && u.port(u.scheme() == QLatin1String("https") ? 443 : 80)
            == target.port(target.scheme() == QLatin1String("https") ? 443 : 80);
    };
    for (const char *name : { "Location", "Content-Location" }) {
        const QByteArray value = responseHeaders.first(name).trimmed();
        if (value.isEmpty())
            continue;
        const QUrl resolved = target.resolved(QUrl::fromEncoded(value)).adjusted(QUrl::RemoveFragment);
        if (resolved.isValid() && sameOrigin(resolved) && !urls.contains(resolved))
            urls.append(resolved);
    }
    return urls;
}

bool isOriginError(const Exchange &exchange)
{
    if (!exchange.hasResponse() || exchange.error != ExchangeError::None)
        return true;
    return exchange.status == 500 || exchange.status == 502 || exchange.status == 503 || exchange.status == 504;
}

} // namespace CacheScope
