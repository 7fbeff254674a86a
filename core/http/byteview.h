#pragma once

#include <QByteArrayView>

// Small helpers the field parsers share.
namespace CacheScope::Bytes {

// QByteArrayView::mid() only exists from Qt 6.5; this clamps like QByteArray::mid().
inline QByteArrayView midView(QByteArrayView v, qsizetype pos, qsizetype n = -1)
{
    if (pos < 0)
        pos = 0;
    if (pos >= v.size())
        return v.sliced(v.size());
    if (n < 0 || n > v.size() - pos)
        n = v.size() - pos;
    return v.sliced(pos, n);
}

// Optional whitespace (RFC 9110 §5.6.3).
inline bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

} // namespace CacheScope::Bytes
