#include "http/responseparser.h"

#include <QTest>

using namespace CacheScope;

class tst_ResponseParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void byteByByte();
    void leftoverBytesAreNotConsumed();
    void limits();
    void closeAfterResponse_data();
    void closeAfterResponse();
};

struct Outcome
{
    bool complete;
    int status;
    QByteArray body;
    int interim;
};
Q_DECLARE_METATYPE(Outcome)

void tst_ResponseParser::parse_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("eof");
    QTest::addColumn<bool>("complete");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("errorContains");

    QTest::addRow("content-length") << QByteArray("GET") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
                                    << false << true << 200 << QByteArray("hello") << QString();
    QTest::addRow("chunked with extension and trailer")
        << QByteArray("GET")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nX-T: 1\r\n\r\n")
        << false << true << 200 << QByteArray("abcde") << QString();
    QTest::addRow("until close") << QByteArray("GET") << QByteArray("HTTP/1.0 200 OK\r\n\r\nsome body") << true << true << 200
                                 << QByteArray("some body") << QString();
    QTest::addRow("304 has no body") << QByteArray("GET") << QByteArray("HTTP/1.1 304 Not Modified\r\nETag: \"a\"\r\n\r\n")
                                     << false << true << 304 << QByteArray() << QString();
    QTest::addRow("HEAD has no body despite length")
        << QByteArray("HEAD") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n") << false << true << 200
        << QByteArray() << QString();
    QTest::addRow("204") << QByteArray("GET") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << false << true << 204
                         << QByteArray() << QString();
    QTest::addRow("bare LF line endings") << QByteArray("GET") << QByteArray("HTTP/1.1 200 OK\nContent-Length: 2\n\nok")
                                          << false << true << 200 << QByteArray("ok") << QString();
    QTest::addRow("empty reason") << QByteArray("GET") << QByteArray("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n") << false
                                  << true << 200 << QByteArray() << QString();
    QTest::addRow("status outside 100-599 kept") << QByteArray("GET")
                                                 << QByteArray("HTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n") << false
                                                 << true << 999 << QByteArray() << QString();
    QTest::addRow("interim 100 and 103 then 200")
        << QByteArray("GET")
        << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\nHTTP/1.1 200 OK\r\n"
                      "Content-Length: 1\r\n\r\nx")
        << false << true << 200 << QByteArray("x") << QString();
    QTest::addRow("same content-length repeated") << QByteArray("GET")
                                                  << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok")
                                                  << false << true << 200 << QByteArray("ok") << QString();

    // Hostile rows
    QTest::addRow("empty input at eof") << QByteArray("GET") << QByteArray() << true << false << 0 << QByteArray()
                                        << QStringLiteral("without sending a response");
    QTest::addRow("garbage status line") << QByteArray("GET") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n") << false << false << 0
                                         << QByteArray() << QStringLiteral("invalid status line");
    QTest::addRow("two digit status") << QByteArray("GET") << QByteArray("HTTP/1.1 20 OK\r\n\r\n") << false << false << 0
                                      << QByteArray() << QStringLiteral("invalid status line");
    QTest::addRow("non-ASCII status line") << QByteArray("GET") << QByteArray("HTTP/1.1 2\xc3\xa9\x30 OK\r\n\r\n") << false
                                           << false << 0 << QByteArray() << QStringLiteral("invalid status line");
    QTest::addRow("conflicting content-length")
        << QByteArray("GET") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok") << false
        << false << 200 << QByteArray() << QStringLiteral("conflicting Content-Length");
    QTest::addRow("negative content-length") << QByteArray("GET")
                                             << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n") << false
                                             << false << 200 << QByteArray() << QStringLiteral("invalid Content-Length");
    QTest::addRow("huge content-length truncated")
        << QByteArray("GET") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10737418240\r\n\r\nabc") << true << false
        << 200 << QByteArray("abc") << QStringLiteral("truncated body");
    QTest::addRow("content-length larger than body")
        << QByteArray("GET") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc") << true << false << 200
        << QByteArray("abc") << QStringLiteral("after 3 of 10");
    QTest::addRow("bad chunk size") << QByteArray("GET")
                                    << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n")
                                    << false << false << 200 << QByteArray() << QStringLiteral("bad chunk-size");
    QTest::addRow("chunk longer than declared")
        << QByteArray("GET") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n") << false
        << false << 200 << QByteArray("ab") << QStringLiteral("longer than its declared size");
    QTest::addRow("chunked cut short") << QByteArray("GET")
                                       << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab")
                                       << true << false << 200 << QByteArray("ab") << QStringLiteral("truncated chunked");
    QTest::addRow("eof inside headers") << QByteArray("GET") << QByteArray("HTTP/1.1 200 OK\r\nContent-Ty") << true << false
                                        << 0 << QByteArray() << QStringLiteral("middle of the response headers");
    QTest::addRow("header starts with whitespace") << QByteArray("GET") << QByteArray("HTTP/1.1 200 OK\r\n folded\r\n\r\n")
                                                   << false << false << 0 << QByteArray()
                                                   << QStringLiteral("starts with whitespace");
}

