#include "support/clirun.h"
#include "support/scriptedorigin.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope::TestSupport;

// `cachescope-cli get/revalidate --curl '...'` against a ScriptedOrigin: what reaches the origin is what
// the pasted command asks, with the options typed beside it laid over it.
class tst_CurlCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void requestFromCommand_data();
    void requestFromCommand();
    void refusedCommands_data();
    void refusedCommands();
    void revalidateUsesCommandHeaders();

private:
    CliRun cli(const QStringList &arguments);

    ScriptedOrigin m_origin;
    QTemporaryDir m_store;
};

void tst_CurlCli::initTestCase()
{
    QVERIFY2(m_origin.start(), qPrintable(m_origin.errorString()));
    m_origin.setDefaultResponse(
        ScriptedResponse::make(200, { { "ETag", "\"v1\"" }, { "Content-Type", "text/plain" } }, "hello"));
}

CliRun tst_CurlCli::cli(const QStringList &arguments)
{
    return runCli(arguments
        + QStringList { QStringLiteral("--store"), m_store.path(), QStringLiteral("--timeout"), QStringLiteral("10") });
}

using Headers = QList<QPair<QByteArray, QByteArray>>;

void tst_CurlCli::requestFromCommand_data()
{
    QTest::addColumn<QString>("command"); // %1 is the origin's URL
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<Headers>("expected"); // value "" means: must be absent
    QTest::addColumn<QByteArray>("body");

    QTest::addRow("plain GET with quoted URL and headers")
        << QStringLiteral("curl '%1/a?x=1' -H 'X-Team: cache' -H 'Accept: text/plain'") << QStringList {}
        << QByteArray("GET") << QByteArray("/a?x=1") << Headers { { "X-Team", "cache" }, { "Accept", "text/plain" } }
        << QByteArray();
    QTest::addRow("POST from --data-raw with line continuations")
        << QStringLiteral("curl \\\n  -X POST \\\n  --url %1/form \\\n  --data-raw 'a=1&b=2'") << QStringList {}
        << QByteArray("POST") << QByteArray("/form") << Headers {} << QByteArray("a=1&b=2");
    QTest::addRow("-A -e -b -u become headers")
        << QStringLiteral("curl %1/who -A 'Agent/1' -e https://ref.example/ -b 'k=v' -u user:pw") << QStringList {}
        << QByteArray("GET") << QByteArray("/who")
        << Headers { { "User-Agent", "Agent/1" }, { "Referer", "https://ref.example/" }, { "Cookie", "k=v" },
               { "Authorization", "Basic dXNlcjpwdw==" } }
        << QByteArray();
    QTest::addRow("typed -H replaces the command's field of that name")
        << QStringLiteral("curl %1/h -H 'X-Mode: from-curl' -H 'X-Keep: yes'")
        << QStringList { QStringLiteral("-H"), QStringLiteral("X-Mode: typed") } << QByteArray("GET")
        << QByteArray("/h") << Headers { { "X-Mode", "typed" }, { "X-Keep", "yes" } } << QByteArray();
    QTest::addRow("typed 'Name:' removes the field")
        << QStringLiteral("curl %1/h -H 'X-Drop: 1'") << QStringList { QStringLiteral("-H"), QStringLiteral("X-Drop:") }
        << QByteArray("GET") << QByteArray("/h") << Headers { { "X-Drop", "" } } << QByteArray();
    QTest::addRow("typed -X and -d override")
        << QStringLiteral("curl %1/p -d 'from=curl'")
        << QStringList { QStringLiteral("-X"), QStringLiteral("PUT"), QStringLiteral("-d"), QStringLiteral("typed") }
        << QByteArray("PUT") << QByteArray("/p") << Headers {} << QByteArray("typed");
    QTest::addRow("-I sends HEAD") << QStringLiteral("curl -I %1/head") << QStringList {} << QByteArray("HEAD")
                                   << QByteArray("/head") << Headers {} << QByteArray();
    QTest::addRow("--compressed asks for gzip") << QStringLiteral("curl --compressed %1/z") << QStringList {}
                                                << QByteArray("GET") << QByteArray("/z") << Headers {} << QByteArray();
}

