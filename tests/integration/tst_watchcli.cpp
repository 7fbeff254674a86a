#include "../cache/storetestutil.h"
#include "client/timeline.h"
#include "support/clirun.h"
#include "support/nginxserver.h"

#include <csignal>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <signal.h>

using namespace CacheScope;
using namespace CacheScope::TestSupport;

namespace {

QList<QJsonObject> jsonLines(const QByteArray &output)
{
    QList<QJsonObject> objects;
    for (const QByteArray &line : output.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            return {}; // every line must be one JSON object
        objects.append(document.object());
    }
    return objects;
}

qint64 bytesOf(const QJsonObject &event, const char *field)
{
    return event.value(QStringLiteral("bytes")).toObject().value(QLatin1String(field)).toInteger();
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

} // namespace

// `cachescope-cli watch` and `timeline` against a real nginx on 127.0.0.1.
class tst_WatchCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void watchThenTimeline();
    void manyLinesInOrder_data();
    void manyLinesInOrder();
    void interruptPrintsSummary_data();
    void interruptPrintsSummary();
    void usageErrors_data();
    void usageErrors();
    void storeThatRefusesWrites();

private:
    std::unique_ptr<QTemporaryDir> m_root;
    std::unique_ptr<NginxServer> m_nginx;
    QString filePath() const { return m_root->filePath(QStringLiteral("watched.txt")); }
};

void tst_WatchCli::initTestCase()
{
    CACHESCOPE_REQUIRE_SERVER(NginxServer);
    m_root = std::make_unique<QTemporaryDir>();
    QVERIFY(writeFile(filePath(), QByteArray(3000, 'a')));
    m_nginx = std::make_unique<NginxServer>(m_root->path());
    QVERIFY2(m_nginx->start(), qPrintable(m_nginx->errorString()));
}

