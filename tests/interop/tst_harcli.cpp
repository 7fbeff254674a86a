#include "support/clirun.h"
#include "support/scriptedorigin.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope::TestSupport;

// `cachescope-cli har export` and `har import` as a child process: browser HAR fixtures, malformed files,
// and the round trip watch -> export -> import -> revalidate against a ScriptedOrigin.
class tst_HarCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void importSummary_data();
    void importSummary();
    void importUrls();
    void malformedHar_data();
    void malformedHar();
    void exportUsage_data();
    void exportUsage();
    void exportImportRoundTrip();

private:
    static CliRun cli(const QStringList &arguments) { return runCli(arguments); }
    static QString fixture(const QString &name) { return QStringLiteral(CACHESCOPE_TEST_DATA "/har/") + name; }
};

void tst_HarCli::importSummary_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QList<int>>(
        "counts"); // responses, revalidatable, no validator, no-store, not applicable, 304s, cache hits
    QTest::addColumn<qint64>("saving");
    QTest::addRow("a page of every kind")
        << QStringLiteral("page.har") << QList<int> { 10, 5, 1, 2, 2, 1, 1 } << qint64(1055000);
    QTest::addRow("Chrome") << QStringLiteral("chrome.har") << QList<int> { 7, 3, 3, 0, 1, 1, 3 } << qint64(10213);
    QTest::addRow("Firefox") << QStringLiteral("firefox.har") << QList<int> { 5, 2, 1, 0, 2, 1, 1 } << qint64(8120);
    QTest::addRow("Safari") << QStringLiteral("safari.har") << QList<int> { 4, 1, 3, 0, 0, 1, 2 } << qint64(0);
    QTest::addRow("only required fields")
        << QStringLiteral("minimal.har") << QList<int> { 2, 0, 1, 0, 1, 0, 0 } << qint64(0);
    // "time" is any JSON number: 1e300 ms does not fit an integer and must not be converted to one.
    QTest::addRow("absurd times") << QStringLiteral("absurd-time.har") << QList<int> { 2, 1, 1, 0, 0, 0, 0 }
                                  << qint64(1200);
}

void tst_HarCli::importSummary()
{
    QFETCH(QString, file);
    QFETCH(QList<int>, counts);
    QFETCH(qint64, saving);
    const CliRun run
        = cli({ QStringLiteral("har"), QStringLiteral("import"), fixture(file), QStringLiteral("--json") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    const QJsonObject summary = json.value(QStringLiteral("summary")).toObject();
    const char *keys[]
        = { "responses", "revalidatable", "no_validator", "no_store", "not_applicable", "not_modified", "from_cache" };
    for (int i = 0; i < 7; ++i)
        QCOMPARE(summary.value(QLatin1String(keys[i])).toInt(-1), counts.at(i));
    QCOMPARE(summary.value(QStringLiteral("potential_saving")).toInteger(), saving);
    QVERIFY(
        summary.value(QStringLiteral("sentence"))
            .toString()
            .startsWith(QStringLiteral("%1 of %2 responses can be revalidated").arg(counts.at(1)).arg(counts.at(0))));
    const QJsonArray entries = json.value(QStringLiteral("entries")).toArray();
    int revalidatable = 0;
    for (const QJsonValue &entry : entries)
        revalidatable
            += entry.toObject().value(QStringLiteral("cacheability")).toString() == QLatin1String("revalidatable");
    QCOMPARE(revalidatable, counts.at(1));

    const CliRun text = cli({ QStringLiteral("har"), QStringLiteral("import"), fixture(file) });
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains(summary.value(QStringLiteral("sentence")).toString().toUtf8()));
}

void tst_HarCli::importUrls()
{
    const CliRun run = cli({ QStringLiteral("har"), QStringLiteral("import"), fixture(QStringLiteral("page.har")),
        QStringLiteral("--urls") });
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out,
        QByteArray(
            "https://site.example/app.js\nhttps://site.example/video-poster.jpg\nhttps://site.example/style.css\n"
            "https://site.example/logo.png\nhttps://site.example/me.json\n"));
    const QJsonObject page
        = QJsonDocument::fromJson(cli({ QStringLiteral("har"), QStringLiteral("import"),
                                          fixture(QStringLiteral("page.har")), QStringLiteral("--json") })
                                      .out)
              .object();
    const QJsonObject heuristic = page.value(QStringLiteral("entries")).toArray().at(1).toObject();
    QVERIFY(heuristic.value(QStringLiteral("freshness")).toObject().value(QStringLiteral("heuristic")).toBool());
    const QJsonObject notModified = page.value(QStringLiteral("entries")).toArray().at(5).toObject();
    // A 304 whose own headers lack the ETag: the request's If-None-Match is the validator.
    QCOMPARE(notModified.value(QStringLiteral("validators")).toObject().value(QStringLiteral("etag")).toString(),
        QStringLiteral("\"css7\""));
}

