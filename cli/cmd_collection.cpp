#include "actions.h"
#include "cache/validatorstore.h"
#include "cachedoutput.h"
#include "cli.h"
#include "client/httpclient.h"
#include "commands.h"
#include "interop/collection.h"
#include "output.h"
#include "requestoptions.h"

#include <cmath>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>

namespace CacheScope::Cli {

namespace {

int usage(const QString &action, const QString &message)
{
    return actionUsage(QStringLiteral("collection"), action, message);
}

bool parseOrHelp(QCommandLineParser &parser, const QString &action, const QStringList &arguments, int *exit)
{
    return parseActionOrHelp(parser, QStringLiteral("collection"), action, arguments, exit);
}

// Reads and parses FILE; on failure prints why (with the line) and returns false.
bool readCollection(const QString &action, const QString &path, Collection *collection, int *exit)
{
    QString error;
    if (readCollectionFile(path, collection, &error))
        return true;
    *exit = usage(action, error);
    return false;
}

QString displayName(const SavedRequest &saved)
{
    return saved.name.isEmpty() ? QStringLiteral("(line %1)").arg(saved.line) : saved.name;
}

int runList(const QStringList &arguments)
{
    const QString action = QStringLiteral("list");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the requests of a collection file (.http format)."));
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The collection file."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print a JSON array."));
    // Taken by every command; listing reads no store.
    const QCommandLineOption store(
        QStringLiteral("store"), QStringLiteral("State directory (unused)."), QStringLiteral("DIR"));
    parser.addOptions({ json, store });
    int exit = ExitOk;
    if (!parseOrHelp(parser, action, arguments, &exit))
        return exit;
    if (parser.positionalArguments().size() != 1)
        return usage(action, QStringLiteral("give exactly one collection file"));
    Collection collection;
    if (!readCollection(action, parser.positionalArguments().first(), &collection, &exit))
        return exit;
    QJsonArray array;
    for (const SavedRequest &saved : std::as_const(collection.requests)) {
        const QString url = saved.request.url.toString(QUrl::FullyEncoded);
        if (parser.isSet(json)) {
            array.append(QJsonObject { { QStringLiteral("name"), saved.name },
                { QStringLiteral("method"), QString::fromLatin1(saved.request.method) }, { QStringLiteral("url"), url },
                { QStringLiteral("headers"), saved.request.headers.size() },
                { QStringLiteral("body_bytes"), saved.request.body.size() }, { QStringLiteral("line"), saved.line } });
        } else {
            out() << displayName(saved) << "  " << saved.request.method << ' ' << url;
            if (!saved.request.headers.isEmpty())
                out() << "  (" << saved.request.headers.size() << " headers)";
            if (!saved.request.body.isEmpty())
                out() << "  body " << formatBytes(saved.request.body.size());
            out() << '\n';
        }
    }
    if (parser.isSet(json))
        printJson(array);
    else if (collection.requests.isEmpty())
        out() << "No requests.\n";
    out().flush();
    return ExitOk;
}

int runRun(const QStringList &arguments)
{
    const QString action = QStringLiteral("run");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Send the requests of a collection file, in file order, through the validator store (as "
                       "revalidate does: stored validators are added to GETs, 200s are stored, 304s merged)."));
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The collection file."));
    const QCommandLineOption name(QStringLiteral("name"),
        QStringLiteral("Only the requests with this name (repeatable)."), QStringLiteral("NAME"));
    const QCommandLineOption json(QStringLiteral("json"),
        QStringLiteral("Print a JSON array, one object per request (the fields of revalidate --json, plus name)."));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
        QStringLiteral("Give up on each after SECONDS (default 30)."), QStringLiteral("SECONDS"), QStringLiteral("30"));
    const QCommandLineOption store(QStringLiteral("store"), QStringLiteral("State directory."), QStringLiteral("DIR"));
    parser.addOptions({ name, json, timeout, store });
    int exit = ExitOk;
    if (!parseOrHelp(parser, action, arguments, &exit))
        return exit;
    if (parser.positionalArguments().size() != 1)
        return usage(action, QStringLiteral("give exactly one collection file"));
    bool ok = false;
    const double seconds = parser.value(timeout).toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds < 0 || seconds > 86400) // NaN passes both comparisons
        return usage(action, QStringLiteral("--timeout takes a number of seconds (0 to 86400)"));
    Collection collection;
    if (!readCollection(action, parser.positionalArguments().first(), &collection, &exit))
        return exit;
    QList<SavedRequest> chosen = collection.requests;
    if (parser.isSet(name)) {
        chosen.clear();
        for (const QString &wanted : parser.values(name)) {
            const QList<SavedRequest> found = collection.named(wanted);
            if (found.isEmpty())
                return usage(action, QStringLiteral("no request is named '%1'").arg(wanted));
            chosen += found;
        }
    }
    ValidatorStore validatorStore;
    if (!openStore(validatorStore, parser.value(store), QStringLiteral("collection run")))
        return ExitStoreError;
    HttpClient client;
    Revalidator revalidator(&client, &validatorStore);
    QJsonArray results;
    int failures = 0;
    for (const SavedRequest &saved : std::as_const(chosen)) {
        Request request = saved.request;
        request.timeoutMs = int(seconds * 1000);
        CachedExchange result;
        QEventLoop loop;
        QObject::connect(revalidator.send(request), &RevalidationJob::finished, &loop, [&](const CachedExchange &r) {
            result = r;
            loop.quit();
        });
        loop.exec();
        const Exchange &exchange = result.exchange;
        failures += exchange.error == ExchangeError::None ? 0 : 1;
        if (parser.isSet(json)) {
            QJsonObject object = cachedExchangeToJson(result);
            object.insert(QStringLiteral("name"), saved.name);
            results.append(object);
            continue;
        }
        out() << displayName(saved) << "  " << saved.request.method << ' '
              << saved.request.url.toString(QUrl::FullyEncoded) << "  ";
        if (exchange.hasResponse())
            out() << exchange.status << ' ' << exchange.reason << "  " << result.actionText;
        else
            out() << "error: " << exchange.errorString;
        if (exchange.bytes.saved > 0)
            out() << "  saved " << formatBytes(exchange.bytes.saved);
        out() << '\n';
        out().flush();
    }
    if (parser.isSet(json))
        printJson(results);
    return failures > 0 ? ExitRequestFailed : ExitOk;
}

