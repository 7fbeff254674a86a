// Lookups, the RFC 9110 §15 fallback for unknown codes, ranked search and suggestions.
#include "reference/reference.h"

#include <climits>
#include <QTest>

using namespace CacheScope;

class TestReferenceSearch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statusFallback_data();
    void statusFallback();
    void fallbackWithoutClassEntry();
    void headerLookup_data();
    void headerLookup();
    void directiveLookup_data();
    void directiveLookup();
    void search_data();
    void search();
    void searchFindsNothing_data();
    void searchFindsNothing();
    void searchLimitsAndHugeQueries();
    void suggestions_data();
    void suggestions();
    void words();

private:
    Reference m_reference; // the built-in data
};

void TestReferenceSearch::statusFallback_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<int>("shown"); // code of the entry shown; 0 for none
    QTest::addColumn<QString>("message");

    QTest::addRow("known 304") << 304 << int(StatusLookup::Known) << 304 << QString();
    QTest::addRow("known 100") << 100 << int(StatusLookup::Known) << 100 << QString();
    QTest::addRow("known 226") << 226 << int(StatusLookup::Known) << 226 << QString();
    QTest::addRow("unknown 299") << 299 << int(StatusLookup::Unrecognized) << 200
                                 << QStringLiteral("unrecognized 2xx: treat as 200");
    QTest::addRow("unknown 250") << 250 << int(StatusLookup::Unrecognized) << 200
                                 << QStringLiteral("unrecognized 2xx: treat as 200");
    QTest::addRow("unknown 199") << 199 << int(StatusLookup::Unrecognized) << 100
                                 << QStringLiteral("unrecognized 1xx: treat as 100");
    QTest::addRow("unknown 309") << 309 << int(StatusLookup::Unrecognized) << 300
                                 << QStringLiteral("unrecognized 3xx: treat as 300");
    QTest::addRow("unknown 432") << 432 << int(StatusLookup::Unrecognized) << 400
                                 << QStringLiteral("unrecognized 4xx: treat as 400");
    QTest::addRow("unknown 512") << 512 << int(StatusLookup::Unrecognized) << 500
                                 << QStringLiteral("unrecognized 5xx: treat as 500");
    QTest::addRow("zero") << 0 << int(StatusLookup::Invalid) << 0
                          << QStringLiteral("0 is not a valid HTTP status code: status codes run from 100 to 599");
    QTest::addRow("99") << 99 << int(StatusLookup::Invalid) << 0
                        << QStringLiteral("99 is not a valid HTTP status code: status codes run from 100 to 599");
    QTest::addRow("600") << 600 << int(StatusLookup::Invalid) << 0
                         << QStringLiteral("600 is not a valid HTTP status code: status codes run from 100 to 599");
    QTest::addRow("999") << 999 << int(StatusLookup::Invalid) << 0
                         << QStringLiteral("999 is not a valid HTTP status code: status codes run from 100 to 599");
    QTest::addRow("negative") << -304 << int(StatusLookup::Invalid) << 0
                              << QStringLiteral(
                                     "-304 is not a valid HTTP status code: status codes run from 100 to 599");
    QTest::addRow("INT_MAX")
        << INT_MAX << int(StatusLookup::Invalid) << 0
        << QStringLiteral("%1 is not a valid HTTP status code: status codes run from 100 to 599").arg(INT_MAX);
    QTest::addRow("INT_MIN")
        << INT_MIN << int(StatusLookup::Invalid) << 0
        << QStringLiteral("%1 is not a valid HTTP status code: status codes run from 100 to 599").arg(INT_MIN);
}

void TestReferenceSearch::statusFallback()
{
    QFETCH(int, code);
    QFETCH(int, outcome);
    QFETCH(int, shown);
    QFETCH(QString, message);
    const StatusLookup lookup = m_reference.status(code);
    QCOMPARE(int(lookup.outcome), outcome);
    QCOMPARE(lookup.code, code);
    QCOMPARE(lookup.info ? lookup.info->code : 0, shown);
    QCOMPARE(lookup.message, message);
    QCOMPARE(lookup.fallbackCode, outcome == StatusLookup::Unrecognized ? shown : 0);
}

void TestReferenceSearch::fallbackWithoutClassEntry()
{
    // The fixture has 100, 204 and 304 only: 250 falls back to a 200 that is not there.
    const Reference mini(QStringLiteral(CACHESCOPE_TEST_DATA "/mini"));
    const StatusLookup lookup = mini.status(250);
    QCOMPARE(lookup.outcome, StatusLookup::Unrecognized);
    QCOMPARE(lookup.fallbackCode, 200);
    QCOMPARE(lookup.info, nullptr);
    QCOMPARE(lookup.message, QStringLiteral("unrecognized 2xx: treat as 200"));
    QCOMPARE(mini.status(204).info, mini.findStatus(204));
}

