#pragma once

#include "client/exchange.h"
#include "client/timeline.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace CacheScope {

struct HarExportOptions
{
    // When false, Authorization, Proxy-Authorization, Cookie and Set-Cookie values and URL passwords are
    // written as "[redacted]" (header and body sizes stay those of what really crossed the wire).
    bool includeSecrets = false;
    // Response and request bodies as content.text / postData.text (base64 for what is not text).
    bool includeBodies = true;
    QString creatorVersion = QStringLiteral(CACHESCOPE_VERSION);
};

// One HAR 1.2 entry. Headers are the ones really sent (requestHeadersSent); timings are derived from the
// exchange's phase marks (-1 where a phase did not happen; ssl is also counted in connect, as the spec
// says); `_transferSize` is the response's wire size. `extras` is merged into the entry's `_cachescope`
// object (keys there win), so diagnosis can add its notes without this code knowing about it.
QJsonObject toHarEntry(const Exchange &exchange, const HarExportOptions &options = {}, const QJsonObject &extras = {});

// A whole HAR document ({"log": {...}}). `extras[i]`, when present, goes with `exchanges[i]`.
QJsonObject toHar(
    const QList<Exchange> &exchanges, const HarExportOptions &options = {}, const QList<QJsonObject> &extras = {});

// A stored timeline event as the exchange it records, for toHarEntry(): the request as sent, the response
// head as received, timing (start, first byte, total) and wire sizes. There is no body: the timeline keeps
// none. Events stored before the header blocks were kept (schema version 2) get the validators the event
// knows as their only headers.
Exchange exchangeFromTimelineEvent(const TimelineEvent &event);

// One HAR entry for a timeline event: toHarEntry() of exchangeFromTimelineEvent(), with the event's notes,
// bytes saved, content change and ids in `_cachescope`, and `_error` when no response came.
QJsonObject timelineEventToHarEntry(const TimelineEvent &event, const HarExportOptions &options = {});
// A whole HAR document of timeline events, in the order given.
QJsonObject timelineToHar(const QList<TimelineEvent> &events, const HarExportOptions &options = {});

} // namespace CacheScope
