#include "http/cachecontrol.h"

#include <QTest>

using namespace CacheScope;

namespace {

using State = DirectiveSeconds::State;
using Context = CacheControl::Context;

DirectiveSeconds valid(qint64 s)
{
    return { State::Valid, s };
}
const DirectiveSeconds kAbsent {};
const DirectiveSeconds kInvalid { State::Invalid, 0 };
const DirectiveSeconds kNoArgument { State::NoArgument, 0 };

// Reads one accessor by name so a single table can test them all.
QVariant read(const CacheControl &cc, const QString &what)
{
    const auto seconds = [](const DirectiveSeconds &d) {
        switch (d.state) {
        case State::Absent:
            return QStringLiteral("absent");
        case State::Invalid:
            return QStringLiteral("invalid");
        case State::NoArgument:
            return QStringLiteral("no-argument");
        case State::Valid:
            break;
        }
        return QString::number(d.seconds);
    };
    const auto names = [](const QList<QByteArray> &l) { return QString::fromLatin1(l.join(',')); };
    if (what == u"max-age")
        return seconds(cc.maxAge());
    if (what == u"s-maxage")
        return seconds(cc.sMaxAge());
    if (what == u"max-stale")
        return seconds(cc.maxStale());
    if (what == u"min-fresh")
        return seconds(cc.minFresh());
    if (what == u"stale-while-revalidate")
        return seconds(cc.staleWhileRevalidate());
    if (what == u"stale-if-error")
        return seconds(cc.staleIfError());
    if (what == u"no-cache")
        return cc.noCache();
    if (what == u"no-cache fields")
        return names(cc.noCacheFields());
    if (what == u"private")
        return cc.isPrivate();
    if (what == u"private fields")
        return names(cc.privateFields());
    if (what == u"no-store")
        return cc.noStore();
    if (what == u"public")
        return cc.isPublic();
    if (what == u"must-revalidate")
        return cc.mustRevalidate();
    if (what == u"proxy-revalidate")
        return cc.proxyRevalidate();
    if (what == u"must-understand")
        return cc.mustUnderstand();
    if (what == u"no-transform")
        return cc.noTransform();
    if (what == u"immutable")
        return cc.immutable();
    if (what == u"only-if-cached")
        return cc.onlyIfCached();
    if (what == u"count")
        return QString::number(cc.directives().size());
    if (what == u"extensions") {
        QList<QByteArray> n;
        for (const CacheDirective &d : cc.extensions())
            n.append(d.name);
        return names(n);
    }
    return QStringLiteral("unknown accessor %1").arg(what);
}

} // namespace

class TestCacheControl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accessors_data();
    void accessors();
    void directiveDetails();
    void multipleLines();
    void absentAndEmpty();
    void seconds();
    void writeBack();
};

