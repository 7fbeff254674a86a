#include "referencebrowser.h"

#include "reference/reference.h"
#include "referencedetail.h"
#include "referencemodel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace CacheScope {

namespace {

// Beyond this many steps the oldest entries are forgotten.
constexpr qsizetype MaxHistory = 200;

QToolButton *toolButton(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setAutoRaise(true);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return button;
}

} // namespace

ReferenceBrowser::ReferenceBrowser(const Reference *reference, QWidget *parent)
    : QWidget(parent)
    , m_reference(reference)
    , m_model(new ReferenceModel(reference, this))
    , m_search(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_results(new QTreeView(this))
    , m_detail(new ReferenceDetail(reference, this))
    , m_back(new QAction(QStringLiteral("\u2190 Back"), this))
    , m_forward(new QAction(QStringLiteral("Forward \u2192"), this))
{
    setObjectName(QStringLiteral("referenceBrowser"));
    m_search->setObjectName(QStringLiteral("referenceSearch"));
    m_search->setPlaceholderText(QStringLiteral("Search: 304, 4xx, etag, max-age, \u201cnot modified\u201d\u2026"));
    m_search->setClearButtonEnabled(true);
    m_count->setObjectName(QStringLiteral("referenceCount"));
    m_count->setForegroundRole(QPalette::PlaceholderText);

    m_results->setObjectName(QStringLiteral("referenceResults"));
    m_results->setModel(m_model);
    m_results->setHeaderHidden(true);
    m_results->setUniformRowHeights(true);
    m_results->setSelectionMode(QAbstractItemView::SingleSelection);
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->expandAll();

    m_back->setObjectName(QStringLiteral("referenceBack"));
    m_back->setShortcuts({ QKeySequence::Back });
    m_back->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_forward->setObjectName(QStringLiteral("referenceForward"));
    m_forward->setShortcuts({ QKeySequence::Forward });
    m_forward->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_back);
    addAction(m_forward);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(4);
    leftLayout->addWidget(m_search);
    leftLayout->addWidget(m_count);
    leftLayout->addWidget(m_results, 1);

    auto *right = new QWidget(this);
    auto *nav = new QHBoxLayout;
    nav->setContentsMargins(0, 0, 0, 0);
    nav->addWidget(toolButton(m_back, right));
    nav->addWidget(toolButton(m_forward, right));
    nav->addStretch();
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->setSpacing(0);
    rightLayout->addLayout(nav);
    rightLayout->addWidget(m_detail, 1);

    auto *splitter = new QSplitter(this);
    splitter->setObjectName(QStringLiteral("referenceSplitter"));
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 360, 900 });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(splitter);

    m_search->installEventFilter(this);
    connect(m_search, &QLineEdit::textChanged, this, &ReferenceBrowser::setSearchText);
    connect(m_search, &QLineEdit::returnPressed, this, &ReferenceBrowser::openBestMatch);
    connect(
        m_results->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &current) {
            if (!m_selecting)
                openIndex(current);
        });
    connect(m_results, &QTreeView::activated, this, &ReferenceBrowser::openIndex);
    connect(m_results, &QTreeView::clicked, this, &ReferenceBrowser::openIndex);
    connect(m_detail, &ReferenceDetail::topicLinkActivated, this, [this](const QString &key) { showTopic(key); });
    connect(m_back, &QAction::triggered, this, &ReferenceBrowser::back);
    connect(m_forward, &QAction::triggered, this, &ReferenceBrowser::forward);
    setSearchText(QString());
    updateActions();
}

bool ReferenceBrowser::showTopic(const QString &text)
{
    const ReferenceTopic topic = ReferenceTopic::resolve(*m_reference, text);
    if (topic.isValid())
        return navigate(topic);
    const QString trimmed = text.trimmed();
    bool isNumber = false;
    trimmed.toLongLong(&isNumber);
    if (trimmed.isEmpty() || isNumber || trimmed.startsWith(QLatin1String("ref:"))) {
        // A number is a status code or nothing: searching for "999" in the texts would only confuse.
        bool fits = false;
        const int code = trimmed.toInt(&fits);
        if (!isNumber)
            m_detail->showMessage(QStringLiteral("Nothing in the reference is called \u201c%1\u201d.").arg(trimmed));
        else if (fits)
            m_detail->showMessage(m_reference->status(code).message);
        else
            m_detail->showMessage(
                QStringLiteral("%1 is not a valid HTTP status code: status codes run from 100 to 599").arg(trimmed));
        return false;
    }
    // Not a name: search for it, and open the best match if there is one.
    m_search->setText(trimmed);
    const QModelIndex best = m_model->firstEntry();
    if (!best.isValid()) {
        m_detail->showMessage(QStringLiteral("Nothing in the reference matches \u201c%1\u201d.").arg(trimmed));
        return false;
    }
    return navigate(m_model->topicAt(best));
}

