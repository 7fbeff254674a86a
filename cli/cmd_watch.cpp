#include "cache/validatorstore.h"
#include "cachedoutput.h"
#include "cli.h"
#include "client/httpclient.h"
#include "client/revalidator.h"
#include "client/storewriter.h"
#include "client/timelinestore.h"
#include "client/watchsession.h"
#include "commands.h"
#include "eventprinter.h"
#include "interop/curlcommand.h"
#include "output.h"
#include "requestoptions.h"
#include "timelineoutput.h"

#include <cmath>
#include <csignal>
#include <optional>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QSet>
#include <QTimer>

namespace CacheScope::Cli {

namespace {

// Set from the signal handler, polled from the event loop: the only thing a handler may safely do.
volatile std::sig_atomic_t watchStopRequested = 0;

void requestWatchStop(int)
{
    watchStopRequested = 1;
}

struct WatchOptions
{
    QList<QUrl> urls;
    WatchMode mode = WatchMode::Interval;
    qint64 intervalMs = 60000;
    int count = 0;
    bool json = false;
    QString store;
    qint64 maxBodyBytes = 0; // 0: the client's
    QList<AcceptedCertificate> acceptedCertificates;
};

// The URL of a pasted curl command, for watching. What the command asks beyond a GET of that URL cannot be
// watched faithfully: another method or a body is refused; headers, -L and options curl understood but
// CacheScope does not honour are named in `warnings` (the watch sends its own conditional GET).
std::optional<QUrl> urlFromCurl(const QString &command, QString *error, QStringList *warnings)
{
    const CurlParseResult parsed = parseCurlCommand(command);
    if (!parsed.ok()) {
        *error = QStringLiteral("--curl: %1").arg(parsed.error);
        return std::nullopt;
    }
    const Request &request = parsed.request;
    if (request.method != "GET" || !request.body.isEmpty()) {
        *error = QStringLiteral("--curl: the command sends %1%2, but watch only sends GET")
                     .arg(QString::fromLatin1(request.method),
                         request.body.isEmpty() ? QString() : QStringLiteral(" with a body"));
        return std::nullopt;
    }
    for (const QString &warning : parsed.warnings)
        warnings->append(QStringLiteral("--curl: %1").arg(warning));
    QStringList names;
    for (const HeaderField &field : request.headers) {
        const QString name = QString::fromLatin1(field.name);
        if (!names.contains(name, Qt::CaseInsensitive))
            names.append(name);
    }
    if (!names.isEmpty())
        warnings->append(QStringLiteral("--curl: watch sends a plain conditional GET of the URL; the command's "
                                        "headers are not sent: %1")
                             .arg(names.join(QStringLiteral(", "))));
    if (request.redirects == RedirectPolicy::Follow)
        warnings->append(QStringLiteral("--curl: -L is not honoured: watch records each redirect as it comes"));
    return request.url;
}

std::optional<qint64> parseSeconds(const QString &text)
{
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds < 0 || seconds > 366.0 * 24 * 3600)
        return std::nullopt;
    return qint64(std::llround(seconds * 1000));
}

// Returns an exit code when the command must stop here (help, usage error).
std::optional<int> parseOptions(const QStringList &arguments, WatchOptions &options)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Revalidate URLs again and again through the validator store, print one line per exchange and "
                       "a summary at the end (or on Ctrl+C / SIGTERM, exit status 130). Every exchange is kept in the "
                       "store's timeline (see `cachescope-cli timeline`)."));
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("The URLs to watch."), QStringLiteral("URL..."));
    const QCommandLineOption interval(QStringLiteral("interval"),
        QStringLiteral("Seconds between revalidations of each URL (default 60; 0: back to back, one at a time)."),
        QStringLiteral("S"));
    const QCommandLineOption whenStale(QStringLiteral("when-stale"),
        QStringLiteral("Revalidate when the stored response goes stale (every 60 s when its freshness is unknown)."));
    const QCommandLineOption count(QStringLiteral("count"),
        QStringLiteral("Stop after N exchanges per URL (default: until stopped)."), QStringLiteral("N"));
    const QCommandLineOption json(QStringLiteral("json"),
        QStringLiteral("One JSON object per exchange and per line, then a {\"summary\": ...} object."));
    const QCommandLineOption store(QStringLiteral("store"), QStringLiteral("State directory."), QStringLiteral("DIR"));
    const QCommandLineOption curl(QStringLiteral("curl"),
        QStringLiteral("Watch the URL of a curl command (as copied from a browser; repeatable). Unknown curl options, "
                       "another method than GET and a body are errors; its headers are not sent (a warning says so)."),
        QStringLiteral("COMMAND"));
    parser.addOptions({ interval, whenStale, count, json, store, curl });
    const LimitOptions limits(parser, QStringLiteral("Applies to every watched URL of that host."),
        QStringLiteral("Applies to every watched URL; the stored entry stays as it was, and the exchange's line and "
                       "timeline event say the body was truncated (content changes are still seen, by the whole "
                       "body's SHA-256)."));
    parser.addOptions(limits.options());
    parser.addHelpOption();
    auto usage = [](const QString &message) {
        err() << "cachescope-cli watch: " << message << '\n';
        err().flush();
        return std::optional<int>(ExitUsage);
    };
    if (!parser.parse(QStringList { QStringLiteral("cachescope-cli watch") } + arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        out().flush();
        return ExitOk;
    }
    if (parser.positionalArguments().isEmpty() && !parser.isSet(curl))
        return usage(QStringLiteral("give at least one URL or --curl COMMAND (see --help)"));
    if (parser.isSet(interval) && parser.isSet(whenStale))
        return usage(QStringLiteral("--interval and --when-stale exclude each other"));
    for (const QString &text : parser.positionalArguments()) {
        const QUrl url(text, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
            || url.host().isEmpty())
            return usage(QStringLiteral("'%1' is not an http or https URL with a host").arg(text));
        if (options.urls.contains(url))
            return usage(QStringLiteral("%1 is given twice").arg(text));
        options.urls.append(url);
    }
    for (const QString &command : parser.values(curl)) {
        QString error;
        QStringList warnings;
        const std::optional<QUrl> url = urlFromCurl(command, &error, &warnings);
        if (!url)
            return usage(error);
        for (const QString &warning : std::as_const(warnings))
            err() << "cachescope-cli watch: warning: " << warning << '\n';
        err().flush();
        const QString scheme = url->scheme().toLower();
        if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
            return usage(QStringLiteral("--curl: '%1' is not an http or https URL").arg(url->toString()));
        if (options.urls.contains(*url))
            return usage(QStringLiteral("%1 is given twice").arg(url->toString()));
        options.urls.append(*url);
    }
    if (parser.isSet(interval)) {
        const auto ms = parseSeconds(parser.value(interval));
        if (!ms)
            return usage(QStringLiteral("--interval needs a number of seconds (0 or more), got '%1'")
                             .arg(parser.value(interval)));
        options.intervalMs = *ms;
    }
    if (parser.isSet(whenStale))
        options.mode = WatchMode::WhenStale;
    if (parser.isSet(count)) {
        bool ok = false;
        options.count = parser.value(count).toInt(&ok);
        if (!ok || options.count < 1)
            return usage(
                QStringLiteral("--count needs a whole number of 1 or more, got '%1'").arg(parser.value(count)));
    }
    options.json = parser.isSet(json);
    options.store = parser.value(store);
    if (QString error; !limits.read(&options.maxBodyBytes, &options.acceptedCertificates, &error))
        return usage(error);
    return std::nullopt;
}