void TestReferenceSearch::headerLookup_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expected"); // empty: no header

    QTest::addRow("canonical") << QStringLiteral("Cache-Control") << QStringLiteral("Cache-Control");
    QTest::addRow("lower case") << QStringLiteral("cache-control") << QStringLiteral("Cache-Control");
    QTest::addRow("upper case") << QStringLiteral("ETAG") << QStringLiteral("ETag");
    QTest::addRow("blanks and colon") << QStringLiteral("  if-none-match:  ") << QStringLiteral("If-None-Match");
    QTest::addRow("cdn") << QStringLiteral("cdn-cache-control") << QStringLiteral("CDN-Cache-Control");
    QTest::addRow("unknown") << QStringLiteral("X-Cache-Nope") << QString();
    QTest::addRow("empty") << QString() << QString();
    QTest::addRow("only a colon") << QStringLiteral(":") << QString();
    QTest::addRow("directive is not a header") << QStringLiteral("max-age") << QString();
    QTest::addRow("non-ASCII") << QStringLiteral("Cäche-Contröl") << QString();
}

void TestReferenceSearch::headerLookup()
{
    QFETCH(QString, query);
    QFETCH(QString, expected);
    const HeaderInfo *header = m_reference.header(query);
    QCOMPARE(header ? header->name : QString(), expected);
}

void TestReferenceSearch::directiveLookup_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("side");
    QTest::addColumn<int>("count"); // directives(name).size()
    QTest::addColumn<QString>("expectedSide"); // side of directive(name, side); empty: none

    QTest::addRow("max-age request") << QStringLiteral("max-age") << int(MessageSide::Request) << 2
                                     << QStringLiteral("request");
    QTest::addRow("max-age response") << QStringLiteral("MAX-AGE") << int(MessageSide::Response) << 2
                                      << QStringLiteral("response");
    QTest::addRow("max-age any") << QStringLiteral(" max-age ") << int(MessageSide::Both) << 2
                                 << QStringLiteral("request");
    QTest::addRow("s-maxage is response only")
        << QStringLiteral("s-maxage") << int(MessageSide::Request) << 1 << QString();
    QTest::addRow("only-if-cached is request only")
        << QStringLiteral("only-if-cached") << int(MessageSide::Response) << 1 << QString();
    QTest::addRow("stale-if-error serves both")
        << QStringLiteral("stale-if-error") << int(MessageSide::Request) << 1 << QStringLiteral("both");
    QTest::addRow("immutable") << QStringLiteral("immutable") << int(MessageSide::Response) << 1
                               << QStringLiteral("response");
    QTest::addRow("unknown") << QStringLiteral("max-agee") << int(MessageSide::Both) << 0 << QString();
    QTest::addRow("empty") << QString() << int(MessageSide::Both) << 0 << QString();
}

void TestReferenceSearch::directiveLookup()
{
    QFETCH(QString, name);
    QFETCH(int, side);
    QFETCH(int, count);
    QFETCH(QString, expectedSide);
    const QList<const DirectiveInfo *> all = m_reference.directives(name);
    QCOMPARE(all.size(), count);
    for (const DirectiveInfo *d : all)
        QCOMPARE(d->header, QStringLiteral("Cache-Control"));
    const DirectiveInfo *one = m_reference.directive(name, MessageSide(side));
    QCOMPARE(one ? sideKeyword(one->side) : QString(), expectedSide);
}

void TestReferenceSearch::search_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("firstTitle");
    QTest::addColumn<int>("firstScore");

    QTest::addRow("code") << QStringLiteral("304") << QStringLiteral("304 Not Modified")
                          << int(ReferenceIndex::ExactCode);
    QTest::addRow("code with blanks") << QStringLiteral("  304 ") << QStringLiteral("304 Not Modified")
                                      << int(ReferenceIndex::ExactCode);
    QTest::addRow("code prefix") << QStringLiteral("30") << QStringLiteral("300 Multiple Choices")
                                 << int(ReferenceIndex::CodePrefix);
    QTest::addRow("class") << QStringLiteral("3xx") << QStringLiteral("300 Multiple Choices")
                           << int(ReferenceIndex::WholeClass);
    QTest::addRow("class upper case") << QStringLiteral("2XX") << QStringLiteral("200 OK")
                                      << int(ReferenceIndex::WholeClass);
    QTest::addRow("reason") << QStringLiteral("not modified") << QStringLiteral("304 Not Modified")
                            << int(ReferenceIndex::ExactReason);
    QTest::addRow("reason shouted") << QStringLiteral("NOT MODIFIED") << QStringLiteral("304 Not Modified")
                                    << int(ReferenceIndex::ExactReason);
    QTest::addRow("reason spaced") << QStringLiteral(" not   modified ") << QStringLiteral("304 Not Modified")
                                   << int(ReferenceIndex::ExactReason);
    QTest::addRow("old reason alias") << QStringLiteral("moved temporarily") << QStringLiteral("302 Found")
                                      << int(ReferenceIndex::ExactAlias);
    QTest::addRow("history alias") << QStringLiteral("Switch Proxy") << QStringLiteral("306 (Unused)")
                                   << int(ReferenceIndex::ExactAlias);
    QTest::addRow("header") << QStringLiteral("cache-control") << QStringLiteral("Cache-Control")
                            << int(ReferenceIndex::ExactHeaderName);
    QTest::addRow("header with colon") << QStringLiteral("ETag:") << QStringLiteral("ETag")
                                       << int(ReferenceIndex::ExactHeaderName);
    QTest::addRow("directive") << QStringLiteral("max-age") << QStringLiteral("max-age (Cache-Control, request)")
                               << int(ReferenceIndex::ExactDirectiveName);
    QTest::addRow("directive words") << QStringLiteral("no cache")
                                     << QStringLiteral("no-cache (Cache-Control, request)")
                                     << int(ReferenceIndex::TitleWords);
    QTest::addRow("name prefix") << QStringLiteral("early") << QStringLiteral("103 Early Hints")
                                 << int(ReferenceIndex::NamePrefix);
    QTest::addRow("header prefix") << QStringLiteral("if-none") << QStringLiteral("If-None-Match")
                                   << int(ReferenceIndex::NamePrefix);
    QTest::addRow("word in names") << QStringLiteral("revalidate")
                                   << QStringLiteral("must-revalidate (Cache-Control, response)")
                                   << int(ReferenceIndex::TitleWords);
    QTest::addRow("word prefixes in names") << QStringLiteral("content partial")
                                            << QStringLiteral("206 Partial Content") << int(ReferenceIndex::TitleWords);
    QTest::addRow("words in summary") << QStringLiteral("preload") << QStringLiteral("103 Early Hints")
                                      << int(ReferenceIndex::SummaryWords);
    QTest::addRow("words in text only") << QStringLiteral("websocket handshake")
                                        << QStringLiteral("101 Switching Protocols") << int(ReferenceIndex::TextWords);
}

