#include "gzipencoding.h"

#include <optional>
#include <QList>
#include <zlib.h>

namespace CacheScope::Demo {

namespace {

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in thousandths.
std::optional<int> parseQValue(QByteArrayView text)
{
    if (text.isEmpty() || (text[0] != '0' && text[0] != '1'))
        return std::nullopt;
    int value = (text[0] - '0') * 1000;
    if (text.size() == 1)
        return value;
    if (text[1] != '.' || text.size() > 5)
        return std::nullopt;
    int scale = 100;
    for (const char c : text.sliced(2)) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value += (c - '0') * scale;
        scale /= 10;
    }
    return value <= 1000 ? std::optional<int>(value) : std::nullopt;
}

} // namespace

QByteArray gzipCompress(QByteArrayView data)
{
    z_stream stream {};
    // windowBits 15 + 16 asks zlib for a gzip wrapper; its default header has no name and mtime 0.
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray output(qsizetype(deflateBound(&stream, uLong(data.size()))), Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(output.data());
    stream.avail_out = uInt(output.size());
    const int result = deflate(&stream, Z_FINISH);
    const auto written = qsizetype(stream.total_out);
    deflateEnd(&stream);
    if (result != Z_STREAM_END)
        return {};
    output.truncate(written);
    return output;
}

bool acceptsGzip(QByteArrayView acceptEncoding)
{
    std::optional<int> gzipWeight;
    std::optional<int> anyWeight;
    const QList<QByteArray> members = acceptEncoding.toByteArray().split(',');
    for (const QByteArray &rawMember : members) {
        const QByteArrayView member = trimmed(rawMember);
        if (member.isEmpty())
            continue;
        const qsizetype semicolon = member.indexOf(';');
        const QByteArrayView coding = trimmed(semicolon < 0 ? member : member.first(semicolon));
        int weight = 1000;
        if (semicolon >= 0) {
            const QByteArrayView parameter = trimmed(member.sliced(semicolon + 1));
            if (!parameter.startsWith("q=") && !parameter.startsWith("Q="))
                continue;
            const auto q = parseQValue(parameter.sliced(2));
            if (!q)
                continue;
            weight = *q;
        }
        if (coding.compare("gzip", Qt::CaseInsensitive) == 0 || coding.compare("x-gzip", Qt::CaseInsensitive) == 0)
            gzipWeight = gzipWeight ? qMax(*gzipWeight, weight) : weight;
        else if (coding == QByteArrayView("*"))
            anyWeight = weight;
    }
    if (gzipWeight)
        return *gzipWeight > 0;
    return anyWeight && *anyWeight > 0;
}

} // namespace CacheScope::Demo
