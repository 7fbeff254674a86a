#include "clirun.h"

#include <QEventLoop>
#include <QProcess>
#include <QTimer>

namespace CacheScope::TestSupport {

QString cliPath()
{
    return QStringLiteral(CACHESCOPE_CLI_PATH);
}

QByteArray CliRun::describe() const
{
    return (finished ? "exit code " + QByteArray::number(exitCode) : QByteArray("did not finish")) + ", stderr: " + err;
}

CliRun runCli(const QStringList &arguments, const CliOptions &options)
{
    QProcess process;
    process.setProcessEnvironment(options.environment);
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, [&loop](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            loop.quit();
    });
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);

    CliRun run;
    process.start(cliPath(), arguments);
    if (!process.waitForStarted(10000)) {
        run.err = "cannot start " + cliPath().toUtf8() + ": " + process.errorString().toUtf8();
        return run;
    }
    process.write(options.input);
    process.closeWriteChannel();
    timeout.start(options.timeoutMs);
    if (process.state() != QProcess::NotRunning)
        loop.exec();
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
    } else {
        run.finished = true;
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace CacheScope::TestSupport
