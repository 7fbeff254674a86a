// The loader against hostile files: every row must end in a precise error (or a clean load), never a crash.
#include "reference/reference.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope;

namespace {

QJsonObject spec()
{
    return { { QStringLiteral("document"), QStringLiteral("RFC 9110") },
        { QStringLiteral("section"), QStringLiteral("15.3.1") },
        { QStringLiteral("url"), QStringLiteral("https://www.rfc-editor.org/rfc/rfc9110#section-15.3.1") } };
}

QJsonObject examples()
{
    return { { QStringLiteral("express"), QStringLiteral("res.end()") },
        { QStringLiteral("flask"), QStringLiteral("return ''") },
        { QStringLiteral("curl"), QStringLiteral("curl -i https://example.com/") } };
}

QJsonObject status(int code)
{
    return {
        { QStringLiteral("code"), code },
        { QStringLiteral("reason"), QStringLiteral("Reason") },
        { QStringLiteral("class"), QStringLiteral("success") },
        { QStringLiteral("status"), QStringLiteral("standard") },
        { QStringLiteral("origin"), QString() },
        { QStringLiteral("spec"), spec() },
        { QStringLiteral("summary"), QStringLiteral("Summary.") },
        { QStringLiteral("explanation"), QStringLiteral("Explanation.") },
        { QStringLiteral("browser"), QStringLiteral("Browser.") },
        { QStringLiteral("debugging"), QJsonArray { QStringLiteral("Check.") } },
        { QStringLiteral("caching"),
            QJsonObject { { QStringLiteral("cacheable_by_default"), true }, { QStringLiteral("heuristic"), true },
                { QStringLiteral("notes"), QStringLiteral("Notes.") } } },
        { QStringLiteral("headers"),
            QJsonArray { QJsonObject { { QStringLiteral("name"), QStringLiteral("ETag") },
                { QStringLiteral("note"), QStringLiteral("n") } } } },
        { QStringLiteral("related"), QJsonArray { 204 } },
        { QStringLiteral("examples"), examples() },
    };
}

QJsonObject directive(const QString &name, const QString &side)
{
    return { { QStringLiteral("name"), name }, { QStringLiteral("side"), side }, { QStringLiteral("spec"), spec() },
        { QStringLiteral("summary"), QStringLiteral("S.") }, { QStringLiteral("explanation"), QStringLiteral("E.") },
        { QStringLiteral("example"), QStringLiteral("Cache-Control: ") + name } };
}

QJsonObject header(const QString &name, const QJsonArray &directives = {})
{
    return { { QStringLiteral("name"), name }, { QStringLiteral("direction"), QStringLiteral("both") },
        { QStringLiteral("spec"), spec() }, { QStringLiteral("summary"), QStringLiteral("S.") },
        { QStringLiteral("explanation"), QStringLiteral("E.") }, { QStringLiteral("syntax"), QStringLiteral("Y.") },
        { QStringLiteral("caching"), QStringLiteral("C.") },
        { QStringLiteral("debugging"), QJsonArray { QStringLiteral("D.") } },
        { QStringLiteral("related"), QJsonArray() }, { QStringLiteral("examples"), examples() },
        { QStringLiteral("directives"), directives } };
}

QByteArray codesFile(const QJsonArray &codes)
{
    return QJsonDocument(QJsonObject { { QStringLiteral("codes"), codes } }).toJson();
}

QByteArray headersFile(const QJsonArray &headers)
{
    return QJsonDocument(QJsonObject { { QStringLiteral("headers"), headers } }).toJson();
}

QJsonObject with(QJsonObject object, const QString &key, const QJsonValue &value)
{
    if (value.isUndefined())
        object.remove(key);
    else
        object.insert(key, value);
    return object;
}

using Files = QList<std::pair<QString, QByteArray>>;

} // namespace

Q_DECLARE_METATYPE(Files)

class TestReferenceLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hostileFiles_data();
    void hostileFiles();
    void missingDirectory();
    void emptyDirectory();
    void errorsAreCappedPerFile();
    void manyEntriesLoadQuickly();
    void loadsOnceAndKeepsAddresses();
    void subdirectoriesAreRead();
};

