#include "curlclipboard.h"
#include "theme.h"
#include "urlbar.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

using namespace CacheScope;

Q_DECLARE_METATYPE(CacheScope::Request)

// A curl command typed or pasted into the URL bar becomes a request; copy as cURL gives it back.
class tst_UrlBarCurl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void typedCommandIsImportedOnEnter_data();
    void typedCommandIsImportedOnEnter();
    void pastedMultilineCommand();
    void badCommandKeepsTheText_data();
    void badCommandKeepsTheText();
    void plainUrlStillSends();
    void copyAsCurlRoundTrip_data();
    void copyAsCurlRoundTrip();
    void screenshots();
};

void tst_UrlBarCurl::initTestCase()
{
    qRegisterMetaType<CacheScope::Request>();
}

void tst_UrlBarCurl::typedCommandIsImportedOnEnter_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("url");
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("warnings");
    QTest::addRow("GET with headers") << QStringLiteral(
        "curl 'https://a.test/x?y=1' -H 'Accept: text/html' -H 'X-A: 1'")
                                      << QByteArray("GET") << QStringLiteral("https://a.test/x?y=1")
                                      << HttpHeaders { { "Accept", "text/html" }, { "X-A", "1" } } << QByteArray() << 0;
    QTest::addRow("POST with data") << QStringLiteral("  curl -X POST http://a.test/f --data-raw 'a=1'")
                                    << QByteArray("POST") << QStringLiteral("http://a.test/f")
                                    << HttpHeaders { { "Content-Type", "application/x-www-form-urlencoded" } }
                                    << QByteArray("a=1") << 0;
    QTest::addRow("HEAD from -I") << QStringLiteral("curl -I http://a.test/") << QByteArray("HEAD")
                                  << QStringLiteral("http://a.test/") << HttpHeaders {} << QByteArray() << 0;
    QTest::addRow("-k is a warning") << QStringLiteral("curl -k https://a.test/") << QByteArray("GET")
                                     << QStringLiteral("https://a.test/") << HttpHeaders {} << QByteArray() << 1;
}

void tst_UrlBarCurl::typedCommandIsImportedOnEnter()
{
    QFETCH(QString, command);
    QFETCH(QByteArray, method);
    QFETCH(QString, url);
    QFETCH(HttpHeaders, headers);
    QFETCH(QByteArray, body);
    QFETCH(int, warnings);
    UrlBar bar;
    QSignalSpy imported(&bar, &UrlBar::curlImported);
    QSignalSpy send(&bar, &UrlBar::sendRequested);
    bar.urlEdit()->setText(command);
    QTest::keyClick(bar.urlEdit(), Qt::Key_Return);
    QCOMPARE(send.count(), 0); // a command is imported, not sent as a URL
    QCOMPARE(imported.count(), 1);
    const Request request = imported.at(0).at(0).value<Request>();
    QCOMPARE(request.method, method);
    QCOMPARE(request.url, QUrl(url));
    QCOMPARE(request.headers, headers);
    QCOMPARE(request.body, body);
    QCOMPARE(imported.at(0).at(1).toStringList().size(), warnings);
    QCOMPARE(bar.urlText(), url);
    QCOMPARE(bar.method(), QString::fromLatin1(method));
    QVERIFY(bar.curlError().isEmpty());
}

void tst_UrlBarCurl::pastedMultilineCommand()
{
    UrlBar bar;
    QSignalSpy imported(&bar, &UrlBar::curlImported);
    QGuiApplication::clipboard()->setText(
        QStringLiteral("curl 'https://a.test/api' \\\n  -H 'Authorization: Bearer t' \\\n"
                       "  --data-binary '{\"k\": 2}' \\\n  --compressed"));
    bar.urlEdit()->setFocus();
    QTest::keySequence(bar.urlEdit(), QKeySequence::Paste);
    QCOMPARE(imported.count(), 1); // at once, without Enter
    const Request request = imported.at(0).at(0).value<Request>();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.headers.first("Authorization"), QByteArray("Bearer t"));
    QCOMPARE(request.body, QByteArray("{\"k\": 2}"));
    QVERIFY(request.acceptCompressed);
    QCOMPARE(bar.urlText(), QStringLiteral("https://a.test/api"));

    // A bad pasted command stays in the field (on one line) with the error; Enter tries the original again.
    QGuiApplication::clipboard()->setText(QStringLiteral("curl \\\n --nope https://a.test/"));
    bar.urlEdit()->clear();
    QTest::keySequence(bar.urlEdit(), QKeySequence::Paste);
    QCOMPARE(imported.count(), 1);
    QVERIFY(bar.urlText().contains(QLatin1String("--nope")));
    QVERIFY2(bar.curlError().contains(QLatin1String("--nope")), qPrintable(bar.curlError()));

    // Plain text is pasted as usual.
    QGuiApplication::clipboard()->setText(QStringLiteral("https://plain.test/"));
    bar.urlEdit()->clear();
    QTest::keySequence(bar.urlEdit(), QKeySequence::Paste);
    QCOMPARE(bar.urlText(), QStringLiteral("https://plain.test/"));
    QCOMPARE(imported.count(), 1);
}

