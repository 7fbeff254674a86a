#include "client/exchange.h"
#include "client/timeline.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace CacheScope;

Q_DECLARE_METATYPE(CacheScope::TimelineEvent)
Q_DECLARE_METATYPE(CacheScope::TimelineTotals)
Q_DECLARE_METATYPE(CacheScope::ContentVersion)
Q_DECLARE_METATYPE(CacheScope::ContentChange)

namespace {

TimelineEvent makeEvent(const QString &url, int status, qint64 headers, qint64 body, qint64 saved = 0)
{
    TimelineEvent e;
    e.url = QUrl(url);
    e.status = status;
    e.responseHeaderBytes = headers;
    e.responseBodyWireBytes = body;
    e.bytesSaved = saved;
    if (status == 0)
        e.error = QStringLiteral("connection refused");
    return e;
}

TimelineTotals makeTotals(
    qint64 requests, qint64 ok, qint64 notModified, qint64 others, qint64 errors, qint64 transferred, qint64 saved)
{
    TimelineTotals t;
    t.requests = requests;
    t.ok = ok;
    t.notModified = notModified;
    t.others = others;
    t.errors = errors;
    t.bytesTransferred = transferred;
    t.bytesSaved = saved;
    return t;
}

// An RFC 4180 reader, independent of the writer, so that quoting is checked by reading it back.
QList<QStringList> readCsv(const QString &text, QString *problem)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"') && field.isEmpty()) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row.append(field);
            field.clear();
        } else if (c == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n')) {
            row.append(field);
            rows.append(row);
            row.clear();
            field.clear();
            ++i;
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\r') || c == QLatin1Char('\n')) {
            *problem = QStringLiteral("unquoted special character at %1").arg(i);
            return {};
        } else {
            field += c;
        }
    }
    if (quoted || !field.isEmpty() || !row.isEmpty())
        *problem = QStringLiteral("last record not ended by CRLF");
    return rows;
}

QDateTime t0()
{
    return QDateTime(QDate(2026, 3, 1), QTime(12, 0, 0, 250), QTimeZone::utc());
}

} // namespace

class TestTimeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void totals_data()
    {
        QTest::addColumn<QList<TimelineEvent>>("events");
        QTest::addColumn<TimelineTotals>("expected");
        const QString u = QStringLiteral("https://example.com/");
        QTest::addRow("nothing") << QList<TimelineEvent>() << makeTotals(0, 0, 0, 0, 0, 0, 0);
        QTest::addRow("one 200") << QList<TimelineEvent> { makeEvent(u, 200, 300, 5000) }
                                 << makeTotals(1, 1, 0, 0, 0, 5300, 0);
        QTest::addRow("one 304") << QList<TimelineEvent> { makeEvent(u, 304, 200, 0, 5100) }
                                 << makeTotals(1, 0, 1, 0, 0, 200, 5100);
        QTest::addRow("network error") << QList<TimelineEvent> { makeEvent(u, 0, 0, 0) }
                                       << makeTotals(1, 0, 0, 0, 1, 0, 0);
        QTest::addRow("others: 206, 404, 500, 429") << QList<TimelineEvent> { makeEvent(u, 206, 10, 1),
            makeEvent(u, 404, 10, 2), makeEvent(u, 500, 10, 3), makeEvent(u, 429, 10, 4) }
                                                    << makeTotals(4, 0, 0, 4, 0, 50, 0);
        QTest::addRow("mixed") << QList<TimelineEvent> { makeEvent(u, 200, 300, 5000), makeEvent(u, 304, 200, 0, 5100),
            makeEvent(u, 304, 200, 0, 5100), makeEvent(u, 0, 0, 0), makeEvent(u, 503, 100, 50) }
                               << makeTotals(5, 1, 2, 1, 1, 5850, 10200);
        QTest::addRow("negative sizes count as 0")
            << QList<TimelineEvent> { makeEvent(u, 200, -300, -5000, -7) } << makeTotals(1, 1, 0, 0, 0, 0, 0);
        QTest::addRow("negative status is an error")
            << QList<TimelineEvent> { makeEvent(u, -1, 10, 10) } << makeTotals(1, 0, 0, 0, 1, 20, 0);
        QTest::addRow("huge sizes") << QList<TimelineEvent> {
            makeEvent(u, 200, qint64(1) << 40, qint64(1) << 50), makeEvent(u, 304, 1, 0, qint64(1) << 52)
        } << makeTotals(2, 1, 1, 0, 0, (qint64(1) << 40) + (qint64(1) << 50) + 1, qint64(1) << 52);
    }
    void totals()
    {
        QFETCH(QList<TimelineEvent>, events);
        QFETCH(TimelineTotals, expected);
        QCOMPARE(TimelineTotals::fromEvents(events), expected);
        TimelineTotals incremental;
        for (const TimelineEvent &e : events)
            incremental.add(e);
        QCOMPARE(incremental, expected);
        QCOMPARE(TimelineSummary::fromEvents(events).overall(), expected);
    }

    void savedShare_data()
    {
        QTest::addColumn<qint64>("transferred");
        QTest::addColumn<qint64>("saved");
        QTest::addColumn<double>("expected");
        QTest::addRow("nothing at all") << qint64(0) << qint64(0) << 0.0;
        QTest::addRow("only transferred") << qint64(1000) << qint64(0) << 0.0;
        QTest::addRow("only saved") << qint64(0) << qint64(1000) << 1.0;
        QTest::addRow("a quarter saved") << qint64(300) << qint64(100) << 0.25;
        QTest::addRow("three quarters saved") << qint64(100) << qint64(300) << 0.75;
        QTest::addRow("huge, half") << (qint64(1) << 62) << (qint64(1) << 62) << 0.5;
    }
    void savedShare()
    {
        QFETCH(qint64, transferred);
        QFETCH(qint64, saved);
        QFETCH(double, expected);
        TimelineTotals t;
        t.bytesTransferred = transferred;
        t.bytesSaved = saved;
        QCOMPARE(t.savedShare(), expected);
        QCOMPARE(timelineTotalsToJson(t).value(QStringLiteral("saved_share")).toDouble(), expected);
    }

    void bytesSaved_data()
    {
        QTest::addColumn<qint64>("stored");
        QTest::addColumn<qint64>("notModified");
        QTest::addColumn<qint64>("expected");
        QTest::addRow("usual") << qint64(25300) << qint64(180) << qint64(25120);
        QTest::addRow("equal") << qint64(200) << qint64(200) << qint64(0);
        QTest::addRow("304 larger than the full response") << qint64(150) << qint64(400) << qint64(0);
        QTest::addRow("nothing stored") << qint64(0) << qint64(180) << qint64(0);
        QTest::addRow("negative stored") << qint64(-100) << qint64(10) << qint64(0);
        QTest::addRow("negative 304") << qint64(100) << qint64(-10) << qint64(100);
    }
    void bytesSaved()
    {
        QFETCH(qint64, stored);
        QFETCH(qint64, notModified);
        QFETCH(qint64, expected);
        QCOMPARE(bytesSavedBy304(stored, notModified), expected);
    }

    void perUrl()
    {
        const QString a = QStringLiteral("https://a.example/x");
        const QString b = QStringLiteral("https://b.example/y");
        const QString c = QStringLiteral("https://b.example/y?v=2");
        const QList<TimelineEvent> events { makeEvent(b, 200, 100, 900), makeEvent(a, 304, 50, 0, 950),
            makeEvent(b, 304, 40, 0, 960), makeEvent(c, 0, 0, 0), makeEvent(a, 304, 50, 0, 950) };
        const TimelineSummary summary = TimelineSummary::fromEvents(events);
        QCOMPARE(summary.urls(), (QList<QUrl> { QUrl(b), QUrl(a), QUrl(c) }));
        QCOMPARE(summary.forUrl(QUrl(a)), makeTotals(2, 0, 2, 0, 0, 100, 1900));
        QCOMPARE(summary.forUrl(QUrl(b)), makeTotals(2, 1, 1, 0, 0, 1040, 960));
        QCOMPARE(summary.forUrl(QUrl(c)), makeTotals(1, 0, 0, 0, 1, 0, 0));
        QCOMPARE(summary.forUrl(QUrl(QStringLiteral("https://never.example/"))), TimelineTotals());
        QCOMPARE(summary.overall(), makeTotals(5, 1, 3, 0, 1, 1140, 2860));
        QCOMPARE(summary.forUrl(QUrl(a)).savedShare(), 1900.0 / 2000.0);
    }

    void contentChange_data()
    {
        QTest::addColumn<ContentVersion>("stored");
        QTest::addColumn<ContentVersion>("received");
        QTest::addColumn<ContentChange>("expected");
        QTest::addColumn<QStringList>("noteCodes");
        const auto v = [](const char *etag, const char *lastModified, const char *hash) {
            return ContentVersion { QByteArray(etag), QByteArray(lastModified), QByteArray(hash) };
        };
        const char *lm1 = "Sun, 01 Mar 2026 10:00:00 GMT";
        const char *lm2 = "Sun, 01 Mar 2026 11:00:00 GMT";
        QTest::addRow("nothing stored") << v("", "", "") << v("\"a\"", lm1, "h1") << ContentChange::Unknown
                                        << QStringList();
        QTest::addRow("no common validator, no hash")
            << v("\"a\"", "", "") << v("", lm1, "") << ContentChange::Unknown << QStringList();
        QTest::addRow("same hash, same etag")
            << v("\"a\"", lm1, "h1") << v("\"a\"", lm1, "h1") << ContentChange::No << QStringList();
        QTest::addRow("different hash, different etag")
            << v("\"a\"", lm1, "h1") << v("\"b\"", lm2, "h2") << ContentChange::Yes << QStringList();
        QTest::addRow("etag changed, body did not") << v("\"a\"", "", "h1") << v("\"b\"", "", "h1") << ContentChange::No
                                                    << QStringList { QStringLiteral("etag-changed-body-same") };
        QTest::addRow("same strong etag, different body")
            << v("\"a\"", "", "h1") << v("\"a\"", "", "h2") << ContentChange::Yes
            << QStringList { QStringLiteral("same-strong-etag-different-body") };
        QTest::addRow("same weak etag, different body")
            << v("W/\"a\"", "", "h1") << v("W/\"a\"", "", "h2") << ContentChange::Yes
            << QStringList { QStringLiteral("weak-etag-body-changed") };
        QTest::addRow("etag weakened by a proxy, same body")
            << v("\"a\"", "", "h1") << v("W/\"a\"", "", "h1") << ContentChange::No << QStringList();
        QTest::addRow("lowercase w/ is not weak")
            << v("w/\"a\"", "", "") << v("\"a\"", "", "") << ContentChange::Yes << QStringList();
        QTest::addRow("last-modified changed, body did not")
            << v("", lm1, "h1") << v("", lm2, "h1") << ContentChange::No
            << QStringList { QStringLiteral("last-modified-changed-body-same") };
        QTest::addRow("same last-modified, different body, no etag")
            << v("", lm1, "h1") << v("", lm1, "h2") << ContentChange::Yes
            << QStringList { QStringLiteral("same-last-modified-different-body") };
        QTest::addRow("same last-modified, different body, etag decides")
            << v("\"a\"", lm1, "h1") << v("\"b\"", lm1, "h2") << ContentChange::Yes << QStringList();
        QTest::addRow("etag only: changed")
            << v("\"a\"", "", "") << v("\"b\"", "", "") << ContentChange::Yes << QStringList();
        QTest::addRow("etag only: same, whitespace around")
            << v(" \"a\" ", "", "") << v("\"a\"", "", "h2") << ContentChange::No << QStringList();
        QTest::addRow("etag beats last-modified without hashes")
            << v("\"a\"", lm1, "") << v("\"a\"", lm2, "") << ContentChange::No << QStringList();
        QTest::addRow("last-modified only: changed")
            << v("", lm1, "") << v("", lm2, "") << ContentChange::Yes << QStringList();
        QTest::addRow("last-modified only: same")
            << v("", lm1, "") << v("", lm1, "") << ContentChange::No << QStringList();
        QTest::addRow("hash only: same") << v("", "", "h1") << v("", "", "h1") << ContentChange::No << QStringList();
        QTest::addRow("hash only: differs")
            << v("", "", "h1") << v("", "", "h2") << ContentChange::Yes << QStringList();
        QTest::addRow("garbage etags, non-ASCII")
            << v("\xff\xfe", "", "h1") << v("\xc3\xa9t\xc3\xa9", "", "h1") << ContentChange::No
            << QStringList { QStringLiteral("etag-changed-body-same") };
    }
    void contentChange()
    {
        QFETCH(ContentVersion, stored);
        QFETCH(ContentVersion, received);
        QFETCH(ContentChange, expected);
        QFETCH(QStringList, noteCodes);
        const ContentChangeVerdict verdict = decideContentChange(stored, received);
        QCOMPARE(verdict.change, expected);
        QVERIFY(!verdict.reason.isEmpty());
        QStringList codes;
        for (const TimelineNote &note : verdict.notes) {
            codes.append(note.code);
            QVERIFY(!note.text.isEmpty());
        }
        QCOMPARE(codes, noteCodes);
    }

    void contentChangeNoteWording()
    {
        const ContentChangeVerdict changedEtag = decideContentChange({ "\"a\"", {}, "h" }, { "\"b\"", {}, "h" });
        QCOMPARE(changedEtag.notes.first().severity, NoteSeverity::Warning);
        QVERIFY(changedEtag.notes.first().text.startsWith(QStringLiteral("ETag changed though the body did not")));
        const ContentChangeVerdict sameStrong = decideContentChange({ "\"a\"", {}, "h1" }, { "\"a\"", {}, "h2" });
        QCOMPARE(sameStrong.notes.first().severity, NoteSeverity::Error);
        QVERIFY(sameStrong.notes.first().text.startsWith(QStringLiteral("Same strong ETag \"a\" on a different body")));
    }

    void csvQuoting_data()
    {
        QTest::addColumn<QString>("error");
        QTest::addColumn<QByteArray>("etag");
        QTest::addRow("plain") << QStringLiteral("timeout") << QByteArray("\"abc\"");
        QTest::addRow("comma") << QStringLiteral("refused, retry later") << QByteArray("W/\"a,b\"");
        QTest::addRow("quotes") << QStringLiteral("server said \"no\"") << QByteArray("\"\"");
        QTest::addRow("newline") << QStringLiteral("line one\nline two") << QByteArray("\"x\"");
        QTest::addRow("crlf") << QStringLiteral("line one\r\nline two\r") << QByteArray("\"x\"");
        QTest::addRow("all at once") << QStringLiteral("\",\r\n\"\"") << QByteArray(",\"");
        QTest::addRow("empty") << QString() << QByteArray();
        QTest::addRow("non-ASCII") << QStringLiteral("Zeitüberschreitung — 接続") << QByteArray("\"\xe9\"");
        QTest::addRow("spaces kept") << QStringLiteral("  padded  ") << QByteArray(" \"a\" ");
    }
    void csvQuoting()
    {
        QFETCH(QString, error);
        QFETCH(QByteArray, etag);
        TimelineEvent first = makeEvent(QStringLiteral("https://example.com/a?x=1,2"), 0, 0, 0);
        first.error = error;
        first.receivedEtag = etag;
        first.notes = { { NoteSeverity::Warning, QStringLiteral("code-a"), QStringLiteral("text, with \"quotes\"") },
            { NoteSeverity::Info, QStringLiteral("code-b"), QStringLiteral("second") } };
        TimelineEvent second = makeEvent(QStringLiteral("https://example.com/b"), 304, 120, 0, 880);
        second.id = 7;
        second.watchId = 3;
        second.time = t0();
        second.ttfbMs = 12;
        second.totalMs = 15;
        second.contentChanged = ContentChange::No;
        const QByteArray csv = timelineToCsv({ first, second });
        QString problem;
        const QList<QStringList> rows = readCsv(QString::fromUtf8(csv), &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(0), timelineCsvColumns());
        const QStringList columns = timelineCsvColumns();
        for (const QStringList &row : rows)
            QCOMPARE(row.size(), columns.size());
        const QStringList &a = rows.at(1);
        QCOMPARE(a.at(columns.indexOf(QStringLiteral("error"))), error);
        QCOMPARE(a.at(columns.indexOf(QStringLiteral("etag"))), QString::fromLatin1(etag));
        QCOMPARE(a.at(columns.indexOf(QStringLiteral("url"))), QStringLiteral("https://example.com/a?x=1,2"));
        QCOMPARE(a.at(columns.indexOf(QStringLiteral("status"))), QString());
        QCOMPARE(a.at(columns.indexOf(QStringLiteral("ttfb_ms"))), QString());
        QCOMPARE(a.at(columns.indexOf(QStringLiteral("notes"))),
            QStringLiteral("warning code-a: text, with \"quotes\"; info code-b: second"));
        QCOMPARE(rows.at(2),
            (QStringList { QStringLiteral("7"), QStringLiteral("3"), QStringLiteral("https://example.com/b"),
                QStringLiteral("2026-03-01T12:00:00.250Z"), QStringLiteral("304"), QString(), QString(), QString(),
                QString(), QString(), QStringLiteral("no"), QStringLiteral("12"), QStringLiteral("15"),
                QStringLiteral("120"), QStringLiteral("0"), QStringLiteral("120"), QStringLiteral("0"),
                QStringLiteral("880"), QString() }));
    }

    void csvExactBytes()
    {
        TimelineEvent e = makeEvent(QStringLiteral("http://h/"), 200, 1, 2);
        e.error = QStringLiteral("a\"b");
        const QByteArray csv = timelineToCsv({ e });
        QVERIFY(csv.endsWith("\r\n"));
        QCOMPARE(csv.count("\r\n"), 2);
        QVERIFY(csv.contains(",200,\"a\"\"b\",,,,,unknown,,,1,2,3,0,0,\r\n"));
        QCOMPARE(timelineToCsv({}), timelineCsvColumns().join(QLatin1Char(',')).toUtf8() + "\r\n");
    }

    void json()
    {
        TimelineEvent e = makeEvent(QStringLiteral("https://example.com/p?q=a b"), 200, 310, 4000);
        e.id = 42;
        e.watchId = 5;
        e.time = t0();
        e.sentIfNoneMatch = "\"v1\"";
        e.sentIfModifiedSince = "Sun, 01 Mar 2026 10:00:00 GMT";
        e.receivedEtag = "\"v2\"";
        e.receivedLastModified = "Sun, 01 Mar 2026 11:00:00 GMT";
        e.contentChanged = ContentChange::Yes;
        e.ttfbMs = 0;
        e.totalMs = 48;
        e.decodedBodyBytes = 12000;
        e.notes = { { NoteSeverity::Error, QStringLiteral("same-strong-etag-different-body"), QStringLiteral("t") } };
        const QJsonObject json = timelineEventToJson(e);
        QCOMPARE(json.keys(),
            (QStringList { QStringLiteral("bytes"), QStringLiteral("content_changed"), QStringLiteral("error"),
                QStringLiteral("id"), QStringLiteral("notes"), QStringLiteral("status"), QStringLiteral("time"),
                QStringLiteral("timing"), QStringLiteral("url"), QStringLiteral("validators_received"),
                QStringLiteral("validators_sent"), QStringLiteral("watch_id") }));
        QCOMPARE(json.value(QStringLiteral("id")).toInteger(), 42);
        QCOMPARE(json.value(QStringLiteral("watch_id")).toInteger(), 5);
        QCOMPARE(json.value(QStringLiteral("url")).toString(), QStringLiteral("https://example.com/p?q=a%20b"));
        QCOMPARE(json.value(QStringLiteral("time")).toString(), QStringLiteral("2026-03-01T12:00:00.250Z"));
        QCOMPARE(json.value(QStringLiteral("status")).toInt(), 200);
        QVERIFY(json.value(QStringLiteral("error")).isNull());
        const QJsonObject sent = json.value(QStringLiteral("validators_sent")).toObject();
        QCOMPARE(sent.value(QStringLiteral("if_none_match")).toString(), QStringLiteral("\"v1\""));
        QCOMPARE(sent.value(QStringLiteral("if_modified_since")).toString(),
            QStringLiteral("Sun, 01 Mar 2026 10:00:00 GMT"));
        const QJsonObject received = json.value(QStringLiteral("validators_received")).toObject();
        QCOMPARE(received.value(QStringLiteral("etag")).toString(), QStringLiteral("\"v2\""));
        QCOMPARE(received.value(QStringLiteral("last_modified")).toString(),
            QStringLiteral("Sun, 01 Mar 2026 11:00:00 GMT"));
        QCOMPARE(json.value(QStringLiteral("content_changed")).toString(), QStringLiteral("yes"));
        const QJsonObject timing = json.value(QStringLiteral("timing")).toObject();
        QCOMPARE(timing.value(QStringLiteral("ttfb_ms")).toInteger(), 0);
        QCOMPARE(timing.value(QStringLiteral("total_ms")).toInteger(), 48);
        const QJsonObject bytes = json.value(QStringLiteral("bytes")).toObject();
        QCOMPARE(bytes.value(QStringLiteral("response_headers")).toInteger(), 310);
        QCOMPARE(bytes.value(QStringLiteral("response_body_wire")).toInteger(), 4000);
        QCOMPARE(bytes.value(QStringLiteral("wire_total")).toInteger(), 4310);
        QCOMPARE(bytes.value(QStringLiteral("decoded_body")).toInteger(), 12000);
        QCOMPARE(bytes.value(QStringLiteral("saved")).toInteger(), 0);
        const QJsonArray notes = json.value(QStringLiteral("notes")).toArray();
        QCOMPARE(notes.size(), 1);
        QCOMPARE(notes.at(0).toObject().value(QStringLiteral("severity")).toString(), QStringLiteral("error"));
        QCOMPARE(notes.at(0).toObject().value(QStringLiteral("code")).toString(),
            QStringLiteral("same-strong-etag-different-body"));
    }

    void jsonOfAnError()
    {
        const TimelineEvent e = makeEvent(QStringLiteral("http://down.example/"), 0, 0, 0);
        const QJsonObject json = timelineEventToJson(e);
        QVERIFY(json.value(QStringLiteral("id")).isNull());
        QVERIFY(json.value(QStringLiteral("watch_id")).isNull());
        QVERIFY(json.value(QStringLiteral("time")).isNull());
        QVERIFY(json.value(QStringLiteral("status")).isNull());
        QCOMPARE(json.value(QStringLiteral("error")).toString(), QStringLiteral("connection refused"));
        QVERIFY(
            json.value(QStringLiteral("validators_sent")).toObject().value(QStringLiteral("if_none_match")).isNull());
        QVERIFY(json.value(QStringLiteral("timing")).toObject().value(QStringLiteral("ttfb_ms")).isNull());
        QCOMPARE(json.value(QStringLiteral("content_changed")).toString(), QStringLiteral("unknown"));
        QCOMPARE(json.value(QStringLiteral("notes")).toArray().size(), 0);
        // Serialises to valid JSON (no NaN or other surprises).
        QJsonParseError parseError;
        QJsonDocument::fromJson(QJsonDocument(json).toJson(), &parseError);
        QCOMPARE(parseError.error, QJsonParseError::NoError);
    }

    void totalsJson()
    {
        const QJsonObject json = timelineTotalsToJson(makeTotals(5, 1, 3, 0, 1, 1140, 2860));
        QCOMPARE(json.keys(),
            (QStringList { QStringLiteral("bytes_saved"), QStringLiteral("bytes_transferred"), QStringLiteral("errors"),
                QStringLiteral("not_modified"), QStringLiteral("ok"), QStringLiteral("others"),
                QStringLiteral("requests"), QStringLiteral("saved_share") }));
        QCOMPARE(json.value(QStringLiteral("not_modified")).toInteger(), 3);
        QCOMPARE(json.value(QStringLiteral("saved_share")).toDouble(), 2860.0 / 4000.0);
    }

    void fromExchange()
    {
        Exchange exchange;
        exchange.request.url = QUrl(QStringLiteral("https://example.com/r"));
        exchange.timing.started = t0();
        exchange.timing.ttfbMs = 20;
        exchange.timing.totalMs = 25;
        exchange.requestHeadersSent = HttpHeaders { { "If-None-Match", "\"a\"" }, { "if-none-match", "\"b\"" },
            { "If-Modified-Since", "Sun, 01 Mar 2026 10:00:00 GMT" } };
        exchange.status = 304;
        exchange.responseHeaders = HttpHeaders { { "etag", "\"a\"" } };
        exchange.bytes.responseHeaders = 150;
        exchange.bytes.saved = 900;
        const TimelineEvent e = timelineEventFromExchange(exchange);
        QCOMPARE(e.url, exchange.request.url);
        QCOMPARE(e.time, t0());
        QCOMPARE(e.status, 304);
        QVERIFY(e.error.isEmpty());
        QCOMPARE(e.sentIfNoneMatch, QByteArray("\"a\", \"b\""));
        QCOMPARE(e.sentIfModifiedSince, QByteArray("Sun, 01 Mar 2026 10:00:00 GMT"));
        QCOMPARE(e.receivedEtag, QByteArray("\"a\""));
        QVERIFY(e.receivedLastModified.isEmpty());
        QCOMPARE(e.ttfbMs, 20);
        QCOMPARE(e.wireBytes(), 150);
        QCOMPARE(e.bytesSaved, 900);

        Exchange failed;
        failed.request.url = QUrl(QStringLiteral("https://down.example/"));
        failed.error = ExchangeError::ConnectionRefused;
        const TimelineEvent f = timelineEventFromExchange(failed);
        QCOMPARE(f.status, 0);
        QVERIFY(f.isError());
        QCOMPARE(f.error, errorName(ExchangeError::ConnectionRefused));
        QVERIFY(!f.time.isValid());
    }
};

QTEST_GUILESS_MAIN(TestTimeline)
#include "tst_timeline.moc"
