#pragma once

#include "client/revalidator.h"

#include <QJsonObject>

namespace CacheScope {
class ValidatorStore;
}

namespace CacheScope::Cli {

// Opens the store named by --store (or the defaults); prints a warning when a bad file was moved aside.
// Returns false with a message on stderr when it cannot be opened.
bool openStore(ValidatorStore &store, const QString &storeOption, const QString &command);

// exchangeToJson() plus validators_sent, cache {...} and bytes.saved (fields documented in the README).
QJsonObject cachedExchangeToJson(const CachedExchange &result);
// The store's part of the human output: validators sent, what the store did, freshness, bytes saved.
void printCacheSummary(const CachedExchange &result);

} // namespace CacheScope::Cli