bool ReferenceBrowser::navigate(const ReferenceTopic &topic)
{
    if (!topic.isValid())
        return false;
    if (m_position >= 0 && m_history.at(m_position) == topic) {
        selectInList(topic);
        return true;
    }
    // A new step drops whatever was ahead of the current one, as in a web browser.
    m_history.resize(m_position + 1);
    m_history.append(topic);
    if (m_history.size() > MaxHistory)
        m_history.removeFirst();
    showAt(m_history.size() - 1);
    return true;
}

ReferenceTopic ReferenceBrowser::currentTopic() const
{
    return m_position >= 0 ? m_history.at(m_position) : ReferenceTopic();
}

void ReferenceBrowser::setSearchText(const QString &text)
{
    if (m_search->text() != text) {
        m_search->setText(text); // comes back here through textChanged
        return;
    }
    m_selecting = true;
    m_model->setQuery(text);
    m_results->expandAll();
    m_selecting = false;
    const int entries = m_model->entryCount();
    if (text.trimmed().isEmpty())
        m_count->setText(QStringLiteral("%1 entries").arg(entries));
    else if (entries == 0)
        m_count->setText(QStringLiteral("No match. Try a code (304), a name (etag) or other words."));
    else
        m_count->setText(QStringLiteral("%1 %2 \u00b7 Enter opens the best")
                             .arg(entries)
                             .arg(entries == 1 ? QStringLiteral("match") : QStringLiteral("matches")));
    selectInList(currentTopic());
}

bool ReferenceBrowser::eventFilter(QObject *watched, QEvent *event)
{
    // Down from the search field walks on into the results, as in a browser's address bar.
    if (watched == m_search && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Down && m_model->entryCount() > 0) {
        m_results->setFocus(Qt::TabFocusReason);
        if (!m_results->selectionModel()->hasSelection())
            m_results->setCurrentIndex(m_model->firstEntry());
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void ReferenceBrowser::back()
{
    if (m_position > 0)
        showAt(m_position - 1);
}

void ReferenceBrowser::forward()
{
    if (m_position + 1 < m_history.size())
        showAt(m_position + 1);
}

void ReferenceBrowser::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void ReferenceBrowser::openIndex(const QModelIndex &index)
{
    const ReferenceTopic topic = m_model->topicAt(index);
    if (topic.isValid())
        navigate(topic);
}

void ReferenceBrowser::openBestMatch()
{
    // An exact name or a code (also one without an entry, such as 299) beats the ranked list.
    const ReferenceTopic exact = ReferenceTopic::resolve(*m_reference, m_search->text());
    if (exact.isValid()) {
        navigate(exact);
        return;
    }
    const QModelIndex best = m_model->firstEntry();
    if (best.isValid())
        navigate(m_model->topicAt(best));
}

void ReferenceBrowser::showAt(qsizetype position)
{
    m_position = position;
    const ReferenceTopic topic = m_history.at(position);
    m_detail->showTopic(topic);
    selectInList(topic);
    updateActions();
    Q_EMIT topicChanged(topic);
}

void ReferenceBrowser::updateActions()
{
    m_back->setEnabled(m_position > 0);
    m_forward->setEnabled(m_position + 1 < m_history.size());
}

void ReferenceBrowser::selectInList(const ReferenceTopic &topic)
{
    // Following the detail view in the list must not open anything again.
    m_selecting = true;
    const QModelIndex index = m_model->indexOf(topic);
    if (index.isValid()) {
        m_results->setCurrentIndex(index);
        m_results->scrollTo(index);
    } else {
        m_results->clearSelection();
    }
    m_selecting = false;
}

} // namespace CacheScope
