#include "diagnostics/diagnosis.h"
#include "http/httpdate.h"
#include "reference/reference.h"

#include <algorithm>
#include <QRegularExpression>
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

const QDateTime T0 = utc(2026, 6, 1, 12);
constexpr qint64 Hour = 3600;
constexpr qint64 Day = 24 * Hour;

// An HTTP-date `offset` seconds after T0 (the moment every response below arrives).
QByteArray at(qint64 offset)
{
    return formatHttpDate(T0.addSecs(offset));
}

// A GET answered at T0 with `status` and `response`; `sent` is the request's header block.
CachedExchange exchange(
    int status, const HttpHeaders &response, const HttpHeaders &sent = {}, const QByteArray &body = "new body")
{
    CachedExchange result;
    Exchange &e = result.exchange;
    e.request.url = QUrl(QStringLiteral("http://origin.test/r"));
    e.requestHeadersSent = sent;
    e.httpVersion = "HTTP/1.1";
    e.status = status;
    e.responseHeaders = response;
    if (status != 304)
        e.body = body;
    e.timing.started = T0.addMSecs(-20);
    e.timing.ttfbMs = 20;
    e.timing.totalMs = 25;
    return result;
}

CacheEntry storedEntry(const HttpHeaders &headers, const QByteArray &body = "old body")
{
    CacheEntry entry;
    entry.id = 1;
    entry.url = QUrl(QStringLiteral("http://origin.test/r"));
    entry.status = 200;
    entry.responseHeaders = headers;
    entry.body = body;
    entry.requestTime = T0.addSecs(-Hour - 1);
    entry.responseTime = T0.addSecs(-Hour);
    entry.storedAt = entry.responseTime;
    return entry;
}

CachedExchange withPrevious(CachedExchange result, const CacheEntry &previous)
{
    result.previous = previous;
    return result;
}

// A 304 freshening `previous`, as the revalidator reports it.
CachedExchange notModified(const HttpHeaders &response, const HttpHeaders &sent, const HttpHeaders &previous)
{
    CachedExchange result = exchange(304, response, sent);
    result.previous = storedEntry(previous);
    result.action = CacheAction::Updated;
    return result;
}

const HttpHeaders Plain200 { { "Date", at(0) }, { "Cache-Control", "max-age=60" }, { "ETag", "\"v1\"" },
    { "Last-Modified", at(-Day) } };

HttpHeaders with(HttpHeaders headers, const QByteArray &name, const QByteArray &value)
{
    headers.set(name, value);
    return headers;
}

HttpHeaders without(HttpHeaders headers, const QByteArray &name)
{
    headers.remove(name);
    return headers;
}

QStringList expect(std::initializer_list<const char *> codes)
{
    QStringList list;
    for (const char *code : codes)
        list.append(QString::fromLatin1(code));
    return list;
}

QStringList codesOf(const QList<TimelineNote> &notes)
{
    QStringList codes;
    for (const TimelineNote &note : notes)
        codes.append(note.code);
    return codes;
}

} // namespace

class TestDiagnosis : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void notes_data();
    void notes();
    void severityOrder();
    void noteTextNamesTheValues();
    void topicsResolve();
    void unknownCodeHasNoTopic();
};