void tst_UrlBarCurl::badCommandKeepsTheText_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("message");
    QTest::addRow("unknown option") << QStringLiteral("curl --frobnicate http://a.test/")
                                    << QStringLiteral("--frobnicate");
    QTest::addRow("no URL") << QStringLiteral("curl -H 'A: b'") << QStringLiteral("URL");
    QTest::addRow("unterminated quote") << QStringLiteral("curl 'http://a.test/") << QStringLiteral("quote");
    QTest::addRow("shell variable") << QStringLiteral("curl $URL") << QStringLiteral("$");
}

void tst_UrlBarCurl::badCommandKeepsTheText()
{
    QFETCH(QString, command);
    QFETCH(QString, message);
    UrlBar bar;
    QSignalSpy imported(&bar, &UrlBar::curlImported);
    QSignalSpy send(&bar, &UrlBar::sendRequested);
    bar.urlEdit()->setText(command);
    QTest::keyClick(bar.urlEdit(), Qt::Key_Return);
    QCOMPARE(imported.count(), 0);
    QCOMPARE(send.count(), 0);
    QCOMPARE(bar.urlText(), command); // nothing typed is lost
    QVERIFY2(bar.curlError().contains(message, Qt::CaseInsensitive), qPrintable(bar.curlError()));
    QVERIFY(bar.urlEdit()->toolTip().contains(bar.curlError()));
    auto *warning = bar.findChild<QAction *>(QStringLiteral("curlWarning"));
    QVERIFY(warning && warning->isVisible());
    QTest::keyClick(bar.urlEdit(), Qt::Key_X); // editing the text puts the sign away
    QVERIFY(!warning->isVisible());
}

void tst_UrlBarCurl::plainUrlStillSends()
{
    UrlBar bar;
    QSignalSpy imported(&bar, &UrlBar::curlImported);
    QSignalSpy send(&bar, &UrlBar::sendRequested);
    for (const QString &text : { QStringLiteral("https://curl.se/"), QStringLiteral("curling.test/x") }) {
        bar.urlEdit()->setText(text);
        QTest::keyClick(bar.urlEdit(), Qt::Key_Return);
    }
    QCOMPARE(send.count(), 2);
    QCOMPARE(imported.count(), 0);
}

void tst_UrlBarCurl::copyAsCurlRoundTrip_data()
{
    QTest::addColumn<Request>("request");
    Request get;
    get.url = QUrl(QStringLiteral("https://a.test/p?q=a%20b"));
    get.headers = HttpHeaders { { "Accept", "*/*" }, { "X-Quote", "it's \"quoted\"" }, { "X-Empty", "" } };
    QTest::addRow("GET with awkward headers") << get;
    Request post;
    post.method = "POST";
    post.url = QUrl(QStringLiteral("http://127.0.0.1:8080/f"));
    post.headers = HttpHeaders { { "Content-Type", "application/json" } };
    post.body = "{\"a\": \"line\\nbreak\", \"b\": 'single'}\n";
    QTest::addRow("POST with a JSON body") << post;
    Request binary;
    binary.method = "PUT";
    binary.url = QUrl(QStringLiteral("http://a.test/bin"));
    binary.headers = HttpHeaders { { "Content-Type", "application/octet-stream" } };
    binary.body = QByteArray("\x00\x01\xff\n$HOME `x`", 14);
    QTest::addRow("binary body with NUL and shell characters") << binary;
    Request head;
    head.method = "HEAD";
    head.url = QUrl(QStringLiteral("http://a.test/"));
    QTest::addRow("HEAD") << head;
}

void tst_UrlBarCurl::copyAsCurlRoundTrip()
{
    QFETCH(Request, request);
    const QString copied = copyAsCurl(request);
    QCOMPARE(QGuiApplication::clipboard()->text(), copied);
    UrlBar bar;
    QSignalSpy imported(&bar, &UrlBar::curlImported);
    QVERIFY2(bar.importCurl(copied), qPrintable(bar.curlError()));
    const Request back = imported.at(0).at(0).value<Request>();
    QCOMPARE(back.method, request.method);
    QCOMPARE(back.url, request.url);
    QCOMPARE(back.body, request.body);
    HttpHeaders expected = request.headers;
    if (!request.body.isEmpty() && !expected.contains("Content-Type"))
        expected.append("Content-Type", "");
    QCOMPARE(back.headers, expected);
}

// Renders the error state in both schemes when CACHESCOPE_SCREENSHOT_DIR is set (to look at, not compared).
void tst_UrlBarCurl::screenshots()
{
    const QString dir = qEnvironmentVariable("CACHESCOPE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set CACHESCOPE_SCREENSHOT_DIR to render the URL bar");
    for (const QString &scheme : { QStringLiteral("light"), QStringLiteral("dark") }) {
        applyColorScheme(scheme);
        UrlBar bar;
        bar.resize(720, bar.sizeHint().height());
        bar.show();
        bar.urlEdit()->setText(QStringLiteral("curl --frobnicate 'https://a.test/'"));
        QTest::keyClick(bar.urlEdit(), Qt::Key_Return);
        QVERIFY(bar.grab().save(dir + QStringLiteral("/urlbarcurl-%1.png").arg(scheme)));
    }
}

QTEST_MAIN(tst_UrlBarCurl)
#include "tst_urlbarcurl.moc"
