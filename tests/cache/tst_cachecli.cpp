// cachescope-cli cache: runs the real program against stores this test fills through ValidatorStore.
#include "cache/validatorstore.h"
#include "support/clirun.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

// `cachescope-cli cache ARGUMENTS`, with CACHESCOPE_STORE set only when given.
Run runCli(const QStringList &arguments, const QString &storeEnv = {})
{
    TestSupport::CliOptions options;
    options.environment.remove(QStringLiteral("CACHESCOPE_STORE"));
    if (!storeEnv.isEmpty())
        options.environment.insert(QStringLiteral("CACHESCOPE_STORE"), storeEnv);
    const TestSupport::CliRun run = TestSupport::runCli(QStringList { QStringLiteral("cache") } + arguments, options);
    return { run.exitCode, run.outText(), run.errText() };
}

QJsonObject parseJson(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    return error.error == QJsonParseError::NoError ? document.object() : QJsonObject();
}

QDateTime utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs);
}

CacheEntry makeEntry(const char *url, const HttpHeaders &request, const HttpHeaders &response, const QByteArray &body)
{
    CacheEntry entry;
    entry.url = QUrl(QString::fromLatin1(url));
    entry.requestHeaders = request;
    entry.status = 200;
    entry.reason = "OK";
    entry.responseHeaders = response;
    entry.body = body;
    entry.headerWireSize = 150;
    entry.bodyWireSize = 40;
    entry.requestTime = utc("2026-11-25T10:00:00.000Z");
    entry.responseTime = utc("2026-11-25T10:00:00.250Z");
    entry.storedAt = utc("2026-11-25T10:00:01.000Z");
    return entry;
}

const QStringList summaryKeys { QStringLiteral("body_size"), QStringLiteral("body_wire_size"),
    QStringLiteral("cache_control"), QStringLiteral("content_type"), QStringLiteral("etag"),
    QStringLiteral("header_wire_size"), QStringLiteral("id"), QStringLiteral("last_modified"),
    QStringLiteral("last_validated"), QStringLiteral("method"), QStringLiteral("request_time"),
    QStringLiteral("response_time"), QStringLiteral("status"), QStringLiteral("stored_at"), QStringLiteral("url"),
    QStringLiteral("vary_key"), QStringLiteral("wire_size") };

} // namespace

class tst_CacheCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void help();
    void usageErrors_data();
    void usageErrors();
    void missingStoreIsEmptyAndNotCreated();
    void listHuman();
    void listJson();
    void showJson();
    void showHuman();
    void showNothing();
    void deleteUrl();
    void clear();
    void storeErrors();
    void corruptStoreIsMovedAside();
    void storeFromEnvironment();
    void waitsForAnotherProcess();

private:
    void fill();
    std::unique_ptr<QTemporaryDir> m_dir;
    QString store() const { return m_dir->path(); }
    QString dbPath() const { return m_dir->filePath(QStringLiteral("cachescope.sqlite")); }
    qint64 m_gzip = 0;
};

void tst_CacheCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_CacheCli::fill()
{
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    const HttpHeaders vary { { "Content-Type", "text/css" }, { "Vary", "Accept-Encoding" }, { "ETag", "\"a1\"" },
        { "Cache-Control", "max-age=60" }, { "Cache-Control", "public" } };
    m_gzip = store.put(makeEntry("https://a.example/style.css", { { "Accept-Encoding", "gzip" } }, vary, "gz body"));
    QVERIFY(m_gzip > 0);
    CacheEntry br = makeEntry("https://a.example/style.css", { { "Accept-Encoding", "br" } }, vary, "br");
    br.lastValidated = utc("2026-11-25T11:00:00.000Z");
    QVERIFY(store.put(br) > 0);
    CacheEntry head = makeEntry("https://a.example/style.css", {}, {}, "");
    head.method = "HEAD";
    QVERIFY(store.put(head) > 0);
    CacheEntry other = makeEntry("http://b.example:8080/x?y=1", { { "X", "1" } },
        { { "Last-Modified", "Tue, 24 Nov 2026 09:00:00 GMT" } }, QByteArray(3000, 'b'));
    other.status = 203;
    QVERIFY(store.put(other) > 0);
    QCOMPARE(store.count(), 4);
}

void tst_CacheCli::help()
{
    const Run run = runCli({ QStringLiteral("--help") });
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith(QLatin1String("Usage: cachescope-cli cache ACTION")));
    for (const char *word : { "list", "show URL", "delete URL", "clear", "--json", "--store DIR" })
        QVERIFY2(run.out.contains(QLatin1String(word)), word);
}

