// The store on a file system that fills up or is read-only. Each case runs cachescope-cli in a private mount
// namespace (`unshare -m`) over a small tmpfs, so nothing on the machine is touched; without the privilege to
// do that (not root, no CAP_SYS_ADMIN) the test skips and says why.
#include "demo/demoorigin.h"
#include "support/clirun.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace CacheScope;

namespace {

struct ShellRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs `script` with sh inside a new mount namespace, with $CLI set to the CLI binary and $MNT to a fresh
// directory to mount on. The event loop keeps running (the demo origin lives in this process).
ShellRun runIsolated(const QString &script, const QString &mountPoint)
{
    QProcess shell;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("CLI"), TestSupport::cliPath());
    environment.insert(QStringLiteral("MNT"), mountPoint);
    shell.setProcessEnvironment(environment);
    QSignalSpy finished(&shell, &QProcess::finished);
    shell.start(
        QStringLiteral("unshare"), { QStringLiteral("-m"), QStringLiteral("sh"), QStringLiteral("-c"), script });
    ShellRun run;
    if (!shell.waitForStarted(10000) || !finished.wait(60000))
        return run;
    run.exitCode = shell.exitStatus() == QProcess::NormalExit ? shell.exitCode() : -1;
    run.out = QString::fromUtf8(shell.readAllStandardOutput());
    run.err = QString::fromUtf8(shell.readAllStandardError());
    return run;
}

} // namespace

class TestStoreFileSystem : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void readOnlyDirectory();
    void readOnlyExistingStore();
    void diskFull();

private:
    DemoOrigin m_origin;
    QTemporaryDir m_dir;
    int m_mounts = 0;
    QString mountPoint();
};

void TestStoreFileSystem::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(m_origin.start(0, &error), qPrintable(error));
    const ShellRun probe = runIsolated(QStringLiteral("mount -t tmpfs -o size=64k tmpfs \"$MNT\""), mountPoint());
    if (probe.exitCode != 0)
        QSKIP(qPrintable(QStringLiteral("cannot mount a tmpfs in a private namespace here (needs root): %1")
                             .arg(probe.err.trimmed())));
}

QString TestStoreFileSystem::mountPoint()
{
    const QString path = m_dir.filePath(QStringLiteral("mnt-%1").arg(++m_mounts));
    QDir().mkpath(path);
    return path;
}

void TestStoreFileSystem::readOnlyDirectory()
{
    const QString url = m_origin.url(QStringLiteral("/validators/strong-etag")).toString();
    const ShellRun run = runIsolated(QStringLiteral("mount -t tmpfs -o ro,size=64k tmpfs \"$MNT\" && "
                                                    "\"$CLI\" revalidate '%1' --store \"$MNT/store\"")
                                         .arg(url),
        mountPoint());
    QCOMPARE(run.exitCode, 3);
    // Names the directory that could not be created.
    QVERIFY2(run.err.contains(QStringLiteral("cannot create the store directory")), qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("/store")), qPrintable(run.err));
    QVERIFY2(run.err.count(QLatin1Char('\n')) <= 2, qPrintable(run.err)); // one clear line, not a cascade
}

void TestStoreFileSystem::readOnlyExistingStore()
{
    // A store with one entry, then the file system goes read-only: a clear message, and the data is intact
    // once the file system is writable again.
    const QString url = m_origin.url(QStringLiteral("/validators/strong-etag")).toString();
    const ShellRun run
        = runIsolated(QStringLiteral("mount -t tmpfs -o size=2m tmpfs \"$MNT\" && "
                                     "\"$CLI\" revalidate '%1' --store \"$MNT/store\" >/dev/null && "
                                     "mount -o remount,ro \"$MNT\" && "
                                     "{ \"$CLI\" revalidate '%1' --store \"$MNT/store\"; echo \"rc=$?\"; } && "
                                     "mount -o remount,rw \"$MNT\" && "
                                     "\"$CLI\" cache list --store \"$MNT/store\"")
                          .arg(url),
            mountPoint());
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(QStringLiteral("rc=3")), qPrintable(run.out));
    QVERIFY2(run.err.contains(QStringLiteral("Read-only file system")), qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("--store")), qPrintable(run.err)); // says what to do
    QVERIFY2(run.out.contains(QStringLiteral("/validators/strong-etag")), qPrintable(run.out));
}

void TestStoreFileSystem::diskFull()
{
    // 600 KiB: room for the store and a small entry, not for the 4 MiB resource.
    const QString small = m_origin.url(QStringLiteral("/validators/strong-etag")).toString();
    const QString large = m_origin.url(QStringLiteral("/large")).toString();
    const ShellRun run = runIsolated(QStringLiteral("mount -t tmpfs -o size=600k tmpfs \"$MNT\" && "
                                                    "\"$CLI\" revalidate '%1' --store \"$MNT/store\" >/dev/null && "
                                                    "{ \"$CLI\" revalidate '%2' --store \"$MNT/store\" >/dev/null; "
                                                    "echo \"rc=$?\"; } && "
                                                    "\"$CLI\" cache list --store \"$MNT/store\" && "
                                                    "\"$CLI\" revalidate '%1' --store \"$MNT/store\"")
                                         .arg(small, large),
        mountPoint());
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(QStringLiteral("rc=3")), qPrintable(run.out));
    QVERIFY2(run.err.contains(QStringLiteral("disk is full")), qPrintable(run.err));
    // The entry stored before the disk filled is still there and still revalidates (304).
    QVERIFY2(run.out.contains(QStringLiteral("/validators/strong-etag")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("304 Not Modified")), qPrintable(run.out));
}

QTEST_GUILESS_MAIN(TestStoreFileSystem)
#include "tst_storefilesystem.moc"
