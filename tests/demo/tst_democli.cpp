// `cachescope-cli demo`, run as the real program: the 200 -> 304 -> changed -> 200 tour, its JSON lines and
// summary, a kept store, and bad arguments.

#include "support/clirun.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

class TestDemoCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void humanTour();
    void jsonTour();
    void keptStore();
    void badArguments_data();
    void badArguments();

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    static Run run(const QStringList &arguments)
    {
        const CacheScope::TestSupport::CliRun cli
            = CacheScope::TestSupport::runCli(QStringList { QStringLiteral("demo") } + arguments);
        return { cli.exitCode, cli.outText(), cli.finished ? cli.errText() : QStringLiteral("<did not finish>") };
    }
    static QList<QJsonObject> jsonLines(const QString &text)
    {
        QList<QJsonObject> lines;
        for (const QString &line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(line.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError || !document.isObject())
                return {};
            lines.append(document.object());
        }
        return lines;
    }
};

void TestDemoCli::humanTour()
{
    const Run result = run({});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
    const QString &o = result.out;
    QVERIFY2(o.contains(QLatin1String("http://127.0.0.1:")), qPrintable(o));
    // The five steps in order, with the statuses the tour promises.
    const QStringList gots { QStringLiteral("got      200"), QStringLiteral("got      304"),
        QStringLiteral("got      304"), QStringLiteral("got      200"), QStringLiteral("got      304") };
    qsizetype at = 0;
    for (const QString &got : gots) {
        at = o.indexOf(got, at);
        QVERIFY2(at >= 0, qPrintable(QStringLiteral("missing %1 in order:\n%2").arg(got, o)));
        ++at;
    }
    QVERIFY(o.contains(QLatin1String("If-None-Match: \"changing-60-")));
    QVERIFY(o.contains(QLatin1String("(content changed)")));
    QVERIFY(o.contains(QLatin1String("Summary: 5 requests, 2 full (200), 3 not modified (304), 0 failed")));
}

void TestDemoCli::jsonTour()
{
    const Run result = run({ QStringLiteral("--json") });
    QCOMPARE(result.exitCode, 0);
    const QList<QJsonObject> lines = jsonLines(result.out);
    QCOMPARE(lines.size(), 6);

    const QList<int> statuses { 200, 304, 304, 200, 304 };
    qint64 saved = 0;
    qint64 transferred = 0;
    QString firstEtag;
    for (int i = 0; i < statuses.size(); ++i) {
        const QJsonObject &event = lines.at(i);
        QCOMPARE(event.value(QLatin1String("status")).toInt(), statuses.at(i));
        const QJsonObject bytes = event.value(QLatin1String("bytes")).toObject();
        const QString etag
            = event.value(QLatin1String("validators_received")).toObject().value(QLatin1String("etag")).toString();
        const QString sent
            = event.value(QLatin1String("validators_sent")).toObject().value(QLatin1String("if_none_match")).toString();
        if (i == 0) {
            firstEtag = etag;
            QVERIFY(sent.isEmpty());
            QVERIFY(bytes.value(QLatin1String("decoded_body")).toInteger() > 0);
        } else {
            QVERIFY2(!sent.isEmpty(), "every later request is conditional");
        }
        if (statuses.at(i) == 304) {
            // A 304 saves what the stored full response cost on the wire minus what the 304 cost.
            QCOMPARE(bytes.value(QLatin1String("response_body_wire")).toInteger(), 0);
            QVERIFY(bytes.value(QLatin1String("saved")).toInteger() > 0);
            QCOMPARE(
                bytes.value(QLatin1String("saved")).toInteger() + bytes.value(QLatin1String("wire_total")).toInteger(),
                lines.at(i == 4 ? 3 : 0)
                    .value(QLatin1String("bytes"))
                    .toObject()
                    .value(QLatin1String("wire_total"))
                    .toInteger());
            QCOMPARE(event.value(QLatin1String("content_changed")).toString(), QStringLiteral("no"));
        }
        saved += bytes.value(QLatin1String("saved")).toInteger();
        transferred += bytes.value(QLatin1String("wire_total")).toInteger();
    }
    // Step 4: the old tag was sent and a new one came back.
    QCOMPARE(
        lines.at(3).value(QLatin1String("validators_sent")).toObject().value(QLatin1String("if_none_match")).toString(),
        firstEtag);
    QVERIFY(lines.at(3).value(QLatin1String("validators_received")).toObject().value(QLatin1String("etag")).toString()
        != firstEtag);
    QCOMPARE(lines.at(3).value(QLatin1String("content_changed")).toString(), QStringLiteral("yes"));

    const QJsonObject summary = lines.at(5).value(QLatin1String("summary")).toObject();
    QVERIFY2(!summary.isEmpty(), qPrintable(result.out));
    QCOMPARE(summary.value(QLatin1String("requests")).toInteger(), 5);
    QCOMPARE(summary.value(QLatin1String("bytes_saved")).toInteger(), saved);
    QCOMPARE(summary.value(QLatin1String("bytes_transferred")).toInteger(), transferred);
}

void TestDemoCli::keptStore()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // Twice into the same store: each run starts from nothing stored for its URL, so both tell the same story.
    for (int i = 0; i < 2; ++i) {
        const Run result = run({ QStringLiteral("--store"), dir.path() });
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.contains(QLatin1String("Summary: 5 requests, 2 full (200), 3 not modified (304)")),
            qPrintable(result.out));
    }
    QVERIFY(!QDir(dir.path()).entryList(QDir::Files).isEmpty());
}

void TestDemoCli::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addRow("positional argument") << QStringList { QStringLiteral("http://example.com/") };
    QTest::addRow("unknown option") << QStringList { QStringLiteral("--frobnicate") };
    QTest::addRow("store without directory") << QStringList { QStringLiteral("--store") };
}

void TestDemoCli::badArguments()
{
    QFETCH(QStringList, arguments);
    const Run result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith(QLatin1String("cachescope-cli demo: ")), qPrintable(result.err));
    QVERIFY(result.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestDemoCli)
#include "tst_democli.moc"
