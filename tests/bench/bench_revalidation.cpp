// 1,000 sequential revalidations of one URL on a local nginx, three ways in the same run: through CacheScope's
// core (Revalidator + HttpClient + ValidatorStore), through `cachescope-cli watch --interval 0`, and with curl
// over one connection. Each one is a conditional GET answered 304; CacheScope also merges every 304 into
// its store. Target (issue 5): within 1.5x of curl.
//   bench_revalidation [--count N] [--size BYTES] [--rounds R] [--target RATIO] [--no-cli] [--cli PATH]
// Exit status: 0 every figure met the target, 1 one missed it, 2 the benchmark could not run.
// Not a test: run by hand (README, "Performance").
#include "benchsupport.h"
#include "cache/validatorstore.h"
#include "client/httpclient.h"
#include "client/revalidator.h"
#include "support/nginxserver.h"

#include <algorithm>
#include <functional>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>
#include <thread>

using namespace CacheScope;
using namespace CacheScope::Bench;

namespace {

// One way of making the revalidations, in one round.
struct Figure
{
    QString error; // non-empty: this way failed (the message says why)
    qint64 totalNs = 0;
    int revalidations = 0;
    int connections = 0; // new connections opened for the timed requests (-1: not known)
    double cpuSeconds = -1; // child processes only
    QList<double> latenciesUs; // in-process runs only: per request
    double ownCpuSeconds = -1; // in-process runs only: this process's CPU time for the timed requests
};

double processCpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval &tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct Setup
{
    QUrl url;
    int count = 1000;
    QString workDir;
    QString cliPath;
};

// Core: the first GET stores the response, then `count` revalidations one after the other, timed. Without a
// store (`withStore` false) the same conditional GETs go through HttpClient alone, with the validators of the
// first response: the difference between the two is what the store and the 304 merge cost.
Figure runCore(const Setup &setup, int round, bool withStore)
{
    Figure figure;
    ValidatorStore store;
    if (withStore && !store.open(QDir(setup.workDir).filePath(QStringLiteral("core-%1.sqlite").arg(round)))) {
        figure.error = QStringLiteral("cannot open the validator store");
        return figure;
    }
    HttpClient client;
    Revalidator revalidator(&client, &store);
    Request request;
    request.url = setup.url;
    double cpuAtStart = 0;

    QEventLoop loop;
    QElapsedTimer total;
    QElapsedTimer one;
    int sent = -1; // -1: the priming request
    std::function<void()> sendNext;
    sendNext = [&] {
        // Without a store the Revalidator adds nothing and records nothing: HttpClient's cost alone.
        RevalidationJob *job = revalidator.send(request, withStore ? CacheOptions {} : CacheOptions { false, false });
        one.start();
        QObject::connect(job, &RevalidationJob::finished, &loop, [&, job](const CachedExchange &result) {
            job->deleteLater();
            const qint64 ns = one.nsecsElapsed();
            const int expected = sent < 0 ? 200 : 304;
            if (result.exchange.status != expected) {
                figure.error = QStringLiteral("request %1: expected %2, got %3 %4")
                                   .arg(sent + 1)
                                   .arg(expected)
                                   .arg(result.exchange.status)
                                   .arg(result.exchange.errorString);
                loop.quit();
                return;
            }
            if (sent < 0 && !withStore) {
                request.setHeader("If-None-Match", result.exchange.responseHeaders.first("ETag"));
                request.setHeader("If-Modified-Since", result.exchange.responseHeaders.first("Last-Modified"));
            }
            if (sent >= 0) {
                if (withStore && result.action != CacheAction::Updated) {
                    figure.error = QStringLiteral("request %1: the 304 was not merged (%2)")
                                       .arg(sent + 1)
                                       .arg(result.actionText);
                    loop.quit();
                    return;
                }
                figure.latenciesUs.append(double(ns) / 1000.0);
                figure.connections += result.exchange.connectionReused ? 0 : 1;
                ++figure.revalidations;
            }
            if (++sent == setup.count) {
                figure.totalNs = total.nsecsElapsed();
                figure.ownCpuSeconds = processCpuSeconds() - cpuAtStart;
                loop.quit();
                return;
            }
            if (sent == 0) {
                total.start();
                cpuAtStart = processCpuSeconds();
            }
            sendNext();
        });
    };
    sendNext();
    loop.exec();
    return figure;
}

// The response's validators, read with curl, so curl's requests carry the same conditionals CacheScope sends.
bool fetchValidators(const QString &curl, const QUrl &url, QByteArray *etag, QByteArray *lastModified, QString *error)
{
    const ChildRun head = runChild(curl,
        { QStringLiteral("-s"), QStringLiteral("-D"), QStringLiteral("-"), QStringLiteral("-o"),
            QStringLiteral("/dev/null"), url.toString() });
    for (const ChildLine &line : head.lines) {
        const QByteArray text = line.text.trimmed();
        const qsizetype colon = text.indexOf(':');
        const QByteArray name = text.left(colon).toLower();
        if (name == "etag")
            *etag = text.mid(colon + 1).trimmed();
        else if (name == "last-modified")
            *lastModified = text.mid(colon + 1).trimmed();
    }
    if (etag->isEmpty() || lastModified->isEmpty()) {
        *error = QStringLiteral("curl saw no ETag/Last-Modified (%1): %2")
                     .arg(head.describeEnd(), QString::fromLocal8Bit(head.errorOutput));
        return false;
    }
    return true;
}

QByteArray configString(const QByteArray &value)
{
    QByteArray escaped = value;
    escaped.replace('\\', "\\\\").replace('"', "\\\"");
    return '"' + escaped + '"';
}

// curl: one process, one connection, `count` conditional GETs listed in a --config file.
Figure runCurl(const Setup &setup, const QString &curl, int round)
{
    Figure figure;
    QByteArray etag;
    QByteArray lastModified;
    if (!fetchValidators(curl, setup.url, &etag, &lastModified, &figure.error))
        return figure;
    QByteArray config = "silent\nshow-error\n";
    config += "header = " + configString("If-None-Match: " + etag) + '\n';
    config += "header = " + configString("If-Modified-Since: " + lastModified) + '\n';
    config += "write-out = \"%{http_code} %{num_connects}\\n\"\n";
    const QByteArray url = configString(setup.url.toEncoded());
    for (int i = 0; i < setup.count; ++i)
        config += "url = " + url + "\noutput = \"/dev/null\"\n";
    const QString configPath = QDir(setup.workDir).filePath(QStringLiteral("curl-%1.conf").arg(round));
    QFile file(configPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(config) != config.size()) {
        figure.error = QStringLiteral("cannot write %1").arg(configPath);
        return figure;
    }
    file.close();
    const ChildRun run = runChild(curl, { QStringLiteral("--config"), configPath });
    figure.totalNs = run.wallNs;
    figure.cpuSeconds = run.cpuSeconds();
    for (const ChildLine &line : run.lines) {
        const QList<QByteArray> fields = line.text.split(' ');
        if (fields.size() == 2 && fields.at(0) == "304")
            ++figure.revalidations;
        figure.connections += fields.value(1).toInt();
    }
    if (run.exitCode != 0 || figure.revalidations != setup.count) {
        figure.error = QStringLiteral("curl: %1, %2 of %3 answered 304: %4")
                           .arg(run.describeEnd())
                           .arg(figure.revalidations)
                           .arg(setup.count)
                           .arg(QString::fromLocal8Bit(run.errorOutput.left(500)));
    }
    return figure;
}

// The CLI: a store primed by `revalidate`, then `watch --interval 0 --count N` as one timed child process.
Figure runCli(const Setup &setup, int round)
{
    Figure figure;
    const QString storeDir = QDir(setup.workDir).filePath(QStringLiteral("cli-store-%1").arg(round));
    const QString url = setup.url.toString();
    const ChildRun prime = runChild(setup.cliPath,
        { QStringLiteral("revalidate"), url, QStringLiteral("--json"), QStringLiteral("--store"), storeDir });
    if (prime.exitCode != 0) {
        figure.error = QStringLiteral("priming with `revalidate` failed (%1): %2")
                           .arg(prime.describeEnd(), QString::fromLocal8Bit(prime.errorOutput.left(500)));
        return figure;
    }
    const ChildRun run = runChild(setup.cliPath,
        { QStringLiteral("watch"), url, QStringLiteral("--interval"), QStringLiteral("0"), QStringLiteral("--count"),
            QString::number(setup.count), QStringLiteral("--json"), QStringLiteral("--store"), storeDir });
    figure.totalNs = run.wallNs;
    figure.cpuSeconds = run.cpuSeconds();
    figure.connections = -1;
    for (const ChildLine &line : run.lines) {
        const QJsonObject object = QJsonDocument::fromJson(line.text).object();
        if (object.value(QStringLiteral("status")).toInt() == 304)
            ++figure.revalidations;
    }
    if (run.exitCode != 0 || figure.revalidations != setup.count) {
        figure.error = QStringLiteral("watch: %1, %2 of %3 lines were 304s: %4")
                           .arg(run.describeEnd())
                           .arg(figure.revalidations)
                           .arg(setup.count)
                           .arg(QString::fromLocal8Bit(run.errorOutput.left(500)));
    }
    return figure;
}

double medianOf(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

// Prints one way's figures; returns its median total in ns (0 when it failed every round).
double report(const QString &name, const QList<Figure> &rounds, int count)
{
    QList<double> totals;
    QString problems;
    for (const Figure &figure : rounds) {
        if (figure.error.isEmpty())
            totals.append(double(figure.totalNs));
        else
            problems += QStringLiteral("\n      ") + figure.error;
    }
    if (totals.isEmpty()) {
        out() << QStringLiteral("  %1 FAILED:%2").arg(name, -22).arg(problems) << Qt::endl;
        return 0;
    }
    const double total = medianOf(totals);
    QString extra;
    const Figure *median = &rounds.last();
    for (const Figure &figure : rounds) {
        if (figure.error.isEmpty() && double(figure.totalNs) == total)
            median = &figure;
    }
    const Figure &last = *median;
    if (last.error.isEmpty() && last.connections >= 0)
        extra += QStringLiteral(", %1 new connection(s)").arg(last.connections);
    if (last.error.isEmpty() && last.cpuSeconds >= 0)
        extra += QStringLiteral(", child CPU %1 us/request").arg(last.cpuSeconds * 1e6 / count, 0, 'f', 0);
    if (last.error.isEmpty() && last.ownCpuSeconds >= 0)
        extra += QStringLiteral(", CPU %1 us/request").arg(last.ownCpuSeconds * 1e6 / count, 0, 'f', 0);
    if (!last.latenciesUs.isEmpty()) {
        const Summary s = summarize(last.latenciesUs);
        extra += QStringLiteral(", per request median %1 us, p99 %2 us").arg(s.median, 0, 'f', 0).arg(s.p99, 0, 'f', 0);
    }
    QStringList each;
    for (const double t : totals)
        each.append(QString::number(t / 1e6, 'f', 0));
    out() << QStringLiteral("  %1 %2 ms total, %3 us/request, %4 requests/s (rounds: %5 ms)%6")
                 .arg(name, -22)
                 .arg(total / 1e6, 8, 'f', 1)
                 .arg(total / 1e3 / count, 7, 'f', 1)
                 .arg(count / (total / 1e9), 7, 'f', 0)
                 .arg(each.join(QStringLiteral(", ")), extra)
          << Qt::endl;
    if (!problems.isEmpty())
        out() << "      (failed rounds:" << problems << ")" << Qt::endl;
    return total;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    bool ok = true;
    Setup setup;
    setup.count = int(intOption(args, QStringLiteral("--count"), 1000, 1, 1000000, &ok));
    const qint64 size = intOption(args, QStringLiteral("--size"), 50 * 1024, 0, qint64(256) << 20, &ok);
    const int rounds = int(intOption(args, QStringLiteral("--rounds"), 3, 1, 100, &ok));
    const double target = doubleOption(args, QStringLiteral("--target"), 1.5, &ok);
    if (!ok || args.contains(QStringLiteral("--help"))) {
        err() << "Usage: bench_revalidation [--count N] [--size BYTES] [--rounds R] [--target RATIO] [--no-cli] "
                 "[--cli PATH]"
              << Qt::endl;
        return ok ? 0 : 2;
    }
    // --cli: another build of cachescope-cli (comparing two commits in the same run).
    setup.cliPath = QStringLiteral(CACHESCOPE_CLI_PATH);
    if (const qsizetype at = args.indexOf(QStringLiteral("--cli")); at >= 0) {
        if (at + 1 >= args.size() || !QFileInfo(args.at(at + 1)).isExecutable()) {
            err() << "--cli needs the path of a cachescope-cli executable" << Qt::endl;
            return 2;
        }
        setup.cliPath = args.at(at + 1);
    }
    const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
    if (!TestSupport::NginxServer::available() || curl.isEmpty()) {
        err() << "needs nginx and curl: " << TestSupport::NginxServer::missingReason() << Qt::endl;
        return 2;
    }
    QTemporaryDir work;
    setup.workDir = work.path();
    const QString root = QDir(work.path()).filePath(QStringLiteral("www"));
    QDir().mkpath(root);
    QFile asset(QDir(root).filePath(QStringLiteral("asset.bin")));
    QByteArray body(size, Qt::Uninitialized);
    for (char &c : body)
        c = char(QRandomGenerator::global()->bounded(256));
    if (!asset.open(QIODevice::WriteOnly) || asset.write(body) != body.size()) {
        err() << "cannot write " << asset.fileName() << Qt::endl;
        return 2;
    }
    asset.close();
    TestSupport::NginxServer nginx;
    configureNginx(nginx, root);
    if (!nginx.start()) {
        err() << nginx.errorString() << Qt::endl;
        return 2;
    }
    setup.url = nginx.url(QStringLiteral("/asset.bin"));
    const bool withCli = !args.contains(QStringLiteral("--no-cli"));
    const bool cliReady = withCli && cliHasCommand(setup.cliPath, QStringLiteral("watch"));

    out() << "bench_revalidation " << QDateTime::currentDateTimeUtc().toString(Qt::ISODate) << ": " << setup.count
          << " sequential conditional GETs of a " << size << "-byte file on nginx (127.0.0.1), each a 304; " << rounds
          << " round(s), median shown; " << std::thread::hardware_concurrency() << " CPU(s), "
          << QSysInfo::prettyProductName() << Qt::endl;

    QList<Figure> curlRounds, coreRounds, clientRounds, cliRounds;
    for (int round = 0; round < rounds; ++round) {
        curlRounds.append(runCurl(setup, curl, round));
        coreRounds.append(runCore(setup, round, true));
        clientRounds.append(runCore(setup, round, false));
        if (cliReady)
            cliRounds.append(runCli(setup, round));
    }
    const double curlNs = report(QStringLiteral("curl (one connection)"), curlRounds, setup.count);
    const double coreNs = report(QStringLiteral("CacheScope core"), coreRounds, setup.count);
    const double clientNs = report(QStringLiteral("HttpClient, no store"), clientRounds, setup.count);
    double cliNs = 0;
    if (cliReady)
        cliNs = report(QStringLiteral("cachescope-cli watch"), cliRounds, setup.count);
    else if (withCli)
        out() << "  cachescope-cli watch   SKIPPED: " << setup.cliPath
              << " has no `watch` command yet (`watch --help` failed)" << Qt::endl;
    if (curlNs <= 0)
        return 2;

    bool met = true;
    bool failed = coreNs <= 0;
    const auto ratio = [&](const QString &name, double ns) {
        if (ns <= 0)
            return;
        const double r = ns / curlNs;
        out() << QStringLiteral("  %1 / curl = %2x  (target <= %3x): %4")
                     .arg(name, -22)
                     .arg(r, 0, 'f', 2)
                     .arg(target, 0, 'f', 2)
                     .arg(verdict(r <= target))
              << Qt::endl;
        met = met && r <= target;
    };
    ratio(QStringLiteral("CacheScope core"), coreNs);
    // For reading only (no target): how much of the core's time is the client's.
    if (clientNs > 0)
        out() << QStringLiteral("  %1 / curl = %2x  (no target: the store and 304 merge left out)")
                     .arg(QStringLiteral("HttpClient, no store"), -22)
                     .arg(clientNs / curlNs, 0, 'f', 2)
              << Qt::endl;
    if (cliReady) {
        failed = failed || cliNs <= 0;
        ratio(QStringLiteral("cachescope-cli watch"), cliNs);
    }
    return failed ? 2 : (met ? 0 : 1);
}
