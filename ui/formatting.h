#pragma once

#include "client/exchange.h"

#include <QString>

namespace CacheScope {

// Text for people: sizes, durations, timing and error sentences. A namespace of its own because the CLI
// and core have helpers with similar names but other units (core formatDuration() takes seconds).
namespace Display {

// Human-readable sizes with binary units, as browser dev tools show them: "310 B", "1.2 KiB", "3.4 MiB".
QString bytes(qint64 count);
// "42 ms", "1.25 s", "2 min 5 s"; an em dash for a phase that did not happen (negative).
QString milliseconds(qint64 ms);

// "Total 42 ms · TTFB 12 ms"; empty when the exchange has no timing.
QString timingSummary(const ExchangeTiming &timing);
// DNS / connect / TLS / TTFB / total, one phase per line, for a tooltip.
QString timingDetails(const ExchangeTiming &timing, bool connectionReused);
// "Transferred 1.2 KiB (headers 310 B + body 912 B) · Resource 3.4 KiB (gzip)".
QString sizeSummary(const Exchange &exchange);

// A one-line title for an error ("Host not found") and what to check next.
QString errorTitle(ExchangeError error);
QString errorHint(ExchangeError error);

} // namespace Display
} // namespace CacheScope
