#include "http/entitytag.h"

#include <QTest>

using namespace CacheScope;

class TestEntityTag : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void compare_data();
    void compare();
    void list_data();
    void list();
    void readETagField_data();
    void readETagField();
    void serialize_data();
    void serialize();
    void listEvaluation();
};

void TestEntityTag::parse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("weak");
    QTest::addColumn<QByteArray>("opaque");
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("problem"); // substring; empty for a valid tag

    const auto row = [](const char *name, const QByteArray &input, bool valid, bool weak, const QByteArray &opaque,
                         const QByteArray &raw, const char *problem = "") {
        QTest::addRow("%s", name) << input << valid << weak << opaque << raw << QString::fromUtf8(problem);
    };
    // RFC 9110 §8.8.3 examples
    row("strong", "\"xyzzy\"", true, false, "xyzzy", "\"xyzzy\"");
    row("weak", "W/\"xyzzy\"", true, true, "xyzzy", "W/\"xyzzy\"");
    row("empty opaque", "\"\"", true, false, "", "\"\"");
    // Legal but surprising
    row("comma inside", "\"a,b\"", true, false, "a,b", "\"a,b\"");
    row("backslash is ordinary", "\"a\\\"", true, false, "a\\", "\"a\\\"");
    row("obs-text allowed", "\"caf\xc3\xa9\"", true, false, "caf\xc3\xa9", "\"caf\xc3\xa9\"");
    row("surrounding OWS", "  \"abc\"\t", true, false, "abc", "\"abc\"");
    row("punctuation", "\"!#$%&'()*+-./:;<=>?@[]^_`{|}~\"", true, false, "!#$%&'()*+-./:;<=>?@[]^_`{|}~",
        "\"!#$%&'()*+-./:;<=>?@[]^_`{|}~\"");
    // Malformed: kept with their raw text and a reason
    row("unquoted (httpbin style)", "abc", false, false, "abc", "abc", "not quoted");
    row("empty", "", false, false, "", "", "empty value");
    row("whitespace only", "  \t", false, false, "", "", "empty value");
    row("unterminated", "\"abc", false, false, "abc", "\"abc", "closing double quote is missing");
    row("W/ without quotes", "W/abc", false, true, "abc", "W/abc", "W/ must be followed");
    row("lower-case w/", "w/\"abc\"", false, true, "abc", "w/\"abc\"", "upper-case W/");
    row("space inside", "\"a b\"", false, false, "a b", "\"a b\"", "a space inside the quotes");
    row("control byte inside", "\"a\x01z\"", false, false, "a\x01z", "\"a\x01z\"", "control byte 0x01");
    row("DEL inside", "\"a\x7fz\"", false, false, "a\x7fz", "\"a\x7fz\"", "control byte 0x7f");
    row("text after the quote", "\"abc\"def", false, false, "abc", "\"abc\"def", "unexpected text after the closing");
    row("stray quote inside", "\"ab\"c\"", false, false, "ab", "\"ab\"c\"", "unexpected text after the closing");
    row("a list where one is expected", "\"a\", \"b\"", false, false, "a", "\"a\", \"b\"", "several entity tags");
    row("star", "*", false, false, "*", "*", "not quoted");
    row("space between W/ and quote", "W/ \"abc\"", false, true, "\"abc\"", "W/ \"abc\"", "W/ must be followed");
    row("single quotes", "'abc'", false, false, "'abc'", "'abc'", "not quoted");
    row("huge", "\"" + QByteArray(100000, 'x') + "\"", true, false, QByteArray(100000, 'x'),
        "\"" + QByteArray(100000, 'x') + "\"");
}

void TestEntityTag::parse()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, valid);
    QFETCH(bool, weak);
    QFETCH(QByteArray, opaque);
    QFETCH(QByteArray, raw);
    QFETCH(QString, problem);

    const EntityTag tag = parseEntityTag(input);
    QCOMPARE(tag.valid, valid);
    QCOMPARE(tag.weak, weak);
    QCOMPARE(tag.opaque, opaque);
    QCOMPARE(tag.raw, raw);
    if (valid) {
        QVERIFY2(tag.problem.isEmpty(), qPrintable(tag.problem));
        QCOMPARE(tag.toHeaderValue(), raw);
    } else {
        QVERIFY2(tag.problem.contains(problem), qPrintable(tag.problem));
        QCOMPARE(tag.toHeaderValue(), raw); // echoed verbatim
    }
}

