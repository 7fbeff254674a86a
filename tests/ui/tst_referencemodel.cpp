// The reference browser's result model: grouping, ranking and marking, under QAbstractItemModelTester.
#include "reference/reference.h"
#include "referencemodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace CacheScope;

class TestReferenceModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everythingWithoutQuery();
    void queries_data();
    void queries();
    void unofficialCodesAreMarked();
    void groupsFollowTheBestMatch();
    void indexOfAndTopicAt();

private:
    Reference m_reference;
};

void TestReferenceModel::everythingWithoutQuery()
{
    ReferenceModel model(&m_reference);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    int directives = 0;
    for (const HeaderInfo &header : m_reference.headers())
        directives += int(header.directives.size());
    QVERIFY(!m_reference.statuses().isEmpty());
    QCOMPARE(model.entryCount(), int(m_reference.statuses().size() + m_reference.headers().size()) + directives);
    // Classes in order, then headers, then the directives of each header.
    QVERIFY(model.index(0, 0).data().toString().startsWith(QLatin1String("1xx Informational")));
    QVERIFY(model.index(4, 0).data().toString().startsWith(QLatin1String("5xx")));
    QVERIFY(model.index(5, 0).data().toString().startsWith(QLatin1String("Headers")));
    QVERIFY(model.index(6, 0).data().toString().startsWith(QLatin1String("Cache-Control directives")));
    QCOMPARE(model.rowCount(), 7);
    // Groups fold but cannot be selected; entries can.
    QVERIFY(!(model.flags(model.index(0, 0)) & Qt::ItemIsSelectable));
    QVERIFY(model.flags(model.firstEntry()) & Qt::ItemIsSelectable);
    QCOMPARE(model.firstEntry().data(ReferenceModel::TopicKeyRole).toString(), QStringLiteral("ref:status/100"));
}

void TestReferenceModel::queries_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("firstKey"); // empty: no match expected

    QTest::addRow("number") << "304"
                            << "ref:status/304";
    QTest::addRow("reason") << "not modified"
                            << "ref:status/304";
    QTest::addRow("reason, other case") << "NOT FOUND"
                                        << "ref:status/404";
    QTest::addRow("header name") << "etag"
                                 << "ref:header/ETag";
    QTest::addRow("directive name") << "s-maxage"
                                    << "ref:directive/Cache-Control/response/s-maxage";
    QTest::addRow("class") << "5xx"
                           << "ref:status/500";
    QTest::addRow("blank is everything") << "   "
                                         << "ref:status/100";
    QTest::addRow("gibberish") << "qqqxxyzzy"
                               << "";
    QTest::addRow("markup") << "<b>&amp;</b>"
                            << "";
    QTest::addRow("huge") << QString(10000, QLatin1Char('a')) << "";
    QTest::addRow("control characters") << QStringLiteral("\t\n\r") << "ref:status/100";
    QTest::addRow("nul") << QString(QChar(0)) << "";
}

void TestReferenceModel::queries()
{
    QFETCH(QString, query);
    QFETCH(QString, firstKey);
    ReferenceModel model(&m_reference);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setQuery(query);
    QCOMPARE(model.firstEntry().data(ReferenceModel::TopicKeyRole).toString(), firstKey);
    QCOMPARE(model.entryCount() == 0, firstKey.isEmpty());
    // And back to everything.
    model.setQuery(QString());
    QVERIFY(model.entryCount() > 100);
}

void TestReferenceModel::unofficialCodesAreMarked()
{
    ReferenceModel model(&m_reference);
    model.setQuery(QStringLiteral("444"));
    const QModelIndex first = model.firstEntry();
    QCOMPARE(first.data(ReferenceModel::TopicKeyRole).toString(), QStringLiteral("ref:status/444"));
    QCOMPARE(first.data(ReferenceModel::StandingRole).toString(), QStringLiteral("unofficial"));
    QVERIFY2(first.data().toString().contains(QLatin1String("unofficial, nginx")), qPrintable(first.data().toString()));
    QVERIFY(first.data(Qt::FontRole).value<QFont>().italic());

    model.setQuery(QStringLiteral("404"));
    QCOMPARE(model.firstEntry().data().toString(), QStringLiteral("404 Not Found"));
    QVERIFY(model.firstEntry().data(ReferenceModel::StandingRole).toString().isEmpty());
}

void TestReferenceModel::groupsFollowTheBestMatch()
{
    ReferenceModel model(&m_reference);
    // "no-cache" is a directive name and also a word of many status texts: the directives group leads.
    model.setQuery(QStringLiteral("no-cache"));
    QVERIFY(model.rowCount() >= 1);
    QVERIFY2(model.index(0, 0).data().toString().startsWith(QLatin1String("Cache-Control directives")),
        qPrintable(model.index(0, 0).data().toString()));
    // Scores never rise within a group.
    for (int group = 0; group < model.rowCount(); ++group) {
        const QModelIndex parent = model.index(group, 0);
        for (int row = 1; row < model.rowCount(parent); ++row)
            QVERIFY(model.index(row - 1, 0, parent).data(ReferenceModel::ScoreRole).toInt()
                >= model.index(row, 0, parent).data(ReferenceModel::ScoreRole).toInt());
    }
}

void TestReferenceModel::indexOfAndTopicAt()
{
    ReferenceModel model(&m_reference);
    const ReferenceTopic topic = ReferenceTopic::resolve(m_reference, QStringLiteral("vary"));
    QCOMPARE(topic.kind, ReferenceTopic::Header);
    const QModelIndex index = model.indexOf(topic);
    QVERIFY(index.isValid());
    QCOMPARE(model.topicAt(index), topic);
    QVERIFY(!model.topicAt(index.parent()).isValid());
    QVERIFY(!model.topicAt({}).isValid());
    QVERIFY(!model.indexOf(ReferenceTopic::status(299)).isValid());
}

QTEST_MAIN(TestReferenceModel)
#include "tst_referencemodel.moc"
