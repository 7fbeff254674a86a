// The demo origin's conditional requests (RFC 9110 §13), correct and deliberately broken, and the scenarios
// whose point is what revalidation saves: changing content, gzip variants, the large resource, the
// load-balanced instances.

#include "demo/demoorigin.h"
#include "demohttp.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>
#include <zlib.h>

using namespace CacheScope;
using DemoTest::Fields;

namespace {

const QDateTime fixedNow(QDate(2025, 3, 1), QTime(12, 0, 0), QTimeZone::utc());
const QByteArray published = "Mon, 15 Jan 2024 09:30:00 GMT";

// "{etag}" becomes the current tag, "{opaque}" the tag without quotes and W/, "{upper}" the tag upper-cased.
QByteArray substitute(QByteArray text, const QByteArray &etag)
{
    QByteArray opaque = etag;
    if (opaque.startsWith("W/"))
        opaque = opaque.mid(2);
    opaque = opaque.mid(1, opaque.size() - 2);
    return text.replace("{etag}", etag).replace("{opaque}", opaque).replace("{upper}", etag.toUpper());
}

QByteArray gunzip(const QByteArray &data, bool *ok)
{
    z_stream stream {};
    *ok = false;
    if (inflateInit2(&stream, 15 + 16) != Z_OK) // gzip wrapper only: a zlib or raw stream must fail
        return {};
    QByteArray output(1024 * 1024, Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(output.data());
    stream.avail_out = uInt(output.size());
    const int result = inflate(&stream, Z_FINISH);
    output.truncate(qsizetype(stream.total_out));
    *ok = result == Z_STREAM_END && stream.avail_in == 0;
    inflateEnd(&stream);
    return output;
}

} // namespace

class TestDemoConditionals : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void ifNoneMatch_data();
    void ifNoneMatch();
    void ifNoneMatchRepeatedFields();
    void notModifiedHeaders_data();
    void notModifiedHeaders();
    void ifModifiedSince_data();
    void ifModifiedSince();
    void ifMatchAndIfUnmodifiedSince_data();
    void ifMatchAndIfUnmodifiedSince();
    void statusScenariosIgnorePreconditions_data();
    void statusScenariosIgnorePreconditions();
    void changingContent_data();
    void changingContent();
    void changingRejectsBadPeriod_data();
    void changingRejectsBadPeriod();
    void gzip_data();
    void gzip();
    void largeResource();
    void loadBalanced_data();
    void loadBalanced();
    void ignoresIfNoneMatch();

private:
    DemoTest::Reply get(const QByteArray &target, const Fields &headers = {})
    {
        return DemoTest::exchange(m_origin->port(), "GET", target, headers);
    }
    QByteArray etagOf(const QByteArray &target)
    {
        const auto reply = get(target);
        return reply.complete ? reply.header("ETag") : QByteArray();
    }

    std::unique_ptr<DemoOrigin> m_origin;
    QDateTime m_now;
};

void TestDemoConditionals::init()
{
    m_now = fixedNow;
    m_origin = std::make_unique<DemoOrigin>();
    m_origin->setClock([this] { return m_now; });
    QString error;
    QVERIFY2(m_origin->start(0, &error), qPrintable(error));
}

void TestDemoConditionals::cleanup()
{
    m_origin.reset();
}

