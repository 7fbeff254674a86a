#include "cache/varykey.h"

#include <QTest>
#include <QTimeZone>

using namespace CacheScope;

using ByteList = QList<QByteArray>;

class tst_VaryKey : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void fromResponseCombinesLines();
    void normalizedValue_data();
    void normalizedValue();
    void matches_data();
    void matches();
    void secondaryKey_data();
    void secondaryKey();
    void cacheKeyUrl_data();
    void cacheKeyUrl();
    void selectStoredResponse_data();
    void selectStoredResponse();
};

void tst_VaryKey::parse_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<ByteList>("names");
    QTest::addColumn<bool>("wildcard");
    QTest::addColumn<ByteList>("invalid");

    QTest::addRow("empty") << QByteArray() << ByteList {} << false << ByteList {};
    QTest::addRow("whitespace only") << QByteArray(" \t  ") << ByteList {} << false << ByteList {};
    QTest::addRow("commas only") << QByteArray(", ,,") << ByteList {} << false << ByteList {};
    QTest::addRow("one name") << QByteArray("Accept-Encoding") << ByteList { "accept-encoding" } << false
                              << ByteList {};
    QTest::addRow("duplicates in any case") << QByteArray("Accept-Encoding, accept-encoding,ACCEPT-ENCODING")
                                            << ByteList { "accept-encoding" } << false << ByteList {};
    QTest::addRow("sorted") << QByteArray("User-Agent, Accept, Origin") << ByteList { "accept", "origin", "user-agent" }
                            << false << ByteList {};
    QTest::addRow("empty members and tabs")
        << QByteArray(",,\tAccept\t,, ,Origin ,") << ByteList { "accept", "origin" } << false << ByteList {};
    QTest::addRow("star") << QByteArray("*") << ByteList {} << true << ByteList {};
    QTest::addRow("star among names") << QByteArray("Accept, *") << ByteList { "accept" } << true << ByteList {};
    QTest::addRow("space inside a name") << QByteArray("Accept Encoding, Origin") << ByteList { "origin" } << true
                                         << ByteList { "Accept Encoding" };
    QTest::addRow("non-ASCII name") << QByteArray("Acc\xc3\xa9pt") << ByteList {} << true
                                    << ByteList { "Acc\xc3\xa9pt" };
    QTest::addRow("quoted name") << QByteArray("\"Accept\"") << ByteList {} << true << ByteList { "\"Accept\"" };
    QTest::addRow("NUL in a name") << QByteArray("Acc\0ept", 7) << ByteList {} << true
                                   << ByteList { QByteArray("Acc\0ept", 7) };
    QTest::addRow("colon") << QByteArray("Accept:") << ByteList {} << true << ByteList { "Accept:" };
    QTest::addRow("token punctuation") << QByteArray("x-a&b, x-%") << ByteList { "x-%", "x-a&b" } << false
                                       << ByteList {};

    QByteArray many;
    ByteList manyNames;
    for (int i = 0; i < 5000; ++i) {
        many += "X-H" + QByteArray::number(i) + ", x-h" + QByteArray::number(i) + ",";
        manyNames.append("x-h" + QByteArray::number(i));
    }
    std::sort(manyNames.begin(), manyNames.end());
    QTest::addRow("10,000 members, half duplicates") << many << manyNames << false << ByteList {};
}

void tst_VaryKey::parse()
{
    QFETCH(QByteArray, value);
    QFETCH(ByteList, names);
    QFETCH(bool, wildcard);
    QFETCH(ByteList, invalid);

    const VaryKey key = VaryKey::parse(value);
    QCOMPARE(key.fieldNames(), names);
    QCOMPARE(key.isWildcard(), wildcard);
    QCOMPARE(key.invalidMembers(), invalid);
    QCOMPARE(key.isEmpty(), names.isEmpty() && !wildcard);
}

void tst_VaryKey::fromResponseCombinesLines()
{
    const HttpHeaders response { { "Content-Type", "text/plain" }, { "Vary", "Origin" }, { "vary", "Accept" },
        { "VARY", "" } };
    QCOMPARE(VaryKey::fromResponse(response).fieldNames(), (ByteList { "accept", "origin" }));
    QVERIFY(VaryKey::fromResponse(HttpHeaders {}).isEmpty());
    QVERIFY(VaryKey::fromResponse(HttpHeaders { { "Vary", "Origin" }, { "Vary", "*" } }).isWildcard());
}