void tst_CacheCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    QTest::addRow("no action") << QStringList {} << QStringLiteral("missing action");
    QTest::addRow("unknown action") << QStringList { QStringLiteral("frobnicate") }
                                    << QStringLiteral("unknown action 'frobnicate'");
    QTest::addRow("show without URL") << QStringList { QStringLiteral("show") } << QStringLiteral("exactly one URL");
    QTest::addRow("delete with two URLs") << QStringList { QStringLiteral("delete"), QStringLiteral("http://a/"),
        QStringLiteral("http://b/") } << QStringLiteral("exactly one URL");
    QTest::addRow("list with an argument") << QStringList { QStringLiteral("list"), QStringLiteral("http://a/") }
                                           << QStringLiteral("takes no other argument");
    QTest::addRow("unsupported scheme") << QStringList { QStringLiteral("show"), QStringLiteral("ftp://a.example/") }
                                        << QStringLiteral("unsupported scheme 'ftp'");
    QTest::addRow("empty URL") << QStringList { QStringLiteral("delete"), QString() } << QStringLiteral("empty");
    QTest::addRow("URL with spaces") << QStringList { QStringLiteral("show"), QStringLiteral("http://a b/") }
                                     << QStringLiteral("whitespace");
    QTest::addRow("unknown option") << QStringList { QStringLiteral("list"), QStringLiteral("--bogus") }
                                    << QStringLiteral("bogus");
    QTest::addRow("--store without value")
        << QStringList { QStringLiteral("list"), QStringLiteral("--store") } << QStringLiteral("store");
    QTest::addRow("--store empty") << QStringList { QStringLiteral("list"), QStringLiteral("--store=") }
                                   << QStringLiteral("--store needs a directory");
}

void tst_CacheCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run run = runCli(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(run.err.contains(QLatin1String("cachescope-cli cache --help")));
    QCOMPARE(run.out, QString());
}

void tst_CacheCli::missingStoreIsEmptyAndNotCreated()
{
    const QString dir = m_dir->filePath(QStringLiteral("not-yet"));
    Run run = runCli({ QStringLiteral("list"), QStringLiteral("--store"), dir });
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(QLatin1String("No stored responses")), qPrintable(run.out));
    run = runCli({ QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--store"), dir });
    QCOMPARE(run.exitCode, 0);
    const QJsonObject json = parseJson(run.out);
    QCOMPARE(json.value(QStringLiteral("count")).toInt(-1), 0);
    QCOMPARE(json.value(QStringLiteral("entries")).toArray().size(), 0);
    QCOMPARE(json.value(QStringLiteral("store")).toString(), dir + QStringLiteral("/cachescope.sqlite"));
    run = runCli({ QStringLiteral("clear"), QStringLiteral("--store"), dir });
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith(QLatin1String("Deleted 0 stored responses")));
    QVERIFY(!QFileInfo::exists(dir));
}

void tst_CacheCli::listHuman()
{
    fill();
    const Run run = runCli({ QStringLiteral("list"), QStringLiteral("--store"), store() });
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    const QStringList lines = run.out.split(QLatin1Char('\n'));
    // Header, four rows sorted by URL then method, a blank line, the total.
    QVERIFY2(lines.size() >= 7, qPrintable(run.out));
    QVERIFY(lines[0].startsWith(QLatin1String("ID")));
    const qsizetype urlColumn = lines[0].indexOf(QLatin1String("URL"));
    const qsizetype statusColumn = lines[0].indexOf(QLatin1String("STATUS"));
    QVERIFY(urlColumn > 0);
    for (int i = 1; i <= 4; ++i) {
        QCOMPARE(lines[i].indexOf(QLatin1String("http")), urlColumn);
        QVERIFY(lines[i].at(statusColumn).isDigit());
    }
    QVERIFY(lines[1].contains(QLatin1String("http://b.example:8080/x?y=1")));
    QVERIFY(lines[1].contains(QLatin1String("203")));
    QVERIFY(lines[1].contains(QLatin1String("2.93 KiB")));
    QVERIFY(lines[2].contains(QLatin1String("GET")));
    QVERIFY(lines[2].contains(QLatin1String("[vary: accept-encoding=br]")));
    QVERIFY(lines[2].contains(QLatin1String("2026-11-25 11:00:00"))); // validated
    QVERIFY(lines[3].contains(QLatin1String("[vary: accept-encoding=gzip]")));
    QVERIFY(lines[3].contains(QLatin1String("2026-11-25 10:00:01")));
    QVERIFY(lines[4].contains(QLatin1String("HEAD")));
    QVERIFY2(run.out.contains(QLatin1String("4 stored responses, 2.94 KiB of bodies")), qPrintable(run.out));
}