void TestDemoConditionals::ifNoneMatch_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("ifNoneMatch");
    QTest::addColumn<int>("status");

    const QByteArray strong = "/validators/strong-etag";
    QTest::addRow("exact tag") << strong << QByteArray("{etag}") << 304;
    QTest::addRow("weak form of a strong tag") << strong << QByteArray("W/{etag}") << 304;
    QTest::addRow("last in a list") << strong << QByteArray("\"a\", W/\"b\", {etag}") << 304;
    QTest::addRow("first in a list") << strong << QByteArray("{etag},\"zzz\"") << 304;
    QTest::addRow("empty list elements") << strong << QByteArray(" , ,{etag} ,, ") << 304;
    QTest::addRow("whitespace around") << strong << QByteArray("  \t{etag}\t ") << 304;
    QTest::addRow("star") << strong << QByteArray("*") << 304;
    QTest::addRow("star with spaces") << strong << QByteArray("  *  ") << 304;
    QTest::addRow("other tag") << strong << QByteArray("\"other\"") << 200;
    QTest::addRow("tag without quotes") << strong << QByteArray("{opaque}") << 200;
    QTest::addRow("prefix of the tag") << strong << QByteArray("\"strong\"") << 200;
    QTest::addRow("case differs") << strong << QByteArray("{upper}") << 200;
    QTest::addRow("empty value") << strong << QByteArray("") << 200;
    QTest::addRow("only commas") << strong << QByteArray(",,,") << 200;
    QTest::addRow("star in quotes is a tag") << strong << QByteArray("\"*\"") << 200;
    QTest::addRow("star mixed with a tag is malformed") << strong << QByteArray("*, {etag}") << 200;
    QTest::addRow("malformed member spoils the list") << strong << QByteArray("{etag}, garbage") << 200;
    QTest::addRow("unterminated quote") << strong << QByteArray("\"{opaque}") << 200;
    QTest::addRow("lower-case w/") << strong << QByteArray("w/{etag}") << 200;
    QTest::addRow("non-ASCII tag") << strong << QByteArray("\"\xc3\xa9t\xc3\xa9\"") << 200;
    QTest::addRow("control character in tag") << strong << QByteArray("\"a\x01z\"") << 200;
    QTest::addRow("10000 tags, none matching") << strong << QByteArray("\"x\", ").repeated(10000) + "\"y\"" << 200;
    QTest::addRow("10000 tags, last matching") << strong << QByteArray("\"x\", ").repeated(10000) + "{etag}" << 304;

    const QByteArray weak = "/validators/weak-etag";
    QTest::addRow("weak tag") << weak << QByteArray("W/\"weak-v1\"") << 304;
    QTest::addRow("strong form of a weak tag") << weak << QByteArray("\"weak-v1\"") << 304;
    QTest::addRow("other weak tag") << weak << QByteArray("W/\"weak-v2\"") << 200;

    QTest::addRow("no validator, tag") << QByteArray("/validators/none") << QByteArray("\"anything\"") << 200;
    QTest::addRow("no validator, star") << QByteArray("/validators/none") << QByteArray("*") << 304;
    QTest::addRow("last-modified only, star") << QByteArray("/validators/last-modified") << QByteArray("*") << 304;
    QTest::addRow("index page") << QByteArray("/") << QByteArray("{etag}") << 304;
}

void TestDemoConditionals::ifNoneMatch()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, ifNoneMatch);
    QFETCH(int, status);
    const QByteArray etag = etagOf(path);
    const auto reply = get(path, { { "If-None-Match", substitute(ifNoneMatch, etag) } });
    DEMO_VERIFY_REPLY(reply);
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.statusLine, status == 304 ? QByteArray("HTTP/1.1 304 Not Modified") : QByteArray("HTTP/1.1 200 OK"));
    if (status == 304) {
        QVERIFY(reply.body.isEmpty());
        QVERIFY(!reply.has("Content-Length"));
    }
    const auto head
        = DemoTest::exchange(m_origin->port(), "HEAD", path, { { "If-None-Match", substitute(ifNoneMatch, etag) } });
    DEMO_VERIFY_REPLY(head);
    QCOMPARE(head.status, status);
}

void TestDemoConditionals::ifNoneMatchRepeatedFields()
{
    // Two If-None-Match fields are one list (RFC 9110 §5.3), whichever of them holds the tag.
    const QByteArray etag = etagOf("/validators/strong-etag");
    const auto first = get("/validators/strong-etag", { { "If-None-Match", etag }, { "If-None-Match", "\"zzz\"" } });
    DEMO_VERIFY_REPLY(first);
    QCOMPARE(first.status, 304);
    const auto second = get("/validators/strong-etag", { { "If-None-Match", "\"zzz\"" }, { "If-None-Match", etag } });
    DEMO_VERIFY_REPLY(second);
    QCOMPARE(second.status, 304);
}

