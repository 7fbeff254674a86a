// HTTP-date (IMF-fixdate, RFC 850, asctime) and delta-seconds.
#include "fuzzinput.h"
#include "http/headerfields.h"
#include "http/httpdate.h"

#include <QTimeZone>

using namespace CacheScope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView text = Fuzz::bytes(data, size);
    static const QDateTime reference = QDateTime(QDate(2026, 11, 26), QTime(12, 0), QTimeZone::utc());
    const HttpDate date = parseHttpDate(text, reference);
    CACHESCOPE_FUZZ_CHECK(date.valid == date.problem.isEmpty());
    if (date.valid) {
        // What parsed must format and parse back to the same instant.
        const HttpDate again = parseHttpDate(formatHttpDate(date.dateTime), reference);
        CACHESCOPE_FUZZ_CHECK(again.valid && again.dateTime == date.dateTime);
    }
    const DeltaSeconds delta = parseDeltaSeconds(text);
    CACHESCOPE_FUZZ_CHECK(!delta.valid || (delta.seconds >= 0 && delta.seconds <= DeltaSecondsCap));
    return 0;
}
