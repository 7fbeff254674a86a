#pragma once

// Shared by the benchmarks in tests/bench: printing, the local nginx, child processes measured with wait4(),
// and small statistics. Benchmarks are run by hand, never by ctest.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>
#include <sys/resource.h>

namespace CacheScope::TestSupport {
class NginxServer;
}

namespace CacheScope::Bench {

QTextStream &out();
QTextStream &err();

// nginx tuned so that the server is not what gets measured: no access log, and no limit on the requests per
// keep-alive connection (the default of 1,000 would make every client open a second connection mid-run).
void configureNginx(TestSupport::NginxServer &nginx, const QString &rootDir);

// One line a child printed, with when it arrived (ns since the child was started).
struct ChildLine
{
    qint64 atNs = 0;
    QByteArray text;
};

struct ChildRun
{
    QString error; // non-empty: could not be started
    int exitCode = -1; // when it exited
    int signal = 0; // when a signal ended it
    bool interrupted = false; // we sent SIGINT
    bool killed = false; // it ignored SIGINT and got SIGKILL
    qint64 wallNs = 0;
    rusage usage {}; // from wait4(): the child's own CPU time and peak RSS
    QList<ChildLine> lines; // standard output, line by line
    QByteArray errorOutput; // standard error

    double cpuSeconds() const;
    double peakRssMiB() const;
    QString describeEnd() const; // "exit 0", "signal 2"...
};

// Runs program with arguments (no shell), reads its output until it ends, and reaps it with wait4() for its
// resource usage. With interruptAfterMs >= 0 it gets SIGINT after that long, then SIGKILL 20 s later if
// still running. The child dies with this process (PR_SET_PDEATHSIG).
ChildRun runChild(const QString &program, const QStringList &arguments, qint64 interruptAfterMs = -1);

// True when `cachescope-cli COMMAND --help` works: the command exists in this build.
bool cliHasCommand(const QString &cliPath, const QString &command);

struct Summary
{
    int count = 0;
    double mean = 0;
    double median = 0;
    double p99 = 0;
    double max = 0;
};
Summary summarize(QList<double> values);

// Reads "--name VALUE" from arguments; returns `fallback` when absent, and sets *ok false when VALUE is
// missing or not a number in [minimum, maximum].
qint64 intOption(
    const QStringList &arguments, const QString &name, qint64 fallback, qint64 minimum, qint64 maximum, bool *ok);
double doubleOption(const QStringList &arguments, const QString &name, double fallback, bool *ok);

QString verdict(bool met); // "PASS" / "MISS"

} // namespace CacheScope::Bench
