#include "client/retryafter.h"
#include "watchschedulertesting.h"

#include <limits>
#include <QTest>

using namespace CacheScope;
using namespace CacheScope::WatchTesting;

Q_DECLARE_METATYPE(CacheScope::RetryAfter::Kind)
Q_DECLARE_METATYPE(CacheScope::WatchState)

// Retry-After parsing; each parsed value is also handed to a scheduler to check the wait it causes.
class TestRetryAfter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deltaSeconds_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("seconds");
        QTest::addRow("120") << QByteArray("120") << true << qint64(120);
        QTest::addRow("0") << QByteArray("0") << true << qint64(0);
        QTest::addRow("spaces and tabs") << QByteArray(" \t120\t ") << true << qint64(120);
        QTest::addRow("leading zeros") << QByteArray("007") << true << qint64(7);
        QTest::addRow("saturates") << QByteArray("99999999999999999999999999") << true
                                   << std::numeric_limits<qint64>::max();
        QTest::addRow("empty") << QByteArray() << false << qint64(0);
        QTest::addRow("spaces only") << QByteArray("   ") << false << qint64(0);
        QTest::addRow("negative") << QByteArray("-5") << false << qint64(0);
        QTest::addRow("plus sign") << QByteArray("+5") << false << qint64(0);
        QTest::addRow("fraction") << QByteArray("1.5") << false << qint64(0);
        QTest::addRow("two numbers") << QByteArray("1 2") << false << qint64(0);
        QTest::addRow("duplicate field combined") << QByteArray("120, 120") << false << qint64(0);
        QTest::addRow("HTTP-date is the caller's job")
            << QByteArray("Wed, 21 Oct 2015 07:28:00 GMT") << false << qint64(0);
        QTest::addRow("Arabic-Indic digits") << QByteArray("\xd9\xa1\xd9\xa2") << false << qint64(0);
    }
    void deltaSeconds()
    {
        QFETCH(QByteArray, raw);
        QFETCH(bool, valid);
        QFETCH(qint64, seconds);
        const RetryAfter parsed = RetryAfter::fromDeltaSeconds(raw);
        QCOMPARE(parsed.kind, valid ? RetryAfter::Kind::Delay : RetryAfter::Kind::Invalid);
        QCOMPARE(parsed.seconds, seconds);
        QCOMPARE(parsed.raw, raw);
    }

    void parseRaw_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("date");
        QTest::addColumn<RetryAfter::Kind>("kind");
        QTest::addColumn<qint64>("waitS"); // what the scheduler waits after a 503 with it; -1: backoff
        const QByteArray date = "Wed, 21 Oct 2015 07:26:00 GMT";
        QTest::addRow("absent") << QByteArray() << date << RetryAfter::Kind::None << qint64(-1);
        QTest::addRow("empty") << QByteArray("") << date << RetryAfter::Kind::Invalid << qint64(-1);
        QTest::addRow("seconds") << QByteArray("120") << date << RetryAfter::Kind::Delay << qint64(120);
        QTest::addRow("IMF-fixdate, 2 min after Date")
            << QByteArray("Wed, 21 Oct 2015 07:28:00 GMT") << date << RetryAfter::Kind::Date << qint64(120);
        QTest::addRow("RFC 850 date") << QByteArray("Wednesday, 21-Oct-15 07:27:00 GMT") << date
                                      << RetryAfter::Kind::Date << qint64(60);
        QTest::addRow("asctime date") << QByteArray("Wed Oct 21 07:26:30 2015") << date << RetryAfter::Kind::Date
                                      << qint64(30);
        // Without a usable Date, the wait counts on our clock: that date is long past, hence the 1 s floor.
        QTest::addRow("invalid Date field") << QByteArray("Wed, 21 Oct 2015 07:28:00 GMT") << QByteArray("yesterday")
                                            << RetryAfter::Kind::Date << qint64(1);
        QTest::addRow("numeric zone") << QByteArray("Wed, 21 Oct 2015 07:28:00 +0000") << date
                                      << RetryAfter::Kind::Invalid << qint64(-1);
        QTest::addRow("garbage") << QByteArray("\xff\x00soon") << date << RetryAfter::Kind::Invalid << qint64(-1);
    }
    void parseRaw()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QByteArray, date);
        QFETCH(RetryAfter::Kind, kind);
        QFETCH(qint64, waitS);
        const RetryAfter parsed = RetryAfter::parse(raw, date, kT0);
        QCOMPARE(parsed.kind, kind);
        WatchScheduler scheduler;
        QVERIFY(scheduler.add(staleItem(1), kT0));
        QCOMPARE(scheduler.takeDue(kT0), QList<qint64> { 1 });
        WatchOutcome result = outcome(503);
        result.retryAfter = parsed;
        QVERIFY(scheduler.finished(1, result, kT0));
        QCOMPARE(kT0.secsTo(scheduler.nextWakeUp(kT0)), waitS < 0 ? 10 : waitS);
        QCOMPARE(scheduler.status(1, kT0).state, waitS < 0 ? WatchState::BackingOff : WatchState::RetryAfter);
    }
};

QTEST_GUILESS_MAIN(TestRetryAfter)
#include "tst_retryafter.moc"
