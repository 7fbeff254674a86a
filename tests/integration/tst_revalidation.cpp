#include "cache/validatorstore.h"
#include "client/httpclient.h"
#include "client/revalidator.h"
#include "support/httpbinserver.h"
#include "support/nginxserver.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope;
using namespace CacheScope::TestSupport;

Q_DECLARE_METATYPE(CacheScope::CachedExchange)

namespace {

CachedExchange through(Revalidator &revalidator, const QUrl &url, const HttpHeaders &headers = {})
{
    Request request;
    request.url = url;
    request.headers = headers;
    RevalidationJob *job = revalidator.send(request);
    QSignalSpy spy(job, &RevalidationJob::finished);
    if (!spy.wait(15000))
        qFatal("revalidation did not finish");
    return spy.first().first().value<CachedExchange>();
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

} // namespace

class tst_Revalidation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void nginx_data();
    void nginx();
    void httpbinUnquotedEtag();

private:
    QTemporaryDir m_storeDir;
};

void tst_Revalidation::initTestCase()
{
    qRegisterMetaType<CachedExchange>();
    QVERIFY(m_storeDir.isValid());
}

void tst_Revalidation::nginx_data()
{
    QTest::addColumn<bool>("gzip");
    QTest::addRow("identity: strong ETag and Last-Modified") << false;
    QTest::addRow("gzip: nginx weakens the ETag") << true;
}

void tst_Revalidation::nginx()
{
    QFETCH(bool, gzip);
    CACHESCOPE_REQUIRE_SERVER(NginxServer);
    QTemporaryDir root;
    const QByteArray content = QByteArray("CacheScope revalidation test line\n").repeated(2000);
    QVERIFY(writeFile(root.filePath(QStringLiteral("page.txt")), content));
    NginxServer nginx(root.path());
    nginx.setGzip(gzip);
    QVERIFY2(nginx.start(), qPrintable(nginx.errorString()));

    ValidatorStore store;
    QVERIFY2(
        store.open(m_storeDir.filePath(QStringLiteral("nginx-%1.sqlite").arg(gzip))), qPrintable(store.errorString()));
    HttpClient client;
    Revalidator revalidator(&client, &store);
    const QUrl url = nginx.url(QStringLiteral("/page.txt"));

    // 1. Nothing stored: a plain GET, stored.
    const CachedExchange first = through(revalidator, url);
    QVERIFY2(first.exchange.ok(), qPrintable(first.exchange.errorString));
    QCOMPARE(first.exchange.status, 200);
    QVERIFY(!first.conditionalSent);
    QCOMPARE(first.action, CacheAction::Stored);
    QCOMPARE(first.exchange.body, content);
    QCOMPARE(first.exchange.bytes.responseBodyDecoded, qint64(content.size()));
    const QByteArray etag = first.exchange.responseHeaders.first("ETag");
    QCOMPARE(etag.startsWith("W/"), gzip);
    if (gzip) {
        QCOMPARE(first.exchange.contentEncoding, QByteArray("gzip"));
        QVERIFY(first.exchange.bytes.responseBodyWire < content.size() / 10);
    } else {
        QCOMPARE(first.exchange.bytes.responseBodyWire, qint64(content.size()));
    }
    QVERIFY(first.current);
    const qint64 storedWire = first.current->wireSize();
    QCOMPARE(storedWire, first.exchange.bytes.responseTotal());

    // 2. Revalidation: conditional GET from the store, 304, entry updated, bytes saved.
    const CachedExchange second = through(revalidator, url);
    QVERIFY(second.conditionalSent);
    QCOMPARE(second.exchange.requestHeadersSent.first("If-None-Match"), etag);
    QCOMPARE(second.exchange.requestHeadersSent.first("If-Modified-Since"),
        first.exchange.responseHeaders.first("Last-Modified"));
    QCOMPARE(second.exchange.status, 304);
    QVERIFY2(second.action == CacheAction::Updated, qPrintable(second.actionText));
    QCOMPARE(second.exchange.bytes.saved, storedWire - second.exchange.bytes.responseTotal());
    QVERIFY(second.exchange.bytes.saved > 0);
    QVERIFY(second.current && second.current->lastValidated.isValid());
    // A 304 reads and writes headers only: the body stays in the store, unread.
    QVERIFY(second.current->body.isNull());
    QVERIFY(second.previous && second.previous->body.isNull());
    QCOMPARE(store.body(second.current->id).value_or(QByteArray()), content);

    // 3. The file changes: a full 200 replaces the entry.
    QTest::qWait(1100); // Last-Modified has a one-second resolution
    const QByteArray changed = content + "one more line\n";
    QVERIFY(writeFile(root.filePath(QStringLiteral("page.txt")), changed));
    const CachedExchange third = through(revalidator, url);
    QCOMPARE(third.exchange.status, 200);
    QCOMPARE(third.action, CacheAction::Replaced);
    // A full response is compared with the stored one: the previous body is read for it.
    QVERIFY(third.previous);
    QCOMPARE(third.previous->body, content);
    QCOMPARE(third.current->body, changed);
    QVERIFY(third.exchange.responseHeaders.first("ETag") != etag);
    QCOMPARE(store.get(third.current->id)->body, changed);
    QCOMPARE(store.count(), qint64(1));
}

void tst_Revalidation::httpbinUnquotedEtag()
{
    CACHESCOPE_REQUIRE_SERVER(HttpbinServer);
    HttpbinServer httpbin;
    QVERIFY2(httpbin.start(), qPrintable(httpbin.errorString()));
    ValidatorStore store;
    QVERIFY(store.open(m_storeDir.filePath(QStringLiteral("httpbin.sqlite"))));
    HttpClient client;
    Revalidator revalidator(&client, &store);
    // httpbin answers /etag/{etag} with an unquoted (malformed) ETag: CacheScope keeps and sends it as is.
    const QUrl url = httpbin.url(QStringLiteral("/etag/abc"));
    const CachedExchange first = through(revalidator, url);
    QCOMPARE(first.exchange.status, 200);
    QCOMPARE(first.exchange.responseHeaders.first("ETag"), QByteArray("abc"));
    QCOMPARE(first.action, CacheAction::Stored);
    const CachedExchange second = through(revalidator, url);
    QCOMPARE(second.exchange.requestHeadersSent.first("If-None-Match"), QByteArray("abc"));
    QCOMPARE(second.exchange.status, 304);
    QCOMPARE(second.action, CacheAction::Updated);
    QVERIFY(second.exchange.bytes.saved > 0);
}

QTEST_GUILESS_MAIN(tst_Revalidation)
#include "tst_revalidation.moc"
