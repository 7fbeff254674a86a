#include "watchsession.h"

#include "diagnostics/diagnosis.h"
#include "revalidator.h"
#include "storewriter.h"
#include "timelinestore.h"

#include <algorithm>
#include <limits>
#include <QCryptographicHash>
#include <QMetaMethod>

namespace CacheScope {

namespace {

QByteArray bodyHash(const QByteArray &body)
{
    return QCryptographicHash::hash(body, QCryptographicHash::Sha256);
}

// Statuses after which the scheduler's backoff or Retry-After decides, even for back-to-back items.
bool needsScheduler(int status)
{
    return status <= 0 || status == 429 || status >= 500;
}

} // namespace

WatchSession::WatchSession(Revalidator *revalidator, TimelineStore *timeline, Clock clock, QObject *parent)
    : QObject(parent)
    , m_revalidator(revalidator)
    , m_timeline(timeline)
    , m_clock(std::move(clock))
    , m_driver(&m_scheduler, m_clock)
{
    connect(&m_driver, &WatchDriver::due, this, &WatchSession::onDue);
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { writePending(false); });
    connect(m_revalidator, &Revalidator::storeWriteFailed, this, &WatchSession::storeError);
}

WatchSession::~WatchSession()
{
    stop();
}

QDateTime WatchSession::now() const
{
    return m_driver.now();
}

qint64 WatchSession::watch(const QUrl &url, WatchMode mode, qint64 intervalMs, int count, QString *error)
{
    auto refuse = [error](const QString &message) {
        if (error)
            *error = message;
        return qint64(0);
    };
    if (intervalMs < 0)
        return refuse(QStringLiteral("the interval cannot be negative"));
    if (!m_timeline)
        return refuse(QStringLiteral("no timeline store"));
    WatchedItemRecord record;
    if (const auto existing = m_timeline->watchedItem(url))
        record = *existing;
    else if (!m_timeline->errorString().isEmpty())
        return refuse(m_timeline->errorString());
    if (m_scheduler.contains(record.item.id) || m_items.contains(record.item.id))
        return refuse(QStringLiteral("%1 is already watched").arg(url.toString()));
    record.item.url = url;
    record.item.mode = mode;
    record.item.intervalMs = intervalMs;
    record.item.paused = false;
    if (!record.addedAt.isValid())
        record.addedAt = now();
    // Validate before saving, so a refused URL leaves nothing behind in the store.
    WatchItem probe = record.item;
    probe.id = std::numeric_limits<qint64>::max();
    probe.intervalMs = intervalMs == 0 ? m_scheduler.settings().minimumIntervalMs : intervalMs;
    if (mode == WatchMode::WhenStale)
        probe.intervalMs = m_scheduler.settings().fallbackIntervalMs;
    QString problem;
    WatchScheduler check(m_scheduler.settings());
    if (!check.add(probe, now(), &problem))
        return refuse(problem);
    if (!m_timeline->saveWatchedItem(record))
        return refuse(m_timeline->errorString());
    if (!addItem(record.item, count, true, error))
        return 0;
    return record.item.id;
}

bool WatchSession::addItem(const WatchItem &item, int count, bool startNow, QString *error)
{
    WatchItem scheduled = item;
    ItemState state;
    state.limit = qMax(0, count);
    state.backToBack = item.mode == WatchMode::Interval && item.intervalMs == 0;
    if (state.backToBack)
        scheduled.intervalMs = m_scheduler.settings().minimumIntervalMs; // the scheduler's floor; see onFinished
    else if (item.mode == WatchMode::WhenStale && (item.intervalMs < m_scheduler.settings().minimumIntervalMs))
        scheduled.intervalMs = m_scheduler.settings().fallbackIntervalMs; // unused by WhenStale, but validated
    if (m_items.contains(item.id)) {
        if (error)
            *error = QStringLiteral("item %1 is already watched").arg(item.id);
        return false;
    }
    if (!m_scheduler.add(scheduled, now(), error))
        return false;
    m_items.insert(item.id, state);
    if (startNow && !item.paused)
        m_scheduler.revalidateNow(item.id);
    m_driver.reschedule();
    emitStatus(item.id);
    return true;
}

