#include "interop/harexport.h"
#include "interop/harimport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace CacheScope;

namespace {

QByteArray requestHead(const QByteArray &method, const QByteArray &target, const HttpHeaders &headers)
{
    return method + ' ' + target + " HTTP/1.1\r\n" + headers.toWire() + "\r\n";
}

// A gzip-compressed script fetched over TLS, sent with a validator and credentials.
Exchange gzipExchange()
{
    Exchange e;
    e.request.url = QUrl(QStringLiteral("https://user:pw@example.com/app.js?v=2&q=a%20b"));
    e.request.headers = { { "Authorization", "Bearer secret-token" }, { "Cookie", "session=s3cret" } };
    e.requestHeadersSent
        = { { "Host", "example.com" }, { "User-Agent", "CacheScope/0.1" }, { "Accept-Encoding", "gzip, deflate" },
              { "If-None-Match", "\"v1\"" }, { "Authorization", "Bearer secret-token" }, { "Cookie", "session=s3cret" },
              { "Proxy-Authorization", "Basic cHJveHk6cHc=" } };
    e.addedHeaderNames = { "Host", "User-Agent", "Accept-Encoding" };
    e.rawRequestHead = requestHead("GET", "/app.js?v=2&q=a%20b", e.requestHeadersSent);
    e.finalUrl = e.request.url;
    e.httpVersion = "HTTP/1.1";
    e.status = 200;
    e.reason = "OK";
    e.responseHeaders = { { "Content-Type", "application/javascript; charset=utf-8" }, { "Content-Encoding", "gzip" },
        { "ETag", "\"v2\"" }, { "Set-Cookie", "id=1; Secure" }, { "Set-Cookie", "b=2" } };
    e.rawResponseHead = "HTTP/1.1 200 OK\r\n" + e.responseHeaders.toWire() + "\r\n";
    e.body = QByteArray("console.log('\xc3\xa9');\n").repeated(40);
    e.contentEncoding = "gzip";
    e.peerAddress = QHostAddress(QStringLiteral("192.0.2.10"));
    e.peerPort = 443;
    e.timing.started = QDateTime::fromString(QStringLiteral("2024-05-01T10:00:00.123Z"), Qt::ISODateWithMs);
    e.timing.dnsMs = 5;
    e.timing.connectMs = 15;
    e.timing.tlsMs = 40;
    e.timing.requestSentMs = 41;
    e.timing.ttfbMs = 91;
    e.timing.totalMs = 100;
    e.bytes.request = e.rawRequestHead.size();
    e.bytes.responseHeaders = e.rawResponseHead.size();
    e.bytes.responseBodyWire = 300;
    e.bytes.responseBodyDecoded = e.body.size();
    return e;
}

Exchange notModifiedExchange()
{
    Exchange e;
    e.request.url = QUrl(QStringLiteral("http://example.com/style.css"));
    e.requestHeadersSent = { { "Host", "example.com" }, { "If-None-Match", "\"a\"" }, { "If-None-Match", "\"b\"" },
        { "If-Modified-Since", "Wed, 01 May 2024 08:00:00 GMT" } };
    e.rawRequestHead = requestHead("GET", "/style.css", e.requestHeadersSent);
    e.httpVersion = "HTTP/1.1";
    e.status = 304;
    e.reason = "Not Modified";
    e.responseHeaders = { { "ETag", "\"a\"" } };
    e.rawResponseHead = "HTTP/1.1 304 Not Modified\r\nETag: \"a\"\r\n\r\n";
    e.timing.started = QDateTime::fromString(QStringLiteral("2024-05-01T10:00:01.000Z"), Qt::ISODateWithMs);
    e.timing.requestSentMs = 1;
    e.timing.ttfbMs = 21;
    e.timing.totalMs = 21;
    e.connectionReused = true;
    e.bytes.responseHeaders = e.rawResponseHead.size();
    e.bytes.saved = 9000;
    return e;
}

Exchange failedExchange()
{
    Exchange e;
    e.request.url = QUrl(QStringLiteral("https://down.example/"));
    e.timing.started = QDateTime::fromString(QStringLiteral("2024-05-01T10:00:02.000Z"), Qt::ISODateWithMs);
    e.timing.dnsMs = 3;
    e.timing.totalMs = 53;
    e.error = ExchangeError::ConnectionRefused;
    e.errorString = QStringLiteral("connection refused by down.example:443");
    return e;
}

QJsonObject entryOf(const QJsonObject &har, int i)
{
    return har[QLatin1String("log")][QLatin1String("entries")][i].toObject();
}

QString headerValue(const QJsonArray &headers, const char *name)
{
    for (const QJsonValue &h : headers) {
        if (h[QLatin1String("name")].toString().compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
            return h[QLatin1String("value")].toString();
    }
    return QStringLiteral("<absent>");
}

} // namespace

class TestHarExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void document()
    {
        const QJsonObject har
            = toHar({ gzipExchange(), notModifiedExchange() }, { .creatorVersion = QStringLiteral("9.9") });
        const QJsonObject log = har[QLatin1String("log")].toObject();
        QCOMPARE(log[QLatin1String("version")].toString(), QStringLiteral("1.2"));
        QCOMPARE(log[QLatin1String("creator")][QLatin1String("name")].toString(), QStringLiteral("CacheScope"));
        QCOMPARE(log[QLatin1String("creator")][QLatin1String("version")].toString(), QStringLiteral("9.9"));
        QCOMPARE(log[QLatin1String("entries")].toArray().size(), 2);
        QVERIFY(log[QLatin1String("comment")].toString().contains(QLatin1String("redacted")));
        QVERIFY(toHar({}, { .includeSecrets = true })[QLatin1String("log")][QLatin1String("comment")].isUndefined());
        QCOMPARE(toHar({})[QLatin1String("log")][QLatin1String("creator")][QLatin1String("version")].toString(),
            QStringLiteral(CACHESCOPE_VERSION));
    }

