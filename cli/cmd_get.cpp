#include "browseroutput.h"
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
#include <QFile>

namespace CacheScope::Cli {

namespace {

// --cache-mode browser: the request goes through a private cache on the store, which decides whether the
// network is used at all, and says why.
int getThroughBrowserCache(
    ValidatorStore &store, const Request &request, bool json, bool printBody, const QString &output)
{
    HttpClient client;
    BrowserCache cache(&client, &store);
    BrowserResult result;
    QEventLoop loop;
    QObject::connect(cache.send(request), &BrowserJob::finished, &loop, [&](const BrowserResult &r) {
        result = r;
        loop.quit();
    });
    loop.exec();
    // A stale-while-revalidate answer is given at once; the revalidation still belongs in the store.
    while (cache.backgroundRevalidations() > 0) {
        QEventLoop wait;
        QObject::connect(&cache, &BrowserCache::backgroundRevalidationFinished, &wait, &QEventLoop::quit);
        wait.exec();
    }
    const Exchange &exchange = result.exchange;
    if (!output.isEmpty() && exchange.hasResponse()) {
        QFile file(output);
        if (!file.open(QIODevice::WriteOnly) || file.write(exchange.body) != exchange.body.size()) {
            err() << "cachescope-cli get: cannot write " << file.fileName() << ": " << file.errorString() << '\n';
            return ExitUsage;
        }
    }
    if (json) {
        QJsonObject object = exchangeToJson(exchange);
        object.insert(QStringLiteral("cache"), browserCacheToJson(result));
        printJson(object);
    } else {
        printExchange(exchange, printBody && output.isEmpty());
        printBrowserSummary(result);
    }
    if (result.decision == BrowserDecision::Failed || exchange.error != ExchangeError::None) {
        err() << "cachescope-cli get: " << result.reason << '\n';
        return ExitRequestFailed;
    }
    return ExitOk;
}

} // namespace

int runGet(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Send one request and print what came back. The response is "
                                                    "stored in the validator store unless --no-store is given."));
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("The URL (http:// is assumed when omitted)."));
    RequestOptions requestOptions(parser);
    const QCommandLineOption json(
        QStringLiteral("json"), QStringLiteral("Print one JSON object (fields in the README)."));
    const QCommandLineOption noBody(QStringLiteral("no-body"), QStringLiteral("Do not print the body."));
    const QCommandLineOption output({ QStringLiteral("o"), QStringLiteral("output") },
        QStringLiteral("Write the decoded body to FILE."), QStringLiteral("FILE"));
    const QCommandLineOption noStore(
        QStringLiteral("no-store"), QStringLiteral("Do not record the response in the store."));
    const QCommandLineOption store(QStringLiteral("store"), QStringLiteral("State directory."), QStringLiteral("DIR"));
    const QCommandLineOption cacheMode(QStringLiteral("cache-mode"),
        QStringLiteral("inspector (send exactly what was asked; the default) or browser (answer as a browser's "
                       "private cache would: from the store, revalidated or fetched, and say why)."),
        QStringLiteral("MODE"), QStringLiteral("inspector"));
    parser.addOptions({ json, noBody, output, noStore, store, cacheMode });
    parser.addHelpOption();
    if (!parser.parse(QStringList { QStringLiteral("cachescope-cli get") } + arguments)) {
        err() << "cachescope-cli get: " << parser.errorText() << '\n';
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
        err() << "cachescope-cli get: " << error << '\n';
        return ExitUsage;
    }
    for (const QString &warning : std::as_const(warnings))
        err() << "cachescope-cli get: --curl: " << warning << '\n';

    bool browser = false;
    if (!parseCacheMode(parser.value(cacheMode), &browser, &error)) {
        err() << "cachescope-cli get: " << error << '\n';
        return ExitUsage;
    }
    if (browser && parser.isSet(noStore)) {
        err() << "cachescope-cli get: --cache-mode browser works on the store; it cannot be combined with --no-store\n";
        return ExitUsage;
    }
    ValidatorStore validatorStore;
    const bool record = !parser.isSet(noStore);
    if (record && !openStore(validatorStore, parser.value(store), QStringLiteral("get")))
        return ExitStoreError;
    if (browser)
        return getThroughBrowserCache(
            validatorStore, request, parser.isSet(json), !parser.isSet(noBody), parser.value(output));
    HttpClient client;
    Revalidator revalidator(&client, record ? &validatorStore : nullptr);
    CacheOptions options;
    options.addConditionals = false; // get sends exactly what was asked; revalidate adds validators
    options.record = record;
    CachedExchange result;
    QEventLoop loop;
    RevalidationJob *job = revalidator.send(request, options);
    QObject::connect(job, &RevalidationJob::finished, &loop, [&](const CachedExchange &r) {
        result = r;
        loop.quit();
    });
    loop.exec();
    const Exchange &exchange = result.exchange;

    if (parser.isSet(output) && exchange.hasResponse()) {
        QFile file(parser.value(output));
        if (!file.open(QIODevice::WriteOnly) || file.write(exchange.body) != exchange.body.size()) {
            err() << "cachescope-cli get: cannot write " << file.fileName() << ": " << file.errorString() << '\n';
            return ExitUsage;
        }
    }
    if (parser.isSet(json)) {
        QJsonObject object = record ? cachedExchangeToJson(result) : exchangeToJson(exchange);
        if (!record)
            object.insert(QStringLiteral("diagnosis"), notesToJson(diagnoseExchange(result)));
        printJson(object);
    } else {
        printExchange(exchange, !parser.isSet(noBody) && !parser.isSet(output));
        if (record && exchange.hasResponse())
            printCacheSummary(result);
        printNotes(diagnoseExchange(result));
    }
    if (exchange.error != ExchangeError::None) {
        err() << "cachescope-cli get: " << exchange.errorString << '\n';
        return ExitRequestFailed;
    }
    if (result.action == CacheAction::StoreError) {
        err() << "cachescope-cli get: " << result.actionText << '\n';
        return ExitStoreError;
    }
    return ExitOk;
}

} // namespace CacheScope::Cli
