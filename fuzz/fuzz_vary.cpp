// Vary values and the secondary cache keys computed from them.
#include "cache/varykey.h"
#include "fuzzinput.h"

using namespace CacheScope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Fuzz::InputReader input(data, size);
    const quint8 split = input.byte();
    const QByteArray rest = input.rest();
    // The first part is the Vary value, the second a request header value for every named field.
    const qsizetype at = rest.isEmpty() ? 0 : split % (rest.size() + 1);
    const VaryKey key = VaryKey::parse(QByteArrayView(rest).first(at));
    const QByteArray value = rest.mid(at);

    HttpHeaders request;
    for (const QByteArray &name : key.fieldNames())
        request.append(name, value);
    const QByteArray secondary = key.secondaryKey(request);
    CACHESCOPE_FUZZ_CHECK(key.isWildcard() == (secondary == "*"));
    CACHESCOPE_FUZZ_CHECK(!key.isEmpty() || secondary.isEmpty());
    // A request always matches itself, unless the key is a wildcard (which matches nothing).
    CACHESCOPE_FUZZ_CHECK(key.matches(request, request) == !key.isWildcard());
    return 0;
}