    void gzipEntry()
    {
        const Exchange ex = gzipExchange();
        const QJsonObject e = toHarEntry(ex);
        QCOMPARE(e[QLatin1String("startedDateTime")].toString(), QStringLiteral("2024-05-01T10:00:00.123Z"));
        QCOMPARE(e[QLatin1String("time")].toInteger(), 100);
        QCOMPARE(e[QLatin1String("serverIPAddress")].toString(), QStringLiteral("192.0.2.10"));
        QCOMPARE(e[QLatin1String("cache")].toObject(), QJsonObject());

        const QJsonObject req = e[QLatin1String("request")].toObject();
        QCOMPARE(req[QLatin1String("method")].toString(), QStringLiteral("GET"));
        QCOMPARE(req[QLatin1String("url")].toString(),
            QStringLiteral("https://user:%5Bredacted%5D@example.com/app.js?v=2&q=a%20b"));
        QCOMPARE(req[QLatin1String("httpVersion")].toString(), QStringLiteral("HTTP/1.1"));
        QCOMPARE(req[QLatin1String("headers")].toArray().size(), 7); // as sent, not as asked
        QCOMPARE(headerValue(req[QLatin1String("headers")].toArray(), "If-None-Match"), QStringLiteral("\"v1\""));
        QCOMPARE(req[QLatin1String("headersSize")].toInteger(), ex.rawRequestHead.size());
        QCOMPARE(req[QLatin1String("bodySize")].toInteger(), 0);
        QVERIFY(!req.contains(QLatin1String("postData")));
        QCOMPARE(req[QLatin1String("cookies")].toArray(), QJsonArray());
        const QJsonArray query = req[QLatin1String("queryString")].toArray();
        QCOMPARE(query.size(), 2);
        QCOMPARE(query[1][QLatin1String("name")].toString(), QStringLiteral("q"));
        QCOMPARE(query[1][QLatin1String("value")].toString(), QStringLiteral("a b"));

        const QJsonObject resp = e[QLatin1String("response")].toObject();
        QCOMPARE(resp[QLatin1String("status")].toInt(), 200);
        QCOMPARE(resp[QLatin1String("statusText")].toString(), QStringLiteral("OK"));
        QCOMPARE(resp[QLatin1String("httpVersion")].toString(), QStringLiteral("HTTP/1.1"));
        QCOMPARE(resp[QLatin1String("headers")].toArray().size(), 5);
        QCOMPARE(resp[QLatin1String("redirectURL")].toString(), QString());
        QCOMPARE(resp[QLatin1String("headersSize")].toInteger(), ex.rawResponseHead.size());
        QCOMPARE(resp[QLatin1String("bodySize")].toInteger(), 300);
        QCOMPARE(resp[QLatin1String("_transferSize")].toInteger(), ex.rawResponseHead.size() + 300);
        QVERIFY(!resp.contains(QLatin1String("_error")));
        const QJsonObject content = resp[QLatin1String("content")].toObject();
        QCOMPARE(content[QLatin1String("size")].toInteger(), ex.body.size());
        QCOMPARE(content[QLatin1String("compression")].toInteger(), ex.body.size() - 300);
        QCOMPARE(
            content[QLatin1String("mimeType")].toString(), QStringLiteral("application/javascript; charset=utf-8"));
        QCOMPARE(content[QLatin1String("text")].toString(), QString::fromUtf8(ex.body));
        QVERIFY(!content.contains(QLatin1String("encoding")));

        const QJsonObject t = e[QLatin1String("timings")].toObject();
        QCOMPARE(t[QLatin1String("blocked")].toInteger(), -1);
        QCOMPARE(t[QLatin1String("dns")].toInteger(), 5);
        QCOMPARE(t[QLatin1String("connect")].toInteger(), 35); // TCP 10 + TLS 25: ssl is part of connect
        QCOMPARE(t[QLatin1String("ssl")].toInteger(), 25);
        QCOMPARE(t[QLatin1String("send")].toInteger(), 1);
        QCOMPARE(t[QLatin1String("wait")].toInteger(), 50);
        QCOMPARE(t[QLatin1String("receive")].toInteger(), 9);

        const QJsonObject cs = e[QLatin1String("_cachescope")].toObject();
        QCOMPARE(cs[QLatin1String("notes")].toArray(), QJsonArray());
        QCOMPARE(cs[QLatin1String("bytesSaved")].toInteger(), 0);
        QCOMPARE(cs[QLatin1String("validatorsSent")].toObject(),
            QJsonObject({ { QStringLiteral("If-None-Match"), QStringLiteral("\"v1\"") } }));
        QCOMPARE(cs[QLatin1String("addedHeaders")].toArray().size(), 3);
        QCOMPARE(cs[QLatin1String("connectionReused")].toBool(), false);
    }

