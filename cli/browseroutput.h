#pragma once

#include "browser/browsercache.h"

#include <QJsonObject>
#include <QString>

namespace CacheScope::Cli {

// "browser" or "inspector", as --cache-mode takes it; false with a message for anything else.
bool parseCacheMode(const QString &text, bool *browser, QString *error);

// The `cache` object of browser mode (fields documented in the README): decision, reason, fromStore,
// network, backgroundRevalidation, addedRequestHeaders, addedResponseHeaders, action, invalidated,
// hops, notes.
QJsonObject browserCacheToJson(const BrowserResult &result);
// The same object for inspector mode: what the store did with the exchange.
QJsonObject inspectorCacheToJson(const CachedExchange &result);

// Human output: "── cache (browser): fresh" and the reason, then hops and notes.
void printBrowserSummary(const BrowserResult &result);

} // namespace CacheScope::Cli