void tst_HarCli::malformedHar_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    QTest::addRow("empty file") << QByteArray() << QStringLiteral("not a usable HAR file");
    QTest::addRow("not JSON") << QByteArray("<html>") << QStringLiteral("not a usable HAR file");
    QTest::addRow("no log") << QByteArray("{\"entries\": []}") << QStringLiteral("log");
    QTest::addRow("entries not an array")
        << QByteArray("{\"log\": {\"version\": \"1.2\", \"entries\": {}}}") << QStringLiteral("log.entries");
    QTest::addRow("status is text at entry 1")
        << QByteArray("{\"log\": {\"entries\": [{\"request\": {\"method\": \"GET\", \"url\": \"http://a.test/\"}, "
                      "\"response\": {\"status\": 200}}, {\"request\": {\"method\": \"GET\", \"url\": "
                      "\"http://a.test/b\"}, \"response\": {\"status\": \"ok\"}}]}}")
        << QStringLiteral("log.entries[1].response.status");
    QTest::addRow("a JSON array") << QByteArray("[1, 2]") << QStringLiteral("not a usable HAR file");
}

void tst_HarCli::malformedHar()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("bad.har")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    const CliRun run = cli({ QStringLiteral("har"), QStringLiteral("import"), file.fileName() });
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errText().contains(message), run.err.constData());
    QVERIFY(run.out.isEmpty());
}

void tst_HarCli::exportUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::addRow("neither --url nor --all")
        << QStringList { QStringLiteral("export") } << QStringLiteral("--url URL or --all");
    QTest::addRow("both") << QStringList { QStringLiteral("export"), QStringLiteral("--all"), QStringLiteral("--url"),
        QStringLiteral("http://a.test/") }
                          << QStringLiteral("--url URL or --all");
    QTest::addRow("bad --last") << QStringList { QStringLiteral("export"), QStringLiteral("--all"),
        QStringLiteral("--last"), QStringLiteral("-3") }
                                << QStringLiteral("--last");
    QTest::addRow("not a URL") << QStringList { QStringLiteral("export"), QStringLiteral("--url"),
        QStringLiteral("nope") }
                               << QStringLiteral("not a URL");
    QTest::addRow("unknown action") << QStringList { QStringLiteral("convert") } << QStringLiteral("unknown action");
    QTest::addRow("missing file") << QStringList { QStringLiteral("import"), QStringLiteral("/nonexistent/x.har") }
                                  << QStringLiteral("cannot read");
}

void tst_HarCli::exportUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QTemporaryDir store;
    const CliRun run = cli(
        QStringList { QStringLiteral("har") } + arguments + QStringList { QStringLiteral("--store"), store.path() });
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errText().contains(message), run.err.constData());
}

static QJsonArray headerArray(const QJsonObject &message)
{
    return message.value(QStringLiteral("headers")).toArray();
}

static QString header(const QJsonObject &message, const QString &name)
{
    for (const QJsonValue &field : headerArray(message)) {
        if (field.toObject().value(QStringLiteral("name")).toString().compare(name, Qt::CaseInsensitive) == 0)
            return field.toObject().value(QStringLiteral("value")).toString();
    }
    return {};
}

