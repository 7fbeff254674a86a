// `cachescope-cli watch` killed with SIGKILL at random moments, again and again, on one store: the store must
// open cleanly every time (no recovery, nothing moved aside) and every timeline event a reader could see
// before a kill must still be there after it. Runs: CACHESCOPE_KILL_RUNS (default 100); the random delays
// come from CACHESCOPE_KILL_SEED (default: a fresh seed, printed so a failure can be replayed).
#include "cache/validatorstore.h"
#include "client/timelinestore.h"
#include "demo/demoorigin.h"
#include "support/clirun.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace CacheScope;

namespace {

struct Snapshot
{
    bool opened = false;
    QString problem;
    QSet<qint64> eventIds;
    qint64 entries = 0;
};

Snapshot readStore(const QString &path)
{
    Snapshot snapshot;
    ValidatorStore store;
    if (!store.open(path)) {
        snapshot.problem = store.errorString();
        return snapshot;
    }
    if (!store.recoveryNotice().isEmpty() || !store.movedAsidePath().isEmpty()) {
        snapshot.problem = QStringLiteral("the store needed recovery: %1").arg(store.recoveryNotice());
        return snapshot;
    }
    TimelineStore timeline(&store);
    QStringList problems;
    const QList<TimelineEvent> events = timeline.allEvents(0, &problems);
    if (!timeline.errorString().isEmpty() || !problems.isEmpty()) {
        snapshot.problem = timeline.errorString() + problems.join(QStringLiteral("; "));
        return snapshot;
    }
    for (const TimelineEvent &event : events)
        snapshot.eventIds.insert(event.id);
    snapshot.entries = store.count();
    snapshot.opened = snapshot.entries >= 0;
    if (!snapshot.opened)
        snapshot.problem = store.errorString();
    return snapshot;
}

} // namespace

class TestKilledWatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killedAgainAndAgain();
};

void TestKilledWatch::killedAgainAndAgain()
{
    DemoOrigin origin;
    QString error;
    QVERIFY2(origin.start(0, &error), qPrintable(error));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString storeDir = dir.filePath(QStringLiteral("store"));
    const QString storePath = storeDir + QStringLiteral("/cachescope.sqlite");

    bool ok = false;
    int runs = qEnvironmentVariableIntValue("CACHESCOPE_KILL_RUNS", &ok);
    if (!ok || runs <= 0)
        runs = 100;
    quint32 seed = quint32(qEnvironmentVariableIntValue("CACHESCOPE_KILL_SEED", &ok));
    if (!ok)
        seed = QRandomGenerator::global()->generate();
    qInfo("%d runs, seed %u (CACHESCOPE_KILL_SEED=%u replays them)", runs, seed, seed);
    QRandomGenerator random(seed);

    // Three URLs revalidated back to back: 200s stored, 304s merged, timeline events appended all the time.
    const QStringList arguments { QStringLiteral("watch"),
        origin.url(QStringLiteral("/validators/strong-etag")).toString(),
        origin.url(QStringLiteral("/validators/last-modified")).toString(),
        origin.url(QStringLiteral("/validators/changing")).toString(), QStringLiteral("--interval"),
        QStringLiteral("0"), QStringLiteral("--json"), QStringLiteral("--store"), storeDir };

    // How long this machine takes from start to the first printed exchange (a busy machine takes seconds): the
    // kills are spread from start-up to three times that, so most land while exchanges are being written.
    int firstLineMs = 0;
    {
        QProcess watch;
        QElapsedTimer clock;
        clock.start();
        watch.start(TestSupport::cliPath(), arguments);
        QVERIFY2(watch.waitForStarted(10000), qPrintable(watch.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(watch.canReadLine() || watch.state() != QProcess::Running, 60000);
        QVERIFY2(watch.state() == QProcess::Running, watch.readAllStandardError().constData());
        firstLineMs = int(clock.elapsed());
        watch.kill();
        QVERIFY(watch.waitForFinished(10000));
    }
    const int latestKillMs = qMax(400, 3 * firstLineMs);
    qInfo("first exchange printed after %d ms: kills land between 20 and %d ms", firstLineMs, latestKillMs);

    QSet<qint64> seen;
    bool storeCreated = false; // once it exists, every later run must find it openable
    int killedWhileWriting = 0;
    for (int run = 0; run < runs; ++run) {
        QProcess watch;
        watch.start(TestSupport::cliPath(), arguments);
        QVERIFY2(watch.waitForStarted(10000), qPrintable(watch.errorString()));
        // Kill anywhere from start-up (opening, migrating) to well into the exchanges. The wait runs the
        // event loop, so the origin in this process keeps answering.
        QTest::qWait(int(random.bounded(20, latestKillMs)));
        if (watch.state() != QProcess::Running) {
            QFAIL(qPrintable(QStringLiteral("run %1: watch exited on its own (%2): %3")
                                 .arg(run)
                                 .arg(watch.exitCode())
                                 .arg(QString::fromUtf8(watch.readAllStandardError()))));
        }
        watch.kill(); // SIGKILL
        QVERIFY(watch.waitForFinished(10000));
        if (!watch.readAllStandardOutput().isEmpty())
            ++killedWhileWriting;

        const Snapshot after = readStore(storePath);
        if (!storeCreated && !after.opened && !QFile::exists(storePath))
            continue; // killed before it created the store (on a busy machine, several runs may be)
        storeCreated = true;
        QVERIFY2(after.opened, qPrintable(QStringLiteral("run %1: %2").arg(run).arg(after.problem)));
        for (const qint64 id : std::as_const(seen)) {
            QVERIFY2(after.eventIds.contains(id),
                qPrintable(QStringLiteral("run %1 (seed %2): committed timeline event %3 is gone")
                               .arg(run)
                               .arg(seed)
                               .arg(id)));
        }
        seen = after.eventIds;
    }
    // Not a timing assertion: the kills must have landed while the watch was doing its work, or the test
    // proved nothing.
    QVERIFY2(killedWhileWriting > runs / 4,
        qPrintable(QStringLiteral("only %1 of %2 runs had printed an exchange before the kill")
                       .arg(killedWhileWriting)
                       .arg(runs)));
    QVERIFY(!seen.isEmpty());
}

QTEST_GUILESS_MAIN(TestKilledWatch)
#include "tst_killedwatch.moc"
