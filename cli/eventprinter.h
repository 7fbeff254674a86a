#pragma once

#include "client/timeline.h"

#include <memory>
#include <QTimer>
#include <thread>
#include <vector>

namespace CacheScope::Cli {

// Turns `watch`'s events into lines (timelineEventLine() or timelineEventJsonLine()) and writes them to
// standard output on a thread of its own. A watch running back to back spent a seventh of the time between two
// requests making a line and writing it (one write(2) per line, and a wake-up of whoever reads the pipe); here
// the events printed in one go (a store writer's batch of answers) are handed over when control returns to the
// event loop, and written with one write.
//
// Lines keep the order of print(). Nothing else may write to standard output until finish() returned.
class EventPrinter
{
public:
    explicit EventPrinter(bool json);
    ~EventPrinter(); // finish(), then the thread ends
    EventPrinter(const EventPrinter &) = delete;
    EventPrinter &operator=(const EventPrinter &) = delete;

    void print(const TimelineEvent &event);
    // Blocks until every event printed so far is on standard output, flushed.
    void finish();

private:
    struct Shared;
    void handOver();

    std::shared_ptr<Shared> m_shared;
    std::vector<TimelineEvent> m_outbox; // printed, not yet handed over
    QTimer m_handOverTimer;
    std::thread m_thread;
};

} // namespace CacheScope::Cli
