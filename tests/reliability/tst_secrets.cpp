// Credentials given to CacheScope (Authorization, Proxy-Authorization, Cookie, a password in the URL) never
// show up in what it prints, text or JSON, on stdout or stderr; the URL's password is not kept in the store
// file either; and a header with CR or LF in it is refused before anything is sent (no header injection).
#include "demo/demoorigin.h"
#include "support/clirun.h"
#include "support/scriptedorigin.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

using namespace CacheScope;

namespace {

const QByteArray bearer = "Bearer tok-3f9a1c77e2";
const QByteArray cookie = "session=ck-81b2d4e6";
const QByteArray proxy = "Basic cHJveHk6cHgtNWM3ZQ==";
const QByteArray urlPassword = "pw-9d0e2a";

struct Run
{
    int exitCode = -1;
    QByteArray output; // stdout and stderr
};

// The CLI's stdout and stderr together (the demo origin answers from this process meanwhile).
Run runCli(const QStringList &arguments)
{
    const TestSupport::CliRun run = TestSupport::runCli(arguments);
    return { run.exitCode, run.out + run.err };
}

QStringList credentialOptions()
{
    return { QStringLiteral("-H"), QStringLiteral("Authorization: ") + QString::fromLatin1(bearer),
        QStringLiteral("-H"), QStringLiteral("Cookie: ") + QString::fromLatin1(cookie), QStringLiteral("-H"),
        QStringLiteral("Proxy-Authorization: ") + QString::fromLatin1(proxy) };
}

QByteArray leaked(const QByteArray &text)
{
    for (const QByteArray &secret : { bearer, cookie, proxy, urlPassword, QByteArray("tok-3f9a1c77e2") }) {
        if (text.contains(secret))
            return secret;
    }
    return {};
}

} // namespace

class TestSecrets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void notPrinted_data();
    void notPrinted();
    void urlPasswordNotStored();
    void headerInjectionRefused_data();
    void headerInjectionRefused();

private:
    DemoOrigin m_origin;
    QTemporaryDir m_dir;
    QString url(const QString &path) const;
};

void TestSecrets::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(m_origin.start(0, &error), qPrintable(error));
}

QString TestSecrets::url(const QString &path) const
{
    QUrl withPassword = m_origin.url(path);
    withPassword.setUserName(QStringLiteral("alice"));
    withPassword.setPassword(QString::fromLatin1(urlPassword));
    return withPassword.toString();
}

void TestSecrets::notPrinted_data()
{
    QTest::addColumn<QStringList>("arguments");
    const QString strong = url(QStringLiteral("/validators/strong-etag"));
    QTest::addRow("get") << QStringList { QStringLiteral("get"), strong };
    QTest::addRow("get --json") << QStringList { QStringLiteral("get"), strong, QStringLiteral("--json") };
    QTest::addRow("revalidate --json") << QStringList { QStringLiteral("revalidate"), strong,
        QStringLiteral("--json") };
    QTest::addRow("watch --json") << QStringList { QStringLiteral("watch"), strong, QStringLiteral("--count"),
        QStringLiteral("2"), QStringLiteral("--interval"), QStringLiteral("0"), QStringLiteral("--json") };
    QTest::addRow("check --json") << QStringList { QStringLiteral("check"), strong, QStringLiteral("--json") };
    QTest::addRow("a request that fails") << QStringList { QStringLiteral("get"),
        QStringLiteral("http://alice:%1@127.0.0.1:1/").arg(QString::fromLatin1(urlPassword)) };
}

void TestSecrets::notPrinted()
{
    QFETCH(QStringList, arguments);
    static int stores = 0;
    const QString store = m_dir.filePath(QStringLiteral("store-%1").arg(++stores));
    Run run = runCli(arguments + credentialOptions() + QStringList { QStringLiteral("--store"), store });
    QVERIFY2(run.exitCode >= 0, "the CLI did not finish");
    QVERIFY2(leaked(run.output).isEmpty(), run.output.constData());
    // And what was stored is printed without them too.
    for (const QStringList &reader :
        { QStringList { QStringLiteral("timeline"), QStringLiteral("--all"), QStringLiteral("--json") },
            QStringList { QStringLiteral("cache"), QStringLiteral("list"), QStringLiteral("--json") } }) {
        run = runCli(reader + QStringList { QStringLiteral("--store"), store });
        QVERIFY2(leaked(run.output).isEmpty(), run.output.constData());
    }
}

void TestSecrets::urlPasswordNotStored()
{
    const QString store = m_dir.filePath(QStringLiteral("store-url"));
    const Run run = runCli({ QStringLiteral("revalidate"), url(QStringLiteral("/validators/strong-etag")),
        QStringLiteral("--store"), store });
    QCOMPARE(run.exitCode, 0);
    QDirIterator files(store, QDir::Files);
    int read = 0;
    while (files.hasNext()) {
        QFile file(files.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains(urlPassword), qPrintable(file.fileName()));
        ++read;
    }
    QVERIFY(read > 0);
}

void TestSecrets::headerInjectionRefused_data()
{
    QTest::addColumn<QString>("header");
    QTest::addRow("LF in a value") << QStringLiteral("X-A: 1\nInjected: yes");
    QTest::addRow("CR LF in a value") << QStringLiteral("X-A: 1\r\nInjected: yes");
    QTest::addRow("CR in a value") << QStringLiteral("X-A: 1\rInjected: yes");
    QTest::addRow("LF in a name") << QStringLiteral("X\nA: 1");
}

void TestSecrets::headerInjectionRefused()
{
    QFETCH(QString, header);
    TestSupport::ScriptedOrigin origin;
    QVERIFY2(origin.start(), qPrintable(origin.errorString()));
    origin.setDefaultResponse(TestSupport::ScriptedResponse::make(200, {}, "ok"));
    const Run run = runCli({ QStringLiteral("get"), origin.url(QStringLiteral("/x")).toString(), QStringLiteral("-H"),
        header, QStringLiteral("--store"), m_dir.filePath(QStringLiteral("store-inject")) });
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.output.contains("CR") || run.output.contains("LF") || run.output.contains("line break"),
        run.output.constData());
    QCOMPARE(origin.requestCount(), 0); // nothing was sent
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