void TestDiagnosis::notes_data()
{
    QTest::addColumn<CachedExchange>("input");
    QTest::addColumn<QStringList>("expected");

    const HttpHeaders inmV1 { { "If-None-Match", "\"v1\"" } };
    const HttpHeaders imsLm { { "If-Modified-Since", at(-Day) } };
    const QStringList none;

    // Responses that deserve no note at all
    QTest::addRow("clean 200: strong ETag, Last-Modified, max-age") << exchange(200, Plain200) << none;
    QTest::addRow("200 with a new ETag for a stale If-None-Match")
        << exchange(200, Plain200, { { "If-None-Match", "\"v0\"" } }) << none;
    QTest::addRow("200 for an If-Modified-Since before Last-Modified")
        << exchange(200, Plain200, { { "If-Modified-Since", at(-2 * Day) } }) << none;
    QTest::addRow("If-Modified-Since in the server's future may be ignored")
        << exchange(200, without(Plain200, "ETag"), { { "If-Modified-Since", at(Hour) } }) << none;
    QTest::addRow("If-Modified-Since is ignored beside a non-matching If-None-Match")
        << exchange(200, Plain200, { { "If-None-Match", "\"v0\"" }, { "If-Modified-Since", at(-Day) } }) << none;
    QTest::addRow("Expires in the past does not matter beside max-age")
        << exchange(200, with(Plain200, "Expires", at(-Hour))) << none;
    QTest::addRow("304 repeating every header with the same Content-Type")
        << notModified(with(Plain200, "Content-Type", "text/html"), inmV1, with(Plain200, "Content-Type", "text/html"))
        << expect({ "304-strong-etag-match" });
    QTest::addRow("no response") << [] {
        CachedExchange result = exchange(0, {});
        result.exchange.error = ExchangeError::ConnectionRefused;
        return result;
    }() << none;
    QTest::addRow("POST without validators") << [] {
        CachedExchange result = exchange(200, { { "Date", at(0) } });
        result.exchange.request.method = "POST";
        return result;
    }() << none;

    // Why a 304
    QTest::addRow("304 by strong ETag") << notModified(Plain200, inmV1, Plain200)
                                        << expect({ "304-strong-etag-match" });
    QTest::addRow("304 by weak ETag") << notModified(
        with(Plain200, "ETag", "W/\"v1\""), { { "If-None-Match", "W/\"v1\"" } }, with(Plain200, "ETag", "W/\"v1\""))
                                      << expect({ "304-weak-etag-match" });
    QTest::addRow("304 by weak comparison of a strong tag")
        << notModified(Plain200, { { "If-None-Match", "W/\"v1\"" } }, Plain200) << expect({ "304-weak-etag-match" });
    QTest::addRow("304 by date") << notModified(without(Plain200, "ETag"), imsLm, without(Plain200, "ETag"))
                                 << expect({ "304-date-match" });
    QTest::addRow("304 with a tag that was not sent")
        << notModified(with(Plain200, "ETag", "\"v2\""), inmV1, Plain200) << expect({ "304-etag-not-sent" });
    QTest::addRow("304 without a conditional")
        << exchange(304, { { "Date", at(0) } }) << expect({ "304-without-conditional" });
    QTest::addRow("304 that matched nothing stored") << [&] {
        CachedExchange result = exchange(304, Plain200, inmV1);
        result.action = CacheAction::Unmatched304;
        result.notModified = NotModifiedResult {};
        result.notModified->explanation = QStringLiteral("matches nothing: no stored entry");
        return result;
    }() << expect({ "304-strong-etag-match", "304-matched-nothing" });

    // Conditionals the server ignored
    QTest::addRow("200 for a matching If-None-Match") << exchange(200, Plain200, inmV1) << expect({ "inm-ignored" });
    QTest::addRow("200 for a weakly matching If-None-Match")
        << exchange(200, with(Plain200, "ETag", "W/\"v1\""), inmV1) << expect({ "inm-ignored", "etag-weak" });
    QTest::addRow("200 for If-None-Match: *")
        << exchange(200, Plain200, { { "If-None-Match", "*" } }) << expect({ "inm-ignored" });
    QTest::addRow("200 for If-Modified-Since equal to Last-Modified")
        << exchange(200, without(Plain200, "ETag"), imsLm) << expect({ "ims-ignored" });
    QTest::addRow("200 for If-Modified-Since after Last-Modified") << exchange(200, without(Plain200, "ETag"),
        { { "If-Modified-Since", at(-Hour) } }) << expect({ "ims-later-date-refused" });
    QTest::addRow("412 for a GET with If-None-Match")
        << exchange(412, { { "Date", at(0) } }, inmV1) << expect({ "precondition-failed-on-get" });

    // What the 304 carries
    QTest::addRow("304 dropping Cache-Control, Expires and Vary")
        << notModified({ { "Date", at(0) }, { "ETag", "\"v1\"" } }, inmV1,
               with(with(Plain200, "Expires", at(60)), "Vary", "Accept-Encoding"))
        << expect({ "304-strong-etag-match", "304-missing-headers" });
    QTest::addRow("304 followed by body bytes") << [&] {
        CachedExchange result = notModified(Plain200, inmV1, Plain200);
        result.exchange.protocolNotes.append(
            QStringLiteral("5 bytes arrived after the end of the response (a body on a 304?): connection closed"));
        return result;
    }() << expect({ "304-has-body", "304-strong-etag-match" });
    QTest::addRow("304 with Content-Length: 0")
        << notModified(with(Plain200, "Content-Length", "0"), inmV1, with(Plain200, "Content-Length", "1234"))
        << expect({ "304-strong-etag-match", "304-content-length-mismatch" });
    QTest::addRow("304 with another Content-Type")
        << notModified(with(Plain200, "Content-Type", "text/plain"), inmV1, with(Plain200, "Content-Type", "text/html"))
        << expect({ "304-strong-etag-match", "304-content-type" });

    QTest::addRow("304 with the strong form of a stored weak tag")
        << notModified(Plain200, { { "If-None-Match", "W/\"v1\"" } }, with(Plain200, "ETag", "W/\"v1\""))
        << expect({ "304-weak-etag-match", "304-etag-strength-differs" });

    QTest::addRow("304 with a new Last-Modified") << notModified(with(Plain200, "Last-Modified", at(-Hour)), inmV1,
        Plain200) << expect({ "304-strong-etag-match", "304-last-modified-changed" });
    QTest::addRow("304 repeating Last-Modified")
        << notModified(Plain200, inmV1, Plain200) << expect({ "304-strong-etag-match" });

    // Validators
    QTest::addRow("no validator") << exchange(200, { { "Date", at(0) }, { "Cache-Control", "max-age=60" } })
                                  << expect({ "no-validator" });
    QTest::addRow("no headers at all") << exchange(200, {}) << expect({ "no-validator" });
    QTest::addRow("unquoted ETag") << exchange(200, with(Plain200, "ETag", "abc")) << expect({ "etag-malformed" });
    QTest::addRow("ETag without closing quote")
        << exchange(200, with(Plain200, "ETag", "\"abc")) << expect({ "etag-malformed" });
    QTest::addRow("two different ETag lines") << [] {
        HttpHeaders headers = Plain200;
        headers.append("ETag", "\"v2\"");
        return exchange(200, headers);
    }() << expect({ "etag-malformed" });
    QTest::addRow("huge ETag") << exchange(200, with(Plain200, "ETag", "\"" + QByteArray(100000, 'x') + "\"")) << none;
    QTest::addRow("weak ETag") << exchange(200, with(Plain200, "ETag", "W/\"v1\"")) << expect({ "etag-weak" });
    QTest::addRow("Last-Modified not a date")
        << exchange(200, with(Plain200, "Last-Modified", "yesterday")) << expect({ "last-modified-invalid" });
    QTest::addRow("Last-Modified after Date")
        << exchange(200, with(Plain200, "Last-Modified", at(Hour))) << expect({ "last-modified-after-date" });
    QTest::addRow("Last-Modified in the future, no Date")
        << exchange(200, without(with(Plain200, "Last-Modified", at(Day)), "Date"))
        << expect({ "last-modified-future" });
    QTest::addRow("Last-Modified equal to Date")
        << exchange(200, with(Plain200, "Last-Modified", at(0))) << expect({ "last-modified-weak" });

    // Against the stored entry
    QTest::addRow("same strong ETag, other body") << withPrevious(exchange(200, Plain200),
        storedEntry(Plain200, "old body")) << expect({ "same-strong-etag-different-body" });
    QTest::addRow("new ETag, same body") << withPrevious(exchange(200, with(Plain200, "ETag", "\"v2\""), {}, "same"),
        storedEntry(Plain200, "same")) << expect({ "etag-changed-body-same" });
    QTest::addRow("same strong ETag for gzip and identity") << withPrevious(
        exchange(200, Plain200, {}, "same"), storedEntry(with(Plain200, "Content-Encoding", "gzip"), "same"))
                                                            << expect({ "etag-same-across-encodings" });
    QTest::addRow("different ETags for gzip and identity")
        << withPrevious(exchange(200, with(Plain200, "ETag", "\"v1-gz\""), {}, "same"),
               storedEntry(with(Plain200, "Content-Encoding", "gzip"), "same"))
        << expect({ "etag-changed-body-same" });

    // Freshness
    QTest::addRow("heuristic freshness") << exchange(200, without(Plain200, "Cache-Control"))
                                         << expect({ "heuristic-freshness" });
    QTest::addRow("Expires: 0 without max-age")
        << exchange(200, with(without(Plain200, "Cache-Control"), "Expires", "0")) << expect({ "expires-invalid" });
    QTest::addRow("Expires before Date without max-age")
        << exchange(200, with(without(Plain200, "Cache-Control"), "Expires", at(-Hour))) << expect({ "expires-past" });
    QTest::addRow("Age beyond max-age") << exchange(200, with(Plain200, "Age", "120"))
                                        << expect({ "age-exceeds-lifetime" });
    QTest::addRow("Age within max-age") << exchange(200, with(Plain200, "Age", "30")) << none;
    QTest::addRow("Vary: *") << exchange(200, with(Plain200, "Vary", "*")) << expect({ "vary-star" });
    QTest::addRow("no-store with validators")
        << exchange(200, with(Plain200, "Cache-Control", "no-store")) << expect({ "no-store-validators-unused" });
    QTest::addRow("no-store without validators")
        << exchange(200, { { "Date", at(0) }, { "Cache-Control", "no-store" } }) << none;
    QTest::addRow("private") << exchange(200, with(Plain200, "Cache-Control", "private, max-age=60"))
                             << expect({ "private-response" });
    QTest::addRow("no-cache with a validator")
        << exchange(200, with(Plain200, "Cache-Control", "no-cache")) << expect({ "no-cache-revalidates" });
    QTest::addRow("no-cache without a validator")
        << exchange(200, { { "Date", at(0) }, { "Cache-Control", "no-cache" } })
        << expect({ "no-validator", "no-cache-without-validator" });
    QTest::addRow("garbage If-None-Match") << exchange(200, Plain200, { { "If-None-Match", ",,, \"" } }) << none;
}