void TestReferenceLoader::hostileFiles_data()
{
    QTest::addColumn<Files>("files");
    QTest::addColumn<QStringList>("expected"); // substrings of the joined error messages, in any order
    QTest::addColumn<int>("statuses");
    QTest::addColumn<int>("headers");

    const QString a = QStringLiteral("status/a.json");
    const QString h = QStringLiteral("headers.json");
    auto one = [](const QString &name, const QByteArray &content) { return Files { { name, content } }; };
    auto list = [](std::initializer_list<const char *> items) {
        QStringList result;
        for (const char *item : items)
            result << QString::fromUtf8(item);
        return result;
    };

    QTest::addRow("valid status") << one(a, codesFile({ status(200) })) << QStringList() << 1 << 0;
    QTest::addRow("valid header") << one(h, headersFile({ header(QStringLiteral("ETag")) })) << QStringList() << 0 << 1;
    QTest::addRow("empty file") << one(a, QByteArray()) << list({ "status/a.json: file is empty" }) << 0 << 0;
    QTest::addRow("whitespace only") << one(a, "  \n\t ") << list({ "file is empty" }) << 0 << 0;
    QTest::addRow("not JSON") << one(a, "hello") << list({ "status/a.json: not valid JSON at line 1, column " }) << 0
                              << 0;
    QTest::addRow("truncated") << one(a, "{\n  \"codes\": [\n") << list({ "not valid JSON at line 3" }) << 0 << 0;
    QTest::addRow("top-level array") << one(a, "[]") << list({ "top level must be an object" }) << 0 << 0;
    QTest::addRow("neither codes nor headers") << one(a, "{}") << list({ "exactly one of" }) << 0 << 0;
    QTest::addRow("both codes and headers")
        << one(a, "{\"codes\": [], \"headers\": []}") << list({ "exactly one of" }) << 0 << 0;
    QTest::addRow("codes is an object") << one(a, "{\"codes\": {}}")
                                        << list({ "\"codes\" must be an array, found an object" }) << 0 << 0;
    QTest::addRow("entry is a number") << one(a, "{\"codes\": [42]}")
                                       << list({ "codes[0]: expected an object, found a number" }) << 0 << 0;
    QTest::addRow("only a code") << one(a, "{\"codes\": [{\"code\": 200}]}")
                                 << list({ "codes[0] (200): field 'reason': missing", "field 'examples': missing" })
                                 << 0 << 0;
    QTest::addRow("summary is a number")
        << one(a, codesFile({ with(status(200), QStringLiteral("summary"), 5) }))
        << list({ "codes[0] (200): field 'summary': expected a string, found a number" }) << 0 << 0;
    QTest::addRow("code 600") << one(a, codesFile({ with(status(200), QStringLiteral("code"), 600) }))
                              << list({ "field 'code': 600 is not a status code" }) << 0 << 0;
    QTest::addRow("code 99") << one(a, codesFile({ with(status(200), QStringLiteral("code"), 99) }))
                             << list({ "99 is not a status code" }) << 0 << 0;
    QTest::addRow("fractional code") << one(a, codesFile({ with(status(200), QStringLiteral("code"), 200.5) }))
                                     << list({ "200.5 is not a status code" }) << 0 << 0;
    QTest::addRow("huge code") << one(a, "{\"codes\": [{\"code\": 1e300}]}") << list({ "is not a status code" }) << 0
                               << 0;
    QTest::addRow("code as string") << one(
        a, codesFile({ with(status(200), QStringLiteral("code"), QStringLiteral("200")) }))
                                    << list({ "field 'code': expected an integer status code, found a string" }) << 0
                                    << 0;
    QTest::addRow("unknown class") << one(
        a, codesFile({ with(status(200), QStringLiteral("class"), QStringLiteral("teapot")) }))
                                   << list({ "field 'class': 'teapot' is not one of" }) << 0 << 0;
    QTest::addRow("class is null") << one(a, codesFile({ with(status(200), QStringLiteral("class"), QJsonValue()) }))
                                   << list({ "field 'class': expected a string, found null" }) << 0 << 0;
    QTest::addRow("related as strings") << one(
        a, codesFile({ with(status(200), QStringLiteral("related"), QJsonArray { QStringLiteral("204") }) }))
                                        << list({ "field 'related[0]': expected an integer status code" }) << 0 << 0;
    QTest::addRow("debugging item not text")
        << one(a, codesFile({ with(status(200), QStringLiteral("debugging"), QJsonArray { 1 }) }))
        << list({ "field 'debugging[0]': expected a string" }) << 0 << 0;
    QTest::addRow("caching flag as string")
        << one(a,
               codesFile({ with(status(200), QStringLiteral("caching"),
                   QJsonObject { { QStringLiteral("cacheable_by_default"), QStringLiteral("yes") },
                       { QStringLiteral("heuristic"), true }, { QStringLiteral("notes"), QString() } }) }))
        << list({ "field 'caching.cacheable_by_default': expected true or false, found a string" }) << 0 << 0;
    QTest::addRow("spec without url") << one(a,
        codesFile({ with(status(200), QStringLiteral("spec"),
            QJsonObject {
                { QStringLiteral("document"), QStringLiteral("RFC 1") }, { QStringLiteral("section"), QString() } }) }))
                                      << list({ "field 'spec.url': missing" }) << 0 << 0;
    QTest::addRow("control character") << one(a,
        codesFile({ with(status(200), QStringLiteral("summary"),
            QStringLiteral("a\x01"
                           "b")) })) << list({ "contains the control character U+0001" })
                                       << 0 << 0;
    QTest::addRow("huge text") << one(
        a, codesFile({ with(status(200), QStringLiteral("explanation"), QString(70000, QLatin1Char('x'))) }))
                               << list({ "text of 70000 characters is longer than the limit" }) << 0 << 0;
    QTest::addRow("non-ASCII text loads")
        << one(a, codesFile({ with(status(200), QStringLiteral("summary"), QStringLiteral("Réussi · 成功 · ✓")) }))
        << QStringList() << 1 << 0;
    QTest::addRow("misspelt field warns")
        << one(a, codesFile({ with(status(200), QStringLiteral("explaination"), QStringLiteral("x")) }))
        << list({ "field 'explaination': unknown field, ignored (warning)" }) << 1 << 0;
    QTest::addRow("duplicate in one file")
        << one(a, codesFile({ status(200), status(204), status(200) }))
        << list({ "codes[2] (200): field 'code': duplicate: 200 is already defined in status/a.json" }) << 2 << 0;
    QTest::addRow("duplicate across files")
        << Files { { a, codesFile({ status(200) }) },
               { QStringLiteral("status/b.json"), codesFile({ status(200), status(201) }) } }
        << list({ "status/b.json: codes[0] (200): field 'code': duplicate: 200 is already defined in status/a.json" })
        << 2 << 0;
    QTest::addRow("bad entry does not stop the others")
        << one(a, codesFile({ status(200), QJsonValue(), status(204) }))
        << list({ "codes[1]: expected an object, found null" }) << 2 << 0;
    QTest::addRow("header without directives") << one(h,
        headersFile(
            { with(header(QStringLiteral("ETag")), QStringLiteral("directives"), QJsonValue(QJsonValue::Undefined)) }))
                                               << list({ "headers[0] (ETag): field 'directives': missing" }) << 0 << 0;
    QTest::addRow("header with empty name")
        << one(h, headersFile({ header(QStringLiteral("  ")) })) << list({ "field 'name': empty" }) << 0 << 0;
    QTest::addRow("duplicate header, other case")
        << one(h, headersFile({ header(QStringLiteral("ETag")), header(QStringLiteral("etag")) }))
        << list({ "duplicate: etag is already defined in headers.json" }) << 0 << 1;
    QTest::addRow("duplicate directive") << one(h,
        headersFile({ header(QStringLiteral("Cache-Control"),
            { directive(QStringLiteral("max-age"), QStringLiteral("both")),
                directive(QStringLiteral("MAX-AGE"), QStringLiteral("request")) }) }))
                                         << list({ "headers[0] (Cache-Control) directives[1] (MAX-AGE): duplicate "
                                                   "directive 'MAX-AGE' for the request side" })
                                         << 0 << 1;
    QTest::addRow("same directive, two sides") << one(h,
        headersFile({ header(QStringLiteral("Cache-Control"),
            { directive(QStringLiteral("max-age"), QStringLiteral("request")),
                directive(QStringLiteral("max-age"), QStringLiteral("response")) }) }))
                                               << QStringList() << 0 << 1;
    QTest::addRow("directive with bad side")
        << one(h,
               headersFile({ header(QStringLiteral("Cache-Control"),
                   { directive(QStringLiteral("max-age"), QStringLiteral("sideways")) }) }))
        << list({ "directives[0] (max-age): field 'side': 'sideways' is not one of: request, response, both" }) << 0
        << 1;
    QTest::addRow("deep nesting") << one(a, QByteArray(100000, '[') + QByteArray(100000, ']'))
                                  << list({ "not valid JSON" }) << 0 << 0;
    QTest::addRow("larger than 8 MiB") << one(a, "{\"codes\": [\"" + QByteArray(9 * 1024 * 1024, 'x') + "\"]}")
                                       << list({ "larger than the limit" }) << 0 << 0;
    QTest::addRow("binary garbage") << one(a, QByteArray("\xff\xfe\x00\x01{\"codes\"", 12))
                                    << list({ "not valid JSON" }) << 0 << 0;
}