void TestEntityTag::compare_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("strong");
    QTest::addColumn<bool>("weak");

    // RFC 9110 §8.8.3.2, Table 3, row by row
    QTest::addRow("RFC: W/\"1\" vs W/\"1\"") << QByteArray("W/\"1\"") << QByteArray("W/\"1\"") << false << true;
    QTest::addRow("RFC: W/\"1\" vs W/\"2\"") << QByteArray("W/\"1\"") << QByteArray("W/\"2\"") << false << false;
    QTest::addRow("RFC: W/\"1\" vs \"1\"") << QByteArray("W/\"1\"") << QByteArray("\"1\"") << false << true;
    QTest::addRow("RFC: \"1\" vs \"1\"") << QByteArray("\"1\"") << QByteArray("\"1\"") << true << true;
    // Beyond the table
    QTest::addRow("\"1\" vs W/\"1\" (symmetric)") << QByteArray("\"1\"") << QByteArray("W/\"1\"") << false << true;
    QTest::addRow("\"1\" vs \"2\"") << QByteArray("\"1\"") << QByteArray("\"2\"") << false << false;
    QTest::addRow("case matters") << QByteArray("\"abc\"") << QByteArray("\"ABC\"") << false << false;
    QTest::addRow("empty tags") << QByteArray("\"\"") << QByteArray("\"\"") << true << true;
    QTest::addRow("malformed never matches") << QByteArray("abc") << QByteArray("abc") << false << false;
    QTest::addRow("malformed vs valid") << QByteArray("abc") << QByteArray("\"abc\"") << false << false;
    QTest::addRow("lower-case w/ never matches") << QByteArray("w/\"1\"") << QByteArray("W/\"1\"") << false << false;
}

void TestEntityTag::compare()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, strong);
    QFETCH(bool, weak);
    const EntityTag ta = parseEntityTag(a);
    const EntityTag tb = parseEntityTag(b);
    QCOMPARE(strongMatch(ta, tb), strong);
    QCOMPARE(strongMatch(tb, ta), strong);
    QCOMPARE(weakMatch(ta, tb), weak);
    QCOMPARE(weakMatch(tb, ta), weak);
}

void TestEntityTag::list_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("any");
    QTest::addColumn<QList<QByteArray>>("raws");
    QTest::addColumn<QList<bool>>("valid");
    QTest::addColumn<QString>("problem"); // substring of the joined problems; empty when none expected

    using L = QList<QByteArray>;
    using V = QList<bool>;
    QTest::addRow("star") << QByteArray("*") << true << L {} << V {} << QString();
    QTest::addRow("star with OWS") << QByteArray("  * ") << true << L {} << V {} << QString();
    QTest::addRow("one") << QByteArray("\"a\"") << false << L { "\"a\"" } << V { true } << QString();
    QTest::addRow("RFC 9110 §13.1.2 example")
        << QByteArray("\"xyzzy\", \"r2d2xxxx\", \"c3piozzzz\"") << false
        << L { "\"xyzzy\"", "\"r2d2xxxx\"", "\"c3piozzzz\"" } << V { true, true, true } << QString();
    QTest::addRow("weak and strong") << QByteArray("W/\"xyzzy\", \"xyzzy\"") << false
                                     << L { "W/\"xyzzy\"", "\"xyzzy\"" } << V { true, true } << QString();
    QTest::addRow("comma inside a tag") << QByteArray("\"a,b\", \"c\"") << false << L { "\"a,b\"", "\"c\"" }
                                        << V { true, true } << QString();
    QTest::addRow("no spaces") << QByteArray("\"a\",\"b\"") << false << L { "\"a\"", "\"b\"" } << V { true, true }
                               << QString();
    QTest::addRow("empty elements") << QByteArray(" , \"a\" ,, ,\"b\",") << false << L { "\"a\"", "\"b\"" }
                                    << V { true, true } << QString();
    QTest::addRow("empty value") << QByteArray("") << false << L {} << V {} << QString();
    QTest::addRow("only commas") << QByteArray(" , ,") << false << L {} << V {} << QString();
    QTest::addRow("unquoted members kept") << QByteArray("abc, \"ok\", def") << false << L { "abc", "\"ok\"", "def" }
                                           << V { false, true, false } << QStringLiteral("'abc': not quoted");
    QTest::addRow("junk after a tag") << QByteArray("\"a\"x, \"b\"") << false << L { "\"a\"x", "\"b\"" }
                                      << V { false, true } << QStringLiteral("unexpected text");
    QTest::addRow("unterminated last") << QByteArray("\"a\", \"b") << false << L { "\"a\"", "\"b" } << V { true, false }
                                       << QStringLiteral("closing double quote");
    QTest::addRow("star mixed with tags")
        << QByteArray("*, \"a\"") << true << L { "\"a\"" } << V { true } << QStringLiteral("only member");
    QTest::addRow("star glued to text") << QByteArray("*abc") << false << L { "*abc" } << V { false }
                                        << QStringLiteral("not quoted");
    QTest::addRow("duplicates kept") << QByteArray("\"a\", \"a\"") << false << L { "\"a\"", "\"a\"" }
                                     << V { true, true } << QString();
}

void TestEntityTag::list()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, any);
    QFETCH(QList<QByteArray>, raws);
    QFETCH(QList<bool>, valid);
    QFETCH(QString, problem);

    const EntityTagList list = parseEntityTagList(input);
    QCOMPARE(list.any, any);
    QList<QByteArray> gotRaws;
    QList<bool> gotValid;
    for (const EntityTag &t : list.tags) {
        gotRaws.append(t.raw);
        gotValid.append(t.valid);
    }
    QCOMPARE(gotRaws, raws);
    QCOMPARE(gotValid, valid);
    if (problem.isEmpty())
        QVERIFY2(list.problems.isEmpty(), qPrintable(list.problems.join(u'|')));
    else
        QVERIFY2(list.problems.join(u'|').contains(problem), qPrintable(list.problems.join(u'|')));
}

