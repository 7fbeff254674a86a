#include "actions.h"
#include "cache/validatorstore.h"
#include "cachedoutput.h"
#include "cli.h"
#include "client/httpclient.h"
#include "client/timelinestore.h"
#include "commands.h"
#include "interop/harcaching.h"
#include "interop/harexport.h"
#include "output.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace CacheScope::Cli {

namespace {

int usage(const QString &action, const QString &message)
{
    return actionUsage(QStringLiteral("har"), action, message);
}

bool parseOrHelp(QCommandLineParser &parser, const QString &action, const QStringList &arguments, int *exit)
{
    return parseActionOrHelp(parser, QStringLiteral("har"), action, arguments, exit);
}

bool writeOutput(const QString &path, const QByteArray &bytes, QString *error)
{
    if (path.isEmpty() || path == QLatin1String("-")) {
        writeLine(bytes.endsWith('\n') ? bytes.chopped(1) : bytes);
        return true;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

int runExport(const QStringList &arguments)
{
    const QString name = QStringLiteral("export");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Write the stored timeline of a URL (or of every URL with --all) as a HAR 1.2 file: each "
                       "request as it was sent, conditional headers included, the response headers as received, "
                       "timings, wire and content sizes, and CacheScope's notes and bytes saved in _cachescope. "
                       "Authorization, Proxy-Authorization, Cookie and Set-Cookie values are redacted unless "
                       "--include-secrets is given. Bodies are not part of the timeline."));
    const QCommandLineOption url(
        QStringLiteral("url"), QStringLiteral("The URL whose history to export."), QStringLiteral("URL"));
    const QCommandLineOption all(QStringLiteral("all"), QStringLiteral("Export the whole stored history."));
    const QCommandLineOption output({ QStringLiteral("o"), QStringLiteral("output") },
        QStringLiteral("Write to FILE instead of standard output."), QStringLiteral("FILE"));
    const QCommandLineOption last(
        QStringLiteral("last"), QStringLiteral("Only the newest N exchanges."), QStringLiteral("N"));
    const QCommandLineOption secrets(
        QStringLiteral("include-secrets"), QStringLiteral("Keep credential and cookie values as sent."));
    const QCommandLineOption store(QStringLiteral("store"), QStringLiteral("State directory."), QStringLiteral("DIR"));
    parser.addOptions({ url, all, output, last, secrets, store });
    int exit = ExitOk;
    if (!parseOrHelp(parser, name, arguments, &exit))
        return exit;
    if (!parser.positionalArguments().isEmpty())
        return usage(name,
            QStringLiteral("unexpected argument '%1' (the URL goes after --url)")
                .arg(parser.positionalArguments().first()));
    if (parser.isSet(url) == parser.isSet(all))
        return usage(name, QStringLiteral("give --url URL or --all (see --help)"));
    int limit = 0;
    if (parser.isSet(last)) {
        bool ok = false;
        limit = parser.value(last).toInt(&ok);
        if (!ok || limit < 1)
            return usage(
                name, QStringLiteral("--last needs a whole number of 1 or more, got '%1'").arg(parser.value(last)));
    }
    const QUrl target(parser.value(url), QUrl::StrictMode);
    if (parser.isSet(url) && (!target.isValid() || target.scheme().isEmpty() || target.host().isEmpty()))
        return usage(name, QStringLiteral("'%1' is not a URL with a scheme and a host").arg(parser.value(url)));

    ValidatorStore validatorStore;
    if (!openStore(validatorStore, parser.value(store), QStringLiteral("har export")))
        return ExitStoreError;
    TimelineStore timeline(&validatorStore);
    QStringList problems;
    const QList<TimelineEvent> events
        = parser.isSet(all) ? timeline.allEvents(limit, &problems) : timeline.events(target, limit, &problems);
    if (!timeline.errorString().isEmpty()) {
        err() << "cachescope-cli har export: " << timeline.errorString() << '\n';
        return ExitStoreError;
    }
    for (const QString &problem : std::as_const(problems))
        err() << "cachescope-cli har export: warning: skipped an unreadable row: " << problem << '\n';
    if (events.isEmpty())
        err() << "cachescope-cli har export: warning: no stored exchanges"
              << (parser.isSet(all) ? QString() : QStringLiteral(" for %1").arg(parser.value(url)))
              << " (the timeline records what `watch` sends): the HAR has no entries\n";
    err().flush();
    HarExportOptions options;
    options.includeSecrets = parser.isSet(secrets);
    const QByteArray bytes = QJsonDocument(timelineToHar(events, options)).toJson(QJsonDocument::Indented);
    QString error;
    if (!writeOutput(parser.value(output), bytes, &error)) {
        err() << "cachescope-cli har export: " << error << '\n';
        return ExitUsage;
    }
    return ExitOk;
}

QString entryLine(const HarEntry &entry, const HarCachingVerdict &verdict)
{
    QStringList validators;
    if (!verdict.etag.isEmpty())
        validators.append(QStringLiteral("ETag"));
    if (!verdict.lastModified.isEmpty())
        validators.append(QStringLiteral("Last-Modified"));
    const QString status = entry.status > 0 ? QString::number(entry.status) : QStringLiteral("---");
    const QString size = entry.transferSize >= 0 ? formatHarBytes(entry.transferSize) : QStringLiteral("? B");
    QString line
        = QStringLiteral("#%1  %2 %3  %4\n      %5 · %6 · %7 · %8")
              .arg(entry.index)
              .arg(QString::fromLatin1(entry.method), status, entry.url.toString(QUrl::FullyEncoded),
                  cacheabilityName(verdict.cacheability),
                  validators.isEmpty() ? QStringLiteral("no validator") : validators.join(u'+'),
                  verdict.freshnessText.isEmpty() ? QStringLiteral("no response") : verdict.freshnessText, size);
    for (const QString &note : verdict.notes)
        line += QStringLiteral("\n      - ") + note;
    return line;
}

// The revalidatable GET URLs, once each, in file order.
QList<int> revalidatableIndexes(const QList<HarEntry> &entries, const QList<HarCachingVerdict> &verdicts)
{
    QList<int> result;
    QSet<QUrl> seen;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        if (verdicts.at(i).revalidatable() && !seen.contains(entries.at(i).url)) {
            seen.insert(entries.at(i).url);
            result.append(int(i));
        }
    }
    return result;
}

