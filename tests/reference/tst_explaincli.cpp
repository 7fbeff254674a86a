// `cachescope-cli explain`, run as a separate process exactly as a person or a script would.
#include "support/clirun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run explain(const QStringList &arguments)
{
    CacheScope::TestSupport::CliOptions options;
    options.environment.remove(QStringLiteral("COLUMNS")); // the default width must not depend on the terminal
    const CacheScope::TestSupport::CliRun run
        = CacheScope::TestSupport::runCli(QStringList { QStringLiteral("explain") } + arguments, options);
    return { run.exitCode, run.outText(), run.errText() };
}

QJsonObject json(const Run &run)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s\n%s", qPrintable(error.errorString()), qPrintable(run.out));
    return document.object();
}

constexpr int ExitOk = 0;
constexpr int ExitUsage = 2;

} // namespace

class TestExplainCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void text_data();
    void text();
    void failures_data();
    void failures();
    void jsonStatus();
    void jsonUnrecognizedStatus();
    void jsonHeader();
    void jsonDirectives();
    void jsonSearch();
    void jsonNotFound();
    void wrapsToWidth();
    void list();
    void missingFallbackEntry();
};

void TestExplainCli::text_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("firstLine");
    QTest::addColumn<QStringList>("contains");

    const QStringList statusSections { QStringLiteral("\nSUMMARY\n"), QStringLiteral("\nEXPLANATION\n"),
        QStringLiteral("\nIN A BROWSER\n"), QStringLiteral("\nDEBUGGING\n"), QStringLiteral("\nCACHING\n"),
        QStringLiteral("\nHEADERS\n"), QStringLiteral("\nRELATED\n"), QStringLiteral("\nEXAMPLES\n"),
        QStringLiteral("  Express:\n"), QStringLiteral("  Flask:\n"), QStringLiteral("  curl:\n") };

    QTest::addRow("status code") << QStringList { QStringLiteral("304") } << QStringLiteral("304 Not Modified")
                                 << statusSections
            + QStringList { QStringLiteral("RFC 9110 §15.4.5"), QStringLiteral("If-None-Match") };
    QTest::addRow("header") << QStringList { QStringLiteral("cache-control") } << QStringLiteral("Cache-Control")
                            << QStringList { QStringLiteral("\nSYNTAX\n"), QStringLiteral("\nDIRECTIVES"),
                                   QStringLiteral("RFC 9111 §5.2"), QStringLiteral("  Express:\n") };
    QTest::addRow("directive, both sides")
        << QStringList { QStringLiteral("max-age") } << QStringLiteral("max-age")
        << QStringList { QStringLiteral("Cache-Control directive, request side"),
               QStringLiteral("Cache-Control directive, response side"), QStringLiteral("RFC 9111 §5.2.1.1"),
               QStringLiteral("RFC 9111 §5.2.2.1"), QStringLiteral("\nEXAMPLE\n  Cache-Control: max-age=") };
    QTest::addRow("reason phrase") << QStringList { QStringLiteral("not modified") }
                                   << QStringLiteral("304 Not Modified") << statusSections;
    QTest::addRow("unquoted words") << QStringList { QStringLiteral("Not"), QStringLiteral("Modified") }
                                    << QStringLiteral("304 Not Modified") << QStringList();
    QTest::addRow("unrecognized code") << QStringList { QStringLiteral("299") }
                                       << QStringLiteral("299: unrecognized 2xx: treat as 200")
                                       << QStringList { QStringLiteral("\n200 OK\n"), QStringLiteral("RFC 9110 §15") };
    QTest::addRow("leading zero") << QStringList { QStringLiteral("0304") } << QStringLiteral("304 Not Modified")
                                  << QStringList();
    QTest::addRow("search") << QStringList { QStringLiteral("revalidate") }
                            << QStringLiteral("Entries matching \"revalidate\":")
                            << QStringList { QStringLiteral("must-revalidate (Cache-Control)"),
                                   QStringLiteral("cachescope-cli explain NAME") };
    QTest::addRow("class") << QStringList { QStringLiteral("1xx") } << QStringLiteral("Entries matching \"1xx\":")
                           << QStringList { QStringLiteral("100 Continue"), QStringLiteral("103 Early Hints") };
    QTest::addRow("history shown") << QStringList { QStringLiteral("306") } << QStringLiteral("306 (Unused)")
                                   << QStringList { QStringLiteral("\nHISTORY\n"), QStringLiteral("Switch Proxy") };
    QTest::addRow("help") << QStringList { QStringLiteral("--help") } << QString()
                          << QStringList { QStringLiteral("[options] QUERY..."), QStringLiteral("--json"),
                                 QStringLiteral("--data") };
}

void TestExplainCli::text()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, firstLine);
    QFETCH(QStringList, contains);
    const Run run = explain(arguments);
    QVERIFY2(run.exitCode == ExitOk, qPrintable(run.err));
    if (!firstLine.isEmpty()) // --help names the program by its path, which differs between builds
        QCOMPARE(run.out.section(QLatin1Char('\n'), 0, 0), firstLine);
    for (const QString &fragment : contains)
        QVERIFY2(run.out.contains(fragment), qPrintable(QStringLiteral("missing '%1' in:\n%2").arg(fragment, run.out)));
    // Problems in the data files are reported on stderr (and tested by tst_referencedata); nothing else may be.
    for (const QString &line : run.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        QVERIFY2(line.contains(QLatin1String("reference data:")), qPrintable(line));
}

