#pragma once

#include <QByteArray>
#include <QString>

namespace CacheScope {

// How a response body is shown: decided from Content-Type and the bytes themselves, without widgets so
// every rule is unit-tested.
struct BodyPresentation
{
    enum class Kind
    {
        Empty,
        Json,
        Text,
        Binary
    };
    Kind kind = Kind::Empty;
    QString text; // what to lay out (pretty JSON, decoded text or a hex dump)
    QString mimeType; // "application/json"; sniffed when the Content-Type is missing
    QString label; // "JSON", "HTML", "PNG image", "Binary"...
    QString notice; // why the text is not the whole body, or what was assumed; empty when nothing to say
    qint64 totalBytes = 0;
    qint64 shownBytes = 0; // body bytes behind `text`
    bool truncated = false; // shownBytes < totalBytes
    bool pretty = false; // `text` was re-indented
};

struct BodyFormatOptions
{
    // Bodies larger than this are not laid out in full...
    qint64 fullLimit = qint64(4) * 1024 * 1024;
    // ...only their first previewBytes are.
    qint64 previewBytes = qint64(512) * 1024;
    // A preview stops inside a line longer than this (minified text): laying out one huge line stalls.
    qsizetype previewLineChars = 64 * 1024;
    // Hex dumps cost ~4.5 characters per byte: show less of a binary body.
    qint64 hexPreviewBytes = 4096;
    bool prettyJson = true;
    bool showAll = false; // the user asked for everything
};

BodyPresentation presentBody(const QByteArray &body, const QByteArray &contentType, const BodyFormatOptions &options);

// "application/json" from "Application/JSON; charset=utf-8".
QString mimeTypeOf(const QByteArray &contentType);
// "utf-8" from "text/html; charset="UTF-8""; empty when absent.
QByteArray charsetOf(const QByteArray &contentType);
bool isJsonMimeType(const QString &mimeType);
// Content types whose bytes are never text (images, archives, fonts, octet-stream...).
bool isBinaryMimeType(const QString &mimeType);
// NUL bytes or invalid UTF-8 in the first bytes of a body with no declared single-byte charset.
bool looksBinary(const QByteArray &body);
// "PNG image", "gzip data"... from the magic bytes; empty when unknown.
QString sniffBinaryFormat(const QByteArray &body);

// Re-indents JSON text token by token. Unlike QJsonDocument it keeps key order, duplicate keys and
// numbers exactly as sent (a 64-bit id must not become a rounded double in an inspector).
QString reindentJson(const QByteArray &json, int indent = 2);

// "00000000  89 50 4e 47 0d 0a 1a 0a  00 00 00 0d 49 48 44 52  |.PNG........IHDR|"
QString hexDump(const QByteArray &data, qint64 maxBytes);

} // namespace CacheScope
