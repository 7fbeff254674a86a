// One input line of `cachescope-cli batch`: any bytes give a request or an error, never both or neither.
#include "batchline.h"
#include "fuzzinput.h"

using namespace CacheScope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Cli::BatchLine line = Cli::parseBatchLine(Fuzz::bytes(data, size).toByteArray());
    if (line.error.isEmpty()) {
        // Accepted: an id, and a request that is valid as it will be sent.
        CACHESCOPE_FUZZ_CHECK(line.id.isDouble() || line.id.isString());
        CACHESCOPE_FUZZ_CHECK(line.request.validate().isEmpty());
        CACHESCOPE_FUZZ_CHECK(!line.request.addDefaultHeaders && !line.request.acceptCompressed);
    }
    return 0;
}
