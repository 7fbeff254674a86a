#include "notmodified.h"

#include "http/cachecontrol.h"
#include "http/entitytag.h"
#include "http/headerfields.h"

#include <algorithm>
#include <optional>

namespace CacheScope {

namespace {

struct Validators
{
    std::optional<EntityTag> etag;
    DateField lastModified;
    bool hasAny() const { return (etag && !etag->raw.isEmpty()) || lastModified.valid; }
};

Validators validatorsOf(const HttpHeaders &headers, const QDateTime &reference)
{
    return { readETag(headers), readLastModified(headers, reference) };
}

QString entryName(const CacheEntry &entry, qsizetype index)
{
    return entry.id > 0 ? QStringLiteral("entry %1").arg(entry.id) : QStringLiteral("entry #%1").arg(index + 1);
}

// Two valid entity tags that differ name different representations, whatever Last-Modified says.
bool contradicts(const std::optional<EntityTag> &a, const std::optional<EntityTag> &b)
{
    return a && b && a->valid && b->valid && !weakMatch(*a, *b);
}

bool sameLastModified(const Validators &entry, const Validators &response)
{
    return entry.lastModified.valid && response.lastModified.valid
        && entry.lastModified.value == response.lastModified.value && !contradicts(entry.etag, response.etag);
}

struct Selection
{
    NotModifiedMatch match = NotModifiedMatch::None;
    QList<qsizetype> indexes;
    QString explanation;
};

qsizetype mostRecent(const QList<CacheEntry> &stored, const QList<qsizetype> &candidates)
{
    qsizetype best = candidates.first();
    for (qsizetype i : candidates) {
        if (stored.at(i).responseTime >= stored.at(best).responseTime)
            best = i;
    }
    return best;
}

QString names(const QList<CacheEntry> &stored, const QList<qsizetype> &indexes)
{
    QStringList list;
    for (qsizetype i : indexes)
        list.append(entryName(stored.at(i), i));
    return list.join(QStringLiteral(", "));
}

// What the selection steps share: the validators of the 304 and of every stored entry.
struct Inputs
{
    const QList<CacheEntry> &stored;
    QList<Validators> entries;
    Validators response;
    bool strongTag = false;
    bool strongLm = false;
    QString prefix; // what an earlier step decided to ignore, prepended to the explanation
    QString carries; // the 304's validators in words
};

// Step 1 (CacheScope leniency): a malformed 304 ETag selects byte-identical malformed stored tags.
std::optional<Selection> selectMalformed(Inputs &in)
{
    if (!in.response.etag || in.response.etag->valid)
        return std::nullopt;
    Selection s;
    for (qsizetype i = 0; i < in.entries.size(); ++i) {
        const std::optional<EntityTag> &tag = in.entries.at(i).etag;
        if (tag && !tag->valid && tag->raw == in.response.etag->raw)
            s.indexes.append(i);
    }
    if (!s.indexes.isEmpty()) {
        s.match = NotModifiedMatch::MalformedEntityTag;
        s.explanation = QStringLiteral("the 304's malformed ETag %1 is byte-identical to that of %2; CacheScope "
                                       "accepts this although a malformed tag is not a validator")
                            .arg(QString::fromUtf8(in.response.etag->raw), names(in.stored, s.indexes));
        return s;
    }
    in.prefix = QStringLiteral("the 304's ETag %1 is malformed and matches no stored tag, so it is ignored; ")
                    .arg(QString::fromUtf8(in.response.etag->raw));
    in.response.etag.reset();
    return std::nullopt;
}

void describeValidators(Inputs &in, const NotModifiedResponse &response)
{
    const DateField date = readDate(response.headers, response.responseTime);
    const Validators &v = in.response;
    in.strongTag = v.etag && v.etag->valid && !v.etag->weak;
    in.strongLm = v.lastModified.valid && date.valid && v.lastModified.value.secsTo(date.value) >= 1;
    QStringList what;
    if (in.strongTag)
        what.append(QStringLiteral("strong ETag %1").arg(QString::fromUtf8(v.etag->raw)));
    if (v.etag && v.etag->valid && v.etag->weak)
        what.append(QStringLiteral("weak ETag %1").arg(QString::fromUtf8(v.etag->raw)));
    if (v.lastModified.valid)
        what.append(QStringLiteral("%1 Last-Modified %2")
                        .arg(in.strongLm ? QStringLiteral("strong") : QStringLiteral("weak"),
                            QString::fromLatin1(v.lastModified.raw)));
    in.carries = what.join(QStringLiteral(" and "));
}

// Step 2: strong validators select every entry carrying one; no match means no update at all.
Selection selectStrong(const Inputs &in)
{
    Selection s;
    for (qsizetype i = 0; i < in.entries.size(); ++i) {
        const Validators &e = in.entries.at(i);
        if ((in.strongTag && e.etag && strongMatch(*e.etag, *in.response.etag))
            || (in.strongLm && sameLastModified(e, in.response)))
            s.indexes.append(i);
    }
    if (s.indexes.isEmpty()) {
        s.explanation = in.prefix
            + QStringLiteral("matches nothing: the 304 carries %1, which no stored entry has; RFC 9111 §4.3.4 "
                             "forbids updating any of them")
                  .arg(in.carries);
        return s;
    }
    s.match = NotModifiedMatch::StrongValidator;
    s.explanation = in.prefix
        + QStringLiteral("the 304 carries %1; every entry with a strong match is updated: %2")
              .arg(in.carries, names(in.stored, s.indexes));
    return s;
}

// Step 3: weak validators select the most recently received matching entry.
Selection selectWeak(const Inputs &in)
{
    Selection s;
    QList<qsizetype> candidates;
    for (qsizetype i = 0; i < in.entries.size(); ++i) {
        const Validators &e = in.entries.at(i);
        if ((in.response.etag && e.etag && weakMatch(*e.etag, *in.response.etag)) || sameLastModified(e, in.response))
            candidates.append(i);
    }
    if (candidates.isEmpty()) {
        s.explanation = in.prefix
            + QStringLiteral("matches nothing: the 304 carries %1, which matches no stored entry").arg(in.carries);
        return s;
    }
    s.match = NotModifiedMatch::WeakValidator;
    s.indexes = { mostRecent(in.stored, candidates) };
    s.explanation = in.prefix
        + QStringLiteral("the 304 carries only weak validators (%1): of the matching entries (%2) only the most "
                         "recently received one is updated, %3 (RFC 9111 §4.3.4)")
              .arg(in.carries, names(in.stored, candidates), names(in.stored, s.indexes));
    return s;
}

// Step 4: no validator in the 304: only a lone stored entry without validators qualifies.
Selection selectWithoutValidators(const Inputs &in)
{
    Selection s;
    const qsizetype count = in.stored.size();
    if (count == 1 && !in.entries.first().hasAny()) {
        s.match = NotModifiedMatch::NoValidator;
        s.indexes = { 0 };
        s.explanation = in.prefix
            + QStringLiteral("neither the 304 nor the only stored entry has a validator: that entry is updated "
                             "(RFC 9111 §4.3.4)");
    } else if (count == 0) {
        s.explanation = in.prefix + QStringLiteral("matches nothing: there is no stored entry");
    } else if (count == 1) {
        s.explanation = in.prefix
            + QStringLiteral("matches nothing: the 304 has no validator but the stored entry has one, so RFC 9111 "
                             "§4.3.4 does not identify it (browsers usually update it anyway; the server should "
                             "repeat ETag/Last-Modified in a 304, RFC 9110 §15.4.5)");
    } else {
        s.explanation = in.prefix
            + QStringLiteral("matches nothing: the 304 has no validator and %1 entries are stored, so it cannot "
                             "say which one it validates")
                  .arg(count);
    }
    return s;
}

Selection select(const NotModifiedResponse &response, const QList<CacheEntry> &stored)
{
    Inputs in { stored, {}, validatorsOf(response.headers, response.responseTime), false, false, {}, {} };
    for (const CacheEntry &e : stored)
        in.entries.append(validatorsOf(e.responseHeaders, e.responseTime));
    if (std::optional<Selection> malformed = selectMalformed(in))
        return *malformed;
    describeValidators(in, response);
    if (in.strongTag || in.strongLm)
        return selectStrong(in);
    if (in.response.hasAny())
        return selectWeak(in);
    return selectWithoutValidators(in);
}

QList<QByteArray> distinctNames(const HttpHeaders &headers)
{
    QList<QByteArray> names;
    for (const HeaderField &f : headers) {
        const bool seen
            = std::any_of(names.begin(), names.end(), [&f](const QByteArray &n) { return sameHeaderName(n, f.name); });
        if (!seen)
            names.append(f.name);
    }
    return names;
}

} // namespace

namespace {

// What excludedFromUpdate() needs from the 304 besides the name, read once per 304 rather than once per
// field name: the names its Connection lists, and the fields its no-cache="..." names.
class UpdateExclusions
{
public:
    explicit UpdateExclusions(const HttpHeaders &incoming)
        : m_connection(splitFieldList(incoming.combined("Connection")))
        , m_noCache(CacheControl::parse(incoming, CacheControl::Context::Response).noCacheFields())
    { }

