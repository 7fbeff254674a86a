// Many URLs watched at a short interval against a local nginx: what it costs the machine, and whether the
// requests are spread over the interval or fired in bursts. Two figures:
//   cli:  `cachescope-cli watch --interval S URL... --json --store TMP` as a child process, stopped with SIGINT;
//         its CPU time and peak RSS come from wait4().
//   core: WatchScheduler + WatchDriver + Revalidator in this process (no timeline store, no printing);
//         CPU time and peak RSS from getrusage(RUSAGE_SELF).
// Targets (issue 5) for 500 URLs at 1 s for 60 s: under 25% of one core and under 150 MB.
//   bench_watch [--urls N] [--interval S] [--duration S] [--size BYTES] [--mode cli|core|both]
//               [--cpu-target PERCENT] [--rss-target MIB]
// Exit status: 0 every figure met the targets, 1 one missed them, 2 the benchmark could not run.
// Not a test: run by hand (README, "Performance").
#include "benchsupport.h"
#include "cache/validatorstore.h"
#include "client/httpclient.h"
#include "client/revalidator.h"
#include "client/watchscheduler.h"
#include "support/nginxserver.h"

#include <algorithm>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTimer>
#include <sys/resource.h>
#include <thread>

using namespace CacheScope;
using namespace CacheScope::Bench;