    void redaction_data()
    {
        QTest::addColumn<bool>("includeSecrets");
        QTest::addColumn<QStringList>("values"); // Authorization, Cookie, Proxy-Authorization, Set-Cookie x2, URL
        const QString r = QStringLiteral("[redacted]");
        QTest::addRow("redacted by default")
            << false
            << QStringList { r, r, r, r, r,
                   QStringLiteral("https://user:%5Bredacted%5D@example.com/app.js?v=2&q=a%20b") };
        QTest::addRow("secrets included")
            << true
            << QStringList { QStringLiteral("Bearer secret-token"), QStringLiteral("session=s3cret"),
                   QStringLiteral("Basic cHJveHk6cHc="), QStringLiteral("id=1; Secure"), QStringLiteral("b=2"),
                   QStringLiteral("https://user:pw@example.com/app.js?v=2&q=a%20b") };
    }

    void redaction()
    {
        QFETCH(bool, includeSecrets);
        QFETCH(QStringList, values);
        const QJsonObject e = toHarEntry(gzipExchange(), { .includeSecrets = includeSecrets });
        const QJsonArray req = e[QLatin1String("request")][QLatin1String("headers")].toArray();
        const QJsonArray resp = e[QLatin1String("response")][QLatin1String("headers")].toArray();
        QStringList actual { headerValue(req, "Authorization"), headerValue(req, "Cookie"),
            headerValue(req, "Proxy-Authorization") };
        for (const QJsonValue &h : resp) {
            if (h[QLatin1String("name")].toString() == QLatin1String("Set-Cookie"))
                actual.append(h[QLatin1String("value")].toString());
        }
        actual.append(e[QLatin1String("request")][QLatin1String("url")].toString());
        QCOMPARE(actual, values);
        // Sizes are what crossed the wire either way.
        QCOMPARE(e[QLatin1String("request")][QLatin1String("headersSize")].toInteger(),
            gzipExchange().rawRequestHead.size());
        // Nothing secret survives anywhere in the document.
        const QByteArray text = QJsonDocument(toHar({ gzipExchange() }, { .includeSecrets = includeSecrets })).toJson();
        QCOMPARE(text.contains("secret-token"), includeSecrets);
        QCOMPARE(text.contains("s3cret"), includeSecrets);
        QCOMPARE(text.contains("id=1"), includeSecrets);
    }

