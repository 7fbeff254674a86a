// Certificate errors: never ignored silently, shown with the certificate's details, and accepted only when
// the user accepts that certificate for that host (for the session: the client's lifetime).
#include "client/httpclient.h"
#include "support/clirun.h"
#include "tlsorigin.h"

#include <QFile>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QtTest>

using namespace CacheScope;
using CacheScope::TestSupport::TlsOrigin;

namespace {

Exchange fetch(HttpClient &client, const QUrl &url, const QList<AcceptedCertificate> &accepted = {})
{
    Request request;
    request.url = url;
    request.acceptedCertificates = accepted;
    request.timeoutMs = 10000;
    HttpTransfer *transfer = client.send(request);
    QSignalSpy spy(transfer, &HttpTransfer::finished);
    if (!transfer->isFinished() && !spy.wait(15000))
        return {};
    return transfer->exchange();
}

} // namespace

class TestTls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rejectedWithDetails();
    void acceptedForOneHostOnly();
    void acceptingOneCertificateDoesNotAcceptAnother();
    void acceptedByTheRequestsFingerprint_data();
    void acceptedByTheRequestsFingerprint();
    void forgottenCertificateIsRejectedAgain();
    void fingerprintArgument_data();
    void fingerprintArgument();
    void commandLine_data();
    void commandLine();
};

void TestTls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("this Qt has no TLS backend");
}

void TestTls::rejectedWithDetails()
{
    TlsOrigin origin;
    QVERIFY(origin.start(QStringLiteral("test-a")));
    HttpClient client;
    const Exchange exchange = fetch(client, origin.url(QStringLiteral("127.0.0.1")));
    QCOMPARE(exchange.error, ExchangeError::Tls);
    QVERIFY(!exchange.hasResponse());
    // The message names the host, the problem and the certificate: subject, issuer, validity, fingerprint.
    const QString fingerprint = QString::fromLatin1(origin.certificate.digest(QCryptographicHash::Sha256).toHex(':'));
    QVERIFY2(exchange.errorString.contains(QStringLiteral("127.0.0.1")), qPrintable(exchange.errorString));
    QVERIFY2(exchange.errorString.contains(QStringLiteral("self signed"), Qt::CaseInsensitive)
            || exchange.errorString.contains(QStringLiteral("self-signed"), Qt::CaseInsensitive),
        qPrintable(exchange.errorString));
    QVERIFY2(exchange.errorString.contains(QStringLiteral("subject: localhost")), qPrintable(exchange.errorString));
    QVERIFY2(exchange.errorString.contains(QStringLiteral("to 2126-")), qPrintable(exchange.errorString));
    QVERIFY2(exchange.errorString.contains(fingerprint, Qt::CaseInsensitive), qPrintable(exchange.errorString));
    QCOMPARE(exchange.rejectedCertificates.value(0), origin.certificate);
    QVERIFY(!exchange.tlsErrors.isEmpty());
    QVERIFY2(exchange.errorString.contains(exchange.tlsErrors.first()), qPrintable(exchange.tlsErrors.join(u'|')));
}

void TestTls::acceptedForOneHostOnly()
{
    TlsOrigin origin;
    QVERIFY(origin.start(QStringLiteral("test-a")));
    HttpClient client;
    const Exchange refused = fetch(client, origin.url(QStringLiteral("127.0.0.1")));
    QCOMPARE(refused.error, ExchangeError::Tls);
    client.acceptCertificate(QStringLiteral("127.0.0.1"), refused.rejectedCertificates.value(0));

    const Exchange accepted = fetch(client, origin.url(QStringLiteral("127.0.0.1")));
    QVERIFY2(accepted.ok(), qPrintable(accepted.errorString));
    QCOMPARE(accepted.body, QByteArray("ok"));
    // The same server under another name is another host: not accepted there.
    const Exchange otherName = fetch(client, origin.url(QStringLiteral("localhost")));
    QCOMPARE(otherName.error, ExchangeError::Tls);
    // And a new session (a new client) starts with nothing accepted.
    HttpClient fresh;
    QCOMPARE(fetch(fresh, origin.url(QStringLiteral("127.0.0.1"))).error, ExchangeError::Tls);
}

