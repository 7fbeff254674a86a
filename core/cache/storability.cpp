#include "storability.h"

#include "cache/freshness.h"
#include "http/cachecontrol.h"
#include "http/headerfields.h"

#include <algorithm>

namespace CacheScope {

namespace {

class Collector
{
public:
    QList<StorabilityReason> reasons;

    void prevents(const QString &rule, const QString &text) { add(StorabilityEffect::Prevents, rule, text); }
    void allows(const QString &rule, const QString &text) { add(StorabilityEffect::Allows, rule, text); }
    void note(const QString &rule, const QString &text) { add(StorabilityEffect::Note, rule, text); }

private:
    void add(StorabilityEffect effect, const QString &rule, const QString &text)
    {
        reasons.append({ effect, rule, text });
    }
};

QString section3()
{
    return QStringLiteral("RFC 9111 §3");
}

void checkMethod(Collector &c, const QByteArray &method)
{
    if (method == "GET")
        return;
    if (method == "HEAD")
        c.prevents(QStringLiteral("CacheScope"),
            QStringLiteral("CacheScope stores responses to GET only; a HEAD response can freshen a stored GET "
                           "(RFC 9111 §4.3.5) but is not stored itself"));
    else if (method.isEmpty())
        c.prevents(section3(), QStringLiteral("the request method is missing"));
    else
        c.prevents(section3(),
            QStringLiteral("the request method %1 is not understood by CacheScope for caching "
                           "(only GET is)")
                .arg(QString::fromLatin1(method.left(40))));
}

// Returns whether the status is understood (decides must-understand later).
bool checkStatus(Collector &c, int status)
{
    if (status < 100 || status > 999) {
        c.prevents(section3(), QStringLiteral("%1 is not a valid status code").arg(status));
        return false;
    }
    if (status < 200) {
        c.prevents(
            section3(), QStringLiteral("%1 is an interim (1xx) response; only final responses are stored").arg(status));
        return false;
    }
    if (status == 206)
        c.prevents(QStringLiteral("RFC 9111 §3.3"),
            QStringLiteral("206 Partial Content is not stored: CacheScope does not combine ranges"));
    else if (status == 304)
        c.prevents(QStringLiteral("RFC 9111 §4.3.4"),
            QStringLiteral("304 Not Modified is not stored: it updates the stored responses it validates"));
    return isStatusUnderstood(status);
}

void checkNoStore(Collector &c, const CacheControl &response, const CacheControl &request, int status, bool understood)
{
    if (response.mustUnderstand()) {
        if (understood)
            c.note(QStringLiteral("RFC 9111 §5.2.2.3"),
                QStringLiteral("must-understand: CacheScope understands status %1%2")
                    .arg(status)
                    .arg(response.noStore() ? QStringLiteral(", so no-store is ignored") : QString()));
        else
            c.prevents(QStringLiteral("RFC 9111 §5.2.2.3"),
                QStringLiteral("must-understand: CacheScope does not implement the caching rules of status %1")
                    .arg(status));
    }
    if (response.noStore() && !(response.mustUnderstand() && understood))
        c.prevents(QStringLiteral("RFC 9111 §5.2.2.5"), QStringLiteral("the response says no-store"));
    if (request.noStore())
        c.prevents(QStringLiteral("RFC 9111 §5.2.1.5"),
            QStringLiteral("the request says no-store: nothing of this exchange may be stored"));
}

void checkPermission(Collector &c, const CacheControl &cc, const HttpHeaders &headers, int status)
{
    bool allowed = false;
    const auto allow = [&](const QString &rule, const QString &text) {
        c.allows(rule, text);
        allowed = true;
    };
    if (cc.isPublic())
        allow(QStringLiteral("RFC 9111 §5.2.2.9"), QStringLiteral("public marks the response cacheable"));
    if (cc.isPrivate())
        allow(QStringLiteral("RFC 9111 §5.2.2.7"),
            QStringLiteral("private: a private cache such as CacheScope may store it (shared caches may not)"));
    if (cc.maxAge().isPresent())
        allow(QStringLiteral("RFC 9111 §5.2.2.1"),
            cc.maxAge().isValid() ? QStringLiteral("max-age gives an explicit freshness lifetime")
                                  : QStringLiteral("max-age is present (invalid, so the response is stored as stale)"));
    const ExpiresField expires = readExpires(headers);
    if (expires.present)
        allow(QStringLiteral("RFC 9111 §5.3"),
            expires.valid ? QStringLiteral("Expires gives an explicit expiration time")
                          : QStringLiteral("Expires is present (invalid, so the response is stored as already "
                                           "expired)"));
    if (isHeuristicallyCacheable(status))
        allow(QStringLiteral("RFC 9110 §15.1"), QStringLiteral("status %1 is heuristically cacheable").arg(status));
    if (cc.sMaxAge().isPresent() && !allowed)
        c.note(QStringLiteral("RFC 9111 §5.2.2.10"),
            QStringLiteral("s-maxage only permits storing in shared caches; CacheScope is a private cache"));
    if (!allowed)
        c.prevents(section3(),
            QStringLiteral("nothing makes it storable: no public, private, max-age or Expires, and status %1 is "
                           "not heuristically cacheable")
                .arg(status));
}

void checkNotes(Collector &c, const CacheControl &cc, const HttpHeaders &requestHeaders, const VaryField &vary)
{
    if (requestHeaders.contains("Authorization"))
        c.note(QStringLiteral("RFC 9111 §3.5"),
            QStringLiteral("the request carries Authorization: a shared cache could reuse the response only with "
                           "public, s-maxage or must-revalidate; CacheScope is a private cache, so this does not "
                           "prevent storing"));
    if (cc.noCache() && cc.noCacheFields().isEmpty())
        c.note(QStringLiteral("RFC 9111 §5.2.2.4"),
            QStringLiteral("no-cache does not prevent storing: the stored response must be revalidated before "
                           "every reuse"));
    if (vary.any)
        c.note(QStringLiteral("RFC 9111 §4.1"),
            QStringLiteral("Vary: * means no later request can match the stored response: it can be stored "
                           "(for its validators) but never reused as is"));
}

} // namespace

QList<StorabilityReason> StorabilityDecision::reasonsWith(StorabilityEffect effect) const
{
    QList<StorabilityReason> result;
    std::copy_if(reasons.begin(), reasons.end(), std::back_inserter(result),
        [effect](const StorabilityReason &r) { return r.effect == effect; });
    return result;
}

StorabilityDecision decideStorability(
    const QByteArray &method, const HttpHeaders &requestHeaders, int status, const HttpHeaders &responseHeaders)
{
    using Context = CacheControl::Context;
    const CacheControl response = CacheControl::parse(responseHeaders, Context::Response);
    const CacheControl request = CacheControl::parse(requestHeaders, Context::Request);
    const VaryField vary = readVary(responseHeaders);

    Collector c;
    checkMethod(c, method);
    const bool understood = checkStatus(c, status);
    checkNoStore(c, response, request, status, understood);
    checkPermission(c, response, responseHeaders, status);
    checkNotes(c, response, requestHeaders, vary);

    StorabilityDecision decision;
    decision.reasons = c.reasons;
    const QList<StorabilityReason> preventing = decision.reasonsWith(StorabilityEffect::Prevents);
    decision.storable = preventing.isEmpty();
    decision.reusable = decision.storable && !vary.any;
    if (!decision.storable)
        decision.summary = QStringLiteral("not storable: %1").arg(preventing.first().text);
    else if (!decision.reusable)
        decision.summary = QStringLiteral("storable (never reused: Vary: *)");
    else
        decision.summary = QStringLiteral("storable");
    return decision;
}

StorabilityDecision decideStorability(const CacheEntry &entry)
{
    return decideStorability(entry.method, entry.requestHeaders, entry.status, entry.responseHeaders);
}

bool isStatusUnderstood(int status)
{
    // RFC 9110 §15: the final codes it defines (305 and 306 are obsolete/unused), minus 206 and 304.
    static constexpr int kCodes[]
        = { 200, 201, 202, 203, 204, 205, 300, 301, 302, 303, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408,
              409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 422, 426, 500, 501, 502, 503, 504, 505 };
    return std::find(std::begin(kCodes), std::end(kCodes), status) != std::end(kCodes);
}

} // namespace CacheScope