void TestDemoConditionals::notModifiedHeaders_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<Fields>("request");
    QTest::addColumn<QByteArrayList>("kept"); // present in the 304 with the 200's value
    QTest::addColumn<QByteArrayList>("dropped"); // absent from the 304

    const QByteArrayList content { "Content-Type", "Content-Length", "Content-Encoding" };
    QTest::addRow("strong etag") << QByteArray("/validators/strong-etag") << Fields { { "If-None-Match", "{etag}" } }
                                 << QByteArrayList { "Cache-Control", "ETag" }
                                 << content + QByteArrayList { "Last-Modified" };
    QTest::addRow("both validators: Last-Modified not repeated")
        << QByteArray("/validators/both") << Fields { { "If-None-Match", "{etag}" } }
        << QByteArrayList { "Cache-Control", "ETag" } << content + QByteArrayList { "Last-Modified" };
    QTest::addRow("last-modified only: Last-Modified repeated")
        << QByteArray("/validators/last-modified") << Fields { { "If-Modified-Since", published } }
        << QByteArrayList { "Cache-Control", "Last-Modified" } << content + QByteArrayList { "ETag" };
    QTest::addRow("max-age") << QByteArray("/cache/max-age") << Fields { { "If-None-Match", "{etag}" } }
                             << QByteArrayList { "Cache-Control", "ETag" } << content;
    QTest::addRow("vary, gzip") << QByteArray("/vary/accept-encoding")
                                << Fields { { "Accept-Encoding", "gzip" }, { "If-None-Match", "{etag}" } }
                                << QByteArrayList { "Cache-Control", "Vary", "ETag" } << content;
    QTest::addRow("load-balanced keeps the instance")
        << QByteArray("/bugs/load-balanced") << Fields { { "If-None-Match", "*" } }
        << QByteArrayList { "Cache-Control", "X-Demo-Instance" } << content;
    QTest::addRow("bug: 304 drops headers")
        << QByteArray("/bugs/304-drops-headers") << Fields { { "If-None-Match", "{etag}" } }
        << QByteArrayList { "ETag" } << content + QByteArrayList { "Cache-Control", "Expires", "Vary" };
}

void TestDemoConditionals::notModifiedHeaders()
{
    QFETCH(QByteArray, path);
    QFETCH(Fields, request);
    QFETCH(QByteArrayList, kept);
    QFETCH(QByteArrayList, dropped);

    const Fields negotiation = request.first().first == "Accept-Encoding" ? Fields { request.first() } : Fields {};
    const auto full = get(path, negotiation);
    DEMO_VERIFY_REPLY(full);
    QCOMPARE(full.status, 200);
    for (auto &field : request)
        field.second = substitute(field.second, full.header("ETag"));
    const auto notModified = get(path, request);
    DEMO_VERIFY_REPLY(notModified);
    QCOMPARE(notModified.statusLine, QByteArray("HTTP/1.1 304 Not Modified"));
    QCOMPARE(notModified.header("Date"), QByteArray("Sat, 01 Mar 2025 12:00:00 GMT"));
    for (const QByteArray &name : kept) {
        QVERIFY2(full.has(name), name.constData());
        if (name != "X-Demo-Instance") // the next instance answered
            QCOMPARE(notModified.header(name), full.header(name));
        QVERIFY2(notModified.has(name), name.constData());
    }
    for (const QByteArray &name : dropped)
        QVERIFY2(!notModified.has(name), name.constData());
}

