#pragma once

#include "timeline.h"

#include <functional>
#include <optional>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariantList>

class QSqlQuery;

namespace CacheScope {

// Timeline rows on any connection to a store file: TimelineStore writes and reads them on the store's own
// connection, StoreReader reads them on a read-only connection of its own, off the UI thread, so both agree on
// the columns and decode alike.
namespace TimelineRows {

// A URL as the timeline stores it (FullyEncoded).
QString urlKey(const QUrl &url);
// The event columns, `id` first: the order eventFromRow() reads and eventValues() binds (without `id`).
QString eventColumns();
// The values of an event's row, for the event columns after `id`, the URL given as urlKey() made it.
QVariantList eventValues(const TimelineEvent &event, const QString &url);
// An integer column read strictly: false for NULL, text or a blob where a number belongs.
bool readInteger(const QSqlQuery &query, int column, qint64 *value);
// One row of the timeline's event columns; nullopt with a sentence in `problem` when it cannot be used.
std::optional<TimelineEvent> eventFromRow(const QSqlQuery &query, QString *problem);
// The events of one URL (all URLs with std::nullopt), oldest first (time, then id); `limit` > 0 keeps only the
// newest `limit`. Unreadable rows are skipped and described in `problems`. False with `error` when the read fails
// or when `cancelled` (asked every few hundred rows) returns true.
bool readEvents(const QSqlDatabase &db, const std::optional<QUrl> &url, int limit, QList<TimelineEvent> *events,
    QStringList *problems, QString *error, const std::function<bool()> &cancelled = {});
// The totals of one URL's events (all URLs' with std::nullopt), counted in SQL with the rules of
// TimelineTotals::add(), and the highest event id among them in `maxId` (0: none), so that a reader can tell
// which events recorded since were not counted. False with `error` when the read fails.
bool readTotals(
    const QSqlDatabase &db, const std::optional<QUrl> &url, TimelineTotals *totals, qint64 *maxId, QString *error);

} // namespace TimelineRows

} // namespace CacheScope