bool WatchSession::remove(qint64 id, bool forget)
{
    if (!m_items.contains(id))
        return false;
    if (auto job = m_jobs.take(id); job)
        job->cancel();
    m_scheduler.remove(id);
    m_items.remove(id);
    m_doneUrls.remove(id);
    m_lastEvents.remove(id);
    if (forget && m_timeline && !m_timeline->removeWatchedItem(id))
        Q_EMIT storeError(m_timeline->errorString());
    m_driver.reschedule();
    return true;
}

void WatchSession::start()
{
    m_driver.setRunning(true);
}

void WatchSession::stop()
{
    m_driver.setRunning(false);
    flush();
    const auto jobs = m_jobs;
    m_jobs.clear();
    for (auto it = jobs.begin(); it != jobs.end(); ++it) {
        if (it.value())
            it.value()->cancel();
        // Re-adding frees the slot without counting an error (finished() would start a backoff).
        const WatchItem item = m_scheduler.item(it.key());
        m_scheduler.remove(it.key());
        m_scheduler.add(item, now());
    }
}

bool WatchSession::isRunning() const
{
    return m_driver.isRunning();
}

bool WatchSession::setPaused(qint64 id, bool paused)
{
    if (!m_scheduler.setPaused(id, paused, now()))
        return false;
    if (m_timeline) {
        if (auto record = m_timeline->watchedItem(m_scheduler.item(id).url); record && record->item.id == id) {
            record->item.paused = paused;
            if (!m_timeline->saveWatchedItem(*record))
                Q_EMIT storeError(m_timeline->errorString());
        }
    }
    m_driver.reschedule();
    emitStatus(id);
    return true;
}

void WatchSession::setAllPaused(bool paused)
{
    m_scheduler.setAllPaused(paused, now());
    m_driver.reschedule();
    for (qint64 id : m_scheduler.ids())
        emitStatus(id);
}

bool WatchSession::revalidateNow(qint64 id)
{
    if (!m_scheduler.revalidateNow(id))
        return false;
    m_driver.reschedule();
    emitStatus(id);
    return true;
}

void WatchSession::reschedule()
{
    m_driver.reschedule();
}

QList<qint64> WatchSession::ids() const
{
    QList<qint64> all = m_items.keys();
    std::sort(all.begin(), all.end());
    return all;
}

WatchItem WatchSession::item(qint64 id) const
{
    WatchItem result = m_scheduler.item(id);
    if (!m_scheduler.contains(id) && m_doneUrls.contains(id)) {
        result.id = id;
        result.url = m_doneUrls.value(id);
    }
    if (m_items.value(id).backToBack)
        result.intervalMs = 0;
    return result;
}

WatchStatus WatchSession::status(qint64 id) const
{
    if (m_items.value(id).done) {
        WatchStatus status;
        status.id = id;
        status.state = WatchState::Paused;
        status.reason = QStringLiteral("done: %1 exchanges").arg(m_items.value(id).completed);
        return status;
    }
    return m_scheduler.status(id, now());
}

int WatchSession::completed(qint64 id) const
{
    return m_items.value(id).completed;
}

bool WatchSession::allDone() const
{
    if (!m_jobs.isEmpty() || m_items.isEmpty())
        return false;
    return std::all_of(m_items.begin(), m_items.end(), [](const ItemState &state) { return state.done; });
}

void WatchSession::setRequestLimits(qint64 maxBodyBytes, const QList<AcceptedCertificate> &acceptedCertificates)
{
    m_maxBodyBytes = qMax(qint64(0), maxBodyBytes);
    m_acceptedCertificates = acceptedCertificates;
}

void WatchSession::onDue(const QList<qint64> &ids)
{
    for (qint64 id : ids)
        send(id);
}

