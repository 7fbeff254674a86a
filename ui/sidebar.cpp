#include "sidebar.h"

#include "historymodel.h"
#include "watchlistmodel.h"

#include <algorithm>
#include <QGuiApplication>
#include <QHeaderView>
#include <QMenu>
#include <QTabWidget>
#include <QTreeView>

namespace CacheScope {

Sidebar::Sidebar(WatchListModel *watched, HistoryModel *history, QWidget *parent)
    : QDockWidget(QStringLiteral("Sidebar"), parent)
    , m_watched(watched)
    , m_history(history)
    , m_tabs(new QTabWidget(this))
    , m_watchedView(makeView(QStringLiteral("watchedView")))
    , m_historyView(makeView(QStringLiteral("historyView")))
{
    setObjectName(QStringLiteral("sidebar"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetFloatable);
    m_tabs->setObjectName(QStringLiteral("sidebarTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_watchedView, QStringLiteral("Watched"));
    m_tabs->addTab(m_historyView, QStringLiteral("History"));
    setWidget(m_tabs);

    m_watchedView->setModel(watched);
    m_watchedView->header()->setSectionResizeMode(WatchListModel::UrlColumn, QHeaderView::Stretch);
    for (int column = WatchListModel::StatusColumn; column < WatchListModel::ColumnCount; ++column)
        m_watchedView->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_watchedView->header()->setStretchLastSection(false);
    m_historyView->setModel(history);
    // Several rows at once for File > Export HAR… (selected rows).
    m_historyView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_historyView->header()->setStretchLastSection(true);
    for (int column = HistoryModel::TimeColumn; column < HistoryModel::UrlColumn; ++column)
        m_historyView->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);

    connect(m_watchedView, &QTreeView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT watchedActivated(
            index.data(WatchListModel::IdRole).toLongLong(), index.data(WatchListModel::UrlRole).toUrl());
    });
    connect(m_historyView, &QTreeView::activated, this,
        [this](const QModelIndex &index) { Q_EMIT historyActivated(index.row()); });
    connect(m_historyView, &QTreeView::clicked, this, [this](const QModelIndex &index) {
        // Ctrl/Shift+click extends the selection; it does not open the row.
        if (!(QGuiApplication::keyboardModifiers() & (Qt::ControlModifier | Qt::ShiftModifier)))
            Q_EMIT historyActivated(index.row());
    });

    m_watchedView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_watchedView, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = m_watchedView->indexAt(pos);
        if (!index.isValid())
            return;
        QMenu *menu = watchedMenu(index.row(), this);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_watchedView->viewport()->mapToGlobal(pos));
    });
    m_historyView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_historyView, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu *menu = historyMenu(m_historyView->indexAt(pos).row(), this);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_historyView->viewport()->mapToGlobal(pos));
    });
}

QTreeView *Sidebar::makeView(const QString &name)
{
    auto *view = new QTreeView(this);
    view->setObjectName(name);
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true);
    view->setAlternatingRowColors(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    return view;
}

void Sidebar::showWatched()
{
    m_tabs->setCurrentWidget(m_watchedView);
}

void Sidebar::showHistory()
{
    m_tabs->setCurrentWidget(m_historyView);
}

QList<int> Sidebar::selectedHistoryRows() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_historyView->selectionModel()->selectedRows())
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

QMenu *Sidebar::historyMenu(int row, QWidget *parent)
{
    auto *menu = new QMenu(parent);
    if (row >= 0 && row < m_history->rowCount()) {
        QAction *open = menu->addAction(
            QStringLiteral("&Open in the composer"), this, [this, row] { Q_EMIT historyActivated(row); });
        open->setObjectName(QStringLiteral("openHistory"));
        menu->addSeparator();
    }
    // File > Export HAR… on the selected rows (the window's action, when it has one).
    QAction *exportHar = window() ? window()->findChild<QAction *>(QStringLiteral("exportHar")) : nullptr;
    if (exportHar && !selectedHistoryRows().isEmpty()) {
        QAction *exportSelected = menu->addAction(QStringLiteral("Export Selected as &HAR\u2026"), this, [exportHar] {
            exportHar->setData(QStringLiteral("selectedHistory"));
            exportHar->trigger();
        });
        exportSelected->setObjectName(QStringLiteral("exportSelectedHistory"));
        menu->addSeparator();
    }
    menu->addAction(QStringLiteral("&Clear history"), this, &Sidebar::clearHistoryRequested);
    return menu;
}

QMenu *Sidebar::watchedMenu(int row, QWidget *parent)
{
    auto *menu = new QMenu(parent);
    if (row < 0 || row >= m_watched->rowCount())
        return menu;
    const WatchListModel::Row &item = m_watched->row(row);
    const qint64 id = item.id;
    const QUrl url = item.url;
    QAction *open = menu->addAction(
        QStringLiteral("&Open in the composer"), this, [this, id, url] { Q_EMIT watchedActivated(id, url); });
    open->setObjectName(QStringLiteral("openWatched"));
    QAction *now
        = menu->addAction(QStringLiteral("&Revalidate now"), this, [this, id] { Q_EMIT revalidateNowRequested(id); });
    now->setObjectName(QStringLiteral("revalidateWatched"));
    const bool paused = item.paused;
    QAction *pause = menu->addAction(paused ? QStringLiteral("Re&sume") : QStringLiteral("&Pause"), this,
        [this, id, paused] { Q_EMIT pauseRequested(id, !paused); });
    pause->setObjectName(QStringLiteral("pauseWatched"));
    menu->addSeparator();
    QAction *remove = menu->addAction(QStringLiteral("Re&move"), this, [this, id] { Q_EMIT removeRequested(id); });
    remove->setObjectName(QStringLiteral("removeWatched"));
    return menu;
}

} // namespace CacheScope
