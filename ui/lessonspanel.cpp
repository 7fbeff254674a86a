#include "lessonspanel.h"

#include "exchangepage.h"
#include "headerseditor.h"
#include "lessons/lessoncatalog.h"
#include "requesteditor.h"
#include "requestheadersmodel.h"
#include "urlbar.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace CacheScope {

namespace {

QLabel *wrappingLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setTextFormat(Qt::PlainText);
    return label;
}

QString stepActionWord(StepAction action)
{
    switch (action) {
    case StepAction::Send:
        return QStringLiteral("Send");
    case StepAction::Revalidate:
        return QStringLiteral("Revalidate");
    case StepAction::Answer:
        return QStringLiteral("Answer");
    case StepAction::Choose:
        return QStringLiteral("Choose");
    }
    return {};
}

} // namespace

LessonsPanel::LessonsPanel(QWidget *parent)
    : QWidget(parent)
    , m_lessons(builtInLessons())
    , m_lessonCombo(new QComboBox(this))
    , m_intro(wrappingLabel(QStringLiteral("lessonIntro"), this))
    , m_steps(new QListWidget(this))
    , m_instruction(wrappingLabel(QStringLiteral("stepInstruction"), this))
    , m_hint(wrappingLabel(QStringLiteral("stepHint"), this))
    , m_feedback(wrappingLabel(QStringLiteral("stepFeedback"), this))
    , m_answer(new QLineEdit(this))
    , m_choices(new QListWidget(this))
    , m_check(new QPushButton(QStringLiteral("Check"), this))
    , m_doStep(new QPushButton(QStringLiteral("Do this step"), this))
    , m_reset(new QPushButton(QStringLiteral("Reset"), this))
{
    setObjectName(QStringLiteral("lessonsPanel"));
    m_lessonCombo->setObjectName(QStringLiteral("lessonCombo"));
    for (const Lesson &lesson : m_lessons)
        m_lessonCombo->addItem(lesson.title, lesson.id);
    m_steps->setObjectName(QStringLiteral("lessonSteps"));
    m_steps->setWordWrap(true);
    m_steps->setSelectionMode(QAbstractItemView::NoSelection);
    m_steps->setFocusPolicy(Qt::NoFocus);
    QFont bold = m_instruction->font();
    bold.setBold(true);
    m_instruction->setFont(bold);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_feedback->setFrameShape(QFrame::StyledPanel);
    m_feedback->setMargin(6);
    m_feedback->setAutoFillBackground(true);
    m_feedback->setBackgroundRole(QPalette::AlternateBase);
    m_answer->setObjectName(QStringLiteral("lessonAnswer"));
    m_answer->setPlaceholderText(QStringLiteral("Your answer"));
    m_choices->setObjectName(QStringLiteral("lessonChoices"));
    m_choices->setWordWrap(true);
    m_choices->setSelectionMode(QAbstractItemView::SingleSelection);
    m_check->setObjectName(QStringLiteral("checkAnswer"));
    m_doStep->setObjectName(QStringLiteral("doStep"));
    m_doStep->setToolTip(QStringLiteral("Performs the current step in the inspector, or gives its answer"));
    m_reset->setObjectName(QStringLiteral("resetLesson"));
    m_reset->setToolTip(QStringLiteral("Start this lesson again from its first step"));

    auto *current = new QGroupBox(QStringLiteral("Now"), this);
    auto *currentLayout = new QVBoxLayout(current);
    currentLayout->addWidget(m_instruction);
    currentLayout->addWidget(m_hint);
    currentLayout->addWidget(m_answer);
    currentLayout->addWidget(m_choices);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_check);
    buttons->addStretch();
    buttons->addWidget(m_doStep);
    buttons->addWidget(m_reset);
    currentLayout->addLayout(buttons);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_lessonCombo);
    layout->addWidget(m_intro);
    layout->addWidget(m_steps, 1);
    layout->addWidget(current);
    layout->addWidget(m_feedback);

    connect(m_lessonCombo, &QComboBox::currentIndexChanged, this,
        [this](int index) { selectLesson(m_lessonCombo->itemData(index).toString()); });
    connect(m_answer, &QLineEdit::returnPressed, this, &LessonsPanel::checkAnswer);
    connect(m_check, &QPushButton::clicked, this, &LessonsPanel::checkAnswer);
    connect(m_doStep, &QPushButton::clicked, this, &LessonsPanel::doCurrentStep);
    connect(m_reset, &QPushButton::clicked, this, &LessonsPanel::reset);
    connect(m_choices, &QListWidget::itemSelectionChanged, this, [this] { m_check->setEnabled(!chosen().isEmpty()); });
    connect(m_choices, &QListWidget::itemDoubleClicked, this, &LessonsPanel::checkAnswer);

    if (!m_lessons.isEmpty())
        selectLesson(m_lessons.first().id);
}

