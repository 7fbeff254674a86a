#pragma once

#include "browser/browsercache.h"
#include "client/revalidator.h"
#include "client/timeline.h"
#include "lessons/lessonprogress.h"

#include <QUrl>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace CacheScope {

class ExchangePage;

// The guided lessons, for a dock beside the inspector: pick a lesson, read the current step, do it in the
// inspector (or let "Do this step" do it), and see each step checked against what really happened. The panel
// sends nothing itself: it asks through signals, which connectTo() wires to an ExchangePage.
class LessonsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit LessonsPanel(QWidget *parent = nullptr);

    // Where the demo origin answers ("http://127.0.0.1:PORT"); "Do this step" needs it for exchange steps.
    void setDemoBaseUrl(const QUrl &url);
    QUrl demoBaseUrl() const { return m_baseUrl; }

    // Connects the panel's requests to the page's send, revalidate and header rows, and the page's finished
    // exchanges to observe(). The page must outlive the connection (both are usually the window's children).
    void connectTo(ExchangePage *page);
    // Sets (or, with an empty value, removes) a request header row in the page's composer.
    static void setRequestHeader(ExchangePage *page, const QString &name, const QString &value);

    QStringList lessonIds() const;
    QString currentLessonId() const;
    const LessonProgress &progress() const { return m_progress; }

    // For tests and screenshots.
    QComboBox *lessonCombo() const { return m_lessonCombo; }
    QListWidget *stepList() const { return m_steps; }
    QLabel *feedbackLabel() const { return m_feedback; }
    QPushButton *doStepButton() const { return m_doStep; }
    QLineEdit *answerEdit() const { return m_answer; }
    QListWidget *choiceList() const { return m_choices; }

public Q_SLOTS:
    bool selectLesson(const QString &id);
    // What the inspector just did (connected to ExchangePage::cachedExchangeFinished).
    void observe(const CacheScope::CachedExchange &result, const CacheScope::TimelineEvent &event);
    // The same for an answer from the private (browser) cache.
    void observeBrowserResult(const CacheScope::BrowserResult &result);
    // Performs the current step: asks for the exchange through the signals, or gives the answer.
    void doCurrentStep();
    // Checks the typed answer or the chosen option.
    void checkAnswer();
    void reset();

Q_SIGNALS:
    void sendUrlRequested(const QString &url);
    // Before revalidateRequested: the URL the revalidation is for.
    void urlRequested(const QString &url);
    void revalidateRequested();
    void setHeaderRequested(const QString &name, const QString &value);
    // After every change of step or lesson (and with a verdict's text).
    void progressChanged();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitChoices();
    void takeVerdict(const StepVerdict &verdict);
    void refresh();
    void refreshSteps();
    void refreshCurrent();
    void rebuildChoices(const LessonStep *step);
    QString chosen() const;
    QString demoUrl(const QString &path) const;

    QList<Lesson> m_lessons;
    LessonProgress m_progress;
    QUrl m_baseUrl;
    bool m_busy = false;
    QComboBox *m_lessonCombo;
    QLabel *m_intro;
    QListWidget *m_steps;
    QLabel *m_instruction;
    QLabel *m_hint;
    QLabel *m_feedback;
    QLineEdit *m_answer;
    QListWidget *m_choices; // one row per choice: rows wrap where radio buttons would not
    QPushButton *m_check;
    QPushButton *m_doStep;
    QPushButton *m_reset;
};

} // namespace CacheScope
