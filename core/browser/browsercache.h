#pragma once

#include "browser/browserpolicy.h"
#include "client/revalidator.h"

#include <functional>
#include <optional>
#include <QObject>
#include <QPointer>

namespace CacheScope {

class HttpClient;
class HttpTransfer;
class ValidatorStore;

// What the private cache did for one request, as reported to the user.
enum class BrowserDecision
{
    Fresh, // served from the store, no network
    Revalidated, // a conditional request was sent: 304 merged, or a full response replacing the stored one
    Stale, // served stale: max-stale, stale-while-revalidate (revalidating in the background) or stale-if-error
    Fetched, // a miss: fetched from the origin and stored
    NotStored, // fetched from the origin, and not stored (the reason says why)
    Bypassed, // the request kept the store out (no-store, own preconditions, Range, unsafe method)
    Unavailable, // only-if-cached with nothing usable stored: 504, no network
    Failed, // no response could be had, and nothing stored could stand in
};
// "fresh", "revalidated", "stale", "fetched", "not-stored", "bypassed", "unavailable", "failed".
QString browserDecisionName(BrowserDecision decision);

// One hop of a redirect chain the cache followed (each hop is decided on its own, so redirects are
// stored and reused like any response).
struct BrowserHop
{
    QUrl url;
    int status = 0;
    BrowserDecision decision = BrowserDecision::Fetched;
    QString reason;
};

struct BrowserResult
{
    // The response given back: from the network, from the store (Age set), or the 504 of only-if-cached.
    // For a 304 that revalidated the stored response, the stored response with its updated headers.
    Exchange exchange;
    BrowserDecision decision = BrowserDecision::Failed;
    QString reason; // "fresh: max-age=60 (1 min), age 12 s"
    BrowserPlan plan; // what was decided before any network traffic
    bool fromStore = false; // the body given back came from the store
    bool networkUsed = false; // a request went to the origin for this answer (not counting background ones)
    bool backgroundRevalidation = false; // stale-while-revalidate: a revalidation was started
    QList<QByteArray> addedRequestHeaders; // fields the cache added to the request (If-None-Match...)
    QList<QByteArray> addedResponseHeaders; // fields the cache set on the response (Age)
    // What the store did with the network's answer (stored, replaced, updated, not stored and why).
    std::optional<CachedExchange> network;
    QList<QUrl> invalidated; // URLs whose stored responses an unsafe method's success removed
    QStringList notes; // HEAD updates, invalidation details, redirect hops
    QList<BrowserHop> hops; // the redirects followed before this answer, in order
};

class BrowserJob : public QObject
{
    Q_OBJECT
public:
    bool isFinished() const { return m_finished; }
    // Stops the request in flight; finished() still comes, with decision Failed.
    void cancel();

Q_SIGNALS:
    void finished(const CacheScope::BrowserResult &result);

private:
    friend class BrowserCache;
    explicit BrowserJob(QObject *parent);
    QPointer<HttpTransfer> m_transfer;
    QList<BrowserHop> m_hops;
    bool m_finished = false;
    bool m_cancelled = false;
};

// A private (browser) cache in front of the network, on the validator store: each request is planned by
// planRequest() and then answered from the store, revalidated, or fetched, and the store updated as a
// browser's cache would. Redirects with RedirectPolicy::Follow are followed hop by hop through the cache.
// Use from the thread of the client and the store.
//
//     BrowserCache cache(&client, &store);
//     BrowserJob *job = cache.send(request);
//     connect(job, &BrowserJob::finished, this, [](const BrowserResult &r) { ... r.decision, r.reason ... });
class BrowserCache : public QObject
{
    Q_OBJECT
public:
    // `store` may be null or closed: every request is then a miss and nothing is stored.
    BrowserCache(HttpClient *client, ValidatorStore *store, QObject *parent = nullptr);

    // The clock for every decision and every stored time (request and response times). UTC.
    void setClock(std::function<QDateTime()> clock);
    void setFreshnessOptions(const FreshnessOptions &options);

    // The plan for a request right now, without sending anything (for previews).
    BrowserPlan plan(const Request &request) const;
    // Runs the request through the cache. The job is parented to the cache and emits finished() once,
    // always asynchronously (even for an answer from the store).
    BrowserJob *send(const Request &request);

    // stale-while-revalidate revalidations still running.
    int backgroundRevalidations() const { return m_background; }

Q_SIGNALS:
    // A background (stale-while-revalidate) revalidation ended; the store holds its result.
    void backgroundRevalidationFinished(const CacheScope::CachedExchange &result);

private:
    QDateTime now() const { return m_clock ? m_clock() : QDateTime::currentDateTimeUtc(); }
    QList<CacheEntry> variantsFor(const Request &request) const;
    HttpHeaders headersAsSent(const Request &request) const;
    void runHop(BrowserJob *job, const Request &request);
    void sendToNetwork(BrowserJob *job, const Request &request, const BrowserPlan &plan);
    void networkDone(BrowserJob *job, const Request &request, const BrowserPlan &plan, Exchange exchange,
        const QList<QByteArray> &added);
    BrowserResult recordResponse(
        const Request &request, const BrowserPlan &plan, const Exchange &exchange, bool conditionalSent);
    BrowserResult recordUnstored(BrowserResult result, const BrowserPlan &plan, const Exchange &exchange);
    void serveUpdated(
        BrowserResult &result, const Request &request, const BrowserPlan &plan, const CacheEntry &updated);
    void invalidate(BrowserResult &result, const Exchange &exchange);
    void updateFromHead(BrowserResult &result, const Exchange &exchange, const BrowserPlan &plan);
    BrowserResult servedFromStore(
        const Request &request, const BrowserPlan &plan, BrowserDecision decision, const QString &reason);
    void revalidateInBackground(const Request &request, const BrowserPlan &plan);
    void hopDone(BrowserJob *job, const Request &request, BrowserResult result);
    void finish(BrowserJob *job, BrowserResult result);
    Exchange withClockTimes(Exchange exchange, const QDateTime &sentAt) const;

    HttpClient *m_client;
    ValidatorStore *m_store;
    Revalidator m_revalidator; // merges 304s and stores full responses by the same rules as inspector mode
    std::function<QDateTime()> m_clock;
    FreshnessOptions m_freshnessOptions;
    int m_background = 0;
};

} // namespace CacheScope
