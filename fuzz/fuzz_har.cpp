// HAR import: any bytes as a HAR file, then the summary over what was read.
#include "fuzzinput.h"
#include "interop/harimport.h"

using namespace CacheScope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const HarParseResult parsed = parseHar(Fuzz::bytes(data, size).toByteArray());
    if (!parsed.ok())
        return 0;
    const HarSummary summary = summarizeHar(parsed.entries);
    CACHESCOPE_FUZZ_CHECK(summary.entries == parsed.entries.size());
    CACHESCOPE_FUZZ_CHECK(summary.fromCache <= summary.entries && summary.failed <= summary.entries);
    return 0;
}