void TestDemoConditionals::ifModifiedSince_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<Fields>("request");
    QTest::addColumn<int>("status");

    const QByteArray lm = "/validators/last-modified";
    auto ims = [](const char *value) { return Fields { { "If-Modified-Since", value } }; };
    QTest::addRow("same date") << lm << ims(published) << 304;
    QTest::addRow("one second later") << lm << ims("Mon, 15 Jan 2024 09:30:01 GMT") << 304;
    QTest::addRow("a year later") << lm << ims("Wed, 15 Jan 2025 09:30:00 GMT") << 304;
    QTest::addRow("one second earlier") << lm << ims("Mon, 15 Jan 2024 09:29:59 GMT") << 200;
    QTest::addRow("RFC 850, same date") << lm << ims("Monday, 15-Jan-24 09:30:00 GMT") << 304;
    QTest::addRow("RFC 850, earlier") << lm << ims("Sunday, 14-Jan-24 09:30:00 GMT") << 200;
    QTest::addRow("asctime, same date") << lm << ims("Mon Jan 15 09:30:00 2024") << 304;
    QTest::addRow("asctime, one-digit day") << lm << ims("Tue Jan  2 00:00:00 2024") << 200;
    QTest::addRow("asctime, later one-digit day") << lm << ims("Fri Feb  2 00:00:00 2024") << 304;
    QTest::addRow("leap second, later") << lm << ims("Mon, 15 Jan 2024 23:59:60 GMT") << 304;
    QTest::addRow("garbage") << lm << ims("yesterday") << 200;
    QTest::addRow("empty") << lm << ims("") << 200;
    QTest::addRow("lower-case gmt") << lm << ims("Mon, 15 Jan 2024 09:30:00 gmt") << 200;
    QTest::addRow("two dates") << lm << ims("Mon, 15 Jan 2024 09:30:00 GMT, Mon, 15 Jan 2024 09:30:00 GMT") << 200;
    QTest::addRow("31 February") << lm << ims("Sat, 31 Feb 2024 09:30:00 GMT") << 200;
    QTest::addRow("hour 24") << lm << ims("Mon, 15 Jan 2024 24:00:00 GMT") << 200;
    QTest::addRow("huge year") << lm << ims("Mon, 15 Jan 99999 09:30:00 GMT") << 200;
    QTest::addRow("non-ASCII") << lm << ims("Mon, 15 J\xc3\xa4n 2024 09:30:00 GMT") << 200;
    QTest::addRow("unix seconds") << lm << ims("1705311000") << 200;

    QTest::addRow("both: IMS ignored under a stale tag")
        << QByteArray("/validators/both")
        << Fields { { "If-None-Match", "\"stale\"" }, { "If-Modified-Since", published } } << 200;
    QTest::addRow("both: tag wins over an old date")
        << QByteArray("/validators/both")
        << Fields { { "If-None-Match", "{etag}" }, { "If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT" } } << 304;
    QTest::addRow("both: date alone") << QByteArray("/validators/both") << ims(published) << 304;
    QTest::addRow("no validator: date alone") << QByteArray("/validators/none") << ims(published) << 200;

    const QByteArray bug = "/bugs/ims-equality";
    QTest::addRow("bug: same date") << bug << ims(published) << 304;
    QTest::addRow("bug: later date gets 200") << bug << ims("Mon, 15 Jan 2024 09:30:01 GMT") << 200;
    QTest::addRow("bug: earlier date") << bug << ims("Mon, 15 Jan 2024 09:29:59 GMT") << 200;
    QTest::addRow("bug: same instant as RFC 850") << bug << ims("Monday, 15-Jan-24 09:30:00 GMT") << 304;
}

void TestDemoConditionals::ifModifiedSince()
{
    QFETCH(QByteArray, path);
    QFETCH(Fields, request);
    QFETCH(int, status);
    const QByteArray etag = etagOf(path);
    for (auto &field : request)
        field.second = substitute(field.second, etag);
    const auto reply = get(path, request);
    DEMO_VERIFY_REPLY(reply);
    QCOMPARE(reply.status, status);
    const auto head = DemoTest::exchange(m_origin->port(), "HEAD", path, request);
    DEMO_VERIFY_REPLY(head);
    QCOMPARE(head.status, status);
}

