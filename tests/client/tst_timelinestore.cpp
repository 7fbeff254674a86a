#include "cache/storeschema.h"
#include "cache/validatorstore.h"
#include "client/exchange.h"
#include "client/timelinestore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope;

namespace {

QDateTime at(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(1795000000000 + ms).toUTC();
}

TimelineEvent makeEvent(const QString &url, qint64 ms, int status, qint64 saved = 0)
{
    TimelineEvent event;
    event.watchId = 7;
    event.url = QUrl(url);
    event.time = at(ms);
    event.status = status;
    if (status == 0)
        event.error = QStringLiteral("connection refused");
    event.sentIfNoneMatch = status == 304 ? QByteArray("\"v1\"") : QByteArray();
    event.receivedEtag = "\"v1\"";
    event.receivedLastModified = "Wed, 25 Nov 2026 10:00:00 GMT";
    event.contentChanged = status == 304 ? ContentChange::No : ContentChange::Unknown;
    event.ttfbMs = 3;
    event.totalMs = 5;
    event.responseHeaderBytes = 150;
    event.responseBodyWireBytes = status == 200 ? 1000 : 0;
    event.decodedBodyBytes = event.responseBodyWireBytes;
    event.bytesSaved = saved;
    return event;
}

// Runs statements on the store's own connection, as something else editing the file would.
bool runSql(ValidatorStore &store, const QString &sql)
{
    QSqlQuery query(store.database());
    if (!query.exec(sql)) {
        qWarning() << query.lastError().text();
        return false;
    }
    return true;
}

// The version 1 schema, exactly as migration 1 created it (copied, not shared: it must never change).
const char *const v1Schema[] = {
    "PRAGMA application_id = 1129538416",
    "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL, description TEXT NOT NULL)",
    "CREATE TABLE entries (id INTEGER PRIMARY KEY, method TEXT NOT NULL, url TEXT NOT NULL, secondary_key TEXT NOT "
    "NULL, status INTEGER NOT NULL, reason BLOB NOT NULL, http_version BLOB NOT NULL, body_size INTEGER NOT NULL, "
    "header_wire_size INTEGER NOT NULL, body_wire_size INTEGER NOT NULL, request_time INTEGER, response_time INTEGER, "
    "stored_at INTEGER, last_validated INTEGER, summary_headers BLOB NOT NULL)",
    "CREATE UNIQUE INDEX entries_key ON entries(url, method, secondary_key)",
    "CREATE TABLE entry_headers (entry_id INTEGER PRIMARY KEY REFERENCES entries(id), request_headers BLOB NOT NULL, "
    "response_headers BLOB NOT NULL)",
    "CREATE TABLE bodies (entry_id INTEGER PRIMARY KEY REFERENCES entries(id), body BLOB NOT NULL)",
    "INSERT INTO schema_version VALUES (1, 0, 'validator store')",
    "INSERT INTO entries VALUES (1, 'GET', 'http://example.com/a', '', 200, 'OK', 'HTTP/1.1', 5, 100, 5, 0, 0, 0, "
    "NULL, '')",
    "INSERT INTO entry_headers VALUES (1, '', 'ETag: \"a\"\r\n')",
    "INSERT INTO bodies VALUES (1, 'hello')",
};

// What migration 2 added, exactly as it did (copied: it must never change), with one event of that time.
const char *const v2Additions[] = {
    "CREATE TABLE watched_items (id INTEGER PRIMARY KEY, url TEXT NOT NULL, mode TEXT NOT NULL, interval_ms INTEGER "
    "NOT NULL, paused INTEGER NOT NULL, added_at INTEGER)",
    "CREATE TABLE timeline_events (id INTEGER PRIMARY KEY, watch_id INTEGER NOT NULL, url TEXT NOT NULL, time "
    "INTEGER, status INTEGER NOT NULL, error TEXT NOT NULL, sent_if_none_match BLOB NOT NULL, sent_if_modified_since "
    "BLOB NOT NULL, received_etag BLOB NOT NULL, received_last_modified BLOB NOT NULL, content_changed INTEGER NOT "
    "NULL, ttfb_ms INTEGER NOT NULL, total_ms INTEGER NOT NULL, response_header_bytes INTEGER NOT NULL, "
    "response_body_wire_bytes INTEGER NOT NULL, decoded_body_bytes INTEGER NOT NULL, bytes_saved INTEGER NOT NULL, "
    "notes TEXT NOT NULL)",
    "CREATE INDEX timeline_events_url ON timeline_events(url, time, id)",
    "CREATE INDEX timeline_events_time ON timeline_events(time, id)",
    "INSERT INTO schema_version VALUES (2, 0, 'timeline')",
    "INSERT INTO timeline_events VALUES (1, 3, 'http://example.com/a', 1795000000000, 304, '', '\"a\"', '', "
    "'\"a\"', '', 1, 2, 4, 120, 0, 0, 380, '[]')",
};

} // namespace

