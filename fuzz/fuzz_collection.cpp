// Saved-request collections (.http files): any text, and the round trip through the writer.
#include "fuzzinput.h"
#include "interop/collection.h"

using namespace CacheScope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const CollectionParseResult parsed = parseCollection(Fuzz::bytes(data, size).toByteArray());
    if (!parsed.ok()) {
        CACHESCOPE_FUZZ_CHECK(parsed.errorLine >= 0);
        return 0;
    }
    for (const SavedRequest &request : parsed.collection.requests) {
        if (!collectionWriteProblem(request).isEmpty())
            return 0; // the writer refuses it, and says why: no round trip promised
    }
    // The documented promise: what was read writes back to a text that reads as the same requests.
    const QByteArray written = writeCollection(parsed.collection);
    const CollectionParseResult again = parseCollection(written);
    CACHESCOPE_FUZZ_CHECK(again.ok());
    CACHESCOPE_FUZZ_CHECK(again.collection.requests.size() == parsed.collection.requests.size());
    CACHESCOPE_FUZZ_CHECK(writeCollection(again.collection) == written);
    return 0;
}