void TestDemoConditionals::ifMatchAndIfUnmodifiedSince_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<Fields>("request");
    QTest::addColumn<int>("status");

    const QByteArray both = "/validators/both";
    QTest::addRow("If-Match, same tag") << both << Fields { { "If-Match", "{etag}" } } << 200;
    QTest::addRow("If-Match, star") << both << Fields { { "If-Match", "*" } } << 200;
    QTest::addRow("If-Match, other tag") << both << Fields { { "If-Match", "\"other\"" } } << 412;
    QTest::addRow("If-Match, weak form: strong comparison fails")
        << both << Fields { { "If-Match", "W/{etag}" } } << 412;
    QTest::addRow("If-Match against a weak tag")
        << QByteArray("/validators/weak-etag") << Fields { { "If-Match", "W/\"weak-v1\"" } } << 412;
    QTest::addRow("If-Unmodified-Since, later")
        << both << Fields { { "If-Unmodified-Since", "Tue, 16 Jan 2024 00:00:00 GMT" } } << 200;
    QTest::addRow("If-Unmodified-Since, earlier")
        << both << Fields { { "If-Unmodified-Since", "Sun, 14 Jan 2024 00:00:00 GMT" } } << 412;
    QTest::addRow("If-Unmodified-Since ignored under If-Match")
        << both << Fields { { "If-Match", "{etag}" }, { "If-Unmodified-Since", "Sun, 14 Jan 2024 00:00:00 GMT" } }
        << 200;
    QTest::addRow("If-Unmodified-Since, garbage") << both << Fields { { "If-Unmodified-Since", "soon" } } << 200;
    QTest::addRow("412 beats 304") << both << Fields { { "If-Match", "\"other\"" }, { "If-None-Match", "{etag}" } }
                                   << 412;
    QTest::addRow("If-Match passes, then If-None-Match gives 304")
        << both << Fields { { "If-Match", "{etag}" }, { "If-None-Match", "{etag}" } } << 304;
}

void TestDemoConditionals::ifMatchAndIfUnmodifiedSince()
{
    QFETCH(QByteArray, path);
    QFETCH(Fields, request);
    QFETCH(int, status);
    const QByteArray etag = etagOf(path);
    for (auto &field : request)
        field.second = substitute(field.second, etag);
    const auto reply = get(path, request);
    DEMO_VERIFY_REPLY(reply);
    QCOMPARE(reply.status, status);
    if (status == 412)
        QCOMPARE(reply.statusLine, QByteArray("HTTP/1.1 412 Precondition Failed"));
}

void TestDemoConditionals::statusScenariosIgnorePreconditions_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("status");
    QTest::addRow("301") << QByteArray("/status/301") << 301;
    QTest::addRow("404") << QByteArray("/status/404") << 404;
    QTest::addRow("503") << QByteArray("/status/503") << 503;
    QTest::addRow("unknown path") << QByteArray("/missing") << 404;
}

void TestDemoConditionals::statusScenariosIgnorePreconditions()
{
    // §13.1: preconditions are ignored when the unconditional answer would not be 2xx.
    QFETCH(QByteArray, path);
    QFETCH(int, status);
    const auto reply = get(path, { { "If-None-Match", "*" }, { "If-Match", "\"nope\"" } });
    DEMO_VERIFY_REPLY(reply);
    QCOMPARE(reply.status, status);
}