void TestDiagnosis::notes()
{
    QFETCH(CachedExchange, input);
    QFETCH(QStringList, expected);
    const QList<TimelineNote> notes = diagnoseExchange(input);
    QStringList codes = codesOf(notes);
    codes.sort();
    expected.sort();
    QCOMPARE(codes, expected);
    const QStringList known = diagnosisNoteCodes();
    static const QRegularExpression kebab(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)*$"));
    for (const TimelineNote &note : notes) {
        QVERIFY2(known.contains(note.code), qPrintable(note.code));
        QVERIFY2(kebab.match(note.code).hasMatch(), qPrintable(note.code));
        QVERIFY(note.text.size() > 20);
    }
}

void TestDiagnosis::severityOrder()
{
    // An error, a warning and an info note at once: errors come first whatever order the rules ran in.
    CachedExchange input = exchange(
        200, with(with(Plain200, "ETag", "W/\"v1\""), "Last-Modified", at(Hour)), { { "If-None-Match", "\"v1\"" } });
    const QList<TimelineNote> notes = diagnoseExchange(input);
    QCOMPARE(notes.size(), 3);
    QCOMPARE(notes.at(0).severity, NoteSeverity::Error);
    QCOMPARE(notes.at(1).severity, NoteSeverity::Warning);
    QCOMPARE(notes.at(2).severity, NoteSeverity::Info);

    QList<TimelineNote> mixed { { NoteSeverity::Info, QStringLiteral("a"), {} },
        { NoteSeverity::Error, QStringLiteral("b"), {} }, { NoteSeverity::Info, QStringLiteral("c"), {} },
        { NoteSeverity::Warning, QStringLiteral("d"), {} }, { NoteSeverity::Error, QStringLiteral("e"), {} } };
    sortNotesBySeverity(mixed);
    QCOMPARE(codesOf(mixed), (expect({ "b", "e", "d", "a", "c" })));
}