class tst_TimelineStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void appendAndList();
    void notesStoredAsQJsonDocumentWrote();
    void orderedByTime();
    void totalsMatchInMemoryTotals();
    void clear();
    void prunesOldest_data();
    void prunesOldest();
    void prunesWithOtherWriters_data();
    void prunesWithOtherWriters();
    void survivesReopen();
    void watchedItems();
    void watchedItemErrors();
    void corruptRows_data();
    void corruptRows();
    void closedStore();
    void migratesVersion1File();
    void headerBlocksRoundTrip_data();
    void headerBlocksRoundTrip();
    void headerBlocksFromExchange();
    void migratesVersion2File();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    ValidatorStore m_store;
    QString path() const { return m_dir->filePath(QStringLiteral("store.sqlite")); }
};

void tst_TimelineStore::init()
{
    m_store.close();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY2(m_store.open(path()), qPrintable(m_store.errorString()));
}

void tst_TimelineStore::appendAndList()
{
    TimelineStore timeline(&m_store);
    TimelineEvent first = makeEvent(QStringLiteral("http://a.test/x"), 0, 200);
    first.notes = { { NoteSeverity::Warning, QStringLiteral("weak-etag"), QStringLiteral("a \"quoted\", text") } };
    first.sentIfModifiedSince = QByteArray("\x01\x02 binary\0", 10);
    QVERIFY2(timeline.append(first), qPrintable(timeline.errorString()));
    QVERIFY(first.id > 0);
    QList<TimelineEvent> more { makeEvent(QStringLiteral("http://a.test/x"), 1000, 304, 1000),
        makeEvent(QStringLiteral("http://b.test/"), 500, 0) };
    QVERIFY(timeline.append(more));
    QVERIFY(more.at(0).id > first.id && more.at(1).id > more.at(0).id);

    const QList<TimelineEvent> forA = timeline.events(QUrl(QStringLiteral("http://a.test/x")));
    QCOMPARE(forA.size(), 2);
    QCOMPARE(forA.at(0), first); // every field survives the round trip
    QCOMPARE(forA.at(1), more.at(0));
    QCOMPARE(timeline.allEvents().size(), 3);
    QCOMPARE(timeline.eventCount(), 3);
    QCOMPARE(timeline.eventCount(QUrl(QStringLiteral("http://b.test/"))), 1);
    QCOMPARE(timeline.urls(),
        (QList<QUrl> { QUrl(QStringLiteral("http://a.test/x")), QUrl(QStringLiteral("http://b.test/")) }));
    QCOMPARE(timeline.lastEvent(QUrl(QStringLiteral("http://a.test/x")))->id, more.at(0).id);
    QVERIFY(!timeline.lastEvent(QUrl(QStringLiteral("http://none.test/"))));
    QVERIFY(timeline.events(QUrl(QStringLiteral("http://none.test/"))).isEmpty());
    QVERIFY(timeline.errorString().isEmpty());
    QList<TimelineEvent> nothing;
    QVERIFY(timeline.append(nothing)); // nothing to do is no error
}

