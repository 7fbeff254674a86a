#pragma once

#include "reference/referencetypes.h"

#include <QString>

namespace CacheScope {

class Reference;
struct SearchHit;

// One entry of the reference, as the browser navigates to it. Keys are stable text so that links in rich
// text, history entries and callers elsewhere in the program ("304", "etag", "max-age") can all name one.
struct ReferenceTopic
{
    enum Kind
    {
        None,
        Status, // any code in 100..599, also codes without an entry (shown with their class fallback)
        Header,
        Directive,
    };
    Kind kind = None;
    int code = 0; // Status
    QString name; // Header or Directive, as the data spells it
    QString header; // Directive: the header it belongs to
    MessageSide side = MessageSide::Both; // Directive

    bool isValid() const { return kind != None; }
    // "ref:status/304", "ref:header/ETag", "ref:directive/Cache-Control/response/max-age"
    QString key() const;

    static ReferenceTopic status(int code);
    static ReferenceTopic forHit(const SearchHit &hit);
    // A key as made by key(), or loose text the way `cachescope-cli explain` reads it: a number, a header
    // name, a directive name (the response-side one when there are two). Invalid when nothing matches
    // exactly; codes outside 100..599 are invalid too.
    static ReferenceTopic resolve(const Reference &reference, const QString &text);

    friend bool operator==(const ReferenceTopic &, const ReferenceTopic &) = default;
};

} // namespace CacheScope
