#pragma once

#include "client/request.h"

#include <QString>
#include <QStringList>

namespace CacheScope {

struct CurlParseResult
{
    Request request;
    // Options that were understood but cannot be honoured (-k, --proxy, cookie files, ...).
    QStringList warnings;
    // Why the command cannot be imported; empty on success. `request` is not to be used then.
    QString error;
    // Index in the command string (UTF-16 units) of the word the error is about; -1 when none.
    int errorPosition = -1;

    bool ok() const { return error.isEmpty(); }
};

// Reads a curl command line as a browser's "Copy as cURL (bash)" or a person writes it, and turns it
// into the Request curl would send. Headers come out in command order; curl's own defaults
// (User-Agent: curl/..., Accept: */*) are not added: CacheScope sends its own. Without --compressed
// `acceptCompressed` is false, since curl asks for no encoding then.
// Every option is either honoured, reported in `warnings`, or refused with an error naming it.
CurlParseResult parseCurlCommand(const QString &command);

struct CurlExportOptions
{
    // One option per line, joined with " \" line continuations.
    bool multiline = false;
    // Writes "[redacted]" for Authorization, Proxy-Authorization and Cookie values and the URL's password.
    bool redactSecrets = false;
};

// A command that makes curl send this request: POSIX shell quoting, the method spelled out only when
// curl would not infer it (-I for a bodiless HEAD), every header in order ("Name;" for an empty value),
// the body with --data-raw. A request with a body and no Content-Type gets -H 'Content-Type:' so curl
// does not add its form type. A body containing NUL cannot be a command-line argument: it is fed
// through `printf '\000...' | curl ... --data-binary @-`, which parseCurlCommand also reads back.
// Request fields curl has no option for (maxBodyBytes, addDefaultHeaders) are not represented.
QString toCurlCommand(const Request &request, const CurlExportOptions &options = {});

} // namespace CacheScope
