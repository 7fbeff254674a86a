#pragma once

#include "cache/conditional.h"
#include "cache/freshness.h"
#include "cache/notmodified.h"
#include "cache/storability.h"
#include "exchange.h"
#include "httpclient.h"
#include "storewriter.h"

#include <functional>
#include <optional>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

namespace CacheScope {

class HttpClient;
class HttpTransfer;
class ValidatorStore;

// What the validator store did with one exchange.
enum class CacheAction
{
    None, // no response (error), or the store was not asked to record
    Stored, // a new entry
    Replaced, // a full response replaced the stored one for that key
    Updated, // a 304 validated stored entries; their headers were updated
    Unmatched304, // a 304 that matches nothing stored: reported, nothing updated
    NotStored, // the response may not be stored (no-store, status...), see storability
    Invalidated, // an unsafe method succeeded: stored responses for the URL were removed (RFC 9111 §4.4)
    StoreError,
};
QString cacheActionName(CacheAction action);

struct CacheOptions
{
    bool addConditionals = true; // add If-None-Match / If-Modified-Since from the store
    bool record = true; // store 200s, merge 304s
};

// One exchange seen through the validator store.
struct CachedExchange
{
    Exchange exchange;
    ConditionalRequest conditional; // what the store would contribute
    bool conditionalSent = false; // false when the caller sent its own conditional headers, or opted out
    CacheAction action = CacheAction::None;
    QString actionText; // one sentence: "stored", "304 matched the stored entry by strong ETag"...
    std::optional<StorabilityDecision> storability;
    std::optional<NotModifiedResult> notModified;
    // The stored entry before the exchange. Its body is read only when a full response arrived (to compare
    // the two); after a 304 or an error it is left null: ValidatorStore::body(previous->id) reads it.
    std::optional<CacheEntry> previous;
    // The stored entry after the exchange: after a full response, what was stored (body included); after
    // a 304, the updated headers and times with a null body (the body did not change: previous's body).
    std::optional<CacheEntry> current;
    std::optional<Freshness> freshness; // of `current`, at the time the exchange ended
};

// Builds the entry a full response would be stored as.
CacheEntry entryFromExchange(const Exchange &exchange);

class RevalidationJob : public QObject
{
    Q_OBJECT
public:
    HttpTransfer *transfer() const { return m_transfer; }
    void cancel();
    bool isFinished() const { return m_finished; }

Q_SIGNALS:
    void finished(const CacheScope::CachedExchange &result);

private:
    friend class Revalidator;
    explicit RevalidationJob(QObject *parent);
    QPointer<HttpTransfer> m_transfer;
    bool m_finished = false;
};

// Sends requests through the validator store: adds the stored validators, merges 304s into the stored
// entries, stores full responses, and reports what happened, with freshness and bytes saved.
class Revalidator : public QObject
{
    Q_OBJECT
public:
    Revalidator(HttpClient *client, ValidatorStore *store, QObject *parent = nullptr);

    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    void setFreshnessOptions(const FreshnessOptions &options) { m_freshnessOptions = options; }
    ValidatorStore *store() const { return m_store; }

    // Hands the 304 merges of send() to `writer` (on the store's file), so that they overlap the next request.
    // The exchange's result is then the merge computed on the variants send() read, which is what the
    // conditional was built from; the writer merges again inside its transaction on what is stored by then,
    // as updateVariants() always does. Until the writer answers, this revalidator reads that URL's variants
    // from the merge it handed over, not from the file. Every other store access of send() (storing a full
    // response, invalidating, a HEAD's lookup) first waits for the writer. A write the writer could not do is
    // reported by storeWriteFailed(). Null: every write on the store's own connection, at once.
    void setWriter(StoreWriter *writer);
    StoreWriter *writer() const { return m_writer; }
    // Merges handed to the writer and not yet answered.
    int pendingWrites() const { return int(m_writerJobs.size()); }

    // The conditional headers the store would add to this request (shown before sending).
    ConditionalRequest preview(const Request &request) const;
    RevalidationJob *send(const Request &request, const CacheOptions &options = {});

    // Records an exchange that already happened (used by send(); public for tests and imports).
    CachedExchange record(const Exchange &exchange, const CacheOptions &options, const ConditionalRequest &conditional,
        bool conditionalSent, const std::optional<CacheEntry> &previous) const;

Q_SIGNALS:
    // The writer could not do a write handed to it (setWriter()); the exchange was already reported.
    void storeWriteFailed(const QString &message);

private:
    // A 304 merge handed to the writer: the variants as they will be once it is written.
    struct PendingMerge
    {
        quint64 job = 0;
        QList<CacheEntry> variants;
    };
    QList<CacheEntry> storedVariants(const Request &request) const;
    CachedExchange recordWithWriter(const Exchange &exchange, const ConditionalRequest &conditional,
        bool conditionalSent, const std::optional<CacheEntry> &previous, const QList<CacheEntry> &variants);
    void onVariantsWritten(const StoreWriteAnswer &answer);
    QDateTime now() const { return m_clock ? m_clock() : QDateTime::currentDateTimeUtc(); }

    HttpClient *m_client;
    ValidatorStore *m_store;
    std::function<QDateTime()> m_clock;
    FreshnessOptions m_freshnessOptions;
    QPointer<StoreWriter> m_writer;
    // By method and URL as requested (a URL written differently is read from the file: a read, not an error).
    QHash<std::pair<QByteArray, QUrl>, PendingMerge> m_pending;
    QSet<quint64> m_writerJobs; // handed to m_writer, not yet answered
};

} // namespace CacheScope
