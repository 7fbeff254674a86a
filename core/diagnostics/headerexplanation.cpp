#include "headerexplanation.h"

#include "cache/freshness.h"
#include "cache/varykey.h"
#include "http/cachecontrol.h"
#include "http/entitytag.h"
#include "http/httpdate.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace CacheScope {

namespace {

using Side = HeaderExplanationContext::Side;

// Freshness arithmetic clamps here (RFC 9111 §1.2.2): beyond it a value means "forever".
constexpr qint64 kMaxDelta = qint64(1) << 31;

QString latin(QByteArrayView bytes)
{
    // Values are shown, not trusted: a 10 kB header must not turn into a 10 kB tooltip line.
    constexpr qsizetype maxShown = 80;
    const QString text = QString::fromLatin1(bytes.data(), bytes.size()).trimmed();
    return text.size() > maxShown ? text.left(maxShown) + QChar(0x2026) : text;
}

QString duration(qint64 seconds)
{
    if (seconds >= kMaxDelta)
        return QStringLiteral("about 68 years (the 2^31 s ceiling caches apply)");
    return formatDuration(seconds);
}

QString utc(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

// "3 days before Date", "10 min after Date", "the same second as Date".
QString relativeTo(qint64 secondsFromBase, const QString &base)
{
    if (secondsFromBase == 0)
        return QStringLiteral("the same second as %1").arg(base);
    return QStringLiteral("%1 %2 %3")
        .arg(formatDuration(std::abs(secondsFromBase)),
            secondsFromBase > 0 ? QStringLiteral("after") : QStringLiteral("before"), base);
}

// The instant freshness is measured from: the message's Date, else the time it was received.
struct DateBase
{
    QDateTime time;
    QString name; // "Date" or "the time it was received"
    bool isNull() const { return time.isNull(); }
};

DateBase dateBase(const HeaderExplanationContext &context)
{
    if (context.message.contains("Date")) {
        const HttpDate date = parseHttpDate(context.message.first("Date"), context.received);
        if (date.valid)
            return { date.dateTime, QStringLiteral("Date") };
    }
    if (context.received.isValid())
        return { context.received, QStringLiteral("the time it was received") };
    return {};
}

CacheControl responseCacheControl(const HeaderExplanationContext &context)
{
    return CacheControl::parse(context.message, CacheControl::Context::Response);
}

QString fieldList(const QList<QByteArray> &fields)
{
    QStringList names;
    for (const QByteArray &field : fields)
        names << QString::fromLatin1(field);
    return names.join(QStringLiteral(", "));
}

// --- Cache-Control -------------------------------------------------------------------------------------

QString secondsMeaning(QByteArrayView name, qint64 seconds, Side side)
{
    const QString d = duration(seconds);
    if (side == Side::Response) {
        if (name == "max-age")
            return seconds == 0 ? QStringLiteral("stale as soon as it is received: every reuse needs a revalidation")
                                : QStringLiteral("fresh for %1 after it was generated").arg(d);
        if (name == "s-maxage")
            return QStringLiteral("shared caches (CDNs, proxies) keep it fresh for %1 and ignore max-age and Expires; "
                                  "a browser's private cache ignores s-maxage")
                .arg(d);
        if (name == "stale-while-revalidate")
            return QStringLiteral("for %1 after it goes stale, a cache may still serve it while it revalidates in the "
                                  "background")
                .arg(d);
        if (name == "stale-if-error")
            return QStringLiteral("for %1 after it goes stale, a cache may serve it when the origin fails (5xx) or "
                                  "cannot be reached")
                .arg(d);
    } else {
        if (name == "max-age")
            return seconds == 0
                ? QStringLiteral("the client takes no stored response without revalidating it (what a reload sends)")
                : QStringLiteral("the client accepts a stored response up to %1 old").arg(d);
        if (name == "max-stale")
            return QStringLiteral("the client accepts a response that is stale by up to %1").arg(d);
        if (name == "min-fresh")
            return QStringLiteral("the client wants a response that stays fresh for at least %1 more").arg(d);
        if (name == "stale-if-error")
            return QStringLiteral("the client accepts a response stale by up to %1 when the origin fails").arg(d);
    }
    return QStringLiteral("%1 s").arg(seconds);
}

QString flagMeaning(QByteArrayView name, const CacheControl &cc, Side side, int status)
{
    if (name == "no-cache") {
        if (side == Side::Request)
            return QStringLiteral("the client wants a response validated with the origin, not a stored one as is");
        const QList<QByteArray> fields = cc.noCacheFields();
        return fields.isEmpty()
            ? QStringLiteral("may be stored, must be revalidated before every reuse")
            : QStringLiteral("may be reused without revalidation, but not these fields: %1").arg(fieldList(fields));
    }
    if (name == "no-store")
        return side == Side::Request
            ? QStringLiteral("the client asks caches not to store this request or its response")
            : QStringLiteral("must not be stored by any cache: every request goes to the origin");
    if (name == "private") {
        const QList<QByteArray> fields = cc.privateFields();
        return fields.isEmpty()
            ? QStringLiteral("only a private cache (the browser's own) may store it; shared caches must not")
            : QStringLiteral("shared caches may store it, but not these fields: %1").arg(fieldList(fields));
    }
    if (name == "public")
        return QStringLiteral("any cache may store it, even for a request with Authorization and even when the "
                              "status is not cacheable by default");
    if (name == "must-revalidate")
        return QStringLiteral("once stale, it must not be served without a successful revalidation (no serving stale "
                              "on errors or on a client's max-stale)");
    if (name == "proxy-revalidate")
        return QStringLiteral("like must-revalidate, for shared caches only");
    if (name == "must-understand")
        return status > 0
            ? QStringLiteral("a cache may store it only if it knows the caching rules of status %1").arg(status)
            : QStringLiteral("a cache may store it only if it knows the caching rules of the status code");
    if (name == "no-transform")
        return QStringLiteral("intermediaries must not change the content (recompress, resize, minify)");
    if (name == "immutable")
        return QStringLiteral("the content will not change while fresh: browsers skip revalidation, even on reload");
    if (name == "only-if-cached")
        return QStringLiteral("the client wants a stored response or a 504, never a request to the origin");
    return {};
}

bool isSecondsDirective(QByteArrayView name)
{
    return name == "max-age" || name == "s-maxage" || name == "max-stale" || name == "min-fresh"
        || name == "stale-while-revalidate" || name == "stale-if-error";
}

DirectiveSeconds combinedSeconds(const CacheControl &cc, QByteArrayView name)
{
    if (name == "max-age")
        return cc.maxAge();
    if (name == "s-maxage")
        return cc.sMaxAge();
    if (name == "max-stale")
        return cc.maxStale();
    if (name == "min-fresh")
        return cc.minFresh();
    if (name == "stale-while-revalidate")
        return cc.staleWhileRevalidate();
    return cc.staleIfError();
}

// A directive that is not meant for this side of the exchange says so, whatever it would mean elsewhere.
QString wrongSideProblem(const CacheDirective &directive)
{
    for (const QString &problem : directive.problems) {
        if (problem.contains(QLatin1String("has no meaning in a")))
            return problem;
    }
    return {};
}

QString directiveLine(
    const CacheDirective &first, const QList<CacheDirective> &all, const CacheControl &cc, Side side, int status)
{
    QStringList raws;
    for (const CacheDirective &d : all) {
        if (!raws.contains(latin(d.raw)))
            raws << latin(d.raw);
    }
    const QString shown = raws.join(QStringLiteral(", "));
    const QByteArrayView name = first.name;
    if (const QString wrongSide = wrongSideProblem(first); !wrongSide.isEmpty())
        return QStringLiteral("%1: %2").arg(shown, wrongSide);
    if (isSecondsDirective(name)) {
        const DirectiveSeconds value = combinedSeconds(cc, name);
        const bool restrictive = side == Side::Response && (name == "max-age" || name == "s-maxage");
        const QString consequence
            = restrictive ? QStringLiteral("a cache treats the response as stale") : QStringLiteral("ignored");
        switch (value.state) {
        case DirectiveSeconds::State::Valid:
            return QStringLiteral("%1: %2").arg(shown, secondsMeaning(name, value.seconds, side));
        case DirectiveSeconds::State::NoArgument:
            if (name == "max-stale")
                return QStringLiteral("%1: the client accepts a stale response, however stale").arg(shown);
            return QStringLiteral("%1: needs a number of seconds: %2").arg(shown, consequence);
        case DirectiveSeconds::State::Invalid:
            if (raws.size() > 1)
                return QStringLiteral("%1: repeated with different values: %2").arg(shown, consequence);
            if (!first.hasArgument)
                return QStringLiteral("%1: needs a number of seconds: %2").arg(shown, consequence);
            return QStringLiteral("%1: not a valid number of seconds: %2").arg(shown, consequence);
        case DirectiveSeconds::State::Absent:
            break;
        }
        return shown;
    }
    if (const QString meaning = flagMeaning(name, cc, side, status); !meaning.isEmpty())
        return QStringLiteral("%1: %2").arg(shown, meaning);
    if (!first.problems.isEmpty())
        return QStringLiteral("%1: %2").arg(shown, first.problems.constFirst());
    return QStringLiteral("%1: not a standard directive; caches ignore directives they do not know").arg(shown);
}

QStringList explainCacheControl(QByteArrayView value, const HeaderExplanationContext &context)
{
    const auto ccContext
        = context.side == Side::Request ? CacheControl::Context::Request : CacheControl::Context::Response;
    const CacheControl cc = CacheControl::parseValue(value, ccContext);
    if (cc.directives().isEmpty())
        return { QStringLiteral("lists no directive: it changes nothing") };
    QStringList lines;
    QList<QByteArray> done;
    for (const CacheDirective &directive : cc.directives()) {
        if (done.contains(directive.name))
            continue;
        done << directive.name;
        lines << directiveLine(directive, cc.occurrences(directive.name), cc, context.side, context.status);
    }
    if (context.side == Side::Response) {
        if (cc.noStore() && (cc.maxAge().isPresent() || cc.isPublic() || cc.immutable()))
            lines << QStringLiteral("no-store wins over the directives that would allow storing");
        if (cc.isPublic() && cc.isPrivate())
            lines << QStringLiteral("public and private together: private, the more restrictive, wins");
    }
    return lines;
}

// --- Dates ---------------------------------------------------------------------------------------------

QStringList explainExpires(QByteArrayView value, const HeaderExplanationContext &context)
{
    const HttpDate expires = parseHttpDate(value, context.received);
    QStringList lines;
    if (!expires.valid) {
        lines
            << QStringLiteral("invalid date (%1): a cache treats the response as already expired").arg(expires.problem);
    } else {
        const DateBase base = dateBase(context);
        if (base.isNull()) {
            lines << QStringLiteral("expires at %1").arg(utc(expires.dateTime));
        } else {
            const qint64 lifetime = base.time.secsTo(expires.dateTime);
            if (lifetime <= 0)
                lines << QStringLiteral("in the past (%1): already stale").arg(relativeTo(lifetime, base.name));
            else
                lines << QStringLiteral("%1: fresh for %2").arg(relativeTo(lifetime, base.name), duration(lifetime));
        }
    }
    const CacheControl cc = responseCacheControl(context);
    if (cc.maxAge().isPresent())
        lines << QStringLiteral("ignored here: Cache-Control max-age takes precedence over Expires");
    return lines;
}

QStringList explainDate(QByteArrayView value, const HeaderExplanationContext &context)
{
    const HttpDate date = parseHttpDate(value, context.received);
    if (!date.valid)
        return { QStringLiteral("invalid date (%1): a cache uses the time it received the response instead")
                     .arg(date.problem) };
    if (context.side == Side::Request)
        return { QStringLiteral("when the client sent the request: %1").arg(utc(date.dateTime)) };
    QStringList lines { QStringLiteral("when the origin generated the response; Expires, Last-Modified and the age "
                                       "are counted from it") };
    if (context.received.isValid()) {
        const qint64 skew = date.dateTime.secsTo(context.received);
        if (skew < -5)
            lines << QStringLiteral("%1 ahead of this computer's clock when it arrived: one of the clocks is wrong")
                         .arg(formatDuration(-skew));
        else if (skew > 60)
            lines << QStringLiteral("%1 before it arrived: it waited in a cache, or the clocks disagree")
                         .arg(formatDuration(skew));
    }
    return lines;
}

bool hasExplicitFreshness(const CacheControl &cc, const HttpHeaders &message)
{
    return cc.maxAge().isPresent() || message.contains("Expires");
}

QStringList explainLastModified(QByteArrayView value, const HeaderExplanationContext &context)
{
    const HttpDate modified = parseHttpDate(value, context.received);
    if (!modified.valid)
        return { QStringLiteral("invalid date (%1): not usable for If-Modified-Since nor for heuristic freshness")
                     .arg(modified.problem) };
    QStringList lines;
    const DateBase base = dateBase(context);
    const qint64 age = base.isNull() ? -1 : modified.dateTime.secsTo(base.time);
    if (base.isNull())
        lines << QStringLiteral("last changed at %1").arg(utc(modified.dateTime));
    else if (age < 0)
        lines << QStringLiteral("%1: a date in the future, not usable for heuristic freshness")
                     .arg(relativeTo(-age, base.name));
    else
        lines << relativeTo(-age, base.name);

    const CacheControl cc = responseCacheControl(context);
    if (context.side == Side::Response && !cc.noStore()) {
        const bool allowedByStatus
            = context.status == 0 || isHeuristicallyCacheable(context.status) || cc.isPublic() || cc.isPrivate();
        if (hasExplicitFreshness(cc, context.message)) {
            lines << QStringLiteral("freshness comes from %1, so Last-Modified serves for revalidation only")
                         .arg(cc.maxAge().isPresent() ? QStringLiteral("max-age") : QStringLiteral("Expires"));
        } else if (!allowedByStatus) {
            lines << QStringLiteral("no explicit freshness, and status %1 allows no heuristic: it is stale at once")
                         .arg(context.status);
        } else if (age >= 0) {
            const FreshnessOptions defaults;
            const auto heuristic = qint64(std::floor(double(age) * defaults.heuristicFraction));
            QString line = QStringLiteral("no explicit freshness: browsers treat it as fresh for 10% of that, %1 "
                                          "(heuristic freshness)")
                               .arg(formatDuration(heuristic));
            if (heuristic > defaults.heuristicCapSeconds)
                line += QStringLiteral("; Firefox caps that at %1").arg(formatDuration(defaults.heuristicCapSeconds));
            if (cc.noCache())
                line += QStringLiteral(", though no-cache makes it revalidate anyway");
            lines << line;
        }
    }
    lines << QStringLiteral("sent back as If-Modified-Since to revalidate: unchanged since then gives a 304");
    return lines;
}

// --- Validators and the rest ---------------------------------------------------------------------------

QStringList explainETag(QByteArrayView value)
{
    const EntityTag tag = parseEntityTag(value);
    if (!tag.valid)
        return {
            QStringLiteral("malformed (%1): not a validator; some browsers still echo it back as is").arg(tag.problem)
        };
    const QString shown = latin(tag.toHeaderValue());
    if (tag.weak)
        return { QStringLiteral("%1 is a weak validator: the same tag means equivalent content, not necessarily the "
                                "same bytes")
                     .arg(shown),
            QStringLiteral("good for If-None-Match (weak comparison, gives 304s); useless for If-Range and If-Match, "
                           "which compare strongly: an interrupted download cannot resume with it") };
    return { QStringLiteral("%1 is a strong validator: the same tag means byte-for-byte the same content").arg(shown),
        QStringLiteral("works for If-None-Match (304s), If-Match (safe updates) and If-Range (resuming a download)") };
}

QStringList explainAge(QByteArrayView value, const HeaderExplanationContext &context)
{
    const QByteArray trimmed = QByteArray(value.data(), value.size()).trimmed();
    const bool digits = !trimmed.isEmpty()
        && std::all_of(trimmed.cbegin(), trimmed.cend(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits)
        return { QStringLiteral("not a number of seconds: a cache ignores it and counts the age from Date") };
    // Past 2^31 the digits only say "very old": clamp before converting so 30 digits cannot overflow.
    const qint64 age = trimmed.size() > 10 ? kMaxDelta : std::min(trimmed.toLongLong(), kMaxDelta);
    QStringList lines { age == 0 ? QStringLiteral("0 s: a cache that fetched it just now, or the origin itself")
                                 : QStringLiteral("it spent %1 in caches before it arrived").arg(duration(age)) };
    const DirectiveSeconds maxAge = responseCacheControl(context).maxAge();
    if (maxAge.isValid()) {
        if (age >= maxAge.seconds)
            lines << QStringLiteral("already older than max-age=%1: stale on arrival").arg(maxAge.seconds);
        else
            lines << QStringLiteral("of max-age=%1, %2 of freshness is left")
                         .arg(maxAge.seconds)
                         .arg(formatDuration(maxAge.seconds - age));
    }
    return lines;
}

QStringList explainVary(QByteArrayView value)
{
    const VaryKey vary = VaryKey::parse(value);
    if (vary.isWildcard()) {
        QString line = QStringLiteral("depends on more than request headers: no stored copy is reused without asking "
                                      "the origin");
        if (!vary.invalidMembers().isEmpty())
            line = QStringLiteral("%1 is not a header name: %2").arg(fieldList(vary.invalidMembers()), line);
        return { line };
    }
    if (vary.isEmpty())
        return { QStringLiteral("names no header: it changes nothing") };
    QStringList lines { QStringLiteral("the store keys on %1: a stored copy is reused only for requests that send the "
                                       "same values")
                            .arg(fieldList(vary.fieldNames())) };
    for (const QByteArray &name : vary.fieldNames()) {
        if (name == "cookie" || name == "user-agent" || name == "authorization")
            lines << QStringLiteral("%1 differs between users and browsers: nearly every request gets its own copy")
                         .arg(QString::fromLatin1(name));
    }
    return lines;
}

QStringList explainPragma(QByteArrayView value, const HeaderExplanationContext &context)
{
    const bool noCache = QByteArray(value.data(), value.size()).trimmed().toLower() == "no-cache";
    if (context.side == Side::Response)
        return { QStringLiteral("Pragma has no meaning in a response (RFC 9111 §5.4): caches go by Cache-Control") };
    if (!noCache)
        return { QStringLiteral("only Pragma: no-cache is defined; %1 is ignored").arg(latin(value)) };
    if (context.message.contains("Cache-Control"))
        return { QStringLiteral("ignored: the request has Cache-Control, which wins over Pragma") };
    return { QStringLiteral("HTTP/1.0 no-cache: caches read it as Cache-Control: no-cache (revalidate first)") };
}

QStringList explainIfNoneMatch(QByteArrayView value, const HeaderExplanationContext &context)
{
    if (context.side == Side::Response)
        return { QStringLiteral("a request header: in a response it means nothing") };
    const EntityTagList list = parseEntityTagList(value);
    QStringList lines;
    if (list.any) {
        lines << QStringLiteral("*: true when the resource exists at all; with PUT, it prevents overwriting");
    } else {
        QStringList tags;
        for (const EntityTag &tag : list.tags) {
            if (tag.valid)
                tags << latin(tag.toHeaderValue());
        }
        if (tags.isEmpty())
            lines << QStringLiteral("no valid entity tag: the server ignores the condition");
        else
            lines << QStringLiteral("revalidates against %1: the server answers 304 Not Modified if its current ETag "
                                    "matches (weak comparison: W/ is ignored)")
                         .arg(tags.join(QStringLiteral(", ")));
    }
    lines += list.problems;
    return lines;
}

QStringList explainIfModifiedSince(QByteArrayView value, const HeaderExplanationContext &context)
{
    if (context.side == Side::Response)
        return { QStringLiteral("a request header: in a response it means nothing") };
    const HttpDate date = parseHttpDate(value);
    QStringList lines;
    if (!date.valid)
        lines << QStringLiteral("invalid date (%1): the server ignores the condition and sends the full response")
                     .arg(date.problem);
    else
        lines << QStringLiteral("the server answers 304 Not Modified if the resource has not changed since %1")
                     .arg(utc(date.dateTime));
    if (context.message.contains("If-None-Match"))
        lines << QStringLiteral("ignored by the server: If-None-Match is present and takes precedence");
    return lines;
}

QStringList explainCdnControl(QByteArrayView name, QByteArrayView value, const HeaderExplanationContext &context)
{
    QStringList lines { QStringLiteral("%1 is for CDNs and reverse proxies only; browsers ignore it")
                            .arg(QString::fromLatin1(name.data(), name.size())) };
    lines += explainCacheControl(value, context);
    return lines;
}

QStringList explainCacheReport(QByteArrayView value)
{
    const QString text = latin(value).toUpper();
    if (text.contains(QLatin1String("HIT")))
        return { QStringLiteral("a hit: the proxy or CDN answered from its store without asking the origin") };
    if (text.contains(QLatin1String("MISS")))
        return { QStringLiteral("a miss: the proxy or CDN fetched it from the origin") };
    if (text.contains(QLatin1String("EXPIRED")) || text.contains(QLatin1String("STALE"))
        || text.contains(QLatin1String("REVALIDATED")))
        return { QStringLiteral("the proxy or CDN had a stale copy and went back to the origin") };
    if (text.contains(QLatin1String("BYPASS")) || text.contains(QLatin1String("DYNAMIC")))
        return { QStringLiteral("the proxy or CDN did not use its cache for this request") };
    return { QStringLiteral("a proxy's or CDN's own report of what its cache did") };
}

} // namespace

bool isCachingField(QByteArrayView name)
{
    static const char *const names[] = { "cache-control", "expires", "etag", "last-modified", "age", "vary", "date",
        "pragma", "warning", "content-location", "if-none-match", "if-modified-since", "cdn-cache-control",
        "surrogate-control", "cache-status", "x-cache", "cf-cache-status" };
    return std::any_of(std::begin(names), std::end(names), [&](const char *n) { return sameHeaderName(name, n); });
}

QStringList explainHeaderValue(QByteArrayView name, QByteArrayView value, const HeaderExplanationContext &context)
{
    if (!isCachingField(name))
        return {};
    const auto is = [&](const char *n) { return sameHeaderName(name, n); };
    if (is("cache-control"))
        return explainCacheControl(value, context);
    if (is("expires"))
        return explainExpires(value, context);
    if (is("date"))
        return explainDate(value, context);
    if (is("last-modified"))
        return explainLastModified(value, context);
    if (is("etag"))
        return explainETag(value);
    if (is("age"))
        return explainAge(value, context);
    if (is("vary"))
        return explainVary(value);
    if (is("pragma"))
        return explainPragma(value, context);
    if (is("if-none-match"))
        return explainIfNoneMatch(value, context);
    if (is("if-modified-since"))
        return explainIfModifiedSince(value, context);
    if (is("cdn-cache-control") || is("surrogate-control"))
        return explainCdnControl(name, value, context);
    if (is("content-location"))
        return { QStringLiteral("the content is the representation found at %1").arg(latin(value)),
            QStringLiteral("after a POST, PUT or DELETE, caches drop what they stored for that URI (RFC 9111 §4.4)") };
    if (is("warning"))
        return { QStringLiteral("obsolete: RFC 9111 removed the Warning field; caches no longer add it") };
    return explainCacheReport(value); // Cache-Status, X-Cache, CF-Cache-Status
}

} // namespace CacheScope
