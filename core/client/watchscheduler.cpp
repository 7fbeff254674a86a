#include "watchscheduler.h"

#include "watchscheduler_p.h"

#include <algorithm>
#include <limits>

namespace CacheScope {

using WatchDetail::fromMs;
using WatchDetail::toMs;

namespace {

constexpr qint64 kStaleGroup = -1;

// The first time at or after `anchor` that is `phase` modulo `period`.
qint64 slotAtOrAfter(qint64 anchor, qint64 phase, qint64 period)
{
    qint64 offset = (phase - anchor) % period;
    if (offset < 0)
        offset += period;
    return anchor + offset;
}

QString rawText(const QByteArray &raw)
{
    return QStringLiteral("\"%1\"").arg(QString::fromLatin1(raw.trimmed()));
}

} // namespace

// ---- WatchScheduler: configuration

WatchScheduler::WatchScheduler() = default;

WatchScheduler::WatchScheduler(const Settings &settings)
{
    setSettings(settings);
}

void WatchScheduler::setSettings(const Settings &settings)
{
    const Settings old = m_settings;
    Settings s = settings;
    s.perHostLimit = qMax(1, s.perHostLimit);
    s.globalLimit = qMax(1, s.globalLimit);
    if (s.minimumIntervalMs <= 0)
        s.minimumIntervalMs = old.minimumIntervalMs;
    if (s.maximumIntervalMs < s.minimumIntervalMs)
        s.maximumIntervalMs = qMax(old.maximumIntervalMs, s.minimumIntervalMs);
    const auto inRange = [&s](qint64 value) { return value >= s.minimumIntervalMs && value <= s.maximumIntervalMs; };
    if (!inRange(s.fallbackIntervalMs))
        s.fallbackIntervalMs = std::clamp(old.fallbackIntervalMs, s.minimumIntervalMs, s.maximumIntervalMs);
    if (s.backoffBaseMs <= 0)
        s.backoffBaseMs = old.backoffBaseMs;
    if (s.backoffCapMs < s.minimumIntervalMs)
        s.backoffCapMs = qMax(old.backoffCapMs, s.minimumIntervalMs);
    if (s.retryAfterCapMs < s.minimumIntervalMs)
        s.retryAfterCapMs = qMax(old.retryAfterCapMs, s.minimumIntervalMs);
    m_settings = s;
}

QString WatchScheduler::hostKey(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    QString host = url.host().toLower();
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    const int port = url.port(scheme == QLatin1String("https") ? 443 : 80);
    return scheme + QStringLiteral("://") + host + QLatin1Char(':') + QString::number(port);
}

bool WatchScheduler::add(const WatchItem &item, const QDateTime &now, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (!now.isValid())
        return fail(QStringLiteral("cannot add a watch without a valid current time"));
    if (item.id <= 0)
        return fail(QStringLiteral("watch id must be positive (got %1)").arg(item.id));
    if (m_entries.contains(item.id))
        return fail(QStringLiteral("watch id %1 is already in use").arg(item.id));
    const QString scheme = item.url.scheme().toLower();
    if (!item.url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        || item.url.host().isEmpty())
        return fail(QStringLiteral("not an http or https URL with a host: \"%1\"").arg(item.url.toString()));
    if (item.mode == WatchMode::Interval
        && (item.intervalMs < m_settings.minimumIntervalMs || item.intervalMs > m_settings.maximumIntervalMs))
        return fail(QStringLiteral("interval %1 ms is out of range (%2 to %3)")
                        .arg(item.intervalMs)
                        .arg(formatWatchDuration(m_settings.minimumIntervalMs),
                            formatWatchDuration(m_settings.maximumIntervalMs)));

    Entry entry;
    entry.item = item;
    entry.item.url = item.url.adjusted(QUrl::RemoveFragment);
    entry.hostKey = hostKey(item.url);
    const int defaultPort = scheme == QLatin1String("https") ? 443 : 80;
    entry.hostLabel = item.url.host().toLower();
    if (item.url.port(defaultPort) != defaultPort)
        entry.hostLabel += QLatin1Char(':') + QString::number(item.url.port());
    entry.staleAt = item.staleAt.isValid() ? toMs(item.staleAt) : -1;
    joinGroup(entry);
    scheduleRegular(entry, toMs(now));
    m_entries.insert(item.id, entry);
    if (error)
        error->clear();
    return true;
}

bool WatchScheduler::remove(qint64 id)
{
    const auto it = m_entries.constFind(id);
    if (it == m_entries.constEnd())
        return false;
    if (it->inFlight) {
        --m_inFlight;
        if (--m_inFlightPerHost[it->hostKey] <= 0)
            m_inFlightPerHost.remove(it->hostKey);
    }
    leaveGroup(*it);
    m_entries.erase(it);
    return true;
}

bool WatchScheduler::setMode(qint64 id, WatchMode mode, qint64 intervalMs, const QDateTime &now, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    const auto it = m_entries.find(id);
    if (it == m_entries.end())
        return fail(QStringLiteral("no watch with id %1").arg(id));
    if (!now.isValid())
        return fail(QStringLiteral("cannot change a watch without a valid current time"));
    if (mode == WatchMode::Interval
        && (intervalMs < m_settings.minimumIntervalMs || intervalMs > m_settings.maximumIntervalMs))
        return fail(QStringLiteral("interval %1 ms is out of range (%2 to %3)")
                        .arg(intervalMs)
                        .arg(formatWatchDuration(m_settings.minimumIntervalMs),
                            formatWatchDuration(m_settings.maximumIntervalMs)));
    leaveGroup(*it);
    it->item.mode = mode;
    if (mode == WatchMode::Interval)
        it->item.intervalMs = intervalMs;
    joinGroup(*it);
    const qint64 nowMs = toMs(now);
    // A server's Retry-After and an ongoing backoff outlive a change of schedule.
    const bool held = (it->hold == Hold::Backoff || it->hold == Hold::RetryAfter) && it->dueAt > nowMs;
    if (!it->inFlight && !held)
        scheduleRegular(*it, nowMs);
    if (error)
        error->clear();
    return true;
}

bool WatchScheduler::setPaused(qint64 id, bool paused, const QDateTime &now)
{
    const auto it = m_entries.find(id);
    if (it == m_entries.end() || !now.isValid())
        return false;
    const bool wasActive = isActive(*it);
    it->item.paused = paused;
    if (!wasActive && isActive(*it))
        resume(*it, toMs(now));
    return true;
}

void WatchScheduler::setAllPaused(bool paused, const QDateTime &now)
{
    if (paused == m_allPaused || (!paused && !now.isValid()))
        return;
    m_allPaused = paused;
    if (paused)
        return;
    for (Entry &entry : m_entries) {
        if (isActive(entry))
            resume(entry, toMs(now));
    }
}

bool WatchScheduler::revalidateNow(qint64 id)
{
    const auto it = m_entries.find(id);
    if (it == m_entries.end() || it->inFlight)
        return false;
    it->demanded = true;
    return true;
}

WatchItem WatchScheduler::item(qint64 id) const
{
    const auto it = m_entries.constFind(id);
    return it == m_entries.constEnd() ? WatchItem() : it->item;
}

QList<qint64> WatchScheduler::ids() const
{
    QList<qint64> all = m_entries.keys();
    std::sort(all.begin(), all.end());
    return all;
}

// ---- WatchScheduler: grid

bool WatchScheduler::isActive(const Entry &entry) const
{
    return !entry.item.paused && !m_allPaused;
}

qint64 WatchScheduler::periodOf(const WatchItem &item) const
{
    return item.mode == WatchMode::Interval ? item.intervalMs : m_settings.fallbackIntervalMs;
}

static qint64 groupKeyOf(const WatchItem &item)
{
    return item.mode == WatchMode::Interval ? item.intervalMs : kStaleGroup;
}

void WatchScheduler::joinGroup(const Entry &entry)
{
    QList<qint64> &group = m_groups[groupKeyOf(entry.item)];
    group.insert(std::lower_bound(group.begin(), group.end(), entry.item.id), entry.item.id);
    m_ranksDirty = true;
}

void WatchScheduler::leaveGroup(const Entry &entry)
{
    const qint64 key = groupKeyOf(entry.item);
    QList<qint64> &group = m_groups[key];
    group.removeOne(entry.item.id);
    if (group.isEmpty())
        m_groups.remove(key);
    m_ranksDirty = true;
}

// Renumbering at once on every add would make adding n items O(n^2); once before the next use is O(n).
void WatchScheduler::refreshRanks() const
{
    for (auto group = m_groups.cbegin(); group != m_groups.cend(); ++group) {
        const QList<qint64> &ids = group.value();
        for (qsizetype rank = 0; rank < ids.size(); ++rank) {
            const auto it = m_entries.constFind(ids.at(rank));
            if (it == m_entries.cend())
                continue; // add() joins the group just before inserting the entry
            it->rank = rank;
            it->groupSize = ids.size();
        }
    }
    m_ranksDirty = false;
}

qint64 WatchScheduler::dueOf(const Entry &entry) const
{
    if (entry.hold != Hold::Regular && entry.hold != Hold::StaleFallback)
        return entry.dueAt;
    if (m_ranksDirty)
        refreshRanks();
    const qint64 period = periodOf(entry.item);
    // Evenly spaced by rank, from the epoch: the same grid whenever the same items are watched.
    return slotAtOrAfter(entry.anchor, entry.rank * period / qMax<qint64>(1, entry.groupSize), period);
}

void WatchScheduler::scheduleRegular(Entry &entry, qint64 now)
{
    const qint64 period = periodOf(entry.item);
    // At least half a period between two checks of one item, even when its phase just moved.
    entry.anchor = entry.lastStartedAt < 0 ? now : qMax(now + 1, entry.lastStartedAt + period / 2);
    entry.hold = Hold::Regular;
    if (entry.item.mode == WatchMode::Interval)
        return;
    if (entry.staleAt > now) {
        entry.hold = Hold::StaleAt;
        entry.dueAt = entry.lastStartedAt < 0 ? entry.staleAt
                                              : qMax(entry.staleAt, entry.lastStartedAt + m_settings.minimumIntervalMs);
        return;
    }
    entry.hold = Hold::StaleFallback;
}

void WatchScheduler::resume(Entry &entry, qint64 now)
{
    const bool fixed = entry.hold == Hold::StaleAt || entry.hold == Hold::Backoff || entry.hold == Hold::RetryAfter;
    if (entry.inFlight || (fixed && entry.dueAt > now))
        return;
    // Back on the grid rather than due at once: resuming hundreds of items must not fire them together.
    scheduleRegular(entry, now);
}

// ---- WatchScheduler: running

WatchScheduler::Selection WatchScheduler::select(qint64 now) const
{
    struct Candidate
    {
        bool demanded;
        qint64 due;
        qint64 id;
    };
    QList<Candidate> candidates;
    for (const Entry &entry : m_entries) {
        if (entry.inFlight)
            continue;
        if (entry.demanded) {
            candidates.append({ true, now, entry.item.id });
            continue;
        }
        if (!isActive(entry))
            continue;
        const qint64 due = dueOf(entry);
        if (due <= now)
            candidates.append({ false, due, entry.item.id });
    }
    // Asked-for first, then the longest overdue; ids break ties so the order is reproducible.
    std::sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) {
        if (a.demanded != b.demanded)
            return a.demanded;
        if (a.due != b.due)
            return a.due < b.due;
        return a.id < b.id;
    });
    Selection selection;
    QHash<QString, int> perHost = m_inFlightPerHost;
    int total = m_inFlight;
    for (const Candidate &candidate : std::as_const(candidates)) {
        const Entry &entry = *m_entries.constFind(candidate.id);
        int &hostCount = perHost[entry.hostKey];
        if (hostCount >= m_settings.perHostLimit) {
            selection.blockedByHost.insert(candidate.id, hostCount);
        } else if (total >= m_settings.globalLimit) {
            selection.blockedGlobally.insert(candidate.id, total);
        } else {
            selection.ids.append(candidate.id);
            ++hostCount;
            ++total;
        }
    }
    return selection;
}