// The notes column holds what QJsonDocument wrote for the array before it was written directly.
void tst_TimelineStore::notesStoredAsQJsonDocumentWrote()
{
    TimelineStore timeline(&m_store);
    QList<TimelineNote> notes { { NoteSeverity::Info, QStringLiteral("304-strong-etag-match"),
                                    QStringLiteral("the ETag \"a\\b\" matched: RFC 9111 §4.3.4") },
        { NoteSeverity::Error, QStringLiteral("code\nwith\tcontrols\x01"), QString(QChar(0xd800)) },
        { NoteSeverity::Warning, QString(), QString::fromUtf8("emoji \xf0\x9f\x98\x80 \x7f") } };
    for (const QList<TimelineNote> &list : { QList<TimelineNote>(), notes.mid(0, 1), notes }) {
        TimelineEvent event = makeEvent(QStringLiteral("http://a.test/notes"), 0, 304);
        event.notes = list;
        QVERIFY2(timeline.append(event), qPrintable(timeline.errorString()));
        QJsonArray array;
        for (const TimelineNote &note : list) {
            array.append(QJsonObject { { QStringLiteral("severity"), noteSeverityName(note.severity) },
                { QStringLiteral("code"), note.code }, { QStringLiteral("text"), note.text } });
        }
        QSqlQuery query(m_store.database());
        QVERIFY(query.exec(QStringLiteral("SELECT notes FROM timeline_events WHERE id = %1").arg(event.id)));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)));
        QCOMPARE(timeline.lastEvent(event.url)->notes, list);
    }
}

void tst_TimelineStore::orderedByTime()
{
    TimelineStore timeline(&m_store);
    // Appended out of time order (clock adjusted): listed by time, the newest kept by `limit`.
    QList<TimelineEvent> events { makeEvent(QStringLiteral("http://a.test/"), 3000, 200),
        makeEvent(QStringLiteral("http://a.test/"), 1000, 304),
        makeEvent(QStringLiteral("http://a.test/"), 2000, 304) };
    QVERIFY(timeline.append(events));
    const QList<TimelineEvent> listed = timeline.events(QUrl(QStringLiteral("http://a.test/")));
    QCOMPARE(listed.size(), 3);
    QCOMPARE(listed.at(0).time, at(1000));
    QCOMPARE(listed.at(2).time, at(3000));
    const QList<TimelineEvent> newest = timeline.allEvents(2);
    QCOMPARE(newest.size(), 2);
    QCOMPARE(newest.at(0).time, at(2000));
    QCOMPARE(newest.at(1).time, at(3000));
}

void tst_TimelineStore::totalsMatchInMemoryTotals()
{
    TimelineStore timeline(&m_store);
    QList<TimelineEvent> events { makeEvent(QStringLiteral("http://a.test/"), 0, 200),
        makeEvent(QStringLiteral("http://a.test/"), 1, 304, 1000), makeEvent(QStringLiteral("http://a.test/"), 2, 0),
        makeEvent(QStringLiteral("http://a.test/"), 3, 503), makeEvent(QStringLiteral("http://b.test/"), 4, 304, 50) };
    events[3].responseHeaderBytes = -40; // hostile: negative sizes count as 0, as in TimelineTotals
    events[3].bytesSaved = -7;
    QVERIFY(timeline.append(events));
    QCOMPARE(*timeline.totals(), TimelineTotals::fromEvents(events));
    QCOMPARE(*timeline.totals(QUrl(QStringLiteral("http://a.test/"))), TimelineTotals::fromEvents(events.mid(0, 4)));
    QCOMPARE(*timeline.totals(QUrl(QStringLiteral("http://none.test/"))), TimelineTotals());
}

void tst_TimelineStore::clear()
{
    TimelineStore timeline(&m_store);
    QList<TimelineEvent> events { makeEvent(QStringLiteral("http://a.test/"), 0, 200),
        makeEvent(QStringLiteral("http://a.test/"), 1, 304), makeEvent(QStringLiteral("http://b.test/"), 2, 200) };
    QVERIFY(timeline.append(events));
    QCOMPARE(timeline.clear(QUrl(QStringLiteral("http://a.test/"))), 2);
    QCOMPARE(timeline.clear(QUrl(QStringLiteral("http://a.test/"))), 0);
    QCOMPARE(timeline.eventCount(), 1);
    QCOMPARE(timeline.clearAll(), 1);
    QCOMPARE(timeline.eventCount(), 0);
    QCOMPARE(m_store.count(), 0); // the validator store's entries are not the timeline's
}

