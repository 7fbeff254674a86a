#include "conditional.h"

#include "http/headerfields.h"

namespace CacheScope {

namespace {

QString describe(const CacheEntry &entry, qsizetype index)
{
    return entry.id > 0 ? QStringLiteral("entry %1").arg(entry.id) : QStringLiteral("entry #%1").arg(index + 1);
}

void collectTags(ConditionalRequest &request, const QList<CacheEntry> &entries, const ConditionalOptions &options)
{
    QList<QByteArray> seen;
    int weak = 0;
    int malformed = 0;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const CacheEntry &entry = entries.at(i);
        const std::optional<EntityTag> tag = readETag(entry.responseHeaders);
        if (!tag)
            continue;
        if (entry.status == 206) {
            request.notes.append(QStringLiteral("%1 holds partial content: its entity tag %2 is not sent "
                                                "(RFC 9111 §4.3.2)")
                                     .arg(describe(entry, i), QString::fromUtf8(tag->raw)));
            continue;
        }
        if (!tag->valid) {
            if (!options.includeMalformedTags || tag->raw.isEmpty()) {
                request.notes.append(QStringLiteral("%1: ETag %2 left out: %3")
                                         .arg(describe(entry, i), QString::fromUtf8(tag->raw), tag->problem));
                continue;
            }
            request.notes.append(QStringLiteral("%1: ETag %2 is malformed (%3); sent back verbatim, as browsers do")
                                     .arg(describe(entry, i), QString::fromUtf8(tag->raw), tag->problem));
            ++malformed;
        }
        const QByteArray value = tag->toHeaderValue();
        if (seen.contains(value)) {
            request.notes.append(QStringLiteral("%1 carries %2 like an earlier entry; sent once")
                                     .arg(describe(entry, i), QString::fromUtf8(value)));
            continue;
        }
        seen.append(value);
        request.entityTags.append(*tag);
        weak += tag->valid && tag->weak ? 1 : 0;
    }
    if (request.entityTags.isEmpty())
        return;
    QString reason = request.entityTags.size() == 1
        ? QStringLiteral("the stored entity tag: a cache must send it when revalidating (RFC 9111 §4.3.1)")
        : QStringLiteral("all %1 stored entity tags for this URL, so the server can pick the one still current "
                         "(RFC 9111 §4.3.1)")
              .arg(request.entityTags.size());
    if (weak > 0)
        reason += QStringLiteral("; weak tags are included because If-None-Match compares weakly (RFC 9110 §13.1.2)");
    if (malformed > 0)
        reason += QStringLiteral("; %1 malformed tag(s) echoed verbatim").arg(malformed);
    request.fields.append({ "If-None-Match", serializeEntityTagList(request.entityTags), reason });
}

void collectLastModified(
    ConditionalRequest &request, const QList<CacheEntry> &entries, const ConditionalOptions &options)
{
    DateField chosen;
    qsizetype chosenIndex = -1;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const DateField lm = readLastModified(entries.at(i).responseHeaders, entries.at(i).responseTime);
        if (!lm.present)
            continue;
        if (!lm.valid) {
            request.notes.append(QStringLiteral("%1: %2; it cannot be used for If-Modified-Since")
                                     .arg(describe(entries.at(i), i), lm.problem));
            continue;
        }
        if (chosenIndex >= 0 && lm.value != chosen.value) {
            request.notes.append(QStringLiteral("the stored entries have different Last-Modified dates (%1 and %2): "
                                                "If-Modified-Since is not sent, because it can only describe one "
                                                "stored response (RFC 9111 §4.3.1)")
                                     .arg(QString::fromLatin1(chosen.raw), QString::fromLatin1(lm.raw)));
            return;
        }
        if (chosenIndex < 0) {
            chosen = lm;
            chosenIndex = i;
        }
    }
    if (chosenIndex < 0)
        return;
    if (!options.includeIfModifiedSince) {
        request.notes.append(QStringLiteral("If-Modified-Since is turned off; it would have been %1")
                                 .arg(QString::fromLatin1(chosen.raw)));
        return;
    }
    QByteArray value = chosen.raw.trimmed();
    QString reason = QStringLiteral("the stored Last-Modified, sent unchanged as RFC 9110 §13.1.3 advises");
    if (chosen.format != HttpDateFormat::ImfFixdate) {
        value = formatHttpDate(chosen.value);
        reason = QStringLiteral("the stored Last-Modified (%1), rewritten as IMF-fixdate because senders must not "
                                "use the obsolete %2 format (RFC 9110 §5.6.7)")
                     .arg(QString::fromLatin1(chosen.raw), httpDateFormatName(chosen.format));
    }
    if (request.isConditional())
        reason += QStringLiteral("; servers that understand If-None-Match ignore it, older intermediaries use it");
    request.ifModifiedSince = chosen.value;
    request.fields.append({ "If-Modified-Since", value, reason });
}

} // namespace

HttpHeaders ConditionalRequest::headers() const
{
    HttpHeaders headers;
    for (const ConditionalField &field : fields)
        headers.append(field.name, field.value);
    return headers;
}

void ConditionalRequest::applyTo(HttpHeaders &requestHeaders) const
{
    requestHeaders.remove("If-None-Match");
    requestHeaders.remove("If-Modified-Since");
    for (const ConditionalField &field : fields)
        requestHeaders.append(field.name, field.value);
}

ConditionalRequest buildConditionalRequest(const QList<CacheEntry> &entries, const ConditionalOptions &options)
{
    ConditionalRequest request;
    if (entries.isEmpty()) {
        request.notes.append(QStringLiteral("no stored entries: there is nothing to revalidate"));
        return request;
    }
    collectTags(request, entries, options);
    collectLastModified(request, entries, options);
    if (!request.isConditional())
        request.notes.append(QStringLiteral("no usable validator is stored (no ETag, no valid Last-Modified): the "
                                            "request would be unconditional and the full response sent again"));
    return request;
}

} // namespace CacheScope