void TestExplainCli::failures_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("errorContains");

    QTest::addRow("invalid code") << QStringList { QStringLiteral("999") }
                                  << QStringList { QStringLiteral("'999' is not a valid HTTP status code") };
    QTest::addRow("huge number") << QStringList { QStringLiteral("99999999999999999999999") }
                                 << QStringList { QStringLiteral("is not a valid HTTP status code") };
    QTest::addRow("zero") << QStringList { QStringLiteral("0") }
                          << QStringList { QStringLiteral("'0' is not a valid") };
    QTest::addRow("typo gets suggestions")
        << QStringList { QStringLiteral("cache-contrl") }
        << QStringList { QStringLiteral("nothing in the reference matches 'cache-contrl'"),
               QStringLiteral("Did you mean: Cache-Control") };
    QTest::addRow("non-ASCII") << QStringList { QStringLiteral("modifié") }
                               << QStringList { QStringLiteral("'modifié'") };
    QTest::addRow("no query") << QStringList() << QStringList { QStringLiteral("what should be explained?") };
    QTest::addRow("blank query") << QStringList { QStringLiteral("   ") }
                                 << QStringList { QStringLiteral("what should be explained?") };
    QTest::addRow("unknown option") << QStringList { QStringLiteral("--frobnicate"), QStringLiteral("304") }
                                    << QStringList { QStringLiteral("frobnicate") };
    QTest::addRow("width too small") << QStringList { QStringLiteral("--width"), QStringLiteral("5"),
        QStringLiteral("304") } << QStringList { QStringLiteral("--width takes a number") };
    QTest::addRow("width not a number") << QStringList { QStringLiteral("--width"), QStringLiteral("wide"),
        QStringLiteral("304") } << QStringList { QStringLiteral("--width takes a number") };
}

void TestExplainCli::failures()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, errorContains);
    const Run run = explain(arguments);
    QCOMPARE(run.exitCode, ExitUsage);
    for (const QString &fragment : errorContains)
        QVERIFY2(run.err.contains(fragment), qPrintable(QStringLiteral("missing '%1' in:\n%2").arg(fragment, run.err)));
    QVERIFY2(run.out.isEmpty(), qPrintable(run.out));
}

void TestExplainCli::jsonStatus()
{
    const QJsonObject object = json(explain({ QStringLiteral("--json"), QStringLiteral("304") }));
    QCOMPARE(object.value(QLatin1String("query")).toString(), QStringLiteral("304"));
    QCOMPARE(object.value(QLatin1String("kind")).toString(), QStringLiteral("status"));
    QCOMPARE(object.value(QLatin1String("match")).toString(), QStringLiteral("code"));
    QCOMPARE(object.value(QLatin1String("recognized")).toBool(), true);
    QVERIFY(!object.contains(QLatin1String("fallback")));
    const QJsonObject status = object.value(QLatin1String("status")).toObject();
    QCOMPARE(status.value(QLatin1String("code")).toInt(), 304);
    QCOMPARE(status.value(QLatin1String("reason")).toString(), QStringLiteral("Not Modified"));
    QCOMPARE(status.value(QLatin1String("class")).toString(), QStringLiteral("redirection"));
    QCOMPARE(
        status.value(QLatin1String("caching")).toObject().value(QLatin1String("cacheable_by_default")).toBool(true),
        false);
    QCOMPARE(status.value(QLatin1String("spec")).toObject().value(QLatin1String("section")).toString(),
        QStringLiteral("15.4.5"));
    QVERIFY(!status.value(QLatin1String("examples")).toObject().value(QLatin1String("curl")).toString().isEmpty());

    const QJsonObject byReason = json(explain({ QStringLiteral("--json"), QStringLiteral("moved temporarily") }));
    QCOMPARE(byReason.value(QLatin1String("match")).toString(), QStringLiteral("alias"));
    QCOMPARE(byReason.value(QLatin1String("status")).toObject().value(QLatin1String("code")).toInt(), 302);
}

void TestExplainCli::jsonUnrecognizedStatus()
{
    const Run run = explain({ QStringLiteral("--json"), QStringLiteral("299") });
    QCOMPARE(run.exitCode, ExitOk);
    const QJsonObject object = json(run);
    QCOMPARE(object.value(QLatin1String("recognized")).toBool(true), false);
    QCOMPARE(object.value(QLatin1String("fallback")).toInt(), 200);
    QCOMPARE(object.value(QLatin1String("message")).toString(), QStringLiteral("unrecognized 2xx: treat as 200"));
    QCOMPARE(object.value(QLatin1String("status")).toObject().value(QLatin1String("code")).toInt(), 200);
}