void TestReferenceLoader::hostileFiles()
{
    QFETCH(Files, files);
    QFETCH(QStringList, expected);
    QFETCH(int, statuses);
    QFETCH(int, headers);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const auto &[name, content] : files) {
        QVERIFY(QDir(dir.path()).mkpath(QFileInfo(dir.filePath(name)).path()));
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(content), content.size());
    }
    const Reference reference(dir.path());
    QStringList messages;
    for (const ReferenceError &error : reference.errors())
        messages << error.toString();
    const QString all = messages.join(QLatin1Char('\n'));
    if (expected.isEmpty())
        QVERIFY2(messages.isEmpty(), qPrintable(all));
    for (const QString &fragment : expected)
        QVERIFY2(all.contains(fragment), qPrintable(QStringLiteral("expected '%1' in:\n%2").arg(fragment, all)));
    QCOMPARE(reference.statuses().size(), statuses);
    QCOMPARE(reference.headers().size(), headers);
}

void TestReferenceLoader::missingDirectory()
{
    const Reference reference(QStringLiteral("/nonexistent/cachescope/reference"));
    QCOMPARE(reference.errors().size(), 1);
    QVERIFY(reference.errors().first().message.contains(QLatin1String("not found")));
    QVERIFY(reference.hasErrors());
    QVERIFY(reference.statuses().isEmpty());
    QCOMPARE(reference.status(304).outcome, StatusLookup::Unrecognized);
    QCOMPARE(reference.status(304).info, nullptr);
    QVERIFY(reference.search(QStringLiteral("304")).isEmpty());
}

