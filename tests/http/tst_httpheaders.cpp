#include "http/httpheaders.h"

#include <QTest>

using namespace CacheScope;

// HttpHeaders' name matching: sameHeaderName() is on every header lookup, so it has its own fast path;
// these rows hold it to what Qt's case-insensitive comparison says.
class TestHttpHeaders : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameName_data();
    void sameName();
    void lookups();
};

void TestHttpHeaders::sameName_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("same");

    const auto row = [](const char *name, const QByteArray &a, const QByteArray &b, bool same) {
        QTest::addRow("%s", name) << a << b << same;
    };
    row("identical", "ETag", "ETag", true);
    row("case differs", "etag", "ETAG", true);
    row("mixed case", "Cache-Control", "cAcHe-cOnTrOl", true);
    row("both empty", "", "", true);
    row("empty and not", "", "a", false);
    row("prefix", "Content-Type", "Content-Typ", false);
    row("longer", "Age", "Ages", false);
    row("same length, different", "Date", "Vary", false);
    row("last byte differs", "Expires", "Expirez", false);
    // Only A-Z fold: '@' (0x40) and '`' (0x60), '[' and '{' differ by 0x20 but are not letters.
    row("at and backquote", "a@", "a`", false);
    row("brackets", "x[", "x{", false);
    row("caret and tilde", "^", "~", false);
    // Latin-1 letters are not folded (Qt 6 folds ASCII only).
    row("latin-1 A umlaut", "\xc4", "\xe4", false);
    row("latin-1 identical", "X-\xc4", "x-\xc4", true);
    row("NUL inside", QByteArray("a\0b", 3), QByteArray("A\0B", 3), true);
    row("NUL against other", QByteArray("a\0b", 3), QByteArray("a b", 3), false);
    row("digits and dashes", "X-1-2", "x-1-2", true);
}

void TestHttpHeaders::sameName()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, same);
    QCOMPARE(sameHeaderName(a, b), same);
    QCOMPARE(sameHeaderName(b, a), same);
    QCOMPARE(sameHeaderName(a, b), QByteArrayView(a).compare(b, Qt::CaseInsensitive) == 0);
}

void TestHttpHeaders::lookups()
{
    HttpHeaders headers { { "Date", "1" }, { "ETag", "\"a\"" }, { "etag", "\"b\"" }, { "Age", "3" } };
    QCOMPARE(headers.count("ETAG"), 2);
    QCOMPARE(headers.first("Etag"), QByteArray("\"a\""));
    QCOMPARE(headers.combined("etag"), QByteArray("\"a\", \"b\""));
    QVERIFY(!headers.contains("ETa"));
    QVERIFY(!headers.contains("ETags"));
    headers.set("ETAG", "\"c\"");
    QCOMPARE(headers.fields(), (QList<HeaderField> { { "Date", "1" }, { "ETAG", "\"c\"" }, { "Age", "3" } }));
    QCOMPARE(headers.remove("age"), 1);
    QCOMPARE(headers.size(), 2);
}

QTEST_GUILESS_MAIN(TestHttpHeaders)
#include "tst_httpheaders.moc"
