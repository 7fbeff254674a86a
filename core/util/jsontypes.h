#pragma once

#include <QJsonValue>
#include <QString>

namespace CacheScope {

// "a string", "an array"...: what a JSON value is, for error messages that point at bad input.
// `absent` names an undefined value (a missing key), in the caller's wording.
inline QString describeJsonType(const QJsonValue &value, const QString &absent)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return absent;
}

} // namespace CacheScope
