#pragma once

#include <memory>
#include <QMainWindow>
#include <QPointer>

class QDockWidget;
class QLabel;
class QMenu;
class QSettings;
class QTabWidget;

namespace CacheScope {

struct CachedExchange;
struct TimelineEvent;
struct WatchRequest;
class ExchangePage;
class HistoryModel;
class HttpClient;
class LessonsPanel;
class Reference;
class ReferenceBrowser;
class Revalidator;
class Sidebar;
class BrowserCache;
class CacheBrowserPage;
class TimelinePage;
class TimelineStore;
class ValidatorStore;
class WatchController;
class WatchListModel;
class WatchSession;

// A switchboard: it creates the pages and docks, puts their actions in menus, remembers the window's
// geometry and views, and connects the validator store's services (revalidator, timeline, watching through
// WatchController) to the pages that show them. What a page does lives in the page.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `client` sends the requests; `settings` (may be null) keeps the window state, the last request and the
    // history. `reference` (may be null: then the window keeps its own, of the built-in data) feeds the
    // reference page.
    MainWindow(
        HttpClient *client, QSettings *settings, QWidget *parent = nullptr, const Reference *reference = nullptr);
    ~MainWindow() override;

    // Sends through the validator store from now on: conditional headers, stored responses, the timeline and
    // watching. `store` must be open and outlive the window; without one the window sends plain requests and
    // Watch is disabled. Watched items kept in the store come back paused.
    void setValidatorStore(ValidatorStore *store);
    ValidatorStore *validatorStore() const { return m_store; }
    Revalidator *revalidator() const { return m_revalidator.get(); }
    TimelineStore *timelineStore() const { return m_timeline.get(); }
    WatchSession *watchSession() const;

    ExchangePage *exchangePage() const { return m_exchangePage; }
    // The guided lessons (a dock, hidden until Help > Lessons or View > Lessons).
    LessonsPanel *lessonsPanel() const { return m_lessonsPanel; }
    Sidebar *sidebar() const { return m_sidebar; }
    WatchListModel *watchListModel() const { return m_watchList; }
    HistoryModel *historyModel() const { return m_history; }

    // Pages share the central area (its tab bar shows once there is more than one); docks go around it
    // and get a toggle in the View menu.
    int addPage(QWidget *page, const QString &title);
    void addDock(QDockWidget *dock, Qt::DockWidgetArea area);

    void saveSettings();

    // The Timeline and Cache views; created (and added as pages) on first use, null without a store.
    TimelinePage *timelinePage();
    CacheBrowserPage *cacheBrowser();

    // Views by name: "request", "timeline", "cache", "diagnostics", "reference".
    bool showView(const QString &name);
    QStringList viewNames() const;
    QString currentViewName() const;

    // Starts watching each URL of the request in the window's session; returns how many were added and
    // the refusals ("URL: why") in `errors`.
    int watchUrls(const WatchRequest &request, QStringList *errors = nullptr);

    const Reference *reference() const { return m_reference; }
    // The reference page; created (and added as a page) on first use.
    ReferenceBrowser *referenceBrowser();
    bool hasReferenceBrowser() const { return m_referenceBrowser != nullptr; }
    QAction *openReferenceAction() const { return m_openReferenceAction; }
    QAction *explainAction() const { return m_explainAction; }
    QAction *watchAction() const;
    QAction *pauseAllAction() const;
    QAction *resumeAllAction() const;
    // Watching (session, dialog, pause/resume/remove, the watch actions).
    WatchController *watchController() const { return m_watch; }

public Q_SLOTS:
    // Shows the reference page on `topic`: a code ("304"), a header or directive name, a topic key or words
    // to search for. Returns false when the reference has nothing for it.
    bool showReference(const QString &topic);
    // For diagnosis notes: the entry a note code links to (see referenceTopicForNote()), else the page itself.
    bool showReferenceForNote(const QString &noteCode);
    // Help > HTTP reference: the page with the cursor in its search field.
    void openReference();
    // F1: the entry for what has the focus (a response or request header row, else the response's status
    // code), or the page when nothing focused has one.
    void explainFocused();
    // Request > Watch…: the dialog, on the current URL.
    void openWatchDialog();
    void setAllWatchesPaused(bool paused);
    // Loads a history row into the composer and shows its facts.
    void openHistoryEntry(int row);

Q_SIGNALS:
    // An exchange sent from the window, after it was recorded in the timeline (event.id set when stored).
    void exchangeRecorded(const CacheScope::TimelineEvent &event);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QDockWidget *createLessonsDock();
    void createMenus();
    void createSidebar();
    void restoreSettings();
    void restoreViews();
    void recordExchange(const CachedExchange &result, const TimelineEvent &event);
    void refreshViews(const QUrl &url);
    void deleteStorePages();

    HttpClient *m_client;
    QSettings *m_settings;
    QTabWidget *m_pages;
    ExchangePage *m_exchangePage;
    LessonsPanel *m_lessonsPanel = nullptr;
    QMenu *m_viewMenu = nullptr;
    QLabel *m_busyLabel;
    std::unique_ptr<Reference> m_ownReference;
    const Reference *m_reference;
    ReferenceBrowser *m_referenceBrowser = nullptr;
    QAction *m_openReferenceAction = nullptr;
    QAction *m_explainAction = nullptr;

    ValidatorStore *m_store = nullptr;
    std::unique_ptr<Revalidator> m_revalidator;
    std::unique_ptr<BrowserCache> m_browserCache;
    std::unique_ptr<TimelineStore> m_timeline;
    WatchListModel *m_watchList;
    HistoryModel *m_history;
    WatchController *m_watch;
    Sidebar *m_sidebar = nullptr;
    TimelinePage *m_timelinePage = nullptr;
    CacheBrowserPage *m_cacheBrowser = nullptr;
};

} // namespace CacheScope
