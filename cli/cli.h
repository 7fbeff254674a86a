#pragma once

#include <QStringList>

namespace CacheScope::Cli {

// Exit codes of cachescope-cli, documented in the README.
enum ExitCode {
    ExitOk = 0,
    ExitRequestFailed = 1, // no HTTP response could be had (DNS, connection, TLS, timeout, protocol error)
    ExitUsage = 2, // bad command line or malformed input (URL, header)
    ExitStoreError = 3, // the store could not be opened or written
    ExitCheckFailed = 4, // a check ran and found a problem (e.g. inconsistent ETags)
    ExitInterrupted = 130, // stopped by Ctrl+C / SIGTERM after printing a summary
};

// Runs cachescope-cli with the arguments after the program name. Needs a QCoreApplication.
int run(const QStringList &arguments);

} // namespace CacheScope::Cli
