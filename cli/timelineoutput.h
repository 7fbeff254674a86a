#pragma once

#include "client/timeline.h"

#include <QJsonObject>
#include <QString>

namespace CacheScope::Cli {

// One line for one exchange, as `watch` prints it while it happens and `timeline` prints history:
// time, URL, status (or error), validators sent, wire bytes, bytes saved, content changed, notes count.
QString timelineEventLine(const TimelineEvent &event);

// The bytes QJsonDocument(timelineEventToJson(event)).toJson(Compact) gives, written directly: `watch --json`
// prints one per exchange, and building the QJsonObject then serialising it cost as much as the store work.
QByteArray timelineEventJsonLine(const TimelineEvent &event);

// {"urls": [{"url", ...totals}], "overall": {...totals}}: the summary of `watch` and `timeline`.
QJsonObject timelineSummaryToJson(const TimelineSummary &summary);

// The summary as a small table: one row per URL, then the overall row.
void printTimelineSummary(const TimelineSummary &summary);

} // namespace CacheScope::Cli
