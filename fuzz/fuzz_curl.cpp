// cURL command import, and the round trip through export.
#include "fuzzinput.h"
#include "interop/curlcommand.h"

using namespace CacheScope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString command = QString::fromUtf8(Fuzz::bytes(data, size));
    const CurlParseResult parsed = parseCurlCommand(command);
    if (!parsed.ok()) {
        CACHESCOPE_FUZZ_CHECK(parsed.errorPosition >= -1 && parsed.errorPosition <= command.size());
        return 0;
    }
    // What was imported exports to a command that imports to the same request.
    const Request &request = parsed.request;
    const CurlParseResult again = parseCurlCommand(toCurlCommand(request));
    CACHESCOPE_FUZZ_CHECK(again.ok());
    CACHESCOPE_FUZZ_CHECK(again.request.method == request.method);
    CACHESCOPE_FUZZ_CHECK(again.request.url == request.url);
    CACHESCOPE_FUZZ_CHECK(again.request.body == request.body);
    CACHESCOPE_FUZZ_CHECK(again.request.headers.toWire() == request.headers.toWire());
    return 0;
}
