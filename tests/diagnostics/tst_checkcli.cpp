#include "demo/demoorigin.h"
#include "support/clirun.h"
#include "support/externalserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope;

namespace {

using Run = TestSupport::CliRun;

// The demo origin answers from this process's event loop: runCli waits with one.
Run runCli(const QStringList &arguments, const QString &store = {})
{
    TestSupport::CliOptions options;
    if (!store.isEmpty())
        options.environment.insert(QStringLiteral("CACHESCOPE_STORE"), store);
    return TestSupport::runCli(arguments, options);
}

QJsonObject parseObject(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    return doc.object();
}

QStringList codesIn(const QJsonArray &notes)
{
    QStringList codes;
    for (const QJsonValue &note : notes)
        codes.append(note.toObject().value(QStringLiteral("code")).toString());
    return codes;
}

QStringList list(std::initializer_list<const char *> items)
{
    QStringList result;
    for (const char *item : items)
        result.append(QString::fromLatin1(item));
    return result;
}

} // namespace

class TestCheckCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void exitCodes_data();
    void exitCodes();
    void jsonShape();
    void humanOutput();
    void headersAreSent();
    void usageErrors_data();
    void usageErrors();
    void connectionRefused();
    void getAndRevalidateDiagnosis();
    void getWithoutStore();

private:
    QString url(const char *path) const { return m_origin.url(QString::fromLatin1(path)).toString(); }
    DemoOrigin m_origin;
    QTemporaryDir m_store;
};

void TestCheckCli::initTestCase()
{
    QString error;
    QVERIFY2(m_origin.start(0, &error), qPrintable(error));
    QVERIFY(m_store.isValid());
}

void TestCheckCli::exitCodes_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("codes");
    QTest::addRow("strong ETag: passes") << QStringLiteral("/validators/strong-etag") << 0
                                         << list({ "inm-supported", "inm-weak-comparison" });
    QTest::addRow("304 dropping headers: a warning only")
        << QStringLiteral("/bugs/304-drops-headers") << 0 << list({ "304-missing-headers" });
    QTest::addRow("ignores If-None-Match: fails")
        << QStringLiteral("/bugs/ignores-if-none-match") << 4 << list({ "inm-ignored" });
    QTest::addRow("If-Modified-Since equality: fails")
        << QStringLiteral("/bugs/ims-equality") << 4 << list({ "ims-equality-compare" });
    QTest::addRow("404: nothing to validate") << QStringLiteral("/status/404") << 4 << list({ "probe-request-failed" });
}

void TestCheckCli::exitCodes()
{
    QFETCH(QString, path);
    QFETCH(int, exitCode);
    QFETCH(QStringList, codes);
    const Run run = runCli({ QStringLiteral("check"), m_origin.url(path).toString(), QStringLiteral("--json") });
    QVERIFY2(run.exitCode == exitCode, run.err.constData());
    const QStringList found = codesIn(parseObject(run.out).value(QStringLiteral("notes")).toArray());
    for (const QString &code : codes)
        QVERIFY2(found.contains(code), qPrintable(found.join(QLatin1Char(' '))));
}

void TestCheckCli::jsonShape()
{
    const Run run = runCli({ QStringLiteral("check"), url("/bugs/ignores-if-none-match"), QStringLiteral("--json") });
    QCOMPARE(run.exitCode, 4);
    const QJsonObject json = parseObject(run.out);
    QCOMPARE(json.value(QStringLiteral("url")).toString(), url("/bugs/ignores-if-none-match"));
    QCOMPARE(json.value(QStringLiteral("passed")).toBool(true), false);
    QCOMPARE(json.value(QStringLiteral("errors")).toInt(), 1);
    const QJsonArray steps = json.value(QStringLiteral("steps")).toArray();
    QCOMPARE(steps.size(), 7);
    const QJsonObject second = steps.at(1).toObject();
    QCOMPARE(second.value(QStringLiteral("name")).toString(), QStringLiteral("if-none-match"));
    QCOMPARE(second.value(QStringLiteral("status")).toInt(), 200);
    QVERIFY(second.value(QStringLiteral("etag")).isString());
    QVERIFY(second.value(QStringLiteral("request_headers")).isArray());
    QVERIFY(second.value(QStringLiteral("error")).isNull());
    const QJsonObject first = json.value(QStringLiteral("notes")).toArray().first().toObject();
    QCOMPARE(first.value(QStringLiteral("severity")).toString(), QStringLiteral("error"));
    QCOMPARE(first.value(QStringLiteral("code")).toString(), QStringLiteral("inm-ignored"));
    QCOMPARE(first.value(QStringLiteral("topic")).toString(), QStringLiteral("if-none-match"));
    QVERIFY(first.value(QStringLiteral("text")).toString().contains(QLatin1String("If-None-Match")));
}