void TestEntityTag::readETagField_data()
{
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<bool>("present");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QByteArray>("raw");

    QTest::addRow("absent") << HttpHeaders { { "Content-Type", "text/plain" } } << false << false << QByteArray();
    QTest::addRow("one") << HttpHeaders { { "ETag", "\"v1\"" } } << true << true << QByteArray("\"v1\"");
    QTest::addRow("name case") << HttpHeaders { { "etag", "W/\"v1\"" } } << true << true << QByteArray("W/\"v1\"");
    QTest::addRow("empty line") << HttpHeaders { { "ETag", "" } } << true << false << QByteArray("");
    QTest::addRow("two identical lines") << HttpHeaders { { "ETag", "\"v1\"" }, { "ETag", "\"v1\"" } } << true << true
                                         << QByteArray("\"v1\"");
    QTest::addRow("two different lines") << HttpHeaders { { "ETag", "\"v1\"" }, { "ETag", "\"v2\"" } } << true << false
                                         << QByteArray("\"v1\", \"v2\"");
}

void TestEntityTag::readETagField()
{
    QFETCH(HttpHeaders, headers);
    QFETCH(bool, present);
    QFETCH(bool, valid);
    QFETCH(QByteArray, raw);
    const std::optional<EntityTag> tag = readETag(headers);
    QCOMPARE(tag.has_value(), present);
    if (!present)
        return;
    QCOMPARE(tag->valid, valid);
    QCOMPARE(tag->raw, raw);
    QCOMPARE(tag->problem.isEmpty(), valid);
}

void TestEntityTag::serialize_data()
{
    QTest::addColumn<QList<EntityTag>>("tags");
    QTest::addColumn<QByteArray>("expected");

    QTest::addRow("none") << QList<EntityTag> {} << QByteArray();
    QTest::addRow("strong and weak") << QList<EntityTag> { EntityTag::makeStrong("a"), EntityTag::makeWeak("b") }
                                     << QByteArray("\"a\", W/\"b\"");
    QTest::addRow("duplicates once") << QList<EntityTag> { EntityTag::makeStrong("a"), EntityTag::makeStrong("a"),
        EntityTag::makeWeak("a") } << QByteArray("\"a\", W/\"a\"");
    QTest::addRow("malformed verbatim") << QList<EntityTag> { parseEntityTag("abc"), parseEntityTag("\"ok\"") }
                                        << QByteArray("abc, \"ok\"");
    QTest::addRow("empty raw skipped") << QList<EntityTag> { parseEntityTag(""), EntityTag::makeStrong("") }
                                       << QByteArray("\"\"");
}

void TestEntityTag::serialize()
{
    QFETCH(QList<EntityTag>, tags);
    QFETCH(QByteArray, expected);
    QCOMPARE(serializeEntityTagList(tags), expected);
    // What we write, we read back to the same valid tags.
    const EntityTagList back = parseEntityTagList(expected);
    for (const EntityTag &t : back.tags)
        QCOMPARE(t.toHeaderValue(), parseEntityTag(t.raw).toHeaderValue());
}

void TestEntityTag::listEvaluation()
{
    const EntityTagList list = parseEntityTagList("W/\"1\", \"2\", bad");
    QVERIFY(list.matchesWeakly(parseEntityTag("\"1\"")));
    QVERIFY(!list.matchesStrongly(parseEntityTag("\"1\"")));
    QVERIFY(list.matchesStrongly(parseEntityTag("\"2\"")));
    QVERIFY(!list.matchesWeakly(parseEntityTag("\"3\"")));
    QVERIFY(!list.matchesWeakly(parseEntityTag("bad")));
    QVERIFY(!EntityTag::makeStrong("a b").valid);
    QVERIFY(!EntityTag::makeWeak("a\"b").valid);
    QCOMPARE(EntityTag::makeWeak("x"), parseEntityTag("W/\"x\""));
    QCOMPARE(EntityTag::makeStrong("x"), parseEntityTag("\"x\""));
    const EntityTagList star = parseEntityTagList("*");
    QVERIFY(star.matchesWeakly(parseEntityTag("\"anything\"")));
    QVERIFY(star.matchesStrongly(parseEntityTag("W/\"anything\"")));
    const EntityTagList fromHeaders = readEntityTagList(
        HttpHeaders { { "If-None-Match", "\"a\"" }, { "if-none-match", "\"b\"" } }, "If-None-Match");
    QCOMPARE(fromHeaders.tags.size(), 2);
    QCOMPARE(fromHeaders.tags.at(1).opaque, QByteArray("b"));
}

QTEST_GUILESS_MAIN(TestEntityTag)
#include "tst_entitytag.moc"