void tst_WatchCli::watchThenTimeline()
{
    QTemporaryDir store;
    const QString url = m_nginx->url(QStringLiteral("/watched.txt")).toString();
    CliRun run = runCli(
        { QStringLiteral("watch"), url, QStringLiteral("--interval"), QStringLiteral("0"), QStringLiteral("--count"),
            QStringLiteral("3"), QStringLiteral("--json"), QStringLiteral("--store"), store.path() });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QByteArray watchOutput = run.out;
    QList<QJsonObject> lines = jsonLines(run.out);
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(0).value(QStringLiteral("status")).toInt(), 200);
    const qint64 fullWire = bytesOf(lines.at(0), "wire_total");
    QVERIFY(fullWire > 3000);
    qint64 savedTotal = 0;
    for (int i = 1; i < 3; ++i) {
        QCOMPARE(lines.at(i).value(QStringLiteral("status")).toInt(), 304);
        QVERIFY(!lines.at(i)
                     .value(QStringLiteral("validators_sent"))
                     .toObject()
                     .value(QStringLiteral("if_none_match"))
                     .isNull());
        QCOMPARE(lines.at(i).value(QStringLiteral("content_changed")).toString(), QStringLiteral("no"));
        // Bytes saved: the stored full response's wire size minus the 304's.
        QCOMPARE(bytesOf(lines.at(i), "saved"), fullWire - bytesOf(lines.at(i), "wire_total"));
        savedTotal += bytesOf(lines.at(i), "saved");
    }
    const QJsonObject overall
        = lines.at(3).value(QStringLiteral("summary")).toObject().value(QStringLiteral("overall")).toObject();
    QCOMPARE(overall.value(QStringLiteral("requests")).toInt(), 3);
    QCOMPARE(overall.value(QStringLiteral("ok")).toInt(), 1);
    QCOMPARE(overall.value(QStringLiteral("not_modified")).toInt(), 2);
    QCOMPARE(overall.value(QStringLiteral("bytes_saved")).toInteger(), savedTotal);
    QVERIFY(!lines.at(3).value(QStringLiteral("summary")).toObject().value(QStringLiteral("interrupted")).toBool());

    // A new version of the file (other size, later mtime): nginx's ETag and Last-Modified change.
    QVERIFY(writeFile(filePath(), QByteArray(5000, 'b')));
    QFile file(filePath());
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(QDateTime::currentDateTimeUtc().addSecs(60), QFileDevice::FileModificationTime));
    file.close();
    run = runCli({ QStringLiteral("watch"), url, QStringLiteral("--count"), QStringLiteral("1"),
        QStringLiteral("--json"), QStringLiteral("--store"), store.path() });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    watchOutput += run.out;
    lines = jsonLines(run.out);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0).value(QStringLiteral("status")).toInt(), 200);
    QCOMPARE(lines.at(0).value(QStringLiteral("content_changed")).toString(), QStringLiteral("yes"));
    QCOMPARE(bytesOf(lines.at(0), "decoded_body"), 5000);

    // The history outlives the processes that recorded it.
    run = runCli(
        { QStringLiteral("timeline"), url, QStringLiteral("--json"), QStringLiteral("--store"), store.path() });
    QCOMPARE(run.exitCode, 0);
    const QJsonObject timeline = QJsonDocument::fromJson(run.out).object();
    const QJsonArray events = timeline.value(QStringLiteral("events")).toArray();
    QCOMPARE(events.size(), 4);
    QList<int> statuses;
    for (const QJsonValue &event : events)
        statuses.append(event.toObject().value(QStringLiteral("status")).toInt());
    QCOMPARE(statuses, (QList<int> { 200, 304, 304, 200 }));
    QCOMPARE(events.at(3).toObject().value(QStringLiteral("content_changed")).toString(), QStringLiteral("yes"));
    // watch writes its JSON lines itself: each must be what QJsonDocument writes for the event that
    // `timeline --json` reads back from the store, byte for byte (same keys, order, escapes and numbers).
    int compared = 0;
    for (const QByteArray &line : watchOutput.split('\n')) {
        const QJsonObject printed = QJsonDocument::fromJson(line).object();
        if (printed.contains(QStringLiteral("summary")) || line.isEmpty())
            continue;
        QCOMPARE(QJsonDocument(printed).toJson(QJsonDocument::Compact), line);
        for (const QJsonValue &event : events) {
            if (event.toObject().value(QStringLiteral("id")) == printed.value(QStringLiteral("id"))) {
                QCOMPARE(printed, event.toObject());
                ++compared;
            }
        }
    }
    QCOMPARE(compared, 4);
    QCOMPARE(timeline.value(QStringLiteral("summary"))
                 .toObject()
                 .value(QStringLiteral("overall"))
                 .toObject()
                 .value(QStringLiteral("bytes_saved"))
                 .toInteger(),
        savedTotal);

    run = runCli({ QStringLiteral("timeline"), url, QStringLiteral("--csv"), QStringLiteral("--store"), store.path() });
    QCOMPARE(run.exitCode, 0);
    const QList<QByteArray> rows = run.out.trimmed().split('\n');
    QCOMPARE(rows.size(), 5);
    QCOMPARE(rows.at(0).trimmed(), timelineCsvColumns().join(QLatin1Char(',')).toUtf8());
    QVERIFY(rows.at(2).contains(",304,"));
    QVERIFY(run.out.contains("\r\n"));

    run = runCli({ QStringLiteral("timeline"), url, QStringLiteral("--store"), store.path() });
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("requests 4, 200: 2, 304: 2"));

    run = runCli(
        { QStringLiteral("timeline"), url, QStringLiteral("--clear"), QStringLiteral("--store"), store.path() });
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("Removed 4 events"), run.out.constData());
    run = runCli({ QStringLiteral("timeline"), QStringLiteral("--all"), QStringLiteral("--store"), store.path() });
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("No events stored"));
}

void tst_WatchCli::manyLinesInOrder_data()
{
    QTest::addColumn<bool>("json");
    QTest::addRow("text") << false;
    QTest::addRow("JSON") << true;
}

