#include "actions.h"

#include "cli.h"
#include "output.h"

#include <QCommandLineParser>

namespace CacheScope::Cli {

namespace {

// "'list', 'run' or 'add'"
QString quotedChoices(const QList<Action> &actions)
{
    QString text;
    for (qsizetype i = 0; i < actions.size(); ++i) {
        if (i > 0)
            text += i + 1 == actions.size() ? QStringLiteral(" or ") : QStringLiteral(", ");
        text += QLatin1Char('\'') + actions.at(i).name + QLatin1Char('\'');
    }
    return text;
}

} // namespace

int runActions(const QString &command, const QList<Action> &actions, const QString &usage, const QStringList &arguments)
{
    const QString name = arguments.value(0);
    for (const Action &action : actions) {
        if (action.name == name)
            return action.run(arguments.mid(1));
    }
    if (name == QLatin1String("--help") || name == QLatin1String("-h") || name == QLatin1String("help")) {
        out() << "Usage: " << usage;
        out().flush();
        return ExitOk;
    }
    const QString choices = quotedChoices(actions);
    err() << "cachescope-cli " << command << ": "
          << (name.isEmpty() ? QStringLiteral("give %1").arg(choices)
                             : QStringLiteral("unknown action '%1': give %2").arg(name, choices))
          << " (see --help)\n";
    err().flush();
    return ExitUsage;
}

int actionUsage(const QString &command, const QString &action, const QString &message)
{
    err() << "cachescope-cli " << command << ' ' << action << ": " << message << '\n';
    err().flush();
    return ExitUsage;
}

bool parseActionOrHelp(
    QCommandLineParser &parser, const QString &command, const QString &action, const QStringList &arguments, int *exit)
{
    parser.addHelpOption();
    if (!parser.parse(QStringList { QStringLiteral("cachescope-cli %1 %2").arg(command, action) } + arguments)) {
        *exit = actionUsage(command, action, parser.errorText());
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        out().flush();
        *exit = ExitOk;
        return false;
    }
    return true;
}

} // namespace CacheScope::Cli
