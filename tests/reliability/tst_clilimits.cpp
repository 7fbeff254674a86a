// The body limit and certificate acceptance on the commands that build their own requests: watch, consistency
// and batch. Each must refuse a certificate error unless that certificate was accepted for that host (and say
// which certificate it was), and cut a body past the limit with a notice while leaving the stored entry alone.
#include "batchline.h"
#include "cache/validatorstore.h"
#include "client/timelinestore.h"
#include "hostileserver.h"
#include "support/clirun.h"
#include "tlsorigin.h"
#include "util/storelocation.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace CacheScope;
using namespace CacheScope::TestSupport;

namespace {

enum class Outcome
{
    Answered, // 200 from the TLS origin
    Rejected, // the certificate error, with the certificate's fingerprint
    Refused, // the acceptance itself is malformed: a usage error (batch: an error line naming the field)
};

// Bytes that do not repeat, so that a cut in the wrong place shows.
QByteArray counting(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char('a' + (i * 7 + i / 26) % 26);
    return bytes;
}

QByteArray fullResponse(const QByteArray &etag, const QByteArray &body)
{
    return "HTTP/1.1 200 OK\r\nETag: " + etag
        + "\r\nContent-Type: text/plain\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

CliRun run(const QStringList &arguments, const QByteArray &input = {})
{
    CliOptions options;
    options.input = input;
    options.timeoutMs = 30000;
    // The servers answer on this thread's event loop: runCli waits with the loop running.
    return runCli(arguments, options);
}

QList<QJsonObject> jsonLines(const QByteArray &out)
{
    QList<QJsonObject> lines;
    for (const QByteArray &line : out.split('\n')) {
        if (!line.trimmed().isEmpty())
            lines.append(QJsonDocument::fromJson(line).object());
    }
    return lines;
}

QByteArray batchLine(const QString &url, const QString &extra)
{
    return QStringLiteral("{\"id\": 1, \"url\": \"%1\"%2}\n").arg(url, extra).toUtf8();
}

} // namespace

Q_DECLARE_METATYPE(Outcome)

class TestCliLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void batchLineFields_data();
    void batchLineFields();
    void certificate_data();
    void certificate();
    void bodyLimit_data();
    void bodyLimit();
    void consistencyComparesTheWholeBody();
    void helpNamesTheOptions_data();
    void helpNamesTheOptions();
};

void TestCliLimits::batchLineFields_data()
{
    QTest::addColumn<QByteArray>("fields"); // JSON members after "id" and "url"
    QTest::addColumn<QString>("error"); // part of the line's error; empty: accepted
    QTest::addColumn<qint64>("maxBody");
    QTest::addColumn<int>("certificates");
    const QByteArray digest(64, 'a');
    QTest::addRow("neither") << QByteArray() << QString() << qint64(0) << 0;
    QTest::addRow("maxBody in bytes") << QByteArray(", \"maxBody\": 65536") << QString() << qint64(65536) << 0;
    QTest::addRow("maxBody as a size") << QByteArray(", \"maxBody\": \"10M\"") << QString() << qint64(10 << 20) << 0;
    QTest::addRow("maxBody null") << QByteArray(", \"maxBody\": null") << QString() << qint64(0) << 0;
    QTest::addRow("maxBody 1") << QByteArray(", \"maxBody\": 1") << QString() << qint64(1) << 0;
    QTest::addRow("maxBody 0") << QByteArray(", \"maxBody\": 0") << QStringLiteral("\"maxBody\"") << qint64(0) << 0;
    QTest::addRow("maxBody negative") << QByteArray(", \"maxBody\": -5") << QStringLiteral("\"maxBody\"") << qint64(0)
                                      << 0;
    QTest::addRow("maxBody fractional") << QByteArray(", \"maxBody\": 1.5") << QStringLiteral("whole number")
                                        << qint64(0) << 0;
    QTest::addRow("maxBody huge") << QByteArray(", \"maxBody\": 1e300") << QStringLiteral("\"maxBody\"") << qint64(0)
                                  << 0;
    QTest::addRow("maxBody boolean") << QByteArray(", \"maxBody\": true") << QStringLiteral("\"maxBody\"") << qint64(0)
                                     << 0;
    QTest::addRow("maxBody unknown unit")
        << QByteArray(", \"maxBody\": \"10X\"") << QStringLiteral("not a size") << qint64(0) << 0;
    QTest::addRow("maxBody empty string")
        << QByteArray(", \"maxBody\": \"\"") << QStringLiteral("\"maxBody\"") << qint64(0) << 0;
    QTest::addRow("one certificate") << (", \"acceptCertificates\": [\"127.0.0.1=" + digest + "\"]") << QString()
                                     << qint64(0) << 1;
    QTest::addRow("two certificates, colons")
        << (", \"acceptCertificates\": [\"a.test=" + digest + "\", \"b.test=" + QByteArray(digest).toUpper() + "\"]")
        << QString() << qint64(0) << 2;
    QTest::addRow("empty list") << QByteArray(", \"acceptCertificates\": []") << QString() << qint64(0) << 0;
    QTest::addRow("certificates not a list")
        << QByteArray(", \"acceptCertificates\": \"127.0.0.1=ab\"") << QStringLiteral("array") << qint64(0) << 0;
    QTest::addRow("certificate not a string")
        << QByteArray(", \"acceptCertificates\": [42]") << QStringLiteral("array") << qint64(0) << 0;
    QTest::addRow("short fingerprint") << QByteArray(", \"acceptCertificates\": [\"127.0.0.1=AB:CD\"]")
                                       << QStringLiteral("SHA-256") << qint64(0) << 0;
    QTest::addRow("no host") << (", \"acceptCertificates\": [\"=" + digest + "\"]") << QStringLiteral("HOST=SHA256")
                             << qint64(0) << 0;
    QTest::addRow("host with a port") << (", \"acceptCertificates\": [\"127.0.0.1:8443=" + digest + "\"]")
                                      << QStringLiteral("not a host name") << qint64(0) << 0;
}

