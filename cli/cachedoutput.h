#pragma once

#include "client/revalidator.h"
#include "client/timeline.h"

#include <QJsonArray>
#include <QJsonObject>

namespace CacheScope {
class ValidatorStore;
}

namespace CacheScope::Cli {

// Opens the store named by --store (or the defaults); prints a warning when a bad file was moved aside.
// Returns false with a message on stderr when it cannot be opened.
bool openStore(ValidatorStore &store, const QString &storeOption, const QString &command);

// exchangeToJson() plus validators_sent, cache {...}, bytes.saved and diagnosis (fields documented in the README).
QJsonObject cachedExchangeToJson(const CachedExchange &result);
// Diagnosis notes as [{"severity", "code", "text", "topic"}] (topic: an `explain` key, null when none).
QJsonArray notesToJson(const QList<TimelineNote> &notes);
// One line per note: "── diagnosis:" then "  warning  code: text"; nothing when there are none.
void printNotes(const QList<TimelineNote> &notes);

// The store's part of the human output: validators sent, what the store did, freshness, bytes saved.
void printCacheSummary(const CachedExchange &result);

} // namespace CacheScope::Cli