void tst_TimelineStore::prunesOldest_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("appended");
    QTest::addColumn<int>("batch");
    QTest::addRow("under the limit") << 5 << 4 << 1;
    QTest::addRow("one past, one at a time") << 5 << 6 << 1;
    QTest::addRow("far past in one batch") << 3 << 10 << 10;
    QTest::addRow("limit 1") << 1 << 4 << 2;
    QTest::addRow("limit 0 is read as 1") << 0 << 3 << 1;
    QTest::addRow("negative limit is read as 1") << -5 << 3 << 3;
}

void tst_TimelineStore::prunesOldest()
{
    QFETCH(int, limit);
    QFETCH(int, appended);
    QFETCH(int, batch);
    TimelineStore timeline(&m_store);
    QCOMPARE(timeline.eventLimitPerUrl(), TimelineStore::DefaultEventLimitPerUrl);
    timeline.setEventLimitPerUrl(limit);
    const int effective = qMax(1, limit);
    TimelineEvent other = makeEvent(QStringLiteral("http://other.test/"), 0, 200);
    QVERIFY(timeline.append(other));
    for (int done = 0; done < appended;) {
        QList<TimelineEvent> events;
        for (int i = 0; i < batch && done < appended; ++i, ++done)
            events.append(makeEvent(QStringLiteral("http://a.test/"), 1000 + done, 304));
        QVERIFY2(timeline.append(events), qPrintable(timeline.errorString()));
    }
    const QList<TimelineEvent> kept = timeline.events(QUrl(QStringLiteral("http://a.test/")));
    QCOMPARE(kept.size(), qMin(appended, effective));
    QCOMPARE(kept.last().time, at(1000 + appended - 1)); // the newest survive
    QCOMPARE(kept.first().time, at(1000 + appended - kept.size()));
    QCOMPARE(timeline.eventCount(QUrl(QStringLiteral("http://other.test/"))), 1); // other URLs untouched
}

void tst_TimelineStore::prunesWithOtherWriters_data()
{
    QTest::addColumn<QString>("writer"); // "process": another connection; "same": another TimelineStore on m_store
    QTest::addColumn<int>("otherAdds");
    QTest::addColumn<bool>("otherClears");
    QTest::addColumn<int>("more");
    QTest::addColumn<int>("expected");
    // The limit is 5 and this timeline appended 3 events first.
    QTest::addRow("another process adds past the limit") << "process" << 4 << false << 1 << 5;
    QTest::addRow("another process clears") << "process" << 0 << true << 3 << 3;
    QTest::addRow("another timeline on the connection clears") << "same" << 0 << true << 3 << 3;
    QTest::addRow("another timeline on the connection adds") << "same" << 4 << false << 3 << 5;
    QTest::addRow("the store is reopened on another file") << "reopen" << 5 << false << 1 << 5;
}

// The counts kept between appends must never make a prune remove events it should keep, nor keep a URL
// past the limit because someone else wrote to it.
void tst_TimelineStore::prunesWithOtherWriters()
{
    QFETCH(QString, writer);
    QFETCH(int, otherAdds);
    QFETCH(bool, otherClears);
    QFETCH(int, more);
    QFETCH(int, expected);
    const QUrl url(QStringLiteral("http://a.test/"));
    TimelineStore timeline(&m_store);
    timeline.setEventLimitPerUrl(5);
    qint64 ms = 0;
    auto batch = [&](int n) {
        QList<TimelineEvent> events;
        for (int i = 0; i < n; ++i)
            events.append(makeEvent(url.toString(), ++ms, 304));
        return events;
    };
    QList<TimelineEvent> first = batch(3);
    QVERIFY(timeline.append(first));

    ValidatorStore otherStore;
    const QString otherPath
        = writer == QLatin1String("reopen") ? m_dir->filePath(QStringLiteral("other.sqlite")) : path();
    if (writer != QLatin1String("same"))
        QVERIFY2(otherStore.open(otherPath), qPrintable(otherStore.errorString()));
    {
        TimelineStore other(writer == QLatin1String("same") ? &m_store : &otherStore);
        other.setEventLimitPerUrl(5);
        QList<TimelineEvent> added = batch(otherAdds);
        QVERIFY2(other.append(added), qPrintable(other.errorString()));
        if (otherClears)
            QVERIFY(other.clear(url) >= 0);
    }
    otherStore.close();
    if (writer == QLatin1String("reopen"))
        QVERIFY2(m_store.open(otherPath), qPrintable(m_store.errorString()));

    QList<TimelineEvent> last = batch(more);
    QVERIFY2(timeline.append(last), qPrintable(timeline.errorString()));
    const QList<TimelineEvent> kept = timeline.events(url);
    QCOMPARE(kept.size(), expected);
    QCOMPARE(kept.last().time, at(ms)); // the newest survive
}