// The batch line's own fields, without a server: accepted values reach the request, others give the line an
// error that names the field.
void TestCliLimits::batchLineFields()
{
    QFETCH(QByteArray, fields);
    QFETCH(QString, error);
    QFETCH(qint64, maxBody);
    QFETCH(int, certificates);
    const Cli::BatchLine line = Cli::parseBatchLine("{\"id\": 7, \"url\": \"https://127.0.0.1:1/\"" + fields + '}');
    QVERIFY2(line.error.contains(error), qPrintable(line.error));
    QCOMPARE(line.error.isEmpty(), error.isEmpty());
    if (!error.isEmpty())
        return;
    QCOMPARE(line.request.maxBodyBytes, maxBody);
    QCOMPARE(line.request.acceptedCertificates.size(), certificates);
}

void TestCliLimits::certificate_data()
{
    QTest::addColumn<QString>("command"); // watch, consistency or batch
    QTest::addColumn<QString>("host"); // the URL's host
    QTest::addColumn<QString>("accept"); // HOST=FINGERPRINT; empty: none given
    QTest::addColumn<Outcome>("outcome");
    for (const QString &command : { QStringLiteral("watch"), QStringLiteral("consistency"), QStringLiteral("batch") }) {
        const QByteArray c = command.toLatin1();
        QTest::addRow("%s: not accepted", c.constData())
            << command << QStringLiteral("127.0.0.1") << QString() << Outcome::Rejected;
        QTest::addRow("%s: its fingerprint", c.constData())
            << command << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1=FINGERPRINT") << Outcome::Answered;
        QTest::addRow("%s: its fingerprint, lower case without colons", c.constData())
            << command << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1=fingerprint") << Outcome::Answered;
        QTest::addRow("%s: another certificate's fingerprint", c.constData())
            << command << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1=OTHER") << Outcome::Rejected;
        QTest::addRow("%s: its fingerprint for another host", c.constData())
            << command << QStringLiteral("127.0.0.1") << QStringLiteral("localhost=FINGERPRINT") << Outcome::Rejected;
        QTest::addRow("%s: not a fingerprint", c.constData())
            << command << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1=12:34") << Outcome::Refused;
    }
    // consistency asks each address with the URL's server name: the acceptance names the URL's host.
    QTest::addRow("consistency: by name, accepted for the name")
        << QStringLiteral("consistency") << QStringLiteral("localhost") << QStringLiteral("localhost=FINGERPRINT")
        << Outcome::Answered;
    QTest::addRow("consistency: by name, accepted for the address")
        << QStringLiteral("consistency") << QStringLiteral("localhost") << QStringLiteral("127.0.0.1=FINGERPRINT")
        << Outcome::Rejected;
}

