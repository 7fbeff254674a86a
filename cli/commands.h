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
int runGet(const QStringList &arguments); // cmd_get.cpp
int runRevalidate(const QStringList &arguments); // cmd_revalidate.cpp
int runCache(const QStringList &arguments); // cmd_cache.cpp
int runExplain(const QStringList &arguments); // cmd_explain.cpp
int runDemo(const QStringList &arguments); // cmd_demo.cpp
int runDemoServer(const QStringList &arguments); // cmd_demoserver.cpp
int runConsistency(const QStringList &arguments); // cmd_consistency.cpp
int runWatch(const QStringList &arguments); // cmd_watch.cpp
int runTimeline(const QStringList &arguments); // cmd_timeline.cpp
int runCheck(const QStringList &arguments); // cmd_check.cpp
int runHar(const QStringList &arguments); // cmd_har.cpp
int runCollection(const QStringList &arguments); // cmd_collection.cpp
int runBatch(const QStringList &arguments); // cmd_batch.cpp

} // namespace CacheScope::Cli
