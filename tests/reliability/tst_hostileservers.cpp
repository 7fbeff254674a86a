// CacheScope pointed at servers that misbehave on purpose. For each misbehaviour: the exchange ends within a
// bounded time with a clear error or a diagnosed response, the client keeps working afterwards, and (when
// the server's answer is not a usable response) the stored entry for the URL is left as it was.
#include "cache/validatorstore.h"
#include "client/httpclient.h"
#include "client/revalidator.h"
#include "demo/gzipencoding.h"
#include "diagnostics/diagnosis.h"
#include "hostileserver.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace CacheScope;
using namespace CacheScope::TestSupport;

Q_DECLARE_METATYPE(CacheScope::CachedExchange)
Q_DECLARE_METATYPE(CacheScope::TestSupport::HostileScript)

namespace {

// What a row expects: a given error kind (any of several: a reset may surface as either), or a response
// with a status and, optionally, a diagnosis note.
struct Expectation
{
    QList<ExchangeError> errors; // empty: a response is expected
    int status = 0;
    QString note; // a diagnosis note code the result must carry
    bool storeKept = true; // false when a usable full response may replace the stored one
};

const QByteArray seedBody = "hello";

QByteArray seedResponse()
{
    return "HTTP/1.1 200 OK\r\nETag: \"v1\"\r\nLast-Modified: Tue, 01 Sep 2026 10:00:00 GMT\r\n"
           "Cache-Control: max-age=0\r\nContent-Length: 5\r\nConnection: close\r\n\r\n"
        + seedBody;
}

QByteArray okHeaders(const QByteArray &extra = {})
{
    return "HTTP/1.1 200 OK\r\nETag: \"v1\"\r\nContent-Type: text/plain\r\n" + extra;
}

HostileScript sendThenClose(const QByteArray &bytes)
{
    return { HostileStep::send(bytes), HostileStep::close() };
}

HostileScript sendThenHold(const QByteArray &bytes)
{
    return { HostileStep::send(bytes), HostileStep::hold() };
}

QByteArray manyHeaderLines(int count)
{
    QByteArray block;
    block.reserve(count * 16);
    for (int i = 0; i < count; ++i)
        block += "X-Line-" + QByteArray::number(i) + ": v\r\n";
    return block;
}

Expectation error(std::initializer_list<ExchangeError> kinds)
{
    Expectation expectation;
    expectation.errors = kinds;
    return expectation;
}

Expectation response(int status, const QString &note = {}, bool storeKept = true)
{
    Expectation expectation;
    expectation.status = status;
    expectation.note = note;
    expectation.storeKept = storeKept;
    return expectation;
}

CachedExchange run(Revalidator &revalidator, Request request, int waitMs, qint64 *elapsedMs = nullptr)
{
    QElapsedTimer timer;
    timer.start();
    RevalidationJob *job = revalidator.send(request);
    QSignalSpy spy(job, &RevalidationJob::finished);
    if (!job->isFinished() && !spy.wait(waitMs))
        return {};
    if (elapsedMs)
        *elapsedMs = timer.elapsed();
    return spy.isEmpty() ? CachedExchange() : spy.first().first().value<CachedExchange>();
}

struct StoredFacts
{
    int status = 0;
    QByteArray etag;
    QByteArray lastModified;
    QByteArray body;
    friend bool operator==(const StoredFacts &, const StoredFacts &) = default;
};

StoredFacts storedFacts(ValidatorStore &store, const QUrl &url)
{
    const QList<CacheEntry> entries = store.variants("GET", url);
    if (entries.size() != 1)
        return {};
    const CacheEntry &entry = entries.first();
    return { entry.status, entry.responseHeaders.combined("ETag"), entry.responseHeaders.combined("Last-Modified"),
        entry.body };
}

QString describe(const CachedExchange &result)
{
    const Exchange &exchange = result.exchange;
    return QStringLiteral("status %1, error %2: %3")
        .arg(QString::number(exchange.status), errorName(exchange.error), exchange.errorString);
}

} // namespace

Q_DECLARE_METATYPE(Expectation)

class TestHostileServers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void misbehaviour_data();
    void misbehaviour();
    void redirectLoop();
    void refusedConnection();
    void credentialsStayWithTheirOrigin();

