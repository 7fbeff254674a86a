#pragma once

#include "client/request.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace CacheScope {

// One saved request of a collection file.
struct SavedRequest
{
    QString name; // the text after "###" (may be empty)
    QStringList comments; // "#" lines between the separator and the request line, without the "#"
    Request request; // method, URL, headers and body; the other Request fields are not part of the format
    int line = 0; // 1-based line of the request line in the file it came from; 0 when not read from a file
};

struct Collection
{
    QStringList preamble; // "#" comment lines before the first "###", without the "#"
    QList<SavedRequest> requests;

    // The requests named `name` (names need not be unique).
    QList<SavedRequest> named(const QString &name) const;
};

struct CollectionParseResult
{
    Collection collection;
    QString error; // empty on success: "line 12: ..."
    int errorLine = 0;
    bool ok() const { return error.isEmpty(); }
};

// Reads a collection in the ".http file" shape of the VS Code REST Client and the JetBrains HTTP client,
// a text a team keeps in git:
//
//     # comment
//     ### name
//     METHOD URL [HTTP/1.1]
//     Header: value
//
//     body, up to the next "###" (trailing blank lines are not part of it)
//
// A request line without a method is a GET. "#" and "//" lines are comments. Variables ({{host}}),
// scripts ("> {% ... %}") and file bodies ("< ./file") are refused with the line they are on: CacheScope
// does not evaluate them, and sending them as written would be wrong. CRLF line ends are accepted.
CollectionParseResult parseCollection(const QByteArray &text);

// Reads and parses the file at `path`. On failure, false and *error names the file and the reason: "cannot
// read PATH: ..." or "PATH is not a collection CacheScope can read: line N: ...".
bool readCollectionFile(const QString &path, Collection *collection, QString *error);

// Why this request cannot be written so that parseCollection reads it back the same, or empty: a name or
// comment with a line break, a URL that is not http(s), a header value with CR/LF, a body with a line
// starting with "###", ending in a line break, or starting with a blank line.
QString collectionWriteProblem(const SavedRequest &request);

// The text of one request ("### name" ... up to, not including, the blank line that separates requests).
QByteArray writeSavedRequest(const SavedRequest &request);
// The whole file: preamble, then the requests separated by one blank line; ends with a line break.
// parseCollection(writeCollection(c)) gives c back (line numbers aside) when no request has a problem.
QByteArray writeCollection(const Collection &collection);

} // namespace CacheScope
