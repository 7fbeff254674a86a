#include "lessonchecks.h"

namespace CacheScope::LessonChecks {

namespace {

const QString BalancedPath = QStringLiteral("/bugs/load-balanced");
const QString SameBodyNote = QStringLiteral("etag-changed-body-same");
constexpr int FullDownloadsToSee = 3;

bool isWastedRevalidation(const LessonObservation &o)
{
    return o.path == BalancedPath && o.status == 200 && o.conditionalSent && o.hasNote(SameBodyNote);
}

QString instanceOf(const LessonObservation &o)
{
    const QByteArray instance = o.receivedHeader("X-Demo-Instance");
    return instance.isEmpty() ? QStringLiteral("?") : latin(instance);
}

LessonStep sendBalanced()
{
    return exchangeStep(StepAction::Send, BalancedPath, QStringLiteral("Send %1.").arg(BalancedPath),
        QStringLiteral("Three simulated instances take turns answering; X-Demo-Instance says which one did."),
        [](const StepInput &, const LessonObservation &o) {
            if ((o.status != 200 && o.status != 304) || o.receivedEtag.isEmpty())
                return StepVerdict::nearMiss(QStringLiteral("Expected a 200 with an ETag, got %1.").arg(o.status));
            return StepVerdict::passed(QStringLiteral("Instance %1 answered with ETag %2, now stored.")
                                           .arg(instanceOf(o), latin(o.receivedEtag)));
        });
}

LessonStep firstWaste()
{
    return exchangeStep(StepAction::Revalidate, BalancedPath, QStringLiteral("Revalidate %1.").arg(BalancedPath),
        QStringLiteral("Nothing changed on the server. Compare the ETag that comes back with the one you sent."),
        [](const StepInput &, const LessonObservation &o) {
            if (!o.conditionalSent)
                return sentNotRevalidated(o);
            if (o.status == 304) {
                return StepVerdict::nearMiss(QStringLiteral("304: the instance that made your tag answered this "
                                                            "time. Revalidate again."));
            }
            if (!isWastedRevalidation(o)) {
                return StepVerdict::nearMiss(
                    QStringLiteral("Expected a 200 with another ETag for the same body, got %1.").arg(o.status));
            }
            return StepVerdict::passed(
                QStringLiteral("Instance %1 answered 200 with ETag %2 although you sent %3, and the body is byte for "
                               "byte the same (diagnosis: %4). The whole %5 came again.")
                    .arg(instanceOf(o), latin(o.receivedEtag), latin(o.sentIfNoneMatch), SameBodyNote,
                        bytesText(o.wireBytes)));
        });
}

LessonStep keepWasting()
{
    return exchangeStep(StepAction::Revalidate, BalancedPath,
        QStringLiteral("Revalidate it twice more and watch the bytes saved."),
        QStringLiteral("Each instance answers 304 only to its own tag, and the next request lands on another one."),
        [](const StepInput &input, const LessonObservation &o) {
            if (!o.conditionalSent)
                return sentNotRevalidated(o);
            if (!isWastedRevalidation(o))
                return StepVerdict::nearMiss(QStringLiteral("A %1 this time: revalidate again.").arg(o.status));
            // The wasted revalidations in a row, this one included.
            int inRow = 1;
            qint64 wasted = o.wireBytes;
            for (auto it = input.earlier->crbegin(); it != input.earlier->crend(); ++it) {
                if (it->path != BalancedPath)
                    continue;
                if (!isWastedRevalidation(*it))
                    break;
                ++inRow;
                wasted += it->wireBytes;
            }
            if (inRow < FullDownloadsToSee) {
                return StepVerdict::nearMiss(QStringLiteral("%1 full downloads in a row for unchanged content. Once "
                                                            "more.")
                                                 .arg(inRow));
            }
            return StepVerdict::passed(
                QStringLiteral("%1 revalidations, %1 full downloads: %2 transferred, nothing saved. With three "
                               "instances taking turns, a 304 never comes.")
                    .arg(inRow)
                    .arg(bytesText(wasted)));
        });
}

LessonStep askFix()
{
    return chooseStep(QStringLiteral("What fixes it?"),
        QStringLiteral("The content is the same everywhere; only the tag is made from something local."),
        { { QStringLiteral("Make the load balancer sticky, so a client always reaches the same instance"),
              QStringLiteral("It hides the bug for one client, but shared caches and clients that move between "
                             "instances still download everything. Fix the tags.") },
            { QStringLiteral("Use weak ETags (W/)"),
                QStringLiteral("W/ changes how tags are compared, not how they are made: three different weak tags "
                               "still differ.") },
            { QStringLiteral("Compute the ETag from the content (a hash of the body), the same on every instance"),
                QStringLiteral("Right: consistent ETags. Tags made from inodes or instance-local timestamps are the "
                               "usual culprit; a content hash (or a version number from the build) agrees "
                               "everywhere. The consistency check (cachescope-cli check) catches this.") },
            { QStringLiteral("Drop the ETag and rely on Last-Modified"),
                QStringLiteral("Only if every instance has the same file time, which deployments rarely guarantee; "
                               "and a date is a weaker validator than a tag.") } },
        2);
}

} // namespace

Lesson loadBalancerLesson()
{
    return { QStringLiteral("load-balancer"), QStringLiteral("The load-balancer ETag problem"),
        QStringLiteral("Behind a load balancer, several instances serve the same content. If each makes its ETag "
                       "from something local, the same content gets different tags and revalidation stops "
                       "working."),
        { sendBalanced(), firstWaste(), keepWasting(), askFix() } };
}

} // namespace CacheScope::LessonChecks
