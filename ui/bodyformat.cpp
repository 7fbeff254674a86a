#include "bodyformat.h"

#include "formatting.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QStringDecoder>

namespace CacheScope {

namespace {

constexpr qsizetype kSniffBytes = 8192;

struct Magic
{
    QByteArrayView bytes;
    const char *label;
};

const Magic kMagics[] = {
    { "\x89PNG\r\n\x1a\n", "PNG image" },
    { "GIF87a", "GIF image" },
    { "GIF89a", "GIF image" },
    { "\xff\xd8\xff", "JPEG image" },
    { "%PDF-", "PDF document" },
    { "PK\x03\x04", "ZIP archive" },
    { "\x1f\x8b", "gzip data" },
    { "\x28\xb5\x2f\xfd", "Zstandard data" },
    { QByteArrayView("\0asm", 4), "WebAssembly module" },
    { "wOFF", "WOFF font" },
    { "wOF2", "WOFF2 font" },
    { "BM", "BMP image" },
};

QString labelForMime(const QString &mime)
{
    if (isJsonMimeType(mime))
        return QStringLiteral("JSON");
    if (mime == QLatin1String("text/html"))
        return QStringLiteral("HTML");
    if (mime.endsWith(QLatin1String("/xml")) || mime.endsWith(QLatin1String("+xml")))
        return QStringLiteral("XML");
    if (mime == QLatin1String("text/css"))
        return QStringLiteral("CSS");
    if (mime.contains(QLatin1String("javascript")) || mime == QLatin1String("text/ecmascript"))
        return QStringLiteral("JavaScript");
    if (mime == QLatin1String("text/plain"))
        return QStringLiteral("Text");
    if (mime.isEmpty())
        return QStringLiteral("Text");
    return mime;
}

// Decodes with the declared charset; Qt without ICU knows UTF-8/16/32 and Latin-1 only, so anything else
// falls back to UTF-8 and says so.
QString decodeText(const QByteArray &bytes, const QByteArray &charset, QString *notice)
{
    if (charset.isEmpty())
        return QString::fromUtf8(bytes);
    const auto encoding = QStringConverter::encodingForName(charset.constData());
    if (!encoding) {
        const QByteArray lower = charset.toLower();
        if (lower == "us-ascii" || lower == "ascii" || lower == "windows-1252" || lower == "cp1252")
            return QString::fromLatin1(bytes);
        *notice = QStringLiteral("Charset %1 is not supported here; shown as UTF-8.").arg(QString::fromLatin1(charset));
        return QString::fromUtf8(bytes);
    }
    QStringDecoder decoder(*encoding);
    return decoder.decode(bytes);
}

bool isUtf8(const QByteArray &charset)
{
    const QByteArray lower = charset.toLower();
    return lower.isEmpty() || lower == "utf-8" || lower == "utf8";
}

// The first `limit` bytes of a body, not ending inside a UTF-8 sequence when the text is UTF-8.
QByteArray previewOf(const QByteArray &body, qint64 limit, const QByteArray &charset)
{
    qsizetype end = qsizetype(qMin<qint64>(limit, body.size()));
    if (end > 0 && end < body.size() && isUtf8(charset)) {
        // Find the lead byte of the last sequence (at most 3 continuation bytes 10xxxxxx back); drop the
        // sequence when it has fewer bytes than its lead byte announces.
        qsizetype lead = end - 1;
        while (lead > 0 && lead > end - 4 && (static_cast<unsigned char>(body.at(lead)) & 0xC0) == 0x80)
            --lead;
        const auto byte = static_cast<unsigned char>(body.at(lead));
        const qsizetype length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
        if (end - lead < length)
            end = lead;
    }
    return body.left(end);
}

// Cuts `text` where one of its lines grows past `maxLine` characters. A text editor lays out a whole line
// (a block) again on every insertion into it: a preview with half a megabyte on one line stalls the window.
bool capLongLine(QString &text, qsizetype maxLine)
{
    if (maxLine <= 0 || text.size() <= maxLine)
        return false;
    qsizetype lineStart = 0;
    while (lineStart < text.size()) {
        qsizetype lineEnd = text.indexOf(QLatin1Char('\n'), lineStart);
        if (lineEnd < 0)
            lineEnd = text.size();
        if (lineEnd - lineStart > maxLine) {
            text.truncate(lineStart + maxLine);
            return true;
        }
        lineStart = lineEnd + 1;
    }
    return false;
}

// A declared charset under which NUL bytes or non-UTF-8 sequences are expected text, not a sign of binary.
bool charsetExplainsBytes(const QByteArray &charset)
{
    const QByteArray lower = charset.toLower();
    return lower.startsWith("iso-8859") || lower.startsWith("windows-") || lower == "latin1" || lower == "cp1252"
        || lower.startsWith("utf-16") || lower.startsWith("utf-32");
}

} // namespace

QString mimeTypeOf(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray type = (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
    return QString::fromLatin1(type);
}

QByteArray charsetOf(const QByteArray &contentType)
{
    const QList<QByteArray> parts = contentType.split(';');
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray part = parts.at(i).trimmed();
        const qsizetype eq = part.indexOf('=');
        if (eq < 0 || part.left(eq).trimmed().toLower() != "charset")
            continue;
        QByteArray value = part.mid(eq + 1).trimmed();
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        return value.trimmed();
    }
    return {};
}

bool isJsonMimeType(const QString &mimeType)
{
    return mimeType == QLatin1String("application/json") || mimeType == QLatin1String("text/json")
        || mimeType.endsWith(QLatin1String("+json"));
}

bool isBinaryMimeType(const QString &mimeType)
{
    static const char *const prefixes[] = { "image/", "audio/", "video/", "font/" };
    for (const char *prefix : prefixes) {
        if (mimeType.startsWith(QLatin1String(prefix)) && mimeType != QLatin1String("image/svg+xml"))
            return true;
    }
    static const char *const exact[]
        = { "application/octet-stream", "application/zip", "application/gzip", "application/pdf", "application/wasm",
              "application/x-protobuf", "application/protobuf", "application/vnd.google.protobuf",
              "application/msgpack", "application/cbor", "application/x-tar", "application/zstd" };
    for (const char *type : exact) {
        if (mimeType == QLatin1String(type))
            return true;
    }
    return false;
}

bool looksBinary(const QByteArray &body)
{
    const QByteArrayView sample = QByteArrayView(body).first(qMin(body.size(), kSniffBytes));
    if (sample.contains('\0'))
        return true;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(sample);
    if (!decoder.hasError())
        return false;
    // The sample may end in the middle of a multi-byte sequence: only count errors before its last 3 bytes.
    if (sample.size() < kSniffBytes)
        return true;
    QStringDecoder again(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    (void)again.decode(sample.first(sample.size() - 3));
    return again.hasError();
}

QString sniffBinaryFormat(const QByteArray &body)
{
    for (const Magic &magic : kMagics) {
        if (body.startsWith(magic.bytes))
            return QLatin1String(magic.label);
    }
    if (body.size() >= 12 && body.startsWith("RIFF") && body.mid(8, 4) == "WEBP")
        return QStringLiteral("WebP image");
    return {};
}

QString reindentJson(const QByteArray &json, int indent)
{
    QString out;
    out.reserve(json.size() + json.size() / 4);
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    auto newline = [&] {
        out += QLatin1Char('\n');
        out += QString(depth * indent, QLatin1Char(' '));
    };
    const QString text = QString::fromUtf8(json);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == QLatin1Char('\\'))
                escaped = true;
            else if (c == QLatin1Char('"'))
                inString = false;
            continue;
        }
        switch (c.unicode()) {
        case '"':
            inString = true;
            out += c;
            break;
        case ' ':
        case '\t':
        case '\r':
        case '\n':
            break;
        case '{':
        case '[': {
            // Keep empty containers on one line: "{}" and "[]".
            qsizetype next = i + 1;
            while (next < text.size() && text.at(next).isSpace())
                ++next;
            const QChar close = c == QLatin1Char('{') ? QLatin1Char('}') : QLatin1Char(']');
            if (next < text.size() && text.at(next) == close) {
                out += c;
                out += close;
                i = next;
                break;
            }
            out += c;
            ++depth;
            newline();
            break;
        }
        case '}':
        case ']':
            depth = qMax(0, depth - 1);
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += QLatin1String(": ");
            break;
        default:
            out += c;
            break;
        }
    }
    return out;
}