private:
    QTemporaryDir m_dir;
    int m_rows = 0;
};

void TestHostileServers::initTestCase()
{
    qRegisterMetaType<CachedExchange>();
    QVERIFY(m_dir.isValid());
}

void TestHostileServers::misbehaviour_data()
{
    QTest::addColumn<HostileScript>("script");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<qint64>("maxBodyBytes");
    QTest::addColumn<Expectation>("expected");

    const int quick = 3000;
    const qint64 noCap = qint64(512) * 1024 * 1024;
    using E = ExchangeError;

    QTest::addRow("truncated body, then close")
        << sendThenClose(okHeaders("Content-Length: 100\r\n\r\n") + QByteArray(50, 'x')) << quick << noCap
        << error({ E::ConnectionClosed });
    QTest::addRow("Content-Length larger than the body, connection held")
        << sendThenHold(okHeaders("Content-Length: 100\r\n\r\n") + QByteArray(10, 'x')) << 1500 << noCap
        << error({ E::Timeout });
    QTest::addRow("Content-Length smaller than the body")
        << sendThenHold(okHeaders("Content-Length: 3\r\n\r\n") + "abcdef") << quick << noCap
        << response(200, {}, false);
    QTest::addRow("invalid chunk size") << sendThenClose(
        okHeaders("Transfer-Encoding: chunked\r\n\r\n") + "zz\r\nhello\r\n0\r\n\r\n")
                                        << quick << noCap << error({ E::Protocol });
    QTest::addRow("chunked body cut before the last chunk")
        << sendThenClose(okHeaders("Transfer-Encoding: chunked\r\n\r\n") + "5\r\nhello\r\n") << quick << noCap
        << error({ E::ConnectionClosed });
    QTest::addRow("invalid status line") << sendThenClose("HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n") << quick
                                         << noCap << error({ E::Protocol });
    QTest::addRow("not HTTP at all") << sendThenHold("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n") << quick << noCap
                                     << error({ E::Protocol });
    QTest::addRow("304 with a body") << sendThenHold(
        "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 5\r\n\r\nhello")
                                     << quick << noCap << response(304, QStringLiteral("304-has-body"));
    QTest::addRow("304 with new validators") << sendThenClose("HTTP/1.1 304 Not Modified\r\nETag: \"v2\"\r\n"
                                                              "Last-Modified: Wed, 02 Sep 2026 10:00:00 GMT\r\n\r\n")
                                             << quick << noCap << response(304, QStringLiteral("304-matched-nothing"));
    QTest::addRow("a header line over 64 KB")
        << sendThenClose(okHeaders("X-Big: " + QByteArray(70 * 1024, 'a') + "\r\nContent-Length: 2\r\n\r\nok")) << quick
        << noCap << response(200, {}, false);
    QTest::addRow("a header block over the 1 MB limit")
        << sendThenHold(okHeaders("X-Big: " + QByteArray(2 * 1024 * 1024, 'a') + "\r\n\r\n")) << quick << noCap
        << error({ E::TooLarge });
    QTest::addRow("10,000 header lines") << sendThenClose(
        okHeaders(manyHeaderLines(10000) + "Content-Length: 2\r\n\r\nok"))
                                         << quick << noCap << response(200, {}, false);
    QTest::addRow("30,000 header lines (past the field limit)")
        << sendThenHold(okHeaders(manyHeaderLines(30000) + "\r\n")) << quick << noCap << error({ E::TooLarge });
    QTest::addRow("a slow drip of one byte per second")
        << HostileScript { HostileStep::drip(okHeaders("Content-Length: 2\r\n\r\nok"), 1000) } << 2500 << noCap
        << error({ E::Timeout });
    QTest::addRow("connection reset during the header block") << HostileScript {
        HostileStep::send("HTTP/1.1 200 OK\r\nContent-Le"), HostileStep::wait(50), HostileStep::reset()
    } << quick << noCap << error({ E::ConnectionClosed, E::Network });
    QTest::addRow("connection reset during the body")
        << HostileScript { HostileStep::send(okHeaders("Content-Length: 1000\r\n\r\n") + QByteArray(300, 'x')),
               HostileStep::wait(50), HostileStep::reset() }
        << quick << noCap << error({ E::ConnectionClosed, E::Network });
    // 32 MB of zeros, about 32 KB on the wire, against a 4 MB cap: inflated and counted, 4 MB kept, the
    // exchange completes with a truncation notice and the stored entry stays (tst_bodycap checks the sizes).
    const QByteArray bomb = Demo::gzipCompress(QByteArray(32 * 1024 * 1024, '\0'));
    QTest::addRow("gzip bomb") << sendThenClose(
        okHeaders("Content-Encoding: gzip\r\nContent-Length: " + QByteArray::number(bomb.size()) + "\r\n\r\n") + bomb)
                               << quick << qint64(4 * 1024 * 1024) << response(200);
    QTest::addRow("invalid gzip") << sendThenClose(
        okHeaders("Content-Encoding: gzip\r\nContent-Length: 15\r\n\r\nnot gzip at all"))
                                  << quick << noCap << error({ E::Decoding });
    QTest::addRow("non-UTF-8 bytes in headers")
        << sendThenClose(okHeaders("X-Bytes: \xff\xfe\x80 caf\xe9\r\nContent-Length: 2\r\n\r\nok")) << quick << noCap
        << response(200, {}, false);
    QTest::addRow("duplicate and conflicting ETag headers")
        << sendThenClose("HTTP/1.1 200 OK\r\nETag: \"a\"\r\nETag: \"b\"\r\nContent-Length: 2\r\n\r\nok") << quick
        << noCap << response(200, QStringLiteral("etag-malformed"), false);
    QTest::addRow("a 10 GB Content-Length")
        << sendThenHold(okHeaders("Content-Length: 10737418240\r\n\r\n") + QByteArray(1000, 'x')) << quick << noCap
        << error({ E::Timeout }); // read (and capped) until the exchange's own timeout, never held in memory
    QTest::addRow("no response at all") << HostileScript { HostileStep::hold() } << 1500 << noCap
                                        << error({ E::Timeout });
    QTest::addRow("closed without a byte")
        << HostileScript { HostileStep::close() } << quick << noCap << error({ E::ConnectionClosed });
    QTest::addRow("two different Content-Length values")
        << sendThenClose(okHeaders("Content-Length: 2\r\nContent-Length: 5\r\n\r\nhello")) << quick << noCap
        << error({ E::Protocol });
    QTest::addRow("negative Content-Length")
        << sendThenClose(okHeaders("Content-Length: -5\r\n\r\nhello")) << quick << noCap << error({ E::Protocol });
    QTest::addRow("103 Early Hints before the 200") << sendThenClose(
        "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n" + okHeaders("Content-Length: 2\r\n\r\nok"))
                                                    << quick << noCap << response(200, {}, false);
}

