#include "cache/storability.h"

#include <QTest>

using namespace CacheScope;

namespace {

struct Case
{
    QByteArray method;
    HttpHeaders request;
    int status = 0;
    HttpHeaders response;
    bool storable = false;
    bool reusable = false;
    QString prevents; // substring of a Prevents reason; empty: there must be none
    QString allows; // substring of an Allows reason; empty: not checked
    QString note; // substring of a Note reason; empty: not checked
};

QString joined(const StorabilityDecision &d, StorabilityEffect effect)
{
    QStringList texts;
    for (const StorabilityReason &r : d.reasonsWith(effect))
        texts.append(r.rule + QStringLiteral(": ") + r.text);
    return texts.join(u'|');
}

} // namespace

Q_DECLARE_METATYPE(Case)

namespace {

void add(const char *name, const QByteArray &method, const HttpHeaders &request, int status,
    const HttpHeaders &response, bool storable, bool reusable, const char *prevents, const char *allows = "",
    const char *note = "")
{
    QTest::addRow("%s", name) << Case { method, request, status, response, storable, reusable,
        QString::fromUtf8(prevents), QString::fromUtf8(allows), QString::fromUtf8(note) };
}

} // namespace

class TestStorability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decide_data();
    void decide();
    void fromEntry();
    void understoodStatusCodes();
};

void TestStorability::decide_data()
{
    QTest::addColumn<Case>("c");
    const HttpHeaders none;

    // What makes a response storable (RFC 9111 §3, last item)
    add("200 with max-age", "GET", none, 200, { { "Cache-Control", "max-age=60" } }, true, true, "",
        "max-age gives an explicit freshness lifetime");
    add("200 bare: heuristically cacheable", "GET", none, 200, {}, true, true, "", "status 200 is heuristically");
    add("404 bare", "GET", none, 404, {}, true, true, "", "status 404 is heuristically");
    add("302 bare: nothing allows it", "GET", none, 302, {}, false, false, "nothing makes it storable");
    add("500 bare", "GET", none, 500, {}, false, false, "status 500 is not heuristically cacheable");
    add("302 with max-age", "GET", none, 302, { { "Cache-Control", "max-age=60" } }, true, true, "", "max-age");
    add("302 with Expires", "GET", none, 302, { { "Expires", "Fri, 01 Jan 2100 00:00:00 GMT" } }, true, true, "",
        "Expires gives");
    add("302 with invalid Expires", "GET", none, 302, { { "Expires", "0" } }, true, true, "", "already expired");
    add("302 with invalid max-age", "GET", none, 302, { { "Cache-Control", "max-age=-1" } }, true, true, "",
        "stored as stale");
    add("302 with public", "GET", none, 302, { { "Cache-Control", "public" } }, true, true, "", "public marks");
    add("302 with private: a private cache may", "GET", none, 302, { { "Cache-Control", "private" } }, true, true, "",
        "private cache such as CacheScope may store it");
    add("302 with only s-maxage", "GET", none, 302, { { "Cache-Control", "s-maxage=600" } }, false, false,
        "nothing makes it storable", "", "s-maxage only permits storing in shared caches");
    add("599 (unknown) with max-age", "GET", none, 599, { { "Cache-Control", "max-age=60" } }, true, true, "");

    // no-store and must-understand
    add("response no-store", "GET", none, 200, { { "Cache-Control", "no-store" } }, false, false,
        "the response says no-store");
    add("response NO-STORE with argument", "GET", none, 200, { { "Cache-Control", "NO-STORE=1" } }, false, false,
        "no-store");
    add("no-store beats max-age and public", "GET", none, 200, { { "Cache-Control", "public, max-age=600, no-store" } },
        false, false, "no-store", "public");
    add("request no-store", "GET", { { "Cache-Control", "no-store" } }, 200, { { "Cache-Control", "max-age=60" } },
        false, false, "the request says no-store");
    add("must-understand, understood status: no-store ignored", "GET", none, 200,
        { { "Cache-Control", "must-understand, no-store, max-age=60" } }, true, true, "", "max-age",
        "so no-store is ignored");
    add("must-understand, unknown status 299", "GET", none, 299, { { "Cache-Control", "must-understand, no-store" } },
        false, false, "does not implement the caching rules of status 299");
    add("must-understand without no-store, unknown status", "GET", none, 299,
        { { "Cache-Control", "must-understand, max-age=60" } }, false, false, "must-understand");
    add("must-understand, 404", "GET", none, 404, { { "Cache-Control", "must-understand, no-store" } }, true, true, "",
        "heuristically", "must-understand");

    // Status codes (final, understood)
    add("206 is not stored", "GET", none, 206, { { "Cache-Control", "max-age=60" } }, false, false,
        "206 Partial Content is not stored");
    add("304 is not stored", "GET", none, 304, { { "Cache-Control", "max-age=60" } }, false, false,
        "304 Not Modified is not stored");
    add("100 is interim", "GET", none, 100, {}, false, false, "interim (1xx)");
    add("status 0", "GET", none, 0, {}, false, false, "0 is not a valid status code");
    add("status 1000", "GET", none, 1000, { { "Cache-Control", "max-age=60" } }, false, false,
        "not a valid status code");
    add("negative status", "GET", none, -200, {}, false, false, "not a valid status code");

    // Methods
    add("POST", "POST", none, 200, { { "Cache-Control", "max-age=60" } }, false, false,
        "method POST is not understood");
    add("HEAD", "HEAD", none, 200, { { "Cache-Control", "max-age=60" } }, false, false, "GET only");
    add("lower-case get is another method", "get", none, 200, {}, false, false, "method get");
    add("empty method", "", none, 200, {}, false, false, "method is missing");
    add("non-ASCII method", "G\xc3\x89T", none, 200, {}, false, false, "is not understood");

    // Notes that do not change the answer for a private cache
    add("Authorization: a private cache may store", "GET", { { "Authorization", "Bearer x" } }, 200,
        { { "Cache-Control", "max-age=60" } }, true, true, "", "max-age", "CacheScope is a private cache");
    add("Authorization and no directives", "GET", { { "Authorization", "Basic eDp5" } }, 200, {}, true, true, "",
        "heuristically", "Authorization");
    add("no-cache is stored, revalidated on use", "GET", none, 200, { { "Cache-Control", "no-cache" } }, true, true, "",
        "heuristically", "revalidated before every reuse");
    add("Vary: * stored but never reused", "GET", none, 200,
        { { "Cache-Control", "max-age=60" }, { "Vary", "Accept, *" } }, true, false, "", "max-age",
        "never reused as is");
    add("Vary: Accept is fine", "GET", none, 200, { { "Cache-Control", "max-age=60" }, { "Vary", "Accept" } }, true,
        true, "");
    add("request Pragma: no-cache does not prevent storing", "GET", { { "Pragma", "no-cache" } }, 200,
        { { "Cache-Control", "max-age=60" } }, true, true, "");
    add("garbage Cache-Control", "GET", none, 200, { { "Cache-Control", "\"\",,=,\xff" } }, true, true, "",
        "heuristically");
}