void tst_VaryKey::normalizedValue_data()
{
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<QByteArray>("expected"); // null means absent

    QTest::addRow("absent") << HttpHeaders { { "Accept", "text/html" } } << QByteArray();
    QTest::addRow("no headers at all") << HttpHeaders {} << QByteArray();
    QTest::addRow("empty value") << HttpHeaders { { "X-V", "" } } << QByteArray("");
    QTest::addRow("whitespace value") << HttpHeaders { { "X-V", "  \t " } } << QByteArray("");
    QTest::addRow("trimmed") << HttpHeaders { { "X-V", "  gzip \t" } } << QByteArray("gzip");
    QTest::addRow("name case") << HttpHeaders { { "x-v", "gzip" } } << QByteArray("gzip");
    QTest::addRow("two lines") << HttpHeaders { { "X-V", "gzip" }, { "Other", "1" }, { "X-V", "br" } }
                               << QByteArray("gzip, br");
    QTest::addRow("list without spaces") << HttpHeaders { { "X-V", "gzip,br" } } << QByteArray("gzip, br");
    QTest::addRow("list with extra spaces") << HttpHeaders { { "X-V", "gzip  ,   br" } } << QByteArray("gzip, br");
    QTest::addRow("empty members") << HttpHeaders { { "X-V", ",gzip,, br,," } } << QByteArray("gzip, br");
    QTest::addRow("inner spaces kept") << HttpHeaders { { "X-V", "text/html; q=0.9" } }
                                       << QByteArray("text/html; q=0.9");
    QTest::addRow("quoted comma kept") << HttpHeaders { { "X-V", "\"a,b\" ,c" } } << QByteArray("\"a,b\", c");
    QTest::addRow("escaped quote") << HttpHeaders { { "X-V", "\"a\\\",b\",c" } } << QByteArray("\"a\\\",b\", c");
    QTest::addRow("unterminated quote") << HttpHeaders { { "X-V", "a, \"b, c" } } << QByteArray("a, \"b, c");
    QTest::addRow("non-ASCII") << HttpHeaders { { "X-V", " gr\xc3\xbc\xc3\x9f " } } << QByteArray("gr\xc3\xbc\xc3\x9f");
    QTest::addRow("control bytes kept") << HttpHeaders { { "X-V", QByteArray("a\0b", 3) } } << QByteArray("a\0b", 3);
    QTest::addRow("huge") << HttpHeaders { { "X-V", QByteArray(1 << 20, 'x') } } << QByteArray(1 << 20, 'x');
}

void tst_VaryKey::normalizedValue()
{
    QFETCH(HttpHeaders, headers);
    QFETCH(QByteArray, expected);
    const QByteArray value = VaryKey::normalizedValue(headers, "X-V");
    QCOMPARE(value.isNull(), expected.isNull());
    QCOMPARE(value, expected);
}

void tst_VaryKey::matches_data()
{
    QTest::addColumn<QByteArray>("vary");
    QTest::addColumn<HttpHeaders>("stored");
    QTest::addColumn<HttpHeaders>("request");
    QTest::addColumn<bool>("expected");

    const HttpHeaders gzip { { "Accept-Encoding", "gzip" } };
    QTest::addRow("no Vary, different requests") << QByteArray() << gzip << HttpHeaders { { "Accept", "x" } } << true;
    QTest::addRow("same value") << QByteArray("Accept-Encoding") << gzip << gzip << true;
    QTest::addRow("different value") << QByteArray("Accept-Encoding") << gzip
                                     << HttpHeaders { { "Accept-Encoding", "br" } } << false;
    QTest::addRow("whitespace differs") << QByteArray("Accept-Encoding")
                                        << HttpHeaders { { "Accept-Encoding", "gzip,br" } }
                                        << HttpHeaders { { "Accept-Encoding", " gzip ,  br " } } << true;
    QTest::addRow("one line vs two") << QByteArray("Accept-Encoding")
                                     << HttpHeaders { { "Accept-Encoding", "gzip, br" } }
                                     << HttpHeaders { { "Accept-Encoding", "gzip" }, { "accept-encoding", "br" } }
                                     << true;
    QTest::addRow("member order differs")
        << QByteArray("Accept-Encoding") << HttpHeaders { { "Accept-Encoding", "gzip, br" } }
        << HttpHeaders { { "Accept-Encoding", "br, gzip" } } << false;
    QTest::addRow("absent in both") << QByteArray("Origin") << gzip << gzip << true;
    QTest::addRow("absent vs present") << QByteArray("Origin") << gzip
                                       << HttpHeaders { { "Origin", "https://a.example" } } << false;
    QTest::addRow("absent vs empty") << QByteArray("Origin") << HttpHeaders {} << HttpHeaders { { "Origin", "" } }
                                     << false;
    QTest::addRow("empty vs whitespace") << QByteArray("Origin") << HttpHeaders { { "Origin", "" } }
                                         << HttpHeaders { { "Origin", "   " } } << true;
    QTest::addRow("header name case") << QByteArray("accept-encoding") << gzip
                                      << HttpHeaders { { "ACCEPT-ENCODING", "gzip" } } << true;
    QTest::addRow("value case matters") << QByteArray("Accept-Encoding") << gzip
                                        << HttpHeaders { { "Accept-Encoding", "GZIP" } } << false;
    QTest::addRow("star never matches") << QByteArray("*") << gzip << gzip << false;
    QTest::addRow("star with names") << QByteArray("Accept-Encoding, *") << gzip << gzip << false;
    QTest::addRow("invalid member never matches") << QByteArray("Accept Encoding") << gzip << gzip << false;
    QTest::addRow("second name differs") << QByteArray("Accept-Encoding, Origin")
                                         << HttpHeaders { { "Accept-Encoding", "gzip" }, { "Origin", "a" } }
                                         << HttpHeaders { { "Origin", "b" }, { "Accept-Encoding", "gzip" } } << false;
    QTest::addRow("unlisted header differs")
        << QByteArray("Accept-Encoding") << HttpHeaders { { "Accept-Encoding", "gzip" }, { "Cookie", "a=1" } }
        << HttpHeaders { { "Accept-Encoding", "gzip" }, { "Cookie", "a=2" } } << true;
    QTest::addRow("huge equal values") << QByteArray("X-Big") << HttpHeaders { { "X-Big", QByteArray(1 << 20, 'y') } }
                                       << HttpHeaders { { "X-Big", QByteArray(1 << 20, 'y') } } << true;
    QTest::addRow("values differing by &=") << QByteArray("X-A, X-B") << HttpHeaders { { "X-A", "1&x-b=2" } }
                                            << HttpHeaders { { "X-A", "1" }, { "X-B", "2" } } << false;
}

