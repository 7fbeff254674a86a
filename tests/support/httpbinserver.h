#pragma once

#include "externalserver.h"

namespace CacheScope::TestSupport {

// httpbin (Debian: python3-httpbin) under werkzeug's threaded development server: /get, /status/418,
// /cache/60, /etag/abc, /response-headers?Cache-Control=..., /gzip, /delay/1 and the rest of httpbin.org's API.
// Runs testPython(), i.e. Debian's /usr/bin/python3 rather than a pyenv python3 on PATH.
class HttpbinServer : public ExternalServer
{
public:
    HttpbinServer();

    // The interpreter exists and can import httpbin and werkzeug (checked once per test process).
    static bool available();
    static QString missingReason();

protected:
    Launch prepare(const QString &dir, quint16 port) override;
};

} // namespace CacheScope::TestSupport
