#include "cachecontrol.h"

#include "http/headerfields.h"

#include <algorithm>

namespace CacheScope {

namespace {

enum class Kind
{
    Flag,
    Seconds,
    OptionalSeconds,
    FieldList
};
enum Where
{
    InRequest = 1,
    InResponse = 2,
    Both = 3
};

struct Known
{
    const char *name;
    Kind kind;
    int where;
};

// RFC 9111 §5.2.1 / §5.2.2, immutable (RFC 8246), stale-while-revalidate and stale-if-error (RFC 5861).
constexpr Known kKnown[] = {
    { "max-age", Kind::Seconds, Both },
    { "max-stale", Kind::OptionalSeconds, InRequest },
    { "min-fresh", Kind::Seconds, InRequest },
    { "no-cache", Kind::FieldList, Both },
    { "no-store", Kind::Flag, Both },
    { "no-transform", Kind::Flag, Both },
    { "only-if-cached", Kind::Flag, InRequest },
    { "must-revalidate", Kind::Flag, InResponse },
    { "must-understand", Kind::Flag, InResponse },
    { "private", Kind::FieldList, InResponse },
    { "proxy-revalidate", Kind::Flag, InResponse },
    { "public", Kind::Flag, InResponse },
    { "s-maxage", Kind::Seconds, InResponse },
    { "immutable", Kind::Flag, InResponse },
    { "stale-while-revalidate", Kind::Seconds, InResponse },
    { "stale-if-error", Kind::Seconds, Both },
};

const Known *known(QByteArrayView name)
{
    for (const Known &k : kKnown) {
        if (name == QByteArrayView(k.name))
            return &k;
    }
    return nullptr;
}

QString show(QByteArrayView bytes)
{
    return QLatin1Char('\'') + QString::fromUtf8(bytes) + QLatin1Char('\'');
}

QString latin(const char *text)
{
    return QLatin1String(text);
}

CacheDirective parseDirective(const QByteArray &element)
{
    CacheDirective d;
    d.raw = element;
    const qsizetype eq = element.indexOf('=');
    const QByteArray rawName = eq < 0 ? element : element.left(eq);
    d.name = rawName.trimmed().toLower();
    if (d.name.isEmpty())
        d.problems.append(QStringLiteral("the directive has no name"));
    else if (!isToken(d.name))
        d.problems.append(QStringLiteral("%1 is not a valid directive name").arg(show(rawName.trimmed())));
    if (eq < 0)
        return d;

    d.hasArgument = true;
    const QByteArray rawArg = element.mid(eq + 1);
    if (rawName.size() != rawName.trimmed().size() || rawArg.size() != rawArg.trimmed().size())
        d.problems.append(QStringLiteral("spaces around '=' are not allowed; accepted"));
    d.rawArgument = rawArg.trimmed();
    if (d.rawArgument.startsWith('"')) {
        const Unquoted unquoted = unquoteString(d.rawArgument);
        d.quoted = true;
        d.argument = unquoted.value;
        if (!unquoted.ok)
            d.problems.append(unquoted.problem);
    } else {
        d.argument = d.rawArgument;
        if (!d.argument.isEmpty() && !isToken(d.argument))
            d.problems.append(
                QStringLiteral("the argument %1 is neither a token nor a quoted string").arg(show(d.argument)));
    }
    return d;
}

// Problems of one directive that follow from what it is (its kind and where it may appear).
void checkDirective(CacheDirective &d, CacheControl::Context context)
{
    const Known *k = known(d.name);
    if (!k) {
        if (!d.name.isEmpty() && isToken(d.name))
            d.problems.append(QStringLiteral("unrecognized directive; caches ignore it (RFC 9111 §5.2.3)"));
        return;
    }
    const bool inRequest = context == CacheControl::Context::Request;
    if (!(k->where & (inRequest ? InRequest : InResponse)))
        d.problems.append(QStringLiteral("%1 is a %2 directive; it has no meaning in a %3")
                              .arg(latin(k->name), inRequest ? QStringLiteral("response") : QStringLiteral("request"),
                                  inRequest ? QStringLiteral("request") : QStringLiteral("response")));
    switch (k->kind) {
    case Kind::Flag:
        if (d.hasArgument)
            d.problems.append(
                QStringLiteral("%1 takes no argument; %2 is ignored").arg(latin(k->name), show("=" + d.rawArgument)));
        break;
    case Kind::Seconds:
    case Kind::OptionalSeconds: {
        if (!d.hasArgument) {
            if (k->kind == Kind::Seconds)
                d.problems.append(QStringLiteral("%1 needs a number of seconds").arg(latin(k->name)));
            break;
        }
        const DeltaSeconds delta = parseDeltaSeconds(d.argument);
        if (!delta.valid)
            d.problems.append(delta.problem);
        if (delta.clamped)
            d.problems.append(
                QStringLiteral("%1 is larger than 2^31; read as 2147483648 (RFC 9111 §1.2.2)").arg(show(d.argument)));
        if (d.quoted)
            d.problems.append(QStringLiteral("quoted value: senders must use the token form (%1=%2); accepted, as "
                                             "RFC 9111 §5.2 asks of recipients")
                                  .arg(latin(k->name), QString::fromUtf8(d.argument)));
        break;
    }
    case Kind::FieldList:
        if (!d.hasArgument)
            break;
        if (inRequest && d.name == "no-cache") {
            d.problems.append(QStringLiteral("no-cache takes no field names in a request"));
            break;
        }
        if (!d.quoted)
            d.problems.append(QStringLiteral("field names should be a quoted string (%1=\"%2\"); accepted")
                                  .arg(latin(k->name), QString::fromUtf8(d.argument)));
        const QList<QByteArray> names = splitFieldList(d.argument);
        if (names.isEmpty())
            d.problems.append(QStringLiteral("empty field-name list; read as unqualified %1").arg(latin(k->name)));
        for (const QByteArray &n : names) {
            if (!isToken(n))
                d.problems.append(QStringLiteral("%1 is not a valid field name").arg(show(n)));
        }
        break;
    }
}

} // namespace

CacheControl CacheControl::parse(const HttpHeaders &headers, Context context)
{
    if (!headers.contains("Cache-Control")) {
        CacheControl absent;
        absent.m_context = context;
        return absent;
    }
    return parseValue(headers.combined("Cache-Control"), context);
}

CacheControl CacheControl::parseValue(QByteArrayView value, Context context)
{
    CacheControl cc;
    cc.m_context = context;
    cc.m_present = true;
    const QList<QByteArray> elements = splitFieldList(value, &cc.m_warnings);
    if (elements.isEmpty())
        cc.m_warnings.append(QStringLiteral("Cache-Control is present but lists no directive"));
    for (const QByteArray &element : elements) {
        CacheDirective d = parseDirective(element);
        checkDirective(d, context);
        cc.m_directives.append(d);
    }
    cc.check();
    return cc;
}

void CacheControl::check()
{
    for (const CacheDirective &d : std::as_const(m_directives)) {
        for (const QString &p : d.problems)
            m_warnings.append(QStringLiteral("%1: %2").arg(show(d.raw), p));
    }
    // Repeated directives, once per name.
    QList<QByteArray> seen;
    for (const CacheDirective &d : std::as_const(m_directives)) {
        if (d.name.isEmpty() || seen.contains(d.name))
            continue;
        seen.append(d.name);
        const QList<CacheDirective> all = occurrences(d.name);
        if (all.size() < 2)
            continue;
        const Known *k = known(d.name);
        QStringList values;
        for (const CacheDirective &o : all)
            values.append(o.hasArgument ? QString::fromUtf8(o.argument) : QStringLiteral("(none)"));
        values.removeDuplicates();
        const QString name = QString::fromLatin1(d.name);
        if (values.size() == 1) {
            m_warnings.append(QStringLiteral("%1 appears %2 times with the same value").arg(name).arg(all.size()));
        } else if (k && (k->kind == Kind::Seconds || k->kind == Kind::OptionalSeconds)) {
            m_warnings.append(QStringLiteral("%1 appears %2 times with different values (%3); treated as invalid, "
                                             "so the most restrictive reading applies (RFC 9111 §4.2.1)")
                                  .arg(name)
                                  .arg(all.size())
                                  .arg(values.join(QStringLiteral(", "))));
        } else if (k && k->kind == Kind::FieldList && values.contains(QStringLiteral("(none)"))) {
            m_warnings.append(QStringLiteral("%1 appears both with and without field names; the unqualified form "
                                             "wins (most restrictive)")
                                  .arg(name));
        } else {
            m_warnings.append(QStringLiteral("%1 appears %2 times (%3)")
                                  .arg(name)
                                  .arg(all.size())
                                  .arg(values.join(QStringLiteral(", "))));
        }
    }
    if (has("public") && has("private"))
        m_warnings.append(QStringLiteral("public and private are both present; private is the more restrictive"));
    if (has("no-store") && (has("max-age") || has("public")) && !has("must-understand"))
        m_warnings.append(QStringLiteral("no-store is combined with directives that allow caching; no-store wins"));
}

bool CacheControl::has(QByteArrayView name) const
{
    return std::any_of(m_directives.begin(), m_directives.end(),
        [name](const CacheDirective &d) { return d.name.compare(name, Qt::CaseInsensitive) == 0; });
}

QList<CacheDirective> CacheControl::occurrences(QByteArrayView name) const
{
    QList<CacheDirective> result;
    for (const CacheDirective &d : m_directives) {
        if (d.name.compare(name, Qt::CaseInsensitive) == 0)
            result.append(d);
    }
    return result;
}

QList<CacheDirective> CacheControl::extensions() const
{
    QList<CacheDirective> result;
    for (const CacheDirective &d : m_directives) {
        if (!known(d.name))
            result.append(d);
    }
    return result;
}

DirectiveSeconds CacheControl::seconds(QByteArrayView name) const
{
    DirectiveSeconds result;
    const QList<CacheDirective> all = occurrences(name);
    const bool optional = name == "max-stale";
    for (qsizetype i = 0; i < all.size(); ++i) {
        DirectiveSeconds one;
        if (!all.at(i).hasArgument) {
            one.state = optional ? DirectiveSeconds::State::NoArgument : DirectiveSeconds::State::Invalid;
        } else {
            const DeltaSeconds delta = parseDeltaSeconds(all.at(i).argument);
            one.state = delta.valid ? DirectiveSeconds::State::Valid : DirectiveSeconds::State::Invalid;
            one.seconds = delta.seconds;
        }
        if (i > 0 && !(one == result))
            return { DirectiveSeconds::State::Invalid, 0 }; // conflicting repeats
        if (one.state == DirectiveSeconds::State::Invalid)
            return one;
        result = one;
    }
    return result;
}

QList<QByteArray> CacheControl::fieldList(QByteArrayView name) const
{
    QList<QByteArray> fields;
    for (const CacheDirective &d : occurrences(name)) {
        const QList<QByteArray> names = d.hasArgument ? splitFieldList(d.argument) : QList<QByteArray>();
        QList<QByteArray> valid;
        for (const QByteArray &n : names) {
            if (isToken(n))
                valid.append(n.toLower());
        }
        if (valid.isEmpty())
            return {}; // an unqualified (or unusable) occurrence: the whole response is covered
        for (const QByteArray &n : std::as_const(valid)) {
            if (!fields.contains(n))
                fields.append(n);
        }
    }
    return fields;
}

DirectiveSeconds CacheControl::maxAge() const
{
    return seconds("max-age");
}
bool CacheControl::noCache() const
{
    return has("no-cache");
}
bool CacheControl::noStore() const
{
    return has("no-store");
}
bool CacheControl::noTransform() const
{
    return has("no-transform");
}
DirectiveSeconds CacheControl::sMaxAge() const
{
    return seconds("s-maxage");
}
QList<QByteArray> CacheControl::noCacheFields() const
{
    return fieldList("no-cache");
}
bool CacheControl::isPrivate() const
{
    return has("private");
}
QList<QByteArray> CacheControl::privateFields() const
{
    return fieldList("private");
}
bool CacheControl::isPublic() const
{
    return has("public");
}
bool CacheControl::mustRevalidate() const
{
    return has("must-revalidate");
}
bool CacheControl::proxyRevalidate() const
{
    return has("proxy-revalidate");
}
bool CacheControl::mustUnderstand() const
{
    return has("must-understand");
}
bool CacheControl::immutable() const
{
    return has("immutable");
}
DirectiveSeconds CacheControl::staleWhileRevalidate() const
{
    return seconds("stale-while-revalidate");
}
DirectiveSeconds CacheControl::staleIfError() const
{
    return seconds("stale-if-error");
}
DirectiveSeconds CacheControl::maxStale() const
{
    return seconds("max-stale");
}
DirectiveSeconds CacheControl::minFresh() const
{
    return seconds("min-fresh");
}
bool CacheControl::onlyIfCached() const
{
    return has("only-if-cached");
}

QByteArray CacheControl::toHeaderValue() const
{
    QList<QByteArray> parts;
    for (const CacheDirective &d : m_directives) {
        // A name that is not a token (a stray quote, a space) cannot be written so that it reads back as
        // itself: it was reported as a warning, and the normalized value leaves it out.
        if (!isToken(d.name))
            continue;
        QByteArray part = d.name;
        if (d.hasArgument) {
            const bool quote = d.quoted || !isToken(d.argument);
            QByteArray arg = d.argument;
            if (quote) {
                // A quoted-string cannot carry control bytes (HTAB aside): they are left out, not written
                // into a value that would read back differently.
                arg.removeIf([](char c) { return (uchar(c) < 0x20 && c != '\t') || uchar(c) == 0x7f; });
                arg.replace('\\', "\\\\");
                arg.replace('"', "\\\"");
                arg = '"' + arg + '"';
            }
            part += '=' + arg;
        }
        parts.append(part);
    }
    return parts.join(", ");
}

} // namespace CacheScope
