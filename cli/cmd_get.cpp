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
    parser.addOptions({ json, noBody, output, noStore, store });
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

    ValidatorStore validatorStore;
    const bool record = !parser.isSet(noStore);
    if (record && !openStore(validatorStore, parser.value(store), QStringLiteral("get")))
        return ExitStoreError;
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