    QString why(QByteArrayView name) const
    {
        static constexpr const char *kHopByHop[]
            = { "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Transfer-Encoding", "Upgrade" };
        static constexpr const char *kProxy[]
            = { "Proxy-Authenticate", "Proxy-Authentication-Info", "Proxy-Authorization" };
        for (const char *h : kHopByHop) {
            if (sameHeaderName(name, h))
                return QStringLiteral("hop-by-hop field, removed before storing (RFC 9110 §7.6.1, RFC 9111 §3.1)");
        }
        for (const QByteArray &listed : m_connection) {
            if (sameHeaderName(name, listed))
                return QStringLiteral("listed in Connection, so it belongs to this connection only (RFC 9111 §3.1)");
        }
        for (const char *p : kProxy) {
            if (sameHeaderName(name, p))
                return QStringLiteral("specific to a proxy, never stored (RFC 9111 §3.1)");
        }
        for (const QByteArray &field : m_noCache) {
            if (sameHeaderName(name, field))
                return QStringLiteral("named by no-cache=\"...\" in the 304, so it must not be stored (RFC 9111 §3.1)");
        }
        if (sameHeaderName(name, "Content-Length"))
            return QStringLiteral("Content-Length is never updated from a 304 (RFC 9111 §3.2): it describes the "
                                  "stored content, not the empty 304");
        if (sameHeaderName(name, "Content-Encoding"))
            return QStringLiteral("CacheScope stores the decoded body, so the stored Content-Encoding must keep "
                                  "describing what was received (RFC 9111 §3.2 allows this exception)");
        if (sameHeaderName(name, "Content-Range"))
            return QStringLiteral("processed by the HTTP implementation; omitted from updates as RFC 9111 §3.2 "
                                  "allows");
        return {};
    }

private:
    QList<QByteArray> m_connection;
    QList<QByteArray> m_noCache;
};

} // namespace

QString excludedFromUpdate(QByteArrayView name, const HttpHeaders &incoming)
{
    return UpdateExclusions(incoming).why(name);
}

HttpHeaders updateStoredHeaders(
    const HttpHeaders &stored, const HttpHeaders &incoming, QList<HeaderChange> *changes, QList<SkippedField> *skipped)
{
    QList<HeaderField> fields = stored.fields();
    const UpdateExclusions exclusions(incoming);
    for (const QByteArray &name : distinctNames(incoming)) {
        const QString why = exclusions.why(name);
        if (!why.isEmpty()) {
            if (skipped)
                skipped->append({ name, why });
            continue;
        }
        const QList<QByteArray> before = stored.values(name);
        const QList<QByteArray> after = incoming.values(name);
        if (before == after)
            continue; // same values: keep the stored lines as they are, spelling included
        if (changes)
            changes->append({ name, before, after });
        qsizetype at = -1;
        for (qsizetype i = fields.size() - 1; i >= 0; --i) {
            if (sameHeaderName(fields.at(i).name, name)) {
                fields.removeAt(i);
                at = i;
            }
        }
        if (at < 0)
            at = fields.size();
        for (const HeaderField &f : incoming) {
            if (sameHeaderName(f.name, name))
                fields.insert(at++, f);
        }
    }
    HttpHeaders result;
    for (const HeaderField &f : std::as_const(fields))
        result.append(f.name, f.value);
    return result;
}

BytesSaved computeBytesSaved(const CacheEntry &stored, qint64 notModifiedWireSize)
{
    BytesSaved saved;
    saved.storedSize = stored.wireSize();
    saved.notModifiedSize = std::max<qint64>(0, notModifiedWireSize);
    if (saved.storedSize <= 0) {
        saved.explanation = QStringLiteral("the stored response's wire size is unknown, so the saving cannot be "
                                           "computed (reported as 0)");
        return saved;
    }
    const qint64 difference = saved.storedSize - saved.notModifiedSize;
    if (difference < 0) {
        saved.clamped = true;
        saved.explanation = QStringLiteral("the 304 (%1 B) was larger than the stored response (%2 B): nothing was "
                                           "saved (reported as 0, not %3 B)")
                                .arg(saved.notModifiedSize)
                                .arg(saved.storedSize)
                                .arg(difference);
        return saved;
    }
    saved.bytes = difference;
    saved.explanation = QStringLiteral("%1 B for the full response − %2 B for the 304 = %3 B saved")
                            .arg(saved.storedSize)
                            .arg(saved.notModifiedSize)
                            .arg(difference);
    if (notModifiedWireSize <= 0)
        saved.explanation += QStringLiteral(" (the 304's size is unknown, counted as 0)");
    return saved;
}

UpdatedEntry freshenStoredEntry(const CacheEntry &stored, const NotModifiedResponse &response)
{
    UpdatedEntry updated { stored, {} };
    updated.entry.responseHeaders = updateStoredHeaders(stored.responseHeaders, response.headers, &updated.changes);
    if (response.responseTime.isValid()) {
        updated.entry.responseTime = response.responseTime;
        updated.entry.requestTime = response.requestTime.isValid() ? response.requestTime : response.responseTime;
        updated.entry.lastValidated = response.responseTime;
    }
    return updated;
}

NotModifiedResult applyNotModified(const NotModifiedResponse &response, const QList<CacheEntry> &stored)
{
    NotModifiedResult result;
    const Selection selection = select(response, stored);
    result.match = selection.match;
    result.explanation = selection.explanation;
    const UpdateExclusions exclusions(response.headers);
    for (const QByteArray &name : distinctNames(response.headers)) {
        const QString why = exclusions.why(name);
        if (!why.isEmpty())
            result.skippedFields.append({ name, why });
    }
    if (!result.matched()) {
        result.saved.notModifiedSize = std::max<qint64>(0, response.wireSize);
        result.saved.explanation = QStringLiteral("the 304 matches no stored entry, so nothing can be reused: "
                                                  "nothing saved");
        return result;
    }
    result.saved = computeBytesSaved(stored.at(mostRecent(stored, selection.indexes)), response.wireSize);
    for (qsizetype i : selection.indexes)
        result.updated.append(freshenStoredEntry(stored.at(i), response));
    return result;
}

QString notModifiedMatchName(NotModifiedMatch match)
{
    switch (match) {
    case NotModifiedMatch::StrongValidator:
        return QStringLiteral("strong validator");
    case NotModifiedMatch::MalformedEntityTag:
        return QStringLiteral("identical malformed ETag");
    case NotModifiedMatch::WeakValidator:
        return QStringLiteral("weak validator");
    case NotModifiedMatch::NoValidator:
        return QStringLiteral("no validator, single entry");
    case NotModifiedMatch::None:
        break;
    }
    return QStringLiteral("matches nothing");
}

} // namespace CacheScope
