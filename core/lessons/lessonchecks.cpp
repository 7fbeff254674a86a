#include "lessonchecks.h"

#include "lessoncatalog.h"

namespace CacheScope {

namespace LessonChecks {

QString bytesText(qint64 bytes)
{
    if (bytes < 1024)
        return bytes == 1 ? QStringLiteral("1 byte") : QStringLiteral("%1 bytes").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KiB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 MiB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

QString latin(const QByteArray &value)
{
    return QString::fromLatin1(value.trimmed());
}

std::optional<StepVerdict> offPath(const StepInput &input, const QString &path)
{
    const LessonObservation &o = *input.observation;
    if (o.path != path) {
        return StepVerdict::unrelated(QStringLiteral("That was %1; this step is about %2.")
                                          .arg(o.path.isEmpty() ? o.url.toString() : o.path, path));
    }
    if (!o.hasResponse()) {
        return StepVerdict::nearMiss(QStringLiteral("No response came back (%1). Is the demo origin running?")
                                         .arg(o.error.isEmpty() ? QStringLiteral("no reason given") : o.error));
    }
    return std::nullopt;
}

StepVerdict sentNotRevalidated(const LessonObservation &o)
{
    return StepVerdict::nearMiss(
        QStringLiteral("That was a %1 to a request without If-None-Match: revalidate (Ctrl+R) instead of sending "
                       "again, so the store's validator goes with the request.")
            .arg(o.status));
}

bool acceptsGzip(const QByteArray &acceptEncoding)
{
    for (const QByteArray &item : acceptEncoding.split(',')) {
        const QList<QByteArray> parts = item.split(';');
        if (parts.first().trimmed().compare("gzip", Qt::CaseInsensitive) != 0)
            continue;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray parameter = parts.at(i).trimmed().toLower();
            if (parameter.startsWith("q=") && parameter.mid(2).toDouble() <= 0.0)
                return false;
        }
        return true;
    }
    return false;
}

bool sameEtagText(const QString &typed, const QByteArray &etag)
{
    if (etag.isEmpty())
        return false;
    const QString want = latin(etag);
    QString got = typed.trimmed();
    if (got.startsWith(QLatin1String("ETag:"), Qt::CaseInsensitive))
        got = got.mid(5).trimmed();
    if (got == want)
        return true;
    // People copy the value without its quotes; the quotes are part of the tag but not the point here.
    QString bare = want;
    if (bare.startsWith(QLatin1String("W/")))
        bare = bare.mid(2);
    if (bare.size() >= 2 && bare.startsWith(QLatin1Char('"')) && bare.endsWith(QLatin1Char('"')))
        bare = bare.mid(1, bare.size() - 2);
    return !bare.isEmpty() && got == bare;
}

QString freshnessStory(const LessonObservation &o)
{
    if (!o.browserDecision.isEmpty())
        return QStringLiteral("Browser mode decided \u201c%1\u201d: %2.").arg(o.browserDecision, o.browserReason);
    if (!o.freshness || !o.freshness->valid)
        return QStringLiteral("Nothing stored for it, so a browser would have to ask every time.");
    const Freshness &f = *o.freshness;
    if (f.noCache) {
        return QStringLiteral("Freshness lifetime: %1. But Cache-Control: no-cache means a browser may keep it and "
                              "must ask the server (revalidate) before every reuse.")
            .arg(f.lifetimeExplanation.isEmpty() ? QStringLiteral("none") : f.lifetimeExplanation);
    }
    if (f.fresh) {
        return QStringLiteral("Freshness lifetime: %1, age %2 s: %3. Until then a browser reuses it without asking.")
            .arg(f.lifetimeExplanation)
            .arg(f.currentAge)
            .arg(f.summary);
    }
    return QStringLiteral("Freshness lifetime: %1: %2. A browser must revalidate it before reuse.")
        .arg(f.lifetimeExplanation.isEmpty() ? QStringLiteral("none") : f.lifetimeExplanation, f.summary);
}

LessonStep exchangeStep(StepAction action, const QString &path, const QString &instruction, const QString &hint,
    std::function<StepVerdict(const StepInput &, const LessonObservation &)> check)
{
    LessonStep step;
    step.action = action;
    step.path = path;
    step.instruction = instruction;
    step.hint = hint;
    const QString plainPath = path.section(QLatin1Char('?'), 0, 0);
    step.check = [plainPath, check = std::move(check)](const StepInput &input) {
        if (const std::optional<StepVerdict> verdict = offPath(input, plainPath))
            return *verdict;
        return check(input, *input.observation);
    };
    return step;
}

LessonStep chooseStep(const QString &question, const QString &hint, const QList<Choice> &choices, int right)
{
    LessonStep step;
    step.instruction = question;
    step.hint = hint;
    step.action = StepAction::Choose;
    for (const Choice &choice : choices)
        step.choices.append(choice.text);
    step.check = [choices, right](const StepInput &input) {
        for (qsizetype i = 0; i < choices.size(); ++i) {
            if (input.answer != choices.at(i).text)
                continue;
            return i == right ? StepVerdict::passed(choices.at(i).reply) : StepVerdict::nearMiss(choices.at(i).reply);
        }
        return StepVerdict::nearMiss(QStringLiteral("Pick one of the answers offered."));
    };
    const QString solution = choices.value(right).text;
    step.solution = [solution](const QList<LessonObservation> &) { return solution; };
    return step;
}

} // namespace LessonChecks

QList<Lesson> builtInLessons()
{
    return { LessonChecks::validatorsLesson(), LessonChecks::freshnessLesson(), LessonChecks::loadBalancerLesson(),
        LessonChecks::varyLesson() };
}

std::optional<Lesson> lessonById(const QString &id)
{
    for (const Lesson &lesson : builtInLessons()) {
        if (lesson.id == id)
            return lesson;
    }
    return std::nullopt;
}

} // namespace CacheScope
