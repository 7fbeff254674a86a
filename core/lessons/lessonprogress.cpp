#include "lessonprogress.h"

namespace CacheScope {

LessonProgress::LessonProgress(Lesson lesson)
    : m_lesson(std::move(lesson))
{
    reset();
}

const LessonStep *LessonProgress::currentStep() const
{
    return isComplete() ? nullptr : &m_lesson.steps.at(m_current);
}

LessonProgress::StepState LessonProgress::stateOf(int index) const
{
    if (index < m_current)
        return StepState::Done;
    return index == m_current ? StepState::Current : StepState::ToDo;
}

QString LessonProgress::explanationOf(int index) const
{
    return index >= 0 && index < m_explanations.size() ? m_explanations.at(index) : QString();
}

StepVerdict LessonProgress::observe(const LessonObservation &observation)
{
    StepVerdict verdict;
    const LessonStep *step = currentStep();
    if (step && step->isExchange() && step->check) {
        const StepInput input { &observation, {}, &m_observations };
        verdict = step->check(input);
    } else if (step && !step->isExchange() && observation.hasResponse()) {
        verdict = StepVerdict::unrelated(
            QStringLiteral("Noted. This step is a question: answer it in the lessons panel to go on."));
    }
    m_observations.append(observation);
    return apply(verdict);
}

StepVerdict LessonProgress::answer(const QString &text)
{
    const LessonStep *step = currentStep();
    if (!step)
        return apply(StepVerdict::unrelated(QStringLiteral("This lesson is complete.")));
    if (step->isExchange()) {
        return apply(StepVerdict::nearMiss(
            QStringLiteral("This step is done in the inspector, not by answering: %1").arg(step->instruction)));
    }
    if (text.trimmed().isEmpty())
        return apply(StepVerdict::nearMiss(QStringLiteral("Type or choose an answer first.")));
    const StepInput input { nullptr, text.trimmed(), &m_observations };
    return apply(step->check ? step->check(input) : StepVerdict::unrelated());
}

QString LessonProgress::solution() const
{
    const LessonStep *step = currentStep();
    if (!step || !step->solution)
        return {};
    return step->solution(m_observations);
}

StepVerdict LessonProgress::apply(const StepVerdict &verdict)
{
    if (verdict.outcome == StepVerdict::Passed) {
        m_explanations[m_current] = verdict.text;
        ++m_current;
        m_lastVerdict = {};
    } else if (verdict.outcome == StepVerdict::NearMiss || !verdict.text.isEmpty()) {
        m_lastVerdict = verdict;
    }
    return verdict;
}

void LessonProgress::reset()
{
    m_current = 0;
    m_observations.clear();
    m_explanations = QStringList(m_lesson.steps.size(), QString());
    m_lastVerdict = {};
}

} // namespace CacheScope