// Runs the session until every URL reached its count or a signal arrives; true when interrupted.
bool runUntilDoneOrSignalled(WatchSession &session)
{
    watchStopRequested = 0;
    const auto previousInt = std::signal(SIGINT, &requestWatchStop);
    const auto previousTerm = std::signal(SIGTERM, &requestWatchStop);
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(100);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&loop] {
        if (watchStopRequested)
            loop.quit();
    });
    QObject::connect(&session, &WatchSession::allItemsDone, &loop, &QEventLoop::quit);
    poll.start();
    session.start();
    if (!session.allDone())
        loop.exec();
    session.stop();
    std::signal(SIGINT, previousInt);
    std::signal(SIGTERM, previousTerm);
    return watchStopRequested != 0;
}

} // namespace

int runWatch(const QStringList &arguments)
{
    WatchOptions options;
    if (const auto exit = parseOptions(arguments, options))
        return *exit;
    ValidatorStore validatorStore;
    if (!openStore(validatorStore, options.store, QStringLiteral("watch")))
        return ExitStoreError;
    TimelineStore timeline(&validatorStore);
    // Lines are made and written on a thread of their own, after the session's last event (declared first).
    EventPrinter printer(options.json);
    HttpClient client;
    // The 304 merges and timeline batches are written on another thread while the next request is on the wire.
    StoreWriter writer(validatorStore.databasePath());
    writer.setHandOverDelayMs(20);
    Revalidator revalidator(&client, &validatorStore);
    revalidator.setWriter(&writer);
    WatchSession session(&revalidator, &timeline);
    session.setWriter(&writer);
    session.setRequestLimits(options.maxBodyBytes, options.acceptedCertificates);

    bool storeFailed = false;
    // A store that cannot be written (a full disk) fails every write alike: each message is said once.
    QSet<QString> storeErrorsSaid;
    int storeErrorsRepeated = 0;
    QObject::connect(&session, &WatchSession::eventRecorded, &session,
        [&printer](const TimelineEvent &event) { printer.print(event); });
    QObject::connect(&session, &WatchSession::storeError, &session,
        [&storeFailed, &storeErrorsSaid, &storeErrorsRepeated](const QString &message) {
            storeFailed = true;
            if (storeErrorsSaid.contains(message)) {
                ++storeErrorsRepeated;
                return;
            }
            storeErrorsSaid.insert(message);
            err() << "cachescope-cli watch: " << message << '\n';
            err().flush();
        });
    for (const QUrl &url : std::as_const(options.urls)) {
        QString error;
        if (session.watch(url, options.mode, options.intervalMs, options.count, &error) == 0) {
            err() << "cachescope-cli watch: " << url.toString() << ": " << error << '\n';
            err().flush();
            return error.startsWith(QLatin1String("cannot")) ? ExitStoreError : ExitUsage;
        }
    }

    const bool interrupted = runUntilDoneOrSignalled(session);
    printer.finish(); // every line before the summary
    if (storeErrorsRepeated > 0) {
        err() << "cachescope-cli watch: " << storeErrorsRepeated << " more store error(s) like the above\n";
        err().flush();
    }
    const TimelineSummary &summary = session.summary();
    if (options.json) {
        QJsonObject object = timelineSummaryToJson(summary);
        object.insert(QStringLiteral("interrupted"), interrupted);
        printJsonLine(QJsonObject { { QStringLiteral("summary"), object } });
    } else {
        printTimelineSummary(summary);
    }
    if (interrupted)
        return ExitInterrupted;
    if (storeFailed)
        return ExitStoreError;
    const TimelineTotals &overall = summary.overall();
    if (overall.requests > 0 && overall.errors == overall.requests)
        return ExitRequestFailed;
    return ExitOk;
}

} // namespace CacheScope::Cli
