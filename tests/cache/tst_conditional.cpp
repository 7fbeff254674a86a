#include "cache/conditional.h"

#include <QTest>
#include <QTimeZone>

using namespace CacheScope;

namespace {

QDateTime utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), QTimeZone::UTC);
#else
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC);
#endif
}

CacheEntry entry(const HttpHeaders &response, int status = 200)
{
    static qint64 nextId = 1;
    CacheEntry e;
    e.id = nextId++;
    e.url = QUrl(QStringLiteral("https://example.test/r"));
    e.status = status;
    e.responseHeaders = response;
    e.responseTime = utc(2026, 6, 1, 12);
    e.requestTime = e.responseTime;
    return e;
}

const QByteArray kLm = "Sun, 06 Nov 1994 08:49:37 GMT";

struct Case
{
    QList<CacheEntry> entries;
    ConditionalOptions options;
    QByteArray ifNoneMatch; // null: must not be sent
    QByteArray ifModifiedSince; // null: must not be sent
    QString note; // substring of the joined notes; empty: there must be no note
    QString reason; // substring of the joined reasons; empty: not checked
};

} // namespace

Q_DECLARE_METATYPE(Case)

namespace {

void add(const char *name, const QList<CacheEntry> &entries, const QByteArray &inm, const QByteArray &ims,
    const char *note = "", const char *reason = "", ConditionalOptions options = { true, true })
{
    QTest::addRow("%s", name) << Case { entries, options, inm, ims, QString::fromUtf8(note),
        QString::fromUtf8(reason) };
}

} // namespace

class TestConditional : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void build_data();
    void build();
    void applyAndOverride();
    void orderAndDates();
};

void TestConditional::build_data()
{
    QTest::addColumn<Case>("c");
    const QByteArray none;

    // One stored entry
    add("strong ETag", { entry({ { "ETag", "\"v1\"" } }) }, "\"v1\"", none, "", "a cache must send it");
    add("weak ETag is sent too", { entry({ { "ETag", "W/\"v1\"" } }) }, "W/\"v1\"", none, "", "weak tags are included");
    add("ETag and Last-Modified: both", { entry({ { "ETag", "\"v1\"" }, { "Last-Modified", kLm } }) }, "\"v1\"", kLm,
        "", "older intermediaries");
    add("Last-Modified only", { entry({ { "Last-Modified", kLm } }) }, none, kLm, "", "sent unchanged");
    add("Last-Modified with OWS is trimmed", { entry({ { "Last-Modified", "  " + kLm + " " } }) }, none, kLm);
    add("RFC 850 Last-Modified is rewritten", { entry({ { "Last-Modified", "Sunday, 06-Nov-94 08:49:37 GMT" } }) },
        none, kLm, "", "rewritten as IMF-fixdate");
    add("asctime Last-Modified is rewritten", { entry({ { "Last-Modified", "Sun Nov  6 08:49:37 1994" } }) }, none, kLm,
        "", "obsolete asctime");
    add("lower-case month is sent unchanged", { entry({ { "Last-Modified", "Sun, 06 nov 1994 08:49:37 GMT" } }) }, none,
        "Sun, 06 nov 1994 08:49:37 GMT");
    add("invalid Last-Modified is not used", { entry({ { "Last-Modified", "yesterday" } }) }, none, none,
        "cannot be used for If-Modified-Since");
    add("Last-Modified 0", { entry({ { "Last-Modified", "0" }, { "ETag", "\"x\"" } }) }, "\"x\"", none,
        "cannot be used");
    add("comma inside a tag", { entry({ { "ETag", "\"a,b\"" } }) }, "\"a,b\"", none);
    add("malformed tag echoed verbatim (httpbin)", { entry({ { "ETag", "abc" } }) }, "abc", none, "sent back verbatim",
        "malformed tag(s) echoed");
    add("malformed tag left out on request", { entry({ { "ETag", "abc" } }) }, none, none, "left out", "",
        { false, true });
    add("empty ETag is left out", { entry({ { "ETag", "" }, { "Last-Modified", kLm } }) }, none, kLm, "left out");
    add("If-Modified-Since turned off", { entry({ { "ETag", "\"v1\"" }, { "Last-Modified", kLm } }) }, "\"v1\"", none,
        "turned off", "", { true, false });
    add("partial entry is skipped", { entry({ { "ETag", "\"p\"" } }, 206) }, none, none, "partial content");
    add("no validators", { entry({ { "Content-Type", "text/plain" } }) }, none, none, "would be unconditional");
    add("no entries", {}, none, none, "no stored entries");

    // Several stored variants for one key
    add("three variants, every tag",
        {
            entry({ { "ETag", "\"a\"" } }),
            entry({ { "ETag", "W/\"b\"" } }),
            entry({ { "ETag", "\"c\"" } }),
        },
        "\"a\", W/\"b\", \"c\"", none, "", "all 3 stored entity tags");
    add("same tag twice is sent once",
        {
            entry({ { "ETag", "\"a\"" } }),
            entry({ { "ETag", "\"a\"" } }),
        },
        "\"a\"", none, "sent once");
    add("weak and strong forms are both sent",
        {
            entry({ { "ETag", "\"a\"" } }),
            entry({ { "ETag", "W/\"a\"" } }),
        },
        "\"a\", W/\"a\"", none);
    add("variants sharing Last-Modified",
        {
            entry({ { "ETag", "\"a\"" }, { "Last-Modified", kLm } }),
            entry({ { "ETag", "\"b\"" }, { "Last-Modified", kLm } }),
        },
        "\"a\", \"b\"", kLm);
    add("variants with different Last-Modified",
        {
            entry({ { "ETag", "\"a\"" }, { "Last-Modified", kLm } }),
            entry({ { "ETag", "\"b\"" }, { "Last-Modified", "Mon, 07 Nov 1994 08:49:37 GMT" } }),
        },
        "\"a\", \"b\"", none, "different Last-Modified dates");
    add("same instant, different formats",
        {
            entry({ { "Last-Modified", kLm } }),
            entry({ { "Last-Modified", "Sunday, 06-Nov-94 08:49:37 GMT" } }),
        },
        none, kLm);
    add("one variant without Last-Modified",
        {
            entry({ { "ETag", "\"a\"" } }),
            entry({ { "ETag", "\"b\"" }, { "Last-Modified", kLm } }),
        },
        "\"a\", \"b\"", kLm);
    add("mixed valid, malformed and partial",
        {
            entry({ { "ETag", "\"a\"" } }),
            entry({ { "ETag", "w/\"b\"" } }),
            entry({ { "ETag", "\"c\"" } }, 206),
        },
        "\"a\", w/\"b\"", none, "upper-case W/");
}

