// The response body limit: past it the client keeps reading and counting, keeps only the first bytes, and
// completes the exchange with a notice instead of failing; a truncated body never replaces the stored entry.
// Memory is checked by sizes (what is kept), not by RSS.
#include "cache/validatorstore.h"
#include "client/httpclient.h"
#include "client/revalidator.h"
#include "demo/gzipencoding.h"
#include "hostileserver.h"
#include "support/clirun.h"
#include "util/storelocation.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace CacheScope;
using namespace CacheScope::TestSupport;

Q_DECLARE_METATYPE(CacheScope::CachedExchange)

namespace {

// Bytes that do not repeat (a repeating pattern would hide an off-by-one in what is kept).
QByteArray counting(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char('a' + (i * 7 + i / 26) % 26);
    return bytes;
}

QByteArray chunked(const QByteArray &body, qsizetype chunk)
{
    QByteArray framed;
    for (qsizetype at = 0; at < body.size(); at += chunk) {
        const QByteArray piece = body.mid(at, chunk);
        framed += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
    }
    return framed + "0\r\n\r\n";
}

QByteArray deflate(const QByteArray &body)
{
    return qCompress(body).mid(4); // qCompress prefixes the zlib stream with its length
}

QByteArray response(const QByteArray &framing, const QByteArray &payload)
{
    return "HTTP/1.1 200 OK\r\nETag: \"v2\"\r\nContent-Type: text/plain\r\n" + framing + "\r\n" + payload;
}

QByteArray withLength(const QByteArray &extra, const QByteArray &payload)
{
    return response(extra + "Content-Length: " + QByteArray::number(payload.size()) + "\r\n", payload);
}

CachedExchange run(Revalidator &revalidator, const Request &request)
{
    RevalidationJob *job = revalidator.send(request);
    QSignalSpy spy(job, &RevalidationJob::finished);
    if (!job->isFinished() && !spy.wait(20000))
        return {};
    return spy.isEmpty() ? CachedExchange() : spy.first().first().value<CachedExchange>();
}

} // namespace

class TestBodyCap : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cap_data();
    void cap();
    void clientLimitAppliesWhenTheRequestLeavesItOpen();
    void truncatedFailureKeepsItsError();
    void commandLine_data();
    void commandLine();

private:
    QTemporaryDir m_dir;
    int m_rows = 0;
};

void TestBodyCap::initTestCase()
{
    qRegisterMetaType<CachedExchange>();
    QVERIFY(m_dir.isValid());
}

void TestBodyCap::cap_data()
{
    QTest::addColumn<QByteArray>("reply"); // what the server sends, then it closes
    QTest::addColumn<QByteArray>("decoded"); // the whole body after decoding
    QTest::addColumn<qint64>("cap");

    const QByteArray big = counting(300 * 1000);
    QTest::addRow("Content-Length, over the cap") << withLength({}, big) << big << qint64(1000);
    QTest::addRow("Content-Length, one byte over") << withLength({}, big.left(1001)) << big.left(1001) << qint64(1000);
    QTest::addRow("Content-Length, exactly the cap")
        << withLength({}, big.left(1000)) << big.left(1000) << qint64(1000);
    QTest::addRow("Content-Length, under the cap") << withLength({}, big.left(10)) << big.left(10) << qint64(1000);
    QTest::addRow("chunked, over the cap")
        << response("Transfer-Encoding: chunked\r\n", chunked(big, 4093)) << big << qint64(5000);
    QTest::addRow("chunked, tiny chunks")
        << response("Transfer-Encoding: chunked\r\n", chunked(big.left(3000), 7)) << big.left(3000) << qint64(100);
    QTest::addRow("until close, over the cap") << response({}, big) << big << qint64(777);
    QTest::addRow("gzip, small on the wire, over the cap")
        << withLength("Content-Encoding: gzip\r\n", Demo::gzipCompress(big)) << big << qint64(2048);
    QTest::addRow("gzip chunked, over the cap")
        << response("Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", chunked(Demo::gzipCompress(big), 999))
        << big << qint64(4096);
    const QByteArray zeros(16 * 1024 * 1024, '\0');
    QTest::addRow("gzip bomb (16 MiB of zeros)")
        << withLength("Content-Encoding: gzip\r\n", Demo::gzipCompress(zeros)) << zeros << qint64(64 * 1024);
    QTest::addRow("deflate, over the cap")
        << withLength("Content-Encoding: deflate\r\n", deflate(big)) << big << qint64(1500);
    QTest::addRow("unknown coding, kept as received")
        << withLength("Content-Encoding: br\r\n", big.left(5000)) << big.left(5000) << qint64(1200);
    QTest::addRow("a cap of one byte") << withLength({}, big.left(50)) << big.left(50) << qint64(1);
}