void TestReferenceLoader::emptyDirectory()
{
    QTemporaryDir dir;
    const Reference reference(dir.path());
    QCOMPARE(reference.errors().size(), 1);
    QVERIFY(reference.errors().first().message.contains(QLatin1String("no *.json")));
}

void TestReferenceLoader::errorsAreCappedPerFile()
{
    QTemporaryDir dir;
    QJsonArray broken;
    for (int i = 0; i < 500; ++i)
        broken.append(i);
    QFile file(dir.filePath(QStringLiteral("broken.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(codesFile(broken));
    file.close();
    const Reference reference(dir.path());
    QCOMPARE(reference.errors().size(), 101);
    QCOMPARE(reference.errors().last().message, QStringLiteral("400 more problems not listed"));
}

void TestReferenceLoader::manyEntriesLoadQuickly()
{
    QTemporaryDir dir;
    QJsonArray headers;
    for (int i = 0; i < 5000; ++i)
        headers.append(header(QStringLiteral("X-Header-%1").arg(i)));
    QFile file(dir.filePath(QStringLiteral("headers.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(headersFile(headers));
    file.close();
    QElapsedTimer timer;
    timer.start();
    const Reference reference(dir.path());
    QCOMPARE(reference.headers().size(), 5000);
    QVERIFY(reference.header(u"x-header-4999"));
    QCOMPARE(reference.search(QStringLiteral("X-Header-42")).first().name, QStringLiteral("X-Header-42"));
    QVERIFY2(timer.elapsed() < 10000, "loading and indexing 5000 headers took more than 10 s");
}

void TestReferenceLoader::loadsOnceAndKeepsAddresses()
{
    const Reference reference(QStringLiteral(CACHESCOPE_TEST_DATA "/mini"));
    const StatusInfo *first = reference.findStatus(304);
    QVERIFY(first);
    QCOMPARE(&reference.statuses(), &reference.statuses());
    QCOMPARE(reference.findStatus(304), first);
    QCOMPARE(first->sourceFile, QStringLiteral("status/codes.json"));
}

void TestReferenceLoader::subdirectoriesAreRead()
{
    const Reference reference(QStringLiteral(CACHESCOPE_TEST_DATA "/mini"));
    QVERIFY2(reference.errors().isEmpty(), qPrintable(reference.errors().value(0).toString()));
    QCOMPARE(reference.statuses().size(), 3);
    QCOMPARE(reference.headers().size(), 1);
}

QTEST_GUILESS_MAIN(TestReferenceLoader)
#include "tst_referenceloader.moc"