void tst_VaryKey::matches()
{
    QFETCH(QByteArray, vary);
    QFETCH(HttpHeaders, stored);
    QFETCH(HttpHeaders, request);
    QFETCH(bool, expected);

    const VaryKey key = VaryKey::parse(vary);
    QCOMPARE(key.matches(stored, request), expected);
    QCOMPARE(key.matches(request, stored), expected);
    // The store selects by key equality: it must agree with matches() whenever a match is possible.
    if (!key.isWildcard())
        QCOMPARE(key.secondaryKey(stored) == key.secondaryKey(request), expected);
}

void tst_VaryKey::secondaryKey_data()
{
    QTest::addColumn<QByteArray>("vary");
    QTest::addColumn<HttpHeaders>("request");
    QTest::addColumn<QByteArray>("expected");

    QTest::addRow("no Vary") << QByteArray() << HttpHeaders { { "Accept", "x" } } << QByteArray("");
    QTest::addRow("star") << QByteArray("*") << HttpHeaders {} << QByteArray("*");
    QTest::addRow("present") << QByteArray("Accept-Encoding") << HttpHeaders { { "accept-encoding", " gzip,br" } }
                             << QByteArray("accept-encoding=gzip%2C%20br");
    QTest::addRow("absent") << QByteArray("Accept-Encoding") << HttpHeaders {} << QByteArray("accept-encoding");
    QTest::addRow("empty") << QByteArray("Accept-Encoding") << HttpHeaders { { "Accept-Encoding", "" } }
                           << QByteArray("accept-encoding=");
    QTest::addRow("two names in order") << QByteArray("Origin, Accept")
                                        << HttpHeaders { { "Origin", "o" }, { "Accept", "a" } }
                                        << QByteArray("accept=a&origin=o");
    QTest::addRow("separators in value") << QByteArray("X-A") << HttpHeaders { { "X-A", "1&b=2%" } }
                                         << QByteArray("x-a=1%26b%3D2%25");
    QTest::addRow("separators in name") << QByteArray("x-a&b") << HttpHeaders { { "X-A&B", "1" } }
                                        << QByteArray("x-a%26b=1");
    QTest::addRow("non-ASCII value") << QByteArray("X-A") << HttpHeaders { { "X-A", "\xc3\xbc" } }
                                     << QByteArray("x-a=%C3%BC");
}

void tst_VaryKey::secondaryKey()
{
    QFETCH(QByteArray, vary);
    QFETCH(HttpHeaders, request);
    QFETCH(QByteArray, expected);
    QCOMPARE(VaryKey::parse(vary).secondaryKey(request), expected);
}

