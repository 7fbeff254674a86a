#include "cache/validatorstore.h"
#include "cachedoutput.h"
#include "cli.h"
#include "client/httpclient.h"
#include "commands.h"
#include "diagnostics/diagnosis.h"
#include "exchangejson.h"
#include "output.h"
#include "requestoptions.h"

#include <QCommandLineParser>
#include <QEventLoop>

namespace CacheScope::Cli {

int runRevalidate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Send a conditional GET built from the stored validators (If-None-Match, If-Modified-Since) and "
                       "report what came back. With nothing stored yet, a plain GET stores them."));
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("The URL to revalidate."));
    RequestOptions requestOptions(parser, false);
    const QCommandLineOption json(
        QStringLiteral("json"), QStringLiteral("Print one JSON object (fields in the README)."));
    const QCommandLineOption store(QStringLiteral("store"), QStringLiteral("State directory."), QStringLiteral("DIR"));
    parser.addOptions({ json, store });
    parser.addHelpOption();
    if (!parser.parse(QStringList { QStringLiteral("cachescope-cli revalidate") } + arguments)) {
        err() << "cachescope-cli revalidate: " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    Request request;
    QString error;
    QString urlText;
    QStringList warnings;
    if (!requestOptions.urlArgument(parser.positionalArguments(), &urlText, &error)
        || !requestOptions.build(urlText, request, &error, &warnings)) {
        err() << "cachescope-cli revalidate: " << error << '\n';
        return ExitUsage;
    }
    for (const QString &warning : std::as_const(warnings))
        err() << "cachescope-cli revalidate: --curl: " << warning << '\n';
    ValidatorStore validatorStore;
    if (!openStore(validatorStore, parser.value(store), QStringLiteral("revalidate")))
        return ExitStoreError;

    HttpClient client;
    Revalidator revalidator(&client, &validatorStore);
    CachedExchange result;
    QEventLoop loop;
    RevalidationJob *job = revalidator.send(request);
    QObject::connect(job, &RevalidationJob::finished, &loop, [&](const CachedExchange &r) {
        result = r;
        loop.quit();
    });
    loop.exec();

    if (parser.isSet(json)) {
        printJson(cachedExchangeToJson(result));
    } else {
        printExchange(result.exchange, false);
        printCacheSummary(result);
        printNotes(diagnoseExchange(result));
    }
    if (result.exchange.error != ExchangeError::None) {
        err() << "cachescope-cli revalidate: " << result.exchange.errorString << '\n';
        return ExitRequestFailed;
    }
    if (result.action == CacheAction::StoreError) {
        err() << "cachescope-cli revalidate: " << result.actionText << '\n';
        return ExitStoreError;
    }
    return ExitOk;
}

} // namespace CacheScope::Cli
