// The HTTP/1.1 response parser, fed the input in pieces whose sizes the input itself chooses (a parser that
// only works when a message arrives in one read is a parser with a bug).
#include "fuzzinput.h"
#include "http/contentdecoder.h"
#include "http/responseparser.h"

using namespace CacheScope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Fuzz::InputReader input(data, size);
    const quint8 options = input.byte();
    const int piece = 1 + input.byte();
    const QByteArray method = (options & 1) ? QByteArray("HEAD") : QByteArray("GET");
    const QByteArray wire = input.rest();

    ResponseLimits limits;
    limits.maxHeaderBlock = 64 * 1024;
    limits.maxHeaderFields = 500;
    ResponseParser parser(method, limits);
    QByteArray body;
    qsizetype offset = 0;
    while (offset < wire.size() && !parser.hasFailed() && !parser.isComplete()) {
        const qsizetype length = std::min<qsizetype>(piece, wire.size() - offset);
        const qsizetype used = parser.feed(wire.constData() + offset, length);
        CACHESCOPE_FUZZ_CHECK(used >= 0 && used <= length);
        body += parser.takeBody();
        if (used == 0)
            break;
        offset += used;
    }
    if ((options & 2) && !parser.isComplete() && !parser.hasFailed())
        parser.finishAtEof();
    body += parser.takeBody();
    CACHESCOPE_FUZZ_CHECK(!parser.hasFailed() || !parser.errorString().isEmpty());
    CACHESCOPE_FUZZ_CHECK(parser.headBytes() + parser.bodyWireBytes() <= wire.size());

    // Whatever body came out goes through the decoder its Content-Encoding names, with a small cap.
    if (parser.hasFinalHead()) {
        const QByteArray encoding = parser.finalHead().headers.combined("Content-Encoding");
        if (auto decoder = ContentDecoder::create(encoding.trimmed().toLower(), 1024 * 1024)) {
            QByteArray decoded;
            if (decoder->isSupported() && decoder->decode(body, decoded))
                decoder->finish();
            CACHESCOPE_FUZZ_CHECK(decoder->outputSize() <= 1024 * 1024);
        }
    }
    return 0;
}
