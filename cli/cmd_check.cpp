#include "cachedoutput.h"
#include "cli.h"
#include "client/httpclient.h"
#include "commands.h"
#include "diagnostics/validationprobe.h"
#include "exchangejson.h"
#include "output.h"
#include "requestoptions.h"

#include <algorithm>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>

namespace CacheScope::Cli {

namespace {

QJsonValue latin1OrNull(const QByteArray &value)
{
    return value.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(QString::fromLatin1(value));
}

QJsonObject stepToJson(const ProbeStep &step)
{
    const Exchange &e = step.exchange;
    return QJsonObject {
        { QStringLiteral("name"), step.name },
        { QStringLiteral("purpose"), step.purpose },
        { QStringLiteral("request_headers"), headersToJson(e.requestHeadersSent) },
        { QStringLiteral("status"), e.hasResponse() ? QJsonValue(e.status) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("etag"), latin1OrNull(e.responseHeaders.first("ETag")) },
        { QStringLiteral("last_modified"), latin1OrNull(e.responseHeaders.first("Last-Modified")) },
        { QStringLiteral("content_encoding"), latin1OrNull(e.responseHeaders.first("Content-Encoding")) },
        { QStringLiteral("response_headers"), headersToJson(e.responseHeaders) },
        { QStringLiteral("error"),
            e.error == ExchangeError::None ? QJsonValue(QJsonValue::Null) : QJsonValue(e.errorString) },
    };
}

qsizetype countNotes(const QList<TimelineNote> &notes, NoteSeverity severity)
{
    return std::count_if(
        notes.begin(), notes.end(), [severity](const TimelineNote &note) { return note.severity == severity; });
}

// What each step sent that the others did not, for the one-line summary.
QString stepDetail(const ProbeStep &step)
{
    const HttpHeaders &sent = step.exchange.requestHeadersSent;
    for (const char *name : { "If-None-Match", "If-Modified-Since" }) {
        if (sent.contains(name))
            return QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromLatin1(sent.first(name));
    }
    if (step.name.startsWith(QLatin1String("accept-encoding"))) {
        const QByteArray coding = step.exchange.responseHeaders.first("Content-Encoding");
        return QStringLiteral("Accept-Encoding: ") + QString::fromLatin1(sent.first("Accept-Encoding"))
            + QStringLiteral(" → ETag ") + QString::fromLatin1(step.exchange.responseHeaders.first("ETag"))
            + (coding.isEmpty() ? QString() : QStringLiteral(", ") + QString::fromLatin1(coding));
    }
    QStringList validators;
    for (const char *name : { "ETag", "Last-Modified" }) {
        if (step.exchange.responseHeaders.contains(name))
            validators.append(QString::fromLatin1(name) + QStringLiteral(": ")
                + QString::fromLatin1(step.exchange.responseHeaders.first(name)));
    }
    return validators.isEmpty() ? QStringLiteral("no validators") : validators.join(QStringLiteral(", "));
}

void printResult(const ValidationProbeResult &result)
{
    QTextStream &o = out();
    o << "Validation check of " << result.url.toString() << '\n';
    for (const ProbeStep &step : result.steps) {
        const QString status
            = step.exchange.hasResponse() ? QString::number(step.exchange.status) : QStringLiteral("---");
        o << "  " << step.name.leftJustified(26) << status.leftJustified(5)
          << (step.exchange.hasResponse() ? stepDetail(step) : step.exchange.errorString) << '\n';
    }
    printNotes(result.notes);
    o << "── " << countNotes(result.notes, NoteSeverity::Error) << " error(s), "
      << countNotes(result.notes, NoteSeverity::Warning) << " warning(s)\n";
    o.flush();
}

} // namespace

int runCheck(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Probe how a server answers conditional requests: If-None-Match with its own tag, the tag's "
                       "other form and a foreign tag; If-Modified-Since equal to, after and before Last-Modified; "
                       "gzip against identity. Exit 0 when no note is an error, 4 otherwise."));
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("The URL to check."));
    RequestOptions requestOptions(parser, false);
    const QCommandLineOption json(
        QStringLiteral("json"), QStringLiteral("Print one JSON object (fields in the README)."));
    parser.addOption(json);
    parser.addHelpOption();
    if (!parser.parse(QStringList { QStringLiteral("cachescope-cli check") } + arguments)) {
        err() << "cachescope-cli check: " << parser.errorText() << '\n';
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
        err() << "cachescope-cli check: " << error << '\n';
        return ExitUsage;
    }
    for (const QString &warning : std::as_const(warnings))
        err() << "cachescope-cli check: --curl: " << warning << '\n';
    if (request.method != "GET") {
        err() << "cachescope-cli check: only GET can be checked (conditional requests are for GET and HEAD)\n";
        return ExitUsage;
    }

    HttpClient client;
    ValidationProbe probe(&client);
    QEventLoop loop;
    QObject::connect(&probe, &ValidationProbe::finished, &loop, &QEventLoop::quit);
    probe.start(request);
    if (probe.isRunning())
        loop.exec();
    const ValidationProbeResult &result = probe.result();

    if (parser.isSet(json)) {
        QJsonArray steps;
        for (const ProbeStep &step : result.steps)
            steps.append(stepToJson(step));
        printJson(QJsonObject {
            { QStringLiteral("url"), result.url.toString(QUrl::FullyEncoded) },
            { QStringLiteral("steps"), steps },
            { QStringLiteral("notes"), notesToJson(result.notes) },
            { QStringLiteral("errors"), countNotes(result.notes, NoteSeverity::Error) },
            { QStringLiteral("warnings"), countNotes(result.notes, NoteSeverity::Warning) },
            { QStringLiteral("passed"), !result.hasErrors() },
        });
    } else {
        printResult(result);
    }
    if (result.steps.isEmpty() || !result.steps.first().exchange.hasResponse()) {
        err() << "cachescope-cli check: "
              << (result.steps.isEmpty() ? QStringLiteral("nothing was sent")
                                         : result.steps.first().exchange.errorString)
              << '\n';
        return ExitRequestFailed;
    }
    return result.hasErrors() ? ExitCheckFailed : ExitOk;
}

} // namespace CacheScope::Cli
