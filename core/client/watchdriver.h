#pragma once

#include <functional>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QTimer>

namespace CacheScope {

class WatchScheduler;
struct WatchOutcome;

// Drives a WatchScheduler with a single-shot QTimer armed for nextWakeUp(): the program sleeps between
// revalidations instead of polling. The clock is injected (tests pass a fake one).
class WatchDriver : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<QDateTime()>;
    // `scheduler` must outlive the driver. A null clock means QDateTime::currentDateTimeUtc.
    explicit WatchDriver(WatchScheduler *scheduler, Clock clock = {}, QObject *parent = nullptr);

    // Starts or stops emitting due(). Stopped at construction.
    void setRunning(bool running);
    bool isRunning() const { return m_running; }
    // Re-arms the timer; call after changing the scheduler (add, remove, pause, revalidateNow...).
    void reschedule();
    // finished() on the scheduler with the clock's now, then reschedule(): a freed slot starts waiting items.
    bool finished(qint64 id, const WatchOutcome &outcome);
    QDateTime now() const;
    // The armed timer's interval in ms; -1 when not armed.
    int armedIntervalMs() const;

Q_SIGNALS:
    // These items were due and are now marked started: send their requests, then call finished().
    void due(const QList<qint64> &ids);

private:
    void onTimeout();

    WatchScheduler *m_scheduler;
    Clock m_clock;
    QTimer m_timer;
    bool m_running = false;
};

} // namespace CacheScope