// Sends each one through the validator store: the stored validators when the store has the URL, else the
// HAR's own. Returns the exit code.
int revalidateAll(const QList<HarEntry> &entries, const QList<HarCachingVerdict> &verdicts, const QList<int> &which,
    const QString &storeOption, bool json)
{
    ValidatorStore validatorStore;
    if (!openStore(validatorStore, storeOption, QStringLiteral("har import")))
        return ExitStoreError;
    HttpClient client;
    Revalidator revalidator(&client, &validatorStore);
    QJsonArray results;
    int failures = 0;
    for (int i : which) {
        const HarEntry &entry = entries.at(i);
        Request request = entry.toRequest();
        const bool stored = !validatorStore.variants("GET", entry.url, StoredBody::Omit).isEmpty();
        if (!stored) {
            if (!verdicts.at(i).etag.isEmpty())
                request.headers.append("If-None-Match", verdicts.at(i).etag);
            if (!verdicts.at(i).lastModified.isEmpty())
                request.headers.append("If-Modified-Since", verdicts.at(i).lastModified);
        }
        CachedExchange result;
        QEventLoop loop;
        QObject::connect(revalidator.send(request), &RevalidationJob::finished, &loop, [&](const CachedExchange &r) {
            result = r;
            loop.quit();
        });
        loop.exec();
        const Exchange &exchange = result.exchange;
        failures += exchange.ok() ? 0 : 1;
        const QString from = stored ? QStringLiteral("store") : QStringLiteral("har");
        if (json) {
            results.append(QJsonObject { { QStringLiteral("index"), entry.index },
                { QStringLiteral("url"), entry.url.toString(QUrl::FullyEncoded) },
                { QStringLiteral("validators_from"), from },
                { QStringLiteral("status"), exchange.hasResponse() ? QJsonValue(exchange.status) : QJsonValue() },
                { QStringLiteral("error"), exchange.ok() ? QJsonValue() : QJsonValue(exchange.errorString) },
                { QStringLiteral("bytes_saved"), exchange.bytes.saved },
                { QStringLiteral("cache_action"), result.actionText } });
        } else if (exchange.hasResponse()) {
            out() << exchange.status << "  " << entry.url.toString(QUrl::FullyEncoded) << "  (validators from the "
                  << (stored ? "store" : "HAR") << "; " << result.actionText << ")\n";
        } else {
            out() << "error  " << entry.url.toString(QUrl::FullyEncoded) << "  " << exchange.errorString << '\n';
        }
        out().flush();
    }
    if (json)
        printJson(QJsonObject { { QStringLiteral("revalidated"), results } });
    return failures > 0 ? ExitRequestFailed : ExitOk;
}

