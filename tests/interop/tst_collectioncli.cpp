#include "support/clirun.h"
#include "support/scriptedorigin.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope::TestSupport;

// `cachescope-cli collection add/list/run` as a child process against a ScriptedOrigin.
class tst_CollectionCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addListRun();
    void refused_data();
    void refused();

private:
    static CliRun cli(const QStringList &arguments) { return runCli(arguments); }
};

void tst_CollectionCli::addListRun()
{
    ScriptedOrigin origin;
    QVERIFY2(origin.start(), qPrintable(origin.errorString()));
    origin.setHandler([](const RecordedRequest &request, int) {
        if (request.header("If-None-Match") == "\"v1\"")
            return ScriptedResponse::make(304, { { "ETag", "\"v1\"" } });
        return ScriptedResponse::make(200, { { "ETag", "\"v1\"" }, { "Content-Type", "text/plain" } }, "hello world");
    });
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("team.http"));
    const QString store = dir.filePath(QStringLiteral("store"));
    const QString page = origin.url(QStringLiteral("/page")).toString();

    CliRun run = cli({ QStringLiteral("collection"), QStringLiteral("add"), file, page, QStringLiteral("--name"),
        QStringLiteral("page"), QStringLiteral("-H"), QStringLiteral("X-Team: cache"), QStringLiteral("--comment"),
        QStringLiteral("the landing page") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = cli({ QStringLiteral("collection"), QStringLiteral("add"), file, QStringLiteral("--name"),
        QStringLiteral("create"), QStringLiteral("--curl"),
        QStringLiteral("curl '%1' -H 'Content-Type: application/json' --data-raw '{\"a\": 1}'")
            .arg(origin.url(QStringLiteral("/items")).toString()) });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QFile text(file);
    QVERIFY(text.open(QIODevice::ReadOnly));
    QCOMPARE(text.readAll(),
        "### page\n# the landing page\nGET " + page.toUtf8() + "\nX-Team: cache\n\n### create\nPOST "
            + origin.url(QStringLiteral("/items")).toString().toUtf8()
            + "\nContent-Type: application/json\n\n{\"a\": 1}\n");

    run = cli({ QStringLiteral("collection"), QStringLiteral("list"), file, QStringLiteral("--json") });
    QCOMPARE(run.exitCode, 0);
    const QJsonArray listed = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(listed.size(), 2);
    QCOMPARE(listed.at(1).toObject().value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
    QCOMPARE(listed.at(1).toObject().value(QStringLiteral("line")).toInt(), 7);

    run = cli({ QStringLiteral("collection"), QStringLiteral("run"), file, QStringLiteral("--store"), store });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(origin.requestCount(), 2);
    QCOMPARE(origin.requests().at(0).header("X-Team"), QByteArray("cache"));
    QCOMPARE(origin.requests().at(1).body, QByteArray("{\"a\": 1}"));

    // Again, only "page": the stored validator goes out and the answer is a 304.
    run = cli({ QStringLiteral("collection"), QStringLiteral("run"), file, QStringLiteral("--name"),
        QStringLiteral("page"), QStringLiteral("--json"), QStringLiteral("--store"), store });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(origin.requestCount(), 3);
    QCOMPARE(origin.lastRequest().header("If-None-Match"), QByteArray("\"v1\""));
    const QJsonArray results = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("page"));
    QCOMPARE(results.at(0).toObject().value(QStringLiteral("status")).toInt(), 304);

    run = cli({ QStringLiteral("collection"), QStringLiteral("add"), file, page, QStringLiteral("--name"),
        QStringLiteral("page") });
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errText().contains(QLatin1String("already has a request named 'page'")), run.err.constData());
}

void tst_CollectionCli::refused_data()
{
    QTest::addColumn<QByteArray>("content"); // written to the collection file first (when not empty)
    QTest::addColumn<QStringList>("arguments"); // FILE stands for the collection file
    QTest::addColumn<QString>("message");
    QTest::addRow("malformed file names the line")
        << QByteArray("### a\nGET http://a.test/\nnot a header\n")
        << QStringList { QStringLiteral("list"), QStringLiteral("FILE") } << QStringLiteral("line 3:");
    QTest::addRow("unknown name") << QByteArray("### a\nGET http://127.0.0.1:1/\n")
                                  << QStringList { QStringLiteral("run"), QStringLiteral("FILE"),
                                         QStringLiteral("--name"), QStringLiteral("b") }
                                  << QStringLiteral("no request is named 'b'");
    QTest::addRow("missing file") << QByteArray() << QStringList { QStringLiteral("list"), QStringLiteral("FILE") }
                                  << QStringLiteral("cannot read");
    QTest::addRow("add without a name") << QByteArray()
                                        << QStringList { QStringLiteral("add"), QStringLiteral("FILE"),
                                               QStringLiteral("http://a.test/") }
                                        << QStringLiteral("--name");
    QTest::addRow("add an unknown curl option")
        << QByteArray()
        << QStringList { QStringLiteral("add"), QStringLiteral("FILE"), QStringLiteral("--name"), QStringLiteral("x"),
               QStringLiteral("--curl"), QStringLiteral("curl --bogus http://a.test/") }
        << QStringLiteral("--bogus");
    QTest::addRow("add a body the format cannot hold")
        << QByteArray()
        << QStringList { QStringLiteral("add"), QStringLiteral("FILE"), QStringLiteral("--name"), QStringLiteral("x"),
               QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-d"), QStringLiteral("a\n### b"),
               QStringLiteral("http://a.test/") }
        << QStringLiteral("###");
    QTest::addRow("unknown action") << QByteArray() << QStringList { QStringLiteral("sync") }
                                    << QStringLiteral("unknown action");
    QTest::addRow("run with a timeout that is not a number")
        << QByteArray("### a\nGET http://127.0.0.1:1/\n")
        << QStringList { QStringLiteral("run"), QStringLiteral("FILE"), QStringLiteral("--timeout"),
               QStringLiteral("nan") }
        << QStringLiteral("--timeout takes a number of seconds");
}

void tst_CollectionCli::refused()
{
    QFETCH(QByteArray, content);
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("c.http"));
    if (!content.isEmpty()) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    arguments.replaceInStrings(QStringLiteral("FILE"), file);
    const CliRun run = cli(QStringList { QStringLiteral("collection") } + arguments
        + QStringList { QStringLiteral("--store"), dir.filePath(QStringLiteral("s")) });
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errText().contains(message), run.err.constData());
    if (content.isEmpty())
        QVERIFY(!QFile::exists(file)); // a refused add creates nothing
}

QTEST_GUILESS_MAIN(tst_CollectionCli)
#include "tst_collectioncli.moc"
