#include "benchsupport.h"

#include "support/nginxserver.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <QElapsedTimer>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace CacheScope::Bench {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

void configureNginx(TestSupport::NginxServer &nginx, const QString &rootDir)
{
    nginx.setRootDir(rootDir);
    nginx.setExtraHttpConfig("    keepalive_requests 10000000;\n    keepalive_timeout 300s;\n");
    nginx.setExtraServerConfig("        access_log off;\n");
}

double ChildRun::cpuSeconds() const
{
    const auto seconds = [](const timeval &tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double ChildRun::peakRssMiB() const
{
    return double(usage.ru_maxrss) / 1024.0; // Linux reports KiB
}

QString ChildRun::describeEnd() const
{
    if (!error.isEmpty())
        return error;
    if (signal)
        return QStringLiteral("ended by signal %1%2")
            .arg(signal)
            .arg(killed ? QStringLiteral(" (SIGKILL)") : QString());
    return QStringLiteral("exit %1").arg(exitCode);
}

namespace {

// Appends what was read to `pending` and moves every complete line to `lines`.
void takeLines(QByteArray &pending, QList<ChildLine> &lines, qint64 atNs)
{
    qsizetype start = 0;
    for (;;) {
        const qsizetype end = pending.indexOf('\n', start);
        if (end < 0)
            break;
        lines.append({ atNs, pending.mid(start, end - start) });
        start = end + 1;
    }
    pending.remove(0, start);
}

} // namespace

ChildRun runChild(const QString &program, const QStringList &arguments, qint64 interruptAfterMs)
{
    ChildRun run;
    // Everything the child needs is prepared before fork(): after it only async-signal-safe calls are made.
    std::vector<QByteArray> storage;
    storage.push_back(program.toLocal8Bit());
    for (const QString &argument : arguments)
        storage.push_back(argument.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &arg : storage)
        argv.push_back(arg.data());
    argv.push_back(nullptr);

    int outPipe[2];
    int errPipe[2];
    if (::pipe2(outPipe, O_CLOEXEC) != 0 || ::pipe2(errPipe, O_CLOEXEC) != 0) {
        run.error = QStringLiteral("pipe: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return run;
    }
    const pid_t parent = ::getpid();
    QElapsedTimer clock;
    clock.start();
    const pid_t pid = ::fork();
    if (pid < 0) {
        run.error = QStringLiteral("fork: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return run;
    }
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(127);
        ::dup2(outPipe[1], STDOUT_FILENO);
        ::dup2(errPipe[1], STDERR_FILENO);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(outPipe[1]);
    ::close(errPipe[1]);

    QByteArray pending;
    pollfd fds[2] = { { outPipe[0], POLLIN, 0 }, { errPipe[0], POLLIN, 0 } };
    int open = 2;
    char buffer[65536];
    qint64 killAtMs = -1;
    while (open > 0) {
        const qint64 elapsedMs = clock.elapsed();
        if (interruptAfterMs >= 0 && !run.interrupted && elapsedMs >= interruptAfterMs) {
            ::kill(pid, SIGINT);
            run.interrupted = true;
            killAtMs = elapsedMs + 20000;
        }
        if (killAtMs >= 0 && !run.killed && elapsedMs >= killAtMs) {
            ::kill(pid, SIGKILL);
            run.killed = true;
        }
        int timeout = -1;
        if (interruptAfterMs >= 0 && !run.interrupted)
            timeout = int(interruptAfterMs - elapsedMs);
        else if (killAtMs >= 0 && !run.killed)
            timeout = int(killAtMs - elapsedMs);
        if (::poll(fds, 2, timeout) < 0 && errno != EINTR)
            break;
        for (pollfd &fd : fds) {
            if (fd.fd < 0 || !(fd.revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            const ssize_t n = ::read(fd.fd, buffer, sizeof buffer);
            if (n <= 0) {
                ::close(fd.fd);
                fd.fd = -1;
                --open;
                continue;
            }
            if (fd.fd == outPipe[0]) {
                pending.append(buffer, n);
                takeLines(pending, run.lines, clock.nsecsElapsed());
            } else {
                run.errorOutput.append(buffer, n);
            }
        }
    }
    if (!pending.isEmpty())
        run.lines.append({ clock.nsecsElapsed(), pending });
    int status = 0;
    while (::wait4(pid, &status, 0, &run.usage) < 0 && errno == EINTR) { }
    run.wallNs = clock.nsecsElapsed();
    if (WIFEXITED(status))
        run.exitCode = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        run.signal = WTERMSIG(status);
    if (run.exitCode == 127 && run.lines.isEmpty() && run.errorOutput.isEmpty())
        run.error = QStringLiteral("could not run %1").arg(program);
    return run;
}

bool cliHasCommand(const QString &cliPath, const QString &command)
{
    const ChildRun run = runChild(cliPath, { command, QStringLiteral("--help") });
    return run.error.isEmpty() && run.exitCode == 0;
}

Summary summarize(QList<double> values)
{
    Summary s;
    s.count = int(values.size());
    if (values.isEmpty())
        return s;
    std::sort(values.begin(), values.end());
    double total = 0;
    for (const double v : values)
        total += v;
    s.mean = total / double(values.size());
    s.median = values.at(values.size() / 2);
    s.p99 = values.at(std::min<qsizetype>(values.size() - 1, values.size() * 99 / 100));
    s.max = values.last();
    return s;
}

qint64 intOption(
    const QStringList &arguments, const QString &name, qint64 fallback, qint64 minimum, qint64 maximum, bool *ok)
{
    const qsizetype at = arguments.indexOf(name);
    if (at < 0)
        return fallback;
    bool parsed = false;
    const qint64 value = at + 1 < arguments.size() ? arguments.at(at + 1).toLongLong(&parsed) : 0;
    if (!parsed || value < minimum || value > maximum) {
        err() << name << " needs a number from " << minimum << " to " << maximum << Qt::endl;
        *ok = false;
        return fallback;
    }
    return value;
}

double doubleOption(const QStringList &arguments, const QString &name, double fallback, bool *ok)
{
    const qsizetype at = arguments.indexOf(name);
    if (at < 0)
        return fallback;
    bool parsed = false;
    const double value = at + 1 < arguments.size() ? arguments.at(at + 1).toDouble(&parsed) : 0;
    if (!parsed || value <= 0) {
        err() << name << " needs a positive number" << Qt::endl;
        *ok = false;
        return fallback;
    }
    return value;
}

QString verdict(bool met)
{
    return met ? QStringLiteral("PASS") : QStringLiteral("MISS");
}

} // namespace CacheScope::Bench
