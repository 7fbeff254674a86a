#include "client/watchscheduler.h"
#include "watchschedulertesting.h"

#include <algorithm>
#include <QRandomGenerator>
#include <QTest>

using namespace CacheScope;
using namespace CacheScope::WatchTesting;

Q_DECLARE_METATYPE(CacheScope::RetryAfter)
Q_DECLARE_METATYPE(CacheScope::WatchItem)
Q_DECLARE_METATYPE(CacheScope::WatchMode)
Q_DECLARE_METATYPE(CacheScope::RetryAfter::Kind)
Q_DECLARE_METATYPE(CacheScope::WatchState)

class TestWatchScheduler : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void add_data()
    {
        QTest::addColumn<WatchItem>("item");
        QTest::addColumn<QString>("error"); // a fragment of the error; empty when accepted
        QTest::addRow("valid") << intervalItem(1, 30000) << QString();
        QTest::addRow("valid, non-ASCII host")
            << intervalItem(1, 30000, QStringLiteral("http://bücher.example/ä")) << QString();
        QTest::addRow("valid, minimum interval") << intervalItem(1, 1000) << QString();
        QTest::addRow("id 0") << intervalItem(0, 30000) << QStringLiteral("must be positive");
        QTest::addRow("negative id") << intervalItem(-4, 30000) << QStringLiteral("must be positive");
        QTest::addRow("duplicate id") << intervalItem(7, 30000) << QStringLiteral("already in use");
        QTest::addRow("empty URL") << intervalItem(1, 30000, QString()) << QStringLiteral("not an http or https URL");
        QTest::addRow("whitespace URL") << intervalItem(1, 30000, QStringLiteral("   "))
                                        << QStringLiteral("not an http or https URL");
        QTest::addRow("ftp URL") << intervalItem(1, 30000, QStringLiteral("ftp://example.com/"))
                                 << QStringLiteral("not an http or https URL");
        QTest::addRow("no host") << intervalItem(1, 30000, QStringLiteral("http:///path"))
                                 << QStringLiteral("not an http or https URL");
        QTest::addRow("garbage") << intervalItem(1, 30000, QStringLiteral("::\x01 nope"))
                                 << QStringLiteral("not an http or https URL");
        QTest::addRow("interval 0") << intervalItem(1, 0) << QStringLiteral("out of range");
        QTest::addRow("interval 999 ms") << intervalItem(1, 999) << QStringLiteral("out of range");
        QTest::addRow("negative interval") << intervalItem(1, -30000) << QStringLiteral("out of range");
        QTest::addRow("huge interval") << intervalItem(1, std::numeric_limits<qint64>::max())
                                       << QStringLiteral("out of range");
        WatchItem stale = staleItem(1);
        stale.intervalMs = -1; // not used in WhenStale mode
        QTest::addRow("when stale ignores the interval") << stale << QString();
    }
    void add()
    {
        QFETCH(WatchItem, item);
        QFETCH(QString, error);
        WatchScheduler scheduler;
        QVERIFY(scheduler.add(intervalItem(7, 60000), kT0));
        QString why = QStringLiteral("stale text");
        const bool added = scheduler.add(item, kT0, &why);
        QCOMPARE(added, error.isEmpty());
        QVERIFY2(error.isEmpty() ? why.isEmpty() : why.contains(error), qPrintable(why));
        QCOMPARE(scheduler.ids().size(), added ? 2 : 1);
        QVERIFY(!scheduler.add(intervalItem(8, 60000), QDateTime(), &why));
        QVERIFY(why.contains(QStringLiteral("current time")));
    }

    void hostKey_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("key");
        QTest::addRow("default http port")
            << QStringLiteral("HTTP://Example.COM/x") << QStringLiteral("http://example.com:80");
        QTest::addRow("default https port")
            << QStringLiteral("https://example.com") << QStringLiteral("https://example.com:443");
        QTest::addRow("explicit port") << QStringLiteral("https://example.com:8443/")
                                       << QStringLiteral("https://example.com:8443");
        QTest::addRow("explicit default port")
            << QStringLiteral("http://example.com:80/") << QStringLiteral("http://example.com:80");
        QTest::addRow("IPv6") << QStringLiteral("http://[::1]:8080/") << QStringLiteral("http://[::1]:8080");
    }
    void hostKey()
    {
        QFETCH(QString, url);
        QFETCH(QString, key);
        QCOMPARE(WatchScheduler::hostKey(QUrl(url)), key);
    }

    void interval_data()
    {
        QTest::addColumn<qint64>("intervalMs");
        QTest::addColumn<int>("items");
        QTest::addColumn<qint64>("addedAtMs");
        QTest::addRow("30 s, one item") << qint64(30000) << 1 << qint64(7000);
        QTest::addRow("1 s, one item") << qint64(1000) << 1 << qint64(0);
        QTest::addRow("1 h, one item") << qint64(3600000) << 1 << qint64(1234567);
        QTest::addRow("7 s, three items") << qint64(7000) << 3 << qint64(500);
        QTest::addRow("10 s, four items") << qint64(10000) << 4 << qint64(10000);
    }
    void interval()
    {
        QFETCH(qint64, intervalMs);
        QFETCH(int, items);
        QFETCH(qint64, addedAtMs);
        WatchScheduler scheduler;
        for (int i = 1; i <= items; ++i)
            QVERIFY(scheduler.add(intervalItem(i, intervalMs, QStringLiteral("https://h%1.example/")), at(addedAtMs)));
        const QList<Fire> fires = simulate(scheduler, addedAtMs, addedAtMs + 5 * intervalMs);
        for (int i = 1; i <= items; ++i) {
            QList<qint64> times;
            for (const Fire &fire : fires) {
                if (fire.id == i)
                    times.append(fire.atMs);
            }
            QCOMPARE(times.size(), 5);
            // Item i has the phase (i-1)/items of the interval, from the epoch.
            const qint64 phase = (i - 1) * intervalMs / items;
            QCOMPARE((kT0.toMSecsSinceEpoch() + times.first()) % intervalMs, phase);
            QVERIFY(times.first() >= addedAtMs && times.first() < addedAtMs + intervalMs);
            for (int k = 1; k < times.size(); ++k)
                QCOMPARE(times.at(k) - times.at(k - 1), intervalMs);
        }
    }

    void reasonText()
    {
        WatchScheduler scheduler;
        QVERIFY(scheduler.add(intervalItem(1, 30000), at(18000)));
        const WatchStatus status = scheduler.status(1, at(18000));
        QCOMPARE(status.state, WatchState::Scheduled);
        QCOMPARE(status.reason, QStringLiteral("next in 12 s (interval 30 s)"));
        QCOMPARE(status.nextAt, at(30000));
        QCOMPARE(scheduler.nextWakeUp(at(18000)), at(30000));
        QCOMPARE(scheduler.status(99, kT0).reason, QStringLiteral("not watched"));
        QCOMPARE(scheduler.status(1, at(30000)).reason, QStringLiteral("due now (interval 30 s)"));
        QCOMPARE(scheduler.status(1, at(30000)).state, WatchState::Due);
        scheduler.takeDue(at(30000));
        QCOMPARE(scheduler.status(1, at(30001)).state, WatchState::InFlight);
        QVERIFY(!scheduler.status(1, at(30001)).nextAt.isValid());
    }

    void whenStale_data()
    {
        QTest::addColumn<qint64>("staleInMs"); // after the exchange; -1: unknown
        QTest::addColumn<QString>("staleNote");
        QTest::addColumn<qint64>("expectedDueMs"); // since kT0; the exchange starts at 0 and ends at 400
        QTest::addColumn<QString>("reason"); // at the end of the exchange
        QTest::addRow("stale in 300 s") << qint64(300000) << QString() << qint64(300400)
                                        << QStringLiteral("next in 5 min (when the stored response goes stale)");
        QTest::addRow("stale in 1 ms: at least 1 s after the start") << qint64(
            1) << QString() << qint64(1000) << QStringLiteral("next in 1 s (when the stored response goes stale)");
        QTest::addRow("stale in a year") << qint64(365) * 86400000 << QString() << qint64(365) * 86400000 + 400
                                         << QStringLiteral("next in 365 d (when the stored response goes stale)");
        QTest::addRow("unknown: fallback") << qint64(-1) << QString() << qint64(60000)
                                           << QStringLiteral("next in 1 min (staleness unknown: checking every 1 min)");
        QTest::addRow("unknown, with the caller's note")
            << qint64(-1) << QStringLiteral("no max-age or Expires") << qint64(60000)
            << QStringLiteral("next in 1 min (no max-age or Expires: checking every 1 min)");
        QTest::addRow("already stale on arrival") << qint64(0) << QString() << qint64(60000)
                                                  << QStringLiteral("next in 1 min (the stored response is already "
                                                                    "stale: checking every 1 min)");
    }
    void whenStale()
    {
        QFETCH(qint64, staleInMs);
        QFETCH(QString, staleNote);
        QFETCH(qint64, expectedDueMs);
        QFETCH(QString, reason);
        WatchScheduler scheduler;
        QVERIFY(scheduler.add(staleItem(1), kT0));
        // Nothing known yet: the first check is on the fallback grid (phase 0 for the only item).
        QCOMPARE(scheduler.dueItems(kT0), QList<qint64> { 1 });
        QCOMPARE(scheduler.takeDue(kT0), QList<qint64> { 1 });
        const QDateTime done = at(400);
        WatchOutcome result = outcome(200, staleInMs < 0 ? QDateTime() : done.addMSecs(staleInMs));
        result.staleNote = staleNote;
        QVERIFY(scheduler.finished(1, result, done));
        // Without a usable staleness the fallback grid applies, phase 0: kT0 + 60 s.
        QCOMPARE(sinceT0(scheduler.nextWakeUp(done)), expectedDueMs);
        QCOMPARE(scheduler.status(1, done).reason, reason);
        QVERIFY(scheduler.dueItems(at(expectedDueMs - 1)).isEmpty());
        QCOMPARE(scheduler.dueItems(at(expectedDueMs)), QList<qint64> { 1 });
    }

    void whenStaleKnownAtAdd()
    {
        WatchScheduler scheduler;
        WatchItem item = staleItem(1);
        item.staleAt = at(90000);
        QVERIFY(scheduler.add(item, kT0));
        QCOMPARE(scheduler.nextWakeUp(kT0), at(90000));
        item.id = 2;
        item.staleAt = at(-5000); // stale already: first check on the fallback grid, not at once
        QVERIFY(scheduler.add(item, kT0));
        QCOMPARE(scheduler.status(2, kT0).nextAt, at(30000)); // rank 1 of 2 on a 60 s grid
    }

    void spread_data()
    {
        QTest::addColumn<QList<qint64>>("ids");
        QList<qint64> sequential;
        for (qint64 id = 1; id <= 100; ++id)
            sequential.append(id);
        QList<qint64> reversed = sequential;
        std::reverse(reversed.begin(), reversed.end());
        QList<qint64> gaps;
        QRandomGenerator random(42);
        while (gaps.size() < 100) {
            const qint64 id = random.bounded(1, 1000000);
            if (!gaps.contains(id))
                gaps.append(id);
        }
        QTest::addRow("ids 1..100") << sequential;
        QTest::addRow("added in reverse") << reversed;
        QTest::addRow("random ids with gaps") << gaps;
    }
    void spread()
    {
        QFETCH(QList<qint64>, ids);
        const qint64 interval = 10000;
        WatchScheduler scheduler;
        for (const qint64 id : ids)
            QVERIFY(scheduler.add(intervalItem(id, interval, QStringLiteral("https://h%1.example/")), at(3300)));
        const QList<Fire> fires = simulate(scheduler, 3300, 63300);
        QCOMPARE(fires.size(), 600);
        QHash<qint64, int> perSecond;
        QHash<qint64, int> perInstant;
        for (const Fire &fire : fires) {
            ++perSecond[fire.atMs / 1000];
            ++perInstant[fire.atMs];
        }
        // A fair share is 10 a second: 100 items over 10 s (the first and last seconds are partial).
        for (auto it = perSecond.cbegin(); it != perSecond.cend(); ++it) {
            const bool whole = it.key() > 3 && it.key() < 63;
            QVERIFY2(whole ? it.value() == 10 : it.value() <= 10,
                qPrintable(QStringLiteral("second %1: %2").arg(it.key()).arg(it.value())));
        }
        for (const int count : std::as_const(perInstant))
            QCOMPARE(count, 1);

        // After a restart the same items get the same phases, whatever time they are re-added at.
        QHash<qint64, qint64> phase;
        for (const qint64 id : ids)
            phase.insert(id, scheduler.status(id, at(63300)).nextAt.toMSecsSinceEpoch() % interval);
        WatchScheduler restarted;
        std::sort(ids.begin(), ids.end());
        for (const qint64 id : ids)
            QVERIFY(restarted.add(intervalItem(id, interval, QStringLiteral("https://h%1.example/")), at(1234567)));
        for (const qint64 id : ids) {
            const QDateTime next = restarted.status(id, at(1234567)).nextAt;
            QCOMPARE(next.toMSecsSinceEpoch() % interval, phase.value(id));
            QVERIFY(sinceT0(next) < 1234567 + interval);
        }
    }

    void perHostLimit_data()
    {
        QTest::addColumn<int>("perHost");
        QTest::addColumn<int>("global");
        QTest::addColumn<QStringList>("urls"); // ids 1..n in this order, all due at the same time
        QTest::addColumn<int>("started");
        QTest::addColumn<QString>("waitingReason"); // of the first item left waiting
        const QString a = QStringLiteral("https://example.com/%1");
        QStringList seven;
        for (int i = 0; i < 7; ++i)
            seven.append(a);
        QTest::addRow("7 on one host, limit 6")
            << 6 << 24 << seven << 6 << QStringLiteral("waiting: 6 requests in flight to example.com");
        QTest::addRow("limit 1") << 1 << 24 << QStringList { a, a, a } << 1
                                 << QStringLiteral("waiting: 1 request in flight to example.com");
        QTest::addRow("other hosts are not held up")
            << 6 << 24 << (seven + QStringList { QStringLiteral("https://other.example/%1") }) << 7
            << QStringLiteral("waiting: 6 requests in flight to example.com");
        QTest::addRow("a port is another host")
            << 1 << 24
            << QStringList { QStringLiteral("https://example.com:8443/%1"),
                   QStringLiteral("https://example.com:8443/%1"), QStringLiteral("https://example.com/%1") }
            << 2 << QStringLiteral("waiting: 1 request in flight to example.com:8443");
        QTest::addRow("http and https are other hosts")
            << 1 << 24 << QStringList { QStringLiteral("http://example.com/%1"), a, a } << 2
            << QStringLiteral("waiting: 1 request in flight to example.com");
        QTest::addRow("global limit") << 6 << 4
                                      << QStringList { a, a, a, QStringLiteral("https://b.example/%1"),
                                             QStringLiteral("https://b.example/%1"),
                                             QStringLiteral("https://c.example/%1") }
                                      << 4 << QStringLiteral("waiting: 4 requests in flight in total (limit 4)");
    }
    void perHostLimit()
    {
        QFETCH(int, perHost);
        QFETCH(int, global);
        QFETCH(QStringList, urls);
        QFETCH(int, started);
        QFETCH(QString, waitingReason);
        WatchScheduler::Settings settings;
        settings.perHostLimit = perHost;
        settings.globalLimit = global;
        WatchScheduler scheduler(settings);
        for (int i = 0; i < urls.size(); ++i) {
            WatchItem item = staleItem(i + 1, urls.at(i));
            item.staleAt = at(10000);
            QVERIFY(scheduler.add(item, kT0));
        }
        QVERIFY(scheduler.dueItems(at(9999)).isEmpty());
        const QList<qint64> first = scheduler.takeDue(at(10000));
        QCOMPARE(first.size(), started);
        QCOMPARE(scheduler.inFlightCount(), started);
        qint64 waiting = 0;
        for (qint64 id = 1; id <= urls.size() && waiting == 0; ++id)
            waiting = first.contains(id) ? 0 : id;
        QVERIFY(waiting > 0);
        const WatchStatus status = scheduler.status(waiting, at(10000));
        QVERIFY(status.state == WatchState::WaitingForHost || status.state == WatchState::WaitingForSlot);
        QCOMPARE(status.reason, waitingReason);
        // Nothing to wake up for: only finished() frees a slot.
        QVERIFY(scheduler.dueItems(at(10500)).isEmpty());
        QVERIFY(!scheduler.nextWakeUp(at(10500)).isValid());
        // Freeing a slot of the waiting item's host lets it (and only then) go.
        const QString waitingHost = WatchScheduler::hostKey(scheduler.item(waiting).url);
        qint64 sameHost = 0;
        for (const qint64 id : first) {
            if (WatchScheduler::hostKey(scheduler.item(id).url) == waitingHost || global < perHost)
                sameHost = id;
        }
        QVERIFY(scheduler.finished(sameHost, outcome(200, at(900000)), at(11000)));
        QCOMPARE(scheduler.nextWakeUp(at(11000)), at(11000));
        QCOMPARE(scheduler.takeDue(at(11000)), QList<qint64> { waiting });
        QCOMPARE(scheduler.status(waiting, at(11000)).state, WatchState::InFlight);
    }

    void backoff_data()
    {
        QTest::addColumn<WatchMode>("mode");
        QTest::addColumn<qint64>("intervalMs");
        QTest::addColumn<QList<int>>("statuses");
        QTest::addColumn<QList<qint64>>("delaysS"); // wait after each outcome
        QTest::addColumn<QString>("lastReason");
        QTest::addRow("network errors from 5 s")
            << WatchMode::WhenStale << qint64(0) << QList<int> { 0, 0, 0 } << QList<qint64> { 10, 20, 40 }
            << QStringLiteral("next in 40 s (backing off 40 s after 3 errors)");
        QTest::addRow("5xx from the interval")
            << WatchMode::Interval << qint64(30000) << QList<int> { 500, 502, 504 } << QList<qint64> { 60, 120, 240 }
            << QStringLiteral("next in 4 min (backing off 4 min after 3 errors)");
        // 70 errors in a row: past any overflow of 5 s * 2^n.
        QList<qint64> capped { 10, 20, 40, 80, 160, 320, 640 };
        while (capped.size() < 70)
            capped.append(900);
        QTest::addRow("capped at 15 min") << WatchMode::WhenStale << qint64(0) << QList<int>(70, 0) << capped
                                          << QStringLiteral("next in 15 min (backing off 15 min after 70 errors)");
        QTest::addRow("never more often than the interval")
            << WatchMode::Interval << qint64(3600000) << QList<int> { 0 } << QList<qint64> { 3600 }
            << QStringLiteral("next in 1 h (backing off 1 h after 1 error)");
        QTest::addRow("reset on success")
            << WatchMode::WhenStale << qint64(0) << QList<int> { 0, 0, 200, 0 } << QList<qint64> { 10, 20, 300, 10 }
            << QStringLiteral("next in 10 s (backing off 10 s after 1 error)");
        QTest::addRow("a 304 is a success")
            << WatchMode::WhenStale << qint64(0) << QList<int> { 503, 304, 500 } << QList<qint64> { 10, 300, 10 }
            << QStringLiteral("next in 10 s (backing off 10 s after 1 error)");
        QTest::addRow("429 without Retry-After backs off")
            << WatchMode::WhenStale << qint64(0) << QList<int> { 429, 429 } << QList<qint64> { 10, 20 }
            << QStringLiteral("next in 20 s (backing off 20 s after 2 errors)");
        QTest::addRow("404 is an answer, not an error")
            << WatchMode::WhenStale << qint64(0) << QList<int> { 0, 404 } << QList<qint64> { 10, 300 }
            << QStringLiteral("next in 5 min (when the stored response goes stale)");
        QTest::addRow("status 999 counts as a server error")
            << WatchMode::WhenStale << qint64(0) << QList<int> { 999 } << QList<qint64> { 10 }
            << QStringLiteral("next in 10 s (backing off 10 s after 1 error)");
    }
    void backoff()
    {
        QFETCH(WatchMode, mode);
        QFETCH(qint64, intervalMs);
        QFETCH(QList<int>, statuses);
        QFETCH(QList<qint64>, delaysS);
        QFETCH(QString, lastReason);
        WatchScheduler scheduler;
        WatchItem item = mode == WatchMode::Interval ? intervalItem(1, intervalMs) : staleItem(1);
        QVERIFY(scheduler.add(item, kT0));
        QDateTime now = kT0;
        for (int i = 0; i < statuses.size(); ++i) {
            QCOMPARE(scheduler.takeDue(now), QList<qint64> { 1 });
            QVERIFY(scheduler.finished(1, outcome(statuses.at(i), now.addSecs(300)), now));
            const QDateTime next = scheduler.nextWakeUp(now);
            QCOMPARE(now.secsTo(next), delaysS.at(i));
            QVERIFY(scheduler.dueItems(next.addMSecs(-1)).isEmpty());
            if (i + 1 == statuses.size())
                QCOMPARE(scheduler.status(1, now).reason, lastReason);
            now = next;
        }
        const bool failedLast = statuses.last() <= 0 || statuses.last() >= 429;
        QCOMPARE(scheduler.status(1, kT0).state, failedLast ? WatchState::BackingOff : WatchState::Scheduled);
    }

    void retryAfter_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<RetryAfter>("retryAfter");
        QTest::addColumn<qint64>("waitS");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("note");
        const QString backoff = QStringLiteral("next in 10 s (backing off 10 s after 1 error)");
        QTest::addRow("429, seconds") << 429 << RetryAfter::delay(120) << qint64(120)
                                      << QStringLiteral("next in 2 min (Retry-After: 2 min)") << QString();
        QTest::addRow("503, seconds") << 503 << RetryAfter::fromDeltaSeconds(" 45 ") << qint64(45)
                                      << QStringLiteral("next in 45 s (Retry-After: 45 s)") << QString();
        // The server's clock is an hour off ours: only the difference between its two dates counts.
        QTest::addRow("503, date relative to the response's Date")
            << 503 << RetryAfter::at(at(3600000 + 90000), at(3600000)) << qint64(90)
            << QStringLiteral("next in 1 min 30 s (Retry-After: 1 min 30 s)") << QString();
        QTest::addRow("429, date without a Date header")
            << 429 << RetryAfter::at(at(45000)) << qint64(45) << QStringLiteral("next in 45 s (Retry-After: 45 s)")
            << QString();
        QTest::addRow("date in the past: the 1 s floor")
            << 503 << RetryAfter::at(at(-45000)) << qint64(1) << QStringLiteral("next in 1 s (Retry-After: 1 s)")
            << QString();
        QTest::addRow("0 seconds: the 1 s floor") << 429 << RetryAfter::delay(0) << qint64(1)
                                                  << QStringLiteral("next in 1 s (Retry-After: 1 s)") << QString();
        QTest::addRow("huge: capped to a day")
            << 503 << RetryAfter::fromDeltaSeconds("999999999999999999999999999999") << qint64(86400)
            << QStringLiteral("next in 1 d (Retry-After: 1 d)") << QStringLiteral("capped to 1 d");
        QTest::addRow("garbage: ignored, backoff") << 503 << RetryAfter::fromDeltaSeconds("soon") << qint64(10)
                                                   << backoff << QStringLiteral("Retry-After \"soon\" ignored");
        QTest::addRow("negative: ignored") << 429 << RetryAfter::delay(-5, "-5") << qint64(10) << backoff
                                           << QStringLiteral("Retry-After \"-5\" ignored: a negative delay");
        QTest::addRow("invalid date: ignored") << 503 << RetryAfter::at(QDateTime(), {}, "Blursday") << qint64(10)
                                               << backoff << QStringLiteral("not a valid HTTP-date");
        QTest::addRow("500 does not honour it") << 500 << RetryAfter::delay(120) << qint64(10) << backoff << QString();
        QTest::addRow("network error") << 0 << RetryAfter::delay(120) << qint64(10) << backoff << QString();
        QTest::addRow("200 ignores it") << 200 << RetryAfter::delay(120) << qint64(300)
                                        << QStringLiteral("next in 5 min (when the stored response goes stale)")
                                        << QString();
    }
    void retryAfter()
    {
        QFETCH(int, status);
        QFETCH(RetryAfter, retryAfter);
        QFETCH(qint64, waitS);
        QFETCH(QString, reason);
        QFETCH(QString, note);
        WatchScheduler scheduler;
        QVERIFY(scheduler.add(staleItem(1), kT0));
        QCOMPARE(scheduler.takeDue(kT0), QList<qint64> { 1 });
        WatchOutcome result = outcome(status, at(300000));
        result.retryAfter = retryAfter;
        QVERIFY(scheduler.finished(1, result, kT0));
        QCOMPARE(kT0.secsTo(scheduler.nextWakeUp(kT0)), waitS);
        const WatchStatus st = scheduler.status(1, kT0);
        QCOMPARE(st.reason, reason);
        QVERIFY2(note.isEmpty() ? st.note.isEmpty() : st.note.contains(note), qPrintable(st.note));
        if (status == 429 || status == 503)
            QCOMPARE(st.state,
                note.isEmpty() || note.contains(QLatin1String("capped")) ? WatchState::RetryAfter
                                                                         : WatchState::BackingOff);
        // A server's Retry-After outlives a change of schedule.
        if (st.state == WatchState::RetryAfter) {
            QVERIFY(scheduler.setMode(1, WatchMode::Interval, 5000, kT0));
            QCOMPARE(kT0.secsTo(scheduler.nextWakeUp(kT0)), waitS);
        }
    }

    void pauseResume()
    {
        WatchScheduler scheduler;
        QVERIFY(scheduler.add(intervalItem(1, 10000), kT0));
        QVERIFY(scheduler.add(intervalItem(2, 10000), kT0));
        QVERIFY(scheduler.setPaused(1, true, kT0));
        QVERIFY(!scheduler.setPaused(3, true, kT0));
        QCOMPARE(scheduler.status(1, kT0).state, WatchState::Paused);
        QCOMPARE(scheduler.status(1, kT0).reason, QStringLiteral("paused"));
        QVERIFY(!scheduler.status(1, kT0).nextAt.isValid());
        const QList<Fire> fires = simulate(scheduler, 0, 60000);
        QVERIFY(std::none_of(fires.cbegin(), fires.cend(), [](const Fire &f) { return f.id == 1; }));
        QCOMPARE(fires.size(), 6);
        // Resuming puts it back on its grid (phase 0), not due at once.
        QVERIFY(scheduler.setPaused(1, false, at(61000)));
        QCOMPARE(scheduler.status(1, at(61000)).nextAt, at(70000));

        // Pause all: everything stops, and resuming all keeps an item's own pause.
        QVERIFY(scheduler.setPaused(2, true, at(61000)));
        scheduler.setAllPaused(true, at(61000));
        QVERIFY(scheduler.allPaused());
        QCOMPARE(scheduler.status(1, at(61000)).reason, QStringLiteral("paused (all watching is paused)"));
        QVERIFY(!scheduler.nextWakeUp(at(61000)).isValid());
        QVERIFY(scheduler.dueItems(at(500000)).isEmpty());
        scheduler.setAllPaused(false, at(500000));
        QCOMPARE(scheduler.status(1, at(500000)).state, WatchState::Due); // on its grid slot
        QCOMPARE(scheduler.status(2, at(500000)).state, WatchState::Paused);

        // Paused while in flight: the exchange finishes, the item stays paused.
        QCOMPARE(scheduler.takeDue(at(500000)), QList<qint64> { 1 });
        QVERIFY(scheduler.setPaused(1, true, at(500100)));
        QCOMPARE(scheduler.status(1, at(500100)).state, WatchState::InFlight);
        QVERIFY(scheduler.finished(1, outcome(200), at(500200)));
        QCOMPARE(scheduler.status(1, at(500200)).state, WatchState::Paused);
    }

    void resumeDoesNotBurst()
    {
        WatchScheduler scheduler;
        for (qint64 id = 1; id <= 100; ++id)
            QVERIFY(scheduler.add(intervalItem(id, 10000, QStringLiteral("https://h%1.example/")), kT0));
        scheduler.setAllPaused(true, kT0);
        scheduler.setAllPaused(false, at(3600500));
        QVERIFY(scheduler.dueItems(at(3600500)).size() <= 1);
        const QList<Fire> fires = simulate(scheduler, 3600500, 3610500);
        QCOMPARE(fires.size(), 100);
        QHash<qint64, int> perSecond;
        for (const Fire &fire : fires)
            ++perSecond[fire.atMs / 1000];
        for (const int count : std::as_const(perSecond))
            QVERIFY(count <= 10);
    }

    void onDemand()
    {
        WatchScheduler::Settings settings;
        settings.perHostLimit = 1;
        WatchScheduler scheduler(settings);
        QVERIFY(scheduler.add(intervalItem(1, 3600000), at(1000)));
        QVERIFY(scheduler.add(intervalItem(2, 3600000), at(1000)));
        QVERIFY(scheduler.dueItems(at(1000)).isEmpty());
        QVERIFY(!scheduler.revalidateNow(99));
        QVERIFY(scheduler.revalidateNow(2));
        QCOMPARE(scheduler.status(2, at(1000)).reason, QStringLiteral("revalidating now (requested)"));
        QCOMPARE(scheduler.nextWakeUp(at(1000)), at(1000));
        QCOMPARE(scheduler.takeDue(at(1000)), QList<qint64> { 2 });
        QVERIFY(!scheduler.revalidateNow(2)); // already in flight
        QVERIFY(scheduler.finished(2, outcome(200), at(1500)));
        // Back to its grid afterwards (rank 1 of 2 on a 1 h grid: phase 30 min), but at least half an
        // interval after this check: the 30 min slot is 1 s too early, so the one after.
        QCOMPARE(scheduler.status(2, at(1500)).nextAt, at(5400000));

        // Paused items and items backing off go when asked, and stay paused.
        QVERIFY(scheduler.setPaused(1, true, at(2000)));
        QVERIFY(scheduler.revalidateNow(1));
        QCOMPARE(scheduler.takeDue(at(2000)), QList<qint64> { 1 });
        QVERIFY(scheduler.finished(1, outcome(0), at(2100)));
        QCOMPARE(scheduler.status(1, at(2100)).state, WatchState::Paused);
        QVERIFY(scheduler.setPaused(1, false, at(2100)));
        QCOMPARE(scheduler.status(1, at(2100)).state, WatchState::BackingOff);
        QVERIFY(scheduler.revalidateNow(1));
        QCOMPARE(scheduler.takeDue(at(2200)), QList<qint64> { 1 });

        // Asked-for items go before overdue ones when the host is full.
        QVERIFY(scheduler.finished(1, outcome(200), at(2300)));
        QVERIFY(scheduler.revalidateNow(2));
        QCOMPARE(scheduler.dueItems(at(7200000)), QList<qint64> { 2 });
        QCOMPARE(
            scheduler.status(1, at(7200000)).reason, QStringLiteral("waiting: 1 request in flight to example.com"));
    }

    void removeAndModes()
    {
        WatchScheduler::Settings settings;
        settings.perHostLimit = 1;
        WatchScheduler scheduler(settings);
        QVERIFY(scheduler.add(intervalItem(1, 10000), kT0));
        QVERIFY(scheduler.add(intervalItem(2, 10000), kT0));
        QCOMPARE(scheduler.takeDue(kT0), QList<qint64> { 1 });
        QCOMPARE(scheduler.inFlightCount(QStringLiteral("https://example.com:443")), 1);
        // Removing an item in flight frees its slot at once.
        QVERIFY(scheduler.remove(1));
        QVERIFY(!scheduler.remove(1));
        QVERIFY(!scheduler.finished(1, outcome(200), kT0));
        QCOMPARE(scheduler.inFlightCount(), 0);
        // Item 2 is now alone on the 10 s grid: phase 0.
        QCOMPARE(scheduler.takeDue(kT0), QList<qint64> { 2 });
        QVERIFY(scheduler.finished(2, outcome(200), at(100)));
        QCOMPARE(scheduler.status(2, at(100)).nextAt, at(10000));

        QString error;
        QVERIFY(!scheduler.setMode(2, WatchMode::Interval, 10, at(100), &error));
        QVERIFY(error.contains(QStringLiteral("out of range")));
        QVERIFY(!scheduler.setMode(5, WatchMode::Interval, 10000, at(100), &error));
        QVERIFY(error.contains(QStringLiteral("no watch with id 5")));
        QVERIFY(scheduler.setMode(2, WatchMode::Interval, 30000, at(100), &error));
        QVERIFY(error.isEmpty());
        QCOMPARE(scheduler.item(2).intervalMs, 30000);
        QCOMPARE(scheduler.status(2, at(100)).nextAt, at(30000));
        QVERIFY(scheduler.setMode(2, WatchMode::WhenStale, 0, at(100)));
        QCOMPARE(scheduler.status(2, at(100)).reason,
            QStringLiteral("next in 1 min (staleness unknown: checking every 1 min)"));
    }

    void settingsAreSanitised()
    {
        WatchScheduler::Settings bad;
        bad.perHostLimit = 0;
        bad.globalLimit = -3;
        bad.minimumIntervalMs = 0;
        bad.fallbackIntervalMs = -1;
        bad.backoffCapMs = 0;
        WatchScheduler scheduler(bad);
        QCOMPARE(scheduler.settings().perHostLimit, 1);
        QCOMPARE(scheduler.settings().globalLimit, 1);
        QCOMPARE(scheduler.settings().minimumIntervalMs, 1000);
        QCOMPARE(scheduler.settings().fallbackIntervalMs, 60000);
        QCOMPARE(scheduler.settings().backoffCapMs, 15 * 60 * 1000);
        QVERIFY(scheduler.dueItems(QDateTime()).isEmpty());
        QVERIFY(!scheduler.nextWakeUp(QDateTime()).isValid());
        QVERIFY(!scheduler.nextWakeUp(kT0).isValid());
        QVERIFY(scheduler.statuses(kT0).isEmpty());
        QVERIFY(!scheduler.started(1, kT0));
    }

    void manyItems()
    {
        // Hundreds of items across a handful of hosts and intervals: every item keeps its own interval and
        // no host ever has more than the limit in flight.
        WatchScheduler scheduler;
        const QList<qint64> intervals { 5000, 10000, 30000, 60000 };
        for (qint64 id = 1; id <= 500; ++id) {
            const QString url = QStringLiteral("https://host%1.example/item%2").arg(id % 7).arg(id);
            QVERIFY(scheduler.add(intervalItem(id, intervals.at(id % 4), url), kT0));
        }
        const QList<Fire> fires = simulate(scheduler, 0, 600000);
        QHash<qint64, QList<qint64>> byItem;
        for (const Fire &fire : fires)
            byItem[fire.id].append(fire.atMs);
        QCOMPARE(byItem.size(), 500);
        for (auto it = byItem.cbegin(); it != byItem.cend(); ++it) {
            for (int k = 1; k < it.value().size(); ++k)
                QCOMPARE(it.value().at(k) - it.value().at(k - 1), intervals.at(it.key() % 4));
        }
        QCOMPARE(scheduler.statuses(at(600000)).size(), 500);
    }

    void formatDuration_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::addRow("zero") << qint64(0) << QStringLiteral("0 s");
        QTest::addRow("negative") << qint64(-5000) << QStringLiteral("0 s");
        QTest::addRow("1 ms rounds up") << qint64(1) << QStringLiteral("1 s");
        QTest::addRow("1001 ms") << qint64(1001) << QStringLiteral("2 s");
        QTest::addRow("12 s") << qint64(12000) << QStringLiteral("12 s");
        QTest::addRow("1 min") << qint64(60000) << QStringLiteral("1 min");
        QTest::addRow("90 s") << qint64(90000) << QStringLiteral("1 min 30 s");
        QTest::addRow("1 h") << qint64(3600000) << QStringLiteral("1 h");
        QTest::addRow("1 h 1 min 1 s") << qint64(3661000) << QStringLiteral("1 h 1 min");
        QTest::addRow("3 d 4 h") << qint64(3 * 86400000 + 4 * 3600000) << QStringLiteral("3 d 4 h");
        QTest::addRow("max") << std::numeric_limits<qint64>::max() << QStringLiteral("106751991167 d 7 h");
    }
    void formatDuration()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(formatWatchDuration(ms), text);
    }
};

QTEST_GUILESS_MAIN(TestWatchScheduler)
#include "tst_watchscheduler.moc"