void TestDiagnosis::noteTextNamesTheValues()
{
    const QList<TimelineNote> missing = diagnoseExchange(notModified({ { "Date", at(0) }, { "ETag", "\"v1\"" } },
        { { "If-None-Match", "\"v1\"" } }, with(with(Plain200, "Expires", at(60)), "Vary", "Accept-Encoding")));
    const auto it = std::find_if(missing.begin(), missing.end(),
        [](const TimelineNote &n) { return n.code == QLatin1String("304-missing-headers"); });
    QVERIFY(it != missing.end());
    QVERIFY2(it->text.contains(QLatin1String("Cache-Control, Expires, Vary")), qPrintable(it->text));

    const QList<TimelineNote> ignored = diagnoseExchange(exchange(200, Plain200, { { "If-None-Match", "\"v1\"" } }));
    QCOMPARE(ignored.size(), 1);
    QVERIFY(ignored.first().text.contains(QLatin1String("\"v1\"")));
}

void TestDiagnosis::topicsResolve()
{
    const Reference reference;
    for (const QString &code : diagnosisNoteCodes()) {
        const QString topic = referenceTopicForNote(code);
        if (topic.isEmpty())
            continue;
        bool isNumber = false;
        const int status = topic.toInt(&isNumber);
        const bool found = isNumber ? reference.findStatus(status) != nullptr
                                    : (reference.header(topic) != nullptr || reference.directive(topic) != nullptr);
        QVERIFY2(found, qPrintable(code + QStringLiteral(" -> ") + topic));
    }
    QCOMPARE(diagnosisNoteCodes().removeDuplicates(), 0);
}

void TestDiagnosis::unknownCodeHasNoTopic()
{
    QCOMPARE(referenceTopicForNote(QStringLiteral("no-such-note")), QString());
    QCOMPARE(referenceTopicForNote(QString()), QString());
    QCOMPARE(referenceTopicForNote(QStringLiteral("304-has-body")), QStringLiteral("304"));
}

QTEST_GUILESS_MAIN(TestDiagnosis)
#include "tst_diagnosis.moc"