QList<qint64> WatchScheduler::dueItems(const QDateTime &now) const
{
    if (!now.isValid())
        return {};
    return select(toMs(now)).ids;
}

QList<qint64> WatchScheduler::takeDue(const QDateTime &now)
{
    const QList<qint64> due = dueItems(now);
    for (const qint64 id : due)
        started(id, now);
    return due;
}

bool WatchScheduler::started(qint64 id, const QDateTime &now)
{
    const auto it = m_entries.find(id);
    if (it == m_entries.end() || it->inFlight || !now.isValid())
        return false;
    it->inFlight = true;
    it->demanded = false;
    it->lastStartedAt = toMs(now);
    ++m_inFlight;
    ++m_inFlightPerHost[it->hostKey];
    return true;
}

bool WatchScheduler::finished(qint64 id, const WatchOutcome &outcome, const QDateTime &now)
{
    const auto it = m_entries.find(id);
    if (it == m_entries.end() || !it->inFlight || !now.isValid())
        return false;
    Entry &entry = *it;
    entry.inFlight = false;
    --m_inFlight;
    if (--m_inFlightPerHost[entry.hostKey] <= 0)
        m_inFlightPerHost.remove(entry.hostKey);
    entry.note.clear();
    const qint64 nowMs = toMs(now);
    const bool failed = outcome.status <= 0 || outcome.status >= 500 || outcome.status == 429;
    if (failed) {
        ++entry.errors;
        scheduleAfterError(entry, outcome, nowMs);
        return true;
    }
    entry.errors = 0;
    entry.staleAt = outcome.staleAt.isValid() ? toMs(outcome.staleAt) : -1;
    entry.staleNote = outcome.staleNote;
    scheduleRegular(entry, nowMs);
    return true;
}