void TestCliLimits::certificate()
{
    QFETCH(QString, command);
    QFETCH(QString, host);
    QFETCH(QString, accept);
    QFETCH(Outcome, outcome);
    TlsOrigin origin;
    TlsOrigin other;
    QVERIFY(origin.start(QStringLiteral("test-a")));
    QVERIFY(other.start(QStringLiteral("test-b")));
    const QByteArray digest = origin.certificate.digest(QCryptographicHash::Sha256);
    const QString printed = fingerprintText(digest);
    accept.replace(QStringLiteral("FINGERPRINT"), printed);
    accept.replace(QStringLiteral("fingerprint"), QString::fromLatin1(digest.toHex()));
    accept.replace(QStringLiteral("OTHER"), fingerprintText(other.certificate.digest(QCryptographicHash::Sha256)));
    const QString url = origin.url(host).toString();
    QTemporaryDir store;
    QVERIFY(store.isValid());

    CliRun result;
    if (command == QLatin1String("batch")) {
        const QString extra
            = accept.isEmpty() ? QString() : QStringLiteral(", \"acceptCertificates\": [\"%1\"]").arg(accept);
        result = run({ QStringLiteral("batch"), QStringLiteral("--store"), store.path() }, batchLine(url, extra));
    } else {
        QStringList arguments { command, url };
        if (command == QLatin1String("watch"))
            arguments << QStringLiteral("--count") << QStringLiteral("1") << QStringLiteral("--store") << store.path();
        else
            arguments << QStringLiteral("--samples") << QStringLiteral("1") << QStringLiteral("--address")
                      << QStringLiteral("127.0.0.1") << QStringLiteral("--json");
        if (!accept.isEmpty())
            arguments << QStringLiteral("--accept-certificate") << accept;
        result = run(arguments);
    }
    QVERIFY2(result.finished, result.describe().constData());
    const QString output = result.outText();
    const QString everything = output + result.errText();

    if (command == QLatin1String("batch")) {
        QCOMPARE(result.exitCode, 0);
        const QList<QJsonObject> lines = jsonLines(result.out);
        QCOMPARE(lines.size(), 1);
        const QJsonObject line = lines.first();
        const QString error = line.value(QLatin1String("error")).toString();
        QVERIFY2(
            (line.value(QLatin1String("status")).toInt() == 200) == (outcome == Outcome::Answered), qPrintable(output));
        if (outcome == Outcome::Rejected)
            QVERIFY2(error.contains(QLatin1String("rejected")) && error.contains(printed), qPrintable(error));
        if (outcome == Outcome::Refused)
            QVERIFY2(error.contains(QLatin1String("\"acceptCertificates\"")), qPrintable(error));
        return;
    }
    switch (outcome) {
    case Outcome::Refused:
        QVERIFY2(result.exitCode == 2, qPrintable(everything));
        QVERIFY2(result.errText().contains(QLatin1String("--accept-certificate")), qPrintable(everything));
        return;
    case Outcome::Answered:
        QVERIFY2(result.exitCode == 0, qPrintable(everything));
        break;
    case Outcome::Rejected:
        QVERIFY2(result.exitCode == 1, qPrintable(everything));
        // The certificate's details come with the refusal: at least its fingerprint and why it was refused.
        QVERIFY2(output.contains(QLatin1String("rejected")) && output.contains(printed), qPrintable(everything));
        break;
    }
    if (command == QLatin1String("watch")) {
        const QString event = output.section(QLatin1Char('\n'), 0, 0);
        QVERIFY2(event.contains(QLatin1String("  200  ")) == (outcome == Outcome::Answered), qPrintable(output));
        return;
    }
    const QJsonObject report = QJsonDocument::fromJson(result.out).object();
    const QJsonArray samples = report.value(QLatin1String("samples")).toArray();
    QCOMPARE(samples.size(), 1);
    QCOMPARE(samples.first().toObject().value(QLatin1String("status")).toInt(), outcome == Outcome::Answered ? 200 : 0);
}

void TestCliLimits::bodyLimit_data()
{
    QTest::addColumn<QString>("command"); // watch, watch --json, batch or consistency
    QTest::addColumn<QString>("limit"); // --max-body / "maxBody"
    QTest::addColumn<qint64>("kept"); // bytes of the 100,000-byte body that are kept
    for (const QString &command : { QStringLiteral("watch"), QStringLiteral("watch --json"), QStringLiteral("batch"),
             QStringLiteral("consistency") }) {
        const QByteArray c = command.toLatin1();
        QTest::addRow("%s: cut at 1000 bytes", c.constData()) << command << QStringLiteral("1000") << qint64(1000);
        QTest::addRow("%s: cut at 2K", c.constData()) << command << QStringLiteral("2K") << qint64(2048);
        QTest::addRow("%s: a limit of one byte", c.constData()) << command << QStringLiteral("1") << qint64(1);
        QTest::addRow("%s: a limit above the body", c.constData()) << command << QStringLiteral("1M") << qint64(100000);
    }
}

