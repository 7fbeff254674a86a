#pragma once

#include <QList>
#include <QString>
#include <QStringList>

class QCommandLineParser;

namespace CacheScope::Cli {

// Commands made of actions ("har export ...", "collection add ..."): the dispatch, the usage block and the
// per-action parse/--help/error preamble, written once.

struct Action
{
    QString name; // "export"
    int (*run)(const QStringList &arguments); // the arguments after the action's name
};

// Runs the action named by arguments[0]. "--help", "-h" and "help" print `usage` (the lines after
// "Usage: ") to stdout; a missing or unknown action is a usage error that lists the actions.
int runActions(
    const QString &command, const QList<Action> &actions, const QString &usage, const QStringList &arguments);

// "cachescope-cli COMMAND ACTION: MESSAGE" on stderr; returns ExitUsage.
int actionUsage(const QString &command, const QString &action, const QString &message);

// Adds --help and parses; false when the caller must return *exit: a parse error (usage, printed) or --help
// (help text printed, ExitOk).
bool parseActionOrHelp(
    QCommandLineParser &parser, const QString &command, const QString &action, const QStringList &arguments, int *exit);

} // namespace CacheScope::Cli
