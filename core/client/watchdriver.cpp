#include "watchdriver.h"

#include "watchscheduler.h"

#include <algorithm>

namespace CacheScope {

namespace {

// QTimer counts on the monotonic clock, the schedule on the wall clock: after a suspend or a clock change
// a long timer would fire late, so the driver never sleeps longer than this without re-reading the clock.
constexpr qint64 kMaxSleepMs = 60 * 1000;

} // namespace

WatchDriver::WatchDriver(WatchScheduler *scheduler, Clock clock, QObject *parent)
    : QObject(parent)
    , m_scheduler(scheduler)
    , m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentDateTimeUtc(); }))
    , m_timer(this)
{
    m_timer.setSingleShot(true);
    // Coarse timers may fire 5% early or late: "due exactly when stale" would drift by minutes.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &WatchDriver::onTimeout);
}

void WatchDriver::setRunning(bool running)
{
    m_running = running;
    reschedule();
}

QDateTime WatchDriver::now() const
{
    return m_clock();
}

void WatchDriver::reschedule()
{
    if (!m_running || !m_scheduler) {
        m_timer.stop();
        return;
    }
    const QDateTime now = this->now();
    const QDateTime next = m_scheduler->nextWakeUp(now);
    if (!next.isValid()) {
        m_timer.stop();
        return;
    }
    m_timer.start(int(std::clamp<qint64>(now.msecsTo(next), 0, kMaxSleepMs)));
}

bool WatchDriver::finished(qint64 id, const WatchOutcome &outcome)
{
    const bool known = m_scheduler && m_scheduler->finished(id, outcome, now());
    reschedule();
    return known;
}

int WatchDriver::armedIntervalMs() const
{
    return m_timer.isActive() ? m_timer.interval() : -1;
}

void WatchDriver::onTimeout()
{
    if (!m_running || !m_scheduler)
        return;
    const QList<qint64> ids = m_scheduler->takeDue(now());
    reschedule();
    if (!ids.isEmpty())
        Q_EMIT due(ids);
}

} // namespace CacheScope