void tst_CurlCli::requestFromCommand()
{
    QFETCH(QString, command);
    QFETCH(QStringList, extra);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(Headers, expected);
    QFETCH(QByteArray, body);
    m_origin.clearRequests();
    const CliRun run = cli(QStringList { QStringLiteral("get"), QStringLiteral("--no-store"), QStringLiteral("--curl"),
                               command.arg(m_origin.baseUrl().toString()) }
        + extra);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(m_origin.requestCount(), 1);
    const RecordedRequest received = m_origin.lastRequest();
    QCOMPARE(received.method, method);
    QCOMPARE(received.target, path);
    QCOMPARE(received.body, body);
    for (const auto &[name, value] : expected) {
        if (value.isEmpty())
            QVERIFY2(!received.hasHeader(name), name.constData());
        else
            QCOMPARE(received.header(name), value);
    }
    if (command.contains(QLatin1String("--compressed")))
        QVERIFY(received.header("Accept-Encoding").contains("gzip"));
}

void tst_CurlCli::refusedCommands_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("message");
    QTest::addRow("unknown option is named")
        << QStringLiteral("curl --frobnicate %1/") << QStringList {} << QStringLiteral("--frobnicate");
    QTest::addRow("unknown short option is named")
        << QStringLiteral("curl -j9 %1/") << QStringList {} << QStringLiteral("'-j'");
    QTest::addRow("not a curl command") << QStringLiteral("wget %1/") << QStringList {} << QStringLiteral("curl");
    QTest::addRow("shell expansion") << QStringLiteral("curl $HOST/") << QStringList {} << QStringLiteral("$");
    QTest::addRow("unterminated quote") << QStringLiteral("curl '%1/") << QStringList {} << QStringLiteral("quote");
    QTest::addRow("empty") << QString() << QStringList {} << QStringLiteral("--curl");
    QTest::addRow("two URLs beside it") << QStringLiteral(
        "curl %1/") << QStringList { QStringLiteral("http://127.0.0.1:1/a"), QStringLiteral("http://127.0.0.1:1/b") }
                                        << QStringLiteral("at most one URL");
    QTest::addRow("header injection beside it")
        << QStringLiteral("curl %1/") << QStringList { QStringLiteral("-H"), QStringLiteral("X: a\r\nY: b") }
        << QStringLiteral("header injection");
}

void tst_CurlCli::refusedCommands()
{
    QFETCH(QString, command);
    QFETCH(QStringList, extra);
    QFETCH(QString, message);
    m_origin.clearRequests();
    const QString text = command.contains(QLatin1String("%1")) ? command.arg(m_origin.baseUrl().toString()) : command;
    const CliRun run = cli(QStringList { QStringLiteral("get"), QStringLiteral("--curl"), text } + extra);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errText().contains(message, Qt::CaseInsensitive), run.err.constData());
    QCOMPARE(m_origin.requestCount(), 0);
}

void tst_CurlCli::revalidateUsesCommandHeaders()
{
    m_origin.clearRequests();
    const QString url = m_origin.url(QStringLiteral("/r")).toString();
    const QString command = QStringLiteral("curl '%1' -H 'X-Token: abc'").arg(url);
    CliRun run = cli({ QStringLiteral("revalidate"), QStringLiteral("--curl"), command });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = cli({ QStringLiteral("revalidate"), QStringLiteral("--json"), QStringLiteral("--curl"), command });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(m_origin.requestCount(), 2);
    QCOMPARE(m_origin.lastRequest().header("X-Token"), QByteArray("abc"));
    QCOMPARE(m_origin.lastRequest().header("If-None-Match"), QByteArray("\"v1\""));

    run = cli({ QStringLiteral("revalidate"), QStringLiteral("--curl"), QStringLiteral("curl -d x=1 %1").arg(url) });
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errText().contains(QLatin1String("only sends GET")), run.err.constData());
}

QTEST_GUILESS_MAIN(tst_CurlCli)
#include "tst_curlcli.moc"