void TestCacheControl::accessors_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("context");
    QTest::addColumn<QString>("accessor");
    QTest::addColumn<QVariant>("expected");
    QTest::addColumn<QString>("warning"); // substring of the joined warnings; "-" means: no warning at all

    const auto resp = [](const char *name, const QByteArray &value, const char *accessor, const QVariant &expected,
                          const char *warning = "-") {
        QTest::addRow("%s", name) << value << int(Context::Response) << QString::fromLatin1(accessor) << expected
                                  << QString::fromUtf8(warning);
    };
    const auto req = [](const char *name, const QByteArray &value, const char *accessor, const QVariant &expected,
                         const char *warning = "-") {
        QTest::addRow("%s", name) << value << int(Context::Request) << QString::fromLatin1(accessor) << expected
                                  << QString::fromUtf8(warning);
    };
    const auto s = [](const char *text) { return QVariant(QString::fromLatin1(text)); };

    // Plain directives
    resp("max-age", "max-age=3600", "max-age", s("3600"));
    resp("max-age zero", "max-age=0", "max-age", s("0"));
    resp("max-age absent", "public", "max-age", s("absent"));
    resp("names are case-insensitive", "MAX-AGE=5, No-Transform", "max-age", s("5"));
    resp("no-store any case", "NO-STORE", "no-store", true);
    resp("s-maxage", "public, s-maxage=600", "s-maxage", s("600"));
    resp("public", "public", "public", true);
    resp("must-revalidate", "max-age=0, must-revalidate", "must-revalidate", true);
    resp("proxy-revalidate", "proxy-revalidate", "proxy-revalidate", true);
    resp("must-understand", "must-understand, no-store", "must-understand", true);
    resp("no-transform", "no-transform", "no-transform", true);
    resp("immutable", "max-age=31536000, immutable", "immutable", true);
    resp("stale-while-revalidate", "max-age=1, stale-while-revalidate=59", "stale-while-revalidate", s("59"));
    resp("stale-if-error", "max-age=1, stale-if-error=86400", "stale-if-error", s("86400"));
    req("max-stale with value", "max-stale=10", "max-stale", s("10"));
    req("max-stale without value", "max-stale", "max-stale", s("no-argument"));
    req("min-fresh", "min-fresh=20", "min-fresh", s("20"));
    req("only-if-cached", "only-if-cached", "only-if-cached", true);
    req("request no-cache", "no-cache", "no-cache", true);
    req("request max-age", "max-age=0", "max-age", s("0"));

    // no-cache and private with field names
    resp("no-cache unqualified", "no-cache", "no-cache fields", s(""));
    resp("no-cache qualified", "no-cache=\"Set-Cookie, X-Foo\"", "no-cache fields", s("set-cookie,x-foo"));
    resp("no-cache qualified is still no-cache", "no-cache=\"Set-Cookie\"", "no-cache", true);
    resp("no-cache token form", "no-cache=Set-Cookie", "no-cache fields", s("set-cookie"), "should be a quoted");
    resp("no-cache empty list", "no-cache=\"\"", "no-cache fields", s(""), "read as unqualified");
    resp("no-cache qualified + unqualified", "no-cache=\"a\", no-cache", "no-cache fields", s(""),
        "unqualified form wins");
    resp("no-cache two qualified merge", "no-cache=\"a\", no-cache=\"B, a\"", "no-cache fields", s("a,b"),
        "appears 2 times");
    resp("private unqualified", "private", "private", true);
    resp("private fields", "private=\"Authorization\"", "private fields", s("authorization"));
    resp("private with a bad name", "private=\"ok, b@d\"", "private fields", s("ok"), "'b@d' is not a valid field");
    req("no-cache with names in a request", "no-cache=\"x\"", "no-cache", true, "no field names in a request");

    // Quoted delta-seconds: accepted (RFC 9111 §5.2), reported
    resp("quoted max-age", "max-age=\"3\"", "max-age", s("3"), "senders must use the token form");
    resp("quoted s-maxage", "s-maxage=\"10\"", "s-maxage", s("10"), "token form");
    // Invalid delta-seconds
    resp("negative", "max-age=-1", "max-age", s("invalid"), "negative");
    resp("fraction", "max-age=1.5", "max-age", s("invalid"), "not a whole number");
    resp("empty argument", "max-age=", "max-age", s("invalid"), "empty value");
    resp("no argument", "max-age", "max-age", s("invalid"), "needs a number of seconds");
    resp("letters", "max-age=abc", "max-age", s("invalid"), "digits only");
    resp("plus sign", "max-age=+5", "max-age", s("invalid"), "digits only");
    resp("hex", "max-age=0x10", "max-age", s("invalid"), "digits only");
    resp("unterminated quote", "max-age=\"5", "max-age", s("invalid"), "unterminated");
    resp("huge is capped at 2^31", "max-age=99999999999999999999999", "max-age", s("2147483648"), "larger than 2^31");
    resp("exactly 2^31 is not a clamp", "max-age=2147483648", "max-age", s("2147483648"));
    resp("just below 2^31", "max-age=2147483647", "max-age", s("2147483647"));
    resp("leading zeros", "max-age=0000060", "max-age", s("60"));
    resp("spaces around =", "max-age = 60", "max-age", s("60"), "spaces around '='");

    // Duplicates (RFC 9111 §4.2.1)
    resp("same value twice", "max-age=60, max-age=60", "max-age", s("60"), "appears 2 times with the same value");
    resp("same value, one quoted", "max-age=60, max-age=\"60\"", "max-age", s("60"), "same value");
    resp("different values", "max-age=60, max-age=0", "max-age", s("invalid"), "different values (60, 0)");
    resp("one valid one invalid", "max-age=60, max-age=x", "max-age", s("invalid"), "digits only");
    req("max-stale with and without value", "max-stale, max-stale=5", "max-stale", s("invalid"), "different values");
    resp("flag twice", "no-store, no-store", "no-store", true, "appears 2 times");

    // Arguments where none is allowed: directive still applies
    resp("no-store with argument", "no-store=1", "no-store", true, "takes no argument");
    resp("public with quoted argument", "public=\"yes\"", "public", true, "takes no argument");

    // Context mismatches are reported, not filtered
    resp("min-fresh in a response", "min-fresh=5", "min-fresh", s("5"), "is a request directive");
    req("s-maxage in a request", "s-maxage=5", "s-maxage", s("5"), "is a response directive");
    resp("only-if-cached in a response", "only-if-cached", "only-if-cached", true, "request directive");

    // Extensions and garbage: kept, never fatal
    resp("unknown extension kept", "max-age=5, x-custom=\"a, b\", foo", "extensions", s("x-custom,foo"),
        "unrecognized directive");
    resp("extension does not break parsing", "x-custom=\"a, b\", max-age=5", "max-age", s("5"), "unrecognized");
    resp("community example (RFC 9111 §5.2.3)", "private, community=\"UCI\"", "extensions", s("community"),
        "unrecognized");
    resp("empty elements", " , max-age=5,, ,no-transform ,", "count", s("2"));
    resp("invalid name", "max age=5", "extensions", s("max age"), "not a valid directive name");
    resp("no name", "=5, no-store", "no-store", true, "has no name");
    resp("non-ASCII name", "m\xc3\xa4x-age=5", "max-age", s("absent"), "not a valid directive name");
    resp("non-ASCII argument", "x=caf\xc3\xa9", "count", s("1"), "neither a token nor a quoted string");
    resp("junk after quoted argument", "x=\"a\"b", "count", s("1"), "unexpected text after the closing quote");
    resp("only commas", ",,,", "count", s("0"), "lists no directive");
    resp("public and private", "public, private", "private", true, "private is the more restrictive");
    resp("no-store with max-age", "no-store, max-age=60", "no-store", true, "no-store wins");
}

