#include "commands.h"

namespace CacheScope::Cli {

const QList<Command> &commands()
{
    static const QList<Command> all {
        { QStringLiteral("get"), QStringLiteral("Send a request and print the response facts"), &runGet },
        { QStringLiteral("batch"),
            QStringLiteral("Answer JSON-line requests from standard input, in browser or inspector cache mode"),
            &runBatch },
        { QStringLiteral("revalidate"), QStringLiteral("Send a conditional GET built from the stored validators"),
            &runRevalidate },
        { QStringLiteral("consistency"),
            QStringLiteral("Check that load-balanced instances agree on ETag and Last-Modified"), &runConsistency },
        { QStringLiteral("check"),
            QStringLiteral("Probe how the server answers conditional requests (exit 4 on errors)"), &runCheck },
        { QStringLiteral("watch"), QStringLiteral("Revalidate URLs again and again; a line per exchange, then totals"),
            &runWatch },
        { QStringLiteral("timeline"), QStringLiteral("Print or clear the stored history of watched URLs"), &runTimeline },
        { QStringLiteral("cache"), QStringLiteral("List, show, delete or clear stored responses"), &runCache },
        { QStringLiteral("har"), QStringLiteral("Export the stored history as HAR; import a browser's HAR and diagnose it"),
            &runHar },
        { QStringLiteral("collection"), QStringLiteral("List, run or add saved requests in a .http collection file"),
            &runCollection },
        { QStringLiteral("explain"), QStringLiteral("Explain a status code, header or directive"), &runExplain },
        { QStringLiteral("demo"), QStringLiteral("Watch 200 become 304 and the bytes saved, on the embedded origin"),
            &runDemo },
        { QStringLiteral("demo-server"), QStringLiteral("Serve the demo origin's scenarios until stopped"),
            &runDemoServer },
    };
    return all;
}

} // namespace CacheScope::Cli