void tst_TimelineStore::survivesReopen()
{
    {
        TimelineStore timeline(&m_store);
        TimelineEvent event = makeEvent(QStringLiteral("http://a.test/"), 0, 200);
        QVERIFY(timeline.append(event));
        WatchedItemRecord record;
        record.item.url = QUrl(QStringLiteral("http://a.test/"));
        QVERIFY(timeline.saveWatchedItem(record));
    }
    m_store.close();
    ValidatorStore reopened;
    QVERIFY2(reopened.open(path()), qPrintable(reopened.errorString()));
    TimelineStore timeline(&reopened);
    QCOMPARE(timeline.eventCount(), 1);
    QCOMPARE(timeline.watchedItems().size(), 1);
}

void tst_TimelineStore::watchedItems()
{
    TimelineStore timeline(&m_store);
    WatchedItemRecord a;
    a.item.url = QUrl(QStringLiteral("https://a.test/x?q=1"));
    a.item.mode = WatchMode::Interval;
    a.item.intervalMs = 0; // back to back is a valid stored interval
    a.addedAt = at(0);
    WatchedItemRecord b;
    b.item.url = QUrl(QStringLiteral("http://b.test/"));
    b.item.mode = WatchMode::WhenStale;
    b.item.intervalMs = 60000;
    b.item.paused = true;
    QVERIFY2(timeline.saveWatchedItem(a), qPrintable(timeline.errorString()));
    QVERIFY(timeline.saveWatchedItem(b));
    QVERIFY(a.item.id > 0 && b.item.id > a.item.id);

    QList<WatchedItemRecord> loaded = timeline.watchedItems();
    QCOMPARE(loaded.size(), 2);
    QCOMPARE(loaded.at(0).item.url, a.item.url);
    QCOMPARE(loaded.at(0).item.intervalMs, 0);
    QCOMPARE(loaded.at(0).addedAt, at(0));
    QCOMPARE(loaded.at(1).item.mode, WatchMode::WhenStale);
    QVERIFY(loaded.at(1).item.paused);
    QVERIFY(!loaded.at(1).addedAt.isValid());

    // Saving again with the id updates the row.
    b.item.paused = false;
    b.item.intervalMs = 5000;
    QVERIFY(timeline.saveWatchedItem(b));
    loaded = timeline.watchedItems();
    QCOMPARE(loaded.size(), 2);
    QVERIFY(!loaded.at(1).item.paused);
    QCOMPARE(loaded.at(1).item.intervalMs, 5000);
    QCOMPARE(timeline.watchedItem(QUrl(QStringLiteral("http://b.test/")))->item.id, b.item.id);
    QVERIFY(!timeline.watchedItem(QUrl(QStringLiteral("http://c.test/"))));

    QVERIFY(timeline.removeWatchedItem(a.item.id));
    QVERIFY(!timeline.removeWatchedItem(a.item.id));
    QVERIFY(timeline.errorString().contains(QLatin1String("no watched item")));
    QCOMPARE(timeline.watchedItems().size(), 1);
}

