#pragma once

#include "retryafter.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QUrl>

namespace CacheScope {

enum class WatchMode
{
    Interval, // every intervalMs, on a grid spread over the interval
    WhenStale, // when the stored response goes stale; every fallbackIntervalMs when that is unknown
};

// One watched URL, as configured.
struct WatchItem
{
    qint64 id = 0; // unique, > 0 (the store's row id)
    QUrl url; // http or https, with a host
    WatchMode mode = WatchMode::Interval;
    qint64 intervalMs = 60000; // Interval mode only
    bool paused = false;
    // WhenStale: when the stored response goes stale (UTC), if already known at add(); null when not.
    QDateTime staleAt;
};

// How a revalidation ended, as the caller tells the scheduler in finished().
struct WatchOutcome
{
    int status = 0; // final HTTP status; 0 when there was no response (network error, timeout...)
    // WhenStale: when the response now stored goes stale (UTC); null when unknown or the response carries
    // no freshness information. The scheduler then checks every fallbackIntervalMs.
    QDateTime staleAt;
    QString staleNote; // why staleAt is null, in words, for the reason text ("no max-age or Expires")
    RetryAfter retryAfter; // honoured on 429 and 503 only
};

enum class WatchState
{
    Scheduled, // waiting for its time
    Due, // due now and free to start
    WaitingForHost, // due, but the per-host limit is reached
    WaitingForSlot, // due, but the global limit is reached
    InFlight,
    BackingOff, // after errors
    RetryAfter, // the server asked to wait
    Paused,
};

// Why an item is where it is, for the UI.
struct WatchStatus
{
    qint64 id = 0;
    WatchState state = WatchState::Scheduled;
    QDateTime nextAt; // UTC; null while paused or in flight
    QString reason; // "next in 12 s (interval 30 s)", "waiting: 6 requests in flight to example.com", ...
    QString note; // something the last outcome said that was not followed (an invalid Retry-After...)
    int consecutiveErrors = 0;
};

// Decides when each watched URL is revalidated. Pure logic: it never reads the clock (every call that
// depends on time takes `now`, UTC) and never sends anything. The caller asks dueItems()/takeDue(), starts
// those requests, reports finished(), and sleeps until nextWakeUp() (WatchDriver does that with a QTimer).
//
// Interval items fire on a fixed grid: item k of the n items sharing an interval fires at
// epoch + k*interval/n + m*interval, k being its rank by id. So items sharing an interval never fire in
// bursts, and the grid (hence the spread) is the same after a restart. Adding or removing an item of the
// same interval moves the others' phases; each adopts its new phase at its next reschedule.
class WatchScheduler
{
public:
    struct Settings
    {
        int perHostLimit = 6;
        int globalLimit = 24;
        qint64 fallbackIntervalMs = 60000; // WhenStale without known staleness
        qint64 minimumIntervalMs = 1000; // shortest interval accepted; floor for every wait
        qint64 maximumIntervalMs = qint64(366) * 24 * 3600 * 1000;
        qint64 backoffBaseMs = 5000; // WhenStale items back off from this; Interval items from their interval
        qint64 backoffCapMs = 15 * 60 * 1000;
        qint64 retryAfterCapMs = 24 * 3600 * 1000; // a longer Retry-After is honoured up to this
    };

    WatchScheduler();
    explicit WatchScheduler(const Settings &settings);

    const Settings &settings() const { return m_settings; }
    // Takes effect for later decisions; limits below 1 are read as 1, other bad values keep the old ones.
    void setSettings(const Settings &settings);

    // Returns false and sets `error` for an invalid item (id <= 0 or taken, URL not http(s) with a host,
    // interval out of range) or an invalid `now`.
    bool add(const WatchItem &item, const QDateTime &now, QString *error = nullptr);
    // Forgets the item. If it was in flight its slot is freed at once: cancel the request.
    bool remove(qint64 id);
    bool setMode(qint64 id, WatchMode mode, qint64 intervalMs, const QDateTime &now, QString *error = nullptr);
    bool setPaused(qint64 id, bool paused, const QDateTime &now);
    // Pauses everything without touching each item's own paused flag.
    void setAllPaused(bool paused, const QDateTime &now);
    bool allPaused() const { return m_allPaused; }
    // Due at once, even when paused, backing off or told to wait by Retry-After (still within the limits).
    // False when unknown or already in flight.
    bool revalidateNow(qint64 id);

