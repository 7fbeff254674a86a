// ETag values and If-None-Match / If-Match lists.
#include "fuzzinput.h"
#include "http/entitytag.h"

using namespace CacheScope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView text = Fuzz::bytes(data, size);
    const EntityTag tag = parseEntityTag(text);
    CACHESCOPE_FUZZ_CHECK(tag.valid == tag.problem.isEmpty());
    // Comparison is reflexive for valid tags and never true for malformed ones.
    CACHESCOPE_FUZZ_CHECK(weakMatch(tag, tag) == tag.valid);
    CACHESCOPE_FUZZ_CHECK(strongMatch(tag, tag) == (tag.valid && !tag.weak));

    const EntityTagList list = parseEntityTagList(text);
    for (const EntityTag &member : list.tags) {
        if (member.valid)
            CACHESCOPE_FUZZ_CHECK(list.matchesWeakly(member));
    }
    if (tag.valid && !list.any)
        CACHESCOPE_FUZZ_CHECK(list.matchesWeakly(tag));
    return 0;
}
