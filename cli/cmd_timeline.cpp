#include "cache/validatorstore.h"
#include "cachedoutput.h"
#include "cli.h"
#include "client/timelinestore.h"
#include "commands.h"
#include "output.h"
#include "timelineoutput.h"

#include <QCommandLineParser>
#include <QJsonArray>

namespace CacheScope::Cli {

namespace {

enum class TimelineFormat
{
    Text,
    Json,
    Csv
};

void printEvents(const QList<TimelineEvent> &events, TimelineFormat format)
{
    switch (format) {
    case TimelineFormat::Csv:
        out() << QString::fromUtf8(timelineToCsv(events));
        out().flush();
        return;
    case TimelineFormat::Json: {
        QJsonArray array;
        for (const TimelineEvent &event : events)
            array.append(timelineEventToJson(event));
        printJson(QJsonObject { { QStringLiteral("events"), array },
            { QStringLiteral("summary"), timelineSummaryToJson(TimelineSummary::fromEvents(events)) } });
        return;
    }
    case TimelineFormat::Text:
        for (const TimelineEvent &event : events)
            out() << timelineEventLine(event) << '\n';
        if (events.isEmpty())
            out() << "No events stored.\n";
        else
            printTimelineSummary(TimelineSummary::fromEvents(events));
        out().flush();
        return;
    }
}

} // namespace

int runTimeline(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Print the stored timeline of a URL (every exchange `watch` recorded, oldest first) with its "
                       "totals, or of every URL with --all; --clear removes it."));
    parser.addPositionalArgument(
        QStringLiteral("url"), QStringLiteral("The URL whose history to print."), QStringLiteral("[URL]"));
    const QCommandLineOption json(QStringLiteral("json"),
        QStringLiteral("Print {\"events\": [...], \"summary\": {...}} (event fields as in watch --json)."));
    const QCommandLineOption csv(QStringLiteral("csv"), QStringLiteral("Print RFC 4180 CSV with a header row."));
    const QCommandLineOption all(QStringLiteral("all"), QStringLiteral("Every URL's events instead of one URL's."));
    const QCommandLineOption clear(QStringLiteral("clear"),
        QStringLiteral("Remove the URL's events (every event with --all) instead of printing them."));
    const QCommandLineOption last(
        QStringLiteral("last"), QStringLiteral("Only the newest N events."), QStringLiteral("N"));
    const QCommandLineOption store(QStringLiteral("store"), QStringLiteral("State directory."), QStringLiteral("DIR"));
    parser.addOptions({ json, csv, all, clear, last, store });
    parser.addHelpOption();
    auto usage = [](const QString &message) {
        err() << "cachescope-cli timeline: " << message << '\n';
        err().flush();
        return int(ExitUsage);
    };
    if (!parser.parse(QStringList { QStringLiteral("cachescope-cli timeline") } + arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        out().flush();
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(all) ? !positional.isEmpty() : positional.size() != 1)
        return usage(QStringLiteral("give exactly one URL, or --all without a URL (see --help)"));
    if (parser.isSet(json) && parser.isSet(csv))
        return usage(QStringLiteral("--json and --csv exclude each other"));
    if (parser.isSet(clear) && (parser.isSet(json) || parser.isSet(csv) || parser.isSet(last)))
        return usage(QStringLiteral("--clear prints nothing but a count: it takes no --json, --csv or --last"));
    int limit = 0;
    if (parser.isSet(last)) {
        bool ok = false;
        limit = parser.value(last).toInt(&ok);
        if (!ok || limit < 1)
            return usage(QStringLiteral("--last needs a whole number of 1 or more, got '%1'").arg(parser.value(last)));
    }
    QUrl url;
    if (!positional.isEmpty()) {
        url = QUrl(positional.first(), QUrl::StrictMode);
        if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty())
            return usage(QStringLiteral("'%1' is not a URL with a scheme and a host").arg(positional.first()));
    }

    ValidatorStore validatorStore;
    if (!openStore(validatorStore, parser.value(store), QStringLiteral("timeline")))
        return ExitStoreError;
    TimelineStore timeline(&validatorStore);

    if (parser.isSet(clear)) {
        const qint64 removed = url.isEmpty() ? timeline.clearAll() : timeline.clear(url);
        if (removed < 0) {
            err() << "cachescope-cli timeline: " << timeline.errorString() << '\n';
            return ExitStoreError;
        }
        out() << "Removed " << removed << (removed == 1 ? " event" : " events") << ".\n";
        out().flush();
        return ExitOk;
    }

    QStringList problems;
    const QList<TimelineEvent> events
        = url.isEmpty() ? timeline.allEvents(limit, &problems) : timeline.events(url, limit, &problems);
    if (!timeline.errorString().isEmpty()) {
        err() << "cachescope-cli timeline: " << timeline.errorString() << '\n';
        return ExitStoreError;
    }
    for (const QString &problem : std::as_const(problems))
        err() << "cachescope-cli timeline: warning: skipped an unreadable row: " << problem << '\n';
    err().flush();
    const TimelineFormat format
        = parser.isSet(json) ? TimelineFormat::Json : (parser.isSet(csv) ? TimelineFormat::Csv : TimelineFormat::Text);
    printEvents(events, format);
    return ExitOk;
}

} // namespace CacheScope::Cli