// Back to back, the lines come from many store-writer batches and are written by the printer thread many at
// a time: every exchange still gets exactly one line, in the order of the stored events, before the summary.
void tst_WatchCli::manyLinesInOrder()
{
    QFETCH(bool, json);
    const int count = 400;
    QTemporaryDir store;
    const QString url = m_nginx->url(QStringLiteral("/watched.txt")).toString();
    QStringList arguments { QStringLiteral("watch"), url, QStringLiteral("--interval"), QStringLiteral("0"),
        QStringLiteral("--count"), QString::number(count), QStringLiteral("--store"), store.path() };
    if (json)
        arguments.append(QStringLiteral("--json"));
    const CliRun run = runCli(arguments);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.isEmpty(), run.err.constData());

    const CliRun stored = runCli(
        { QStringLiteral("timeline"), url, QStringLiteral("--json"), QStringLiteral("--store"), store.path() });
    QCOMPARE(stored.exitCode, 0);
    const QJsonArray events = QJsonDocument::fromJson(stored.out).object().value(QStringLiteral("events")).toArray();
    QCOMPARE(events.size(), count);

    if (json) {
        const QList<QJsonObject> lines = jsonLines(run.out);
        QCOMPARE(lines.size(), count + 1);
        for (int i = 0; i < count; ++i)
            QCOMPARE(lines.at(i), events.at(i).toObject());
        QVERIFY(lines.last().contains(QStringLiteral("summary")));
        return;
    }
    const QList<QByteArray> lines = run.out.split('\n');
    QVERIFY(lines.size() > count);
    for (int i = 0; i < count; ++i) {
        const QJsonObject event = events.at(i).toObject();
        const QByteArray status = ' ' + QByteArray::number(event.value(QStringLiteral("status")).toInt()) + ' ';
        QVERIFY2(lines.at(i).startsWith(event.value(QStringLiteral("time")).toString().toUtf8()), lines.at(i));
        QVERIFY2(lines.at(i).contains(status), lines.at(i));
    }
    QCOMPARE(lines.at(count), QByteArray());
    QCOMPARE(lines.at(count + 1), QByteArray("Summary"));
}

void tst_WatchCli::interruptPrintsSummary_data()
{
    QTest::addColumn<bool>("json");
    QTest::addColumn<int>("signal");
    QTest::addRow("Ctrl+C, text") << false << int(SIGINT);
    QTest::addRow("SIGTERM, JSON") << true << int(SIGTERM);
}

void tst_WatchCli::interruptPrintsSummary()
{
    QFETCH(bool, json);
    QFETCH(int, signal);
    QTemporaryDir store;
    QStringList arguments { QStringLiteral("watch"), m_nginx->url(QStringLiteral("/watched.txt")).toString(),
        QStringLiteral("--interval"), QStringLiteral("1"), QStringLiteral("--store"), store.path() };
    if (json)
        arguments.append(QStringLiteral("--json"));
    QProcess cli;
    cli.start(cliPath(), arguments);
    QVERIFY(cli.waitForStarted());
    QByteArray output;
    while (!output.contains('\n') && cli.waitForReadyRead(20000))
        output += cli.readAllStandardOutput();
    QVERIFY2(output.contains('\n'), "no exchange line before the signal");
    QCOMPARE(::kill(pid_t(cli.processId()), signal), 0);
    QVERIFY(cli.waitForFinished(20000));
    output += cli.readAllStandardOutput();
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QCOMPARE(cli.exitCode(), 130);
    if (json) {
        const QList<QJsonObject> lines = jsonLines(output);
        QVERIFY(lines.size() >= 2);
        const QJsonObject summary = lines.last().value(QStringLiteral("summary")).toObject();
        QVERIFY(summary.value(QStringLiteral("interrupted")).toBool());
        QVERIFY(summary.value(QStringLiteral("overall")).toObject().value(QStringLiteral("requests")).toInt() >= 1);
    } else {
        QVERIFY2(output.contains("\nSummary\n"), output.constData());
        QVERIFY(output.contains("overall  requests "));
    }
}