void tst_CacheCli::listJson()
{
    fill();
    const Run run = runCli({ QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--store"), store() });
    QCOMPARE(run.exitCode, 0);
    const QJsonObject json = parseJson(run.out);
    QCOMPARE(json.keys(),
        (QStringList { QStringLiteral("count"), QStringLiteral("entries"), QStringLiteral("store"),
            QStringLiteral("total_body_size") }));
    QCOMPARE(json.value(QStringLiteral("store")).toString(), dbPath());
    QCOMPARE(json.value(QStringLiteral("count")).toInt(), 4);
    QCOMPARE(json.value(QStringLiteral("total_body_size")).toInteger(), 3009);
    const QJsonArray entries = json.value(QStringLiteral("entries")).toArray();
    QCOMPARE(entries.size(), 4);
    for (const QJsonValue &entry : entries)
        QCOMPARE(entry.toObject().keys(), summaryKeys);
    const QJsonObject gzip = entries.at(2).toObject();
    QCOMPARE(gzip.value(QStringLiteral("id")).toInteger(), m_gzip);
    QCOMPARE(gzip.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
    QCOMPARE(gzip.value(QStringLiteral("url")).toString(), QStringLiteral("https://a.example/style.css"));
    QCOMPARE(gzip.value(QStringLiteral("vary_key")).toString(), QStringLiteral("accept-encoding=gzip"));
    QCOMPARE(gzip.value(QStringLiteral("status")).toInt(), 200);
    QCOMPARE(gzip.value(QStringLiteral("content_type")).toString(), QStringLiteral("text/css"));
    QCOMPARE(gzip.value(QStringLiteral("etag")).toString(), QStringLiteral("\"a1\""));
    QCOMPARE(gzip.value(QStringLiteral("cache_control")).toString(), QStringLiteral("max-age=60, public"));
    QVERIFY(gzip.value(QStringLiteral("last_modified")).isNull());
    QCOMPARE(gzip.value(QStringLiteral("body_size")).toInteger(), 7);
    QCOMPARE(gzip.value(QStringLiteral("header_wire_size")).toInteger(), 150);
    QCOMPARE(gzip.value(QStringLiteral("body_wire_size")).toInteger(), 40);
    QCOMPARE(gzip.value(QStringLiteral("wire_size")).toInteger(), 190);
    QCOMPARE(gzip.value(QStringLiteral("request_time")).toString(), QStringLiteral("2026-11-25T10:00:00.000Z"));
    QCOMPARE(gzip.value(QStringLiteral("response_time")).toString(), QStringLiteral("2026-11-25T10:00:00.250Z"));
    QCOMPARE(gzip.value(QStringLiteral("stored_at")).toString(), QStringLiteral("2026-11-25T10:00:01.000Z"));
    QVERIFY(gzip.value(QStringLiteral("last_validated")).isNull());
    QCOMPARE(entries.at(1).toObject().value(QStringLiteral("last_validated")).toString(),
        QStringLiteral("2026-11-25T11:00:00.000Z"));
    QCOMPARE(entries.at(0).toObject().value(QStringLiteral("last_modified")).toString(),
        QStringLiteral("Tue, 24 Nov 2026 09:00:00 GMT"));
}

void tst_CacheCli::showJson()
{
    fill();
    const Run run = runCli({ QStringLiteral("show"), QStringLiteral("https://A.example:443/style.css#frag"),
        QStringLiteral("--json"), QStringLiteral("--store"), store() });
    QCOMPARE(run.exitCode, 0);
    const QJsonObject json = parseJson(run.out);
    QCOMPARE(json.value(QStringLiteral("url")).toString(), QStringLiteral("https://a.example/style.css"));
    QCOMPARE(json.value(QStringLiteral("store")).toString(), dbPath());
    const QJsonArray variants = json.value(QStringLiteral("variants")).toArray();
    QCOMPARE(variants.size(), 3);
    QStringList keys = summaryKeys;
    keys.removeAll(QStringLiteral("cache_control"));
    keys.removeAll(QStringLiteral("content_type"));
    keys.removeAll(QStringLiteral("etag"));
    keys.removeAll(QStringLiteral("last_modified"));
    keys << QStringLiteral("http_version") << QStringLiteral("reason") << QStringLiteral("request_headers")
         << QStringLiteral("response_headers");
    keys.sort();
    const QJsonObject gzip = variants.at(1).toObject(); // by method, then vary key: GET br, GET gzip, HEAD
    QCOMPARE(gzip.keys(), keys);
    QCOMPARE(variants.at(0).toObject().value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
    QCOMPARE(
        variants.at(0).toObject().value(QStringLiteral("vary_key")).toString(), QStringLiteral("accept-encoding=br"));
    QCOMPARE(variants.at(2).toObject().value(QStringLiteral("method")).toString(), QStringLiteral("HEAD"));
    QCOMPARE(variants.at(2).toObject().value(QStringLiteral("vary_key")).toString(), QString());
    QCOMPARE(gzip.value(QStringLiteral("id")).toInteger(), m_gzip);
    QCOMPARE(gzip.value(QStringLiteral("reason")).toString(), QStringLiteral("OK"));
    QCOMPARE(gzip.value(QStringLiteral("http_version")).toString(), QStringLiteral("HTTP/1.1"));
    QCOMPARE(gzip.value(QStringLiteral("body_size")).toInteger(), 7);
    const QJsonArray response = gzip.value(QStringLiteral("response_headers")).toArray();
    QCOMPARE(response.size(), 5);
    QCOMPARE(response.at(3).toArray(), (QJsonArray { QStringLiteral("Cache-Control"), QStringLiteral("max-age=60") }));
    QCOMPARE(response.at(4).toArray(), (QJsonArray { QStringLiteral("Cache-Control"), QStringLiteral("public") }));
    QCOMPARE(gzip.value(QStringLiteral("request_headers")).toArray(),
        (QJsonArray { QJsonArray { QStringLiteral("Accept-Encoding"), QStringLiteral("gzip") } }));
    QVERIFY(!run.out.contains(QLatin1String("gz body"))); // sizes, never bodies
}

void tst_CacheCli::showHuman()
{
    fill();
    const Run run = runCli(
        { QStringLiteral("show"), QStringLiteral("https://a.example/style.css"), QStringLiteral("--store"), store() });
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(QLatin1String("GET https://a.example/style.css   [entry ")), qPrintable(run.out));
    QCOMPARE(run.out.count(QLatin1String("[entry ")), 3);
    QVERIFY(run.out.contains(QLatin1String("\nHEAD https://a.example/style.css   [entry ")));
    for (const char *text : { "accept-encoding=br", "accept-encoding=gzip", "none (no Vary)", "HTTP/1.1 200 OK",
             "7 B stored (7 bytes)", "150 B headers + 40 B body = 190 B", "2026-11-25 10:00:00.250 UTC",
             "2026-11-25 11:00:00.000 UTC", "    Cache-Control: max-age=60\n    Cache-Control: public\n",
             "  request headers:\n    Accept-Encoding: gzip\n" })
        QVERIFY2(run.out.contains(QLatin1String(text)), text);
    QVERIFY(!run.out.contains(QLatin1String("gz body")));
    // Values line up in one column.
    const QStringList lines = run.out.split(QLatin1Char('\n'));
    const auto valueColumn = [&lines](const char *label) {
        for (const QString &line : lines) {
            if (line.startsWith(QLatin1String(label)))
                return line.indexOf(QRegularExpression(QStringLiteral("\\S")), qsizetype(qstrlen(label)));
        }
        return qsizetype(-1);
    };
    QVERIFY(valueColumn("  vary key") > 0);
    QCOMPARE(valueColumn("  vary key"), valueColumn("  last validated"));
    QCOMPARE(valueColumn("  status"), valueColumn("  response received"));

    // http:// is assumed when the scheme is left out, as for `get`: the https entries are another URL.
    const Run plain
        = runCli({ QStringLiteral("show"), QStringLiteral("a.example/style.css"), QStringLiteral("--store"), store() });
    QCOMPARE(plain.exitCode, 0);
    QVERIFY2(
        plain.out.startsWith(QLatin1String("Nothing stored for http://a.example/style.css")), qPrintable(plain.out));
}

void tst_CacheCli::showNothing()
{
    fill();
    const Run run
        = runCli({ QStringLiteral("show"), QStringLiteral("https://c.example/"), QStringLiteral("--store"), store() });
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(QLatin1String("Nothing stored for https://c.example/")), qPrintable(run.out));
    const Run json = runCli({ QStringLiteral("show"), QStringLiteral("https://c.example/"), QStringLiteral("--json"),
        QStringLiteral("--store"), store() });
    QCOMPARE(parseJson(json.out).value(QStringLiteral("variants")).toArray().size(), 0);
}

void tst_CacheCli::deleteUrl()
{
    fill();
    Run run = runCli({ QStringLiteral("delete"), QStringLiteral("https://a.example/style.css"),
        QStringLiteral("--store"), store() });
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(QLatin1String("Deleted 3 stored responses for https://a.example/style.css")),
        qPrintable(run.out));
    run = runCli({ QStringLiteral("delete"), QStringLiteral("https://a.example/style.css"), QStringLiteral("--json"),
        QStringLiteral("--store"), store() });
    QCOMPARE(run.exitCode, 0);
    const QJsonObject json = parseJson(run.out);
    QCOMPARE(json.value(QStringLiteral("deleted")).toInteger(-1), 0);
    QCOMPARE(json.value(QStringLiteral("url")).toString(), QStringLiteral("https://a.example/style.css"));
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    QCOMPARE(store.count(), 1);
}

void tst_CacheCli::clear()
{
    fill();
    const Run run = runCli({ QStringLiteral("clear"), QStringLiteral("--json"), QStringLiteral("--store"), store() });
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(parseJson(run.out).value(QStringLiteral("deleted")).toInteger(-1), 4);
    ValidatorStore store;
    QVERIFY(store.open(dbPath()));
    QCOMPARE(store.count(), 0);
}

void tst_CacheCli::storeErrors()
{
    QVERIFY(QDir(store()).mkdir(QStringLiteral("cachescope.sqlite")));
    for (const QString &action : { QStringLiteral("list"), QStringLiteral("clear") }) {
        const Run run = runCli({ action, QStringLiteral("--store"), store() });
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.err.contains(QLatin1String("is a directory")), qPrintable(run.err));
        QCOMPARE(run.out, QString());
    }
    QFile file(m_dir->filePath(QStringLiteral("a-file")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const Run run = runCli({ QStringLiteral("list"), QStringLiteral("--store"), file.fileName() });
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.err.contains(QLatin1String("not a directory")), qPrintable(run.err));
}

void tst_CacheCli::corruptStoreIsMovedAside()
{
    QFile file(dbPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a database at all");
    file.close();
    const Run run = runCli({ QStringLiteral("list"), QStringLiteral("--store"), store() });
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.contains(QLatin1String("warning:")) && run.err.contains(QLatin1String(".corrupt-")),
        qPrintable(run.err));
    QVERIFY(run.out.startsWith(QLatin1String("No stored responses")));
    const QStringList aside = QDir(store()).entryList({ QStringLiteral("cachescope.sqlite.corrupt-*") });
    QCOMPARE(aside.size(), 1);
}

void tst_CacheCli::storeFromEnvironment()
{
    fill();
    const Run run = runCli({ QStringLiteral("list"), QStringLiteral("--json") }, store());
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(parseJson(run.out).value(QStringLiteral("count")).toInt(), 4);
    QCOMPARE(parseJson(run.out).value(QStringLiteral("store")).toString(), dbPath());
}

void tst_CacheCli::waitsForAnotherProcess()
{
    fill();
    QProcess process;
    const QString connection = QStringLiteral("tst-cachecli-lock");
    {
        // This process holds the store's write lock, as a CacheScope window storing a response would.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(dbPath());
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("BEGIN IMMEDIATE")));
        QVERIFY(query.exec(QStringLiteral("UPDATE entries SET status = 299")));
        process.start(TestSupport::cliPath(),
            { QStringLiteral("cache"), QStringLiteral("clear"), QStringLiteral("--json"), QStringLiteral("--store"),
                store() });
        QVERIFY(process.waitForStarted());
        // The CLI waits for the lock (busy timeout) instead of failing with "database is locked".
        QVERIFY2(!process.waitForFinished(1500), process.readAllStandardError().constData());
        QVERIFY(query.exec(QStringLiteral("COMMIT")));
    }
    QSqlDatabase::removeDatabase(connection);
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(
        parseJson(QString::fromUtf8(process.readAllStandardOutput())).value(QStringLiteral("deleted")).toInteger(-1),
        4);
}

QTEST_GUILESS_MAIN(tst_CacheCli)
#include "tst_cachecli.moc"
