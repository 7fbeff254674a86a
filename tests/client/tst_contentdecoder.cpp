#include "http/contentdecoder.h"

#include <QTest>

#include <zlib.h>

using namespace CacheScope;

// Compresses with zlib; windowBits selects the wrapper (gzip: 31, zlib: 15, raw: -15).
static QByteArray compress(const QByteArray &data, int windowBits)
{
    z_stream z {};
    deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&z, uLong(data.size()))) + 32, Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return out;
}

class tst_ContentDecoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decode_data();
    void decode();
    void identityAndUnsupported();
    void bombIsStopped();
    void piecewise();
};

void tst_ContentDecoder::decode_data()
{
    QTest::addColumn<QByteArray>("encoding");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray text = QByteArray("CacheScope ").repeated(500);
    QTest::addRow("gzip") << QByteArray("gzip") << compress(text, 31) << true << text;
    QTest::addRow("x-gzip uppercase") << QByteArray(" X-GZIP ") << compress(text, 31) << true << text;
    QTest::addRow("deflate zlib-wrapped") << QByteArray("deflate") << compress(text, 15) << true << text;
    QTest::addRow("deflate raw") << QByteArray("deflate") << compress(text, -15) << true << text;
    QTest::addRow("invalid gzip") << QByteArray("gzip") << QByteArray("this is not gzip at all") << false << QByteArray();
    QTest::addRow("truncated gzip") << QByteArray("gzip") << compress(text, 31).left(20) << false << QByteArray();
    QByteArray trailing = compress(text, 31) + "junk";
    QTest::addRow("garbage after stream") << QByteArray("gzip") << trailing << false << QByteArray();
}

void tst_ContentDecoder::decode()
{
    QFETCH(QByteArray, encoding);
    QFETCH(QByteArray, input);
    QFETCH(bool, ok);
    QFETCH(QByteArray, expected);
    auto decoder = ContentDecoder::create(encoding, 64 * 1024 * 1024);
    QVERIFY(decoder);
    QVERIFY(decoder->isSupported());
    QByteArray out;
    const bool result = decoder->decode(input, out) && decoder->finish();
    QCOMPARE(result, ok);
    if (ok)
        QCOMPARE(out, expected);
    else
        QVERIFY(!decoder->errorString().isEmpty());
}

void tst_ContentDecoder::identityAndUnsupported()
{
    QVERIFY(!ContentDecoder::create("", 100));
    QVERIFY(!ContentDecoder::create("identity", 100));
    auto br = ContentDecoder::create("br", 100);
    QVERIFY(br);
    QVERIFY(!br->isSupported());
    auto chain = ContentDecoder::create("gzip, br", 100);
    QVERIFY(chain && !chain->isSupported());
}

void tst_ContentDecoder::bombIsStopped()
{
    const QByteArray zeros(64 * 1024 * 1024, '\0'); // 64 MiB of zeros compress to ~64 KiB
    const QByteArray bomb = compress(zeros, 31);
    QVERIFY(bomb.size() < 1024 * 1024);
    auto decoder = ContentDecoder::create("gzip", 8 * 1024 * 1024);
    QByteArray out;
    QVERIFY(!decoder->decode(bomb, out));
    QVERIFY(decoder->errorString().contains(QLatin1String("limit")));
    QVERIFY(out.size() <= 8 * 1024 * 1024);
}

void tst_ContentDecoder::piecewise()
{
    const QByteArray text = QByteArray("piece by piece ").repeated(1000);
    const QByteArray gz = compress(text, 31);
    auto decoder = ContentDecoder::create("gzip", 1024 * 1024);
    QByteArray out;
    for (qsizetype i = 0; i < gz.size(); i += 7)
        QVERIFY(decoder->decode(gz.mid(i, 7), out));
    QVERIFY(decoder->finish());
    QCOMPARE(out, text);
}

QTEST_GUILESS_MAIN(tst_ContentDecoder)
#include "tst_contentdecoder.moc"
