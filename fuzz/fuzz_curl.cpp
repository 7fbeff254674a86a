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
    const QString exported = toCurlCommand(request);
    const CurlParseResult again = parseCurlCommand(exported);
    if (!again.ok() || again.request.url.toEncoded() != request.url.toEncoded()) {
        std::fprintf(stderr, "command:  %s\nurl:      %s\nexported: %s\nagain:    %s %s\n", qPrintable(command),
            request.url.toEncoded().constData(), qPrintable(exported), again.request.url.toEncoded().constData(),
            qPrintable(again.error));
    }
    CACHESCOPE_FUZZ_CHECK(again.ok());
    CACHESCOPE_FUZZ_CHECK(again.request.method == request.method);
    // Compared as sent: QUrl keeps "#" and "%23" in a fragment apart, the wire form does not.
    CACHESCOPE_FUZZ_CHECK(again.request.url.toEncoded() == request.url.toEncoded());
    CACHESCOPE_FUZZ_CHECK(again.request.body == request.body);
    CACHESCOPE_FUZZ_CHECK(again.request.headers.toWire() == request.headers.toWire());
    return 0;
}
