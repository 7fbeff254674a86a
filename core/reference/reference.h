#pragma once

#include "reference/referenceindex.h"
#include "reference/referenceparser.h"
#include "reference/referencetypes.h"

#include <memory>
#include <mutex>
#include <QList>
#include <QString>

namespace CacheScope {

// The answer to "what is status code N?", with the RFC 9110 §15 rule for codes nobody defined.
struct StatusLookup
{
    enum Outcome
    {
        Known, // the code has its own entry
        Unrecognized, // a valid code without an entry: a client treats it as the x00 of its class
        Invalid, // not in 100..599
    };
    Outcome outcome = Invalid;
    int code = 0; // the code asked about
    int fallbackCode = 0; // Unrecognized: the x00 code of the class
    // The entry to show: the code's own, or for Unrecognized the x00 entry (null if the data lacks it too).
    const StatusInfo *info = nullptr;
    // Empty for Known; "unrecognized 2xx: treat as 200"; "999 is not a valid HTTP status code (100-599)".
    QString message;
};

// The built-in HTTP reference: status codes, header fields and their directives, with lookups and search.
// Reads the JSON data once, on first use, from the resources compiled into the program or from a directory.
// Bad data never throws or crashes: the broken entries are skipped and listed by errors().
// Not a singleton: the application owns one instance. Pointers it returns live as long as the instance.
// Lookups are safe from several threads (loading happens once, under std::call_once).
class Reference
{
public:
    // The data compiled into the program (":/reference").
    Reference();
    // Every *.json in `directory` and in its direct sub-directories: for tests, fuzzing and data editors.
    explicit Reference(const QString &directory);
    ~Reference();
    Reference(const Reference &) = delete;
    Reference &operator=(const Reference &) = delete;

    static QString builtInDirectory();
    QString directory() const { return m_directory; }

    // Sorted by code / by name. Loading happens on the first call of any of these methods.
    const QList<StatusInfo> &statuses() const;
    const QList<HeaderInfo> &headers() const;
    // Everything wrong with the data (each with file, entry and field), in file order.
    const QList<ReferenceError> &errors() const;
    // True when at least one error (not just a warning) was found.
    bool hasErrors() const;

    // The entry for exactly this code, or null.
    const StatusInfo *findStatus(int code) const;
    // With the RFC 9110 §15 fallback: 299 -> Unrecognized, shown as 200; 999 -> Invalid.
    StatusLookup status(int code) const;
    // Case-insensitive; surrounding blanks and a trailing ':' are ignored; aliases match too. Null if absent.
    const HeaderInfo *header(QStringView name) const;
    // Every directive of that name (case-insensitive) of every header, Cache-Control's first.
    QList<const DirectiveInfo *> directives(QStringView name) const;
    // The directive of that name for that side of the exchange; a "both" directive serves either side.
    // MessageSide::Both asks for any side. Null if absent.
    const DirectiveInfo *directive(QStringView name, MessageSide side = MessageSide::Both) const;

    // By number, name or words of the text, best first (exact code or name first). `limit` <= 0: all hits.
    QList<SearchHit> search(QStringView text, qsizetype limit = 20) const;
    // Names close to a misspelt `text`, for "did you mean".
    QStringList suggestions(QStringView text, qsizetype limit = 5) const;

private:
    struct Loaded;
    const Loaded &loaded() const;

    QString m_directory;
    mutable std::once_flag m_once;
    mutable std::unique_ptr<Loaded> m_loaded;
};

} // namespace CacheScope