void tst_TimelineStore::watchedItemErrors()
{
    TimelineStore timeline(&m_store);
    WatchedItemRecord empty;
    QVERIFY(!timeline.saveWatchedItem(empty));
    QVERIFY(timeline.errorString().contains(QLatin1String("URL")));
    WatchedItemRecord negative;
    negative.item.url = QUrl(QStringLiteral("http://a.test/"));
    negative.item.intervalMs = -1;
    QVERIFY(!timeline.saveWatchedItem(negative));
    QCOMPARE(negative.item.id, 0);
    QVERIFY(timeline.watchedItems().isEmpty());

    // Rows written by something else: unreadable ones are skipped and named, the good one survives.
    QVERIFY(runSql(m_store,
        QStringLiteral("INSERT INTO watched_items (url, mode, interval_ms, paused) VALUES "
                       "('http://ok.test/', 'interval', 1000, 0), ('http://a.test/', 'sometimes', 1000, 0), "
                       "('', 'interval', 1000, 0), ('http://b.test/', 'interval', 'often', 0), "
                       "('http://c.test/', 'interval', -3, 0)")));
    QStringList problems;
    const QList<WatchedItemRecord> loaded = timeline.watchedItems(&problems);
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(loaded.first().item.url, QUrl(QStringLiteral("http://ok.test/")));
    QCOMPARE(problems.size(), 4);
    QVERIFY2(problems.at(0).contains(QLatin1String("unknown mode 'sometimes'")), qPrintable(problems.at(0)));
    QVERIFY(problems.at(1).contains(QLatin1String("invalid URL")));
    QVERIFY(problems.at(2).contains(QLatin1String("bad interval")));
    QVERIFY(!timeline.watchedItem(QUrl(QStringLiteral("http://a.test/"))));
    QVERIFY(timeline.watchedItem(QUrl(QStringLiteral("http://ok.test/"))));
}

void tst_TimelineStore::corruptRows_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("expected");
    QTest::addRow("notes not JSON") << QStringLiteral("UPDATE timeline_events SET notes = '{oops' WHERE id = 2")
                                    << QStringLiteral("notes");
    QTest::addRow("notes with an unknown severity")
        << QStringLiteral("UPDATE timeline_events SET notes = '[{\"severity\":\"fatal\",\"code\":\"x\"}]' WHERE id = 2")
        << QStringLiteral("notes");
    QTest::addRow("notes an object") << QStringLiteral("UPDATE timeline_events SET notes = '{}' WHERE id = 2")
                                     << QStringLiteral("notes");
    QTest::addRow("content change out of range")
        << QStringLiteral("UPDATE timeline_events SET content_changed = 9 WHERE id = 2")
        << QStringLiteral("content-change");
    QTest::addRow("text in a number column")
        << QStringLiteral("UPDATE timeline_events SET bytes_saved = 'lots' WHERE id = 2")
        << QStringLiteral("not a number");
    QTest::addRow("empty URL") << QStringLiteral("UPDATE timeline_events SET url = '' WHERE id = 2")
                               << QStringLiteral("URL");
}

void tst_TimelineStore::corruptRows()
{
    QFETCH(QString, damage);
    QFETCH(QString, expected);
    TimelineStore timeline(&m_store);
    QList<TimelineEvent> events { makeEvent(QStringLiteral("http://a.test/"), 0, 200),
        makeEvent(QStringLiteral("http://a.test/"), 1, 304), makeEvent(QStringLiteral("http://a.test/"), 2, 304) };
    QVERIFY(timeline.append(events));
    QCOMPARE(events.at(1).id, 2);
    QVERIFY(runSql(m_store, damage));
    QStringList problems;
    const QList<TimelineEvent> listed = timeline.allEvents(0, &problems);
    QCOMPARE(listed.size(), 2);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(expected), qPrintable(problems.first()));
    QVERIFY(problems.first().contains(QLatin1String("event 2")));
    QVERIFY(timeline.errorString().isEmpty()); // a bad row is not a failed read
    QVERIFY(timeline.events(QUrl(QStringLiteral("http://a.test/"))).size() <= 2); // no problems list: still no crash
}

void tst_TimelineStore::closedStore()
{
    ValidatorStore closed;
    TimelineStore timeline(&closed);
    TimelineEvent event = makeEvent(QStringLiteral("http://a.test/"), 0, 200);
    QVERIFY(!timeline.append(event));
    QVERIFY(timeline.errorString().contains(QLatin1String("not open")));
    QVERIFY(timeline.allEvents().isEmpty());
    QCOMPARE(timeline.eventCount(), -1);
    QVERIFY(!timeline.totals());
    QCOMPARE(timeline.clearAll(), -1);
    TimelineStore none(nullptr);
    QVERIFY(none.watchedItems().isEmpty());
    QVERIFY(!none.errorString().isEmpty());
}

