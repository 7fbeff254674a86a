// Times the validator store at the size the UI promises to handle: 100,000 entries.
//   bench_store [ENTRIES] [--keep DIR]
// Not a test: run by hand and compare the figures (README, "Performance").
#include "cache/validatorstore.h"

#include <ctime>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>

using namespace CacheScope;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QString urlFor(int i)
{
    return QStringLiteral("https://host%1.example/assets/%2/file-%3.js?v=%4")
        .arg(i % 250)
        .arg(i % 997)
        .arg(i)
        .arg(i * 7919 % 100003);
}

// Every tenth URL varies on Accept-Encoding and is stored twice (gzip and br), as a real cache would.
HttpHeaders requestFor(int i, bool br)
{
    return { { "Host", QStringLiteral("host%1.example").arg(i % 250).toLatin1() },
        { "User-Agent", "CacheScope-bench/1" }, { "Accept", "*/*" },
        { "Accept-Encoding", br ? QByteArray("br") : QByteArray("gzip") } };
}

CacheEntry entryFor(int i, bool br)
{
    CacheEntry entry;
    entry.url = QUrl(urlFor(i));
    entry.requestHeaders = requestFor(i, br);
    entry.status = 200;
    entry.reason = "OK";
    entry.responseHeaders
        = { { "Date", "Wed, 25 Nov 2026 10:00:00 GMT" }, { "Content-Type", "application/javascript; charset=utf-8" },
              { "Cache-Control", "public, max-age=3600" }, { "ETag", "\"" + QByteArray::number(i, 16) + "-abcdef\"" },
              { "Last-Modified", "Tue, 24 Nov 2026 09:00:00 GMT" }, { "Server", "bench" },
              { "X-Request-Id", QByteArray::number(i) } };
    if (i % 10 == 0)
        entry.responseHeaders.append("Vary", "Accept-Encoding");
    const int size = 256 + int(QRandomGenerator::global()->bounded(2048));
    entry.body = QByteArray(size, char('a' + i % 26));
    entry.headerWireSize = 400;
    entry.bodyWireSize = size;
    entry.requestTime = QDateTime::currentDateTimeUtc();
    entry.responseTime = entry.requestTime.addMSecs(20);
    return entry;
}

// Wall time, and the process's CPU time: on a loaded machine the second is the steadier figure.
class Stopwatch
{
public:
    Stopwatch() { restart(); }
    void restart()
    {
        m_wall.start();
        m_cpu = std::clock();
    }
    qint64 wallNs() const { return m_wall.nsecsElapsed(); }
    qint64 cpuNs() const { return qint64(double(std::clock() - m_cpu) * 1e9 / CLOCKS_PER_SEC); }

private:
    QElapsedTimer m_wall;
    std::clock_t m_cpu = 0;
};

void report(const char *what, const Stopwatch &watch, qint64 operations)
{
    const qint64 wall = watch.wallNs();
    const qint64 cpu = watch.cpuNs();
    const double ops = double(qMax<qint64>(1, operations));
    out() << QStringLiteral("  %1 %2 ms wall, %3 ms CPU; %4 us wall, %5 us CPU each (%6)\n")
                 .arg(QString::fromLatin1(what).leftJustified(30, QLatin1Char('.')))
                 .arg(double(wall) / 1e6, 9, 'f', 1)
                 .arg(double(cpu) / 1e6, 9, 'f', 1)
                 .arg(double(wall) / 1e3 / ops, 8, 'f', 1)
                 .arg(double(cpu) / 1e3 / ops, 8, 'f', 1)
                 .arg(operations);
    out().flush();
}