void TestTls::acceptingOneCertificateDoesNotAcceptAnother()
{
    TlsOrigin first;
    TlsOrigin second;
    QVERIFY(first.start(QStringLiteral("test-a")));
    QVERIFY(second.start(QStringLiteral("test-b")));
    HttpClient client;
    client.acceptCertificate(QStringLiteral("127.0.0.1"), first.certificate);
    QVERIFY(fetch(client, first.url(QStringLiteral("127.0.0.1"))).ok());
    const Exchange other = fetch(client, second.url(QStringLiteral("127.0.0.1")));
    QCOMPARE(other.error, ExchangeError::Tls);
    QCOMPARE(other.rejectedCertificates.value(0), second.certificate);
}

void TestTls::acceptedByTheRequestsFingerprint_data()
{
    QTest::addColumn<QString>("host"); // the host the fingerprint is given for
    QTest::addColumn<bool>("rightCertificate");
    QTest::addColumn<bool>("accepted");
    QTest::addRow("its fingerprint, its host") << QStringLiteral("127.0.0.1") << true << true;
    QTest::addRow("its fingerprint, another host") << QStringLiteral("localhost") << true << false;
    QTest::addRow("another certificate's fingerprint") << QStringLiteral("127.0.0.1") << false << false;
}

void TestTls::acceptedByTheRequestsFingerprint()
{
    QFETCH(QString, host);
    QFETCH(bool, rightCertificate);
    QFETCH(bool, accepted);
    TlsOrigin origin;
    TlsOrigin other;
    QVERIFY(origin.start(QStringLiteral("test-a")));
    QVERIFY(other.start(QStringLiteral("test-b")));
    const QSslCertificate &certificate = rightCertificate ? origin.certificate : other.certificate;
    const AcceptedCertificate pin { host, certificate.digest(QCryptographicHash::Sha256) };
    HttpClient client;
    const Exchange exchange = fetch(client, origin.url(QStringLiteral("127.0.0.1")), { pin });
    if (accepted) {
        QVERIFY2(exchange.ok(), qPrintable(exchange.errorString));
        QCOMPARE(exchange.body, QByteArray("ok"));
    } else {
        // Still refused, and still with the details that let the user check what they typed.
        QCOMPARE(exchange.error, ExchangeError::Tls);
        QCOMPARE(exchange.rejectedCertificates.value(0), origin.certificate);
    }
    // The request's acceptance is not the session's: a request without it is refused, even right after one
    // with it (the connection that got past the check is not shared).
    QCOMPARE(fetch(client, origin.url(QStringLiteral("127.0.0.1"))).error, ExchangeError::Tls);
    QVERIFY(client.acceptedCertificates().isEmpty());
}

void TestTls::forgottenCertificateIsRejectedAgain()
{
    TlsOrigin origin;
    QVERIFY(origin.start(QStringLiteral("test-a")));
    HttpClient client;
    QSignalSpy changed(&client, &HttpClient::acceptedCertificatesChanged);
    client.acceptCertificate(QStringLiteral("127.0.0.1"), origin.certificate);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(client.acceptedCertificates().value(QStringLiteral("127.0.0.1")), QList { origin.certificate });
    QVERIFY(fetch(client, origin.url(QStringLiteral("127.0.0.1"))).ok()); // leaves an idle kept-alive connection
    QVERIFY(client.forgetCertificate(QStringLiteral("127.0.0.1"), origin.certificate));
    QCOMPARE(changed.size(), 2);
    QVERIFY(!client.forgetCertificate(QStringLiteral("127.0.0.1"), origin.certificate));
    QVERIFY(client.acceptedCertificates().isEmpty());
    // The idle connection opened under the acceptance is not reused: the certificate is checked again.
    QCOMPARE(fetch(client, origin.url(QStringLiteral("127.0.0.1"))).error, ExchangeError::Tls);
}