void TestConditional::build()
{
    QFETCH(Case, c);
    const ConditionalRequest r = buildConditionalRequest(c.entries, c.options);
    const HttpHeaders headers = r.headers();
    QCOMPARE(headers.first("If-None-Match"), c.ifNoneMatch);
    QCOMPARE(headers.contains("If-None-Match"), !c.ifNoneMatch.isNull());
    QCOMPARE(headers.first("If-Modified-Since"), c.ifModifiedSince);
    QCOMPARE(headers.contains("If-Modified-Since"), !c.ifModifiedSince.isNull());
    QCOMPARE(headers.size(), r.fields.size());
    QCOMPARE(r.isConditional(), !r.fields.isEmpty());
    QCOMPARE(r.ifModifiedSince.isValid(), !c.ifModifiedSince.isNull());
    if (r.ifModifiedSince.isValid())
        QCOMPARE(r.ifModifiedSince, utc(1994, 11, 6, 8, 49, 37));
    // If-None-Match comes first, and every field explains itself.
    if (headers.size() == 2)
        QCOMPARE(r.fields.first().name, QByteArray("If-None-Match"));
    QStringList reasons;
    for (const ConditionalField &f : r.fields) {
        QVERIFY(!f.reason.isEmpty());
        reasons.append(f.reason);
    }
    if (!c.reason.isEmpty())
        QVERIFY2(reasons.join(u'|').contains(c.reason), qPrintable(reasons.join(u'|')));
    if (c.note.isEmpty())
        QVERIFY2(r.notes.isEmpty(), qPrintable(r.notes.join(u'|')));
    else
        QVERIFY2(r.notes.join(u'|').contains(c.note), qPrintable(r.notes.join(u'|')));
}

void TestConditional::applyAndOverride()
{
    ConditionalRequest r = buildConditionalRequest({ entry({ { "ETag", "\"v1\"" }, { "Last-Modified", kLm } }) });
    QCOMPARE(r.entityTags.size(), 1);
    QCOMPARE(r.entityTags.first().opaque, QByteArray("v1"));

    HttpHeaders request { { "Accept", "*/*" }, { "if-none-match", "\"old\"" }, { "If-Modified-Since", "x" },
        { "If-None-Match", "\"older\"" } };
    r.applyTo(request);
    QCOMPARE(request.values("If-None-Match"), QList<QByteArray> { "\"v1\"" });
    QCOMPARE(request.values("If-Modified-Since"), QList<QByteArray> { kLm });
    QCOMPARE(request.first("Accept"), QByteArray("*/*"));
    QCOMPARE(request.size(), 3);

    // The caller overrides: drop If-Modified-Since, then apply.
    r.fields.removeLast();
    r.applyTo(request);
    QVERIFY(!request.contains("If-Modified-Since"));
    QCOMPARE(request.size(), 2);

    // Nothing to send: applying removes stale preconditions.
    buildConditionalRequest({}).applyTo(request);
    QVERIFY(!request.contains("If-None-Match"));
    QCOMPARE(request.size(), 1);
}

void TestConditional::orderAndDates()
{
    // Tags keep the order of the entries, not of their freshness or ids.
    QList<CacheEntry> entries { entry({ { "ETag", "\"z\"" } }), entry({ { "ETag", "\"a\"" } }) };
    entries.first().id = 99;
    const ConditionalRequest r = buildConditionalRequest(entries);
    QCOMPARE(r.headers().first("If-None-Match"), QByteArray("\"z\", \"a\""));
    QCOMPARE(r.entityTags.at(1).opaque, QByteArray("a"));
}

QTEST_GUILESS_MAIN(TestConditional)
#include "tst_conditional.moc"
