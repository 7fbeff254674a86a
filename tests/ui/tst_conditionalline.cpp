// The conditional-headers line: what it says for each preview and reason, and its switch.
#include "conditionalline.h"

#include <QCheckBox>
#include <QSignalSpy>
#include <QTest>

using namespace CacheScope;

Q_DECLARE_METATYPE(ConditionalLine::Reason)
Q_DECLARE_METATYPE(ConditionalRequest)

namespace {

ConditionalRequest previewOf(const QList<QPair<QByteArray, QByteArray>> &fields)
{
    ConditionalRequest request;
    for (const auto &field : fields)
        request.fields.append(ConditionalField { field.first, field.second, QStringLiteral("stored") });
    return request;
}

} // namespace

class TestConditionalLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void describe_data();
    void describe();
    void switchOffGreysTheLine();
};

void TestConditionalLine::describe_data()
{
    QTest::addColumn<ConditionalRequest>("preview");
    QTest::addColumn<ConditionalLine::Reason>("reason");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<QString>("expected");

    using R = ConditionalLine::Reason;
    QTest::addRow("nothing stored") << ConditionalRequest() << R::None << QString() << "nothing stored for this URL";
    QTest::addRow("strong etag") << previewOf({ { "If-None-Match", "\"abc\"" } }) << R::None << QString()
                                 << "If-None-Match: \"abc\"";
    QTest::addRow("both fields, in order")
        << previewOf(
               { { "If-None-Match", "\"a\", W/\"b\"" }, { "If-Modified-Since", "Tue, 01 Jul 2025 10:00:00 GMT" } })
        << R::None << QString()
        << QStringLiteral("If-None-Match: \"a\", W/\"b\"  \u00b7  If-Modified-Since: Tue, 01 Jul 2025 10:00:00 GMT");
    QTest::addRow("no store") << ConditionalRequest() << R::NoStore << QString() << "none (no validator store)";
    QTest::addRow("no store, with why") << ConditionalRequest() << R::NoStore << "read-only directory"
                                        << "none (no validator store: read-only directory)";
    QTest::addRow("POST") << previewOf({ { "If-None-Match", "\"x\"" } }) << R::Method << "POST"
                          << "none (POST is not revalidated; only GET and HEAD are)";
    QTest::addRow("typed by the user") << ConditionalRequest() << R::TypedByUser << "If-None-Match"
                                       << "none (your If-None-Match is sent as typed)";
    QTest::addRow("invalid URL") << ConditionalRequest() << R::InvalidRequest << QString() << "none (no valid URL yet)";
    // A server's tag is shown on one line and cut, whatever it holds.
    QTest::addRow("huge tag with line breaks")
        << previewOf({ { "If-None-Match", "\"" + QByteArray(300, 'x') + "\r\n\"" } }) << R::None << QString()
        << QStringLiteral("If-None-Match: \"") + QString(116, QLatin1Char('x')) + QStringLiteral("\u2026");
}

void TestConditionalLine::describe()
{
    QFETCH(ConditionalRequest, preview);
    QFETCH(ConditionalLine::Reason, reason);
    QFETCH(QString, detail);
    QFETCH(QString, expected);
    QCOMPARE(ConditionalLine::describe(preview, reason, detail), expected);
    ConditionalLine line;
    line.setPreview(preview, reason, detail);
    QCOMPARE(line.text(), expected);
}

void TestConditionalLine::switchOffGreysTheLine()
{
    ConditionalLine line;
    QVERIFY(line.addConditionals());
    line.setPreview(previewOf({ { "If-None-Match", "\"abc\"" } }));
    auto *label = line.findChild<QWidget *>(QStringLiteral("conditionalText"));
    QVERIFY(label);
    QVERIFY(label->isEnabled());
    QSignalSpy changed(&line, &ConditionalLine::addConditionalsChanged);
    line.checkBox()->click();
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().first().toBool(), false);
    QVERIFY(!line.addConditionals());
    QVERIFY(!label->isEnabled());
    QVERIFY(label->font().strikeOut());
    line.setAddConditionals(true);
    QVERIFY(label->isEnabled());
    QVERIFY(!label->font().strikeOut());
}

QTEST_MAIN(TestConditionalLine)
#include "tst_conditionalline.moc"
