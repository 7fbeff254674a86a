#include "client/requestwriter.h"

#include <QTest>

using namespace CacheScope;

class tst_RequestWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void head_data();
    void head();
    void validate_data();
    void validate();
    void userUrl_data();
    void userUrl();
};

void tst_RequestWriter::head_data()
{
    QTest::addColumn<Request>("request");
    QTest::addColumn<QByteArray>("expected");

    Request plain;
    plain.url = QUrl(QStringLiteral("http://example.test/a%20b?q=1#frag"));
    QTest::addRow("defaults added after caller headers")
        << plain
        << QByteArray("GET /a%20b?q=1 HTTP/1.1\r\nHost: example.test\r\nUser-Agent: UA\r\nAccept: */*\r\n"
                      "Accept-Encoding: gzip, deflate\r\n\r\n");

    Request raw;
    raw.url = QUrl(QStringLiteral("http://[::1]:8080"));
    raw.addDefaultHeaders = false;
    raw.headers.append("X-One", "1");
    raw.headers.append("x-one", "2");
    QTest::addRow("no defaults, ipv6 host, duplicates kept")
        << raw << QByteArray("GET / HTTP/1.1\r\nHost: [::1]:8080\r\nX-One: 1\r\nx-one: 2\r\n\r\n");

    Request post;
    post.method = "POST";
    post.url = QUrl(QStringLiteral("https://example.test:443/p"));
    post.addDefaultHeaders = false;
    post.headers.append("Host", "override.test");
    QTest::addRow("empty POST gets Content-Length 0, caller Host kept")
        << post << QByteArray("POST /p HTTP/1.1\r\nHost: override.test\r\nContent-Length: 0\r\n\r\n");

    Request mine;
    mine.url = QUrl(QStringLiteral("http://example.test/"));
    mine.headers.append("Accept-Encoding", "br");
    mine.headers.append("User-Agent", "me");
    mine.headers.append("Accept", "text/html");
    QTest::addRow("caller's defaults win")
        << mine << QByteArray("GET / HTTP/1.1\r\nHost: example.test\r\nAccept-Encoding: br\r\nUser-Agent: me\r\nAccept: text/html\r\n\r\n");
}

void tst_RequestWriter::head()
{
    QFETCH(Request, request);
    QFETCH(QByteArray, expected);
    const WireRequest wire = buildWireRequest(request, "UA");
    QCOMPARE(wire.head, expected);
    for (const QByteArray &name : wire.addedHeaderNames)
        QVERIFY(!request.headers.contains(name));
}

void tst_RequestWriter::validate_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("headerName");
    QTest::addColumn<QByteArray>("headerValue");
    QTest::addColumn<QString>("errorContains");
    QTest::addRow("fine") << "http://a.test/" << QByteArray("GET") << QByteArray("X") << QByteArray("v") << QString();
    QTest::addRow("ftp") << "ftp://a.test/" << QByteArray("GET") << QByteArray("X") << QByteArray("v")
                         << QStringLiteral("unsupported scheme");
    QTest::addRow("no host") << "http:///path" << QByteArray("GET") << QByteArray("X") << QByteArray("v")
                             << QStringLiteral("no host");
    QTest::addRow("method with space") << "http://a.test/" << QByteArray("GE T") << QByteArray("X") << QByteArray("v")
                                       << QStringLiteral("invalid method");
    QTest::addRow("empty method") << "http://a.test/" << QByteArray("") << QByteArray("X") << QByteArray("v")
                                  << QStringLiteral("invalid method");
    QTest::addRow("CRLF in value") << "http://a.test/" << QByteArray("GET") << QByteArray("X")
                                   << QByteArray("a\r\nEvil: 1") << QStringLiteral("header injection");
    QTest::addRow("LF in value") << "http://a.test/" << QByteArray("GET") << QByteArray("X") << QByteArray("a\nb")
                                 << QStringLiteral("header injection");
    QTest::addRow("NUL in value") << "http://a.test/" << QByteArray("GET") << QByteArray("X") << QByteArray("a\0b", 3)
                                  << QStringLiteral("header injection");
    QTest::addRow("colon in name") << "http://a.test/" << QByteArray("GET") << QByteArray("X:Y") << QByteArray("v")
                                   << QStringLiteral("invalid header name");
    QTest::addRow("non-ASCII name") << "http://a.test/" << QByteArray("GET") << QByteArray("X-\xc3\xa9")
                                    << QByteArray("v") << QStringLiteral("invalid header name");
}

void tst_RequestWriter::validate()
{
    QFETCH(QString, url);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, headerName);
    QFETCH(QByteArray, headerValue);
    QFETCH(QString, errorContains);
    Request request;
    request.url = QUrl(url);
    request.method = method;
    request.headers.append(headerName, headerValue);
    const QString error = request.validate();
    if (errorContains.isEmpty())
        QVERIFY2(error.isEmpty(), qPrintable(error));
    else
        QVERIFY2(error.contains(errorContains), qPrintable(error));
}

void tst_RequestWriter::userUrl_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // empty: invalid
    QTest::addRow("scheme added") << "example.test/x" << "http://example.test/x";
    QTest::addRow("path added") << "https://example.test" << "https://example.test/";
    QTest::addRow("surrounding spaces") << "  http://a.test/  " << "http://a.test/";
    QTest::addRow("empty") << "" << "";
    QTest::addRow("inner space") << "http://a b/" << "";
    QTest::addRow("mailto") << "mailto:x@y" << "";
    QTest::addRow("file") << "file:///etc/passwd" << "";
    QTest::addRow("bad port") << "http://a.test:99999/" << "";
}

void tst_RequestWriter::userUrl()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QString error;
    const QUrl url = parseUserUrl(text, &error);
    if (expected.isEmpty()) {
        QVERIFY(!url.isValid());
        QVERIFY(!error.isEmpty());
    } else {
        QCOMPARE(url.toString(), expected);
    }
}

QTEST_GUILESS_MAIN(tst_RequestWriter)
#include "tst_requestwriter.moc"
