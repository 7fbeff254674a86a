#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace CacheScope::Cli {

struct Command
{
    QString name;
    QString summary;
    // Receives the arguments after the command name; returns an ExitCode.
    int (*run)(const QStringList &arguments);
};

// Every sub-command, in the order `--help` lists them.
const QList<Command> &commands();

// One function per sub-command, each in its own cmd_<name>.cpp.
int runGet(const QStringList &arguments);

} // namespace CacheScope::Cli
