#pragma once

#include "lesson.h"

#include <optional>

// Shared by the lesson definitions (core/lessons/lessons*.cpp); not part of the area's interface.
namespace CacheScope::LessonChecks {

// "1.2 KiB", "512 bytes".
QString bytesText(qint64 bytes);
QString latin(const QByteArray &value);
// When the observation is not about `path` or got no response: the verdict to give (null to go on checking).
std::optional<StepVerdict> offPath(const StepInput &input, const QString &path);
// For a Revalidate step given a response sent without conditional headers.
StepVerdict sentNotRevalidated(const LessonObservation &o);
// Does this Accept-Encoding value accept gzip (present, not with q=0)?
bool acceptsGzip(const QByteArray &acceptEncoding);
// A ETag typed by a person against the one received: surrounding spaces and missing quotes forgiven.
bool sameEtagText(const QString &typed, const QByteArray &etag);
// How the stored copy stands: the browser's decision in browser mode, otherwise the freshness lifetime.
QString freshnessStory(const LessonObservation &o);
// A Send or Revalidate step on a demo path. The check sees only observations that passed offPath() for the
// step's path without its query.
LessonStep exchangeStep(StepAction action, const QString &path, const QString &instruction, const QString &hint,
    std::function<StepVerdict(const StepInput &, const LessonObservation &)> check);
// A Choose step: `choices` with the reply for each; `right` is the index of the right one.
struct Choice
{
    QString text;
    QString reply;
};
LessonStep chooseStep(const QString &question, const QString &hint, const QList<Choice> &choices, int right);

Lesson validatorsLesson();
Lesson freshnessLesson();
Lesson loadBalancerLesson();
Lesson varyLesson();

} // namespace CacheScope::LessonChecks
