#pragma once

#include "client/exchange.h"

#include <QJsonArray>
#include <QJsonObject>

namespace CacheScope {
class HttpClient;
}

namespace CacheScope::Cli {

// [[name, value], ...] with order and duplicates kept.
QJsonArray headersToJson(const HttpHeaders &headers);
// The stable JSON object of `cachescope-cli get --json` (fields documented in the README).
QJsonObject exchangeToJson(const Exchange &exchange);

// Human-readable: request line, interim responses, status, headers, body (text only), notes, sizes.
void printExchange(const Exchange &exchange, bool printBody);

// Sends the request and waits for the exchange to end (the event loop keeps running meanwhile).
Exchange sendAndWait(HttpClient &client, const Request &request);

} // namespace CacheScope::Cli