// A first response ("hello", ETag v1) is stored, then the origin sends 100,000 bytes (ETag v2) to a request
// with a small limit: the exchange completes, says it was cut, and the stored entry stays "hello".
void TestCliLimits::bodyLimit()
{
    QFETCH(QString, command);
    QFETCH(QString, limit);
    QFETCH(qint64, kept);
    const QByteArray body = counting(100000);
    const bool truncated = kept < body.size();
    HostileServer server;
    QVERIFY(server.start());
    const QString url = server.url(QStringLiteral("/big")).toString();
    QTemporaryDir storeDir;
    QVERIFY(storeDir.isValid());
    const QStringList store { QStringLiteral("--store"), storeDir.path() };
    server.enqueue({ HostileStep::send(fullResponse("\"v1\"", "hello")), HostileStep::close() });
    const CliRun first = run(QStringList { QStringLiteral("get"), url } + store);
    QVERIFY2(first.exitCode == 0, first.describe().constData());
    server.enqueue({ HostileStep::send(fullResponse("\"v2\"", body)), HostileStep::close() });
    const QString notice = QStringLiteral("body truncated at %1 of 100000 bytes").arg(kept);

    if (command.startsWith(QLatin1String("watch"))) {
        const bool json = command.endsWith(QLatin1String("--json"));
        QStringList arguments = QStringList { QStringLiteral("watch"), url, QStringLiteral("--count"),
            QStringLiteral("1"), QStringLiteral("--max-body"), limit }
            + store;
        if (json)
            arguments << QStringLiteral("--json");
        const CliRun result = run(arguments);
        QVERIFY2(result.exitCode == 0, result.describe().constData());
        const QString line = result.outText().section(QLatin1Char('\n'), 0, 0);
        QVERIFY2(line.contains(notice) == truncated, qPrintable(line));
        if (json) {
            QStringList codes;
            for (const QJsonValue &note :
                QJsonDocument::fromJson(line.toUtf8()).object().value(QLatin1String("notes")).toArray())
                codes.append(note[QLatin1String("code")].toString());
            QCOMPARE(codes.contains(QLatin1String("body-truncated")), truncated);
        } else {
            QCOMPARE(line.contains(QLatin1String("TRUNCATED")), truncated);
        }
    } else if (command == QLatin1String("batch")) {
        const QString extra = QStringLiteral(", \"maxBody\": \"%1\"").arg(limit);
        const CliRun result = run(QStringList { QStringLiteral("batch") } + store, batchLine(url, extra));
        QVERIFY2(result.exitCode == 0, result.describe().constData());
        const QList<QJsonObject> lines = jsonLines(result.out);
        QCOMPARE(lines.size(), 1);
        const QJsonObject answer = lines.first();
        const QByteArray text = QJsonDocument(answer).toJson(QJsonDocument::Compact).left(2000);
        QVERIFY2(answer.value(QLatin1String("status")).toInt() == 200, text.constData());
        QVERIFY2(!answer.contains(QLatin1String("error")), text.constData());
        QCOMPARE(answer.value(QLatin1String("bodyTruncated")).toBool(), truncated);
        QCOMPARE(
            QByteArray::fromBase64(answer.value(QLatin1String("body_b64")).toString().toLatin1()), body.left(kept));
        QCOMPARE(answer.value(QLatin1String("notice")).toString().contains(notice), truncated);
        if (truncated)
            QCOMPARE(answer.value(QLatin1String("bodyLimit")).toInteger(), kept);
        QCOMPARE(answer.value(QLatin1String("cache")).toObject().value(QLatin1String("action")).toString(),
            truncated ? QStringLiteral("not-stored") : QStringLiteral("replaced"));
    } else {
        server.enqueue(
            { HostileStep::send("HTTP/1.1 304 Not Modified\r\nETag: \"v2\"\r\n\r\n"), HostileStep::close() });
        const CliRun result = run({ QStringLiteral("consistency"), url, QStringLiteral("--samples"),
            QStringLiteral("1"), QStringLiteral("--json"), QStringLiteral("--max-body"), limit });
        QVERIFY2(result.exitCode == 0, result.describe().constData());
        const QJsonObject report = QJsonDocument::fromJson(result.out).object();
        const QJsonObject sample = report.value(QLatin1String("samples")).toArray().first().toObject();
        QCOMPARE(sample.value(QLatin1String("status")).toInt(), 200);
        QCOMPARE(sample.value(QLatin1String("body_truncated")).toBool(), truncated);
        // Compared by the whole body, not by the part that was kept.
        QCOMPARE(sample.value(QLatin1String("body_sha256")).toString().toLatin1(),
            QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
        return; // consistency stores nothing
    }

    ValidatorStore validators;
    QVERIFY2(validators.open(StoreLocation::resolve(storeDir.path())), qPrintable(validators.errorString()));
    const QList<CacheEntry> stored = validators.variants("GET", QUrl(url));
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().body, truncated ? QByteArray("hello") : body);
    QCOMPARE(stored.first().responseHeaders.first("ETag"), truncated ? QByteArray("\"v1\"") : QByteArray("\"v2\""));
    if (!command.startsWith(QLatin1String("watch")))
        return;
    // The timeline keeps the notice with the event, for `timeline` and the window's timeline later.
    TimelineStore timeline(&validators);
    const std::optional<TimelineEvent> event = timeline.lastEvent(QUrl(url));
    QVERIFY(event.has_value());
    QCOMPARE(event->status, 200);
    QCOMPARE(event->decodedBodyBytes, qint64(body.size()));
    const auto note = std::find_if(event->notes.cbegin(), event->notes.cend(),
        [](const TimelineNote &n) { return n.code == QLatin1String("body-truncated"); });
    QCOMPARE(note != event->notes.cend(), truncated);
    if (truncated) {
        QCOMPARE(note->severity, NoteSeverity::Warning);
        QVERIFY2(note->text.contains(notice), qPrintable(note->text));
    }
}

