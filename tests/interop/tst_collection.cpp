#include "interop/collection.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope;

Q_DECLARE_METATYPE(CacheScope::SavedRequest)

// The ".http" collection format: parsing with line-numbered errors, and exact round trips.
class tst_Collection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesRequests();
    void canonicalTextRoundTripsByteForByte();
    void writtenCollectionsParseBack_data();
    void writtenCollectionsParseBack();
    void errors_data();
    void errors();
    void writeProblems_data();
    void writeProblems();
    void readsFiles();
};

void tst_Collection::parsesRequests()
{
    const QByteArray text = "# Team requests\r\n"
                            "\r\n"
                            "### home\r\n"
                            "# the landing page\r\n"
                            "GET https://example.com/ HTTP/1.1\r\n"
                            "Accept: text/html\r\n"
                            "X-Dup: 1\r\n"
                            "X-Dup: 2\r\n"
                            "\r\n"
                            "### create\n"
                            "POST http://127.0.0.1:8080/items?x=1\n"
                            "Content-Type: application/json\n"
                            "// a comment among the headers\n"
                            "\n"
                            "{\n"
                            "  \"a\": 1\n"
                            "}\n"
                            "\n"
                            "\n"
                            "###\n"
                            "example.org/bare\n";
    const CollectionParseResult result = parseCollection(text);
    QVERIFY2(result.ok(), qPrintable(result.error));
    const Collection &c = result.collection;
    QCOMPARE(c.preamble, QStringList { QStringLiteral("Team requests") });
    QCOMPARE(c.requests.size(), 3);
    const SavedRequest &home = c.requests.at(0);
    QCOMPARE(home.name, QStringLiteral("home"));
    QCOMPARE(home.comments, QStringList { QStringLiteral("the landing page") });
    QCOMPARE(home.request.method, QByteArray("GET"));
    QCOMPARE(home.request.url, QUrl(QStringLiteral("https://example.com/")));
    QCOMPARE(home.request.headers, (HttpHeaders { { "Accept", "text/html" }, { "X-Dup", "1" }, { "X-Dup", "2" } }));
    QVERIFY(home.request.body.isEmpty());
    QCOMPARE(home.line, 5);
    const SavedRequest &create = c.requests.at(1);
    QCOMPARE(create.request.method, QByteArray("POST"));
    QCOMPARE(create.request.headers, (HttpHeaders { { "Content-Type", "application/json" } }));
    QCOMPARE(create.request.body, QByteArray("{\n  \"a\": 1\n}"));
    QCOMPARE(create.line, 11);
    const SavedRequest &bare = c.requests.at(2);
    QVERIFY(bare.name.isEmpty());
    QCOMPARE(bare.request.method, QByteArray("GET"));
    QCOMPARE(bare.request.url, QUrl(QStringLiteral("http://example.org/bare")));
    QCOMPARE(c.named(QStringLiteral("create")).size(), 1);
    QVERIFY(c.named(QStringLiteral("nope")).isEmpty());
}

void tst_Collection::canonicalTextRoundTripsByteForByte()
{
    const QByteArray text = "# Saved by the team\n"
                            "#\n"
                            "\n"
                            "### home\n"
                            "# why we keep it\n"
                            "GET https://example.com/\n"
                            "Accept: text/html\n"
                            "\n"
                            "### create item\n"
                            "PUT https://example.com/items/1\n"
                            "Content-Type: application/json\n"
                            "\n"
                            "{\n"
                            "\n"
                            "  \"a\": \"### not a separator\"\n"
                            "}\n"
                            "\n"
                            "###\n"
                            "DELETE http://127.0.0.1:1/x?y=%20z\n";
    const CollectionParseResult result = parseCollection(text);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(writeCollection(result.collection), text);
}

void tst_Collection::writtenCollectionsParseBack_data()
{
    QTest::addColumn<SavedRequest>("saved");
    auto make = [](const char *method, const char *url, HttpHeaders headers, const QByteArray &body) {
        SavedRequest s;
        s.name = QStringLiteral("r");
        s.request.method = method;
        s.request.url = QUrl(QString::fromLatin1(url));
        s.request.headers = headers;
        s.request.body = body;
        return s;
    };
    QTest::addRow("plain GET") << make("GET", "http://a.test/", {}, {});
    QTest::addRow("headers in order, duplicates kept")
        << make("GET", "https://a.test/p?q=1", { { "b", "2" }, { "A", "1" }, { "b", "3" } }, {});
    QTest::addRow("body with blank lines inside") << make("POST", "http://a.test/", {}, "a\n\n\nb");
    QTest::addRow("body with a comment-like line")
        << make("POST", "http://a.test/", {}, "# not a comment\n// nor this");
    QTest::addRow("non-ASCII body and name") << [&] {
        SavedRequest s = make("PATCH", "http://a.test/", { { "X", "caf\xc3\xa9" } }, "h\xc3\xa9llo");
        s.name = QStringLiteral("caf\u00e9 request");
        s.comments = { QStringLiteral("one"), QString(), QStringLiteral("three") };
        return s;
    }();
    QTest::addRow("empty header value") << make("GET", "http://a.test/", { { "X-Empty", "" } }, {});
    QTest::addRow("extension method") << make("PROPFIND", "http://a.test/dav/", { { "Depth", "1" } }, "<x/>");
}

