#include "cli.h"
#include "commands.h"
#include "exchangejson.h"
#include "output.h"

#include "client/httpclient.h"

#include <QCommandLineParser>
#include <QFile>
#include <QStringDecoder>

namespace CacheScope::Cli {

namespace {

struct GetOptions
{
    Request request;
    bool json = false;
    bool printBody = true;
    QString outputFile;
};

// Parses "Name: value" as typed on a command line; refuses what would corrupt the request.
bool parseHeaderArgument(const QString &argument, Request &request, QString *error)
{
    const qsizetype colon = argument.indexOf(QLatin1Char(':'));
    if (colon <= 0) {
        *error = QStringLiteral("header '%1' is not of the form 'Name: value'").arg(argument);
        return false;
    }
    const QByteArray name = argument.left(colon).trimmed().toUtf8();
    const QByteArray value = argument.mid(colon + 1).trimmed().toUtf8();
    if (!HttpHeaders::isValidName(name)) {
        *error = QStringLiteral("invalid header name '%1'").arg(QString::fromUtf8(name));
        return false;
    }
    if (!HttpHeaders::isValidValue(value)) {
        *error = QStringLiteral("the value of header '%1' contains CR, LF or NUL: refused (header injection)")
                     .arg(QString::fromUtf8(name));
        return false;
    }
    request.headers.append(name, value);
    return true;
}

void printHuman(const Exchange &exchange, bool printBody)
{
    QTextStream &o = out();
    o << exchange.request.method << ' ' << exchange.request.url.toString() << '\n';
    for (const RedirectHop &hop : exchange.redirects)
        o << "  " << hop.status << " → " << hop.location.toString() << '\n';
    if (!exchange.peerAddress.isNull()) {
        o << "  connected to " << exchange.peerAddress.toString() << " port " << exchange.peerPort
          << (exchange.connectionReused ? " (reused connection)" : "") << '\n';
    }
    o << '\n';
    for (const InterimResponse &interim : exchange.interim)
        o << "(interim) " << interim.status << ' ' << interim.reason << '\n';
    if (exchange.hasResponse()) {
        o << exchange.httpVersion << ' ' << exchange.status << ' ' << exchange.reason << '\n';
        for (const HeaderField &field : exchange.responseHeaders)
            o << field.name << ": " << field.value << '\n';
        o << '\n';
    }
    if (printBody && !exchange.body.isEmpty()) {
        QStringDecoder decoder(QStringDecoder::Utf8);
        const QString text = decoder.decode(exchange.body);
        if (decoder.hasError() || exchange.body.contains('\0'))
            o << "[binary body, " << exchange.body.size() << " bytes: not printed; use -o FILE to save it]\n";
        else
            o << text << (text.endsWith(QLatin1Char('\n')) ? "" : "\n");
        o << '\n';
    }
    for (const QString &note : exchange.protocolNotes)
        o << "note: " << note << '\n';
    const ByteCounts &b = exchange.bytes;
    if (exchange.hasResponse()) {
        o << "── " << exchange.status << ' ' << exchange.reason << " · total " << exchange.timing.totalMs << " ms";
        if (exchange.timing.ttfbMs >= 0)
            o << " · TTFB " << exchange.timing.ttfbMs << " ms";
        o << '\n'
          << "── sent " << formatBytes(b.request) << " · received " << formatBytes(b.responseTotal()) << " (headers "
          << formatBytes(b.responseHeaders) << " + body " << formatBytes(b.responseBodyWire) << " on the wire)"
          << " · body decoded " << formatBytes(b.responseBodyDecoded);
        if (!exchange.contentEncoding.isEmpty())
            o << " (" << exchange.contentEncoding << ')';
        o << '\n';
    }
    o.flush();
}

} // namespace

int runGet(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Send one request and print what came back."));
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("The URL (http:// is assumed when omitted)."));
    const QCommandLineOption method({ QStringLiteral("X"), QStringLiteral("request") },
        QStringLiteral("Method (default GET)."), QStringLiteral("METHOD"), QStringLiteral("GET"));
    const QCommandLineOption header({ QStringLiteral("H"), QStringLiteral("header") },
        QStringLiteral("Add a request header, 'Name: value' (repeatable; order kept)."), QStringLiteral("HEADER"));
    const QCommandLineOption data({ QStringLiteral("d"), QStringLiteral("data") },
        QStringLiteral("Request body (sent as given)."), QStringLiteral("BODY"));
    const QCommandLineOption follow({ QStringLiteral("L"), QStringLiteral("location") },
        QStringLiteral("Follow redirects (default: show the 3xx itself)."));
    const QCommandLineOption timeout(QStringLiteral("timeout"), QStringLiteral("Give up after SECONDS (default 30)."),
        QStringLiteral("SECONDS"), QStringLiteral("30"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object (fields in the README)."));
    const QCommandLineOption noBody(QStringLiteral("no-body"), QStringLiteral("Do not print the body."));
    const QCommandLineOption output({ QStringLiteral("o"), QStringLiteral("output") },
        QStringLiteral("Write the decoded body to FILE."), QStringLiteral("FILE"));
    const QCommandLineOption raw(QStringLiteral("no-defaults"),
        QStringLiteral("Send only the given headers (plus Host and Content-Length)."));
    const QCommandLineOption store(QStringLiteral("store"), QStringLiteral("State directory."), QStringLiteral("DIR"));
    parser.addOptions({ method, header, data, follow, timeout, json, noBody, output, raw, store });
    parser.addHelpOption();
    if (!parser.parse(QStringList { QStringLiteral("cachescope-cli get") } + arguments)) {
        err() << "cachescope-cli get: " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    if (parser.positionalArguments().size() != 1) {
        err() << "cachescope-cli get: give exactly one URL (see --help)\n";
        return ExitUsage;
    }

    QString error;
    const QUrl url = parseUserUrl(parser.positionalArguments().first(), &error);
    if (!url.isValid()) {
        err() << "cachescope-cli get: " << error << '\n';
        return ExitUsage;
    }
    Request request;
    request.url = url;
    request.method = parser.value(method).toUtf8();
    if (request.method.compare("head", Qt::CaseInsensitive) == 0 || request.method.compare("get", Qt::CaseInsensitive) == 0)
        request.method = request.method.toUpper();
    for (const QString &value : parser.values(header)) {
        if (!parseHeaderArgument(value, request, &error)) {
            err() << "cachescope-cli get: " << error << '\n';
            return ExitUsage;
        }
    }
    if (parser.isSet(data))
        request.body = parser.value(data).toUtf8();
    request.redirects = parser.isSet(follow) ? RedirectPolicy::Follow : RedirectPolicy::Manual;
    request.addDefaultHeaders = !parser.isSet(raw);
    bool okTimeout = false;
    const double seconds = parser.value(timeout).toDouble(&okTimeout);
    if (!okTimeout || seconds < 0) {
        err() << "cachescope-cli get: --timeout takes a number of seconds\n";
        return ExitUsage;
    }
    request.timeoutMs = int(seconds * 1000);
    const QString problem = request.validate();
    if (!problem.isEmpty()) {
        err() << "cachescope-cli get: " << problem << '\n';
        return ExitUsage;
    }

    HttpClient client;
    const Exchange exchange = sendAndWait(client, request);

    if (parser.isSet(output) && exchange.hasResponse()) {
        QFile file(parser.value(output));
        if (!file.open(QIODevice::WriteOnly) || file.write(exchange.body) != exchange.body.size()) {
            err() << "cachescope-cli get: cannot write " << file.fileName() << ": " << file.errorString() << '\n';
            return ExitUsage;
        }
    }
    if (parser.isSet(json))
        printJson(exchangeToJson(exchange));
    else
        printHuman(exchange, !parser.isSet(noBody) && !parser.isSet(output));
    if (exchange.error != ExchangeError::None) {
        err() << "cachescope-cli get: " << exchange.errorString << '\n';
        return ExitRequestFailed;
    }
    return ExitOk;
}

} // namespace CacheScope::Cli
