#pragma once

#include "lesson.h"

#include <QList>
#include <QString>

namespace CacheScope {

// Where a learner is in one lesson. Steps are done in order: an observation or answer advances the current
// step only when its check passes; one that does not fit leaves it where it is, and a near miss says why in
// words. A plain value: the panel keeps one, tests drive one directly.
class LessonProgress
{
public:
    enum class StepState
    {
        Done,
        Current,
        ToDo
    };

    explicit LessonProgress(Lesson lesson = {});

    const Lesson &lesson() const { return m_lesson; }
    int stepCount() const { return int(m_lesson.steps.size()); }
    // The index of the step to do; stepCount() once the lesson is complete.
    int currentIndex() const { return m_current; }
    const LessonStep *currentStep() const;
    bool isComplete() const { return m_current >= stepCount(); }
    StepState stateOf(int index) const;
    // What was seen when the step passed ("304 Not Modified: 1.2 KiB saved..."); empty until it is done.
    QString explanationOf(int index) const;

    // An exchange finished. Every observation is kept for later steps (which compare with earlier ones).
    StepVerdict observe(const LessonObservation &observation);
    // An answer typed or chosen for the current Answer or Choose step.
    StepVerdict answer(const QString &text);
    // The current step's verdict on the last thing tried: a near miss stays until the next attempt.
    const StepVerdict &lastVerdict() const { return m_lastVerdict; }
    // The answer "Do this step" would give to the current Answer or Choose step; empty when none is known.
    QString solution() const;

    const QList<LessonObservation> &observations() const { return m_observations; }
    // Back to the first step; what was observed is forgotten.
    void reset();

private:
    StepVerdict apply(const StepVerdict &verdict);

    Lesson m_lesson;
    int m_current = 0;
    QList<LessonObservation> m_observations;
    QStringList m_explanations;
    StepVerdict m_lastVerdict;
};

} // namespace CacheScope