void TestDemoConditionals::changingContent_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<qint64>("period");
    QTest::addColumn<qint64>("offset"); // seconds from fixedNow to the first request

    QTest::addRow("default period") << QByteArray() << qint64(10) << qint64(0);
    QTest::addRow("every second") << QByteArray("?every=1") << qint64(1) << qint64(0);
    QTest::addRow("7 s, unaligned start") << QByteArray("?every=7") << qint64(7) << qint64(3);
    QTest::addRow("a minute") << QByteArray("?every=60") << qint64(60) << qint64(59);
    QTest::addRow("a day") << QByteArray("?every=86400") << qint64(86400) << qint64(12345);
    QTest::addRow("leading zeros") << QByteArray("?every=0005") << qint64(5) << qint64(0);
    QTest::addRow("repeated parameter: first wins") << QByteArray("?every=4&every=999") << qint64(4) << qint64(1);
}

void TestDemoConditionals::changingContent()
{
    QFETCH(QByteArray, query);
    QFETCH(qint64, period);
    QFETCH(qint64, offset);
    const QByteArray target = "/validators/changing" + query;

    m_now = fixedNow.addSecs(offset);
    const auto first = get(target);
    DEMO_VERIFY_REPLY(first);
    QCOMPARE(first.status, 200);
    const qint64 start = m_now.toSecsSinceEpoch();
    const qint64 left = period - start % period;
    QCOMPARE(first.header("Cache-Control"), "max-age=" + QByteArray::number(left));
    const QByteArray changedAt = first.header("Last-Modified");
    const QByteArray etag = first.header("ETag");

    // Still in the same period: the tag and the date both say "not modified".
    m_now = m_now.addSecs(left - 1);
    const auto same = get(target, { { "If-None-Match", etag } });
    DEMO_VERIFY_REPLY(same);
    QCOMPARE(same.status, 304);
    QCOMPARE(same.header("Cache-Control"), QByteArray("max-age=1"));
    const auto sameByDate = get(target, { { "If-Modified-Since", changedAt } });
    DEMO_VERIFY_REPLY(sameByDate);
    QCOMPARE(sameByDate.status, 304);

    // One second later the content has moved on.
    m_now = m_now.addSecs(1);
    const auto changed = get(target, { { "If-None-Match", etag } });
    DEMO_VERIFY_REPLY(changed);
    QCOMPARE(changed.status, 200);
    QVERIFY(changed.header("ETag") != etag);
    QCOMPARE(changed.header("Cache-Control"), "max-age=" + QByteArray::number(period));
    QVERIFY(changed.body != first.body);
    const auto changedByDate = get(target, { { "If-Modified-Since", changedAt } });
    DEMO_VERIFY_REPLY(changedByDate);
    QCOMPARE(changedByDate.status, 200);
    QCOMPARE(QJsonDocument::fromJson(changed.body).object().value(QStringLiteral("changesEverySeconds")).toInteger(),
        period);
}

void TestDemoConditionals::changingRejectsBadPeriod_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addRow("zero") << QByteArray("every=0");
    QTest::addRow("negative") << QByteArray("every=-1");
    QTest::addRow("letters") << QByteArray("every=abc");
    QTest::addRow("empty") << QByteArray("every=");
    QTest::addRow("no value") << QByteArray("every");
    QTest::addRow("above a day") << QByteArray("every=86401");
    QTest::addRow("huge") << QByteArray("every=99999999999999999999");
    QTest::addRow("decimal") << QByteArray("every=5.0");
    QTest::addRow("exponent") << QByteArray("every=1e3");
    QTest::addRow("plus sign") << QByteArray("every=%2B5");
    QTest::addRow("leading space") << QByteArray("every=%205");
    QTest::addRow("Arabic-Indic digit") << QByteArray("every=%D9%A5");
}

void TestDemoConditionals::changingRejectsBadPeriod()
{
    QFETCH(QByteArray, query);
    const auto reply = get("/validators/changing?" + query);
    DEMO_VERIFY_REPLY(reply);
    QCOMPARE(reply.statusLine, QByteArray("HTTP/1.1 400 Bad Request"));
    QCOMPARE(reply.header("Cache-Control"), QByteArray("no-store"));
    QVERIFY(!reply.has("ETag"));
    const QString message = QJsonDocument::fromJson(reply.body).object().value(QStringLiteral("error")).toString();
    QVERIFY2(message.contains(QLatin1String("every must be a whole number of seconds from 1 to 86400")),
        qPrintable(message));
}