void TestTls::fingerprintArgument_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("host"); // empty: refused
    const QString hex(64, QLatin1Char('a'));
    QString colons;
    for (int i = 0; i < 32; ++i)
        colons += (i ? QStringLiteral(":") : QString()) + QStringLiteral("AB");
    QTest::addRow("plain hex") << QStringLiteral("Example.COM=") + hex << QStringLiteral("example.com");
    QTest::addRow("colons, as printed") << QStringLiteral("127.0.0.1=") + colons << QStringLiteral("127.0.0.1");
    QTest::addRow("no equals sign") << hex << QString();
    QTest::addRow("no host") << QStringLiteral("=") + hex << QString();
    QTest::addRow("a URL instead of a host") << QStringLiteral("https://example.com=") + hex << QString();
    QTest::addRow("host and port") << QStringLiteral("example.com:443=") + hex << QString();
    QTest::addRow("too short") << QStringLiteral("example.com=abcd") << QString();
    QTest::addRow("SHA-1 length") << QStringLiteral("example.com=") + QString(40, QLatin1Char('a')) << QString();
    QTest::addRow("not hex") << QStringLiteral("example.com=") + QString(64, QLatin1Char('z')) << QString();
    QTest::addRow("empty") << QString() << QString();
}

void TestTls::fingerprintArgument()
{
    QFETCH(QString, text);
    QFETCH(QString, host);
    AcceptedCertificate accepted;
    QString error;
    const bool ok = parseAcceptedCertificate(text, &accepted, &error);
    QCOMPARE(ok, !host.isEmpty());
    if (ok) {
        QCOMPARE(accepted.host, host);
        QCOMPARE(accepted.sha256.size(), 32);
    } else {
        QVERIFY(!error.isEmpty());
    }
}

void TestTls::commandLine_data()
{
    QTest::addColumn<QString>("accept"); // what follows --accept-certificate; empty: not given
    QTest::addColumn<int>("exitCode");
    QTest::addRow("not accepted") << QString() << 1;
    QTest::addRow("its fingerprint, as printed") << QStringLiteral("127.0.0.1=FINGERPRINT") << 0;
    QTest::addRow("its fingerprint, lower case without colons") << QStringLiteral("127.0.0.1=fingerprint") << 0;
    QTest::addRow("another certificate's fingerprint") << QStringLiteral("127.0.0.1=OTHER") << 1;
    QTest::addRow("its fingerprint for another host") << QStringLiteral("localhost=FINGERPRINT") << 1;
    QTest::addRow("not a fingerprint") << QStringLiteral("127.0.0.1=12:34") << 2;
}

// cachescope-cli get against the TLS origin: refused with the details and the option to type, accepted only
// with that certificate's fingerprint for that host.
void TestTls::commandLine()
{
    QFETCH(QString, accept);
    QFETCH(int, exitCode);
    TlsOrigin origin;
    TlsOrigin other;
    QVERIFY(origin.start(QStringLiteral("test-a")));
    QVERIFY(other.start(QStringLiteral("test-b")));
    const QString printed = fingerprintText(origin.certificate.digest(QCryptographicHash::Sha256));
    accept.replace(QStringLiteral("FINGERPRINT"), printed);
    accept.replace(QStringLiteral("fingerprint"),
        QString::fromLatin1(origin.certificate.digest(QCryptographicHash::Sha256).toHex()));
    accept.replace(QStringLiteral("OTHER"), fingerprintText(other.certificate.digest(QCryptographicHash::Sha256)));
    QStringList arguments { QStringLiteral("get"), QStringLiteral("--no-store"), QStringLiteral("--timeout"),
        QStringLiteral("10"), origin.url(QStringLiteral("127.0.0.1")).toString() };
    if (!accept.isEmpty())
        arguments << QStringLiteral("--accept-certificate") << accept;
    // The origin answers on this thread's event loop: runCli waits with the loop running.
    TestSupport::CliOptions options;
    options.timeoutMs = 20000;
    const TestSupport::CliRun run = TestSupport::runCli(arguments, options);
    QVERIFY2(run.finished, run.describe().constData());
    const QString output = run.outText();
    const QString errors = run.errText();
    QVERIFY2(run.exitCode == exitCode, qPrintable(output + errors));
    if (exitCode == 0) {
        QVERIFY2(output.contains(QStringLiteral("200 OK")), qPrintable(output));
    } else if (exitCode == 1) {
        // The details, each problem, and the exact option to type.
        QVERIFY2(output.contains(QStringLiteral("subject: localhost")), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("SHA-256: ") + printed), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("problem: ")), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("--accept-certificate 127.0.0.1=") + printed), qPrintable(output));
        QVERIFY2(errors.contains(printed), qPrintable(errors));
    } else {
        QVERIFY2(errors.contains(QStringLiteral("--accept-certificate")), qPrintable(errors));
    }
}

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