    void notModifiedEntry()
    {
        const QJsonObject e = toHarEntry(notModifiedExchange());
        const QJsonObject resp = e[QLatin1String("response")].toObject();
        QCOMPARE(resp[QLatin1String("status")].toInt(), 304);
        QCOMPARE(resp[QLatin1String("bodySize")].toInteger(), 0);
        QCOMPARE(resp[QLatin1String("content")][QLatin1String("size")].toInteger(), 0);
        QVERIFY(!resp[QLatin1String("content")].toObject().contains(QLatin1String("compression")));
        QVERIFY(!resp[QLatin1String("content")].toObject().contains(QLatin1String("text")));
        QCOMPARE(resp[QLatin1String("content")][QLatin1String("mimeType")].toString(), QStringLiteral("x-unknown"));
        QVERIFY(!e.contains(QLatin1String("serverIPAddress")));
        const QJsonObject cs = e[QLatin1String("_cachescope")].toObject();
        QCOMPARE(cs[QLatin1String("bytesSaved")].toInteger(), 9000);
        QCOMPARE(cs[QLatin1String("connectionReused")].toBool(), true);
        QCOMPARE(cs[QLatin1String("validatorsSent")].toObject(),
            QJsonObject({ { QStringLiteral("If-None-Match"), QStringLiteral("\"a\", \"b\"") },
                { QStringLiteral("If-Modified-Since"), QStringLiteral("Wed, 01 May 2024 08:00:00 GMT") } }));
    }

    void failedEntry()
    {
        const QJsonObject e = toHarEntry(failedExchange());
        const QJsonObject resp = e[QLatin1String("response")].toObject();
        QCOMPARE(resp[QLatin1String("status")].toInt(), 0);
        QCOMPARE(resp[QLatin1String("headersSize")].toInteger(), -1);
        QCOMPARE(resp[QLatin1String("bodySize")].toInteger(), -1);
        QCOMPARE(resp[QLatin1String("_transferSize")].toInteger(), 0);
        QCOMPARE(resp[QLatin1String("_error")].toString(), QStringLiteral("connection refused by down.example:443"));
        QCOMPARE(
            e[QLatin1String("_cachescope")][QLatin1String("error")].toString(), QStringLiteral("connection-refused"));
        QCOMPARE(e[QLatin1String("request")][QLatin1String("headersSize")].toInteger(), -1);
        QCOMPARE(e[QLatin1String("time")].toInteger(), 53);
    }