void WatchSession::send(qint64 id)
{
    Request request;
    request.method = "GET";
    request.url = m_scheduler.item(id).url;
    request.maxBodyBytes = m_maxBodyBytes;
    request.acceptedCertificates = m_acceptedCertificates;
    RevalidationJob *job = m_revalidator->send(request);
    m_jobs.insert(id, job);
    connect(job, &RevalidationJob::finished, this, [this, id, job](const CachedExchange &result) {
        job->deleteLater();
        // A job cancelled by remove() or stop() is no longer ours to record.
        if (m_jobs.value(id) != job)
            return;
        m_jobs.remove(id);
        onFinished(id, result);
    });
    emitStatus(id);
}

void WatchSession::onFinished(qint64 id, const CachedExchange &result)
{
    const QUrl url = m_scheduler.item(id).url;
    std::optional<TimelineEvent> previous;
    if (m_lastEvents.contains(id)) {
        previous = m_lastEvents.value(id);
    } else if (m_timeline && !result.previous) {
        previous = m_timeline->lastEvent(url);
        if (!m_timeline->errorString().isEmpty())
            Q_EMIT storeError(m_timeline->errorString());
    }
    const TimelineEvent event = eventFor(result, id, previous);
    m_lastEvents.insert(id, event);
    m_summary.add(event);
    m_pending.append(event);
    // A writer gathers what it is handed over into batches of its own: each event goes at once, so that the
    // lines after the last exchange are a few, not a flush delay's worth.
    if (m_writer || m_flushDelayMs == 0 || m_pending.size() >= MaxPendingEvents)
        writePending(!m_writer && m_flushDelayMs == 0);
    else if (!m_flushTimer.isActive())
        m_flushTimer.start(m_flushDelayMs);

    ItemState &state = m_items[id];
    ++state.completed;
    const WatchOutcome outcome = outcomeFor(result);
    m_driver.finished(id, outcome);

    if (state.limit > 0 && state.completed >= state.limit) {
        flush(); // the item's last lines come before "done"
        state.done = true;
        m_doneUrls.insert(id, url);
        m_scheduler.remove(id);
        m_driver.reschedule();
        emitStatus(id);
        Q_EMIT itemDone(id);
        if (allDone())
            Q_EMIT allItemsDone();
        return;
    }
    const WatchItem item = m_scheduler.item(id);
    if (state.backToBack && !needsScheduler(outcome.status) && !item.paused && !m_scheduler.allPaused()) {
        m_scheduler.revalidateNow(id);
        m_driver.reschedule();
    }
    emitStatus(id);
}

void WatchSession::setFlushDelayMs(int ms)
{
    m_flushDelayMs = qMax(0, ms);
    if (m_flushDelayMs == 0)
        flush();
}

void WatchSession::flush()
{
    writePending(true);
}

void WatchSession::setWriter(StoreWriter *writer)
{
    if (m_writer == writer)
        return;
    flush();
    if (m_writer)
        disconnect(m_writer, nullptr, this, nullptr);
    m_appendJobs.clear();
    m_writer = writer;
    if (m_writer)
        connect(m_writer, &StoreWriter::appended, this, &WatchSession::onAppended);
}

void WatchSession::writePending(bool wait)
{
    m_flushTimer.stop();
    QList<TimelineEvent> events;
    events.swap(m_pending);
    if (m_writer) {
        if (!events.isEmpty())
            m_appendJobs.insert(m_writer->append(events));
        if (wait && !m_appendJobs.isEmpty())
            m_writer->waitForIdle(); // delivers this batch's answer, and every earlier one
        return;
    }
    if (events.isEmpty())
        return;
    if (m_timeline && !m_timeline->append(events))
        Q_EMIT storeError(m_timeline->errorString());
    emitRecorded(events);
}

void WatchSession::onAppended(const StoreWriteAnswer &answer)
{
    if (!m_appendJobs.remove(answer.job))
        return; // someone else's write
    if (!answer.error.isEmpty())
        Q_EMIT storeError(answer.error);
    emitRecorded(answer.events);
}

void WatchSession::emitRecorded(const QList<TimelineEvent> &events)
{
    for (const TimelineEvent &event : events)
        Q_EMIT eventRecorded(event);
}