void LessonsPanel::setDemoBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
    refreshCurrent();
}

void LessonsPanel::connectTo(ExchangePage *page)
{
    connect(this, &LessonsPanel::sendUrlRequested, page, [page](const QString &url) { page->sendUrl(url); });
    connect(this, &LessonsPanel::urlRequested, page->urlBar(), &UrlBar::setUrlText);
    connect(this, &LessonsPanel::revalidateRequested, page, [page] { page->revalidate(); });
    connect(this, &LessonsPanel::setHeaderRequested, page,
        [page](const QString &name, const QString &value) { setRequestHeader(page, name, value); });
    connect(page, &ExchangePage::cachedExchangeFinished, this, &LessonsPanel::observe);
    connect(page, &ExchangePage::busyChanged, this, [this](bool busy) {
        m_busy = busy;
        refreshCurrent();
    });
}

void LessonsPanel::setRequestHeader(ExchangePage *page, const QString &name, const QString &value)
{
    RequestHeadersModel *model = page->requestEditor()->headersEditor()->model();
    QList<HeaderRow> rows;
    bool set = false;
    for (const HeaderRow &row : model->rows()) {
        if (row.name.compare(name, Qt::CaseInsensitive) != 0) {
            rows.append(row);
        } else if (!value.isEmpty() && !set) {
            rows.append(HeaderRow { true, row.name, value });
            set = true;
        }
    }
    if (!value.isEmpty() && !set)
        rows.append(HeaderRow { true, name, value });
    model->setRows(rows);
}

QStringList LessonsPanel::lessonIds() const
{
    QStringList ids;
    for (const Lesson &lesson : m_lessons)
        ids.append(lesson.id);
    return ids;
}

QString LessonsPanel::currentLessonId() const
{
    return m_progress.lesson().id;
}

bool LessonsPanel::selectLesson(const QString &id)
{
    for (qsizetype i = 0; i < m_lessons.size(); ++i) {
        if (m_lessons.at(i).id != id)
            continue;
        if (id == currentLessonId())
            return true;
        m_progress = LessonProgress(m_lessons.at(i));
        const QSignalBlocker blocker(m_lessonCombo);
        m_lessonCombo->setCurrentIndex(int(i));
        m_feedback->clear();
        refresh();
        return true;
    }
    return false;
}

void LessonsPanel::observe(const CachedExchange &result, const TimelineEvent &event)
{
    takeVerdict(m_progress.observe(lessonObservation(result, event)));
}

void LessonsPanel::observeBrowserResult(const BrowserResult &result)
{
    takeVerdict(m_progress.observe(lessonObservation(result)));
}

void LessonsPanel::doCurrentStep()
{
    const LessonStep *step = m_progress.currentStep();
    if (!step)
        return;
    if (!step->isExchange()) {
        const QString solution = m_progress.solution();
        if (step->action == StepAction::Answer)
            m_answer->setText(solution);
        for (int row = 0; row < m_choices->count(); ++row)
            m_choices->item(row)->setSelected(m_choices->item(row)->text() == solution);
        takeVerdict(m_progress.answer(solution));
        return;
    }
    if (!m_baseUrl.isValid() || m_baseUrl.isEmpty()) {
        m_feedback->setText(QStringLiteral("The demo origin is not running, so there is no URL to send to."));
        return;
    }
    if (!step->headerName.isEmpty())
        Q_EMIT setHeaderRequested(QString::fromLatin1(step->headerName), QString::fromLatin1(step->headerValue));
    const QString url = demoUrl(step->path);
    if (step->action == StepAction::Send) {
        Q_EMIT sendUrlRequested(url);
    } else {
        Q_EMIT urlRequested(url);
        Q_EMIT revalidateRequested();
    }
}

void LessonsPanel::checkAnswer()
{
    const LessonStep *step = m_progress.currentStep();
    if (!step || step->isExchange())
        return;
    QString answer = m_answer->text();
    if (step->action == StepAction::Choose)
        answer = chosen();
    takeVerdict(m_progress.answer(answer));
}

