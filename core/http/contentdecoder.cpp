#include "contentdecoder.h"

#include <zlib.h>

namespace CacheScope {

struct ContentDecoder::Stream
{
    z_stream z {};
    bool initialised = false;
    ~Stream()
    {
        if (initialised)
            inflateEnd(&z);
    }
};

std::unique_ptr<ContentDecoder> ContentDecoder::create(const QByteArray &encoding, qint64 maxOutput)
{
    const QByteArray value = encoding.trimmed().toLower();
    if (value.isEmpty() || value == "identity")
        return nullptr;
    std::unique_ptr<ContentDecoder> decoder(new ContentDecoder);
    decoder->m_encoding = value;
    decoder->m_maxOutput = maxOutput;
    if (value == "gzip" || value == "x-gzip")
        decoder->m_supported = decoder->init(true);
    else if (value == "deflate")
        decoder->m_supported = decoder->init(false);
    return decoder;
}

ContentDecoder::~ContentDecoder() = default;

bool ContentDecoder::init(bool gzip)
{
    m_gzip = gzip;
    m_stream = std::make_unique<Stream>();
    // 16 + MAX_WBITS: gzip wrapper only; MAX_WBITS: zlib wrapper (RFC 9110's "deflate").
    const int windowBits = gzip ? 16 + MAX_WBITS : MAX_WBITS;
    m_stream->initialised = inflateInit2(&m_stream->z, windowBits) == Z_OK;
    return m_stream->initialised;
}

bool ContentDecoder::decode(const QByteArray &in, QByteArray &out)
{
    if (!m_supported || !m_error.isEmpty())
        return m_error.isEmpty();
    if (m_ended) {
        if (!in.isEmpty())
            m_error = QStringLiteral("data after the end of the %1 stream").arg(QString::fromLatin1(m_encoding));
        return m_error.isEmpty();
    }
    z_stream &z = m_stream->z;
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
    z.avail_in = uInt(in.size());
    char buffer[64 * 1024];
    while (z.avail_in > 0 && !m_ended) {
        z.next_out = reinterpret_cast<Bytef *>(buffer);
        z.avail_out = sizeof buffer;
        const int rc = inflate(&z, Z_NO_FLUSH);
        const qsizetype produced = qsizetype(sizeof buffer - z.avail_out);
        if (rc == Z_DATA_ERROR && !m_gzip && !m_triedRaw && m_consumed == 0 && m_produced == 0) {
            // Some servers send raw DEFLATE for "deflate"; retry once without the zlib wrapper.
            m_triedRaw = true;
            inflateEnd(&z);
            z = z_stream {};
            m_stream->initialised = inflateInit2(&z, -MAX_WBITS) == Z_OK;
            z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
            z.avail_in = uInt(in.size());
            continue;
        }
        if (rc != Z_OK && rc != Z_STREAM_END && !(rc == Z_BUF_ERROR && produced > 0)) {
            m_error = QStringLiteral("the %1 body is corrupt (%2)")
                          .arg(QString::fromLatin1(m_encoding),
                              QString::fromLatin1(z.msg ? z.msg : "zlib error"));
            return false;
        }
        m_produced += produced;
        if (m_produced > m_maxOutput) {
            m_error = QStringLiteral("the decoded body exceeds the %1 MiB limit (compression bomb?): decoding stopped")
                          .arg(m_maxOutput / (1024 * 1024));
            return false;
        }
        out.append(buffer, produced);
        if (rc == Z_STREAM_END)
            m_ended = true;
    }
    m_consumed += in.size() - z.avail_in;
    if (m_ended && z.avail_in > 0)
        m_error = QStringLiteral("data after the end of the %1 stream").arg(QString::fromLatin1(m_encoding));
    return m_error.isEmpty();
}

bool ContentDecoder::finish()
{
    if (!m_supported || !m_error.isEmpty())
        return m_error.isEmpty();
    if (!m_ended && (m_consumed > 0 || m_produced > 0)) {
        m_error = QStringLiteral("the %1 body ends before its compressed stream does (truncated)")
                      .arg(QString::fromLatin1(m_encoding));
        return false;
    }
    return true;
}

} // namespace CacheScope
