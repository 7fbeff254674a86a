#include "cli.h"
#include "commands.h"
#include "output.h"

namespace CacheScope::Cli {

// Placeholder until the command lands in this session.
int runRevalidate(const QStringList &)
{
    err() << "cachescope-cli: this command is not available yet\n";
    return ExitUsage;
}

} // namespace CacheScope::Cli