void TestDemoConditionals::gzip_data()
{
    QTest::addColumn<QByteArray>("acceptEncoding"); // null: no header at all
    QTest::addColumn<bool>("gzipped");
    QTest::addRow("no header") << QByteArray() << false;
    QTest::addRow("gzip") << QByteArray("gzip") << true;
    QTest::addRow("browser list") << QByteArray("gzip, deflate, br, zstd") << true;
    QTest::addRow("upper case") << QByteArray("GZIP") << true;
    QTest::addRow("x-gzip") << QByteArray("x-gzip") << true;
    QTest::addRow("weighted") << QByteArray("br;q=1.0, gzip;q=0.5") << true;
    QTest::addRow("spaces around weight") << QByteArray("gzip ; q=0.8") << true;
    QTest::addRow("star") << QByteArray("*") << true;
    QTest::addRow("gzip refused") << QByteArray("gzip;q=0") << false;
    QTest::addRow("gzip refused, three decimals") << QByteArray("gzip;q=0.000") << false;
    QTest::addRow("star refused") << QByteArray("*;q=0") << false;
    QTest::addRow("explicit refusal beats star") << QByteArray("gzip;q=0, *") << false;
    QTest::addRow("identity") << QByteArray("identity") << false;
    QTest::addRow("empty") << QByteArray("") << false;
    QTest::addRow("malformed weight skipped") << QByteArray("gzip;q=lots") << false;
    QTest::addRow("weight above 1 skipped") << QByteArray("gzip;q=1.5") << false;
    QTest::addRow("deflate only") << QByteArray("deflate") << false;
    QTest::addRow("non-ASCII") << QByteArray("gz\xc3\xafp") << false;
    QTest::addRow("gzip among garbage") << QByteArray(",,;;, gzip ,=;") << true;
}

void TestDemoConditionals::gzip()
{
    QFETCH(QByteArray, acceptEncoding);
    QFETCH(bool, gzipped);
    const auto identity = get("/vary/accept-encoding");
    DEMO_VERIFY_REPLY(identity);
    const Fields request = acceptEncoding.isNull() ? Fields {} : Fields { { "Accept-Encoding", acceptEncoding } };
    const auto reply = get("/vary/accept-encoding", request);
    DEMO_VERIFY_REPLY(reply);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Vary"), QByteArray("Accept-Encoding"));
    if (!gzipped) {
        QVERIFY(!reply.has("Content-Encoding"));
        QCOMPARE(reply.body, identity.body);
        QCOMPARE(reply.header("ETag"), identity.header("ETag"));
        return;
    }
    QCOMPARE(reply.header("Content-Encoding"), QByteArray("gzip"));
    QVERIFY(reply.body.startsWith("\x1f\x8b\x08")); // gzip magic and deflate
    QVERIFY2(reply.body.size() * 4 < identity.body.size(), "gzip should shrink the repetitive text a lot");
    bool ok = false;
    QCOMPARE(gunzip(reply.body, &ok), identity.body);
    QVERIFY(ok);
    // Different bytes, so a different strong tag; and each tag revalidates only its own variant.
    const QByteArray gzipTag = reply.header("ETag");
    QCOMPARE(gzipTag, identity.header("ETag").chopped(1) + "-gzip\"");
    const auto wrongVariant
        = get("/vary/accept-encoding", request + Fields { { "If-None-Match", identity.header("ETag") } });
    DEMO_VERIFY_REPLY(wrongVariant);
    QCOMPARE(wrongVariant.status, 200);
    const auto rightVariant = get("/vary/accept-encoding", request + Fields { { "If-None-Match", gzipTag } });
    DEMO_VERIFY_REPLY(rightVariant);
    QCOMPARE(rightVariant.status, 304);
}

