#pragma once

// Shared by the watch scheduler's tests (tst_watchscheduler, tst_retryafter, tst_watchdriver): a fixed
// epoch, items, outcomes, and a loop that runs a scheduler the way the program does, on a fake clock.

#include "client/watchscheduler.h"

#include <QDateTime>
#include <QList>
#include <QTimeZone>
#include <QUrl>

namespace CacheScope::WatchTesting {

// A round epoch time: multiples of every interval used below, so phases are easy to read.
inline const QDateTime kT0 = QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc());

inline QDateTime at(qint64 ms)
{
    return kT0.addMSecs(ms);
}

inline qint64 sinceT0(const QDateTime &time)
{
    return kT0.msecsTo(time);
}

inline WatchItem intervalItem(qint64 id, qint64 intervalMs, const QString &url = QStringLiteral("https://example.com/"))
{
    WatchItem item;
    item.id = id;
    item.url = QUrl(url.contains(QLatin1String("%1")) ? url.arg(id) : url);
    item.mode = WatchMode::Interval;
    item.intervalMs = intervalMs;
    return item;
}

inline WatchItem staleItem(qint64 id, const QString &url = QStringLiteral("https://example.com/%1"))
{
    WatchItem item = intervalItem(id, 60000, url);
    item.mode = WatchMode::WhenStale;
    return item;
}

inline WatchOutcome outcome(int status, const QDateTime &staleAt = {})
{
    WatchOutcome result;
    result.status = status;
    result.staleAt = staleAt;
    return result;
}

struct Fire
{
    qint64 id;
    qint64 atMs; // since kT0
};

// Runs the scheduler as the program would, jumping from wake-up to wake-up: every due item starts and
// finishes with a 200 at once. Returns what fired in [from, to).
inline QList<Fire> simulate(WatchScheduler &scheduler, qint64 fromMs, qint64 toMs)
{
    QList<Fire> fires;
    QDateTime now = at(fromMs);
    for (int guard = 0; guard < 100000; ++guard) {
        const QDateTime next = scheduler.nextWakeUp(now);
        if (!next.isValid() || sinceT0(next) >= toMs)
            break;
        now = qMax(now, next);
        const QList<qint64> ids = scheduler.takeDue(now);
        for (const qint64 id : ids) {
            fires.append({ id, sinceT0(now) });
            scheduler.finished(id, outcome(200), now);
        }
    }
    return fires;
}

} // namespace CacheScope::WatchTesting