void tst_ResponseParser::parse()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, input);
    QFETCH(bool, eof);
    QFETCH(bool, complete);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, errorContains);

    ResponseParser parser(method);
    parser.feed(input.constData(), input.size());
    if (eof)
        parser.finishAtEof();
    QCOMPARE(parser.isComplete(), complete);
    QCOMPARE(parser.hasFinalHead() ? parser.finalHead().status : 0, status);
    QCOMPARE(parser.takeBody(), body);
    if (errorContains.isEmpty())
        QVERIFY2(!parser.hasFailed(), qPrintable(parser.errorString()));
    else
        QVERIFY2(parser.errorString().contains(errorContains), qPrintable(parser.errorString()));
}

void tst_ResponseParser::byteByByte()
{
    const QByteArray input = "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nETag: \"x\"\r\n"
                             "ETag: \"y\"\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwxyz\r\n0\r\n\r\n";
    ResponseParser parser("GET");
    QByteArray body;
    for (char c : input) {
        QCOMPARE(parser.feed(&c, 1), 1);
        body += parser.takeBody();
    }
    QVERIFY(parser.isComplete());
    QCOMPARE(body, QByteArray("wxyz"));
    QCOMPARE(parser.interimHeads().size(), 1);
    QCOMPARE(parser.interimHeads().first().status, 103);
    QCOMPARE(parser.finalHead().headers.values("ETag"), (QList<QByteArray> { "\"x\"", "\"y\"" }));
    const qsizetype headLength = input.indexOf("4\r\n");
    QCOMPARE(parser.headBytes(), qint64(headLength));
    QCOMPARE(parser.bodyWireBytes(), qint64(input.size() - headLength));
}

void tst_ResponseParser::leftoverBytesAreNotConsumed()
{
    const QByteArray input = "HTTP/1.1 304 Not Modified\r\nETag: \"a\"\r\n\r\nBODY-ON-A-304";
    ResponseParser parser("GET");
    const qsizetype used = parser.feed(input.constData(), input.size());
    QVERIFY(parser.isComplete());
    QCOMPARE(input.mid(used), QByteArray("BODY-ON-A-304"));
}

void tst_ResponseParser::limits()
{
    ResponseLimits limits;
    limits.maxHeaderBlock = 1024;
    ResponseParser tooBig("GET", limits);
    const QByteArray big = "HTTP/1.1 200 OK\r\nX: " + QByteArray(2000, 'a') + "\r\n\r\n";
    tooBig.feed(big.constData(), big.size());
    QVERIFY(tooBig.hasFailed());
    QVERIFY(tooBig.errorString().contains(QLatin1String("header block")));

    // 10,000 header lines are accepted under the default limits.
    QByteArray many = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < 10000; ++i)
        many += "X-N: " + QByteArray::number(i) + "\r\n";
    many += "Content-Length: 0\r\n\r\n";
    ResponseParser manyParser("GET");
    manyParser.feed(many.constData(), many.size());
    QVERIFY(manyParser.isComplete());
    QCOMPARE(manyParser.finalHead().headers.size(), 10001);

    // A 64 KiB header line is accepted too (one field, kept whole).
    const QByteArray longLine = "HTTP/1.1 200 OK\r\nX-Long: " + QByteArray(65 * 1024, 'b') + "\r\nContent-Length: 0\r\n\r\n";
    ResponseParser longParser("GET");
    longParser.feed(longLine.constData(), longLine.size());
    QVERIFY(longParser.isComplete());
    QCOMPARE(longParser.finalHead().headers.first("X-Long").size(), 65 * 1024);
}

void tst_ResponseParser::closeAfterResponse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("close");
    QTest::addRow("1.1 default keep-alive") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") << false;
    QTest::addRow("1.1 close") << QByteArray("HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n") << true;
    QTest::addRow("1.0 default close") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n") << true;
    QTest::addRow("1.0 keep-alive") << QByteArray("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")
                                    << false;
    QTest::addRow("close-delimited") << QByteArray("HTTP/1.1 200 OK\r\n\r\n") << true;
}

void tst_ResponseParser::closeAfterResponse()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, close);
    ResponseParser parser("GET");
    parser.feed(input.constData(), input.size());
    QCOMPARE(parser.closeAfterResponse(), close);
}

QTEST_GUILESS_MAIN(tst_ResponseParser)
#include "tst_responseparser.moc"
