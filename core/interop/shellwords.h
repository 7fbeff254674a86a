#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

namespace CacheScope {

// One word of a shell command line after quote removal. Arguments are bytes (as execve sees them):
// $'\xff' yields a raw byte, everything else is the UTF-8 of what was typed.
struct ShellWord
{
    QByteArray text;
    int position = 0; // index in the command string (UTF-16 units) where the word starts
    bool isOperator = false; // an unquoted | || & && ; < > >> ( )
};

struct ShellWordsResult
{
    QList<ShellWord> words;
    QStringList warnings;
    QString error; // empty on success
    int errorPosition = -1;
};

// Splits a command line the way a POSIX shell (bash) would, without running anything: 'single',
// "double" (with \ escapes), $'ANSI-C' quoting, backslash escapes, backslash-newline continuations,
// # comments and operators. Windows cmd "^" line continuations are accepted with a warning. Anything
// the shell would expand ($VAR, $(...), `...`) is an error: expanding it is not ours to guess.
ShellWordsResult splitShellWords(const QString &command);

// Quotes bytes as one POSIX shell word: '...' with ' written as '\'' when the bytes are UTF-8 text
// without control characters, otherwise $'...' with \n, \r, \t, \xHH escapes (bash, zsh, ksh and
// POSIX.1-2024 sh). NUL cannot be part of an argument at all: callers must not pass it.
QString shellQuote(QByteArrayView bytes);

// Like shellQuote, but leaves a plain word ([A-Za-z0-9_@%+=:,./-]+) bare.
QString shellWord(QByteArrayView bytes);

// A printf(1) format string that prints exactly these bytes (NUL included), as a quoted shell word:
// the only portable way to put arbitrary bytes on a pipe from a pasted command line.
QString printfFormatWord(QByteArrayView bytes);
// The inverse for formats made of plain text, \ooo / \n-style escapes and %%; any other directive is
// an error (returned in `error`).
QByteArray decodePrintfFormat(QByteArrayView format, QString *error);

} // namespace CacheScope
