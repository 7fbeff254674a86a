#include "lessonchecks.h"

namespace CacheScope::LessonChecks {

namespace {

const QString StrongPath = QStringLiteral("/validators/strong-etag");
const QString ChangingPath = QStringLiteral("/validators/changing?every=5");
const QString IgnoringPath = QStringLiteral("/bugs/ignores-if-none-match");

LessonStep sendStrong()
{
    return exchangeStep(StepAction::Send, StrongPath, QStringLiteral("Send %1.").arg(StrongPath),
        QStringLiteral("The demo origin answers 200 OK with the body and an ETag header."),
        [](const StepInput &, const LessonObservation &o) {
            if (o.receivedEtag.isEmpty())
                return StepVerdict::nearMiss(
                    QStringLiteral("A %1 without an ETag: not the answer this URL gives.").arg(o.status));
            if (o.status == 304) {
                return StepVerdict::passed(
                    QStringLiteral("304: the store already held this response, so If-None-Match %1 went with the "
                                   "request and the server confirmed it. The 200 it stored earlier has the ETag.")
                        .arg(latin(o.sentIfNoneMatch)));
            }
            if (o.status != 200)
                return StepVerdict::nearMiss(QStringLiteral("Expected 200 OK, got %1.").arg(o.status));
            return StepVerdict::passed(QStringLiteral("200 OK, %1 on the wire. The store kept the response (%2).")
                                           .arg(bytesText(o.wireBytes), o.actionText));
        });
}

LessonStep findEtag()
{
    LessonStep step;
    step.action = StepAction::Answer;
    step.path = StrongPath;
    step.instruction = QStringLiteral("Find the ETag: type or paste the value of the response's ETag header.");
    step.hint = QStringLiteral("Response headers, the ETag row. An entity tag is an opaque string in double quotes "
                               "that names this version of the body; W/ in front would make it weak.");
    step.check = [](const StepInput &input) {
        const LessonObservation *last = input.lastFor(StrongPath);
        if (!last)
            return StepVerdict::nearMiss(
                QStringLiteral("Send %1 first: there is no ETag to find yet.").arg(StrongPath));
        if (!sameEtagText(input.answer, last->receivedEtag)) {
            return StepVerdict::nearMiss(
                QStringLiteral("\u201c%1\u201d is not the ETag of the last response. Look for the ETag row among the "
                               "response headers.")
                    .arg(input.answer.size() > 60 ? input.answer.left(60) + QChar(0x2026) : input.answer));
        }
        return StepVerdict::passed(
            QStringLiteral("Right: %1. It is strong (no W/ prefix), computed from the body's bytes, so it changes "
                           "exactly when the body does. The store sends it back in If-None-Match.")
                .arg(latin(last->receivedEtag)));
    };
    step.solution = [](const QList<LessonObservation> &seen) {
        for (auto it = seen.crbegin(); it != seen.crend(); ++it) {
            if (it->path == StrongPath && !it->receivedEtag.isEmpty())
                return latin(it->receivedEtag);
        }
        return QString();
    };
    return step;
}

LessonStep revalidateStrong()
{
    return exchangeStep(StepAction::Revalidate, StrongPath, QStringLiteral("Revalidate %1 (Ctrl+R).").arg(StrongPath),
        QStringLiteral("A conditional GET: the store adds If-None-Match with the ETag. Look for 304 Not Modified, no "
                       "body, and the bytes saved above the response."),
        [](const StepInput &, const LessonObservation &o) {
            if (!o.conditionalSent)
                return sentNotRevalidated(o);
            if (o.status != 304)
                return StepVerdict::nearMiss(QStringLiteral("Expected 304 Not Modified, got %1.").arg(o.status));
            if (o.bytesSaved <= 0)
                return StepVerdict::nearMiss(
                    QStringLiteral("A 304, but nothing saved: the store held no full "
                                   "response to compare with. Send once more, then revalidate."));
            return StepVerdict::passed(
                QStringLiteral("304 Not Modified: If-None-Match %1 matched, no body came, %2 saved (%3 on the wire).")
                    .arg(latin(o.sentIfNoneMatch), bytesText(o.bytesSaved), bytesText(o.wireBytes)));
        });
}

LessonStep sendChanging()
{
    return exchangeStep(StepAction::Send, ChangingPath,
        QStringLiteral("Change the resource: send %1.").arg(ChangingPath),
        QStringLiteral("This resource's content, and its ETag with it, moves on every 5 seconds."),
        [](const StepInput &, const LessonObservation &o) {
            if (o.receivedEtag.isEmpty() || (o.status != 200 && o.status != 304))
                return StepVerdict::nearMiss(QStringLiteral("Expected a 200 with an ETag, got %1.").arg(o.status));
            return StepVerdict::passed(
                QStringLiteral("Stored with ETag %1. max-age (%2) counts down to the next change.")
                    .arg(latin(o.receivedEtag), latin(o.receivedHeader("Cache-Control"))));
        });
}

LessonStep revalidateChanged()
{
    return exchangeStep(StepAction::Revalidate, ChangingPath,
        QStringLiteral("Wait a few seconds, then revalidate %1.").arg(ChangingPath),
        QStringLiteral("Once the content has moved on, the stored ETag no longer matches: the server answers 200 with "
                       "the new version and a new ETag."),
        [](const StepInput &, const LessonObservation &o) {
            if (!o.conditionalSent)
                return sentNotRevalidated(o);
            if (o.status == 304) {
                return StepVerdict::nearMiss(QStringLiteral("304: the content has not changed yet (still %1). Wait a "
                                                            "few seconds and revalidate again.")
                                                 .arg(latin(o.sentIfNoneMatch)));
            }
            if (o.status != 200 || o.receivedEtag.isEmpty() || o.receivedEtag == o.sentIfNoneMatch)
                return StepVerdict::nearMiss(QStringLiteral("Expected 200 with a new ETag, got %1.").arg(o.status));
            return StepVerdict::passed(
                QStringLiteral("200 with the new ETag %1 instead of %2: the content changed, the condition failed, and "
                               "the new version replaced the stored one (changed: %3).")
                    .arg(latin(o.receivedEtag), latin(o.sentIfNoneMatch), contentChangeName(o.contentChanged)));
        });
}

LessonStep sendIgnoring()
{
    return exchangeStep(StepAction::Send, IgnoringPath, QStringLiteral("Break it: send %1.").arg(IgnoringPath),
        QStringLiteral("A deliberately broken server: it sends an ETag but never reads If-None-Match."),
        [](const StepInput &, const LessonObservation &o) {
            if (o.status != 200 || o.receivedEtag.isEmpty())
                return StepVerdict::nearMiss(QStringLiteral("Expected a 200 with an ETag, got %1.").arg(o.status));
            return StepVerdict::passed(
                QStringLiteral("200 with ETag %1, stored. It looks like any other server so far.")
                    .arg(latin(o.receivedEtag)));
        });
}

LessonStep revalidateIgnoring()
{
    return exchangeStep(StepAction::Revalidate, IgnoringPath, QStringLiteral("Revalidate %1.").arg(IgnoringPath),
        QStringLiteral("The validator matches, so a correct server would say 304. Read the diagnosis."),
        [](const StepInput &, const LessonObservation &o) {
            if (!o.conditionalSent)
                return sentNotRevalidated(o);
            if (o.status != 200 || !o.hasNote(QStringLiteral("inm-ignored"))) {
                return StepVerdict::nearMiss(
                    QStringLiteral("Expected a 200 that the diagnosis flags as inm-ignored, got %1.").arg(o.status));
            }
            return StepVerdict::passed(
                QStringLiteral("200 carrying the very tag you sent (%1): the server ignored If-None-Match (diagnosis: "
                               "inm-ignored). Every revalidation costs the full %2; nothing is ever saved.")
                    .arg(latin(o.sentIfNoneMatch), bytesText(o.wireBytes)));
        });
}

} // namespace

Lesson validatorsLesson()
{
    return { QStringLiteral("validators"), QStringLiteral("Validators and 304"),
        QStringLiteral("A server names each version of a resource with an ETag. A client that kept the response "
                       "sends the tag back with If-None-Match; if the version is still current the answer is a "
                       "304 Not Modified with no body, and the download is saved."),
        { sendStrong(), findEtag(), revalidateStrong(), sendChanging(), revalidateChanged(), sendIgnoring(),
            revalidateIgnoring() } };
}

} // namespace CacheScope::LessonChecks