void tst_TimelineStore::migratesVersion1File()
{
    m_store.close();
    const QString v1 = m_dir->filePath(QStringLiteral("v1.sqlite"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tst-v1"));
        db.setDatabaseName(v1);
        QVERIFY(db.open());
        QSqlQuery query(db);
        for (const char *statement : v1Schema)
            QVERIFY2(query.exec(QString::fromLatin1(statement)), qPrintable(query.lastError().text()));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("tst-v1"));

    ValidatorStore store;
    QVERIFY2(store.open(v1), qPrintable(store.errorString()));
    QVERIFY(store.recoveryNotice().isEmpty()); // upgraded in place, not moved aside
    QCOMPARE(store.count(), 1); // the v1 entry is still there
    QCOMPARE(store.get(1)->body, QByteArray("hello"));
    QSqlQuery query(store.database());
    QVERIFY(query.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) && query.next());
    QCOMPARE(query.value(0).toInt(), StoreSchema::latestVersion());
    QVERIFY(StoreSchema::latestVersion() >= 2);
    query.finish();
    TimelineStore timeline(&store);
    TimelineEvent event = makeEvent(QStringLiteral("http://example.com/a"), 0, 304, 10);
    QVERIFY2(timeline.append(event), qPrintable(timeline.errorString()));
    QCOMPARE(timeline.eventCount(), 1);

    // A version 2 file missing its timeline table is damaged: moved aside, not crashed on.
    QVERIFY(runSql(store, QStringLiteral("DROP TABLE timeline_events")));
    store.close();
    ValidatorStore again;
    QVERIFY(again.open(v1));
    QVERIFY2(again.recoveryNotice().contains(QLatin1String("timeline_events")), qPrintable(again.recoveryNotice()));
    QCOMPARE(TimelineStore(&again).eventCount(), 0);
}

void tst_TimelineStore::headerBlocksRoundTrip_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<HttpHeaders>("request");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<HttpHeaders>("response");
    QTest::addRow("a conditional GET and its 304")
        << QByteArray("GET")
        << HttpHeaders { { "Host", "a.test" }, { "If-None-Match", "\"v1\"" }, { "Authorization", "Bearer secret" } }
        << QByteArray("Not Modified") << HttpHeaders { { "ETag", "\"v1\"" }, { "Set-Cookie", "s=1" } };
    QTest::addRow("duplicates, odd spelling and order kept")
        << QByteArray("PATCH") << HttpHeaders { { "x-a", "1" }, { "X-A", "2" }, { "accept", "*/*" } } << QByteArray("OK")
        << HttpHeaders { { "Vary", "a" }, { "vary", "b" } };
    QTest::addRow("hostile bytes: CR LF NUL percent and colons")
        << QByteArray("GET") << HttpHeaders { { "X-Odd", QByteArray("a\r\nb\0c%41:", 10) }, { "Na:me", "v" } }
        << QByteArray("Weird\xff reason") << HttpHeaders { { "X-Empty", "" }, { "X-Latin", "caf\xe9" } };
    QTest::addRow("no response") << QByteArray("GET") << HttpHeaders { { "Host", "down.test" } } << QByteArray()
                                 << HttpHeaders {};
    QTest::addRow("nothing at all") << QByteArray() << HttpHeaders {} << QByteArray() << HttpHeaders {};
}

void tst_TimelineStore::headerBlocksRoundTrip()
{
    QFETCH(QByteArray, method);
    QFETCH(HttpHeaders, request);
    QFETCH(QByteArray, reason);
    QFETCH(HttpHeaders, response);
    TimelineStore timeline(&m_store);
    TimelineEvent event = makeEvent(QStringLiteral("http://a.test/h"), 0, response.isEmpty() ? 0 : 304);
    event.requestMethod = method;
    event.requestHeaders = request;
    event.responseHttpVersion = response.isEmpty() ? QByteArray() : QByteArray("HTTP/1.1");
    event.responseStatusText = reason;
    event.responseHeaders = response;
    QVERIFY2(timeline.append(event), qPrintable(timeline.errorString()));
    const auto read = timeline.lastEvent(event.url);
    QVERIFY(read);
    QCOMPARE(read->requestMethod, method);
    QCOMPARE(read->requestHeaders, request);
    QCOMPARE(read->responseStatusText, reason);
    QCOMPARE(read->responseHeaders, response);
    QCOMPARE(*read, event);
}

