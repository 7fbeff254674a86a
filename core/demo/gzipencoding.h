#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace CacheScope::Demo {

// A gzip member (RFC 1952) of `data`: deterministic (no file name, mtime 0) so its ETag can be stable.
QByteArray gzipCompress(QByteArrayView data);

// True when an Accept-Encoding field value (RFC 9110 §12.5.3) accepts gzip: "gzip" or "x-gzip" with a
// non-zero weight, or "*" with a non-zero weight when gzip is not named. Malformed members are skipped.
bool acceptsGzip(QByteArrayView acceptEncoding);

} // namespace CacheScope::Demo