void TestStorability::decide()
{
    QFETCH(Case, c);
    const StorabilityDecision d = decideStorability(c.method, c.request, c.status, c.response);
    const QString prevents = joined(d, StorabilityEffect::Prevents);
    QCOMPARE(d.storable, c.storable);
    QCOMPARE(d.reusable, c.reusable);
    if (c.prevents.isEmpty())
        QVERIFY2(prevents.isEmpty(), qPrintable(prevents));
    else
        QVERIFY2(prevents.contains(c.prevents), qPrintable(prevents));
    if (!c.allows.isEmpty())
        QVERIFY2(
            joined(d, StorabilityEffect::Allows).contains(c.allows), qPrintable(joined(d, StorabilityEffect::Allows)));
    if (!c.note.isEmpty())
        QVERIFY2(joined(d, StorabilityEffect::Note).contains(c.note), qPrintable(joined(d, StorabilityEffect::Note)));
    if (!d.storable)
        QVERIFY2(d.summary.startsWith(QStringLiteral("not storable: ")), qPrintable(d.summary));
    else
        QCOMPARE(
            d.summary, d.reusable ? QStringLiteral("storable") : QStringLiteral("storable (never reused: Vary: *)"));
    for (const StorabilityReason &r : d.reasons) {
        QVERIFY(!r.rule.isEmpty());
        QVERIFY(!r.text.isEmpty());
    }
}

void TestStorability::fromEntry()
{
    CacheEntry entry;
    entry.status = 200;
    entry.requestHeaders = { { "Cache-Control", "no-store" } };
    entry.responseHeaders = { { "Cache-Control", "max-age=60" } };
    QVERIFY(!decideStorability(entry).storable);
    entry.requestHeaders = {};
    QVERIFY(decideStorability(entry).storable);
    entry.method = "POST";
    QVERIFY(!decideStorability(entry).storable);
}

void TestStorability::understoodStatusCodes()
{
    QVERIFY(isStatusUnderstood(200));
    QVERIFY(isStatusUnderstood(302));
    QVERIFY(isStatusUnderstood(404));
    QVERIFY(isStatusUnderstood(504));
    QVERIFY(!isStatusUnderstood(206));
    QVERIFY(!isStatusUnderstood(304));
    QVERIFY(!isStatusUnderstood(100));
    QVERIFY(!isStatusUnderstood(299));
    QVERIFY(!isStatusUnderstood(418));
    QVERIFY(!isStatusUnderstood(599));
    QVERIFY(!isStatusUnderstood(-1));
}

QTEST_GUILESS_MAIN(TestStorability)
#include "tst_storability.moc"