void WatchSession::emitStatus(qint64 id)
{
    // Working the status out costs as much as diagnosing an exchange; the command line does not show it.
    if (!isSignalConnected(QMetaMethod::fromSignal(&WatchSession::statusChanged)))
        return;
    Q_EMIT statusChanged(status(id));
}

TimelineEvent WatchSession::eventFor(
    const CachedExchange &result, qint64 watchId, const std::optional<TimelineEvent> &previousEvent)
{
    const Exchange &exchange = result.exchange;
    TimelineEvent event = timelineEventFromExchange(exchange);
    event.watchId = watchId;
    if (!event.time.isValid())
        event.time = QDateTime::currentDateTimeUtc();
    if (exchange.status == 304 && result.action == CacheAction::Updated) {
        event.contentChanged = ContentChange::No;
    } else if (exchange.status == 200 && exchange.error == ExchangeError::None) {
        ContentVersion stored;
        if (result.previous) {
            stored.etag = result.previous->responseHeaders.first("ETag");
            stored.lastModified = result.previous->responseHeaders.first("Last-Modified");
            stored.bodyHash = bodyHash(result.previous->body);
        } else if (previousEvent && previousEvent->status == 200) {
            stored.etag = previousEvent->receivedEtag;
            stored.lastModified = previousEvent->receivedLastModified;
        }
        const ContentVersion received { exchange.responseHeaders.first("ETag"),
            exchange.responseHeaders.first("Last-Modified"), result.previous ? exchange.bodyHash() : QByteArray() };
        const ContentChangeVerdict verdict = decideContentChange(stored, received);
        event.contentChanged = verdict.change;
        // With a stored entry the diagnosis compares the two versions itself; against an earlier event
        // (a response that was not stored) only this verdict knows.
        if (!result.previous)
            event.notes += verdict.notes;
    }
    event.notes += diagnoseExchange(result);
    // The store line says it too, but the timeline keeps only notes: without this a truncated 200 would
    // look like any other 200 whose content was simply not stored.
    if (exchange.bodyTruncated)
        event.notes.append({ NoteSeverity::Warning, QStringLiteral("body-truncated"), exchange.truncationNotice() });
    if (result.action == CacheAction::StoreError)
        event.notes.append({ NoteSeverity::Error, QStringLiteral("store-error"), result.actionText });
    sortNotesBySeverity(event.notes);
    return event;
}

WatchOutcome WatchSession::outcomeFor(const CachedExchange &result)
{
    WatchOutcome outcome;
    const Exchange &exchange = result.exchange;
    outcome.status = exchange.hasResponse() ? exchange.status : 0;
    if (exchange.status == 429 || exchange.status == 503) {
        const QDateTime received = exchange.timing.started.isValid() && exchange.timing.totalMs >= 0
            ? exchange.timing.started.addMSecs(exchange.timing.totalMs)
            : QDateTime();
        outcome.retryAfter = RetryAfter::parse(
            exchange.responseHeaders.first("Retry-After"), exchange.responseHeaders.first("Date"), received);
    }
    if (!result.freshness) {
        outcome.staleNote = QStringLiteral("nothing stored for this URL");
    } else if (!result.freshness->valid) {
        outcome.staleNote = result.freshness->problem;
    } else {
        const Freshness &freshness = *result.freshness;
        // Stale on arrival (no-cache, max-age=0, a past Expires) is said outright: the scheduler then checks on
        // its fallback grid rather than at its floor, which would ask every second, and the decision does not
        // hang on whether its clock has passed the instant the response arrived.
        if (freshness.noCache)
            outcome.staleNote = QStringLiteral("no-cache: every reuse must be revalidated");
        else if (!freshness.fresh || freshness.freshFor <= 0)
            outcome.staleNote = QStringLiteral("stale when it arrived");
        else
            outcome.staleAt = freshness.now.toUTC().addSecs(freshness.freshFor);
    }
    return outcome;
}

} // namespace CacheScope