void TestReferenceSearch::search()
{
    QFETCH(QString, query);
    QFETCH(QString, firstTitle);
    QFETCH(int, firstScore);
    const QList<SearchHit> hits = m_reference.search(query);
    QVERIFY(!hits.isEmpty());
    QCOMPARE(hits.first().title, firstTitle);
    QCOMPARE(hits.first().score, firstScore);
    for (qsizetype i = 1; i < hits.size(); ++i)
        QVERIFY2(hits.at(i - 1).score >= hits.at(i).score, "hits are not sorted best first");
}

void TestReferenceSearch::searchFindsNothing_data()
{
    QTest::addColumn<QString>("query");
    QTest::addRow("empty") << QString();
    QTest::addRow("blanks") << QStringLiteral(" \t\n ");
    QTest::addRow("garbage") << QStringLiteral("zzqxj");
    QTest::addRow("punctuation") << QStringLiteral("!!! ??? ---");
    QTest::addRow("non-ASCII") << QStringLiteral("無効な照会");
    QTest::addRow("number in no entry") << QStringLiteral("998877");
}

void TestReferenceSearch::searchFindsNothing()
{
    QFETCH(QString, query);
    const QList<SearchHit> hits = m_reference.search(query);
    QVERIFY2(hits.isEmpty(), qPrintable(hits.value(0).title));
}

void TestReferenceSearch::searchLimitsAndHugeQueries()
{
    QCOMPARE(m_reference.search(QStringLiteral("cache"), 3).size(), 3);
    QVERIFY(m_reference.search(QStringLiteral("cache"), 0).size() > 3);
    // A 1 MB query is cut, not scanned: it must come back (with or without hits), not hang.
    const QString huge = QStringLiteral("cache ").repeated(200000);
    QVERIFY(m_reference.search(huge).size() <= 20);
    QVERIFY(m_reference.suggestions(huge).isEmpty());
}

void TestReferenceSearch::suggestions_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expected"); // empty: no suggestion at all

    QTest::addRow("header typo") << QStringLiteral("cache-contrl") << QStringLiteral("Cache-Control");
    QTest::addRow("directive typo") << QStringLiteral("max-agee") << QStringLiteral("max-age");
    QTest::addRow("reason typo") << QStringLiteral("not modifed") << QStringLiteral("304 Not Modified");
    QTest::addRow("short typo") << QStringLiteral("etagg") << QStringLiteral("ETag");
    QTest::addRow("nothing close") << QStringLiteral("xyzzy-plugh") << QString();
    QTest::addRow("empty") << QString() << QString();
}

void TestReferenceSearch::suggestions()
{
    QFETCH(QString, query);
    QFETCH(QString, expected);
    const QStringList found = m_reference.suggestions(query);
    if (expected.isEmpty())
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QStringLiteral(", "))));
    else
        QVERIFY2(found.contains(expected), qPrintable(found.join(QStringLiteral(", "))));
    QVERIFY(found.size() <= 5);
}

void TestReferenceSearch::words()
{
    QCOMPARE(ReferenceIndex::words(u"Cache-Control: max-age=60"),
        QStringList({ QStringLiteral("cache"), QStringLiteral("control"), QStringLiteral("max"), QStringLiteral("age"),
            QStringLiteral("60") }));
    QCOMPARE(
        ReferenceIndex::words(u"  Réussi,成功! "), QStringList({ QStringLiteral("réussi"), QStringLiteral("成功") }));
    QCOMPARE(ReferenceIndex::words(u"--- ..."), QStringList());
}

QTEST_GUILESS_MAIN(TestReferenceSearch)
#include "tst_referencesearch.moc"