// Two answers with the same ETag whose bodies differ only past the limit: the check still sees that they
// differ, because it compares the whole body's digest and not the kept start.
void TestCliLimits::consistencyComparesTheWholeBody()
{
    HostileServer server;
    QVERIFY(server.start());
    const QByteArray body = counting(50000);
    QByteArray changed = body;
    changed[40000] = '#';
    server.enqueue({ HostileStep::send(fullResponse("\"same\"", body)), HostileStep::close() });
    server.enqueue({ HostileStep::send(fullResponse("\"same\"", changed)), HostileStep::close() });
    server.enqueue({ HostileStep::send("HTTP/1.1 304 Not Modified\r\nETag: \"same\"\r\n\r\n"), HostileStep::close() });
    const CliRun result
        = run({ QStringLiteral("consistency"), server.url(QStringLiteral("/x")).toString(), QStringLiteral("--samples"),
            QStringLiteral("2"), QStringLiteral("--max-body"), QStringLiteral("1000"), QStringLiteral("--json") });
    QVERIFY2(result.finished, result.describe().constData());
    const QJsonObject report = QJsonDocument::fromJson(result.out).object();
    QCOMPARE(report.value(QLatin1String("samples")).toArray().size(), 2);
    for (const QJsonValue &sample : report.value(QLatin1String("samples")).toArray())
        QVERIFY(sample[QLatin1String("body_truncated")].toBool());
    QCOMPARE(report.value(QLatin1String("bodies_agree")).toBool(true), false);
    const QStringList findings = report.value(QLatin1String("findings")).toVariant().toStringList();
    QVERIFY2(
        findings.join(QLatin1Char('\n')).contains(QLatin1String("different content")), qPrintable(result.outText()));
}

void TestCliLimits::helpNamesTheOptions_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("extra"); // what this command's help says beyond the shared text
    QTest::addRow("watch") << QStringLiteral("watch") << QStringLiteral("every watched URL");
    QTest::addRow("consistency") << QStringLiteral("consistency") << QStringLiteral("TLS server name");
}

void TestCliLimits::helpNamesTheOptions()
{
    QFETCH(QString, command);
    QFETCH(QString, extra);
    const CliRun result = run({ command, QStringLiteral("--help") });
    QCOMPARE(result.exitCode, 0);
    // Help text is wrapped: compare with the white space folded.
    const QString help = result.outText().simplified();
    QVERIFY2(help.contains(QLatin1String("--max-body <SIZE>")), qPrintable(help));
    QVERIFY2(help.contains(QLatin1String("--accept-certificate <HOST=FINGERPRINT>")), qPrintable(help));
    QVERIFY2(help.contains(extra), qPrintable(help));
}

QTEST_GUILESS_MAIN(TestCliLimits)
#include "tst_clilimits.moc"
