#pragma once

#include "client/exchange.h"

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

} // namespace CacheScope
