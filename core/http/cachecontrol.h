#pragma once

#include "http/httpheaders.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

namespace CacheScope {

// One cache directive as written: `name`, `name=token` or `name="quoted"` (RFC 9111 §5.2).
struct CacheDirective
{
    QByteArray name; // lower-cased (directive names are case-insensitive)
    QByteArray raw; // the whole list element as received, e.g. `Max-Age="3"`
    bool hasArgument = false; // an '=' was present
    QByteArray rawArgument; // after '=', as received (quotes included); null without '='
    QByteArray argument; // quotes removed and quoted-pairs resolved
    bool quoted = false; // the argument was a quoted-string
    QStringList problems; // this directive's problems and accepted deviations, in words

    friend bool operator==(const CacheDirective &, const CacheDirective &) = default;
};

// The value of a delta-seconds directive (max-age, s-maxage, max-stale, min-fresh,
// stale-while-revalidate, stale-if-error) after combining every occurrence.
struct DirectiveSeconds
{
    enum class State
    {
        Absent,
        Valid, // `seconds` holds the value (clamped to 2^31, RFC 9111 §1.2.2)
        NoArgument, // present without a value: only meaningful for max-stale ("any staleness")
        Invalid, // malformed (`-1`, `1.5`, empty, `abc`) or repeated with different values
    };
    State state = State::Absent;
    qint64 seconds = 0;

    bool isPresent() const { return state != State::Absent; }
    bool isValid() const { return state == State::Valid; }
    friend bool operator==(const DirectiveSeconds &, const DirectiveSeconds &) = default;
};

// Cache-Control, parsed from every line of a header list (lines combine into one list, RFC 9110 §5.3).
// Every directive is kept, unknown extensions included (a cache ignores them, RFC 9111 §5.2.3, but an
// inspector shows them). Decisions CacheScope makes where the RFC leaves room, all reported in warnings():
// - Quoted arguments where a token is required (`max-age="3"`) are accepted: senders must not send them
//   but RFC 9111 §5.2 says recipients ought to accept both forms.
// - delta-seconds larger than 2^31 read as 2147483648 (RFC 9111 §1.2.2).
// - A delta-seconds directive that is malformed, or repeated with different values, is Invalid. Callers
//   treat Invalid restrictively: an invalid max-age makes the response stale (RFC 9111 §4.2.1 allows
//   "first occurrence" or "stale" for duplicates and encourages "stale" for invalid values).
//   Repeats with the same value are fine (noted).
// - no-cache / private: any unqualified occurrence wins over qualified ones (most restrictive); the field
//   lists of qualified occurrences are merged. The token form (`no-cache=Set-Cookie`) and an empty list
//   (`no-cache=""`, read as unqualified) are accepted with a note.
// - Spaces around '=' are not allowed by the grammar; they are accepted with a note.
// - An argument on a directive that takes none (`no-store=1`) is ignored, the directive still applies.
// - Directives used in the wrong message (`min-fresh` in a response, `s-maxage` in a request) are kept
//   and reported; the accessors do not filter by context.
class CacheControl
{
public:
    enum class Context
    {
        Request,
        Response
    };

    CacheControl() = default;
    static CacheControl parse(const HttpHeaders &headers, Context context);
    static CacheControl parseValue(QByteArrayView value, Context context);

    Context context() const { return m_context; }
    bool isPresent() const { return m_present; } // at least one Cache-Control line
    const QList<CacheDirective> &directives() const { return m_directives; }
    bool has(QByteArrayView name) const; // case-insensitive
    QList<CacheDirective> occurrences(QByteArrayView name) const;
    QList<CacheDirective> extensions() const; // directives this class does not know

    // Both contexts
    DirectiveSeconds maxAge() const;
    bool noCache() const; // any form, qualified or not
    bool noStore() const;
    bool noTransform() const;
    // Response only (RFC 9111 §5.2.2, RFC 8246, RFC 5861)
    DirectiveSeconds sMaxAge() const;
    // Field names (lower-case) of a qualified no-cache; empty when absent, when any occurrence is
    // unqualified or when an occurrence lists no valid field name. So empty + noCache() means "revalidate
    // before every reuse".
    QList<QByteArray> noCacheFields() const;
    bool isPrivate() const;
    QList<QByteArray> privateFields() const; // same rule as noCacheFields()
    bool isPublic() const;
    bool mustRevalidate() const;
    bool proxyRevalidate() const;
    bool mustUnderstand() const;
    bool immutable() const;
    DirectiveSeconds staleWhileRevalidate() const;
    DirectiveSeconds staleIfError() const; // also a request directive (RFC 5861 §4)
    // Request only (RFC 9111 §5.2.1)
    DirectiveSeconds maxStale() const; // NoArgument: any staleness is acceptable
    DirectiveSeconds minFresh() const;
    bool onlyIfCached() const;

    // Every problem and accepted deviation, one sentence each, in the order found.
    const QStringList &warnings() const { return m_warnings; }

    // The directives written back as one value ("max-age=60, no-cache=\"set-cookie\""), normalized.
    QByteArray toHeaderValue() const;

private:
    DirectiveSeconds seconds(QByteArrayView name) const;
    QList<QByteArray> fieldList(QByteArrayView name) const;
    void check();

    Context m_context = Context::Response;
    bool m_present = false;
    QList<CacheDirective> m_directives;
    QStringList m_warnings;
};

} // namespace CacheScope
