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
    // Converted once, then escaped byte by byte: the bytes of a multi-byte UTF-8 sequence are all 0x80 or
    // above, so only ASCII controls, the quote and the backslash are ever escaped, as above.
    const QByteArray utf8 = text.toUtf8();
    out.reserve(out.size() + utf8.size() + 8);
    out += '"';
    const char *run = utf8.constData(); // start of the bytes not yet written
    const char *const last = run + utf8.size();
    for (const char *p = run; p != last; ++p) {
        if (!needsEscape(char16_t(uchar(*p))))
            continue;
        out.append(run, p - run);
        appendEscapedAscii(out, char16_t(uchar(*p)));
        run = p + 1;
    }
    out.append(run, last - run);
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

void appendJsonIsoTime(QByteArray &out, const QDateTime &time)
{
    const QDateTime utc = time.toUTC();
    const QDate date = utc.date();
    const QTime clock = utc.time();
    if (!utc.isValid() || date.year() < 1 || date.year() > 9999) {
        appendJsonString(out, utc.toString(Qt::ISODateWithMs));
        return;
    }
    char text[] = "\"YYYY-MM-DDTHH:MM:SS.mmmZ\"";
    const auto put = [&text](int at, int value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10)
            text[at + i] = char('0' + value % 10);
    };
    put(1, date.year(), 4);
    put(6, date.month(), 2);
    put(9, date.day(), 2);
    put(12, clock.hour(), 2);
    put(15, clock.minute(), 2);
    put(18, clock.second(), 2);
    put(21, clock.msec(), 3);
    out.append(text, sizeof text - 1);
}

} // namespace CacheScope