void tst_Collection::writtenCollectionsParseBack()
{
    QFETCH(SavedRequest, saved);
    QVERIFY2(collectionWriteProblem(saved).isEmpty(), qPrintable(collectionWriteProblem(saved)));
    Collection c;
    c.preamble = { QStringLiteral("preamble") };
    c.requests = { saved, saved };
    const QByteArray text = writeCollection(c);
    const CollectionParseResult back = parseCollection(text);
    QVERIFY2(back.ok(), qPrintable(back.error + QLatin1Char('\n') + QString::fromUtf8(text)));
    QCOMPARE(back.collection.requests.size(), 2);
    for (const SavedRequest &r : back.collection.requests) {
        QCOMPARE(r.name, saved.name);
        QCOMPARE(r.comments, saved.comments);
        QCOMPARE(r.request.method, saved.request.method);
        QCOMPARE(r.request.url, saved.request.url);
        QCOMPARE(r.request.headers, saved.request.headers);
        QCOMPARE(r.request.body, saved.request.body);
    }
    QCOMPARE(back.collection.preamble, c.preamble);
    QCOMPARE(writeCollection(back.collection), text); // and the text again, byte for byte
}

void tst_Collection::errors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");
    QTest::addRow("text before the first request") << QByteArray("GET http://a.test/\n") << 1 << QStringLiteral("###");
    QTest::addRow("no request line") << QByteArray("### a\n# only a comment\n### b\nGET http://a.test/\n") << 2
                                     << QStringLiteral("no request line");
    QTest::addRow("empty request at the end")
        << QByteArray("### a\nGET http://a.test/\n###\n") << 3 << QStringLiteral("no request line");
    QTest::addRow("three words") << QByteArray("### a\nGET http://a.test/ extra words\n") << 2
                                 << QStringLiteral("METHOD URL");
    QTest::addRow("bad method") << QByteArray("### a\nG(T http://a.test/\n") << 2 << QStringLiteral("METHOD URL");
    QTest::addRow("bad scheme") << QByteArray("### a\nGET ftp://a.test/\n") << 2 << QStringLiteral("scheme");
    QTest::addRow("variable in the URL") << QByteArray("### a\nGET {{host}}/x\n") << 2 << QStringLiteral("variables");
    QTest::addRow("variable in a header")
        << QByteArray("### a\nGET http://a.test/\nAuthorization: {{token}}\n") << 3 << QStringLiteral("variables");
    QTest::addRow("header without colon")
        << QByteArray("### a\nGET http://a.test/\nnot a header\n") << 3 << QStringLiteral("Name: value");
    QTest::addRow("header name with space")
        << QByteArray("### a\nGET http://a.test/\nBad Name: v\n") << 3 << QStringLiteral("Name: value");
    QTest::addRow("file body") << QByteArray("### a\nPOST http://a.test/\n\n< ./body.json\n") << 4
                               << QStringLiteral("file bodies");
    QTest::addRow("binary junk") << QByteArray("\x00\x01\x02", 3) << 1 << QStringLiteral("###");
}

void tst_Collection::errors()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(QString, message);
    const CollectionParseResult result = parseCollection(text);
    QVERIFY(!result.ok());
    QCOMPARE(result.errorLine, line);
    QVERIFY2(result.error.startsWith(QStringLiteral("line %1: ").arg(line)), qPrintable(result.error));
    QVERIFY2(result.error.contains(message), qPrintable(result.error));
    QVERIFY(result.collection.requests.isEmpty());
}

void tst_Collection::writeProblems_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("headerValue");
    QTest::addColumn<QString>("url");
    QTest::addRow("name with a line break")
        << QStringLiteral("a\nb") << QByteArray() << QByteArray("v") << QStringLiteral("http://a.test/");
    QTest::addRow("body ending in a line break")
        << QStringLiteral("a") << QByteArray("x\n") << QByteArray("v") << QStringLiteral("http://a.test/");
    QTest::addRow("body starting with a blank line")
        << QStringLiteral("a") << QByteArray("\nx") << QByteArray("v") << QStringLiteral("http://a.test/");
    QTest::addRow("body with a separator line")
        << QStringLiteral("a") << QByteArray("x\n### y") << QByteArray("v") << QStringLiteral("http://a.test/");
    QTest::addRow("header value with CRLF")
        << QStringLiteral("a") << QByteArray() << QByteArray("v\r\nX: y") << QStringLiteral("http://a.test/");
    QTest::addRow("not http") << QStringLiteral("a") << QByteArray() << QByteArray("v")
                              << QStringLiteral("ftp://a.test/");
}

void tst_Collection::writeProblems()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, headerValue);
    QFETCH(QString, url);
    SavedRequest saved;
    saved.name = name;
    saved.request.url = QUrl(url);
    saved.request.body = body;
    saved.request.headers.append("X", headerValue);
    QVERIFY(!collectionWriteProblem(saved).isEmpty());
}

void tst_Collection::readsFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Collection collection;
    QString error;
    const QString missing = dir.filePath(QStringLiteral("missing.http"));
    QVERIFY(!readCollectionFile(missing, &collection, &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot read ") + missing + QStringLiteral(": ")), qPrintable(error));

    const QString bad = dir.filePath(QStringLiteral("bad.http"));
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("### a\nGET http://a.test/\nnot a header\n");
    file.close();
    QVERIFY(!readCollectionFile(bad, &collection, &error));
    QVERIFY2(
        error.startsWith(bad + QStringLiteral(" is not a collection CacheScope can read: line 3:")), qPrintable(error));
    QVERIFY(collection.requests.isEmpty()); // nothing half-read

    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("### a\nGET http://a.test/\n");
    file.close();
    QVERIFY2(readCollectionFile(bad, &collection, &error), qPrintable(error));
    QCOMPARE(collection.requests.size(), 1);
    QCOMPARE(collection.requests.first().name, QStringLiteral("a"));
}

QTEST_GUILESS_MAIN(tst_Collection)
#include "tst_collection.moc"
