#include "commands.h"

namespace CacheScope::Cli {

const QList<Command> &commands()
{
    static const QList<Command> all {
        { QStringLiteral("get"), QStringLiteral("Send a request and print the response facts"), &runGet },
    };
    return all;
}

} // namespace CacheScope::Cli