void tst_TimelineStore::headerBlocksFromExchange()
{
    Exchange exchange;
    exchange.request.url = QUrl(QStringLiteral("http://a.test/x"));
    exchange.request.method = "GET";
    exchange.request.headers = HttpHeaders { { "X-Asked", "1" } };
    exchange.requestHeadersSent = HttpHeaders { { "Host", "a.test" }, { "X-Asked", "1" }, { "If-None-Match", "\"v\"" } };
    exchange.httpVersion = "HTTP/1.0";
    exchange.status = 304;
    exchange.reason = "Not Modified";
    exchange.responseHeaders = HttpHeaders { { "ETag", "\"v\"" } };
    const TimelineEvent event = timelineEventFromExchange(exchange);
    QCOMPARE(event.requestMethod, QByteArray("GET"));
    QCOMPARE(event.requestHeaders, exchange.requestHeadersSent); // as sent, not as asked
    QCOMPARE(event.responseHttpVersion, QByteArray("HTTP/1.0"));
    QCOMPARE(event.responseStatusText, QByteArray("Not Modified"));
    QCOMPARE(event.responseHeaders, exchange.responseHeaders);

    Exchange failed;
    failed.request.url = QUrl(QStringLiteral("http://down.test/"));
    failed.error = ExchangeError::ConnectionRefused;
    failed.reason = "stale";
    const TimelineEvent none = timelineEventFromExchange(failed);
    QVERIFY(none.responseStatusText.isEmpty());
    QVERIFY(none.responseHttpVersion.isEmpty());
}

void tst_TimelineStore::migratesVersion2File()
{
    m_store.close();
    const QString v2 = m_dir->filePath(QStringLiteral("v2.sqlite"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tst-v2"));
        db.setDatabaseName(v2);
        QVERIFY(db.open());
        QSqlQuery query(db);
        for (const char *statement : v1Schema)
            QVERIFY2(query.exec(QString::fromLatin1(statement)), qPrintable(query.lastError().text()));
        for (const char *statement : v2Additions)
            QVERIFY2(query.exec(QString::fromLatin1(statement)), qPrintable(query.lastError().text()));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("tst-v2"));

    ValidatorStore store;
    QVERIFY2(store.open(v2), qPrintable(store.errorString()));
    QVERIFY(store.recoveryNotice().isEmpty());
    QSqlQuery query(store.database());
    QVERIFY(query.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) && query.next());
    QCOMPARE(query.value(0).toInt(), StoreSchema::latestVersion());
    QVERIFY(StoreSchema::latestVersion() >= 3);
    query.finish();
    TimelineStore timeline(&store);
    QStringList problems;
    const QList<TimelineEvent> old = timeline.allEvents(0, &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QCOMPARE(old.size(), 1); // the version 2 row is kept, with empty header blocks
    QCOMPARE(old.first().status, 304);
    QCOMPARE(old.first().bytesSaved, 380);
    QVERIFY(old.first().requestMethod.isEmpty());
    QVERIFY(old.first().requestHeaders.isEmpty());
    QVERIFY(old.first().responseHeaders.isEmpty());

    TimelineEvent event = makeEvent(QStringLiteral("http://example.com/a"), 10, 304, 10);
    event.requestMethod = "GET";
    event.requestHeaders = HttpHeaders { { "If-None-Match", "\"a\"" } };
    event.responseHeaders = HttpHeaders { { "ETag", "\"a\"" } };
    QVERIFY2(timeline.append(event), qPrintable(timeline.errorString()));
    QCOMPARE(timeline.lastEvent(event.url)->requestHeaders, event.requestHeaders);
    store.close();

    ValidatorStore again; // opening a version 3 file again changes nothing
    QVERIFY(again.open(v2));
    QVERIFY(again.recoveryNotice().isEmpty());
    QCOMPARE(TimelineStore(&again).eventCount(), 2);
}

QTEST_GUILESS_MAIN(tst_TimelineStore)
#include "tst_timelinestore.moc"