void TestBodyCap::cap()
{
    QFETCH(QByteArray, reply);
    QFETCH(QByteArray, decoded);
    QFETCH(qint64, cap);

    HostileServer server;
    QVERIFY(server.start());
    ValidatorStore store;
    QVERIFY2(
        store.open(m_dir.filePath(QStringLiteral("cap-%1.sqlite").arg(++m_rows))), qPrintable(store.errorString()));
    HttpClient client;
    Revalidator revalidator(&client, &store);
    const QUrl url = server.url(QStringLiteral("/big"));

    // A complete earlier response, stored: a truncated one must leave it as it was.
    server.enqueue({ HostileStep::send("HTTP/1.1 200 OK\r\nETag: \"v1\"\r\nCache-Control: max-age=0\r\n"
                                       "Content-Length: 5\r\n\r\nhello"),
        HostileStep::close() });
    Request request;
    request.url = url;
    QCOMPARE(run(revalidator, request).action, CacheAction::Stored);

    server.enqueue({ HostileStep::send(reply), HostileStep::close() });
    request.maxBodyBytes = cap;
    const CachedExchange result = run(revalidator, request);
    const Exchange &exchange = result.exchange;
    QVERIFY2(exchange.ok(), qPrintable(exchange.errorString));
    QCOMPARE(exchange.status, 200);
    const bool over = decoded.size() > cap;
    QCOMPARE(exchange.bodyTruncated, over);
    // Memory stays bounded: only the first `cap` bytes are kept, every byte is counted.
    QCOMPARE(exchange.body.size(), qMin<qsizetype>(decoded.size(), qsizetype(cap)));
    QVERIFY(exchange.body == decoded.left(exchange.body.size()));
    QCOMPARE(exchange.bytes.responseBodyDecoded, qint64(decoded.size()));
    QVERIFY(exchange.bytes.responseBodyWire > 0);
    QCOMPARE(exchange.bodyHash(), QCryptographicHash::hash(decoded, QCryptographicHash::Sha256));

    const QList<CacheEntry> stored = store.variants("GET", url);
    QCOMPARE(stored.size(), 1);
    if (over) {
        QVERIFY2(exchange.truncationNotice().contains(
                     QStringLiteral("body truncated at %1 of %2 bytes").arg(cap).arg(decoded.size())),
            qPrintable(exchange.truncationNotice()));
        QVERIFY(exchange.protocolNotes.contains(exchange.truncationNotice()));
        QCOMPARE(result.action, CacheAction::NotStored);
        QVERIFY2(result.actionText.contains(QStringLiteral("truncated")), qPrintable(result.actionText));
        QCOMPARE(stored.first().body, QByteArray("hello"));
        QCOMPARE(stored.first().responseHeaders.combined("ETag"), QByteArray("\"v1\""));
    } else {
        QVERIFY(exchange.truncationNotice().isEmpty());
        QCOMPARE(result.action, CacheAction::Replaced);
        QCOMPARE(stored.first().body, decoded);
    }
}

void TestBodyCap::clientLimitAppliesWhenTheRequestLeavesItOpen()
{
    HostileServer server;
    QVERIFY(server.start());
    HttpClient client;
    QCOMPARE(client.maxBodyBytes(), HttpClient::DefaultMaxBodyBytes);
    client.setMaxBodyBytes(10);
    const QByteArray body = counting(100);
    server.enqueue({ HostileStep::send(withLength({}, body)), HostileStep::close() });
    server.enqueue({ HostileStep::send(withLength({}, body)), HostileStep::close() });
    Request request;
    request.url = server.url(QStringLiteral("/"));
    HttpTransfer *first = client.send(request);
    QSignalSpy firstSpy(first, &HttpTransfer::finished);
    QVERIFY(firstSpy.wait(10000));
    QCOMPARE(first->exchange().request.maxBodyBytes, qint64(10)); // the limit that applied is in the exchange
    QCOMPARE(first->exchange().body, body.left(10));
    QVERIFY(first->exchange().bodyTruncated);
    // The request's own limit wins over the client's.
    request.maxBodyBytes = 1000;
    HttpTransfer *second = client.send(request);
    QSignalSpy secondSpy(second, &HttpTransfer::finished);
    QVERIFY(secondSpy.wait(10000));
    QCOMPARE(second->exchange().body, body);
    QVERIFY(!second->exchange().bodyTruncated);
    // A negative limit is refused before anything is sent.
    request.maxBodyBytes = -1;
    HttpTransfer *refused = client.send(request);
    QSignalSpy refusedSpy(refused, &HttpTransfer::finished);
    QVERIFY(refused->isFinished() || refusedSpy.wait(5000));
    QCOMPARE(refused->exchange().error, ExchangeError::InvalidRequest);
}

