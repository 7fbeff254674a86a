#include "support/clirun.h"
#include "support/scriptedorigin.h"

#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope::TestSupport;

// `cachescope-cli watch --curl '...'`: the URL comes from the pasted command through the same curl import as
// get/revalidate; what a watch cannot honour is refused (method, body, unknown options) or named (headers).
class tst_WatchCurlCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void watchesTheCommandsUrl();
    void refused_data();
    void refused();

private:
    CliRun cli(const QStringList &arguments);

    ScriptedOrigin m_origin;
    QTemporaryDir m_store;
};

void tst_WatchCurlCli::initTestCase()
{
    QVERIFY2(m_origin.start(), qPrintable(m_origin.errorString()));
    m_origin.setDefaultResponse(
        ScriptedResponse::make(200, { { "ETag", "\"v1\"" }, { "Content-Type", "text/plain" } }, "hello"));
}

CliRun tst_WatchCurlCli::cli(const QStringList &arguments)
{
    return runCli(QStringList { QStringLiteral("watch") } + arguments
        + QStringList { QStringLiteral("--store"), m_store.path() });
}

void tst_WatchCurlCli::watchesTheCommandsUrl()
{
    m_origin.clearRequests();
    const QString command
        = QStringLiteral("curl '%1' \\\n  -H 'Accept: text/plain' -H 'Authorization: Bearer t' --compressed")
              .arg(m_origin.url(QStringLiteral("/watched?q=1")).toString());
    const CliRun run = cli({ QStringLiteral("--curl"), command, QStringLiteral("--count"), QStringLiteral("2"),
        QStringLiteral("--interval"), QStringLiteral("0") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(m_origin.requestCount(), 2);
    QCOMPARE(m_origin.requests().at(0).method, QByteArray("GET"));
    QCOMPARE(m_origin.requests().at(0).target, QByteArray("/watched?q=1"));
    // The second is conditional on what the first stored.
    QCOMPARE(m_origin.requests().at(1).header("If-None-Match"), QByteArray("\"v1\""));
    // The command's headers are named, not silently dropped.
    QVERIFY2(
        run.errText().contains(QStringLiteral("headers are not sent: Accept, Authorization")), run.err.constData());
    QVERIFY(run.out.contains("/watched?q=1"));

    // A URL typed beside it is watched too.
    m_origin.clearRequests();
    const CliRun both = cli({ m_origin.url(QStringLiteral("/other")).toString(), QStringLiteral("--curl"),
        QStringLiteral("curl %1").arg(m_origin.url(QStringLiteral("/plain")).toString()), QStringLiteral("--count"),
        QStringLiteral("1") });
    QVERIFY2(both.exitCode == 0, both.err.constData());
    QCOMPARE(m_origin.requestCount(), 2);
    QVERIFY(!both.errText().contains(QStringLiteral("warning")));
}

void tst_WatchCurlCli::refused_data()
{
    QTest::addColumn<QString>("command"); // %1: a URL of the origin
    QTest::addColumn<QString>("expected");
    QTest::addRow("unknown option") << QStringLiteral("curl %1 --frobnicate") << QStringLiteral("'--frobnicate'");
    QTest::addRow("POST body") << QStringLiteral("curl %1 -d a=1") << QStringLiteral("watch only sends GET");
    QTest::addRow("explicit PUT") << QStringLiteral("curl -X PUT %1") << QStringLiteral("PUT");
    QTest::addRow("HEAD") << QStringLiteral("curl -I %1") << QStringLiteral("HEAD");
    QTest::addRow("unterminated quote") << QStringLiteral("curl '%1") << QStringLiteral("--curl:");
    QTest::addRow("not curl") << QStringLiteral("wget %1") << QStringLiteral("--curl:");
    QTest::addRow("no URL") << QStringLiteral("curl -H 'A: b'") << QStringLiteral("--curl:");
    QTest::addRow("ftp URL") << QStringLiteral("curl ftp://127.0.0.1/x") << QStringLiteral("--curl:");
    QTest::addRow("same URL twice") << QStringLiteral("curl %1") << QStringLiteral("given twice");
}

void tst_WatchCurlCli::refused()
{
    QFETCH(QString, command);
    QFETCH(QString, expected);
    m_origin.clearRequests();
    const QString url = m_origin.url(QStringLiteral("/r")).toString();
    QStringList arguments { QStringLiteral("--curl"),
        command.contains(QLatin1String("%1")) ? command.arg(url) : command, QStringLiteral("--count"),
        QStringLiteral("1") };
    if (QByteArray(QTest::currentDataTag()) == "same URL twice")
        arguments.prepend(url);
    const CliRun run = cli(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errText().contains(expected), run.err.constData());
    QCOMPARE(m_origin.requestCount(), 0);
}

QTEST_GUILESS_MAIN(tst_WatchCurlCli)
#include "tst_watchcurlcli.moc"
