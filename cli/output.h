#pragma once

#include <QByteArrayView>
#include <QJsonValue>
#include <QTextStream>

namespace CacheScope::Cli {

// Standard output and standard error as UTF-8 text streams (flushed on every line we print).
QTextStream &out();
QTextStream &err();

// Writes UTF-8 bytes and a newline to standard output, after whatever out() holds, and flushes. For lines
// printed per exchange: out() would decode the bytes into its QString buffer only to encode them again.
void writeLine(QByteArrayView utf8);

// Prints a compact JSON value on one line of standard output.
void printJsonLine(const QJsonValue &value);
// Prints an indented JSON document on standard output.
void printJson(const QJsonValue &value);

// "1.2 KiB", "3.4 MiB": sizes for people.
QString formatBytes(qint64 bytes);

} // namespace CacheScope::Cli
