#pragma once

#include <QList>
#include <QString>

namespace CacheScope {

struct CacheEntry;

// What the validator store holds for a URL now, as the line under a history entry's facts: "Stored now: 200 OK,
// ETag "v1", Last-Modified none, stored 2026-...", "(and 2 other variants)"; or "Nothing is stored for this URL now."
QString storedNowFacts(const QList<CacheEntry> &variants);

} // namespace CacheScope