void TestCacheControl::accessors()
{
    QFETCH(QByteArray, value);
    QFETCH(int, context);
    QFETCH(QString, accessor);
    QFETCH(QVariant, expected);
    QFETCH(QString, warning);

    const CacheControl cc = CacheControl::parseValue(value, Context(context));
    QVERIFY(cc.isPresent());
    QCOMPARE(read(cc, accessor), expected);
    const QString warnings = cc.warnings().join(u'|');
    if (warning == u"-")
        QVERIFY2(cc.warnings().isEmpty(), qPrintable(warnings));
    else
        QVERIFY2(warnings.contains(warning), qPrintable(warnings));
}

void TestCacheControl::directiveDetails()
{
    const CacheControl cc = CacheControl::parseValue("Max-Age=\"3\", no-cache=\"Set-Cookie\", foo", Context::Response);
    QCOMPARE(cc.directives().size(), 3);
    const CacheDirective &maxAge = cc.directives().at(0);
    QCOMPARE(maxAge.name, QByteArray("max-age"));
    QCOMPARE(maxAge.raw, QByteArray("Max-Age=\"3\""));
    QVERIFY(maxAge.hasArgument);
    QVERIFY(maxAge.quoted);
    QCOMPARE(maxAge.rawArgument, QByteArray("\"3\""));
    QCOMPARE(maxAge.argument, QByteArray("3"));
    QCOMPARE(maxAge.problems.size(), 1);
    const CacheDirective &foo = cc.directives().at(2);
    QVERIFY(!foo.hasArgument);
    QVERIFY(foo.rawArgument.isNull());
    QCOMPARE(cc.occurrences("NO-CACHE").size(), 1);
    QVERIFY(cc.has("No-Cache"));
    QVERIFY(!cc.has("no-store"));
}

void TestCacheControl::multipleLines()
{
    // Lines combine into one list (RFC 9110 §5.3); a quoted comma in one line does not leak into the next.
    const HttpHeaders headers {
        { "Cache-Control", "private=\"a, b\"" },
        { "Content-Type", "text/html" },
        { "cache-control", "max-age=60" },
        { "Cache-Control", "max-age=60" },
    };
    const CacheControl cc = CacheControl::parse(headers, Context::Response);
    QVERIFY(cc.isPresent());
    QCOMPARE(cc.directives().size(), 3);
    QCOMPARE(cc.privateFields(), (QList<QByteArray> { "a", "b" }));
    QCOMPARE(cc.maxAge(), valid(60));
    QVERIFY(cc.warnings().join(u'|').contains(QStringLiteral("max-age appears 2 times with the same value")));

    const CacheControl conflict = CacheControl::parse(
        HttpHeaders { { "Cache-Control", "max-age=60" }, { "Cache-Control", "max-age=5" } }, Context::Response);
    QCOMPARE(conflict.maxAge(), kInvalid);
}

void TestCacheControl::absentAndEmpty()
{
    const CacheControl absent = CacheControl::parse(HttpHeaders { { "Expires", "0" } }, Context::Request);
    QVERIFY(!absent.isPresent());
    QCOMPARE(absent.context(), Context::Request);
    QVERIFY(absent.directives().isEmpty());
    QVERIFY(absent.warnings().isEmpty());
    QCOMPARE(absent.maxAge(), kAbsent);
    QCOMPARE(absent.maxStale(), kAbsent);

    const CacheControl empty = CacheControl::parse(HttpHeaders { { "Cache-Control", "" } }, Context::Response);
    QVERIFY(empty.isPresent());
    QVERIFY(empty.directives().isEmpty());
    QCOMPARE(empty.warnings().size(), 1);
}

void TestCacheControl::seconds()
{
    QCOMPARE(CacheControl::parseValue("max-stale", Context::Request).maxStale(), kNoArgument);
    QVERIFY(kNoArgument.isPresent());
    QVERIFY(!kNoArgument.isValid());
    QVERIFY(valid(0).isValid());
    QVERIFY(!kAbsent.isPresent());
    QCOMPARE(CacheControl::parseValue("stale-if-error", Context::Response).staleIfError(), kInvalid);
}

void TestCacheControl::writeBack()
{
    const CacheControl cc = CacheControl::parseValue(
        "Max-Age=\"3\",  no-cache=\"Set-Cookie\", x=\"a\\\"b\", Public, y=tok", Context::Response);
    QCOMPARE(cc.toHeaderValue(), QByteArray("max-age=\"3\", no-cache=\"Set-Cookie\", x=\"a\\\"b\", public, y=tok"));
    QCOMPARE(CacheControl::parseValue(cc.toHeaderValue(), Context::Response).directives().size(), 5);
}

QTEST_GUILESS_MAIN(TestCacheControl)
#include "tst_cachecontrol.moc"
