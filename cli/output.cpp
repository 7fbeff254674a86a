#include "output.h"

#include <cstdio>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace CacheScope::Cli {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

static QJsonDocument toDocument(const QJsonValue &value)
{
    return value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
}

void writeLine(QByteArrayView utf8)
{
    out().flush(); // out() writes to the same FILE, so flushing it first keeps the order
    std::fwrite(utf8.data(), 1, size_t(utf8.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void printJsonLine(const QJsonValue &value)
{
    writeLine(toDocument(value).toJson(QJsonDocument::Compact));
}

void printJson(const QJsonValue &value)
{
    out() << toDocument(value).toJson(QJsonDocument::Indented);
    out().flush();
}

QString formatBytes(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    static const char *units[] = { "KiB", "MiB", "GiB", "TiB" };
    double value = double(bytes);
    int unit = -1;
    while (value >= 1024.0 && unit < 3) {
        value /= 1024.0;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(value, 0, 'f', value < 10 ? 2 : 1).arg(QLatin1String(units[unit]));
}

} // namespace CacheScope::Cli
