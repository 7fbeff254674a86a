#pragma once

// Shared by the fuzz targets: splitting one input into parts, and a check that stays on in release builds.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <QByteArray>
#include <QByteArrayView>

// libFuzzer's entry point; the replay driver (replaymain.cpp) calls the same function over saved inputs.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace CacheScope::Fuzz {

inline QByteArrayView bytes(const uint8_t *data, size_t size)
{
    return QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size));
}

// A property that must hold for every input: a failure is a finding, reported like a crash.
#define CACHESCOPE_FUZZ_CHECK(condition)                                                                               \
    do {                                                                                                               \
        if (!(condition)) {                                                                                            \
            std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__);                   \
            std::abort();                                                                                              \
        }                                                                                                              \
    } while (false)

// Takes bytes from the front of an input: lets one input choose options and split points, then give text.
class InputReader
{
public:
    InputReader(const uint8_t *data, size_t size)
        : m_data(data)
        , m_size(size)
    { }
    quint8 byte() { return m_pos < m_size ? m_data[m_pos++] : 0; }
    // The rest of the input.
    QByteArray rest() const
    {
        return QByteArray(reinterpret_cast<const char *>(m_data + m_pos), qsizetype(m_size - m_pos));
    }

private:
    const uint8_t *m_data;
    size_t m_size;
    size_t m_pos = 0;
};

} // namespace CacheScope::Fuzz