void TestHostileServers::misbehaviour()
{
    QFETCH(HostileScript, script);
    QFETCH(int, timeoutMs);
    QFETCH(qint64, maxBodyBytes);
    QFETCH(Expectation, expected);

    HostileServer server;
    QVERIFY(server.start());
    ValidatorStore store;
    QVERIFY2(
        store.open(m_dir.filePath(QStringLiteral("row-%1.sqlite").arg(++m_rows))), qPrintable(store.errorString()));
    HttpClient client;
    Revalidator revalidator(&client, &store);
    const QUrl url = server.url(QStringLiteral("/resource"));

    server.enqueue({ HostileStep::send(seedResponse()), HostileStep::close() });
    Request request;
    request.url = url;
    const CachedExchange seed = run(revalidator, request, 5000);
    QCOMPARE(seed.exchange.status, 200);
    const StoredFacts before = storedFacts(store, url);
    QCOMPARE(before.body, seedBody);

    server.enqueue(script);
    request.timeoutMs = timeoutMs;
    request.maxBodyBytes = maxBodyBytes;
    qint64 elapsed = 0;
    // Bounded: the exchange's own timeout plus a margin for a loaded machine, never "forever".
    const CachedExchange result = run(revalidator, request, timeoutMs + 5000, &elapsed);
    QVERIFY2(result.exchange.request.url.isValid(), "the exchange did not finish within its bound");
    QCOMPARE(result.exchange.requestHeadersSent.combined("If-None-Match"), QByteArray("\"v1\""));

    if (expected.errors.isEmpty()) {
        QVERIFY2(result.exchange.ok(), qPrintable(describe(result)));
        QCOMPARE(result.exchange.status, expected.status);
    } else {
        // A partial response keeps its status line: what counts is the error.
        QVERIFY2(expected.errors.contains(result.exchange.error), qPrintable(describe(result)));
        QVERIFY2(!result.exchange.errorString.trimmed().isEmpty(), "an error without a message");
    }
    if (!expected.note.isEmpty()) {
        QStringList codes;
        for (const TimelineNote &note : diagnoseExchange(result))
            codes.append(note.code);
        QVERIFY2(codes.contains(expected.note), qPrintable(codes.join(QLatin1Char(' '))));
    }
    if (expected.storeKept)
        QVERIFY(storedFacts(store, url) == before);

    // The client is not wedged by what happened: a plain request to the same origin works.
    server.enqueue(sendThenClose(okHeaders("Content-Length: 2\r\n\r\nok")));
    Request plain;
    plain.url = server.url(QStringLiteral("/after"));
    const CachedExchange after = run(revalidator, plain, 5000);
    QVERIFY2(after.exchange.ok(), qPrintable(describe(after)));
    QCOMPARE(after.exchange.status, 200);
    QCOMPARE(after.exchange.body, QByteArray("ok"));
}

