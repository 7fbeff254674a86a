#include "cache/freshness.h"
#include "diagnosisrules.h"
#include "http/cachecontrol.h"

#include <QCryptographicHash>

namespace CacheScope::Diagnosis {

namespace {

// Statuses whose body is a representation a cache would store and later revalidate.
bool carriesRepresentation(int status)
{
    return status == 200 || status == 203;
}

QString dateText(const DateField &field)
{
    return QString::fromLatin1(field.raw.trimmed());
}

void checkEntityTag(const Context &context, Notes &notes)
{
    if (!context.etag)
        return;
    const EntityTag &tag = *context.etag;
    if (!tag.valid) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("etag-malformed"),
            QStringLiteral("ETag %1 is malformed (%2). It is not a validator: a strict cache never matches it, and "
                           "only clients that echo it byte for byte (browsers, CacheScope) get 304s. Send it as a "
                           "quoted string, e.g. \"%3\" (RFC 9110 §8.8.3).")
                .arg(tagText(tag), tag.problem, QString::fromLatin1(tag.opaque)) });
        return;
    }
    if (tag.weak && context.status != 304) {
        notes.append({ NoteSeverity::Info, QStringLiteral("etag-weak"),
            QStringLiteral("ETag %1 is weak: the server promises equivalent content, not identical bytes. That is "
                           "enough for If-None-Match (weak comparison), but not for If-Match or If-Range, so "
                           "range requests cannot resume with it (RFC 9110 §8.8.1).")
                .arg(tagText(tag)) });
    }
}

void checkLastModified(const Context &context, Notes &notes)
{
    const DateField &modified = context.lastModified;
    if (!modified.present)
        return;
    if (!modified.valid) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("last-modified-invalid"),
            QStringLiteral("Last-Modified %1 is not usable (%2): no If-Modified-Since can be built from it and "
                           "heuristic freshness cannot use it.")
                .arg(dateText(modified), modified.problem) });
        return;
    }
    const qint64 modifiedAt = modified.value.toSecsSinceEpoch();
    const bool hasDate = context.date.valid;
    const qint64 dateAt = hasDate ? context.date.value.toSecsSinceEpoch() : 0;
    if (hasDate && modifiedAt > dateAt) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("last-modified-after-date"),
            QStringLiteral("Last-Modified %1 is %2 later than Date %3. An origin must not send a modification "
                           "date later than its message date; recipients treat it as the Date (RFC 9110 "
                           "§8.8.2.1), so If-Modified-Since from it may be refused.")
                .arg(dateText(modified), formatDuration(modifiedAt - dateAt), dateText(context.date)) });
    } else if (modifiedAt > context.receivedAt.toSecsSinceEpoch()) {
        notes.append({ NoteSeverity::Warning, QStringLiteral("last-modified-future"),
            QStringLiteral("Last-Modified %1 is %2 in the future of when the response arrived: the server's clock "
                           "or the file's time is wrong. Heuristic freshness becomes zero and If-Modified-Since "
                           "with this date may never give a 304.")
                .arg(dateText(modified), formatDuration(modifiedAt - context.receivedAt.toSecsSinceEpoch())) });
    }
    if (hasDate && context.status != 304 && modifiedAt == dateAt) {
        notes.append({ NoteSeverity::Info, QStringLiteral("last-modified-weak"),
            QStringLiteral("Last-Modified equals Date (%1): the resource may change again within the same second, "
                           "so this date is only a weak validator (RFC 9110 §8.8.2.2).")
                .arg(dateText(modified)) });
    }
}

void checkAnyValidator(const Context &context, Notes &notes)
{
    if (!carriesRepresentation(context.status) || !context.safeMethod)
        return;
    if (context.etag || context.lastModified.present)
        return;
    // With no-store nothing is kept, so there is nothing to revalidate either way.
    if (CacheControl::parse(context.exchange.responseHeaders, CacheControl::Context::Response).noStore())
        return;
    notes.append({ NoteSeverity::Warning, QStringLiteral("no-validator"),
        QStringLiteral("No ETag and no Last-Modified: this response can never be revalidated. Once it is stale, "
                       "every reuse downloads the whole body again instead of getting a 304.") });
}

QByteArray bodyHash(const QByteArray &body)
{
    return QCryptographicHash::hash(body, QCryptographicHash::Sha256);
}

// "identity" and no Content-Encoding are the same coding.
QByteArray codingOf(const HttpHeaders &headers)
{
    const QByteArray coding = headers.combined("Content-Encoding").trimmed().toLower();
    return coding == "identity" ? QByteArray() : coding;
}

void checkEncodings(const Context &context, const CacheEntry &stored, Notes &notes)
{
    const std::optional<EntityTag> before = readETag(stored.responseHeaders);
    if (!before || !context.etag || !strongMatch(*before, *context.etag))
        return;
    const QByteArray oldCoding = codingOf(stored.responseHeaders);
    const QByteArray newCoding = codingOf(context.exchange.responseHeaders);
    if (oldCoding == newCoding)
        return;
    const auto name = [](const QByteArray &coding) {
        return coding.isEmpty() ? QStringLiteral("identity") : QString::fromLatin1(coding);
    };
    notes.append({ NoteSeverity::Warning, QStringLiteral("etag-same-across-encodings"),
        QStringLiteral("The same strong ETag %1 was sent for the %2 and the %3 encoding. Different content "
                       "codings are different representations, so a strong tag must differ between them (RFC "
                       "9110 §8.8.3): a cache may combine ranges or answer If-Match with the wrong bytes. Make "
                       "the tag weak or add the coding to it.")
            .arg(tagText(*context.etag), name(oldCoding), name(newCoding)) });
}

} // namespace

void checkValidators(const Context &context, Notes &notes)
{
    checkEntityTag(context, notes);
    checkLastModified(context, notes);
    checkAnyValidator(context, notes);
}

void checkContentChange(const Context &context, Notes &notes)
{
    const CacheEntry *stored = context.previous;
    if (!stored || !carriesRepresentation(context.status) || context.exchange.error != ExchangeError::None
        || context.exchange.request.method.toUpper() != "GET" || !carriesRepresentation(stored->status))
        return;
    const ContentVersion before { stored->responseHeaders.first("ETag"), stored->responseHeaders.first("Last-Modified"),
        bodyHash(stored->body) };
    const ContentVersion after { context.exchange.responseHeaders.first("ETag"),
        context.exchange.responseHeaders.first("Last-Modified"), context.exchange.bodyHash() };
    notes.append(decideContentChange(before, after).notes);
    checkEncodings(context, *stored, notes);
}

} // namespace CacheScope::Diagnosis