bool WatchScheduler::applyRetryAfter(Entry &entry, const RetryAfter &retryAfter, qint64 now)
{
    qint64 waitMs = 0;
    switch (retryAfter.kind) {
    case RetryAfter::Kind::None:
        return false;
    case RetryAfter::Kind::Invalid:
        entry.note = QStringLiteral("Retry-After %1 ignored: neither delta-seconds nor an HTTP-date")
                         .arg(rawText(retryAfter.raw));
        return false;
    case RetryAfter::Kind::Delay:
        if (retryAfter.seconds < 0) {
            entry.note = QStringLiteral("Retry-After %1 ignored: a negative delay").arg(rawText(retryAfter.raw));
            return false;
        }
        waitMs = retryAfter.seconds > m_settings.retryAfterCapMs / 1000 ? m_settings.retryAfterCapMs + 1
                                                                        : retryAfter.seconds * 1000;
        break;
    case RetryAfter::Kind::Date: {
        if (!retryAfter.date.isValid()) {
            entry.note = QStringLiteral("Retry-After %1 ignored: not a valid HTTP-date").arg(rawText(retryAfter.raw));
            return false;
        }
        // The server's Date is the server's clock, like the Retry-After date: their difference does not
        // depend on how far our clock is off.
        const qint64 reference = retryAfter.responseDate.isValid() ? toMs(retryAfter.responseDate) : now;
        waitMs = qMax<qint64>(0, toMs(retryAfter.date) - reference);
        break;
    }
    }
    if (waitMs > m_settings.retryAfterCapMs) {
        entry.note = QStringLiteral("Retry-After %1 capped to %2")
                         .arg(rawText(retryAfter.raw), formatWatchDuration(m_settings.retryAfterCapMs));
        waitMs = m_settings.retryAfterCapMs;
    }
    // "Retry-After: 0" on every response must not turn into a request loop.
    waitMs = qMax(waitMs, m_settings.minimumIntervalMs);
    entry.hold = Hold::RetryAfter;
    entry.holdMs = waitMs;
    entry.dueAt = now + waitMs;
    return true;
}