QString hexDump(const QByteArray &data, qint64 maxBytes)
{
    const qsizetype count = qsizetype(qMin<qint64>(data.size(), qMax<qint64>(0, maxBytes)));
    QString out;
    out.reserve((count / 16 + 1) * 80);
    for (qsizetype offset = 0; offset < count; offset += 16) {
        out += QStringLiteral("%1  ").arg(offset, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (qsizetype i = 0; i < 16; ++i) {
            if (i == 8)
                out += QLatin1Char(' ');
            if (offset + i < count) {
                const auto byte = static_cast<unsigned char>(data.at(offset + i));
                out += QStringLiteral("%1 ").arg(byte, 2, 16, QLatin1Char('0'));
                ascii += (byte >= 0x20 && byte < 0x7f) ? QLatin1Char(char(byte)) : QLatin1Char('.');
            } else {
                out += QLatin1String("   ");
            }
        }
        out += QLatin1Char('|') + ascii + QLatin1String("|\n");
    }
    return out;
}

BodyPresentation presentBody(const QByteArray &body, const QByteArray &contentType, const BodyFormatOptions &options)
{
    BodyPresentation result;
    result.totalBytes = body.size();
    result.mimeType = mimeTypeOf(contentType);
    if (body.isEmpty()) {
        result.label = QStringLiteral("Empty");
        return result;
    }
    const QByteArray charset = charsetOf(contentType);
    const bool binary = isBinaryMimeType(result.mimeType) || (!charsetExplainsBytes(charset) && looksBinary(body));
    if (binary) {
        result.kind = BodyPresentation::Kind::Binary;
        const QString format = sniffBinaryFormat(body);
        result.label = !format.isEmpty() ? format : QStringLiteral("Binary");
        const qint64 limit = options.showAll ? body.size() : options.hexPreviewBytes;
        result.text = hexDump(body, limit);
        result.shownBytes = qMin<qint64>(body.size(), limit);
        result.truncated = result.shownBytes < result.totalBytes;
        result.notice = result.truncated
            ? QStringLiteral("Binary body: the first %1 of %2 as hex.")
                  .arg(Display::bytes(result.shownBytes), Display::bytes(result.totalBytes))
            : QStringLiteral("Binary body, shown as hex.");
        return result;
    }

    const bool large = !options.showAll && body.size() > options.fullLimit;
    const QByteArray shown = large ? previewOf(body, options.previewBytes, charset) : body;
    result.shownBytes = shown.size();
    result.truncated = large;

    const bool jsonByType = isJsonMimeType(result.mimeType);
    const QByteArray trimmed = large ? shown.trimmed() : body.trimmed();
    const bool jsonBySniff = result.mimeType.isEmpty() || result.mimeType == QLatin1String("text/plain");
    const bool looksJson = jsonByType || (jsonBySniff && (trimmed.startsWith('{') || trimmed.startsWith('[')));
    if (large && looksJson && options.prettyJson && isUtf8(charset)) {
        // The first part of a large JSON body, re-indented: minified JSON is one line, and a line of half
        // a megabyte is unreadable and slow to lay out. Only a whole body can be checked as JSON.
        result.kind = BodyPresentation::Kind::Json;
        if (!jsonByType)
            result.mimeType = QStringLiteral("application/json");
        result.label = QStringLiteral("JSON");
        result.pretty = true;
        result.text = reindentJson(shown);
        result.notice = QStringLiteral("Large body: showing the first %1 of %2, re-indented (not checked as JSON "
                                       "until shown in full).")
                            .arg(Display::bytes(result.shownBytes), Display::bytes(result.totalBytes));
        return result;
    }
    if (!large && looksJson) {
        QJsonParseError error;
        (void)QJsonDocument::fromJson(body, &error);
        if (error.error == QJsonParseError::NoError) {
            result.kind = BodyPresentation::Kind::Json;
            if (!jsonByType)
                result.mimeType = QStringLiteral("application/json");
            result.label = QStringLiteral("JSON");
            result.pretty = options.prettyJson;
            result.text = options.prettyJson ? reindentJson(body) : QString::fromUtf8(body);
            return result;
        }
        if (jsonByType)
            result.notice = QStringLiteral("Not valid JSON (%1 at byte %2): shown as sent.")
                                .arg(error.errorString())
                                .arg(error.offset);
    }

    result.kind = jsonByType ? BodyPresentation::Kind::Json : BodyPresentation::Kind::Text;
    result.label = labelForMime(result.mimeType);
    QString charsetNotice;
    result.text = decodeText(shown, charset, &charsetNotice);
    if (large) {
        result.notice = QStringLiteral("Large body: showing the first %1 of %2.")
                            .arg(Display::bytes(result.shownBytes), Display::bytes(result.totalBytes));
        if (capLongLine(result.text, options.previewLineChars))
            result.notice += QStringLiteral(" Its lines are very long: the preview stops %1 characters into one.")
                                 .arg(options.previewLineChars);
    }
    if (!charsetNotice.isEmpty())
        result.notice = result.notice.isEmpty() ? charsetNotice : result.notice + QLatin1Char(' ') + charsetNotice;
    return result;
}

} // namespace CacheScope
