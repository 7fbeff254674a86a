// explainStatus(): the one line under the status badge, from the built-in reference data and from small data
// sets that lack entries.
#include "diagnostics/statusexplanation.h"
#include "reference/reference.h"

#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope;

class TestStatusExplanation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtIn_data();
    void builtIn();
    void fallbackMissingFromData();
    void neverEmpty();

private:
    Reference m_reference;
};

void TestStatusExplanation::builtIn_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<int>("referenceCode");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("detailsStart");

    const auto summary = [this](int code) {
        QString text = m_reference.findStatus(code)->summary.simplified();
        text.chop(1); // the full stop
        return text;
    };
    QTest::addRow("304") << 304 << 304 << summary(304) << QStringLiteral("304 Not Modified \u2014 ") + summary(304);
    QTest::addRow("200") << 200 << 200 << summary(200) << QStringLiteral("200 OK \u2014 ");
    QTest::addRow("100 interim") << 100 << 100 << summary(100) << QStringLiteral("100 Continue \u2014 ");
    QTest::addRow("nginx 499") << 499 << 499 << QStringLiteral("Unofficial (nginx): ") + summary(499)
                               << QStringLiteral("499 ");
    QTest::addRow("599 unregistered") << 599 << 599
                                      << QStringLiteral(
                                             "Not a registered code: clients treat it as 500 Internal Server "
                                             "Error (%1)")
                                             .arg(summary(500))
                                      << QStringLiteral("599 \u2014 an unrecognized server error code (5xx)");
    QTest::addRow("199 unregistered 1xx")
        << 199 << 199
        << QStringLiteral("Not a registered code: clients treat it as 100 Continue (%1)").arg(summary(100))
        << QStringLiteral("199 \u2014 an unrecognized informational code (1xx)");
    QTest::addRow("0: no response") << 0 << 0 << QStringLiteral("No status code: no HTTP response was received")
                                    << QStringLiteral("The exchange ended");
    QTest::addRow("999") << 999 << 0
                         << QStringLiteral("999 is not an HTTP status code (they run from 100 to 599): the response is "
                                           "broken")
                         << QStringLiteral("999 is not a valid HTTP status code");
    QTest::addRow("negative") << -1 << 0
                              << QStringLiteral(
                                     "-1 is not an HTTP status code (they run from 100 to 599): the response "
                                     "is broken")
                              << QStringLiteral("-1 is not");
    QTest::addRow("99") << 99 << 0
                        << QStringLiteral("99 is not an HTTP status code (they run from 100 to 599): the response is "
                                          "broken")
                        << QStringLiteral("99 is not");
}

void TestStatusExplanation::builtIn()
{
    QFETCH(int, code);
    QFETCH(int, referenceCode);
    QFETCH(QString, text);
    QFETCH(QString, detailsStart);
    QVERIFY2(!m_reference.hasErrors(), "the built-in reference data must load");
    const StatusExplanation explanation = explainStatus(m_reference, code);
    QCOMPARE(explanation.code, code);
    QCOMPARE(explanation.referenceCode, referenceCode);
    QCOMPARE(explanation.text, text);
    QVERIFY2(explanation.details.startsWith(detailsStart), qPrintable(explanation.details));
}

void TestStatusExplanation::fallbackMissingFromData()
{
    // Data without any status entry (a broken install): 418 falls back to 400, which is missing too. The line
    // still says what a client does, and the reference can still be opened on 418.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Reference empty(dir.path());
    const StatusExplanation explanation = explainStatus(empty, 418);
    QCOMPARE(explanation.text, QStringLiteral("Not a registered code: clients treat it as 400"));
    QCOMPARE(explanation.referenceCode, 418);
    QCOMPARE(explainStatus(empty, 304).text, QStringLiteral("Not a registered code: clients treat it as 300"));
}

void TestStatusExplanation::neverEmpty()
{
    for (int code :
        { -100000, -1, 0, 1, 99, 100, 150, 226, 299, 300, 399, 418, 451, 499, 500, 599, 600, 1000, 65535 }) {
        const StatusExplanation explanation = explainStatus(m_reference, code);
        QVERIFY2(!explanation.text.isEmpty(), qPrintable(QString::number(code)));
        QVERIFY2(!explanation.details.isEmpty(), qPrintable(QString::number(code)));
    }
}

QTEST_GUILESS_MAIN(TestStatusExplanation)
#include "tst_statusexplanation.moc"