void TestDemoConditionals::largeResource()
{
    const auto first = get("/large");
    DEMO_VERIFY_REPLY(first);
    QCOMPARE(first.body.size(), qsizetype(4 * 1024 * 1024));
    QVERIFY(first.body.startsWith("line 000000 "));
    QVERIFY(first.body.endsWith('\n'));
    QCOMPARE(first.body.count('\n'), qsizetype(65536));
    const auto second = get("/large");
    DEMO_VERIFY_REPLY(second);
    QVERIFY(second.body == first.body); // deterministic
    QCOMPARE(second.header("ETag"), first.header("ETag"));

    const auto notModified = get("/large", { { "If-None-Match", first.header("ETag") } });
    DEMO_VERIFY_REPLY(notModified);
    QCOMPARE(notModified.status, 304);
    QVERIFY(notModified.body.isEmpty());
    const auto head = DemoTest::exchange(m_origin->port(), "HEAD", "/large");
    DEMO_VERIFY_REPLY(head);
    QCOMPARE(head.header("Content-Length"), QByteArray("4194304"));
    QVERIFY(head.body.isEmpty());
}

void TestDemoConditionals::loadBalanced_data()
{
    QTest::addColumn<int>("tagOf"); // which instance's tag the client revalidates with
    QTest::addRow("tag of instance 1") << 1;
    QTest::addRow("tag of instance 2") << 2;
    QTest::addRow("tag of instance 3") << 3;
}

void TestDemoConditionals::loadBalanced()
{
    QFETCH(int, tagOf);
    QList<QByteArray> tags;
    QByteArray body;
    for (int instance = 1; instance <= 3; ++instance) {
        const auto reply = get("/bugs/load-balanced");
        DEMO_VERIFY_REPLY(reply);
        QCOMPARE(reply.header("X-Demo-Instance"), QByteArray::number(instance));
        QVERIFY2(!tags.contains(reply.header("ETag")), reply.header("ETag").constData());
        tags.append(reply.header("ETag"));
        if (instance > 1)
            QVERIFY(reply.body == body); // same content, different tags: the bug
        body = reply.body;
    }
    // The next three requests go to instances 1, 2, 3 again: only the owner of the tag says 304.
    for (int instance = 1; instance <= 3; ++instance) {
        const auto reply = get("/bugs/load-balanced", { { "If-None-Match", tags.at(tagOf - 1) } });
        DEMO_VERIFY_REPLY(reply);
        QCOMPARE(reply.header("X-Demo-Instance"), QByteArray::number(instance));
        QCOMPARE(reply.status, instance == tagOf ? 304 : 200);
    }
    // A client that remembers all three tags gets 304 from everyone.
    for (int instance = 1; instance <= 3; ++instance) {
        const auto reply = get("/bugs/load-balanced", { { "If-None-Match", tags.join(", ") } });
        DEMO_VERIFY_REPLY(reply);
        QCOMPARE(reply.status, 304);
    }
    // Restarting starts the rotation over.
    m_origin->stop();
    QVERIFY(m_origin->start());
    const auto restarted = get("/bugs/load-balanced");
    DEMO_VERIFY_REPLY(restarted);
    QCOMPARE(restarted.header("X-Demo-Instance"), QByteArray("1"));
}

void TestDemoConditionals::ignoresIfNoneMatch()
{
    const QByteArray path = "/bugs/ignores-if-none-match";
    const auto first = get(path);
    DEMO_VERIFY_REPLY(first);
    const QByteArray etag = first.header("ETag");
    QVERIFY(!etag.isEmpty());
    const QByteArrayList conditions { etag, "*", "W/" + etag };
    for (const QByteArray &condition : conditions) {
        const auto reply = get(path, { { "If-None-Match", condition } });
        DEMO_VERIFY_REPLY(reply);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.header("ETag"), etag);
        QCOMPARE(reply.body, first.body);
    }
}

QTEST_GUILESS_MAIN(TestDemoConditionals)
#include "tst_democonditionals.moc"