void tst_WatchCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString url = QStringLiteral("http://127.0.0.1:9/x");
    QTest::addRow("no URL") << QStringList { QStringLiteral("watch") } << QStringLiteral("at least one URL");
    QTest::addRow("ftp URL") << QStringList { QStringLiteral("watch"), QStringLiteral("ftp://example.com/") }
                             << QStringLiteral("not an http");
    QTest::addRow("interval not a number") << QStringList { QStringLiteral("watch"), url, QStringLiteral("--interval"),
        QStringLiteral("soon") } << QStringLiteral("--interval");
    QTest::addRow("negative interval") << QStringList { QStringLiteral("watch"), url, QStringLiteral("--interval"),
        QStringLiteral("-1") } << QStringLiteral("--interval");
    QTest::addRow("interval under a second")
        << QStringList { QStringLiteral("watch"), url, QStringLiteral("--interval"), QStringLiteral("0.2") }
        << QStringLiteral("out of range");
    QTest::addRow("count zero") << QStringList { QStringLiteral("watch"), url, QStringLiteral("--count"),
        QStringLiteral("0") } << QStringLiteral("--count");
    QTest::addRow("interval and when-stale") << QStringList { QStringLiteral("watch"), url,
        QStringLiteral("--interval"), QStringLiteral("5"), QStringLiteral("--when-stale") }
                                             << QStringLiteral("exclude");
    QTest::addRow("same URL twice") << QStringList { QStringLiteral("watch"), url, url } << QStringLiteral("twice");
    QTest::addRow("timeline without URL") << QStringList { QStringLiteral("timeline") } << QStringLiteral("one URL");
    QTest::addRow("timeline URL and --all")
        << QStringList { QStringLiteral("timeline"), url, QStringLiteral("--all") } << QStringLiteral("one URL");
    QTest::addRow("timeline json and csv") << QStringList { QStringLiteral("timeline"), url, QStringLiteral("--json"),
        QStringLiteral("--csv") } << QStringLiteral("exclude");
}

void tst_WatchCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QTemporaryDir store;
    const CliRun run = runCli(arguments + QStringList { QStringLiteral("--store"), store.path() });
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
    QVERIFY(run.out.isEmpty());
}

// A store whose writes all fail (here: triggers refuse them; a full disk does the same): every exchange is still
// printed, each distinct error is said once with a count of the rest, and the exit code says the store failed.
void tst_WatchCli::storeThatRefusesWrites()
{
    QTemporaryDir store;
    const QString url = m_nginx->url(QStringLiteral("/watched.txt")).toString();
    CliRun run = runCli({ QStringLiteral("watch"), url, QStringLiteral("--count"), QStringLiteral("1"),
        QStringLiteral("--json"), QStringLiteral("--store"), store.path() });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString database = QDir(store.path()).filePath(QStringLiteral("cachescope.sqlite"));
    QVERIFY(StoreTest::runSql(database,
        { QStringLiteral("CREATE TRIGGER refuse_events BEFORE INSERT ON timeline_events "
                         "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"),
            QStringLiteral("CREATE TRIGGER refuse_merges BEFORE UPDATE ON entries "
                           "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END") }));

    run = runCli(
        { QStringLiteral("watch"), url, QStringLiteral("--interval"), QStringLiteral("0"), QStringLiteral("--count"),
            QStringLiteral("20"), QStringLiteral("--json"), QStringLiteral("--store"), store.path() });
    QCOMPARE(run.exitCode, 3); // the store could not be written (README, exit codes)
    const QList<QJsonObject> lines = jsonLines(run.out);
    QCOMPARE(lines.size(), 21);
    for (int i = 0; i < 20; ++i) {
        QCOMPARE(lines.at(i).value(QStringLiteral("status")).toInt(), 304);
        QVERIFY(lines.at(i).value(QStringLiteral("id")).isNull()); // not stored
    }
    const QList<QByteArray> errors = run.err.trimmed().split('\n');
    QVERIFY2(errors.size() >= 2 && errors.size() <= 4, run.err.constData());
    for (const QByteArray &error : errors)
        QVERIFY2(error.contains("refused by the test") || error.contains("more store error(s)"), error.constData());
    QVERIFY2(errors.last().contains("more store error(s) like the above"), run.err.constData());

    // Nothing of that run is in the store; the run before it is.
    QVERIFY(StoreTest::runSql(
        database, { QStringLiteral("DROP TRIGGER refuse_events"), QStringLiteral("DROP TRIGGER refuse_merges") }));
    run = runCli(
        { QStringLiteral("timeline"), url, QStringLiteral("--json"), QStringLiteral("--store"), store.path() });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("events")).toArray().size(), 1);
}

QTEST_GUILESS_MAIN(tst_WatchCli)
#include "tst_watchcli.moc"