void LessonsPanel::reset()
{
    m_progress.reset();
    m_feedback->clear();
    refresh();
}

void LessonsPanel::takeVerdict(const StepVerdict &verdict)
{
    switch (verdict.outcome) {
    case StepVerdict::Passed:
        m_feedback->setText(QStringLiteral("\u2714 Step %1 done. %2").arg(m_progress.currentIndex()).arg(verdict.text));
        m_answer->clear();
        refresh();
        break;
    case StepVerdict::NearMiss:
        m_feedback->setText(QStringLiteral("Not yet: %1").arg(verdict.text));
        break;
    case StepVerdict::Unrelated:
        if (!verdict.text.isEmpty())
            m_feedback->setText(verdict.text);
        break;
    }
    Q_EMIT progressChanged();
}

void LessonsPanel::refresh()
{
    const Lesson &lesson = m_progress.lesson();
    m_intro->setText(lesson.intro);
    refreshSteps();
    rebuildChoices(m_progress.currentStep());
    refreshCurrent();
}

void LessonsPanel::refreshSteps()
{
    m_steps->clear();
    const QList<LessonStep> &steps = m_progress.lesson().steps;
    for (int i = 0; i < steps.size(); ++i) {
        const LessonProgress::StepState state = m_progress.stateOf(i);
        const QString mark = state == LessonProgress::StepState::Done
            ? QStringLiteral("\u2714")
            : (state == LessonProgress::StepState::Current ? QStringLiteral("\u25b6") : QStringLiteral("\u25cb"));
        auto *item
            = new QListWidgetItem(QStringLiteral("%1  %2. %3").arg(mark).arg(i + 1).arg(steps.at(i).instruction));
        item->setData(Qt::UserRole, int(state));
        QFont font = m_steps->font();
        font.setBold(state == LessonProgress::StepState::Current);
        item->setFont(font);
        if (state == LessonProgress::StepState::ToDo)
            item->setForeground(m_steps->palette().color(QPalette::PlaceholderText));
        const QString explanation = m_progress.explanationOf(i);
        item->setToolTip(explanation.isEmpty() ? steps.at(i).hint : explanation);
        m_steps->addItem(item);
    }
}

void LessonsPanel::refreshCurrent()
{
    const LessonStep *step = m_progress.currentStep();
    if (!step) {
        m_instruction->setText(QStringLiteral("Lesson complete."));
        m_hint->setText(QStringLiteral("Every step is done. Pick another lesson, or Reset to do this one again."));
    } else {
        m_instruction->setText(QStringLiteral("%1 of %2: %3")
                                   .arg(m_progress.currentIndex() + 1)
                                   .arg(m_progress.stepCount())
                                   .arg(step->instruction));
        m_hint->setText(step->hint);
    }
    const bool answering = step && step->action == StepAction::Answer;
    const bool choosing = step && step->action == StepAction::Choose;
    m_answer->setVisible(answering);
    m_choices->setVisible(choosing);
    m_check->setVisible(answering || choosing);
    m_check->setEnabled(answering || !chosen().isEmpty());
    const bool needsOrigin = step && step->isExchange();
    m_doStep->setEnabled(step && !(needsOrigin && (m_busy || m_baseUrl.isEmpty())));
    m_doStep->setToolTip(needsOrigin
            ? QStringLiteral("%1 %2 in the inspector").arg(stepActionWord(step->action), demoUrl(step->path))
            : QStringLiteral("Gives the answer"));
}

void LessonsPanel::rebuildChoices(const LessonStep *step)
{
    m_choices->clear();
    if (step && step->action == StepAction::Choose)
        m_choices->addItems(step->choices);
    fitChoices();
}

void LessonsPanel::fitChoices()
{
    // As tall as its rows (wrapped at the current width), so the answers do not float in an empty box.
    int height = 2 * m_choices->frameWidth() + 4;
    for (int row = 0; row < m_choices->count(); ++row)
        height += qMax(m_choices->sizeHintForRow(row), m_choices->fontMetrics().height());
    m_choices->setFixedHeight(height);
}

void LessonsPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitChoices();
}

QString LessonsPanel::chosen() const
{
    const QList<QListWidgetItem *> selected = m_choices->selectedItems();
    return selected.isEmpty() ? QString() : selected.first()->text();
}

QString LessonsPanel::demoUrl(const QString &path) const
{
    if (m_baseUrl.isEmpty())
        return path;
    QString base = m_baseUrl.toString();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    return base + path;
}

} // namespace CacheScope