    void timings_data()
    {
        QTest::addColumn<QList<qint64>>("marks"); // dns, connect, tls, sent, ttfb, total
        QTest::addColumn<QList<qint64>>("phases"); // dns, connect, ssl, send, wait, receive, time
        QTest::addRow("tls") << QList<qint64> { 5, 15, 40, 41, 91, 100 } << QList<qint64> { 5, 35, 25, 1, 50, 9, 100 };
        QTest::addRow("plain http") << QList<qint64> { 2, 12, -1, 13, 33, 40 }
                                    << QList<qint64> { 2, 10, -1, 1, 20, 7, 40 };
        QTest::addRow("reused connection")
            << QList<qint64> { -1, -1, -1, 1, 21, 30 } << QList<qint64> { -1, -1, -1, 1, 20, 9, 30 };
        QTest::addRow("connect address, no dns")
            << QList<qint64> { -1, 4, 30, 31, 41, 41 } << QList<qint64> { -1, 30, 26, 1, 10, 0, 41 };
        QTest::addRow("no answer") << QList<qint64> { 3, -1, -1, -1, -1, 53 }
                                   << QList<qint64> { 3, -1, -1, 0, 50, 0, 53 };
        QTest::addRow("nothing known") << QList<qint64> { -1, -1, -1, -1, -1, -1 }
                                       << QList<qint64> { -1, -1, -1, 0, 0, 0, 0 };
        QTest::addRow("marks out of order are clamped")
            << QList<qint64> { 10, 5, -1, 4, 3, 2 } << QList<qint64> { 10, 0, -1, 0, 0, 0, 10 };
    }

    void timings()
    {
        QFETCH(QList<qint64>, marks);
        QFETCH(QList<qint64>, phases);
        Exchange ex = gzipExchange();
        ex.timing.dnsMs = marks[0];
        ex.timing.connectMs = marks[1];
        ex.timing.tlsMs = marks[2];
        ex.timing.requestSentMs = marks[3];
        ex.timing.ttfbMs = marks[4];
        ex.timing.totalMs = marks[5];
        const QJsonObject e = toHarEntry(ex);
        const QJsonObject t = e[QLatin1String("timings")].toObject();
        const QList<qint64> actual { t[QLatin1String("dns")].toInteger(), t[QLatin1String("connect")].toInteger(),
            t[QLatin1String("ssl")].toInteger(), t[QLatin1String("send")].toInteger(),
            t[QLatin1String("wait")].toInteger(), t[QLatin1String("receive")].toInteger(),
            e[QLatin1String("time")].toInteger() };
        QCOMPARE(actual, phases);
    }

