#include "cli.h"
#include "commands.h"

namespace CacheScope::Cli {

int runGet(const QStringList &)
{
    return ExitUsage;
}

} // namespace CacheScope::Cli