namespace {

struct Config
{
    int urls = 500;
    int intervalS = 1;
    int durationS = 60;
    qint64 size = 2048;
    double cpuTargetPercent = 25;
    double rssTargetMiB = 150;
    QString workDir;
    QString cliPath;
    QList<QUrl> urlList;
};

// What one way of watching did.
struct Run
{
    QString name;
    QString error;
    double wallSeconds = 0;
    double cpuSeconds = 0;
    double peakRssMiB = 0;
    QString end; // how the child ended
    int exchanges = 0;
    int ok200 = 0;
    int notModified = 0;
    int others = 0;
    int errors = 0;
    QList<qint64> finishedAtNs; // when each exchange ended (or was printed), since the start
    QList<qint64> startedAtNs; // core only: when the scheduler handed each one out
};

double seconds(const timeval &tv)
{
    return double(tv.tv_sec) + double(tv.tv_usec) / 1e6;
}

void countStatus(Run &run, int status)
{
    ++run.exchanges;
    if (status == 200)
        ++run.ok200;
    else if (status == 304)
        ++run.notModified;
    else if (status == 0)
        ++run.errors;
    else
        ++run.others;
}

Run runCli(const Config &config)
{
    Run run;
    run.name = QStringLiteral("cachescope-cli watch");
    QStringList arguments { QStringLiteral("watch"), QStringLiteral("--interval"), QString::number(config.intervalS),
        QStringLiteral("--json"), QStringLiteral("--store"),
        QDir(config.workDir).filePath(QStringLiteral("cli-store")) };
    for (const QUrl &url : config.urlList)
        arguments.append(url.toString());
    const ChildRun child = runChild(config.cliPath, arguments, qint64(config.durationS) * 1000);
    if (!child.error.isEmpty()) {
        run.error = child.error;
        return run;
    }
    run.wallSeconds = double(child.wallNs) / 1e9;
    run.cpuSeconds = child.cpuSeconds();
    run.peakRssMiB = child.peakRssMiB();
    run.end = child.describeEnd();
    for (const ChildLine &line : child.lines) {
        const QJsonObject object = QJsonDocument::fromJson(line.text).object();
        if (!object.contains(QStringLiteral("url")))
            continue; // the summary, or anything that is not an exchange
        const QJsonValue status = object.value(QStringLiteral("status"));
        countStatus(run, status.isDouble() ? status.toInt() : 0);
        run.finishedAtNs.append(line.atNs);
    }
    if (run.exchanges == 0) {
        run.error = QStringLiteral("no exchange in the output (%1): %2")
                        .arg(child.describeEnd(), QString::fromLocal8Bit(child.errorOutput.left(800)));
    }
    return run;
}

Run runCore(const Config &config)
{
    Run run;
    run.name = QStringLiteral("core (scheduler+driver)");
    ValidatorStore store;
    if (!store.open(QDir(config.workDir).filePath(QStringLiteral("core.sqlite")))) {
        run.error = QStringLiteral("cannot open the validator store");
        return run;
    }
    HttpClient client;
    Revalidator revalidator(&client, &store);
    WatchScheduler scheduler;
    WatchDriver driver(&scheduler);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QHash<qint64, QUrl> urls;
    for (int i = 0; i < config.urlList.size(); ++i) {
        WatchItem item;
        item.id = i + 1;
        item.url = config.urlList.at(i);
        item.intervalMs = qint64(config.intervalS) * 1000;
        QString error;
        if (!scheduler.add(item, now, &error)) {
            run.error = error;
            return run;
        }
        urls.insert(item.id, item.url);
    }
    QElapsedTimer clock;
    QObject::connect(&driver, &WatchDriver::due, &driver, [&](const QList<qint64> &ids) {
        for (const qint64 id : ids) {
            run.startedAtNs.append(clock.nsecsElapsed());
            Request request;
            request.url = urls.value(id);
            RevalidationJob *job = revalidator.send(request);
            QObject::connect(job, &RevalidationJob::finished, &driver, [&, id, job](const CachedExchange &result) {
                job->deleteLater();
                run.finishedAtNs.append(clock.nsecsElapsed());
                countStatus(run, result.exchange.status);
                WatchOutcome outcome;
                outcome.status = result.exchange.status;
                driver.finished(id, outcome);
            });
        }
    });
    rusage before {};
    getrusage(RUSAGE_SELF, &before);
    QEventLoop loop;
    QTimer::singleShot(config.durationS * 1000, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    clock.start();
    driver.setRunning(true);
    loop.exec();
    driver.setRunning(false);
    run.wallSeconds = double(clock.nsecsElapsed()) / 1e9;
    rusage after {};
    getrusage(RUSAGE_SELF, &after);
    run.cpuSeconds
        = seconds(after.ru_utime) + seconds(after.ru_stime) - seconds(before.ru_utime) - seconds(before.ru_stime);
    run.peakRssMiB = double(after.ru_maxrss) / 1024.0; // the whole process, this benchmark included
    run.end = QStringLiteral("stopped after %1 s, %2 in flight").arg(config.durationS).arg(scheduler.inFlightCount());
    return run;
}

// Requests per 100 ms slice, from one interval after the first exchange (the first pass stores every URL and
// starts with a burst of new connections) to the last full slice.
struct Spread
{
    int slices = 0;
    double mean = 0;
    int max = 0;
    int min = 0;
};

Spread spreadOf(const QList<qint64> &finishedAtNs, int intervalS)
{
    Spread spread;
    if (finishedAtNs.isEmpty())
        return spread;
    constexpr qint64 slice = 100 * 1000 * 1000;
    const qint64 from = finishedAtNs.first() + qint64(intervalS) * 1000 * 1000 * 1000;
    const qint64 to = finishedAtNs.last();
    spread.slices = int((to - from) / slice);
    if (spread.slices <= 0)
        return spread;
    QList<int> counts(spread.slices, 0);
    int total = 0;
    for (const qint64 at : finishedAtNs) {
        const qint64 index = (at - from) / slice;
        if (at >= from && index < spread.slices) {
            ++counts[index];
            ++total;
        }
    }
    spread.mean = double(total) / spread.slices;
    spread.max = *std::max_element(counts.begin(), counts.end());
    spread.min = *std::min_element(counts.begin(), counts.end());
    return spread;
}

// Prints one run; returns whether it met both targets.
bool report(const Run &run, const Config &config)
{
    if (!run.error.isEmpty()) {
        out() << "  " << run.name << ": FAILED: " << run.error << Qt::endl;
        return false;
    }
    const double cpuPercent = run.wallSeconds > 0 ? 100.0 * run.cpuSeconds / run.wallSeconds : 0;
    const Spread spread = spreadOf(run.finishedAtNs, config.intervalS);
    const Spread starts = spreadOf(run.startedAtNs, config.intervalS);
    const double expectedPerSlice = double(config.urls) / (config.intervalS * 10.0);
    const bool cpuMet = cpuPercent < config.cpuTargetPercent;
    const bool rssMet = run.peakRssMiB < config.rssTargetMiB;
    out() << "  " << run.name << " (" << run.end << ")" << Qt::endl;
    out() << QStringLiteral("    exchanges: %1 in %2 s = %3/s (expected %4/s): %5 x 200, %6 x 304, %7 other, %8 errors")
                 .arg(run.exchanges)
                 .arg(run.wallSeconds, 0, 'f', 1)
                 .arg(run.exchanges / run.wallSeconds, 0, 'f', 0)
                 .arg(double(config.urls) / config.intervalS, 0, 'f', 0)
                 .arg(run.ok200)
                 .arg(run.notModified)
                 .arg(run.others)
                 .arg(run.errors)
          << Qt::endl;
    out() << QStringLiteral(
        "    spread of the ends: per 100 ms slice over %1 slices: mean %2, max %3, min %4 (max/mean %5; "
        "an even spread is %6 per slice)")
                 .arg(spread.slices)
                 .arg(spread.mean, 0, 'f', 1)
                 .arg(spread.max)
                 .arg(spread.min)
                 .arg(spread.mean > 0 ? spread.max / spread.mean : 0, 0, 'f', 2)
                 .arg(expectedPerSlice, 0, 'f', 1)
          << Qt::endl;
    // Starts show the scheduler's own spread; ends add the server's and this machine's delays.
    if (starts.slices > 0) {
        out() << QStringLiteral("    starts per 100 ms slice: mean %1, max %2, min %3 (max/mean %4)")
                     .arg(starts.mean, 0, 'f', 1)
                     .arg(starts.max)
                     .arg(starts.min)
                     .arg(starts.max / starts.mean, 0, 'f', 2)
              << Qt::endl;
    }
    out() << QStringLiteral("    CPU: %1 s = %2% of one core (target < %3%): %4")
                 .arg(run.cpuSeconds, 0, 'f', 2)
                 .arg(cpuPercent, 0, 'f', 1)
                 .arg(config.cpuTargetPercent, 0, 'f', 0)
                 .arg(verdict(cpuMet))
          << Qt::endl;
    out() << QStringLiteral("    peak RSS: %1 MiB (target < %2 MiB): %3")
                 .arg(run.peakRssMiB, 0, 'f', 1)
                 .arg(config.rssTargetMiB, 0, 'f', 0)
                 .arg(verdict(rssMet))
          << Qt::endl;
    return cpuMet && rssMet;
}

bool writeFiles(const QString &root, int count, qint64 size)
{
    QDir().mkpath(root);
    for (int i = 1; i <= count; ++i) {
        QFile file(QDir(root).filePath(QStringLiteral("file-%1.bin").arg(i, 4, 10, QLatin1Char('0'))));
        const QByteArray body(size, char('a' + i % 26));
        if (!file.open(QIODevice::WriteOnly) || file.write(body) != body.size())
            return false;
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    bool ok = true;
    Config config;
    config.urls = int(intOption(args, QStringLiteral("--urls"), 500, 1, 9999, &ok));
    config.intervalS = int(intOption(args, QStringLiteral("--interval"), 1, 1, 3600, &ok));
    config.durationS = int(intOption(args, QStringLiteral("--duration"), 60, 2, 24 * 3600, &ok));
    config.size = intOption(args, QStringLiteral("--size"), 2048, 0, qint64(64) << 20, &ok);
    config.cpuTargetPercent = doubleOption(args, QStringLiteral("--cpu-target"), 25, &ok);
    config.rssTargetMiB = doubleOption(args, QStringLiteral("--rss-target"), 150, &ok);
    const qsizetype modeAt = args.indexOf(QStringLiteral("--mode"));
    const QString mode = modeAt >= 0 ? args.value(modeAt + 1) : QStringLiteral("both");
    if (mode != QLatin1String("cli") && mode != QLatin1String("core") && mode != QLatin1String("both")) {
        err() << "--mode needs cli, core or both" << Qt::endl;
        ok = false;
    }
    if (!ok || args.contains(QStringLiteral("--help"))) {
        err() << "Usage: bench_watch [--urls N] [--interval S] [--duration S] [--size BYTES] [--mode cli|core|both] "
                 "[--cpu-target PERCENT] [--rss-target MIB]"
              << Qt::endl;
        return ok ? 0 : 2;
    }
    config.cliPath = QStringLiteral(CACHESCOPE_CLI_PATH);
    if (!TestSupport::NginxServer::available()) {
        err() << TestSupport::NginxServer::missingReason() << Qt::endl;
        return 2;
    }
    QTemporaryDir work;
    config.workDir = work.path();
    const QString root = QDir(work.path()).filePath(QStringLiteral("www"));
    if (!writeFiles(root, config.urls, config.size)) {
        err() << "cannot write the files in " << root << Qt::endl;
        return 2;
    }
    TestSupport::NginxServer nginx;
    configureNginx(nginx, root);
    if (!nginx.start()) {
        err() << nginx.errorString() << Qt::endl;
        return 2;
    }
    for (int i = 1; i <= config.urls; ++i)
        config.urlList.append(nginx.url(QStringLiteral("/file-%1.bin").arg(i, 4, 10, QLatin1Char('0'))));

    out() << "bench_watch " << QDateTime::currentDateTimeUtc().toString(Qt::ISODate) << ": " << config.urls
          << " URLs of " << config.size << " bytes on nginx (127.0.0.1), interval " << config.intervalS << " s, for "
          << config.durationS << " s; " << std::thread::hardware_concurrency() << " CPU(s), "
          << QSysInfo::prettyProductName() << Qt::endl;
    bool met = true;
    bool failed = false;
    if (mode != QLatin1String("cli")) {
        const Run core = runCore(config);
        failed = failed || !core.error.isEmpty();
        met = report(core, config) && met;
    }
    if (mode != QLatin1String("core")) {
        if (!cliHasCommand(config.cliPath, QStringLiteral("watch"))) {
            out() << "  cachescope-cli watch: SKIPPED: " << config.cliPath << " has no `watch` command" << Qt::endl;
        } else {
            const Run cli = runCli(config);
            failed = failed || !cli.error.isEmpty();
            met = report(cli, config) && met;
        }
    }
    return failed ? 2 : (met ? 0 : 1);
}
