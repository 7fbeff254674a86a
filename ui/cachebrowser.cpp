#include "cachebrowser.h"

#include "cache/validatorstore.h"
#include "cacheentriesmodel.h"
#include "client/storereader.h"
#include "formatting.h"

#include <algorithm>
#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSet>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace CacheScope {

namespace {

// A read answered within this shows no loading state: a flash of "Loading…" after every exchange would be noise.
constexpr int LoadingDelayMs = 250;

} // namespace

CacheBrowserPage::CacheBrowserPage(ValidatorStore *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_model(new CacheEntriesModel(this))
    , m_filter(new CacheEntriesFilter(this))
    , m_filterEdit(new QLineEdit(this))
    , m_table(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_open(new QPushButton(QStringLiteral("Open"), this))
    , m_revalidate(new QPushButton(QStringLiteral("Revalidate"), this))
    , m_delete(new QPushButton(QStringLiteral("Delete"), this))
    , m_clear(new QPushButton(QStringLiteral("Clear all\u2026"), this))
    , m_refresh(new QPushButton(QStringLiteral("Refresh"), this))
    , m_freshnessTimer(new QTimer(this))
    , m_loadingDelay(new QTimer(this))
{
    m_filterEdit->setPlaceholderText(QStringLiteral("Filter by URL, ETag, status, freshness\u2026"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filter->setSourceModel(m_model);
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(CacheEntriesModel::UrlColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(CacheEntriesModel::UrlColumn, QHeaderView::Stretch);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_open->setToolTip(QStringLiteral("Show the URL on the request page (Enter)"));
    m_revalidate->setToolTip(QStringLiteral("Send a conditional GET with the stored validators"));
    m_delete->setToolTip(QStringLiteral("Remove the selected entries from the store (Delete)"));
    m_clear->setToolTip(QStringLiteral("Remove every stored entry"));
    // The same actions on the table's context menu and keys, each going through its button.
    auto addAction = [this](QPushButton *button, const QKeySequence &shortcut) {
        auto *action = new QAction(button->text(), m_table);
        action->setShortcut(shortcut);
        action->setShortcutContext(Qt::WidgetShortcut);
        connect(action, &QAction::triggered, button, &QPushButton::click);
        m_table->addAction(action);
    };
    addAction(m_open, {});
    addAction(m_revalidate, QKeySequence(Qt::CTRL | Qt::Key_R));
    addAction(m_delete, QKeySequence::Delete);

    auto *top = new QHBoxLayout;
    top->addWidget(m_filterEdit, 1);
    top->addWidget(m_refresh);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_summary, 1);
    actions->addWidget(m_open);
    actions->addWidget(m_revalidate);
    actions->addWidget(m_delete);
    actions->addWidget(m_clear);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    layout->addLayout(actions);

    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setText(text);
        updateSummary();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &CacheBrowserPage::updateActions);
    connect(m_table, &QTableView::activated, this, [this] { emitForSelection(&CacheBrowserPage::openRequested); });
    connect(m_open, &QPushButton::clicked, this, [this] { emitForSelection(&CacheBrowserPage::openRequested); });
    connect(m_revalidate, &QPushButton::clicked, this,
        [this] { emitForSelection(&CacheBrowserPage::revalidateRequested); });
    connect(m_delete, &QPushButton::clicked, this, [this] { deleteSelected(); });
    connect(m_clear, &QPushButton::clicked, this, [this] { clearAll(); });
    connect(m_refresh, &QPushButton::clicked, this, &CacheBrowserPage::refresh);
    // "fresh for 5 min" is only true for a moment: recompute it while the page is visible.
    m_freshnessTimer->setInterval(15000);
    connect(m_freshnessTimer, &QTimer::timeout, m_model, &CacheEntriesModel::updateFreshness);
    m_freshnessTimer->start();

    m_confirm = [this](const QString &question) {
        return QMessageBox::question(this, QStringLiteral("Clear the store"), question,
                   QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
            == QMessageBox::Yes;
    };
    if (m_store && m_store->isOpen()) {
        m_reader = new StoreReader(m_store->databasePath(), this);
        connect(m_reader, &StoreReader::entriesRead, this, &CacheBrowserPage::applyAnswer);
    }
    m_loadingDelay->setSingleShot(true);
    m_loadingDelay->setInterval(LoadingDelayMs);
    connect(m_loadingDelay, &QTimer::timeout, this, [this] { setLoadingShown(true); });
    refresh();
}

void CacheBrowserPage::setConfirmation(std::function<bool(const QString &)> confirm)
{
    if (confirm)
        m_confirm = std::move(confirm);
}

void CacheBrowserPage::setClock(std::function<QDateTime()> clock)
{
    m_model->setClock(std::move(clock));
    resizeColumns();
}

void CacheBrowserPage::setFilterText(const QString &text)
{
    m_filterEdit->setText(text);
}

void CacheBrowserPage::refresh()
{
    if (!m_reader) {
        m_pendingRequest = 0;
        m_error = QStringLiteral("No validator store is open");
        setEntries({});
        Q_EMIT loaded();
        return;
    }
    m_pendingRequest = m_reader->readEntries();
    if (!m_loadingShown && !m_loadingDelay->isActive())
        m_loadingDelay->start();
}

void CacheBrowserPage::applyAnswer(const StoreEntriesAnswer &answer)
{
    if (answer.request != m_pendingRequest)
        return;
    m_pendingRequest = 0;
    m_loadingDelay->stop();
    m_loadingShown = false;
    m_error = answer.error;
    setEntries(answer.entries);
    Q_EMIT loaded();
}

// Replaces the rows, keeping the selection (by entry id), the current row and the scroll position; the
// proxy keeps the sort order and the filter by itself.
void CacheBrowserPage::setEntries(const QList<CacheEntrySummary> &entries)
{
    QSet<qint64> selected;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        selected.insert(index.data(CacheEntriesModel::EntryIdRole).toLongLong());
    const qint64 current = m_table->currentIndex().data(CacheEntriesModel::EntryIdRole).toLongLong();
    const int scroll = m_table->verticalScrollBar()->value();
    const bool first = m_model->rowCount() == 0;
    m_model->setEntries(entries);
    QItemSelection selection;
    QModelIndex currentIndex;
    for (int row = 0; row < m_filter->rowCount(); ++row) {
        const QModelIndex index = m_filter->index(row, 0);
        const qint64 id = index.data(CacheEntriesModel::EntryIdRole).toLongLong();
        if (selected.contains(id))
            selection.select(index, index);
        if (current != 0 && id == current)
            currentIndex = index;
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    if (currentIndex.isValid())
        m_table->selectionModel()->setCurrentIndex(currentIndex, QItemSelectionModel::NoUpdate);
    m_table->verticalScrollBar()->setValue(scroll);
    // Widths the user set stay; the columns fit their contents when rows first appear.
    if (first)
        resizeColumns();
    updateSummary();
    updateActions();
}

void CacheBrowserPage::setLoadingShown(bool shown)
{
    m_loadingShown = shown;
    updateSummary();
}

QList<QUrl> CacheBrowserPage::selectedUrls() const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QList<QUrl> urls;
    for (const QModelIndex &index : rows) {
        const QUrl url = index.data(CacheEntriesModel::UrlRole).toUrl();
        if (!urls.contains(url))
            urls << url;
    }
    return urls;
}

void CacheBrowserPage::emitForSelection(void (CacheBrowserPage::*signal)(const QUrl &))
{
    for (const QUrl &url : selectedUrls())
        Q_EMIT(this->*signal)(url);
}

bool CacheBrowserPage::deleteSelected()
{
    if (!m_store)
        return false;
    QList<qint64> ids;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        ids << index.data(CacheEntriesModel::EntryIdRole).toLongLong();
    bool ok = true;
    m_writeError.clear();
    QSet<qint64> removed;
    for (qint64 id : std::as_const(ids)) {
        if (m_store->remove(id)) {
            removed.insert(id);
        } else {
            ok = false;
            m_writeError = m_store->errorString();
        }
    }
    // The rows go at once; the read that follows brings anything else that changed.
    QList<CacheEntrySummary> kept;
    for (const CacheEntrySummary &entry : m_model->entries()) {
        if (!removed.contains(entry.id))
            kept.append(entry);
    }
    setEntries(kept);
    refresh();
    if (!ids.isEmpty())
        Q_EMIT storeChanged();
    return ok;
}

bool CacheBrowserPage::clearAll()
{
    if (!m_store || m_model->rowCount() == 0)
        return false;
    // The size the summary shows, not a sum over the store on the UI thread.
    qint64 bytes = 0;
    for (const CacheEntrySummary &entry : m_model->entries())
        bytes += entry.bodySize;
    const QString question = QStringLiteral("Remove all %1 stored responses (%2)? Their validators are lost: the "
                                            "next request for each URL is a full download.")
                                 .arg(m_model->rowCount())
                                 .arg(Display::bytes(bytes));
    if (!m_confirm(question))
        return false;
    // Not shrunk: VACUUM copies the whole file (the timeline too) and would hold the UI thread.
    const bool ok = m_store->clear(ValidatorStore::ShrinkFile::No) >= 0;
    m_writeError = m_store->errorString();
    if (ok)
        setEntries({});
    refresh();
    Q_EMIT storeChanged();
    return ok;
}

void CacheBrowserPage::resizeColumns()
{
    // Long validators (hashes) would squeeze the URL column, which stretches: cap them, the tooltip has all.
    const int cap = m_table->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 28;
    for (int column = CacheEntriesModel::StatusColumn; column < CacheEntriesModel::ColumnCount; ++column) {
        m_table->resizeColumnToContents(column);
        if (column == CacheEntriesModel::EtagColumn)
            m_table->setColumnWidth(column, std::min(m_table->columnWidth(column), cap));
    }
}

void CacheBrowserPage::updateActions()
{
    const bool any = m_table->selectionModel()->hasSelection();
    m_open->setEnabled(any);
    m_revalidate->setEnabled(any);
    m_delete->setEnabled(any);
    m_clear->setEnabled(m_model->rowCount() > 0);
}

void CacheBrowserPage::updateSummary()
{
    qint64 bytes = 0;
    for (const CacheEntrySummary &entry : m_model->entries())
        bytes += entry.bodySize;
    const int total = m_model->rowCount();
    QString text = total == 1 ? QStringLiteral("1 entry") : QStringLiteral("%1 entries").arg(total);
    if (m_filter->rowCount() != total)
        text = QStringLiteral("%1 of %2").arg(m_filter->rowCount()).arg(text);
    text += QStringLiteral(" \u00b7 %1 stored").arg(Display::bytes(bytes));
    if (m_loadingShown)
        text = total == 0 ? QStringLiteral("Loading the stored responses\u2026")
                          : text + QStringLiteral(" \u00b7 loading\u2026");
    if (const QString error = errorString(); !error.isEmpty())
        text += QStringLiteral(" \u00b7 %1").arg(error);
    m_summary->setText(text);
}

QString CacheBrowserPage::summaryText() const
{
    return m_summary->text();
}

} // namespace CacheScope
