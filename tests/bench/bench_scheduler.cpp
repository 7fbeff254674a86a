// The watch scheduler's own cost per exchange, without any network: N items at one interval, run on a fake
// clock the way WatchDriver and WatchSession use it (takeDue, then per item finished(), status() and
// nextWakeUp()). The figure is CPU time per exchange; multiply by the exchange rate for a share of a core.
//   bench_scheduler [--items N] [--seconds S]
// Not a test: run by hand (README, "Performance").
#include "benchsupport.h"
#include "client/watchscheduler.h"

#include <ctime>
#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>

using namespace CacheScope;
using namespace CacheScope::Bench;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    bool ok = true;
    const int items = int(intOption(args, QStringLiteral("--items"), 500, 1, 100000, &ok));
    const int seconds = int(intOption(args, QStringLiteral("--seconds"), 60, 1, 86400, &ok));
    if (!ok || args.contains(QStringLiteral("--help"))) {
        err() << "Usage: bench_scheduler [--items N] [--seconds S]" << Qt::endl;
        return ok ? 0 : 2;
    }
    const QDateTime start(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc());
    WatchScheduler scheduler;
    for (int i = 1; i <= items; ++i) {
        WatchItem item;
        item.id = i;
        item.url = QUrl(QStringLiteral("http://127.0.0.1:8080/file-%1").arg(i));
        item.intervalMs = 1000;
        QString error;
        if (!scheduler.add(item, start, &error)) {
            err() << error << Qt::endl;
            return 2;
        }
    }
    const std::clock_t cpuStart = std::clock();
    qint64 exchanges = 0;
    QDateTime now = start;
    const QDateTime end = start.addSecs(seconds);
    while (now < end) {
        const QDateTime next = scheduler.nextWakeUp(now);
        if (!next.isValid())
            break;
        now = qMax(now, next);
        const QList<qint64> due = scheduler.takeDue(now);
        // Each request takes 1 ms of fake time; the session asks the item's status after each one.
        const QDateTime done = now.addMSecs(1);
        for (const qint64 id : due) {
            WatchOutcome outcome;
            outcome.status = 304;
            scheduler.finished(id, outcome, done);
            scheduler.status(id, done);
            scheduler.nextWakeUp(done);
            ++exchanges;
        }
    }
    const double cpuUs = double(std::clock() - cpuStart) * 1e6 / CLOCKS_PER_SEC;
    out() << "bench_scheduler: " << items << " items at 1 s, " << seconds << " s of fake time: " << exchanges
          << " exchanges, " << QString::number(cpuUs / 1000.0, 'f', 0)
          << " ms CPU = " << QString::number(cpuUs / double(qMax<qint64>(1, exchanges)), 'f', 2) << " us per exchange ("
          << QString::number(cpuUs / double(qMax<qint64>(1, exchanges)) * items / 1e4, 'f', 1) << "% of one core at "
          << items << " exchanges/s)" << Qt::endl;
    return 0;
}
