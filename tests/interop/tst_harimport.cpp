#include "interop/harimport.h"

#include <QFile>
#include <QTest>

using namespace CacheScope;

namespace {

QByteArray readFixture(const QString &name)
{
    QFile file(QStringLiteral(CACHESCOPE_TEST_DATA "/har/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open fixture %s", qPrintable(name));
    return file.readAll();
}

// JSON written with ' for " so that it reads well as a C string (moc 6.4 trips over raw strings).
QByteArray j(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}

// A one-entry HAR with `entry` spliced in, for the malformed-file table.
QByteArray withEntry(const QByteArray &entry)
{
    return QByteArray("{\"log\":{\"version\":\"1.2\",\"entries\":[") + entry + "]}}";
}

const QByteArray kGoodEntry = j("{'request':{'method':'GET','url':'https://e.com/'},'response':{'status':200}}");

QStringList headerLines(const HttpHeaders &headers)
{
    QStringList lines;
    for (const HeaderField &f : headers)
        lines.append(QString::fromUtf8(f.name + ": " + f.value));
    return lines;
}

} // namespace

class TestHarImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fixtures_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("creator");
        QTest::addColumn<QList<int>>("counts"); // entries, fromCache, memory, disk, 304, redirects, failed, 4xx
        QTest::addColumn<qint64>("transferBytes");
        QTest::addColumn<int>("unknownTransfer");
        QTest::addColumn<qint64>("contentBytes");
        QTest::addColumn<int>("hosts");
        QTest::addRow("chrome") << QStringLiteral("chrome.har") << QStringLiteral("WebInspector")
                                << QList<int> { 8, 3, 1, 1, 1, 1, 1, 0 } << qint64(10600 + 312 + 180 + 2300) << 0
                                << qint64(48213 + 120000 + 5120 + 20480 + 2000 + 512) << 2;
        QTest::addRow("firefox") << QStringLiteral("firefox.har") << QStringLiteral("Firefox")
                                 << QList<int> { 5, 1, 0, 0, 1, 1, 0, 0 } << qint64(412 + 8120 + 240 + 330 + 200 + 150)
                                 << 0 << qint64(30012 + 4100) << 1;
        QTest::addRow("safari") << QStringLiteral("safari.har") << QStringLiteral("WebKit Web Inspector")
                                << QList<int> { 4, 2, 1, 1, 1, 0, 0, 0 } << qint64(6200 + 250) << 0
                                << qint64(21000 + 64000 + 30000) << 1;
        QTest::addRow("minimal") << QStringLiteral("minimal.har") << QString() << QList<int> { 2, 0, 0, 0, 0, 0, 0, 1 }
                                 << qint64(0) << 2 << qint64(0) << 1;
    }

    void fixtures()
    {
        QFETCH(QString, file);
        QFETCH(QString, creator);
        QFETCH(QList<int>, counts);
        QFETCH(qint64, transferBytes);
        QFETCH(int, unknownTransfer);
        QFETCH(qint64, contentBytes);
        QFETCH(int, hosts);
        const HarParseResult result = parseHar(readFixture(file));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.warnings, QStringList());
        QCOMPARE(result.creatorName, creator);
        const HarSummary s = summarizeHar(result.entries);
        const QList<int> actual { s.entries, s.fromCache, s.fromMemoryCache, s.fromDiskCache, s.notModified,
            s.redirects, s.failed, s.clientErrors };
        QCOMPARE(actual, counts);
        QCOMPARE(s.transferBytes, transferBytes);
        QCOMPARE(s.unknownTransfer, unknownTransfer);
        QCOMPARE(s.contentBytes, contentBytes);
        QCOMPARE(s.hosts, hosts);
        for (int i = 0; i < result.entries.size(); ++i)
            QCOMPARE(result.entries[i].index, i);
    }

    void chromeDetails()
    {
        const HarParseResult r = parseHar(readFixture(QStringLiteral("chrome.har")));
        QVERIFY(r.ok());
        const HarEntry &doc = r.entries[0];
        QCOMPARE(doc.method, QByteArray("GET"));
        QCOMPARE(doc.url, QUrl(QStringLiteral("https://shop.example/")));
        QCOMPARE(doc.httpVersion, QByteArray("http/2.0"));
        QCOMPARE(doc.requestHeaders.size(), 9);
        QCOMPARE(doc.responseHeaders.values("set-cookie").size(), 2);
        QCOMPARE(doc.contentSize, 48213);
        QCOMPARE(doc.compression, 38000);
        QCOMPARE(doc.bodySize, 10213);
        QCOMPARE(doc.headersSize, -1);
        QCOMPARE(doc.transferSize, 10600);
        QCOMPARE(doc.started, QDateTime::fromString(QStringLiteral("2024-05-01T10:00:00.012Z"), Qt::ISODateWithMs));
        QCOMPARE(doc.timeMs, 245.118);
        QCOMPARE(doc.serverIpAddress, QStringLiteral("[2001:db8::10]"));
        QCOMPARE(doc.cacheSource, HarCacheSource::Network);
        QVERIFY(doc.error.isEmpty());

        QCOMPARE(r.entries[1].cacheSource, HarCacheSource::MemoryCache);
        QCOMPARE(r.entries[1].cacheEvidence, QStringLiteral("_fromCache: \"memory\""));
        QCOMPARE(r.entries[2].cacheSource, HarCacheSource::DiskCache);
        QVERIFY(r.entries[3].notModified());
        QVERIFY(!r.entries[3].fromCache());
        QCOMPARE(r.entries[4].redirectUrl, QByteArray("https://shop.example/new-page"));
        QVERIFY(r.entries[4].isRedirect());
        QCOMPARE(r.entries[5].responseBody, QByteArray("<!doctype html><title>New page</title>"));
        QCOMPARE(r.entries[6].status, 0);
        QCOMPARE(r.entries[6].error, QStringLiteral("net::ERR_BLOCKED_BY_CLIENT"));
        QCOMPARE(r.entries[7].cacheSource, HarCacheSource::Cache);
        QVERIFY(r.entries[7].cacheEvidence.contains(QLatin1String("512-byte")));
        QCOMPARE(r.entries[7].responseBody, QByteArray("{\"flags\":[]}"));
    }

    void firefoxDetails()
    {
        const HarParseResult r = parseHar(readFixture(QStringLiteral("firefox.har")));
        QVERIFY(r.ok());
        // Firefox writes local time with its offset.
        QCOMPARE(r.entries[0].started.toUTC(),
            QDateTime::fromString(QStringLiteral("2024-05-01T10:00:00.120Z"), Qt::ISODateWithMs));
        QCOMPARE(r.entries[0].transferSize, 412 + 8120);
        QCOMPARE(r.entries[0].compression, -1);
        QCOMPARE(r.entries[0].responseBody,
            QByteArray("<!DOCTYPE html><html lang=\"en\"><title>News \xc3\xa9</title></html>"));
        QCOMPARE(r.entries[2].cacheSource, HarCacheSource::Cache);
        QCOMPARE(r.entries[2].transferSize, 330);
        QCOMPARE(r.entries[3].status, 302);
        QCOMPARE(r.entries[3].statusText, QByteArray("Found"));
        QCOMPARE(r.entries[4].method, QByteArray("POST"));
        QCOMPARE(r.entries[4].requestBody, QByteArray("a=1&b=two"));
    }

    void safariDetails()
    {
        const HarParseResult r = parseHar(readFixture(QStringLiteral("safari.har")));
        QVERIFY(r.ok());
        QCOMPARE(r.entries[0].cacheSource, HarCacheSource::Network);
        QCOMPARE(r.entries[0].cacheEvidence, QStringLiteral("_fetchType: \"Network Load\""));
        QCOMPARE(r.entries[1].cacheSource, HarCacheSource::MemoryCache);
        QCOMPARE(r.entries[2].cacheSource, HarCacheSource::DiskCache);
        QCOMPARE(r.entries[1].bodySize, -1);
        QVERIFY(!r.entries[3].started.isValid()); // Safari writes "" when it has no date
        QCOMPARE(r.entries[3].transferSize, 250);
    }

    void minimalDetails()
    {
        const HarParseResult r = parseHar(readFixture(QStringLiteral("minimal.har")));
        QVERIFY(r.ok());
        QCOMPARE(r.harVersion, QString());
        const HarEntry &e = r.entries[0];
        QCOMPARE(e.contentSize, -1);
        QCOMPARE(e.transferSize, -1);
        QCOMPARE(e.timeMs, -1.0);
        QVERIFY(!e.started.isValid());
        QVERIFY(e.requestHeaders.isEmpty());
        QCOMPARE(r.entries[1].timeMs, 12.5);
        QCOMPARE(r.entries[1].mimeType, QByteArray("text/plain"));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        auto row = [](const char *name, const QByteArray &json, const char *error) {
            QTest::addRow("%s", name) << json << QString::fromUtf8(error);
        };
        row("empty", "", "the file is not JSON: ");
        row("not json", "<html>", "the file is not JSON: ");
        row("truncated", "{\"log\":{\"entries\":[", "the file is not JSON: ");
        row("top level array", "[]", "the file is not a HAR file: its top level is not a JSON object");
        row("no log", "{\"entries\":[]}", "log is missing");
        row("log not an object", "{\"log\":[]}", "log is not an object (it is an array)");
        row("no entries", "{\"log\":{\"version\":\"1.2\"}}", "log.entries is missing");
        row("entries not an array", "{\"log\":{\"entries\":{}}}", "log.entries is not an array (it is an object)");
        row("entries null", "{\"log\":{\"entries\":null}}", "log.entries is not an array (it is null)");
        row("creator name a number", "{\"log\":{\"creator\":{\"name\":1},\"entries\":[]}}",
            "log.creator.name is not a string (it is a number)");
        row("entry not an object", "{\"log\":{\"entries\":[1]}}", "log.entries[0] is not an object (it is a number)");
        row("request missing", withEntry(j("{'response':{'status':200}}")), "log.entries[0].request is missing");
        row("response missing", withEntry(j("{'request':{'method':'GET','url':'https://e.com/'}}")),
            "log.entries[0].response is missing");
        row("method missing", withEntry(j("{'request':{'url':'https://e.com/'},'response':{'status':200}}")),
            "log.entries[0].request.method is missing");
        row("method a number", withEntry(j("{'request':{'method':1,'url':'x'},'response':{'status':200}}")),
            "log.entries[0].request.method is not a string (it is a number)");
        row("url invalid", withEntry(j("{'request':{'method':'GET','url':'http://[bad'},'response':{'status':200}}")),
            "log.entries[0].request.url is not a valid URL");
        row("url empty", withEntry(j("{'request':{'method':'GET','url':''},'response':{'status':200}}")),
            "log.entries[0].request.url is not a valid URL");
        const QByteArray four = kGoodEntry + ',' + kGoodEntry + ',' + kGoodEntry + ','
            + j("{'request':{'method':'GET','url':'https://e.com/'},'response':{'status':'200'}}");
        row("status a string in the fourth entry", withEntry(four),
            "log.entries[3].response.status is not a number (it is a string)");
        row("status null",
            withEntry(j("{'request':{'method':'GET','url':'https://e.com/'},'response':{'status':null}}")),
            "log.entries[0].response.status is not a number (it is null)");
        row("status huge",
            withEntry(j("{'request':{'method':'GET','url':'https://e.com/'},'response':{'status':1e20}}")),
            "log.entries[0].response.status is not an HTTP status code");
        row("status fractional",
            withEntry(j("{'request':{'method':'GET','url':'https://e.com/'},'response':{'status':200.5}}")),
            "log.entries[0].response.status is not an HTTP status code");
        row("headers not an array",
            withEntry(j("{'request':{'method':'GET','url':'https://e.com/','headers':{}},'response':{'status':200}}")),
            "log.entries[0].request.headers is not an array (it is an object)");
        row("header not an object",
            withEntry(
                j("{'request':{'method':'GET','url':'https://e.com/'},'response':{'status':200,'headers':['a']}}")),
            "log.entries[0].response.headers[0] is not an object (it is a string)");
        row("header value missing",
            withEntry(j("{'request':{'method':'GET','url':'https://e.com/"
                        "','headers':[{'name':'a','value':'1'},{'name':'b'}]},'response':{'status':200}}")),
            "log.entries[0].request.headers[1].value is missing");
        row("header value a number",
            withEntry(j("{'request':{'method':'GET','url':'https://e.com/"
                        "'},'response':{'status':200,'headers':[{'name':'a','value':1}]}}")),
            "log.entries[0].response.headers[0].value is not a string (it is a number)");
        row("content not an object",
            withEntry(j("{'request':{'method':'GET','url':'https://e.com/'},'response':{'status':200,'content':'x'}}")),
            "log.entries[0].response.content is not an object (it is a string)");
        row("content size a string",
            withEntry(j("{'request':{'method':'GET','url':'https://e.com/"
                        "'},'response':{'status':200,'content':{'size':'1'}}}")),
            "log.entries[0].response.content.size is not a number (it is a string)");
        row("transfer size a boolean",
            withEntry(j(
                "{'request':{'method':'GET','url':'https://e.com/'},'response':{'status':200,'_transferSize':true}}")),
            "log.entries[0].response._transferSize is not a number (it is a boolean)");
        row("time a string",
            withEntry(j("{'request':{'method':'GET','url':'https://e.com/'},'response':{'status':200},'time':'5'}")),
            "log.entries[0].time is not a number (it is a string)");
        row("started a number",
            withEntry(
                j("{'request':{'method':'GET','url':'https://e.com/'},'response':{'status':200},'startedDateTime':5}")),
            "log.entries[0].startedDateTime is not a string (it is a number)");
        row("post text a number",
            withEntry(j("{'request':{'method':'POST','url':'https://e.com/"
                        "','postData':{'text':5}},'response':{'status':200}}")),
            "log.entries[0].request.postData.text is not a string (it is a number)");
        row("cachescope not an object",
            withEntry(
                j("{'request':{'method':'GET','url':'https://e.com/'},'response':{'status':200},'_cachescope':[]}")),
            "log.entries[0]._cachescope is not an object (it is an array)");
    }

    void malformed()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        const HarParseResult result = parseHar(json);
        QVERIFY(!result.ok());
        QVERIFY2(result.error.startsWith(error), qPrintable(result.error));
        QVERIFY(result.entries.isEmpty());
    }

    void toleratedOddities()
    {
        // Negative or absurd sizes mean "unknown"; a bad date or bad base64 is a warning, not an error.
        const HarParseResult r = parseHar(
            withEntry(j("{'request':{'method':'GET','url':'https://e.com/\\u00fc'},'startedDateTime':'yesterday', "
                        "'response':{'status':200,'headersSize':-1,'bodySize':1e300,'content':{'size':-5,'text':'%%%','"
                        "encoding':'base64'}}}")));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.warnings.size(), 2);
        QVERIFY(r.warnings[0].contains(QLatin1String("log.entries[0].startedDateTime 'yesterday'")));
        QVERIFY(r.warnings[1].contains(QLatin1String("log.entries[0].response.content.text is marked base64")));
        const HarEntry &e = r.entries.first();
        QCOMPARE(e.bodySize, -1);
        QCOMPARE(e.contentSize, -1);
        QCOMPARE(e.transferSize, -1);
        QCOMPARE(e.url.path(), QStringLiteral("/\u00fc"));
        QVERIFY(e.responseBody.isEmpty());

        const HarParseResult future = parseHar(j("{'log':{'version':'2.0','entries':[]}}"));
        QVERIFY(future.ok());
        QCOMPARE(future.warnings.size(), 1);
    }

    void postDataParamsOnly()
    {
        const HarParseResult r
            = parseHar(withEntry(j("{'request':{'method':'POST','url':'https://e.com/"
                                   "','postData':{'mimeType':'application/x-www-form-urlencoded', 'params':[{'name':'a "
                                   "b','value':'1&2'},{'name':'c','value':''}]}},'response':{'status':200}}")));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.entries.first().requestBody, QByteArray("a%20b=1%262&c="));
    }

    void toRequestDropsWhatCannotBeResent()
    {
        const HarParseResult r = parseHar(readFixture(QStringLiteral("chrome.har")));
        QStringList notes;
        const Request request = r.entries[0].toRequest(&notes);
        QCOMPARE(request.method, QByteArray("GET"));
        QCOMPARE(request.url, QUrl(QStringLiteral("https://shop.example/")));
        QCOMPARE(headerLines(request.headers),
            QStringList({ QStringLiteral("accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
                QStringLiteral("accept-language: en-GB,en;q=0.9"), QStringLiteral("cookie: session=abc123"),
                QStringLiteral("user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                               "Chrome/124.0.0.0 Safari/537.36") }));
        QVERIFY(request.acceptCompressed);
        QCOMPARE(notes.size(), 2);
        QVERIFY(notes[0].contains(QLatin1String(":authority, :method, :path, :scheme")));
        QVERIFY(notes[1].contains(QLatin1String("Accept-Encoding")));
        QVERIFY(request.validate().isEmpty());

        const HarParseResult ff = parseHar(readFixture(QStringLiteral("firefox.har")));
        notes.clear();
        const Request post = ff.entries[4].toRequest(&notes);
        QCOMPARE(post.method, QByteArray("POST"));
        QCOMPARE(post.body, QByteArray("a=1&b=two"));
        QCOMPARE(headerLines(post.headers),
            QStringList { QStringLiteral("Content-Type: application/x-www-form-urlencoded") });
        QVERIFY(notes.first().contains(QLatin1String("Content-Length")));
        notes.clear();
        ff.entries[0].toRequest(&notes);
        QVERIFY(notes.first().contains(QLatin1String("Host, Connection, TE")));
    }

    void toRequestDropsRedactedValues()
    {
        const HarParseResult r = parseHar(withEntry(j("{'request':{'method':'GET','url':'https://e.com/"
                                                      "','headers':[{'name':'Authorization','value':'[redacted]'}, "
                                                      "{'name':'X','value':'y'}]},'response':{'status':200}}")));
        QStringList notes;
        const Request request = r.entries.first().toRequest(&notes);
        QCOMPARE(headerLines(request.headers), QStringList { QStringLiteral("X: y") });
        QCOMPARE(notes, QStringList { QStringLiteral("redacted in the file, so not sent: Authorization") });
    }

    void revalidationRequest()
    {
        const HarParseResult r = parseHar(readFixture(QStringLiteral("chrome.har")));
        // The 304 entry: its own validators are replaced by the ones its response carries.
        const Request css = r.entries[3].toRevalidationRequest();
        QCOMPARE(css.headers.values("If-None-Match"), QList<QByteArray> { "W/\"5e1-18e9\"" });
        QCOMPARE(css.headers.values("If-Modified-Since"), QList<QByteArray> { "Mon, 01 Apr 2024 09:00:00 GMT" });
        QCOMPARE(css.url.query(), QStringLiteral("v=7"));
        // Only a Last-Modified.
        const Request logo = r.entries[2].toRevalidationRequest();
        QVERIFY(!logo.headers.contains("If-None-Match"));
        QCOMPARE(logo.headers.first("If-Modified-Since"), QByteArray("Mon, 01 Apr 2024 09:00:00 GMT"));
        // Nothing to revalidate with.
        QStringList notes;
        const Request js = r.entries[1].toRevalidationRequest(&notes);
        QVERIFY(!js.headers.contains("If-None-Match") && !js.headers.contains("If-Modified-Since"));
        QVERIFY(notes.last().contains(QLatin1String("neither ETag nor Last-Modified")));
    }

    void duplicateAndUnicodeHeadersSurvive()
    {
        const HarParseResult r = parseHar(withEntry(
            j("{'request':{'method':'GET','url':'https://e.com/"
              "','headers':[{'name':'X','value':'1'},{'name':'x','value':'2'}, {'name':'X-U','value':'J\\u00fcrgen "
              "\\ud83d\\ude00'},{'name':'X-E','value':''}]},'response':{'status':200}}")));
        QVERIFY(r.ok());
        QCOMPARE(headerLines(r.entries.first().requestHeaders),
            QStringList({ QStringLiteral("X: 1"), QStringLiteral("x: 2"), QStringLiteral("X-U: J\u00fcrgen \U0001F600"),
                QStringLiteral("X-E: ") }));
    }

    void manyEntries()
    {
        QByteArray entries;
        for (int i = 0; i < 5000; ++i)
            entries += (i ? "," : "") + kGoodEntry;
        const HarParseResult r = parseHar(withEntry(entries));
        QVERIFY(r.ok());
        QCOMPARE(r.entries.size(), 5000);
        QCOMPARE(r.entries.last().index, 4999);
    }
};

QTEST_GUILESS_MAIN(TestHarImport)
#include "tst_harimport.moc"