void WatchScheduler::scheduleAfterError(Entry &entry, const WatchOutcome &outcome, qint64 now)
{
    const bool mayRetryAfter = outcome.status == 429 || outcome.status == 503;
    if (mayRetryAfter && applyRetryAfter(entry, outcome.retryAfter, now))
        return;
    const bool interval = entry.item.mode == WatchMode::Interval;
    const qint64 cap = m_settings.backoffCapMs;
    qint64 delay = interval ? entry.item.intervalMs : m_settings.backoffBaseMs;
    for (int i = 0; i < entry.errors && delay < cap; ++i)
        delay = delay > cap / 2 ? cap : delay * 2;
    delay = qMin(delay, cap);
    // Errors never make an item checked more often than its own interval.
    if (interval)
        delay = qMax(delay, entry.item.intervalMs);
    delay = qMax(delay, m_settings.minimumIntervalMs);
    entry.hold = Hold::Backoff;
    entry.holdMs = delay;
    entry.dueAt = now + delay;
}

QDateTime WatchScheduler::nextWakeUp(const QDateTime &now) const
{
    if (!now.isValid())
        return {};
    const qint64 nowMs = toMs(now);
    // One pass, no select(): the driver asks after every exchange. select() takes the first candidate, in
    // its order, whose host is under the limit, as long as the global limit is not reached; so something
    // can start now exactly when some due item's host is under the limit and a global slot is free.
    const bool slotFree = m_inFlight < m_settings.globalLimit;
    qint64 earliest = std::numeric_limits<qint64>::max();
    for (const Entry &entry : m_entries) {
        if (entry.inFlight)
            continue;
        const bool active = isActive(entry);
        const qint64 due = entry.demanded ? nowMs : (active ? dueOf(entry) : std::numeric_limits<qint64>::max());
        if (due <= nowMs) {
            if (slotFree && m_inFlightPerHost.value(entry.hostKey) < m_settings.perHostLimit)
                return now;
            continue; // waiting for a slot: finished() frees it
        }
        earliest = qMin(earliest, due);
    }
    return earliest == std::numeric_limits<qint64>::max() ? QDateTime() : fromMs(earliest);
}

} // namespace CacheScope
