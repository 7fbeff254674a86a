#pragma once

#include "client/request.h"
#include "interop/curlcommand.h"

namespace CacheScope {

// Puts a curl command that sends exactly this request (method, headers in order, body, POSIX shell
// quoting) on the clipboard, for "Copy as cURL". Returns the text copied.
QString copyAsCurl(const Request &request, const CurlExportOptions &options = {});

} // namespace CacheScope
