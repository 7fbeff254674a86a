#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

namespace CacheScope {

// Streams a body through its Content-Encoding (RFC 9110 §8.4): gzip, x-gzip and deflate (zlib-wrapped,
// or raw as some servers send it). CacheScope decodes bodies itself so that it knows both the size on the
// wire and the decoded size. Output is capped so that a compression bomb ends with an error, not with the
// memory of the machine.
class ContentDecoder
{
public:
    // `encoding` is the Content-Encoding field value. Returns null for identity / an absent value.
    // For an encoding it cannot decode (br, zstd, a chain of several), returns a decoder whose
    // isSupported() is false: the body is then kept as received.
    static std::unique_ptr<ContentDecoder> create(const QByteArray &encoding, qint64 maxOutput);

    ~ContentDecoder();
    ContentDecoder(const ContentDecoder &) = delete;
    ContentDecoder &operator=(const ContentDecoder &) = delete;

    bool isSupported() const { return m_supported; }
    QByteArray encoding() const { return m_encoding; }

    // Decodes the next piece. On failure returns false and errorString() says why; what was decoded
    // until then stays in `out`.
    bool decode(const QByteArray &in, QByteArray &out);
    // The body ended; false if the compressed stream was cut short.
    bool finish();
    QString errorString() const { return m_error; }
    qint64 outputSize() const { return m_produced; }

private:
    ContentDecoder() = default;
    bool init(bool gzip);

    struct Stream;
    std::unique_ptr<Stream> m_stream;
    QByteArray m_encoding;
    bool m_supported = false;
    bool m_gzip = false;
    bool m_triedRaw = false;
    bool m_ended = false;
    qint64 m_maxOutput = 0;
    qint64 m_produced = 0;
    qint64 m_consumed = 0;
    QString m_error;
};

} // namespace CacheScope
