#include "cli.h"

#include "commands.h"
#include "output.h"

#include <QCoreApplication>

namespace CacheScope::Cli {

static void printUsage(QTextStream &stream)
{
    stream << "Usage: cachescope-cli COMMAND [OPTIONS]\n\n"
           << "CacheScope " << CACHESCOPE_VERSION << ", the HTTP caching inspector, without a window.\n\n"
           << "Commands:\n";
    for (const Command &command : commands())
        stream << "  " << command.name.leftJustified(14) << command.summary << '\n';
    stream << "\nOptions for every command:\n"
           << "  --store DIR   keep state in DIR (default: $CACHESCOPE_STORE, else the platform's data location)\n"
           << "  --help        help for the command\n\n"
           << "  cachescope-cli --version   prints the version\n"
           << "  cachescope-cli COMMAND --help   prints the command's options\n";
    stream.flush();
}

int run(const QStringList &arguments)
{
    if (arguments.isEmpty()) {
        printUsage(err());
        return ExitUsage;
    }
    const QString &first = arguments.first();
    if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
        out() << "cachescope-cli " << CACHESCOPE_VERSION << " (Qt " << qVersion() << ")\n";
        out().flush();
        return ExitOk;
    }
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        printUsage(out());
        return ExitOk;
    }
    for (const Command &command : commands()) {
        if (command.name == first)
            return command.run(arguments.mid(1));
    }
    err() << "cachescope-cli: unknown command '" << first << "'\n\n";
    printUsage(err());
    return ExitUsage;
}

} // namespace CacheScope::Cli
