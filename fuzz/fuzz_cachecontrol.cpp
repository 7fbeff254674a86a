// Cache-Control in requests and responses, and the field-list splitter under it.
#include "fuzzinput.h"
#include "http/cachecontrol.h"
#include "http/headerfields.h"

using namespace CacheScope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Fuzz::InputReader input(data, size);
    const bool request = input.byte() & 1;
    const QByteArray text = input.rest();
    const auto context = request ? CacheControl::Context::Request : CacheControl::Context::Response;
    const CacheControl parsed = CacheControl::parseValue(text, context);
    // The accessors walk the directives: none may trip over what the parser kept.
    (void)parsed.maxAge();
    (void)parsed.sMaxAge();
    (void)parsed.maxStale();
    (void)parsed.minFresh();
    (void)parsed.staleWhileRevalidate();
    (void)parsed.staleIfError();
    (void)parsed.noCacheFields();
    (void)parsed.privateFields();
    // Normalizing is idempotent: the written-back value parses to itself.
    const QByteArray normalized = parsed.toHeaderValue();
    const CacheControl again = CacheControl::parseValue(normalized, context);
    if (again.toHeaderValue() != normalized) {
        std::fprintf(stderr, "input:      %s\nnormalized: %s\nreparsed:   %s\n",
            text.toPercentEncoding(" =,\"").constData(), normalized.toPercentEncoding(" =,\"").constData(),
            again.toHeaderValue().toPercentEncoding(" =,\"").constData());
    }
    CACHESCOPE_FUZZ_CHECK(again.toHeaderValue() == normalized);
    CACHESCOPE_FUZZ_CHECK(again.noCache() == parsed.noCache() && again.noStore() == parsed.noStore());
    QStringList problems;
    const QList<QByteArray> members = splitFieldList(text, &problems);
    for (const QByteArray &member : members)
        CACHESCOPE_FUZZ_CHECK(!member.isEmpty());
    return 0;
}
