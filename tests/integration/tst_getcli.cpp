#include "support/clirun.h"
#include "support/pythonhttpserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope::TestSupport;

// `cachescope-cli get --json` against Python's http.server, checked against the file it serves.
class tst_GetCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jsonMatchesTheFile();
    void errorsExitNonZero_data();
    void errorsExitNonZero();
};

static QString headerValue(const QJsonArray &headers, const QString &name)
{
    for (const QJsonValue &pair : headers) {
        if (pair.toArray().at(0).toString().compare(name, Qt::CaseInsensitive) == 0)
            return pair.toArray().at(1).toString();
    }
    return {};
}

void tst_GetCli::jsonMatchesTheFile()
{
    CACHESCOPE_REQUIRE_SERVER(PythonHttpServer);
    QTemporaryDir root;
    const QByteArray content = "{\"greeting\": \"hello\", \"items\": [1, 2, 3]}\n";
    QFile file(root.filePath(QStringLiteral("data.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    PythonHttpServer server(root.path());
    QVERIFY2(server.start(), qPrintable(server.errorString()));

    QTemporaryDir store;
    const CliRun run
        = runCli({ QStringLiteral("get"), QStringLiteral("--json"), QStringLiteral("--store"), store.path(),
            server.url(QStringLiteral("/data.json")).toString(), QStringLiteral("-H"), QStringLiteral("X-Probe: 1") });
    QVERIFY2(run.exitCode == 0, run.describe().constData());
    QJsonParseError error;
    const QJsonObject json = QJsonDocument::fromJson(run.out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(json.value(QStringLiteral("status")).toInt(), 200);
    QCOMPARE(json.value(QStringLiteral("reason")).toString(), QStringLiteral("OK"));
    QCOMPARE(json.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
    QVERIFY(json.value(QStringLiteral("http_version")).toString().startsWith(QLatin1String("HTTP/1.")));
    const QJsonArray responseHeaders = json.value(QStringLiteral("response_headers")).toArray();
    QCOMPARE(headerValue(responseHeaders, QStringLiteral("Content-Length")), QString::number(content.size()));
    QCOMPARE(headerValue(json.value(QStringLiteral("request_headers")).toArray(), QStringLiteral("X-Probe")),
        QStringLiteral("1"));
    const QJsonObject bytes = json.value(QStringLiteral("bytes")).toObject();
    QCOMPARE(bytes.value(QStringLiteral("response_body_wire")).toInteger(), qint64(content.size()));
    QCOMPARE(bytes.value(QStringLiteral("response_body_decoded")).toInteger(), qint64(content.size()));
    // The header block as received: status line + "Name: value\r\n" per field + the empty line.
    qint64 headerBytes = QByteArrayLiteral("HTTP/1.0 200 OK\r\n").size() + 2;
    for (const QJsonValue &pair : responseHeaders)
        headerBytes += pair.toArray().at(0).toString().size() + 2 + pair.toArray().at(1).toString().toUtf8().size() + 2;
    QCOMPARE(bytes.value(QStringLiteral("response_headers")).toInteger(), headerBytes);
    QVERIFY(bytes.value(QStringLiteral("request")).toInteger() > 0);
    const QJsonObject timing = json.value(QStringLiteral("timing_ms")).toObject();
    QVERIFY(timing.value(QStringLiteral("total")).toInteger() >= timing.value(QStringLiteral("ttfb")).toInteger());
    QCOMPARE(json.value(QStringLiteral("body_text")).toString().toUtf8(), content);
    QCOMPARE(json.value(QStringLiteral("cache")).toObject().value(QStringLiteral("action")).toString(),
        QStringLiteral("stored"));
}

void tst_GetCli::errorsExitNonZero_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::addRow("connection refused") << QStringList { QStringLiteral("http://127.0.0.1:1/") } << 1
                                        << QStringLiteral("refused");
    QTest::addRow("unresolvable host") << QStringList { QStringLiteral("http://no-such-host.invalid/") } << 1
                                       << QStringLiteral("cannot resolve");
    QTest::addRow("unsupported scheme") << QStringList { QStringLiteral("ftp://example.test/") } << 2
                                        << QStringLiteral("unsupported scheme");
    QTest::addRow("malformed URL") << QStringList { QStringLiteral("http://exa mple/") } << 2
                                   << QStringLiteral("whitespace");
    QTest::addRow("header injection") << QStringList { QStringLiteral("-H"), QStringLiteral("X: a\r\nY: b"),
        QStringLiteral("http://127.0.0.1:1/") }
                                      << 2 << QStringLiteral("header injection");
    QTest::addRow("no URL") << QStringList {} << 2 << QStringLiteral("exactly one URL");
    // NaN passes both "< 0" and "> 86400": it must still be refused, not turned into an integer.
    QTest::addRow("timeout not a number")
        << QStringList { QStringLiteral("--timeout"), QStringLiteral("nan"), QStringLiteral("http://127.0.0.1:1/") }
        << 2 << QStringLiteral("--timeout takes a number of seconds");
}

void tst_GetCli::errorsExitNonZero()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QTemporaryDir store;
    const CliRun run
        = runCli(QStringList { QStringLiteral("get"), QStringLiteral("--store"), store.path() } + arguments);
    QCOMPARE(run.exitCode, exitCode);
    const QString stderrText = run.errText();
    QVERIFY2(stderrText.contains(message), qPrintable(stderrText));
}

QTEST_GUILESS_MAIN(tst_GetCli)
#include "tst_getcli.moc"