void TestExplainCli::jsonHeader()
{
    const QJsonObject object = json(explain({ QStringLiteral("--json"), QStringLiteral("CACHE-CONTROL:") }));
    QCOMPARE(object.value(QLatin1String("kind")).toString(), QStringLiteral("header"));
    const QJsonObject header = object.value(QLatin1String("header")).toObject();
    QCOMPARE(header.value(QLatin1String("name")).toString(), QStringLiteral("Cache-Control"));
    QCOMPARE(header.value(QLatin1String("direction")).toString(), QStringLiteral("both"));
    QVERIFY(header.value(QLatin1String("directives")).toArray().size() >= 16);
}

void TestExplainCli::jsonDirectives()
{
    const QJsonObject object = json(explain({ QStringLiteral("--json"), QStringLiteral("no-cache") }));
    QCOMPARE(object.value(QLatin1String("kind")).toString(), QStringLiteral("directive"));
    const QJsonArray directives = object.value(QLatin1String("directives")).toArray();
    QCOMPARE(directives.size(), 2);
    QStringList sides;
    for (const QJsonValue &d : directives) {
        QCOMPARE(d.toObject().value(QLatin1String("name")).toString(), QStringLiteral("no-cache"));
        QCOMPARE(d.toObject().value(QLatin1String("header")).toString(), QStringLiteral("Cache-Control"));
        sides << d.toObject().value(QLatin1String("side")).toString();
    }
    QCOMPARE(sides, QStringList({ QStringLiteral("request"), QStringLiteral("response") }));
}

void TestExplainCli::jsonSearch()
{
    const QJsonObject object = json(explain({ QStringLiteral("--json"), QStringLiteral("revalidate") }));
    QCOMPARE(object.value(QLatin1String("kind")).toString(), QStringLiteral("search"));
    const QJsonArray results = object.value(QLatin1String("results")).toArray();
    QVERIFY(!results.isEmpty());
    QVERIFY(object.value(QLatin1String("total")).toInt() >= results.size());
    const QJsonObject first = results.first().toObject();
    QCOMPARE(first.value(QLatin1String("kind")).toString(), QStringLiteral("directive"));
    QCOMPARE(first.value(QLatin1String("name")).toString(), QStringLiteral("must-revalidate"));
    QCOMPARE(first.value(QLatin1String("header")).toString(), QStringLiteral("Cache-Control"));
}

void TestExplainCli::jsonNotFound()
{
    const Run run = explain({ QStringLiteral("--json"), QStringLiteral("max-agee") });
    QCOMPARE(run.exitCode, ExitUsage);
    const QJsonObject object = json(run);
    QCOMPARE(object.value(QLatin1String("kind")).toString(), QStringLiteral("none"));
    QVERIFY(object.value(QLatin1String("error")).toString().contains(QLatin1String("max-agee")));
    QVERIFY(object.value(QLatin1String("suggestions")).toArray().contains(QStringLiteral("max-age")));
}

void TestExplainCli::wrapsToWidth()
{
    const Run run = explain({ QStringLiteral("--width"), QStringLiteral("40"), QStringLiteral("304") });
    QCOMPARE(run.exitCode, ExitOk);
    // Prose is wrapped; URLs and example code are printed as they are, so that they stay copyable.
    const QString prose = run.out.section(QStringLiteral("\nEXAMPLES\n"), 0, 0);
    for (const QString &line : prose.split(QLatin1Char('\n'))) {
        if (!line.startsWith(QLatin1String("http")))
            QVERIFY2(line.size() <= 40, qPrintable(line));
    }
    QVERIFY(prose.count(QLatin1Char('\n')) > 40);
}

void TestExplainCli::list()
{
    const Run run = explain({ QStringLiteral("--list") });
    QCOMPARE(run.exitCode, ExitOk);
    QVERIFY(run.out.contains(QLatin1String("\n  304 Not Modified\n")));
    QVERIFY(run.out.contains(QLatin1String("\n  104 Upload Resumption Supported (proposed)\n")));
    QVERIFY(run.out.contains(QLatin1String("\n  Cache-Control: max-age, max-stale")));
    const QJsonObject object = json(explain({ QStringLiteral("--list"), QStringLiteral("--json") }));
    QVERIFY(object.value(QLatin1String("statuses")).toArray().size() >= 24);
    QVERIFY(object.value(QLatin1String("headers")).toArray().size() >= 22);
}

void TestExplainCli::missingFallbackEntry()
{
    const Run run
        = explain({ QStringLiteral("--data"), QStringLiteral(CACHESCOPE_TEST_DATA "/mini"), QStringLiteral("250") });
    QCOMPARE(run.exitCode, ExitOk);
    QVERIFY2(run.out.contains(QLatin1String("the reference has no entry for 200 either")), qPrintable(run.out));
    const Run broken
        = explain({ QStringLiteral("--data"), QStringLiteral("/nonexistent/reference"), QStringLiteral("etag") });
    QCOMPARE(broken.exitCode, ExitUsage);
    QVERIFY2(broken.err.contains(QLatin1String("reference data directory not found")), qPrintable(broken.err));
}

QTEST_GUILESS_MAIN(TestExplainCli)
#include "tst_explaincli.moc"