int runImport(const QStringList &arguments)
{
    const QString name = QStringLiteral("import");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Read a HAR file (as Chrome, Firefox, Safari or CacheScope write it) and diagnose each "
                       "response: validators, freshness (explicit or heuristic), 304s and cache hits already in the "
                       "file; then a page summary with the potential saving on a revisit. --urls prints the "
                       "revalidatable GET URLs (for `cachescope-cli watch $(...)`), --revalidate sends each one now."));
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The HAR file ('-' for standard input)."));
    const QCommandLineOption json(QStringLiteral("json"),
        QStringLiteral("Print {\"entries\": [...], \"summary\": {...}} (with --revalidate: the results)."));
    const QCommandLineOption urls(
        QStringLiteral("urls"), QStringLiteral("Print only the revalidatable GET URLs, one per line."));
    const QCommandLineOption revalidate(QStringLiteral("revalidate"),
        QStringLiteral("Revalidate each revalidatable URL now through the validator store; 200/304 per URL."));
    const QCommandLineOption store(QStringLiteral("store"), QStringLiteral("State directory."), QStringLiteral("DIR"));
    parser.addOptions({ json, urls, revalidate, store });
    int exit = ExitOk;
    if (!parseOrHelp(parser, name, arguments, &exit))
        return exit;
    if (parser.positionalArguments().size() != 1)
        return usage(name, QStringLiteral("give exactly one HAR file (see --help)"));
    if (parser.isSet(urls) && (parser.isSet(revalidate) || parser.isSet(json)))
        return usage(name, QStringLiteral("--urls prints plain URLs: it takes no --json or --revalidate"));
    const QString path = parser.positionalArguments().first();
    QFile file;
    const bool opened = path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly)
                                                   : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened)
        return usage(name, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const HarParseResult parsed = parseHar(file.readAll());
    if (!parsed.ok())
        return usage(name, QStringLiteral("%1 is not a usable HAR file: %2").arg(path, parsed.error));
    for (const QString &warning : parsed.warnings)
        err() << "cachescope-cli har import: warning: " << warning << '\n';
    err().flush();

    QList<HarCachingVerdict> verdicts;
    for (const HarEntry &entry : parsed.entries)
        verdicts.append(diagnoseHarEntry(entry));
    const QList<int> which = revalidatableIndexes(parsed.entries, verdicts);
    if (parser.isSet(urls)) {
        for (int i : which)
            writeLine(parsed.entries.at(i).url.toString(QUrl::FullyEncoded).toUtf8());
        return ExitOk;
    }
    if (parser.isSet(revalidate))
        return revalidateAll(parsed.entries, verdicts, which, parser.value(store), parser.isSet(json));
    const HarCachingSummary summary = summarizeCaching(parsed.entries, verdicts);
    if (parser.isSet(json)) {
        QJsonArray entries;
        for (qsizetype i = 0; i < parsed.entries.size(); ++i)
            entries.append(harVerdictToJson(parsed.entries.at(i), verdicts.at(i)));
        printJson(QJsonObject { { QStringLiteral("creator"), parsed.creatorName },
            { QStringLiteral("entries"), entries }, { QStringLiteral("summary"), harCachingSummaryToJson(summary) } });
        return ExitOk;
    }
    for (qsizetype i = 0; i < parsed.entries.size(); ++i)
        out() << entryLine(parsed.entries.at(i), verdicts.at(i)) << '\n';
    out() << "── " << summary.sentence() << ".\n";
    out().flush();
    return ExitOk;
}

} // namespace

int runHar(const QStringList &arguments)
{
    return runActions(QStringLiteral("har"),
        { { QStringLiteral("export"), runExport }, { QStringLiteral("import"), runImport } },
        QStringLiteral("cachescope-cli har export (--url URL | --all) [-o FILE] [--last N] [--include-secrets]\n"
                       "       cachescope-cli har import FILE [--json | --urls | --revalidate]\n"
                       "Run either with --help for its options.\n"),
        arguments);
}

} // namespace CacheScope::Cli