void TestCheckCli::humanOutput()
{
    const Run run = runCli({ QStringLiteral("check"), url("/bugs/ims-equality") });
    QCOMPARE(run.exitCode, 4);
    QVERIFY2(run.out.contains("if-modified-since-later   200"), run.out.constData());
    QVERIFY(run.out.contains("── diagnosis:"));
    QVERIFY(run.out.contains("error    ims-equality-compare: "));
    QVERIFY(run.out.contains("── 1 error(s), 0 warning(s)"));
}

void TestCheckCli::headersAreSent()
{
    const Run run = runCli({ QStringLiteral("check"), url("/validators/strong-etag"), QStringLiteral("-H"),
        QStringLiteral("X-Check: yes"), QStringLiteral("--json") });
    QCOMPARE(run.exitCode, 0);
    const QJsonArray steps = parseObject(run.out).value(QStringLiteral("steps")).toArray();
    QVERIFY(!steps.isEmpty());
    for (const QJsonValue &step : steps) {
        const QJsonArray headers = step.toObject().value(QStringLiteral("request_headers")).toArray();
        QVERIFY(headers.contains(QJsonArray { QStringLiteral("X-Check"), QStringLiteral("yes") }));
    }
}

void TestCheckCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addRow("no URL") << list({ "check" });
    QTest::addRow("two URLs") << list({ "check", "http://127.0.0.1:1/a", "http://127.0.0.1:1/b" });
    QTest::addRow("not a URL") << list({ "check", "ftp://example.test/x" });
    QTest::addRow("POST") << list({ "check", "-X", "POST", "http://127.0.0.1:1/" });
    QTest::addRow("header injection") << list({ "check", "-H", "X-A: 1\r\nX-B: 2", "http://127.0.0.1:1/" });
    QTest::addRow("unknown option") << list({ "check", "--frobnicate", "http://127.0.0.1:1/" });
}

void TestCheckCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    const Run run = runCli(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.startsWith("cachescope-cli check: "));
}

void TestCheckCli::connectionRefused()
{
    const quint16 port = TestSupport::freeLocalPort();
    QVERIFY(port != 0);
    const Run run = runCli({ QStringLiteral("check"), QStringLiteral("http://127.0.0.1:%1/").arg(port) });
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.out.contains("probe-request-failed"));
}

void TestCheckCli::getAndRevalidateDiagnosis()
{
    const QString dir = m_store.filePath(QStringLiteral("revalidate"));
    Run run = runCli({ QStringLiteral("get"), url("/bugs/304-drops-headers"), QStringLiteral("--json") }, dir);
    QCOMPARE(run.exitCode, 0);
    QJsonObject json = parseObject(run.out);
    QVERIFY(json.value(QStringLiteral("diagnosis")).isArray());
    QVERIFY(json.value(QStringLiteral("notes")).isArray()); // the protocol notes, unchanged

    run = runCli({ QStringLiteral("revalidate"), url("/bugs/304-drops-headers"), QStringLiteral("--json") }, dir);
    QCOMPARE(run.exitCode, 0);
    json = parseObject(run.out);
    QCOMPARE(json.value(QStringLiteral("status")).toInt(), 304);
    const QJsonArray diagnosis = json.value(QStringLiteral("diagnosis")).toArray();
    QCOMPARE(codesIn(diagnosis), list({ "304-missing-headers", "304-strong-etag-match" }));
    QCOMPARE(diagnosis.first().toObject().value(QStringLiteral("topic")).toString(), QStringLiteral("304"));
    QCOMPARE(diagnosis.first().toObject().value(QStringLiteral("severity")).toString(), QStringLiteral("warning"));

    run = runCli({ QStringLiteral("revalidate"), url("/bugs/304-drops-headers") }, dir);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(
        run.out.contains("── diagnosis:\n  warning  304-missing-headers: The 304 lacks Cache-Control, Expires, Vary"),
        run.out.constData());
}

void TestCheckCli::getWithoutStore()
{
    const Run run = runCli(
        { QStringLiteral("get"), url("/validators/none"), QStringLiteral("--no-store"), QStringLiteral("--json") });
    QCOMPARE(run.exitCode, 0);
    QVERIFY(codesIn(parseObject(run.out).value(QStringLiteral("diagnosis")).toArray())
                .contains(QStringLiteral("no-validator")));
}

QTEST_GUILESS_MAIN(TestCheckCli)
#include "tst_checkcli.moc"
