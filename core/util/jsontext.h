#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QStringView>

namespace CacheScope {

// Appends `text` as a JSON string value, quotes included, byte for byte as QJsonDocument writes it in
// Compact form: '"' and '\\' escaped, \b \f \n \r \t for those controls, \u00xx (lower-case hex) for the
// other bytes below 0x20, everything else (DEL included) as UTF-8. For the lines `watch --json` prints
// and the notes the timeline stores, one per exchange: QJsonDocument costs tens of thousands of
// instructions for each. Text with a UTF-16 surrogate (a pair or a lone one) goes through QJsonDocument
// itself, so what it does with broken UTF-16 stays its own decision.
void appendJsonString(QByteArray &out, QStringView text);

// The same for Latin-1 bytes (header values as received): each byte is one character, U+0000 to U+00FF.
void appendJsonLatin1String(QByteArray &out, QByteArrayView latin1);

// The JSON string of time.toUTC().toString(Qt::ISODateWithMs) ("2026-11-26T17:13:23.123Z"), written without
// Qt's date formatting (a dozen thousand instructions a call): every line of `watch --json` has one.
void appendJsonIsoTime(QByteArray &out, const QDateTime &time);

} // namespace CacheScope
