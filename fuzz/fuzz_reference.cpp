// The reference data loader: any bytes as a data file.
#include "fuzzinput.h"
#include "reference/referenceparser.h"

using namespace CacheScope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ReferenceData parsed;
    QList<ReferenceError> errors;
    parseReferenceFile(Fuzz::bytes(data, size).toByteArray(), QStringLiteral("fuzz.json"), parsed, errors);
    for (const ReferenceError &error : std::as_const(errors))
        CACHESCOPE_FUZZ_CHECK(!error.message.isEmpty());
    return 0;
}