void TestHostileServers::redirectLoop()
{
    HostileServer server;
    QVERIFY(server.start());
    HttpClient client;
    for (int i = 0; i < 20; ++i) {
        server.enqueue(sendThenClose("HTTP/1.1 301 Moved Permanently\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n"));
    }
    Request request;
    request.url = server.url(QStringLiteral("/loop"));
    request.redirects = RedirectPolicy::Follow;
    request.maxRedirects = 10;
    HttpTransfer *transfer = client.send(request);
    QSignalSpy spy(transfer, &HttpTransfer::finished);
    QVERIFY(transfer->isFinished() || spy.wait(10000));
    const Exchange exchange = transfer->exchange();
    QVERIFY2(exchange.error == ExchangeError::TooManyRedirects, qPrintable(exchange.errorString));
    QVERIFY(!exchange.errorString.isEmpty());
    QCOMPARE(server.requestCount(), 11); // the first request and ten redirects, then it stops
}

void TestHostileServers::refusedConnection()
{
    // A port nothing listens on: found by listening, then closing.
    quint16 port = 0;
    {
        HostileServer server;
        QVERIFY(server.start());
        port = quint16(server.url(QStringLiteral("/")).port());
    }
    HttpClient client;
    Request request;
    request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port));
    HttpTransfer *transfer = client.send(request);
    QSignalSpy spy(transfer, &HttpTransfer::finished);
    QVERIFY(transfer->isFinished() || spy.wait(10000));
    QCOMPARE(transfer->exchange().error, ExchangeError::ConnectionRefused);
}

void TestHostileServers::credentialsStayWithTheirOrigin()
{
    // Same host, another port: another origin (RFC 6454), so a redirect must not carry the credentials there.
    HostileServer first;
    HostileServer second;
    QVERIFY(first.start() && second.start());
    first.enqueue(sendThenClose("HTTP/1.1 302 Found\r\nLocation: " + second.url(QStringLiteral("/next")).toEncoded()
        + "\r\nContent-Length: 0\r\n\r\n"));
    second.enqueue(sendThenClose(okHeaders("Content-Length: 2\r\n\r\nok")));
    HttpClient client;
    Request request;
    request.url = first.url(QStringLiteral("/start"));
    request.redirects = RedirectPolicy::Follow;
    request.headers.append("Authorization", "Bearer secret-token");
    request.headers.append("Cookie", "session=secret");
    HttpTransfer *transfer = client.send(request);
    QSignalSpy spy(transfer, &HttpTransfer::finished);
    QVERIFY(transfer->isFinished() || spy.wait(10000));
    QCOMPARE(transfer->exchange().status, 200);
    QCOMPARE(first.requestHeads().size(), 1);
    QVERIFY(first.requestHeads().first().contains("Authorization: Bearer secret-token"));
    QCOMPARE(second.requestHeads().size(), 1);
    QVERIFY2(!second.requestHeads().first().contains("secret"), second.requestHeads().first().constData());
}

QTEST_GUILESS_MAIN(TestHostileServers)
#include "tst_hostileservers.moc"