void TestBodyCap::truncatedFailureKeepsItsError()
{
    // 10 GB announced, a few KB sent, then the server closes: an error (the body was cut short) whose
    // partial body is still capped.
    HostileServer server;
    QVERIFY(server.start());
    server.enqueue(
        { HostileStep::send(response("Content-Length: 10737418240\r\n", counting(5000))), HostileStep::close() });
    HttpClient client;
    Request request;
    request.url = server.url(QStringLiteral("/"));
    request.maxBodyBytes = 100;
    HttpTransfer *transfer = client.send(request);
    QSignalSpy spy(transfer, &HttpTransfer::finished);
    QVERIFY(spy.wait(10000));
    const Exchange &exchange = transfer->exchange();
    QCOMPARE(exchange.error, ExchangeError::ConnectionClosed);
    QCOMPARE(exchange.status, 200);
    QCOMPARE(exchange.body, counting(100));
    QVERIFY(exchange.bodyTruncated);
    QCOMPARE(exchange.bytes.responseBodyDecoded, qint64(5000));
}

void TestBodyCap::commandLine_data()
{
    QTest::addColumn<QString>("maxBody"); // what follows --max-body
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<qint64>("kept"); // bytes of the body kept; -1 when refused
    QTest::addRow("bytes") << QStringLiteral("1000") << 0 << qint64(1000);
    QTest::addRow("K") << QStringLiteral("2K") << 0 << qint64(2048);
    QTest::addRow("KiB") << QStringLiteral("3KiB") << 0 << qint64(3072);
    QTest::addRow("M, larger than the body") << QStringLiteral("10M") << 0 << qint64(100000);
    QTest::addRow("zero") << QStringLiteral("0") << 2 << qint64(-1);
    QTest::addRow("negative") << QStringLiteral("-5") << 2 << qint64(-1);
    QTest::addRow("unknown unit") << QStringLiteral("10X") << 2 << qint64(-1);
    QTest::addRow("empty") << QString() << 2 << qint64(-1);
    QTest::addRow("absurdly large") << QStringLiteral("999999999999999G") << 2 << qint64(-1);
}

// cachescope-cli get --max-body: the exchange completes, the JSON says truncated, and the stored entry stays.
void TestBodyCap::commandLine()
{
    QFETCH(QString, maxBody);
    QFETCH(int, exitCode);
    QFETCH(qint64, kept);
    HostileServer server;
    QVERIFY(server.start());
    QTemporaryDir storeDir;
    QVERIFY(storeDir.isValid());
    const QByteArray body = counting(100000);
    server.enqueue({ HostileStep::send("HTTP/1.1 200 OK\r\nETag: \"v1\"\r\nContent-Length: 5\r\n\r\nhello"),
        HostileStep::close() });
    server.enqueue({ HostileStep::send(withLength({}, body)), HostileStep::close() });
    const QString url = server.url(QStringLiteral("/big")).toString();
    // The server answers on this thread's event loop: runCli waits with the loop running.
    const auto runGet = [&](const QStringList &extra) {
        TestSupport::CliOptions options;
        options.timeoutMs = 20000;
        const TestSupport::CliRun run
            = TestSupport::runCli(QStringList { QStringLiteral("get"), QStringLiteral("--json"),
                                      QStringLiteral("--store"), storeDir.path(), url }
                    + extra,
                options);
        return std::pair(run.exitCode, QJsonDocument::fromJson(run.out).object());
    };
    QCOMPARE(runGet({}).first, 0);
    const auto [code, json] = runGet({ QStringLiteral("--max-body"), maxBody });
    QCOMPARE(code, exitCode);
    ValidatorStore store;
    QVERIFY2(store.open(StoreLocation::resolve(storeDir.path())), qPrintable(store.errorString()));
    const QList<CacheEntry> stored = store.variants("GET", QUrl(url));
    QCOMPARE(stored.size(), 1);
    if (kept < 0) {
        QCOMPARE(stored.first().body, QByteArray("hello"));
        return;
    }
    const bool truncated = kept < body.size();
    QCOMPARE(json.value(QStringLiteral("body_truncated")).toBool(), truncated);
    QCOMPARE(json.value(QStringLiteral("bytes")).toObject().value(QStringLiteral("response_body_decoded")).toInteger(),
        qint64(body.size()));
    QCOMPARE(json.value(QStringLiteral("body_text")).toString().size(), qsizetype(kept));
    const QJsonObject cache = json.value(QStringLiteral("cache")).toObject();
    QCOMPARE(cache.value(QStringLiteral("action")).toString(),
        truncated ? QStringLiteral("not-stored") : QStringLiteral("replaced"));
    QCOMPARE(stored.first().body, truncated ? QByteArray("hello") : body);
}

QTEST_GUILESS_MAIN(TestBodyCap)
#include "tst_bodycap.moc"