    // The items that may start now, earliest due first, within the per-host and global limits.
    QList<qint64> dueItems(const QDateTime &now) const;
    // dueItems() followed by started() for each.
    QList<qint64> takeDue(const QDateTime &now);
    bool started(qint64 id, const QDateTime &now);
    // Reschedules the item from the outcome. False when the item is unknown or was not in flight.
    bool finished(qint64 id, const WatchOutcome &outcome, const QDateTime &now);

    // When dueItems() next returns something, assuming no other call in between: `now` when something
    // can start already, null when nothing is scheduled (all paused, in flight or waiting for a slot,
    // which finished() frees).
    QDateTime nextWakeUp(const QDateTime &now) const;

    WatchStatus status(qint64 id, const QDateTime &now) const;
    QList<WatchStatus> statuses(const QDateTime &now) const; // ordered by id
    bool contains(qint64 id) const { return m_entries.contains(id); }
    WatchItem item(qint64 id) const; // a default WatchItem when unknown
    QList<qint64> ids() const; // ascending
    int inFlightCount() const { return m_inFlight; }
    int inFlightCount(const QString &hostKey) const { return m_inFlightPerHost.value(hostKey); }

    // "https://example.com:443": scheme, host and port (default port filled in), lower case.
    static QString hostKey(const QUrl &url);

private:
    // Regular and StaleFallback follow the item's grid from `anchor`; the others wait until `dueAt`.
    enum class Hold
    {
        Regular,
        StaleAt,
        StaleFallback,
        Backoff,
        RetryAfter
    };
    struct Entry
    {
        WatchItem item;
        QString hostKey;
        QString hostLabel; // "example.com", "example.com:8080"
        Hold hold = Hold::Regular;
        qint64 anchor = 0; // grid holds: the first slot at or after this (ms since epoch, UTC)
        qint64 dueAt = 0; // other holds (ms since epoch, UTC)
        qint64 holdMs = 0; // the backoff or Retry-After wait, for the reason text
        bool inFlight = false;
        bool demanded = false;
        int errors = 0;
        qint64 lastStartedAt = -1;
        qint64 staleAt = -1; // last known staleness, ms; -1 when unknown
        QString staleNote;
        QString note;
        // The item's place in its grid group, cached: dueOf() runs for every item at every wake-up, hundreds
        // of times a second with hundreds of items. Refreshed by refreshRanks() after the groups change.
        mutable qint64 rank = 0;
        mutable qint64 groupSize = 1;
    };
    struct Selection
    {
        QList<qint64> ids;
        QHash<qint64, int> blockedByHost; // id -> requests in flight to its host
        QHash<qint64, int> blockedGlobally; // id -> requests in flight in total
    };

    bool isActive(const Entry &entry) const;
    Selection select(qint64 now) const;
    qint64 periodOf(const WatchItem &item) const;
    qint64 dueOf(const Entry &entry) const;
    void scheduleRegular(Entry &entry, qint64 now);
    void scheduleAfterError(Entry &entry, const WatchOutcome &outcome, qint64 now);
    bool applyRetryAfter(Entry &entry, const RetryAfter &retryAfter, qint64 now);
    void resume(Entry &entry, qint64 now);
    void joinGroup(const Entry &entry);
    void leaveGroup(const Entry &entry);
    void refreshRanks() const;
    QString context(const Entry &entry, qint64 now) const;
    WatchStatus statusOf(const Entry &entry, const Selection &selection, qint64 now) const;

    Settings m_settings;
    QHash<qint64, Entry> m_entries;
    // Items sharing a grid, ids ascending: an item's rank sets its phase. Key: the interval, or -1 for the
    // WhenStale fallback grid.
    QHash<qint64, QList<qint64>> m_groups;
    QHash<QString, int> m_inFlightPerHost;
    int m_inFlight = 0;
    bool m_allPaused = false;
    mutable bool m_ranksDirty = false; // a group changed since the ranks were cached
};

// "12 s", "5 min 3 s", "2 h 5 min", "3 d 4 h": rounded up to the second, two units at most.
QString formatWatchDuration(qint64 ms);

} // namespace CacheScope

// Source compatibility: WatchDriver used to be declared here.
#include "watchdriver.h"
