#include "http/secretheaders.h"

#include <QTest>

using namespace CacheScope;

// Which headers count as secrets decides what every output and export hides: near misses must not match,
// and case must not matter.
class TestSecretHeaders : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classify_data();
    void classify();
    void redactKeepsOrderAndLength();
    void withoutPasswordKeepsUser();
};

void TestSecretHeaders::classify_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("credential");
    QTest::addColumn<bool>("secret");
    QTest::addRow("Authorization") << QByteArray("Authorization") << true << true;
    QTest::addRow("lower case") << QByteArray("authorization") << true << true;
    QTest::addRow("upper case") << QByteArray("PROXY-AUTHORIZATION") << true << true;
    QTest::addRow("Cookie") << QByteArray("Cookie") << true << true;
    QTest::addRow("Set-Cookie (response)") << QByteArray("set-cookie") << false << true;
    QTest::addRow("Set-Cookie2 (response)") << QByteArray("Set-Cookie2") << false << true;
    QTest::addRow("plural") << QByteArray("Authorizations") << false << false;
    QTest::addRow("prefix") << QByteArray("X-Cookie") << false << false;
    QTest::addRow("truncated") << QByteArray("Cooki") << false << false;
    QTest::addRow("trailing space") << QByteArray("Cookie ") << false << false;
    QTest::addRow("empty") << QByteArray() << false << false;
    QTest::addRow("ETag") << QByteArray("ETag") << false << false;
    QTest::addRow("WWW-Authenticate (a challenge, not a secret)") << QByteArray("WWW-Authenticate") << false << false;
}

void TestSecretHeaders::classify()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, credential);
    QFETCH(bool, secret);
    QCOMPARE(isCredentialHeader(name), credential);
    QCOMPARE(isSecretHeader(name), secret);
}

void TestSecretHeaders::redactKeepsOrderAndLength()
{
    const HttpHeaders headers { { "Accept", "*/*" }, { "authorization", "Bearer abc" }, { "Cookie", "" },
        { "X-Trace", "7" } };
    const HttpHeaders redacted = redactCredentials(headers);
    const HttpHeaders expected { { "Accept", "*/*" }, { "authorization", "[redacted: 10 bytes]" },
        { "Cookie", "[redacted: 0 bytes]" }, { "X-Trace", "7" } };
    QCOMPARE(redacted.toWire(), expected.toWire());
}

void TestSecretHeaders::withoutPasswordKeepsUser()
{
    QCOMPARE(withoutPassword(QUrl(QStringLiteral("http://me:secret@example.test:8080/a?b#c"))).toString(),
        QStringLiteral("http://me@example.test:8080/a?b#c"));
    QCOMPARE(withoutPassword(QUrl(QStringLiteral("http://example.test/"))).toString(),
        QStringLiteral("http://example.test/"));
}

QTEST_GUILESS_MAIN(TestSecretHeaders)
#include "tst_secretheaders.moc"
