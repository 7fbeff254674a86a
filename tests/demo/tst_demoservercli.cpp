// `cachescope-cli demo-server`, run as the real program: options, port in use, and a clean exit on signals.

#include "demohttp.h"
#include "support/clirun.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/types.h>
#endif

class TestDemoServerCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void help();
    void badArguments_data();
    void badArguments();
    void portInUse();
    void servesUntilSignalled_data();
    void servesUntilSignalled();

private:
    struct Run
    {
        int exitCode = -1;
        QProcess::ExitStatus exitStatus = QProcess::CrashExit;
        QString out;
        QString err;
    };
    static Run run(const QStringList &arguments)
    {
        CacheScope::TestSupport::CliOptions options;
        options.timeoutMs = 20000;
        const CacheScope::TestSupport::CliRun cli
            = CacheScope::TestSupport::runCli(QStringList { QStringLiteral("demo-server") } + arguments, options);
        if (!cli.finished)
            return { -1, QProcess::CrashExit, cli.outText(), QStringLiteral("<did not finish>") };
        // CliRun's exit code is -1 only when the program crashed (exit codes are 0 to 255).
        return { cli.exitCode, cli.exitCode < 0 ? QProcess::CrashExit : QProcess::NormalExit, cli.outText(),
            cli.errText() };
    }
};

void TestDemoServerCli::help()
{
    const Run result = run({ QStringLiteral("--help") });
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains(QLatin1String("--port N")), qPrintable(result.out));
    QVERIFY(result.err.isEmpty());
}

void TestDemoServerCli::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::addRow("port letters") << QStringList { QStringLiteral("--port"), QStringLiteral("abc") }
                                  << QStringLiteral("--port must be a number from 0 to 65535, got 'abc'");
    QTest::addRow("port negative") << QStringList { QStringLiteral("--port=-1") } << QStringLiteral("got '-1'");
    QTest::addRow("port too big") << QStringList { QStringLiteral("--port"), QStringLiteral("65536") }
                                  << QStringLiteral("got '65536'");
    QTest::addRow("port huge") << QStringList { QStringLiteral("--port=99999999999999999999") }
                               << QStringLiteral("got '99999999999999999999'");
    QTest::addRow("port empty") << QStringList { QStringLiteral("--port=") } << QStringLiteral("got ''");
    QTest::addRow("port whitespace") << QStringList { QStringLiteral("--port"), QStringLiteral(" 80") }
                                     << QStringLiteral("got ' 80'");
    QTest::addRow("port non-ASCII digits")
        << QStringList { QStringLiteral("--port"), QString::fromUtf8("\xd9\xa8\xd9\xa0") }
        << QStringLiteral("--port must be a number");
    QTest::addRow("port missing") << QStringList { QStringLiteral("--port") }
                                  << QStringLiteral("--port needs a number");
    QTest::addRow("unknown option") << QStringList { QStringLiteral("--bogus") }
                                    << QStringLiteral("unexpected argument '--bogus'");
    QTest::addRow("positional") << QStringList { QStringLiteral("8080") }
                                << QStringLiteral("unexpected argument '8080'");
    QTest::addRow("store missing") << QStringList { QStringLiteral("--store") }
                                   << QStringLiteral("--store needs a directory");
}

void TestDemoServerCli::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run result = run(arguments);
    QCOMPARE(result.exitStatus, QProcess::NormalExit);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
    QVERIFY(result.out.isEmpty());
}

void TestDemoServerCli::portInUse()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    const QString port = QString::number(occupant.serverPort());
    const Run result = run({ QStringLiteral("--port"), port });
    QCOMPARE(result.exitStatus, QProcess::NormalExit);
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(port), qPrintable(result.err));
    QVERIFY2(result.err.contains(QLatin1String("in use"), Qt::CaseInsensitive), qPrintable(result.err));
}

void TestDemoServerCli::servesUntilSignalled_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::addColumn<bool>("fixedPort");
#ifdef Q_OS_UNIX
    QTest::addRow("SIGTERM, free port") << int(SIGTERM) << false;
    QTest::addRow("SIGINT, free port") << int(SIGINT) << false;
    QTest::addRow("SIGINT, given port") << int(SIGINT) << true;
#endif
}

void TestDemoServerCli::servesUntilSignalled()
{
#ifndef Q_OS_UNIX
    QSKIP("signals are POSIX");
#else
    QFETCH(int, signalNumber);
    QFETCH(bool, fixedPort);
    QStringList arguments { QStringLiteral("demo-server") };
    quint16 wanted = 0;
    if (fixedPort) {
        QTcpServer probe; // a port that was free a moment ago
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        wanted = probe.serverPort();
        probe.close();
        arguments << QStringLiteral("--port") << QString::number(wanted);
    }
    QProcess process;
    process.start(CacheScope::TestSupport::cliPath(), arguments);
    QVERIFY(process.waitForStarted());

    QByteArray output;
    const QRegularExpression listening(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)\\n"));
    QRegularExpressionMatch match;
    while (!(match = listening.match(QString::fromUtf8(output))).hasMatch()) {
        QVERIFY2(process.waitForReadyRead(10000), output.constData());
        output += process.readAllStandardOutput();
    }
    const quint16 port = quint16(match.captured(1).toUInt());
    if (fixedPort)
        QCOMPARE(port, wanted);
    QVERIFY(output.contains("/validators/strong-etag"));

    const auto reply = DemoTest::exchange(port, "GET", "/validators/strong-etag");
    DEMO_VERIFY_REPLY(reply);
    QCOMPARE(reply.status, 200);
    // The event loop of exchange() may already have pulled the log line into QProcess's buffer.
    output += process.readAllStandardOutput();
    while (!output.contains("GET /validators/strong-etag -> 200\n")) {
        QVERIFY2(process.waitForReadyRead(10000), output.constData());
        output += process.readAllStandardOutput();
    }

    QCOMPARE(::kill(pid_t(process.processId()), signalNumber), 0);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    output += process.readAllStandardOutput();
    QVERIFY2(output.endsWith("Stopped.\n"), output.right(200).constData());

    QTcpSocket socket;
    QSignalSpy failed(&socket, &QTcpSocket::errorOccurred);
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    QVERIFY(failed.wait(5000));
#endif
}

QTEST_GUILESS_MAIN(TestDemoServerCli)
#include "tst_demoservercli.moc"
