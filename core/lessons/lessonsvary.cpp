#include "lessonchecks.h"

namespace CacheScope::LessonChecks {

namespace {

const QString VaryPath = QStringLiteral("/vary/accept-encoding");

bool gzipSent(const LessonObservation &o)
{
    return acceptsGzip(o.sentHeader("Accept-Encoding"));
}

// The ETag last received for the variant chosen by this kind of Accept-Encoding.
QByteArray variantEtag(const QList<LessonObservation> &seen, bool gzip)
{
    for (auto it = seen.crbegin(); it != seen.crend(); ++it) {
        if (it->path == VaryPath && it->hasResponse() && gzipSent(*it) == gzip && !it->receivedEtag.isEmpty())
            return it->receivedEtag;
    }
    return {};
}

QString encodingWords(bool gzip)
{
    return gzip ? QStringLiteral("gzip") : QStringLiteral("plain (identity)");
}

StepVerdict checkVariantSend(const StepInput &input, const LessonObservation &o, bool gzip)
{
    if (gzipSent(o) != gzip) {
        return StepVerdict::nearMiss(
            QStringLiteral("That request sent Accept-Encoding: %1; this step wants %2. Set the header first (\u201cDo "
                           "this step\u201d does it).")
                .arg(o.sentHeader("Accept-Encoding").isEmpty() ? QStringLiteral("(none)")
                                                               : latin(o.sentHeader("Accept-Encoding")),
                    gzip ? QStringLiteral("gzip") : QStringLiteral("identity")));
    }
    if (o.status == 304) {
        return StepVerdict::passed(QStringLiteral("304: the %1 variant was already stored, with ETag %2.")
                                       .arg(encodingWords(gzip), latin(o.sentIfNoneMatch)));
    }
    const bool gzipped = o.receivedHeader("Content-Encoding").trimmed().compare("gzip", Qt::CaseInsensitive) == 0;
    if (o.status != 200 || gzipped != gzip) {
        return StepVerdict::nearMiss(QStringLiteral("Expected a 200 with a %1 body, got %2%3.")
                                         .arg(encodingWords(gzip))
                                         .arg(o.status)
                                         .arg(gzipped ? QStringLiteral(" (gzip)") : QString()));
    }
    QString text = QStringLiteral("200, %1 body, %2 on the wire, ETag %3, Vary: %4. The store keys this copy by the "
                                  "Accept-Encoding it was asked with (%5).")
                       .arg(encodingWords(gzip), bytesText(o.wireBytes), latin(o.receivedEtag),
                           latin(o.receivedHeader("Vary")), o.actionText);
    const QByteArray other = variantEtag(*input.earlier, !gzip);
    if (!other.isEmpty() && other != o.receivedEtag)
        text += QStringLiteral(" Its ETag differs from the other variant's (%1): different bytes, different tag.")
                    .arg(latin(other));
    return StepVerdict::passed(text);
}

LessonStep sendVariant(bool gzip)
{
    LessonStep step = exchangeStep(StepAction::Send, VaryPath,
        gzip ? QStringLiteral("Send %1 again with Accept-Encoding: gzip.").arg(VaryPath)
             : QStringLiteral("Send %1 with Accept-Encoding: identity (no compression).").arg(VaryPath),
        gzip ? QStringLiteral("Now the server compresses the body and says Content-Encoding: gzip. Both copies are "
                              "kept side by side.")
             : QStringLiteral("Set the request header Accept-Encoding to identity, or let \u201cDo this step\u201d "
                              "set it. The server answers with plain text and Vary: Accept-Encoding."),
        [gzip](const StepInput &input, const LessonObservation &o) { return checkVariantSend(input, o, gzip); });
    step.headerName = "Accept-Encoding";
    step.headerValue = gzip ? QByteArray("gzip") : QByteArray("identity");
    return step;
}

LessonStep revalidateVariant(bool gzip)
{
    LessonStep step = exchangeStep(StepAction::Revalidate, VaryPath,
        QStringLiteral("Revalidate with Accept-Encoding: %1.")
            .arg(gzip ? QStringLiteral("gzip") : QStringLiteral("identity")),
        QStringLiteral("The store picks the stored variant whose Accept-Encoding matches the request and sends its "
                       "ETag."),
        [gzip](const StepInput &input, const LessonObservation &o) {
            if (gzipSent(o) != gzip) {
                return StepVerdict::nearMiss(
                    QStringLiteral("That request %1 gzip; this step revalidates the %2 "
                                   "variant. Set Accept-Encoding first.")
                        .arg(gzipSent(o) ? QStringLiteral("accepted") : QStringLiteral("did not accept"),
                            encodingWords(gzip)));
            }
            if (!o.conditionalSent)
                return sentNotRevalidated(o);
            if (o.status != 304)
                return StepVerdict::nearMiss(QStringLiteral("Expected 304 Not Modified, got %1.").arg(o.status));
            // The store may list every stored variant's tag in If-None-Match; the 304's ETag says which matched.
            const QByteArray expected = variantEtag(*input.earlier, gzip);
            const QByteArray matched = o.receivedEtag.isEmpty() ? o.sentIfNoneMatch : o.receivedEtag;
            if (!expected.isEmpty() && matched != expected) {
                return StepVerdict::nearMiss(QStringLiteral("A 304, but for %1, not the %2 variant's %3.")
                                                 .arg(latin(matched), encodingWords(gzip), latin(expected)));
            }
            return StepVerdict::passed(
                QStringLiteral("304 for the %1 variant (ETag %2); If-None-Match was %3. %4 saved. Each variant "
                               "revalidates to its own 304.")
                    .arg(encodingWords(gzip), latin(matched), latin(o.sentIfNoneMatch), bytesText(o.bytesSaved)));
        });
    step.headerName = "Accept-Encoding";
    step.headerValue = gzip ? QByteArray("gzip") : QByteArray("identity");
    return step;
}

} // namespace

Lesson varyLesson()
{
    return { QStringLiteral("vary"), QStringLiteral("Vary and compression"),
        QStringLiteral("One URL, two representations: plain and gzip-compressed. Vary: Accept-Encoding tells a cache "
                       "to keep them apart, keyed by the request header, each with its own ETag."),
        { sendVariant(false), sendVariant(true), revalidateVariant(true), revalidateVariant(false) } };
}

} // namespace CacheScope::LessonChecks
