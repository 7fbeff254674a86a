#pragma once

#include "request.h"
#include "storewriter.h"
#include "timeline.h"
#include "watchscheduler.h"

#include <functional>
#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace CacheScope {

struct CachedExchange;
class RevalidationJob;
class Revalidator;
class TimelineStore;

// Keeps revalidating watched URLs and records every exchange in the timeline. The one engine behind
// `cachescope-cli watch` and the window's watch list: a WatchScheduler decides when, a WatchDriver wakes
// the program up, the Revalidator sends the conditional GET through the validator store, and each result
// becomes a TimelineEvent that is appended to the TimelineStore and emitted.
//
// An interval of 0 means back to back: the next request for that URL starts when the previous one has
// finished (never two at once for one URL), each start one pass of the event loop later. Errors, 429 and
// 503 still go through the scheduler's backoff and Retry-After.
class WatchSession : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<QDateTime()>;
    // `revalidator` and `timeline` must outlive the session. A null clock means the wall clock (UTC).
    WatchSession(Revalidator *revalidator, TimelineStore *timeline, Clock clock = {}, QObject *parent = nullptr);
    ~WatchSession() override;

    // Starts watching `url`: reuses the store's watched item for that URL (keeping its history's
    // watch id) or saves a new one. `count` > 0 stops the item after that many exchanges. The first
    // request goes out at once when the session runs. Returns the item id, 0 with `error` when refused.
    qint64 watch(const QUrl &url, WatchMode mode, qint64 intervalMs, int count = 0, QString *error = nullptr);
    // Adds an item as it is (a restored WatchedItemRecord's item); `startNow` sends its first request at once
    // instead of waiting for its slot.
    bool addItem(const WatchItem &item, int count = 0, bool startNow = false, QString *error = nullptr);
    // Stops watching (an exchange in flight is cancelled). `forget` also removes the stored watched item.
    bool remove(qint64 id, bool forget = false);

    // Sent with every watched URL's request from now on (cachescope-cli watch --max-body, --accept-certificate):
    // the response body limit (0: the client's) and certificates accepted on top of the client's session ones.
    void setRequestLimits(qint64 maxBodyBytes, const QList<AcceptedCertificate> &acceptedCertificates);

    void start();
    // Stops scheduling and cancels what is in flight (nothing is recorded for cancelled requests).
    void stop();
    bool isRunning() const;

    bool setPaused(qint64 id, bool paused);
    void setAllPaused(bool paused);
    bool revalidateNow(qint64 id);
    // Re-reads the clock; for a caller (or a test) whose clock jumped.
    void reschedule();

    // Events are appended to the timeline in batches: one write transaction per this many ms (and per
    // MaxPendingEvents) instead of one per exchange, which halves the store's writes when watching many
    // URLs or back to back. eventRecorded() follows each batch, with the events' row ids. 0: every event
    // at once. An item's last event is written before itemDone(); stop() writes what is pending.
    static constexpr int DefaultFlushDelayMs = 100;
    static constexpr int MaxPendingEvents = 256;
    void setFlushDelayMs(int ms);
    int flushDelayMs() const { return m_flushDelayMs; }
    // Writes the pending events now and emits eventRecorded() for them (with a writer: waits for it).
    void flush();
    // Appends the timeline's batches through `writer` (on the timeline's store file) instead of the timeline's
    // own connection, so that they overlap the next requests; eventRecorded() follows each batch's answer. The
    // revalidator's 304 merges go the same way when it was given the same writer (Revalidator::setWriter()).
    // Null: every write on the timeline's connection.
    void setWriter(StoreWriter *writer);

    QList<qint64> ids() const;
    WatchItem item(qint64 id) const;
    WatchStatus status(qint64 id) const;
    int completed(qint64 id) const; // exchanges recorded this session
    int inFlightCount() const { return int(m_jobs.size()); }
    // True when every item had a count and reached it, and nothing is in flight.
    bool allDone() const;
    // Totals of the exchanges this session recorded (per URL and overall).
    const TimelineSummary &summary() const { return m_summary; }

    WatchScheduler &scheduler() { return m_scheduler; }
    const WatchScheduler &scheduler() const { return m_scheduler; }

    // Builds the timeline event for one revalidation (public for tests): sizes, validators, timing,
    // bytes saved, content change against `previousEvent` / the stored entry, and the diagnosis notes (a body
    // past the limit gets a "body-truncated" warning: it was not stored).
    static TimelineEvent eventFor(
        const CachedExchange &result, qint64 watchId, const std::optional<TimelineEvent> &previousEvent = std::nullopt);
    // What the scheduler needs to know about one revalidation.
    static WatchOutcome outcomeFor(const CachedExchange &result);

Q_SIGNALS:
    // One exchange, after its batch was written to the timeline (event.id set, unless storeError() came).
    void eventRecorded(const CacheScope::TimelineEvent &event);
    void statusChanged(const CacheScope::WatchStatus &status);
    // The item reached its count and was taken out of the schedule.
    void itemDone(qint64 id);
    // Every item reached its count (only when each had one).
    void allItemsDone();
    // The timeline could not be written; watching goes on.
    void storeError(const QString &message);

private:
    struct ItemState
    {
        int limit = 0; // 0: no limit
        int completed = 0;
        bool backToBack = false; // interval 0
        bool done = false;
    };

    void onDue(const QList<qint64> &ids);
    void send(qint64 id);
    void onFinished(qint64 id, const CachedExchange &result);
    // Hands the pending events to the timeline or the writer; `wait`: until they are written and emitted.
    void writePending(bool wait);
    void onAppended(const StoreWriteAnswer &answer);
    void emitRecorded(const QList<TimelineEvent> &events);
    void emitStatus(qint64 id);
    QDateTime now() const;

    Revalidator *m_revalidator;
    TimelineStore *m_timeline;
    Clock m_clock;
    WatchScheduler m_scheduler;
    WatchDriver m_driver;
    QHash<qint64, ItemState> m_items;
    QHash<qint64, QPointer<RevalidationJob>> m_jobs;
    QHash<qint64, QUrl> m_doneUrls; // finished items, for item() after they left the scheduler
    QHash<qint64, TimelineEvent> m_lastEvents; // per item: what a response that was not stored is compared with
    QList<TimelineEvent> m_pending; // recorded, not yet written
    QPointer<StoreWriter> m_writer;
    QSet<quint64> m_appendJobs; // batches handed to m_writer, not yet answered
    QTimer m_flushTimer;
    int m_flushDelayMs = DefaultFlushDelayMs;
    TimelineSummary m_summary;
    qint64 m_maxBodyBytes = 0;
    QList<AcceptedCertificate> m_acceptedCertificates;
};

} // namespace CacheScope
