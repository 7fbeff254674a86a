#include "eventprinter.h"

#include "output.h"
#include "timelineoutput.h"

#include <condition_variable>
#include <cstdio>
#include <mutex>

namespace CacheScope::Cli {

// The queue and flags are guarded by `mutex`; `json` never changes.
struct EventPrinter::Shared
{
    const bool json;
    std::mutex mutex;
    std::condition_variable wake; // events were handed over, or stopping
    std::condition_variable idle; // everything handed over is written
    std::vector<TimelineEvent> queue;
    bool busy = false;
    bool stopping = false;

    explicit Shared(bool json)
        : json(json)
    { }

    void run()
    {
        QByteArray text;
        for (;;) {
            std::vector<TimelineEvent> batch;
            {
                std::unique_lock lock(mutex);
                wake.wait(lock, [this] { return stopping || !queue.empty(); });
                if (queue.empty())
                    return; // stopping, and everything handed over was written
                batch.swap(queue);
                busy = true;
            }
            text.clear();
            for (const TimelineEvent &event : batch) {
                text += json ? timelineEventJsonLine(event) : timelineEventLine(event).toUtf8();
                text += '\n';
            }
            std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
            std::fflush(stdout);
            {
                std::lock_guard lock(mutex);
                busy = false;
            }
            idle.notify_all();
        }
    }
};

EventPrinter::EventPrinter(bool json)
    : m_shared(std::make_shared<Shared>(json))
{
    out().flush(); // what out() holds comes before the lines
    m_handOverTimer.setSingleShot(true);
    m_handOverTimer.setInterval(0);
    QObject::connect(&m_handOverTimer, &QTimer::timeout, &m_handOverTimer, [this] { handOver(); });
    m_thread = std::thread([shared = m_shared] { shared->run(); });
}

EventPrinter::~EventPrinter()
{
    handOver();
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->stopping = true;
    }
    m_shared->wake.notify_all();
    m_thread.join(); // the lines handed over are written first
}

void EventPrinter::print(const TimelineEvent &event)
{
    m_outbox.push_back(event);
    if (!m_handOverTimer.isActive())
        m_handOverTimer.start();
}

void EventPrinter::handOver()
{
    m_handOverTimer.stop();
    if (m_outbox.empty())
        return;
    {
        std::lock_guard lock(m_shared->mutex);
        if (m_shared->queue.empty())
            m_shared->queue.swap(m_outbox);
        else
            m_shared->queue.insert(m_shared->queue.end(), std::make_move_iterator(m_outbox.begin()),
                std::make_move_iterator(m_outbox.end()));
    }
    m_outbox.clear();
    m_shared->wake.notify_one();
}

void EventPrinter::finish()
{
    handOver();
    std::unique_lock lock(m_shared->mutex);
    m_shared->idle.wait(lock, [this] { return m_shared->queue.empty() && !m_shared->busy; });
}

} // namespace CacheScope::Cli
