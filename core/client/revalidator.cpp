#include "revalidator.h"

#include "cache/validatorstore.h"
#include "cache/varykey.h"
#include "http/entitytag.h"
#include "httpclient.h"
#include "requestwriter.h"
#include "storewriter.h"

namespace CacheScope {

QString cacheActionName(CacheAction action)
{
    switch (action) {
    case CacheAction::None:
        return QStringLiteral("none");
    case CacheAction::Stored:
        return QStringLiteral("stored");
    case CacheAction::Replaced:
        return QStringLiteral("replaced");
    case CacheAction::Updated:
        return QStringLiteral("updated");
    case CacheAction::Unmatched304:
        return QStringLiteral("unmatched-304");
    case CacheAction::NotStored:
        return QStringLiteral("not-stored");
    case CacheAction::Invalidated:
        return QStringLiteral("invalidated");
    case CacheAction::StoreError:
        return QStringLiteral("store-error");
    }
    return QStringLiteral("unknown");
}

namespace {

QDateTime responseTimeOf(const Exchange &exchange)
{
    const qint64 at = exchange.timing.ttfbMs >= 0 ? exchange.timing.ttfbMs : qMax<qint64>(0, exchange.timing.totalMs);
    return exchange.timing.started.addMSecs(at);
}

bool isUnsafe(const QByteArray &method)
{
    static const QList<QByteArray> safe { "GET", "HEAD", "OPTIONS", "TRACE" };
    return !safe.contains(method.toUpper());
}

// nginx (and others) send a 304 with the strong ETag "x" for a gzipped 200 that carried W/"x".
// RFC 9111 §4.3.4 selects nothing then; browsers update the response they revalidated. CacheScope does what
// browsers do, only when the 304's tag weakly matches a tag it sent itself, and says so.
NotModifiedResult lenientWeakMatch(const NotModifiedResponse &response, const QList<CacheEntry> &variants,
    const ConditionalRequest &conditional, const NotModifiedResult &strict)
{
    const std::optional<EntityTag> tag = readETag(response.headers);
    if (!tag || !tag->valid)
        return strict;
    NotModifiedResult result = strict;
    for (const CacheEntry &entry : variants) {
        const std::optional<EntityTag> stored = readETag(entry.responseHeaders);
        if (!stored || !weakMatch(*stored, *tag))
            continue;
        const bool sent = std::any_of(conditional.entityTags.begin(), conditional.entityTags.end(),
            [&stored](const EntityTag &t) { return t.toHeaderValue() == stored->toHeaderValue(); });
        if (!sent)
            continue;
        // Headers and times together; the fields the 304 may not update are already in strict.skippedFields.
        result.updated.append(freshenStoredEntry(entry, response));
        result.saved = computeBytesSaved(entry, response.wireSize);
    }
    if (result.updated.isEmpty())
        return strict;
    result.match = NotModifiedMatch::WeakValidator;
    result.explanation
        = QStringLiteral("the 304 carries ETag %1, which matches the stored %2 only weakly: RFC 9111 "
                         "§4.3.4 would update nothing, but this is the response CacheScope revalidated, "
                         "so it is updated as browsers do (servers such as nginx drop the W/ of a "
                         "compressed response's ETag on its 304)")
              .arg(QString::fromLatin1(tag->toHeaderValue()),
                  QString::fromLatin1(readETag(result.updated.first().entry.responseHeaders)->toHeaderValue()));
    return result;
}

QByteArray storedMethod(const QByteArray &method)
{
    const QByteArray upper = method.toUpper();
    return upper == "HEAD" ? QByteArray("GET") : upper;
}

NotModifiedResponse notModifiedResponseOf(const Exchange &exchange)
{
    NotModifiedResponse response;
    response.headers = exchange.responseHeaders;
    response.wireSize = exchange.bytes.responseTotal();
    response.requestTime = exchange.timing.started;
    response.responseTime = responseTimeOf(exchange);
    return response;
}

// The 304 merge, on whichever variants it is given: the ones stored when the write transaction runs, or the
// ones the conditional was built from.
NotModifiedResult mergeNotModified(const NotModifiedResponse &response, const QList<CacheEntry> &variants,
    const ConditionalRequest &conditional, bool conditionalSent)
{
    NotModifiedResult merged = applyNotModified(response, variants);
    if (!merged.matched() && conditionalSent)
        merged = lenientWeakMatch(response, variants, conditional, merged);
    return merged;
}

// What ValidatorStore::updateVariants() is asked to write for a merge.
QList<CacheEntry> entriesToWrite(const NotModifiedResult &merged)
{
    QList<CacheEntry> updated;
    if (!merged.matched())
        return updated;
    for (const UpdatedEntry &entry : merged.updated)
        updated.append(entry.entry);
    return updated;
}

// Whether a merge on `stored` gives what it gave on `snapshot`: the same variants with the same headers and times.
bool sameForMerge(const QList<CacheEntry> &stored, const QList<CacheEntry> &snapshot)
{
    return std::equal(stored.cbegin(), stored.cend(), snapshot.cbegin(), snapshot.cend(),
        [](const CacheEntry &a, const CacheEntry &b) {
            return a.id == b.id && a.responseHeaders == b.responseHeaders && a.requestHeaders == b.requestHeaders
                && a.requestTime == b.requestTime && a.responseTime == b.responseTime && a.status == b.status;
        });
}

// An updated entry as the store keeps it once the merge is written: with the validation's times.
CacheEntry validatedEntry(CacheEntry entry, const QDateTime &finishedAt, const NotModifiedResponse &response)
{
    entry.lastValidated = finishedAt;
    if (response.requestTime.isValid())
        entry.requestTime = response.requestTime;
    if (response.responseTime.isValid())
        entry.responseTime = response.responseTime;
    return entry;
}

// What any recorded exchange's result starts from: the exchange, what was sent and what was stored before.
CachedExchange resultOf(const Exchange &exchange, const ConditionalRequest &conditional, bool conditionalSent,
    const std::optional<CacheEntry> &previous)
{
    CachedExchange result;
    result.exchange = exchange;
    result.conditional = conditional;
    result.conditionalSent = conditionalSent;
    result.previous = previous;
    return result;
}

// The result of a 304 whose merge gave `merged` (written, or handed to a StoreWriter).
void describeMerge(CachedExchange &result, const NotModifiedResult &merged, const NotModifiedResponse &response,
    const QDateTime &finishedAt, const FreshnessOptions &options)
{
    result.notModified = merged;
    result.actionText = merged.explanation;
    if (!merged.matched()) {
        result.action = CacheAction::Unmatched304;
        result.exchange.bytes.saved = 0;
        return;
    }
    result.action = CacheAction::Updated;
    result.exchange.bytes.saved = merged.saved.bytes;
    // What the merge writes, without reading the entry (and its body) back.
    result.current = validatedEntry(merged.updated.last().entry, finishedAt, response);
    result.freshness = computeFreshness(*result.current, finishedAt, options);
}

} // namespace

CacheEntry entryFromExchange(const Exchange &exchange)
{
    CacheEntry entry;
    entry.method = exchange.request.method.toUpper();
    entry.url = exchange.finalUrl.isValid() ? exchange.finalUrl : exchange.request.url;
    entry.requestHeaders = exchange.requestHeadersSent;
    entry.status = exchange.status;
    entry.reason = exchange.reason;
    entry.httpVersion = exchange.httpVersion;
    entry.responseHeaders = exchange.responseHeaders;
    entry.body = exchange.body;
    entry.headerWireSize = exchange.bytes.responseHeaders;
    entry.bodyWireSize = exchange.bytes.responseBodyWire;
    entry.requestTime = exchange.timing.started;
    entry.responseTime = responseTimeOf(exchange);
    return entry;
}

RevalidationJob::RevalidationJob(QObject *parent)
    : QObject(parent)
{ }

void RevalidationJob::cancel()
{
    if (m_transfer)
        m_transfer->cancel();
}

Revalidator::Revalidator(HttpClient *client, ValidatorStore *store, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
{ }

QList<CacheEntry> Revalidator::storedVariants(const Request &request) const
{
    if (!m_store || !m_store->isOpen())
        return {};
    // Every variant stored for the method and URL: a 304 then selects among them (RFC 9111 §4.3.1, §4.3.4).
    // Headers only: the conditional and the 304 merge never look at a body, and most exchanges are 304s.
    const QByteArray method = storedMethod(request.method);
    if (!m_pending.isEmpty()) {
        if (const auto pending = m_pending.constFind({ method, request.url }); pending != m_pending.cend())
            return pending->variants;
    }
    return m_store->variants(method, request.url, StoredBody::Omit);
}

void Revalidator::setWriter(StoreWriter *writer)
{
    if (m_writer == writer)
        return;
    if (m_writer) {
        m_writer->waitForIdle(); // its answers still come here
        disconnect(m_writer, nullptr, this, nullptr);
    }
    m_pending.clear();
    m_writerJobs.clear();
    m_writer = writer;
    if (m_writer)
        connect(m_writer, &StoreWriter::variantsUpdated, this, &Revalidator::onVariantsWritten);
}

void Revalidator::onVariantsWritten(const StoreWriteAnswer &answer)
{
    if (!m_writerJobs.remove(answer.job))
        return; // someone else's write
    m_pending.removeIf([&answer](const auto &it) { return it.value().job == answer.job; });
    if (!answer.error.isEmpty())
        Q_EMIT storeWriteFailed(answer.error);
}

ConditionalRequest Revalidator::preview(const Request &request) const
{
    if (request.method.toUpper() != "GET" && request.method.toUpper() != "HEAD")
        return {};
    return buildConditionalRequest(storedVariants(request));
}

RevalidationJob *Revalidator::send(const Request &request, const CacheOptions &options)
{
    auto *job = new RevalidationJob(this);
    const QList<CacheEntry> variants = storedVariants(request);
    std::optional<CacheEntry> previous;
    if (m_store && m_store->isOpen()) {
        // Vary is matched against the headers as they will be sent (defaults such as Accept-Encoding included).
        // Building them costs as much as the rest of this function: without Vary they are not looked at.
        const bool head = request.method.toUpper() == "HEAD";
        const bool varies = std::any_of(variants.cbegin(), variants.cend(),
            [](const CacheEntry &entry) { return entry.responseHeaders.contains("Vary"); });
        const HttpHeaders sent
            = head || varies ? buildWireRequest(request, HttpClient::defaultUserAgent()).headers : HttpHeaders();
        // The variants just read are the candidates: no second read for a GET. Their bodies are read in
        // record() only if a full response arrives. A HEAD reads the GET variants for its conditional but
        // is itself keyed by HEAD.
        previous = head ? m_store->lookup("HEAD", request.url, sent) : selectStoredResponse(variants, sent);
    }
    const bool readMethod = request.method.toUpper() == "GET" || request.method.toUpper() == "HEAD";
    const ConditionalRequest conditional = readMethod ? buildConditionalRequest(variants) : ConditionalRequest();
    // The caller's own conditional headers win: CacheScope then sends exactly what was typed.
    const bool callerConditional = request.headers.contains("If-None-Match")
        || request.headers.contains("If-Modified-Since") || request.headers.contains("If-Match")
        || request.headers.contains("If-Unmodified-Since") || request.headers.contains("If-Range");
    Request toSend = request;
    const bool conditionalSent = options.addConditionals && conditional.isConditional() && !callerConditional;
    if (conditionalSent)
        conditional.applyTo(toSend.headers);

    HttpTransfer *transfer = m_client->send(toSend);
    job->m_transfer = transfer;
    connect(transfer, &HttpTransfer::finished, job,
        [this, job, transfer, options, conditional, conditionalSent, previous, variants](const Exchange &exchange) {
            CachedExchange result;
            const bool writes = options.record && exchange.hasResponse() && m_store && m_store->isOpen();
            if (m_writer && writes && exchange.status == 304) {
                result = recordWithWriter(exchange, conditional, conditionalSent, previous, variants);
            } else {
                if (m_writer && writes)
                    m_writer->waitForIdle(); // this write and its reads start from what was handed over
                result = record(exchange, options, conditional, conditionalSent, previous);
            }
            job->m_finished = true;
            transfer->deleteLater();
            Q_EMIT job->finished(result);
        });
    return job;
}

CachedExchange Revalidator::record(const Exchange &exchange, const CacheOptions &options,
    const ConditionalRequest &conditional, bool conditionalSent, const std::optional<CacheEntry> &previous) const
{
    CachedExchange result = resultOf(exchange, conditional, conditionalSent, previous);
    const QDateTime finishedAt = now();
    // A full response is compared with the stored one, body included (content change, diagnosis); send()
    // selected `previous` without its body, so it is read now, before put() replaces it.
    if (exchange.hasResponse() && exchange.status != 304 && result.previous && result.previous->id > 0
        && result.previous->body.isNull() && m_store && m_store->isOpen()) {
        if (const std::optional<QByteArray> body = m_store->body(result.previous->id))
            result.previous->body = *body;
    }
    auto fail = [&result](const QString &text) {
        result.action = CacheAction::StoreError;
        result.actionText = text;
        return result;
    };

    if (!exchange.hasResponse() || !options.record || !m_store || !m_store->isOpen()) {
        result.action = CacheAction::None;
        result.actionText = !exchange.hasResponse() ? QStringLiteral("no response: the store is unchanged")
                                                    : QStringLiteral("not recorded in the store");
        if (previous)
            result.freshness = computeFreshness(*previous, finishedAt, m_freshnessOptions);
        return result;
    }
    const QByteArray method = exchange.request.method.toUpper();
    const QUrl url = exchange.finalUrl.isValid() ? exchange.finalUrl : exchange.request.url;

    if (exchange.status == 304) {
        const NotModifiedResponse response = notModifiedResponseOf(exchange);
        // Read again rather than reusing send()'s read, and inside the write transaction: another process
        // may have replaced or removed a variant since, and the merge must start from what is stored now.
        NotModifiedResult merged;
        const auto merge = [&](const QList<CacheEntry> &variants) {
            merged = mergeNotModified(response, variants, conditional, conditionalSent);
            return entriesToWrite(merged);
        };
        const bool stored = m_store->updateVariants(
            storedMethod(method), url, merge, finishedAt, response.requestTime, response.responseTime);
        result.notModified = merged;
        if (!stored)
            return fail(QStringLiteral("the 304 could not be merged into the store: %1").arg(m_store->errorString()));
        describeMerge(result, merged, response, finishedAt, m_freshnessOptions);
        return result;
    }

    // RFC 9111 §4.4: a non-error response to an unsafe method invalidates what is stored for the URL.
    if (isUnsafe(method) && exchange.status >= 200 && exchange.status < 400) {
        const int removed = m_store->remove(url);
        if (removed < 0)
            return fail(m_store->errorString());
        result.action = removed > 0 ? CacheAction::Invalidated : CacheAction::NotStored;
        result.actionText = removed > 0
            ? QStringLiteral("%1 stored response(s) for this URL invalidated by %2 (RFC 9111 §4.4)")
                  .arg(removed)
                  .arg(QString::fromLatin1(method))
            : QStringLiteral("responses to %1 are not stored").arg(QString::fromLatin1(method));
        return result;
    }

    const CacheEntry entry = entryFromExchange(exchange);
    const StorabilityDecision decision = decideStorability(entry);
    result.storability = decision;
    // A truncated body stored as if complete would later be served, compared and exported as the real one.
    if (!decision.storable || exchange.error != ExchangeError::None || exchange.bodyTruncated) {
        result.action = CacheAction::NotStored;
        result.actionText = exchange.error != ExchangeError::None
            ? QStringLiteral("not stored: the response was incomplete (%1)").arg(exchange.errorString)
            : exchange.bodyTruncated
            ? QStringLiteral("not stored: the body was truncated at %1 of %2 bytes (the response body limit); the "
                             "stored entry is left as it was")
                  .arg(exchange.body.size())
                  .arg(exchange.bytes.responseBodyDecoded)
            : decision.summary;
        if (previous)
            result.freshness = computeFreshness(*previous, finishedAt, m_freshnessOptions);
        return result;
    }
    const bool replacing = previous.has_value();
    const qint64 id = m_store->put(entry);
    if (id == 0)
        return fail(QStringLiteral("the response could not be stored: %1").arg(m_store->errorString()));
    result.action = replacing ? CacheAction::Replaced : CacheAction::Stored;
    result.actionText = replacing ? QStringLiteral("the full response replaced the stored one")
                                  : QStringLiteral("stored (%1)").arg(decision.summary);
    result.current = m_store->get(id);
    if (result.current)
        result.freshness = computeFreshness(*result.current, finishedAt, m_freshnessOptions);
    return result;
}

CachedExchange Revalidator::recordWithWriter(const Exchange &exchange, const ConditionalRequest &conditional,
    bool conditionalSent, const std::optional<CacheEntry> &previous, const QList<CacheEntry> &variants)
{
    CachedExchange result = resultOf(exchange, conditional, conditionalSent, previous);
    const QDateTime finishedAt = now();
    const QByteArray method = storedMethod(exchange.request.method);
    const QUrl url = exchange.finalUrl.isValid() ? exchange.finalUrl : exchange.request.url;
    const NotModifiedResponse response = notModifiedResponseOf(exchange);
    const NotModifiedResult merged = mergeNotModified(response, variants, conditional, conditionalSent);
    // Handed over even when nothing matched here: what is stored by the time it runs may match. When nothing
    // changed since the conditional was built (the usual case), the merge made here is the one written.
    const quint64 job = m_writer->updateVariants(
        method, url,
        [response, conditional, conditionalSent, snapshot = variants, made = entriesToWrite(merged)](
            const QList<CacheEntry> &stored) {
            if (sameForMerge(stored, snapshot))
                return made;
            return entriesToWrite(mergeNotModified(response, stored, conditional, conditionalSent));
        },
        finishedAt, response.requestTime, response.responseTime);
    m_writerJobs.insert(job);
    if (merged.matched()) {
        QList<CacheEntry> after = variants;
        for (const UpdatedEntry &updated : merged.updated) {
            for (CacheEntry &entry : after) {
                if (entry.id == updated.entry.id)
                    entry = validatedEntry(updated.entry, finishedAt, response);
            }
        }
        m_pending.insert({ method, url }, { job, after });
    }
    describeMerge(result, merged, response, finishedAt, m_freshnessOptions);
    return result;
}

} // namespace CacheScope