void tst_VaryKey::cacheKeyUrl_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QString>("expected");

    QTest::addRow("plain") << QUrl(QStringLiteral("https://example.com/a?b=1"))
                           << QStringLiteral("https://example.com/a?b=1");
    QTest::addRow("fragment dropped") << QUrl(QStringLiteral("https://example.com/a#top"))
                                      << QStringLiteral("https://example.com/a");
    QTest::addRow("empty path") << QUrl(QStringLiteral("http://example.com")) << QStringLiteral("http://example.com/");
    QTest::addRow("http default port") << QUrl(QStringLiteral("http://example.com:80/x"))
                                       << QStringLiteral("http://example.com/x");
    QTest::addRow("https default port") << QUrl(QStringLiteral("https://example.com:443/x"))
                                        << QStringLiteral("https://example.com/x");
    QTest::addRow("other port kept") << QUrl(QStringLiteral("http://example.com:443/x"))
                                     << QStringLiteral("http://example.com:443/x");
    QTest::addRow("host case") << QUrl(QStringLiteral("HTTP://Example.COM/Path"))
                               << QStringLiteral("http://example.com/Path");
    QTest::addRow("non-ASCII path") << QUrl(QStringLiteral("https://example.com/gr\u00fc\u00df"))
                                    << QStringLiteral("https://example.com/gr%C3%BC%C3%9F");
    QTest::addRow("userinfo dropped") << QUrl(QStringLiteral("http://user:secret@example.com/x"))
                                      << QStringLiteral("http://example.com/x");
    QTest::addRow("relative") << QUrl(QStringLiteral("/a/b")) << QString();
    QTest::addRow("empty") << QUrl() << QString();
    QTest::addRow("invalid") << QUrl(QStringLiteral("http://exa mple.com/"), QUrl::StrictMode) << QString();
}

void tst_VaryKey::cacheKeyUrl()
{
    QFETCH(QUrl, url);
    QFETCH(QString, expected);
    QCOMPARE(CacheScope::cacheKeyUrl(url), expected);
}

// Rows: stored variants as "id:Vary:stored Accept-Encoding:response time (s, -1 = null)", the new request's
// Accept-Encoding (null = absent), and the id that must be chosen (0 = none).
void tst_VaryKey::selectStoredResponse_data()
{
    QTest::addColumn<QStringList>("variants");
    QTest::addColumn<QByteArray>("acceptEncoding");
    QTest::addColumn<qint64>("expected");
    QTest::addRow("nothing stored") << QStringList {} << QByteArray("gzip") << qint64(0);
    QTest::addRow("no Vary selects any request")
        << QStringList { QStringLiteral("1::br:10") } << QByteArray() << qint64(1);
    QTest::addRow("Vary value matches") << QStringList { QStringLiteral("1:Accept-Encoding:gzip:10"),
        QStringLiteral("2:Accept-Encoding:br:20") }
                                        << QByteArray("gzip") << qint64(1);
    QTest::addRow("Vary value differs") << QStringList { QStringLiteral("1:Accept-Encoding:br:10") }
                                        << QByteArray("gzip") << qint64(0);
    QTest::addRow("Vary: * never selected")
        << QStringList { QStringLiteral("1:*:gzip:10") } << QByteArray("gzip") << qint64(0);
    QTest::addRow("most recent of two matches")
        << QStringList { QStringLiteral("1::gzip:30"), QStringLiteral("2:Accept-Encoding:gzip:20") }
        << QByteArray("gzip") << qint64(1);
    QTest::addRow("null time loses") << QStringList { QStringLiteral("5::gzip:-1"), QStringLiteral("2::gzip:1") }
                                     << QByteArray("gzip") << qint64(2);
    QTest::addRow("equal times: highest id")
        << QStringList { QStringLiteral("3::gzip:7"), QStringLiteral("4::gzip:7") } << QByteArray("gzip") << qint64(4);
    QTest::addRow("stored without the header, asked with it empty")
        << QStringList { QStringLiteral("1:Accept-Encoding::10") } << QByteArray("") << qint64(0);
    QTest::addRow("both without the header")
        << QStringList { QStringLiteral("1:Accept-Encoding::10") } << QByteArray() << qint64(1);
}

void tst_VaryKey::selectStoredResponse()
{
    QFETCH(QStringList, variants);
    QFETCH(QByteArray, acceptEncoding);
    QFETCH(qint64, expected);

    QList<CacheEntry> entries;
    for (const QString &row : std::as_const(variants)) {
        const QStringList parts = row.split(QLatin1Char(':'));
        CacheEntry entry;
        entry.id = parts.at(0).toLongLong();
        entry.status = 200;
        if (!parts.at(1).isEmpty())
            entry.responseHeaders.append("Vary", parts.at(1).toLatin1());
        if (!parts.at(2).isEmpty())
            entry.requestHeaders.append("Accept-Encoding", parts.at(2).toLatin1());
        const qint64 seconds = parts.at(3).toLongLong();
        if (seconds >= 0)
            entry.responseTime = QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc());
        entries.append(entry);
    }
    HttpHeaders request;
    if (!acceptEncoding.isNull())
        request.append("Accept-Encoding", acceptEncoding);
    const std::optional<CacheEntry> chosen = CacheScope::selectStoredResponse(entries, request);
    QCOMPARE(chosen ? chosen->id : qint64(0), expected);
}

QTEST_GUILESS_MAIN(tst_VaryKey)
#include "tst_varykey.moc"
