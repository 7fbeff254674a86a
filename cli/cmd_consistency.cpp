#include "cli.h"
#include "commands.h"
#include "output.h"
#include "requestoptions.h"

#include "client/consistencycheck.h"
#include "client/httpclient.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>

namespace CacheScope::Cli {

namespace {

QJsonObject reportToJson(const ConsistencyReport &report)
{
    QJsonArray addresses;
    for (const QHostAddress &a : report.addresses)
        addresses.append(a.toString());
    QJsonArray samples;
    for (const ConsistencySample &s : report.samples) {
        samples.append(QJsonObject {
            { QStringLiteral("address"), s.address.toString() },
            { QStringLiteral("round"), s.round + 1 },
            { QStringLiteral("status"), s.status },
            { QStringLiteral("etag"), QString::fromLatin1(s.etag) },
            { QStringLiteral("last_modified"), QString::fromLatin1(s.lastModified) },
            { QStringLiteral("body_sha256"), QString::fromLatin1(s.bodyHash) },
            { QStringLiteral("body_truncated"), s.bodyTruncated },
            { QStringLiteral("instance_hint"), QString::fromLatin1(s.instanceHint) },
            { QStringLiteral("error"), s.error },
            { QStringLiteral("total_ms"), s.totalMs },
        });
    }
    QJsonArray cross;
    for (const CrossCheck &c : report.crossChecks) {
        cross.append(QJsonObject {
            { QStringLiteral("issued_by"), c.issuedBy.toString() },
            { QStringLiteral("asked_to"), c.askedTo.toString() },
            { QStringLiteral("if_none_match"), QString::fromLatin1(c.ifNoneMatch) },
            { QStringLiteral("if_modified_since"), QString::fromLatin1(c.ifModifiedSince) },
            { QStringLiteral("status"), c.status },
            { QStringLiteral("ok"), c.ok() },
            { QStringLiteral("error"), c.error },
        });
    }
    return QJsonObject {
        { QStringLiteral("url"), report.url.toString() },
        { QStringLiteral("addresses"), addresses },
        { QStringLiteral("consistent"), report.consistent() },
        { QStringLiteral("etags_agree"), report.etagsAgree },
        { QStringLiteral("last_modified_agree"), report.lastModifiedAgree },
        { QStringLiteral("bodies_agree"), report.bodiesAgree },
        { QStringLiteral("validators_honoured"), report.validatorsHonoured },
        { QStringLiteral("findings"), QJsonArray::fromStringList(report.findings) },
        { QStringLiteral("samples"), samples },
        { QStringLiteral("cross_checks"), cross },
        { QStringLiteral("error"), report.error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(report.error) },
    };
}

void printHuman(const ConsistencyReport &report)
{
    QTextStream &o = out();
    o << "Consistency of " << report.url.toString() << " across " << report.addresses.size() << " address(es)\n\n";
    for (const ConsistencySample &s : report.samples) {
        o << "  " << s.address.toString().leftJustified(16) << " #" << s.round + 1 << "  ";
        if (s.status == 0) {
            o << "error: " << s.error << '\n';
            continue;
        }
        o << s.status << "  ETag " << (s.etag.isEmpty() ? QByteArray("(none)") : s.etag) << "  Last-Modified "
          << (s.lastModified.isEmpty() ? QByteArray("(none)") : s.lastModified);
        if (!s.instanceHint.isEmpty())
            o << "  [" << s.instanceHint << ']';
        if (s.bodyTruncated)
            o << "  body TRUNCATED at --max-body (compared by the whole body's SHA-256)";
        o << '\n';
    }
    if (!report.crossChecks.isEmpty()) {
        o << "\nValidators presented to each address:\n";
        for (const CrossCheck &c : report.crossChecks) {
            o << "  from " << c.issuedBy.toString().leftJustified(16) << " to " << c.askedTo.toString().leftJustified(16)
              << (c.status ? QString::number(c.status) : QStringLiteral("error")) << (c.ok() ? "  ok" : "  MISS") << '\n';
        }
    }
    o << '\n';
    if (!report.error.isEmpty())
        o << "Could not check: " << report.error << '\n';
    else if (report.consistent())
        o << "Consistent: every instance serves the same validators and honours the others' validators.\n";
    else
        o << "INCONSISTENT:\n";
    for (const QString &finding : report.findings)
        o << "  - " << finding << '\n';
    o.flush();
}

} // namespace

int runConsistency(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Check that every instance behind a host serves the same ETag and Last-Modified for a URL and "
                       "answers 304 to the validators the other instances issued."));
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("The URL to check."));
    const QCommandLineOption samples(QStringLiteral("samples"), QStringLiteral("Requests per address (default 3)."),
        QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption address(QStringLiteral("address"),
        QStringLiteral("Check this address instead of resolving the host (repeatable). Host header and TLS name stay "
                       "the URL's."),
        QStringLiteral("IP"));
    const QCommandLineOption header({ QStringLiteral("H"), QStringLiteral("header") },
        QStringLiteral("Send this header with every request (repeatable)."), QStringLiteral("HEADER"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    const QCommandLineOption store(QStringLiteral("store"), QStringLiteral("State directory (unused here)."),
        QStringLiteral("DIR"));
    parser.addOptions({ samples, address, header, json, store });
    const LimitOptions limits(parser,
        QStringLiteral("Every address is asked with the URL's TLS server name, so HOST is the URL's host (not an "
                       "--address) and the certificate is checked against that name."),
        QStringLiteral("Bodies are still compared whole (by the SHA-256 of every byte received)."));
    parser.addOptions(limits.options());
    parser.addHelpOption();
    if (!parser.parse(QStringList { QStringLiteral("cachescope-cli consistency") } + arguments)) {
        err() << "cachescope-cli consistency: " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    if (parser.positionalArguments().size() != 1) {
        err() << "cachescope-cli consistency: give exactly one URL (see --help)\n";
        return ExitUsage;
    }
    QString error;
    const QUrl url = parseUserUrl(parser.positionalArguments().first(), &error);
    if (!url.isValid()) {
        err() << "cachescope-cli consistency: " << error << '\n';
        return ExitUsage;
    }
    ConsistencyOptions options;
    bool ok = false;
    options.samples = parser.value(samples).toInt(&ok);
    if (!ok || options.samples < 1 || options.samples > 100) {
        err() << "cachescope-cli consistency: --samples takes a number from 1 to 100\n";
        return ExitUsage;
    }
    if (!limits.read(&options.maxBodyBytes, &options.acceptedCertificates, &error)) {
        err() << "cachescope-cli consistency: " << error << '\n';
        return ExitUsage;
    }
    for (const QString &text : parser.values(address)) {
        QHostAddress a;
        if (!a.setAddress(text)) {
            err() << "cachescope-cli consistency: '" << text << "' is not an IP address\n";
            return ExitUsage;
        }
        options.addresses.append(a);
    }
    for (const QString &text : parser.values(header)) {
        const qsizetype colon = text.indexOf(QLatin1Char(':'));
        const QByteArray name = text.left(colon).trimmed().toUtf8();
        const QByteArray value = text.mid(colon + 1).trimmed().toUtf8();
        if (colon <= 0 || !HttpHeaders::isValidName(name) || !HttpHeaders::isValidValue(value)) {
            err() << "cachescope-cli consistency: invalid header '" << text << "' (expected 'Name: value')\n";
            return ExitUsage;
        }
        options.headers.append(name, value);
    }

    HttpClient client;
    ConsistencyCheck check(&client);
    ConsistencyReport report;
    QEventLoop loop;
    QObject::connect(&check, &ConsistencyCheck::finished, &loop, [&](const ConsistencyReport &r) {
        report = r;
        loop.quit();
    });
    check.start(url, options);
    loop.exec();

    if (parser.isSet(json))
        printJson(reportToJson(report));
    else
        printHuman(report);
    if (!report.error.isEmpty())
        return ExitRequestFailed;
    return report.consistent() ? ExitOk : ExitCheckFailed;
}

} // namespace CacheScope::Cli