int runAdd(const QStringList &arguments)
{
    const QString action = QStringLiteral("add");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Append a request to a collection file (created when missing). The request is given as for get: a URL "
        "with -X, -H, -d, or --curl 'COMMAND'. Only method, URL, headers and body are saved."));
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The collection file."));
    parser.addPositionalArgument(
        QStringLiteral("url"), QStringLiteral("The URL (optional with --curl)."), QStringLiteral("[URL]"));
    RequestOptions requestOptions(parser);
    const QCommandLineOption name(
        QStringLiteral("name"), QStringLiteral("The request's name (required)."), QStringLiteral("NAME"));
    const QCommandLineOption comment(
        QStringLiteral("comment"), QStringLiteral("A comment line above it (repeatable)."), QStringLiteral("TEXT"));
    const QCommandLineOption store(
        QStringLiteral("store"), QStringLiteral("State directory (unused)."), QStringLiteral("DIR"));
    parser.addOptions({ name, comment, store });
    int exit = ExitOk;
    if (!parseOrHelp(parser, action, arguments, &exit))
        return exit;
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usage(action, QStringLiteral("give the collection file, then the URL"));
    if (!parser.isSet(name) || parser.value(name).trimmed().isEmpty())
        return usage(action, QStringLiteral("give the request a --name"));
    SavedRequest saved;
    saved.name = parser.value(name);
    saved.comments = parser.values(comment);
    QString urlText;
    QString error;
    QStringList warnings;
    if (!requestOptions.urlArgument(positional.mid(1), &urlText, &error)
        || !requestOptions.build(urlText, saved.request, &error, &warnings))
        return usage(action, error);
    for (const QString &warning : std::as_const(warnings))
        err() << "cachescope-cli collection add: --curl: " << warning << '\n';
    if (const QString problem = collectionWriteProblem(saved); !problem.isEmpty())
        return usage(action, QStringLiteral("cannot save this request in the .http format: %1").arg(problem));

    const QString path = positional.first();
    QFile file(path);
    QByteArray existing;
    if (file.exists()) {
        Collection collection;
        if (!readCollection(action, path, &collection, &exit))
            return exit;
        if (!collection.named(saved.name).isEmpty())
            return usage(action, QStringLiteral("%1 already has a request named '%2'").arg(path, saved.name));
        if (!file.open(QIODevice::ReadOnly))
            return usage(action, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        existing = file.readAll();
        file.close();
    }
    // Appended as text, so the file's existing bytes (comments, spacing) stay as they are.
    QByteArray addition;
    if (!existing.isEmpty())
        addition = QByteArray(existing.endsWith("\n\n") ? "" : (existing.endsWith('\n') ? "\n" : "\n\n"));
    addition += writeSavedRequest(saved);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append) || file.write(addition) != addition.size()) {
        err() << "cachescope-cli collection add: cannot write " << path << ": " << file.errorString() << '\n';
        return ExitUsage;
    }
    out() << "Added '" << saved.name << "' to " << path << ".\n";
    out().flush();
    return ExitOk;
}

} // namespace

int runCollection(const QStringList &arguments)
{
    return runActions(QStringLiteral("collection"),
        { { QStringLiteral("list"), runList }, { QStringLiteral("run"), runRun }, { QStringLiteral("add"), runAdd } },
        QStringLiteral(
            "cachescope-cli collection list FILE [--json]\n"
            "       cachescope-cli collection run FILE [--name NAME]... [--json]\n"
            "       cachescope-cli collection add FILE --name NAME [URL] [-X ...] [-H ...] [-d ...] [--curl ...]\n"
            "Run any of them with --help for its options.\n"),
        arguments);
}

} // namespace CacheScope::Cli