    void bodies_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("base64");
        QTest::addRow("html") << QByteArray("text/html; charset=utf-8") << QByteArray("<p>\xc3\xa9</p>") << false;
        QTest::addRow("json suffix") << QByteArray("application/problem+json") << QByteArray("{}") << false;
        QTest::addRow("svg") << QByteArray("image/svg+xml") << QByteArray("<svg/>") << false;
        QTest::addRow("no type, text") << QByteArray() << QByteArray("plain") << false;
        QTest::addRow("png") << QByteArray("image/png") << QByteArray("\x89PNG\r\n\x1a\n", 8) << true;
        QTest::addRow("text type, invalid utf-8") << QByteArray("text/plain") << QByteArray("caf\xe9") << true;
        QTest::addRow("text type with nul") << QByteArray("text/plain") << QByteArray("a\0b", 3) << true;
        QTest::addRow("octet-stream that looks like text")
            << QByteArray("application/octet-stream") << QByteArray("hello") << true;
    }

    void bodies()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(bool, base64);
        Exchange ex = gzipExchange();
        ex.responseHeaders = {};
        if (!contentType.isEmpty())
            ex.responseHeaders.append("Content-Type", contentType);
        ex.body = body;
        ex.bytes.responseBodyDecoded = body.size();
        ex.request.method = "POST";
        ex.request.body = body;
        ex.requestHeadersSent.set("Content-Type", contentType.isEmpty() ? QByteArray("text/plain") : contentType);
        const QJsonObject e = toHarEntry(ex);
        for (const QJsonObject &o : { e[QLatin1String("response")][QLatin1String("content")].toObject(),
                 e[QLatin1String("request")][QLatin1String("postData")].toObject() }) {
            QCOMPARE(o[QLatin1String("encoding")].toString(), base64 ? QStringLiteral("base64") : QString());
            const QString text = o[QLatin1String("text")].toString();
            QCOMPARE(base64 ? QByteArray::fromBase64(text.toLatin1()) : text.toUtf8(), body);
        }
        QCOMPARE(e[QLatin1String("request")][QLatin1String("bodySize")].toInteger(), body.size());
        // Without bodies the sizes stay, the text goes.
        const QJsonObject lean = toHarEntry(ex, { .includeBodies = false });
        QVERIFY(!lean[QLatin1String("response")][QLatin1String("content")].toObject().contains(QLatin1String("text")));
        QVERIFY(!lean[QLatin1String("request")][QLatin1String("postData")].toObject().contains(QLatin1String("text")));
        QCOMPARE(
            lean[QLatin1String("response")][QLatin1String("content")][QLatin1String("size")].toInteger(), body.size());
    }

    void extrasAndRedirects()
    {
        Exchange ex = gzipExchange();
        ex.request.url = QUrl(QStringLiteral("http://example.com/old"));
        ex.finalUrl = QUrl(QStringLiteral("https://example.com/new"));
        ex.redirects = { { 301, QUrl(QStringLiteral("http://example.com/old")), ex.finalUrl } };
        ex.responseHeaders.append("Location", "/elsewhere");
        const QJsonObject extras { { QStringLiteral("notes"), QJsonArray { QStringLiteral("fresh for 60 s") } },
            { QStringLiteral("verdict"), QStringLiteral("cacheable") } };
        const QJsonObject har = toHar({ ex, ex }, {}, { extras });
        const QJsonObject first = entryOf(har, 0);
        QCOMPARE(first[QLatin1String("request")][QLatin1String("url")].toString(),
            QStringLiteral("https://example.com/new"));
        QCOMPARE(
            first[QLatin1String("response")][QLatin1String("redirectURL")].toString(), QStringLiteral("/elsewhere"));
        const QJsonObject cs = first[QLatin1String("_cachescope")].toObject();
        QCOMPARE(cs[QLatin1String("notes")].toArray(), QJsonArray { QStringLiteral("fresh for 60 s") });
        QCOMPARE(cs[QLatin1String("verdict")].toString(), QStringLiteral("cacheable"));
        QCOMPARE(cs[QLatin1String("validatorsSent")].toObject().size(), 1); // extras add, they do not wipe
        QCOMPARE(cs[QLatin1String("redirects")][0][QLatin1String("status")].toInt(), 301);
        // The second exchange got no extras.
        QCOMPARE(entryOf(har, 1)[QLatin1String("_cachescope")][QLatin1String("notes")].toArray(), QJsonArray());
    }

    void unsentRequestUsesWhatWasAsked()
    {
        Exchange ex;
        ex.request.url = QUrl(QStringLiteral("https://e.com/"));
        ex.request.headers = { { "X-Asked", "1" } };
        ex.error = ExchangeError::InvalidRequest;
        const QJsonObject e = toHarEntry(ex);
        QCOMPARE(headerValue(e[QLatin1String("request")][QLatin1String("headers")].toArray(), "X-Asked"),
            QStringLiteral("1"));
        QCOMPARE(e[QLatin1String("startedDateTime")].toString(), QStringLiteral("1970-01-01T00:00:00.000Z"));
    }

    void roundTrip_data()
    {
        QTest::addColumn<bool>("includeSecrets");
        QTest::addRow("with secrets") << true;
        QTest::addRow("redacted") << false;
    }

    // Export then import: what CacheScope wrote, CacheScope reads back the same.
    void roundTrip()
    {
        QFETCH(bool, includeSecrets);
        const QList<Exchange> exchanges { gzipExchange(), notModifiedExchange(), failedExchange() };
        const QJsonObject extras { { QStringLiteral("notes"), QJsonArray { QStringLiteral("n") } } };
        const QByteArray json = QJsonDocument(toHar(exchanges, { .includeSecrets = includeSecrets }, { extras }))
                                    .toJson(QJsonDocument::Compact);
        const HarParseResult parsed = parseHar(json);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(parsed.warnings, QStringList());
        QCOMPARE(parsed.creatorName, QStringLiteral("CacheScope"));
        QCOMPARE(parsed.harVersion, QStringLiteral("1.2"));
        QCOMPARE(parsed.entries.size(), 3);
        for (int i = 0; i < 3; ++i) {
            const Exchange &ex = exchanges[i];
            const HarEntry &entry = parsed.entries[i];
            QCOMPARE(entry.method, ex.request.method);
            QCOMPARE(entry.status, ex.status);
            QCOMPARE(entry.statusText, ex.reason);
            QCOMPARE(entry.responseHttpVersion, ex.httpVersion);
            QCOMPARE(entry.started, ex.timing.started);
            QCOMPARE(entry.timeMs, double(qMax<qint64>(ex.timing.totalMs, 0)));
            QCOMPARE(entry.contentSize, ex.body.size());
            QCOMPARE(entry.responseBody, ex.body);
            QCOMPARE(entry.transferSize, ex.hasResponse() ? ex.bytes.responseTotal() : 0);
            QCOMPARE(entry.bodySize, ex.hasResponse() ? ex.bytes.responseBodyWire : -1);
            QCOMPARE(entry.cacheSource, HarCacheSource::Network);
            QCOMPARE(entry.cachescope[QLatin1String("bytesSaved")].toInteger(), ex.bytes.saved);
            QCOMPARE(entry.serverIpAddress, ex.peerAddress.isNull() ? QString() : ex.peerAddress.toString());
            if (includeSecrets) {
                QCOMPARE(entry.url, ex.finalUrl.isEmpty() ? ex.request.url : ex.finalUrl);
                QCOMPARE(entry.responseHeaders, ex.responseHeaders);
                QCOMPARE(
                    entry.requestHeaders, ex.requestHeadersSent.isEmpty() ? ex.request.headers : ex.requestHeadersSent);
            } else {
                QCOMPARE(entry.responseHeaders.size(), ex.responseHeaders.size());
                for (const HeaderField &f : entry.requestHeaders)
                    QVERIFY(!f.value.contains("secret") && !f.value.contains("s3cret"));
            }
        }
        QCOMPARE(parsed.entries[0].compression, gzipExchange().body.size() - 300);
        QCOMPARE(parsed.entries[0].cachescope[QLatin1String("notes")].toArray(), QJsonArray { QStringLiteral("n") });
        QCOMPARE(parsed.entries[2].error, QStringLiteral("connection refused by down.example:443"));
        const HarSummary s = summarizeHar(parsed.entries);
        QCOMPARE(s.notModified, 1);
        QCOMPARE(s.failed, 1);
        QCOMPARE(s.fromCache, 0);
        // A redacted export replays without the placeholders.
        QStringList notes;
        const Request again = parsed.entries[0].toRequest(&notes);
        QCOMPARE(again.headers.contains("Authorization"), includeSecrets);
        QCOMPARE(again.headers.first("If-None-Match"), QByteArray("\"v1\""));
        QVERIFY(!again.headers.contains("Host"));
    }

    // A stored timeline event becomes an entry with the request as sent and the response head.
    void timelineEvent_data()
    {
        QTest::addColumn<bool>("withHeaderBlocks");
        QTest::addRow("schema v3 event") << true;
        QTest::addRow("event stored before the header blocks") << false;
    }

    void timelineEvent()
    {
        QFETCH(bool, withHeaderBlocks);
        TimelineEvent event;
        event.id = 42;
        event.watchId = 3;
        event.url = QUrl(QStringLiteral("http://a.test/app.js?v=2"));
        event.time = QDateTime::fromMSecsSinceEpoch(1795000000000).toUTC();
        event.status = 304;
        event.sentIfNoneMatch = "\"v1\"";
        event.receivedEtag = "\"v1\"";
        event.contentChanged = ContentChange::No;
        event.ttfbMs = 7;
        event.totalMs = 9;
        event.responseHeaderBytes = 120;
        event.bytesSaved = 3000;
        event.notes = { { NoteSeverity::Info, QStringLiteral("304-strong-etag-match"), QStringLiteral("matched") } };
        if (withHeaderBlocks) {
            event.requestMethod = "GET";
            event.requestHeaders
                = HttpHeaders { { "Host", "a.test" }, { "Cookie", "sid=1" }, { "If-None-Match", "\"v1\"" } };
            event.responseHttpVersion = "HTTP/1.1";
            event.responseStatusText = "Not Modified";
            event.responseHeaders = HttpHeaders { { "ETag", "\"v1\"" }, { "Date", "Thu, 26 Nov 2026 01:00:00 GMT" } };
        }
        const QJsonObject entry = timelineEventToHarEntry(event);
        const QJsonObject request = entry.value(QStringLiteral("request")).toObject();
        const QJsonObject response = entry.value(QStringLiteral("response")).toObject();
        const QJsonArray requestHeaders = request.value(QStringLiteral("headers")).toArray();
        QCOMPARE(request.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
        QCOMPARE(requestHeaders.size(), withHeaderBlocks ? 3 : 1);
        QCOMPARE(requestHeaders.last().toObject().value(QStringLiteral("value")).toString(), QStringLiteral("\"v1\""));
        if (withHeaderBlocks) {
            QCOMPARE(requestHeaders.at(1).toObject().value(QStringLiteral("value")).toString(),
                QStringLiteral("[redacted]"));
            // "GET /app.js?v=2 HTTP/1.1" CRLF, three fields, the empty line.
            QCOMPARE(request.value(QStringLiteral("headersSize")).toInt(), 26 + 14 + 15 + 21 + 2);
        }
        QCOMPARE(response.value(QStringLiteral("status")).toInt(), 304);
        QCOMPARE(response.value(QStringLiteral("statusText")).toString(),
            withHeaderBlocks ? QStringLiteral("Not Modified") : QString());
        QCOMPARE(response.value(QStringLiteral("_transferSize")).toInt(), 120);
        QCOMPARE(entry.value(QStringLiteral("timings")).toObject().value(QStringLiteral("wait")).toInt(), 7);
        QCOMPARE(entry.value(QStringLiteral("time")).toInt(), 9);
        const QJsonObject ours = entry.value(QStringLiteral("_cachescope")).toObject();
        QCOMPARE(ours.value(QStringLiteral("bytesSaved")).toInt(), 3000);
        QCOMPARE(ours.value(QStringLiteral("timelineId")).toInt(), 42);
        QCOMPARE(ours.value(QStringLiteral("notes")).toArray().size(), 1);
        QCOMPARE(ours.value(QStringLiteral("headersIncomplete")).toBool(), !withHeaderBlocks);

        // And the HAR reads back.
        const HarParseResult parsed = parseHar(QJsonDocument(timelineToHar({ event, event })).toJson());
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(parsed.entries.size(), 2);
        QCOMPARE(parsed.entries.at(1).status, 304);
    }

    void failedTimelineEvent()
    {
        TimelineEvent event;
        event.url = QUrl(QStringLiteral("http://down.test/"));
        event.error = QStringLiteral("connection refused by 127.0.0.1 port 1");
        const QJsonObject entry = timelineEventToHarEntry(event);
        QCOMPARE(
            entry.value(QStringLiteral("response")).toObject().value(QStringLiteral("_error")).toString(), event.error);
        QCOMPARE(entry.value(QStringLiteral("response")).toObject().value(QStringLiteral("status")).toInt(), 0);
        QCOMPARE(entry.value(QStringLiteral("_cachescope")).toObject().value(QStringLiteral("error")).toString(),
            event.error);
    }
};

QTEST_GUILESS_MAIN(TestHarExport)
#include "tst_harexport.moc"
