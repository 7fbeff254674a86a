#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace CacheScope::TestSupport {

// Runs the built cachescope-cli the way a user's shell would, for the tests of its commands. Linking
// cachescope_testcli makes the test depend on the cachescope-cli target (tests that do not run the CLI do not
// wait for it to link).

// The cachescope-cli binary of this build.
QString cliPath();

struct CliOptions
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QByteArray input; // written to stdin, which is then closed
    int timeoutMs = 60000; // then the process is killed and the run counts as not finished
};

struct CliRun
{
    bool finished = false; // exited (normally or by a signal) before the timeout
    int exitCode = -1; // -1 when it did not finish or crashed
    QByteArray out;
    QByteArray err;

    QString outText() const { return QString::fromUtf8(out); }
    QString errText() const { return QString::fromUtf8(err); }
    // For QVERIFY2 messages: the exit code and stderr.
    QByteArray describe() const;
};

// Waits with an event loop, so servers living in the test's own thread keep answering meanwhile.
CliRun runCli(const QStringList &arguments, const CliOptions &options = {});

} // namespace CacheScope::TestSupport
