#include "lessonchecks.h"

namespace CacheScope::LessonChecks {

namespace {

const QString MaxAgePath = QStringLiteral("/cache/max-age");
const QString NoCachePath = QStringLiteral("/cache/no-cache");

LessonStep sendMaxAge()
{
    return exchangeStep(StepAction::Send, MaxAgePath, QStringLiteral("Send %1.").arg(MaxAgePath),
        QStringLiteral("The response says Cache-Control: max-age=60: fresh for a minute."),
        [](const StepInput &, const LessonObservation &o) {
            if (o.status != 200 && o.status != 304)
                return StepVerdict::nearMiss(QStringLiteral("Expected 200 OK, got %1.").arg(o.status));
            if (o.browserDecision.isEmpty() && (!o.freshness || o.freshness->source != FreshnessSource::MaxAge))
                return StepVerdict::nearMiss(
                    QStringLiteral("The response was not stored with its max-age (%1).").arg(o.actionText));
            return StepVerdict::passed(freshnessStory(o));
        });
}

LessonStep askMaxAge()
{
    return chooseStep(
        QStringLiteral("A browser needs %1 again 10 seconds later. What does its cache do?").arg(MaxAgePath),
        QStringLiteral("Compare the age of the stored copy with its freshness lifetime."),
        { { QStringLiteral("Sends If-None-Match and waits for a 304"),
              QStringLiteral(
                  "Not while it is fresh: a fresh copy is used without asking. That is what max-age buys.") },
            { QStringLiteral("Uses the stored copy without contacting the server"),
                QStringLiteral("Right: 10 s old, fresh for 60 s, so no request at all. In browser mode the decision "
                               "reads \u201cfresh: max-age=60\u201d.") },
            { QStringLiteral("Downloads the whole response again"),
                QStringLiteral("No: it is stored and fresh. Even once stale it would revalidate, not download.") } },
        1);
}

LessonStep sendNoCache()
{
    return exchangeStep(StepAction::Send, NoCachePath, QStringLiteral("Send %1.").arg(NoCachePath),
        QStringLiteral("Cache-Control: no-cache does not mean \u201cdo not store\u201d."),
        [](const StepInput &, const LessonObservation &o) {
            if (o.status != 200 && o.status != 304)
                return StepVerdict::nearMiss(QStringLiteral("Expected 200 OK, got %1.").arg(o.status));
            if (o.browserDecision.isEmpty() && (!o.freshness || !o.freshness->noCache))
                return StepVerdict::nearMiss(
                    QStringLiteral("The response was not stored as no-cache (%1).").arg(o.actionText));
            return StepVerdict::passed(freshnessStory(o));
        });
}

LessonStep askNoCache()
{
    return chooseStep(QStringLiteral("A browser needs %1 again one second later. What does it do?").arg(NoCachePath),
        QStringLiteral("no-cache allows storing; it forbids reuse without asking."),
        { { QStringLiteral("Uses the stored copy without contacting the server"),
              QStringLiteral("No: no-cache forbids reuse without a successful revalidation, however young the copy.") },
            { QStringLiteral("Downloads the whole response again"),
                QStringLiteral("No: the copy is stored and has an ETag, so asking costs a round trip, not a body. "
                               "That is no-store's behaviour.") },
            { QStringLiteral("Sends If-None-Match and uses its copy after a 304"),
                QStringLiteral("Right: a round trip every time, but no body while the version is unchanged.") } },
        2);
}

LessonStep revalidateNoCache()
{
    return exchangeStep(StepAction::Revalidate, NoCachePath, QStringLiteral("Revalidate %1.").arg(NoCachePath),
        QStringLiteral("This is the request a browser sends before every reuse of a no-cache response."),
        [](const StepInput &, const LessonObservation &o) {
            if (!o.conditionalSent)
                return sentNotRevalidated(o);
            if (o.status != 304)
                return StepVerdict::nearMiss(QStringLiteral("Expected 304 Not Modified, got %1.").arg(o.status));
            return StepVerdict::passed(QStringLiteral("304: a round trip of %1 instead of the body; %2 saved. That is "
                                                      "the whole cost of no-cache with a validator.")
                                           .arg(bytesText(o.wireBytes), bytesText(o.bytesSaved)));
        });
}

QString maxAgeAfterStory(const LessonObservation &o)
{
    QString before;
    if (o.previousFreshness && o.previousFreshness->valid) {
        const Freshness &f = *o.previousFreshness;
        before = f.fresh ? QStringLiteral("When you asked, the stored copy was still fresh for %1 s: a browser would "
                                          "not have sent this request yet; the inspector always asks. Once it is "
                                          "stale, a browser sends exactly this conditional request.")
                               .arg(f.freshFor)
                         : QStringLiteral("The stored copy was stale by %1 s: a browser revalidates it exactly like "
                                          "this.")
                               .arg(f.staleBy);
    }
    return QStringLiteral("304 Not Modified, %1 saved. %2 The 304 renews it: %3")
        .arg(bytesText(o.bytesSaved), before,
            o.freshness && o.freshness->valid ? o.freshness->summary : QStringLiteral("fresh again"));
}

LessonStep revalidateMaxAge()
{
    return exchangeStep(StepAction::Revalidate, MaxAgePath, QStringLiteral("Revalidate %1.").arg(MaxAgePath),
        QStringLiteral("After 60 s the copy is stale: a browser then asks with If-None-Match and gets a 304. The "
                       "lesson compares your timing with what a browser would have done."),
        [](const StepInput &, const LessonObservation &o) {
            if (o.browserDecision == QLatin1String("fresh")) {
                return StepVerdict::nearMiss(
                    QStringLiteral("Browser mode served the fresh copy without asking (%1). Wait until it is "
                                   "stale, then ask again.")
                        .arg(o.browserReason));
            }
            if (!o.conditionalSent)
                return sentNotRevalidated(o);
            if (o.status != 304)
                return StepVerdict::nearMiss(QStringLiteral("Expected 304 Not Modified, got %1.").arg(o.status));
            return StepVerdict::passed(maxAgeAfterStory(o));
        });
}

} // namespace

Lesson freshnessLesson()
{
    return { QStringLiteral("freshness"), QStringLiteral("Freshness versus validation"),
        QStringLiteral("Freshness decides whether a stored copy may be used without asking (max-age, Expires, "
                       "heuristics); validation is how a cache asks once it may not (If-None-Match and 304). "
                       "no-cache skips the first and always does the second."),
        { sendMaxAge(), askMaxAge(), sendNoCache(), askNoCache(), revalidateNoCache(), revalidateMaxAge() } };
}

} // namespace CacheScope::LessonChecks
