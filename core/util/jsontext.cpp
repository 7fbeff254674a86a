#include "jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QString>

namespace CacheScope {

namespace {

char hexDigit(uint value)
{
    return "0123456789abcdef"[value & 0xf];
}

// Controls, quote and backslash as QJsonDocument escapes them.
void appendEscapedAscii(QByteArray &out, char16_t c)
{
    out += '\\';
    switch (c) {
    case u'"':
        out += '"';
        return;
    case u'\\':
        out += '\\';
        return;
    case u'\b':
        out += 'b';
        return;
    case u'\f':
        out += 'f';
        return;
    case u'\n':
        out += 'n';
        return;
    case u'\r':
        out += 'r';
        return;
    case u'\t':
        out += 't';
        return;
    default:
        break;
    }
    const char digits[] = { 'u', '0', '0', hexDigit(c >> 4), hexDigit(c) };
    out.append(digits, sizeof digits);
}

bool needsEscape(char16_t c)
{
    return c < 0x20 || c == u'"' || c == u'\\';
}

} // namespace

void appendJsonString(QByteArray &out, QStringView text)
{
    const char16_t *const begin = text.utf16();
    const char16_t *const end = begin + text.size();
    for (const char16_t *p = begin; p != end; ++p) {
        if (QChar::isSurrogate(*p)) {
            const QByteArray array = QJsonDocument(QJsonArray { text.toString() }).toJson(QJsonDocument::Compact);
            out.append(QByteArrayView(array).sliced(1, array.size() - 2)); // without the [ ]
            return;
        }
    }
    out.reserve(out.size() + text.size() * 3 + 2);
    out += '"';
    const char16_t *run = begin; // start of the characters not yet written
    for (const char16_t *p = begin; p != end; ++p) {
        if (!needsEscape(*p))
            continue;
        if (p != run)
            out += QStringView(run, p).toUtf8();
        appendEscapedAscii(out, *p);
        run = p + 1;
    }
    if (run != end)
        out += QStringView(run, end).toUtf8();
    out += '"';
}

void appendJsonLatin1String(QByteArray &out, QByteArrayView latin1)
{
    out.reserve(out.size() + latin1.size() * 2 + 2);
    out += '"';
    const char *run = latin1.begin(); // start of the plain ASCII not yet written
    for (const char *p = latin1.begin(); p != latin1.end(); ++p) {
        const auto c = uchar(*p);
        if (c < 0x80 && !needsEscape(c))
            continue;
        out.append(run, p - run);
        if (c >= 0x80) {
            const char utf8[] = { char(0xc0 | (c >> 6)), char(0x80 | (c & 0x3f)) };
            out.append(utf8, sizeof utf8);
        } else {
            appendEscapedAscii(out, c);
        }
        run = p + 1;
    }
    out.append(run, latin1.end() - run);
    out += '"';
}

} // namespace CacheScope
