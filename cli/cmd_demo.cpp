#include "cache/validatorstore.h"
#include "cachedoutput.h"
#include "cli.h"
#include "client/httpclient.h"
#include "client/revalidator.h"
#include "client/timeline.h"
#include "client/watchsession.h"
#include "commands.h"
#include "demo/demoorigin.h"
#include "output.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimeZone>

namespace CacheScope::Cli {

namespace {

// The tour: what a person watching a cache learns in five requests. The origin's clock is frozen during the
// tour and moved on by one change period where the resource is to change, so every run shows the same
// sequence however slow the machine is.
struct Step
{
    const char *label;
    bool changeFirst; // move the origin's clock to the next version before this request
    int expectedStatus;
};

constexpr Step tourSteps[] = {
    { "first request: nothing stored yet", false, 200 },
    { "revalidate with the stored validators", false, 304 },
    { "revalidate again", false, 304 },
    { "the resource changed on the origin: revalidate", true, 200 },
    { "revalidate the new version", false, 304 },
};

constexpr qint64 changePeriodSeconds = 60;

CachedExchange revalidateAndWait(Revalidator &revalidator, const QUrl &url)
{
    Request request;
    request.url = url;
    CachedExchange result;
    QEventLoop loop;
    RevalidationJob *job = revalidator.send(request);
    QObject::connect(job, &RevalidationJob::finished, &loop, [&](const CachedExchange &r) {
        result = r;
        loop.quit();
    });
    loop.exec();
    return result;
}

QString validatorsSent(const TimelineEvent &event)
{
    QStringList sent;
    if (!event.sentIfNoneMatch.isEmpty())
        sent << QStringLiteral("If-None-Match: ") + QString::fromLatin1(event.sentIfNoneMatch);
    if (!event.sentIfModifiedSince.isEmpty())
        sent << QStringLiteral("If-Modified-Since: ") + QString::fromLatin1(event.sentIfModifiedSince);
    return sent.isEmpty() ? QStringLiteral("no validators (a plain GET)") : sent.join(QStringLiteral(", "));
}

void printStep(int number, const Step &step, const TimelineEvent &event, const CachedExchange &result)
{
    QTextStream &o = out();
    o << number << ". " << step.label << '\n';
    if (event.isError()) {
        o << "   error: " << event.error << "\n\n";
        return;
    }
    o << "   sent     " << validatorsSent(event) << '\n';
    o << "   got      " << event.status << ' ' << result.exchange.reason << ", ETag "
      << (event.receivedEtag.isEmpty() ? QByteArray("(none)") : event.receivedEtag) << '\n';
    o << "   wire     " << formatBytes(event.wireBytes()) << " (headers " << formatBytes(event.responseHeaderBytes)
      << ", body " << formatBytes(event.responseBodyWireBytes) << ")";
    if (event.status == 304)
        o << ", saved " << formatBytes(event.bytesSaved);
    o << '\n';
    o << "   store    " << result.actionText;
    if (event.contentChanged == ContentChange::Yes)
        o << " (content changed)";
    o << "\n\n";
}

void printSummary(const TimelineTotals &totals)
{
    out() << "Summary: " << totals.requests << " requests, " << totals.ok << " full (200), " << totals.notModified
          << " not modified (304), " << totals.errors << " failed; " << formatBytes(totals.bytesTransferred)
          << " transferred, " << formatBytes(totals.bytesSaved) << " saved ("
          << QString::number(100.0 * totals.savedShare(), 'f', 1) << "% of what full responses would have cost)\n";
}

} // namespace

int runDemo(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Show validation at work, offline: starts the embedded demo origin on 127.0.0.1, fetches a "
                       "resource, revalidates it (304, bytes saved), lets it change (200 with a new ETag) and "
                       "revalidates again. Exits 4 if the origin did not answer as expected."));
    const QCommandLineOption json(
        QStringLiteral("json"), QStringLiteral("One JSON object per request, then {\"summary\": ...}."));
    const QCommandLineOption store(QStringLiteral("store"),
        QStringLiteral("Keep the stored responses and state in DIR (default: a temporary store, removed at exit)."),
        QStringLiteral("DIR"));
    parser.addOptions({ json, store });
    parser.addHelpOption();
    if (!parser.parse(QStringList { QStringLiteral("cachescope-cli demo") } + arguments)) {
        err() << "cachescope-cli demo: " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err() << "cachescope-cli demo: takes no arguments (see --help)\n";
        return ExitUsage;
    }

    QTemporaryDir temporaryStore;
    QString storeDir = parser.value(store);
    if (storeDir.isEmpty()) {
        if (!temporaryStore.isValid()) {
            err() << "cachescope-cli demo: cannot create a temporary store: " << temporaryStore.errorString() << '\n';
            return ExitStoreError;
        }
        storeDir = temporaryStore.path();
    }
    ValidatorStore validatorStore;
    if (!openStore(validatorStore, storeDir, QStringLiteral("demo")))
        return ExitStoreError;

    // Frozen one second into a period that has not started yet, so the first version is new to any store.
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QDateTime originTime
        = QDateTime::fromSecsSinceEpoch((now / changePeriodSeconds + 1) * changePeriodSeconds + 1, QTimeZone::utc());
    DemoOrigin origin;
    origin.setClock([&originTime] { return originTime; });
    QString error;
    if (!origin.start(0, &error)) {
        err() << "cachescope-cli demo: cannot start the demo origin: " << error << '\n';
        return ExitRequestFailed;
    }
    const QUrl url = origin.url(QStringLiteral("/validators/changing?every=%1").arg(changePeriodSeconds));
    // The tour starts from nothing stored for its URL, even in a kept store that met this port before. (Each run
    // gets a free port, so a kept store gains one entry per run; `cache clear` empties it.)
    validatorStore.remove(url);

    const bool asJson = parser.isSet(json);
    if (!asJson) {
        out() << "CacheScope demo: the embedded origin at " << origin.baseUrl().toString()
              << " serves a resource whose content (and ETag) changes every " << changePeriodSeconds
              << " s.\nResource: " << url.toString()
              << "\nStore:    " << (parser.isSet(store) ? validatorStore.databasePath() : QStringLiteral("temporary"))
              << "\n\n";
    }

    HttpClient client;
    Revalidator revalidator(&client, &validatorStore);
    TimelineTotals totals;
    QStringList surprises;
    int number = 0;
    for (const Step &step : tourSteps) {
        ++number;
        if (step.changeFirst)
            originTime = originTime.addSecs(changePeriodSeconds);
        const CachedExchange result = revalidateAndWait(revalidator, url);
        const TimelineEvent event = WatchSession::eventFor(result, 0);
        totals.add(event);
        if (asJson) {
            QJsonObject line = timelineEventToJson(event);
            line.insert(QStringLiteral("step"), QString::fromUtf8(step.label));
            printJsonLine(line);
        } else {
            printStep(number, step, event, result);
        }
        if (event.status != step.expectedStatus) {
            surprises << QStringLiteral("step %1 expected %2, got %3")
                             .arg(number)
                             .arg(step.expectedStatus)
                             .arg(event.isError() ? event.error : QString::number(event.status));
        }
    }
    if (asJson)
        printJsonLine(QJsonObject { { QStringLiteral("summary"), timelineTotalsToJson(totals) } });
    else
        printSummary(totals);

    if (!surprises.isEmpty()) {
        err() << "cachescope-cli demo: the origin did not behave as the tour expects: "
              << surprises.join(QStringLiteral("; ")) << '\n';
        return ExitCheckFailed;
    }
    return ExitOk;
}

} // namespace CacheScope::Cli
