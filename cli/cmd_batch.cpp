#include "batchline.h"
#include "browser/browsercache.h"
#include "browseroutput.h"
#include "cache/validatorstore.h"
#include "cachedoutput.h"
#include "cli.h"
#include "client/httpclient.h"
#include "commands.h"
#include "exchangejson.h"
#include "output.h"

#include <cstdio>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

namespace CacheScope::Cli {

namespace {

QJsonObject errorLine(const QJsonValue &id, const QString &message)
{
    return QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("error"), message } };
}

QJsonObject responseLine(const QJsonValue &id, const Exchange &exchange, const QJsonObject &cache)
{
    if (!exchange.hasResponse() && (exchange.error != ExchangeError::None || exchange.rawResponseHead.isEmpty()))
        return errorLine(id, exchange.errorString.isEmpty() ? QStringLiteral("no response") : exchange.errorString);
    QJsonArray interim;
    for (const InterimResponse &response : exchange.interim) {
        interim.append(QJsonObject { { QStringLiteral("status"), response.status },
            { QStringLiteral("statusText"), QString::fromLatin1(response.reason) },
            { QStringLiteral("headers"), headersToJson(response.headers) } });
    }
    QJsonObject line {
        { QStringLiteral("id"), id },
        { QStringLiteral("status"), exchange.status },
        { QStringLiteral("statusText"), QString::fromLatin1(exchange.reason) },
        { QStringLiteral("headers"), headersToJson(exchange.responseHeaders) },
        { QStringLiteral("body_b64"), QString::fromLatin1(exchange.body.toBase64()) },
        { QStringLiteral("url"), exchange.finalUrl.toString() },
        { QStringLiteral("interim"), interim },
        // The body is given decoded; this names the Content-Encoding that was undone (null when none).
        { QStringLiteral("decoded"),
            exchange.contentEncoding.isEmpty() ? QJsonValue(QJsonValue::Null)
                                               : QJsonValue(QString::fromLatin1(exchange.contentEncoding)) },
        { QStringLiteral("cache"), cache },
        { QStringLiteral("bodyTruncated"), exchange.bodyTruncated },
    };
    // Past the line's "maxBody" (or the default limit) the body is cut, not failed: body_b64 holds its start.
    if (exchange.bodyTruncated) {
        line.insert(QStringLiteral("bodyLimit"), exchange.request.maxBodyBytes);
        line.insert(QStringLiteral("notice"), exchange.truncationNotice());
    }
    // A response that arrived but ended badly (cut off, undecodable): both, so nothing is hidden.
    if (exchange.error != ExchangeError::None)
        line.insert(QStringLiteral("error"), exchange.errorString);
    return line;
}

// Reads standard input on its own thread, so a slow producer never blocks the answers; each line (and
// the end of input) is handed to `receiver`'s thread.
QThread *startReader(QObject *receiver, std::function<void(const QByteArray &)> onLine, std::function<void()> onEnd)
{
    return QThread::create([receiver, onLine, onEnd] {
        QFile in;
        if (in.open(stdin, QIODevice::ReadOnly)) {
            while (true) {
                const QByteArray line = in.readLine();
                if (line.isEmpty())
                    break;
                QMetaObject::invokeMethod(
                    receiver, [onLine, line] { onLine(line); }, Qt::QueuedConnection);
            }
        }
        QMetaObject::invokeMethod(receiver, onEnd, Qt::QueuedConnection);
    });
}

// Parses the command line; returns -1 to go on, or the exit code to stop with.
int parseArguments(const QStringList &arguments, bool *browser, QString *storeDir)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Read requests as JSON lines on standard input, answer each with one JSON line on standard output (in "
        "the order they finish). The protocol is in the README."));
    const QCommandLineOption mode(QStringLiteral("cache-mode"),
        QStringLiteral("browser (a private cache in front of the network) or inspector (send as given; the default)."),
        QStringLiteral("MODE"), QStringLiteral("inspector"));
    const QCommandLineOption store(QStringLiteral("store"), QStringLiteral("State directory."), QStringLiteral("DIR"));
    parser.addOptions({ mode, store });
    parser.addHelpOption();
    if (!parser.parse(QStringList { QStringLiteral("cachescope-cli batch") } + arguments)) {
        err() << "cachescope-cli batch: " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    QString error;
    if (!parser.positionalArguments().isEmpty() || !parseCacheMode(parser.value(mode), browser, &error)) {
        err() << "cachescope-cli batch: " << (error.isEmpty() ? QStringLiteral("no arguments expected") : error)
              << '\n';
        return ExitUsage;
    }
    *storeDir = parser.value(store);
    return -1;
}

} // namespace

int runBatch(const QStringList &arguments)
{
    bool browser = false;
    QString storeDir;
    if (const int exitCode = parseArguments(arguments, &browser, &storeDir); exitCode >= 0)
        return exitCode;
    ValidatorStore validatorStore;
    if (!openStore(validatorStore, storeDir, QStringLiteral("batch")))
        return ExitStoreError;
    HttpClient client;
    Revalidator revalidator(&client, &validatorStore);
    BrowserCache cache(&client, &validatorStore);

    QEventLoop loop;
    int pending = 0;
    bool ended = false;
    const auto maybeQuit = [&] {
        if (ended && pending == 0 && cache.backgroundRevalidations() == 0)
            loop.quit();
    };
    QObject::connect(&cache, &BrowserCache::backgroundRevalidationFinished, &loop, maybeQuit);
    const auto answered = [&](const QJsonObject &line) {
        printJsonLine(line);
        --pending;
        maybeQuit();
    };
    const auto onLine = [&](const QByteArray &text) {
        if (text.trimmed().isEmpty())
            return;
        const BatchLine line = parseBatchLine(text);
        if (!line.error.isEmpty()) {
            printJsonLine(errorLine(line.id, line.error));
            return;
        }
        ++pending;
        if (browser) {
            BrowserJob *job = cache.send(line.request);
            QObject::connect(job, &BrowserJob::finished, &loop, [&, job, id = line.id](const BrowserResult &result) {
                job->deleteLater();
                answered(responseLine(id, result.exchange, browserCacheToJson(result)));
            });
            return;
        }
        CacheOptions options;
        options.addConditionals = false; // inspector: exactly what was asked
        RevalidationJob *job = revalidator.send(line.request, options);
        QObject::connect(job, &RevalidationJob::finished, &loop, [&, job, id = line.id](const CachedExchange &result) {
            job->deleteLater();
            answered(responseLine(id, result.exchange, inspectorCacheToJson(result)));
        });
    };
    QThread *reader = startReader(&loop, onLine, [&] {
        ended = true;
        maybeQuit();
    });
    reader->start();
    loop.exec();
    reader->wait();
    delete reader;
    return ExitOk;
}

} // namespace CacheScope::Cli
