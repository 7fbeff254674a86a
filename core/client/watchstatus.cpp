// WatchScheduler's status and reason texts, and formatWatchDuration(): the words the UI shows.
#include "watchscheduler.h"
#include "watchscheduler_p.h"

namespace CacheScope {

using WatchDetail::fromMs;
using WatchDetail::toMs;

namespace {

QString errorCount(int errors)
{
    return errors == 1 ? QStringLiteral("1 error") : QStringLiteral("%1 errors").arg(errors);
}

} // namespace

QString WatchScheduler::context(const Entry &entry, qint64 now) const
{
    switch (entry.hold) {
    case Hold::Regular:
        return QStringLiteral("interval %1").arg(formatWatchDuration(entry.item.intervalMs));
    case Hold::StaleAt:
        return QStringLiteral("when the stored response goes stale");
    case Hold::StaleFallback: {
        QString why = entry.staleNote;
        if (why.isEmpty()) {
            why = entry.staleAt >= 0 && entry.staleAt <= now ? QStringLiteral("the stored response is already stale")
                                                             : QStringLiteral("staleness unknown");
        }
        return QStringLiteral("%1: checking every %2").arg(why, formatWatchDuration(m_settings.fallbackIntervalMs));
    }
    case Hold::Backoff:
        return QStringLiteral("backing off %1 after %2")
            .arg(formatWatchDuration(entry.holdMs), errorCount(entry.errors));
    case Hold::RetryAfter:
        return QStringLiteral("Retry-After: %1").arg(formatWatchDuration(entry.holdMs));
    }
    return {};
}

WatchStatus WatchScheduler::statusOf(const Entry &entry, const Selection &selection, qint64 now) const
{
    WatchStatus status;
    status.id = entry.item.id;
    status.note = entry.note;
    status.consecutiveErrors = entry.errors;
    if (entry.inFlight) {
        status.state = WatchState::InFlight;
        status.reason = QStringLiteral("in flight");
    } else if (selection.ids.contains(entry.item.id)) {
        status.state = WatchState::Due;
        status.nextAt = fromMs(now);
        status.reason = entry.demanded ? QStringLiteral("revalidating now (requested)")
                                       : QStringLiteral("due now (%1)").arg(context(entry, now));
    } else if (selection.blockedByHost.contains(entry.item.id)) {
        status.state = WatchState::WaitingForHost;
        const int count = selection.blockedByHost.value(entry.item.id);
        status.reason = QStringLiteral("waiting: %1 %2 in flight to %3")
                            .arg(QString::number(count),
                                count == 1 ? QStringLiteral("request") : QStringLiteral("requests"), entry.hostLabel);
    } else if (selection.blockedGlobally.contains(entry.item.id)) {
        status.state = WatchState::WaitingForSlot;
        status.reason = QStringLiteral("waiting: %1 requests in flight in total (limit %2)")
                            .arg(selection.blockedGlobally.value(entry.item.id))
                            .arg(m_settings.globalLimit);
    } else if (!isActive(entry)) {
        status.state = WatchState::Paused;
        status.reason
            = entry.item.paused ? QStringLiteral("paused") : QStringLiteral("paused (all watching is paused)");
    } else {
        const qint64 due = dueOf(entry);
        status.state = entry.hold == Hold::Backoff ? WatchState::BackingOff
            : entry.hold == Hold::RetryAfter       ? WatchState::RetryAfter
                                                   : WatchState::Scheduled;
        status.nextAt = fromMs(due);
        status.reason = QStringLiteral("next in %1 (%2)").arg(formatWatchDuration(due - now), context(entry, now));
    }
    return status;
}

WatchStatus WatchScheduler::status(qint64 id, const QDateTime &now) const
{
    const auto it = m_entries.constFind(id);
    if (it == m_entries.constEnd() || !now.isValid()) {
        WatchStatus unknown;
        unknown.id = id;
        unknown.state = WatchState::Paused;
        unknown.reason = it == m_entries.constEnd() ? QStringLiteral("not watched") : QStringLiteral("no current time");
        return unknown;
    }
    const qint64 nowMs = toMs(now);
    // Only an item that is due needs the selection (is it free to start, or waiting for a slot?), and
    // computing it visits every item: a session asking each item's status after each exchange would
    // otherwise be quadratic.
    const bool mayBeDue = !it->inFlight && (it->demanded || (isActive(*it) && dueOf(*it) <= nowMs));
    return statusOf(*it, mayBeDue ? select(nowMs) : Selection(), nowMs);
}

QList<WatchStatus> WatchScheduler::statuses(const QDateTime &now) const
{
    QList<WatchStatus> all;
    if (!now.isValid())
        return all;
    const qint64 nowMs = toMs(now);
    const Selection selection = select(nowMs);
    for (const qint64 id : ids())
        all.append(statusOf(*m_entries.constFind(id), selection, nowMs));
    return all;
}

QString formatWatchDuration(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("0 s");
    const qint64 seconds = ms / 1000 + (ms % 1000 ? 1 : 0);
    static const struct
    {
        qint64 seconds;
        const char *unit;
    } units[] = { { 86400, "d" }, { 3600, "h" }, { 60, "min" }, { 1, "s" } };
    for (size_t i = 0; i < std::size(units); ++i) {
        const qint64 major = seconds / units[i].seconds;
        if (major == 0)
            continue;
        QString text = QString::number(major) + QLatin1Char(' ') + QLatin1String(units[i].unit);
        if (i + 1 < std::size(units)) {
            const qint64 minor = seconds % units[i].seconds / units[i + 1].seconds;
            if (minor > 0)
                text += QLatin1Char(' ') + QString::number(minor) + QLatin1Char(' ') + QLatin1String(units[i + 1].unit);
        }
        return text;
    }
    return QStringLiteral("0 s");
}

} // namespace CacheScope
