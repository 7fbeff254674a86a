#pragma once

#include <functional>
#include <memory>
#include <QObject>
#include <QStringList>

class QAction;
class QWidget;

namespace CacheScope {

struct WatchRequest;
class Revalidator;
class TimelineStore;
class WatchListModel;
class WatchSession;

// Watching, for the window: owns the WatchSession on the window's revalidator and timeline, keeps the sidebar's
// watch list in step with it, runs the watch dialog and the pause / resume / remove commands, and enables
// the Request menu's watch actions. The window only puts the actions in its menu and connects the sidebar.
class WatchController : public QObject
{
    Q_OBJECT
public:
    // `list` is the sidebar's model; `window` parents the actions and the dialogs. `currentUrl` gives the URL the
    // dialog starts with (the composer's).
    WatchController(WatchListModel *list, QWidget *window, std::function<QString()> currentUrl);
    ~WatchController() override;

    // Watching runs on these from now on; both must outlive the controller or the next call. Null: watching is off
    // (the actions are disabled). Any previous session is dropped and the list cleared. Items kept in the
    // timeline come back paused, after the first paint. The new session is started.
    void setServices(Revalidator *revalidator, TimelineStore *timeline);
    WatchSession *session() const { return m_session.get(); }

    QAction *watchAction() const { return m_watchAction; }
    QAction *pauseAllAction() const { return m_pauseAllAction; }
    QAction *resumeAllAction() const { return m_resumeAllAction; }

    // Starts watching each URL of the request; returns how many were added and the refusals ("URL: why").
    int watchUrls(const WatchRequest &request, QStringList *errors = nullptr);
    // The dialog on the current URL; what it asks for is watched, refusals are shown.
    void openDialog();
    void setAllPaused(bool paused);
    void setPaused(qint64 id, bool paused);
    void revalidateNow(qint64 id);
    // Stops watching and forgets the stored watched item.
    void remove(qint64 id);

Q_SIGNALS:
    // For the status bar (timeout 0: until replaced).
    void statusMessage(const QString &message, int timeoutMs);
    // URLs were added to the list: the sidebar shows its watch list.
    void itemsAdded();

private:
    void restoreWatchedItems();
    void updateActions();

    WatchListModel *m_list;
    QWidget *m_window;
    std::function<QString()> m_currentUrl;
    TimelineStore *m_timeline = nullptr;
    std::unique_ptr<WatchSession> m_session;
    QAction *m_watchAction;
    QAction *m_pauseAllAction;
    QAction *m_resumeAllAction;
};

} // namespace CacheScope
