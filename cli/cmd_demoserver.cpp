#include "cli.h"
#include "commands.h"
#include "demo/demoorigin.h"
#include "output.h"

#include <csignal>
#include <optional>
#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

namespace CacheScope::Cli {

namespace {

// Set from the signal handler, polled from the event loop: the only thing a handler may safely do.
volatile std::sig_atomic_t stopRequested = 0;

void requestStop(int)
{
    stopRequested = 1;
}

struct DemoServerOptions
{
    quint16 port = 0;
    bool quiet = false;
    bool help = false;
};

void printHelp(QTextStream &stream)
{
    stream << "Usage: cachescope-cli demo-server [--port N] [--quiet]\n\n"
           << "Serves the demo origin's caching scenarios on 127.0.0.1 until Ctrl+C or SIGTERM.\n"
           << "Prints the base URL and the scenarios, then one line per request.\n\n"
           << "Options:\n"
           << "  --port N      listen on port N; 0, the default, picks a free port\n"
           << "  --quiet, -q   do not print a line per request\n"
           << "  --store DIR   accepted for symmetry with other commands; the demo keeps no state\n"
           << "  --help        this help\n\n"
           << "Exit status: 0 when stopped by a signal, 1 when the port cannot be used, 2 for bad options.\n";
    stream.flush();
}

std::optional<quint16> parsePort(const QString &text)
{
    if (text.isEmpty() || text.size() > 5)
        return std::nullopt;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
    }
    const int value = text.toInt();
    if (value > 65535)
        return std::nullopt;
    return quint16(value);
}

std::optional<DemoServerOptions> parseOptions(const QStringList &arguments, QString *error)
{
    DemoServerOptions options;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--help") || argument == QLatin1String("-h")) {
            options.help = true;
        } else if (argument == QLatin1String("--quiet") || argument == QLatin1String("-q")) {
            options.quiet = true;
        } else if (argument == QLatin1String("--port") || argument.startsWith(QLatin1String("--port="))) {
            const bool inline_ = argument.contains(QLatin1Char('='));
            if (!inline_ && i + 1 >= arguments.size()) {
                *error = QStringLiteral("--port needs a number");
                return std::nullopt;
            }
            const QString value = inline_ ? argument.section(QLatin1Char('='), 1) : arguments.at(++i);
            const auto port = parsePort(value);
            if (!port) {
                *error = QStringLiteral("--port must be a number from 0 to 65535, got '%1'").arg(value);
                return std::nullopt;
            }
            options.port = *port;
        } else if (argument == QLatin1String("--store")) {
            if (i + 1 >= arguments.size()) {
                *error = QStringLiteral("--store needs a directory");
                return std::nullopt;
            }
            ++i;
        } else if (argument.startsWith(QLatin1String("--store="))) {
            continue;
        } else {
            *error = QStringLiteral("unexpected argument '%1'").arg(argument);
            return std::nullopt;
        }
    }
    return options;
}

void printBanner(const DemoOrigin &origin)
{
    const QString base = origin.baseUrl().toString();
    out() << "CacheScope demo origin listening on " << base << '\n'
          << "Index: " << base << "/ (JSON: " << base << "/index.json)\n"
          << "Press Ctrl+C to stop.\n\n"
          << "Scenarios:\n";
    const QList<DemoScenario> scenarios = origin.scenarios();
    qsizetype width = 0;
    for (const DemoScenario &scenario : scenarios)
        width = qMax(width, scenario.path.size());
    for (const DemoScenario &scenario : scenarios)
        out() << "  " << scenario.path.leftJustified(width + 2) << scenario.title << '\n';
    out() << '\n';
    out().flush();
}

// Serves until SIGINT or SIGTERM; restores the previous handlers afterwards.
void serveUntilSignalled()
{
    stopRequested = 0;
    const auto previousInt = std::signal(SIGINT, &requestStop);
    const auto previousTerm = std::signal(SIGTERM, &requestStop);

    QEventLoop loop;
    QTimer poll;
    poll.setInterval(100);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&loop] {
        if (stopRequested)
            loop.quit();
    });
    poll.start();
    loop.exec();

    std::signal(SIGINT, previousInt);
    std::signal(SIGTERM, previousTerm);
}

} // namespace

int runDemoServer(const QStringList &arguments)
{
    QString error;
    const auto options = parseOptions(arguments, &error);
    if (!options) {
        err() << "cachescope-cli demo-server: " << error << "\nTry 'cachescope-cli demo-server --help'.\n";
        err().flush();
        return ExitUsage;
    }
    if (options->help) {
        printHelp(out());
        return ExitOk;
    }
    if (!QCoreApplication::instance()) {
        err() << "cachescope-cli demo-server: internal error: no QCoreApplication\n";
        err().flush();
        return ExitUsage;
    }

    DemoOrigin origin;
    if (!origin.start(options->port, &error)) {
        err() << "cachescope-cli demo-server: " << error << '\n';
        err().flush();
        return ExitRequestFailed;
    }
    printBanner(origin);
    if (!options->quiet) {
        QObject::connect(
            &origin, &DemoOrigin::requestServed, &origin, [](const QString &method, const QString &target, int status) {
                out() << method << ' ' << target << " -> " << status << '\n';
                out().flush();
            });
    }

    serveUntilSignalled();
    origin.stop();
    out() << "Stopped.\n";
    out().flush();
    return ExitOk;
}

} // namespace CacheScope::Cli