void tst_HarCli::exportImportRoundTrip()
{
    ScriptedOrigin origin;
    QVERIFY2(origin.start(), qPrintable(origin.errorString()));
    const QByteArray body(3000, 'x');
    origin.enqueue(ScriptedResponse::make(
        200, { { "ETag", "\"v1\"" }, { "Cache-Control", "max-age=0" }, { "Set-Cookie", "sid=secret" } }, body));
    origin.setDefaultResponse(ScriptedResponse::make(304, { { "ETag", "\"v1\"" }, { "Cache-Control", "max-age=0" } }));
    const QString url = origin.url(QStringLiteral("/app.js")).toString();
    QTemporaryDir store;
    CliRun run = cli({ QStringLiteral("watch"), url, QStringLiteral("--count"), QStringLiteral("3"),
        QStringLiteral("--interval"), QStringLiteral("0"), QStringLiteral("--store"), store.path() });
    QVERIFY2(run.exitCode == 0, run.err.constData());

    const QString harPath = store.filePath(QStringLiteral("out.har"));
    run = cli({ QStringLiteral("har"), QStringLiteral("export"), QStringLiteral("--url"), url, QStringLiteral("-o"),
        harPath, QStringLiteral("--store"), store.path() });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QFile file(harPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject log = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("log")).toObject();
    QCOMPARE(log.value(QStringLiteral("version")).toString(), QStringLiteral("1.2"));
    const QJsonArray entries = log.value(QStringLiteral("entries")).toArray();
    QCOMPARE(entries.size(), 3);
    const QJsonObject first = entries.at(0).toObject();
    const QJsonObject second = entries.at(1).toObject();
    const QJsonObject response = second.value(QStringLiteral("response")).toObject();
    QCOMPARE(first.value(QStringLiteral("response")).toObject().value(QStringLiteral("status")).toInt(), 200);
    QCOMPARE(header(first.value(QStringLiteral("response")).toObject(), QStringLiteral("Set-Cookie")),
        QStringLiteral("[redacted]"));
    QCOMPARE(response.value(QStringLiteral("status")).toInt(), 304);
    QCOMPARE(response.value(QStringLiteral("statusText")).toString(), QStringLiteral("Not Modified"));
    // The request as really sent: the conditional header CacheScope added is there, as the origin got it.
    QCOMPARE(header(second.value(QStringLiteral("request")).toObject(), QStringLiteral("If-None-Match")),
        QStringLiteral("\"v1\""));
    QCOMPARE(origin.requests().at(1).header("If-None-Match"), QByteArray("\"v1\""));
    QCOMPARE(
        headerArray(second.value(QStringLiteral("request")).toObject()).size(), origin.requests().at(1).headers.size());
    QCOMPARE(first.value(QStringLiteral("response")).toObject().value(QStringLiteral("bodySize")).toInt(), body.size());
    QVERIFY(response.value(QStringLiteral("_transferSize")).toInt() > 0);
    QCOMPARE(
        response.value(QStringLiteral("_transferSize")).toInt(), response.value(QStringLiteral("headersSize")).toInt());
    const QJsonObject notes = second.value(QStringLiteral("_cachescope")).toObject();
    QVERIFY(notes.value(QStringLiteral("bytesSaved")).toInt() > 2900);
    QCOMPARE(notes.value(QStringLiteral("contentChanged")).toString(), QStringLiteral("no"));
    QVERIFY(notes.value(QStringLiteral("notes")).isArray());

    run = cli({ QStringLiteral("har"), QStringLiteral("export"), QStringLiteral("--all"), QStringLiteral("--last"),
        QStringLiteral("1"), QStringLiteral("--include-secrets"), QStringLiteral("--store"), store.path() });
    QCOMPARE(run.exitCode, 0);
    const QJsonObject lastOnly = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("log")).toObject();
    QCOMPARE(lastOnly.value(QStringLiteral("entries")).toArray().size(), 1);
    QVERIFY(!lastOnly.contains(QStringLiteral("comment"))); // no redaction notice with --include-secrets

    // Import what was exported: three revalidatable responses, two of them 304s already.
    run = cli({ QStringLiteral("har"), QStringLiteral("import"), harPath, QStringLiteral("--json") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject summary = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("summary")).toObject();
    QCOMPARE(summary.value(QStringLiteral("responses")).toInt(), 3);
    QCOMPARE(summary.value(QStringLiteral("revalidatable")).toInt(), 3);
    QCOMPARE(summary.value(QStringLiteral("not_modified")).toInt(), 2);
    QCOMPARE(summary.value(QStringLiteral("potential_saving")).toInteger(), qint64(body.size()));

    // And revalidate it with an empty store: the HAR's own validators go out.
    QTemporaryDir other;
    origin.clearRequests();
    run = cli({ QStringLiteral("har"), QStringLiteral("import"), harPath, QStringLiteral("--revalidate"),
        QStringLiteral("--store"), other.path() });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(origin.requestCount(), 1); // one URL, once
    QCOMPARE(origin.lastRequest().header("If-None-Match"), QByteArray("\"v1\""));
    QVERIFY2(run.out.startsWith("304  " + url.toUtf8()), run.out.constData());
}

QTEST_GUILESS_MAIN(tst_HarCli)
#include "tst_harcli.moc"
