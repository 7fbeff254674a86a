#pragma once

#include <QDockWidget>
#include <QUrl>

class QMenu;
class QTabWidget;
class QTreeView;

namespace CacheScope {

class HistoryModel;
class WatchListModel;

// The dock on the left: "Watched" (the watch list with its live state) and "History" (requests sent from the
// window). It shows the models and turns clicks and context-menu choices into signals; the window acts on them.
class Sidebar : public QDockWidget
{
    Q_OBJECT
public:
    Sidebar(WatchListModel *watched, HistoryModel *history, QWidget *parent = nullptr);

    QTreeView *watchedView() const { return m_watchedView; }
    QTreeView *historyView() const { return m_historyView; }
    QTabWidget *tabs() const { return m_tabs; }
    void showWatched();
    void showHistory();
    // History rows selected (several with Ctrl/Shift), in model order: newest first.
    QList<int> selectedHistoryRows() const;

    // The context menu of a watched row (built on demand; for tests).
    QMenu *watchedMenu(int row, QWidget *parent);
    // The History's context menu for a row (-1: below the rows): open, export the selection as HAR, clear.
    QMenu *historyMenu(int row, QWidget *parent);

Q_SIGNALS:
    void watchedActivated(qint64 id, const QUrl &url);
    void pauseRequested(qint64 id, bool paused);
    void revalidateNowRequested(qint64 id);
    void removeRequested(qint64 id);
    void historyActivated(int row);
    void clearHistoryRequested();

private:
    QTreeView *makeView(const QString &name);
    WatchListModel *m_watched;
    HistoryModel *m_history;
    QTabWidget *m_tabs;
    QTreeView *m_watchedView;
    QTreeView *m_historyView;
};

} // namespace CacheScope