int fail(const ValidatorStore &store, const char *what)
{
    out() << "bench_store: " << what << " failed: " << store.errorString() << '\n';
    out().flush();
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    int entries = 100000;
    QString keep;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--keep") && i + 1 < args.size())
            keep = args[++i];
        else if (args[i].toInt() > 0)
            entries = args[i].toInt();
    }
    if (args.contains(QLatin1String("--list-only")) && !keep.isEmpty()) {
        // Profiling aid: time list() on a store a previous run kept.
        ValidatorStore store;
        if (!store.open(QDir(keep).filePath(QStringLiteral("cachescope.sqlite"))))
            return fail(store, "open");
        for (int round = 0; round < 5; ++round) {
            Stopwatch timer;
            const qsizetype rows = store.list().size();
            report("list()", timer, rows);
        }
        return 0;
    }
    QTemporaryDir temporary;
    const QString dir = keep.isEmpty() ? temporary.path() : keep;
    QDir().mkpath(dir);
    const QString path = QDir(dir).filePath(QStringLiteral("cachescope.sqlite"));
    QFile::remove(path);

    ValidatorStore store;
    Stopwatch timer;
    if (!store.open(path))
        return fail(store, "open");
    out() << "bench_store: " << entries << " URLs into " << path << " (Qt " << qVersion() << ")\n";
    report("open (new store)", timer, 1);

    // Bulk insert in batches, the way an import would; every tenth URL gets a second (br) variant.
    timer.restart();
    qint64 stored = 0;
    constexpr int batch = 1000;
    for (int start = 0; start < entries; start += batch) {
        QList<CacheEntry> chunk;
        for (int i = start; i < qMin(entries, start + batch); ++i) {
            chunk.append(entryFor(i, false));
            if (i % 10 == 0)
                chunk.append(entryFor(i, true));
        }
        if (!store.putAll(chunk))
            return fail(store, "putAll");
        stored += chunk.size();
    }
    report("putAll, batches of 1000", timer, stored);

    // One transaction per response, the way a live session stores them.
    constexpr int singles = 2000;
    timer.restart();
    for (int i = 0; i < singles; ++i) {
        if (store.put(entryFor(entries + i, false)) <= 0)
            return fail(store, "put");
    }
    report("put, one transaction each", timer, singles);

    timer.restart();
    const qint64 count = store.count();
    report("count()", timer, 1);
    timer.restart();
    const qint64 bytes = store.totalSize();
    report("totalSize()", timer, 1);
    out() << "  entries: " << count << ", body bytes: " << bytes << ", file: " << QFileInfo(path).size() << " bytes\n";

    constexpr int lookups = 20000;
    int hits = 0;
    timer.restart();
    for (int n = 0; n < lookups; ++n) {
        const int i = int(QRandomGenerator::global()->bounded(entries));
        const std::optional<CacheEntry> found = store.lookup("GET", QUrl(urlFor(i)), requestFor(i, n % 2 == 1));
        hits += found.has_value() ? 1 : 0;
    }
    report("lookup (hit, body read)", timer, lookups);
    if (hits != lookups) {
        out() << "bench_store: only " << hits << " of " << lookups << " lookups found their entry\n";
        return 1;
    }
    timer.restart();
    for (int n = 0; n < lookups; ++n) {
        if (store.lookup("GET", QUrl(urlFor(entries * 2 + n)), requestFor(n, false)))
            return fail(store, "lookup (miss)");
    }
    report("lookup (miss)", timer, lookups);

    timer.restart();
    for (int n = 0; n < lookups; ++n) {
        if (!store.get(1 + qint64(QRandomGenerator::global()->bounded(stored))))
            return fail(store, "get");
    }
    report("get(id)", timer, lookups);

    for (int round = 1; round <= 3; ++round) {
        timer.restart();
        const QList<CacheEntrySummary> rows = store.list();
        if (rows.size() != count)
            return fail(store, "list");
        report(round == 1 ? "list() (first)" : "list() (again)", timer, rows.size());
    }

    constexpr int updates = 2000;
    timer.restart();
    for (int n = 0; n < updates; ++n) {
        if (!store.updateHeaders(
                1 + n * 7, { { "ETag", "\"x\"" }, { "Cache-Control", "max-age=60" } }, QDateTime::currentDateTimeUtc()))
            return fail(store, "updateHeaders");
    }
    report("updateHeaders", timer, updates);

    constexpr int removals = 2000;
    timer.restart();
    for (int n = 0; n < removals; ++n) {
        if (store.remove(QUrl(urlFor(n * 13 % entries))) < 0)
            return fail(store, "remove(url)");
    }
    report("remove(url)", timer, removals);

    store.close();
    timer.restart();
    if (!store.open(path))
        return fail(store, "reopen");
    report("open (existing store)", timer, 1);

    if (!keep.isEmpty())
        return 0; // --keep: leave the entries for --list-only runs
    timer.restart();
    if (store.clear() < 0)
        return fail(store, "clear");
    report("clear()", timer, 1);
    return 0;
}
