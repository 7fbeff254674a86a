#pragma once

#include <functional>
#include <memory>
#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>

class QAction;
class QWidget;

namespace CacheScope {

struct WatchRequest;
class Revalidator;
class StoreReader;
struct StoreSummariesAnswer;
class TimelineStore;
class WatchListModel;
class WatchSession;

// Watching, for the window: owns the WatchSession on the window's revalidator and timeline, keeps the sidebar's
// watch list in step with it, runs the watch dialog and the pause / resume / remove commands, and enables
// the Request menu's watch actions. The window only puts the actions in its menu and connects the sidebar.
// The watched URLs' stored totals are read off the UI thread (a StoreReader on the timeline's file): rows
// show an ellipsis until they arrive.
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
    // The reader of the watched URLs' stored totals (for tests); null without services or a store file.
    StoreReader *reader() const { return m_reader.get(); }

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
    // Lists the items, with their stored totals read on the reader's thread (or here, without a store file).
    void listItems(const QList<std::pair<qint64, QUrl>> &items);
    void applySummaries(const StoreSummariesAnswer &answer);

    WatchListModel *m_list;
    QWidget *m_window;
    std::function<QString()> m_currentUrl;
    TimelineStore *m_timeline = nullptr;
    std::unique_ptr<WatchSession> m_session;
    std::unique_ptr<StoreReader> m_reader;
    QHash<quint64, QList<qint64>> m_summaryRequests; // request id -> the item ids, in the order of its URLs
    QAction *m_watchAction;
    QAction *m_pauseAllAction;
    QAction *m_resumeAllAction;
};

} // namespace CacheScope
