#include "mainwindow.h"

#include "browser/browsercache.h"
#include "cache/validatorstore.h"
#include "cachebrowser.h"
#include "client/revalidator.h"
#include "client/timelinestore.h"
#include "diagnostics/diagnosis.h"
#include "clientactions.h"
#include "exchangepage.h"
#include "focustopic.h"
#include "historymodel.h"
#include "interopactions.h"
#include "lessonspanel.h"
#include "reference/reference.h"
#include "referencebrowser.h"
#include "responseview.h"
#include "sidebar.h"
#include "storefacts.h"
#include "timelinepage.h"
#include "urlbar.h"
#include "watchcontroller.h"
#include "watchlistmodel.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

namespace CacheScope {

MainWindow::MainWindow(HttpClient *client, QSettings *settings, QWidget *parent, const Reference *reference)
    : QMainWindow(parent)
    , m_client(client)
    , m_settings(settings)
    , m_pages(new QTabWidget(this))
    , m_exchangePage(new ExchangePage(client, m_pages))
    , m_busyLabel(new QLabel(this))
    // The data loads on first use, so owning it costs nothing until the reference is opened.
    , m_ownReference(reference ? nullptr : std::make_unique<Reference>())
    , m_reference(reference ? reference : m_ownReference.get())
    , m_watchList(new WatchListModel(this))
    , m_history(new HistoryModel(this))
    , m_watch(new WatchController(m_watchList, this, [this] {
        QString error;
        const Request request = m_exchangePage->composeRequest(&error);
        return error.isEmpty() || request.url.isValid() ? request.url.toString() : QString();
    }))
{
    setWindowTitle(QStringLiteral("CacheScope"));
    setObjectName(QStringLiteral("mainWindow"));
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->setDocumentMode(true);
    m_pages->setTabBarAutoHide(true);
    setCentralWidget(m_pages);
    addPage(m_exchangePage, QStringLiteral("Request"));

    statusBar()->addPermanentWidget(m_busyLabel);
    connect(m_exchangePage, &ExchangePage::statusMessage, this,
        [this](const QString &message) { statusBar()->showMessage(message); });
    connect(m_exchangePage, &ExchangePage::busyChanged, this,
        [this](bool busy) { m_busyLabel->setText(busy ? QStringLiteral("Request running") : QString()); });
    // The last request is kept as soon as it is sent, not only on a clean exit.
    connect(m_exchangePage, &ExchangePage::exchangeStarted, this, [this] {
        if (m_settings)
            m_exchangePage->saveState(*m_settings);
    });
    connect(m_exchangePage, &ExchangePage::cachedExchangeFinished, this, &MainWindow::recordExchange);

    m_exchangePage->responseView()->setReference(m_reference);
    connect(m_exchangePage->responseView(), &ResponseView::referenceRequested, this, &MainWindow::showReference);

    createMenus();
    createSidebar();
    restoreSettings();
}

MainWindow::~MainWindow()
{
    // The session and the page's job use the revalidator and the timeline: they go first. The reference
    // page points into the reference this window may own: it goes before it.
    m_watch->setServices(nullptr, nullptr);
    deleteStorePages();
    delete m_exchangePage;
    delete m_referenceBrowser;
}

void MainWindow::deleteStorePages()
{
    // They read the store and the timeline this window is about to drop.
    delete m_timelinePage;
    m_timelinePage = nullptr;
    delete m_cacheBrowser;
    m_cacheBrowser = nullptr;
}

TimelinePage *MainWindow::timelinePage()
{
    if (!m_timelinePage && m_timeline) {
        m_timelinePage = new TimelinePage(m_timeline.get(), m_pages);
        m_timelinePage->setObjectName(QStringLiteral("timelinePage"));
        addPage(m_timelinePage, QStringLiteral("Timeline"));
        // A bar or row opens that exchange's facts in the composer.
        connect(m_timelinePage, &TimelinePage::eventActivated, this, [this](const TimelineEvent &event) {
            HistoryEntry entry;
            entry.method
                = event.requestMethod.isEmpty() ? QStringLiteral("GET") : QString::fromLatin1(event.requestMethod);
            entry.url = event.url;
            entry.event = event;
            m_exchangePage->loadRequest(entry.method, event.url.toString());
            m_exchangePage->showStoreFacts(HistoryModel::facts(entry));
            showView(QStringLiteral("request"));
        });
        QString error;
        const Request current = m_exchangePage->composeRequest(&error);
        m_timelinePage->showUrl(m_history->rowCount() > 0 ? m_history->entry(0).url : current.url);
    }
    return m_timelinePage;
}

CacheBrowserPage *MainWindow::cacheBrowser()
{
    if (!m_cacheBrowser && m_store) {
        m_cacheBrowser = new CacheBrowserPage(m_store, m_pages);
        m_cacheBrowser->setObjectName(QStringLiteral("cacheBrowser"));
        addPage(m_cacheBrowser, QStringLiteral("Cache"));
        connect(m_cacheBrowser, &CacheBrowserPage::openRequested, this, [this](const QUrl &url) {
            m_exchangePage->loadRequest(QStringLiteral("GET"), url.toString());
            showView(QStringLiteral("request"));
        });
        connect(m_cacheBrowser, &CacheBrowserPage::revalidateRequested, this, [this](const QUrl &url) {
            m_exchangePage->loadRequest(QStringLiteral("GET"), url.toString());
            showView(QStringLiteral("request"));
            m_exchangePage->revalidate();
        });
        // Deleted entries change what the next request's conditional headers would be.
        connect(m_cacheBrowser, &CacheBrowserPage::storeChanged, m_exchangePage, &ExchangePage::refreshConditionalLine);
    }
    return m_cacheBrowser;
}

void MainWindow::refreshViews(const QUrl &url)
{
    // The timeline follows the URL last exchanged; the cache browser shows the store as it is now.
    if (m_timelinePage) {
        if (m_timelinePage->url() == url)
            m_timelinePage->refresh();
        else if (!url.isEmpty())
            m_timelinePage->showUrl(url);
    }
    if (m_cacheBrowser)
        m_cacheBrowser->refresh();
}

void MainWindow::setValidatorStore(ValidatorStore *store)
{
    m_watch->setServices(nullptr, nullptr);
    deleteStorePages();
    m_exchangePage->setRevalidator(nullptr);
    m_exchangePage->setBrowserCache(nullptr);
    m_browserCache.reset();
    m_revalidator.reset();
    m_timeline.reset();
    m_store = store && store->isOpen() ? store : nullptr;
    if (m_store) {
        m_revalidator = std::make_unique<Revalidator>(m_client, m_store);
        m_timeline = std::make_unique<TimelineStore>(m_store);
        m_watch->setServices(m_revalidator.get(), m_timeline.get());
        m_exchangePage->setRevalidator(m_revalidator.get());
        m_browserCache = std::make_unique<BrowserCache>(m_client, m_store);
        m_exchangePage->setBrowserCache(m_browserCache.get());
        if (m_settings)
            restoreViews();
    }
}

WatchSession *MainWindow::watchSession() const
{
    return m_watch->session();
}

QAction *MainWindow::watchAction() const
{
    return m_watch->watchAction();
}

QAction *MainWindow::pauseAllAction() const
{
    return m_watch->pauseAllAction();
}

QAction *MainWindow::resumeAllAction() const
{
    return m_watch->resumeAllAction();
}

int MainWindow::watchUrls(const WatchRequest &request, QStringList *errors)
{
    return m_watch->watchUrls(request, errors);
}

void MainWindow::openWatchDialog()
{
    m_watch->openDialog();
}

void MainWindow::setAllWatchesPaused(bool paused)
{
    m_watch->setAllPaused(paused);
}

void MainWindow::recordExchange(const CachedExchange &result, const TimelineEvent &event)
{
    Q_UNUSED(result)
    TimelineEvent recorded = event;
    if (m_timeline && !m_timeline->append(recorded)) {
        statusBar()->showMessage(
            QStringLiteral("The exchange could not be kept in the timeline: %1").arg(m_timeline->errorString()));
    }
    HistoryEntry entry;
    entry.method = QString::fromLatin1(result.exchange.request.method);
    entry.url = result.exchange.request.url;
    // What "load" puts back is what was composed, not what CacheScope added (conditionals, defaults).
    QString error;
    entry.headers = m_exchangePage->composeRequest(&error).headers;
    entry.event = recorded;
    entry.storeAction = result.actionText;
    m_history->prepend(entry);
    if (m_settings)
        m_history->save(*m_settings);
    // With nothing watched, the sidebar's useful side is the history.
    if (m_watchList->rowCount() == 0)
        m_sidebar->showHistory();
    refreshViews(recorded.url);
    Q_EMIT exchangeRecorded(recorded);
}

void MainWindow::openHistoryEntry(int row)
{
    if (row < 0 || row >= m_history->rowCount())
        return;
    const HistoryEntry &entry = m_history->entry(row);
    m_exchangePage->loadRequest(entry.method, entry.url.toString(), entry.headers);
    QString facts = HistoryModel::facts(entry);
    if (m_store)
        facts += QLatin1Char('\n')
            + storedNowFacts(m_store->variants(entry.method.toUtf8().toUpper(), entry.url, StoredBody::Omit));
    m_exchangePage->showStoreFacts(facts);
    showView(QStringLiteral("request"));
}

int MainWindow::addPage(QWidget *page, const QString &title)
{
    return m_pages->addTab(page, title);
}

void MainWindow::addDock(QDockWidget *dock, Qt::DockWidgetArea area)
{
    // restoreState() finds docks by object name.
    Q_ASSERT(!dock->objectName().isEmpty());
    addDockWidget(area, dock);
    m_viewMenu->addAction(dock->toggleViewAction());
}

void MainWindow::createSidebar()
{
    m_sidebar = new Sidebar(m_watchList, m_history, this);
    addDock(m_sidebar, Qt::LeftDockWidgetArea);
    resizeDocks({ m_sidebar }, { 340 }, Qt::Horizontal);
    m_sidebar->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    connect(m_sidebar, &Sidebar::watchedActivated, this, [this](qint64, const QUrl &url) {
        m_exchangePage->loadRequest(QStringLiteral("GET"), url.toString());
        showView(QStringLiteral("request"));
    });
    connect(m_sidebar, &Sidebar::pauseRequested, m_watch, &WatchController::setPaused);
    connect(m_sidebar, &Sidebar::revalidateNowRequested, m_watch, &WatchController::revalidateNow);
    connect(m_sidebar, &Sidebar::removeRequested, m_watch, &WatchController::remove);
    connect(m_watch, &WatchController::itemsAdded, m_sidebar, &Sidebar::showWatched);
    connect(m_watch, &WatchController::statusMessage, this,
        [this](const QString &message, int timeoutMs) { statusBar()->showMessage(message, timeoutMs); });
    connect(m_sidebar, &Sidebar::historyActivated, this, &MainWindow::openHistoryEntry);
    connect(m_sidebar, &Sidebar::clearHistoryRequested, this, [this] {
        m_history->clear();
        if (m_settings)
            m_history->save(*m_settings);
    });
}

QDockWidget *MainWindow::createLessonsDock()
{
    auto *dock = new QDockWidget(QStringLiteral("Lessons"), this);
    dock->setObjectName(QStringLiteral("lessonsDock"));
    m_lessonsPanel = new LessonsPanel(dock);
    dock->setWidget(m_lessonsPanel);
    m_lessonsPanel->connectTo(m_exchangePage);
    connect(m_exchangePage, &ExchangePage::browserResultFinished, m_lessonsPanel, &LessonsPanel::observeBrowserResult);
    addDock(dock, Qt::RightDockWidgetArea); // View > Lessons
    dock->hide(); // until asked for; restoreState() brings it back if it was open
    return dock;
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    new InteropActions(this, file); // HAR import/export and collections, above Quit
    QAction *quit = file->addAction(QStringLiteral("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *request = menuBar()->addMenu(QStringLiteral("&Request"));
    request->addAction(m_exchangePage->sendAction());
    request->addAction(m_exchangePage->revalidateAction());
    request->addAction(m_exchangePage->cancelAction());
    request->addSeparator();
    request->addActions({ m_watch->watchAction(), m_watch->pauseAllAction(), m_watch->resumeAllAction() });
    request->addSeparator();
    request->addAction(m_exchangePage->browserModeAction());
    request->addAction(m_exchangePage->copyAsCurlAction());
    request->addAction(m_exchangePage->focusUrlAction());
    request->addSeparator();
    auto *clientActions = new ClientActions(m_client, m_settings, this); // applies the remembered body limit
    request->addAction(clientActions->acceptedCertificatesAction());
    request->addAction(clientActions->bodyLimitAction());

    m_viewMenu = menuBar()->addMenu(QStringLiteral("&View"));
    const struct
    {
        const char *name;
        const char *title;
        Qt::Key key;
    } views[] = { { "request", "&Request", Qt::Key_1 }, { "timeline", "&Timeline", Qt::Key_2 },
        { "cache", "&Cache", Qt::Key_3 }, { "diagnostics", "&Diagnostics", Qt::Key_4 },
        { "reference", "R&eference", Qt::Key_5 } };
    for (const auto &view : views) {
        const QString name = QString::fromLatin1(view.name);
        QAction *action
            = m_viewMenu->addAction(QString::fromLatin1(view.title), this, [this, name] { showView(name); });
        action->setObjectName(QStringLiteral("view-") + name);
        action->setShortcut(QKeySequence(Qt::ALT | view.key));
    }
    m_viewMenu->addSeparator();
    QDockWidget *lessonsDock = createLessonsDock();

    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    QAction *lessons = help->addAction(QStringLiteral("&Lessons"), this, [lessonsDock] {
        lessonsDock->show();
        lessonsDock->raise();
    });
    lessons->setObjectName(QStringLiteral("openLessons"));
    m_openReferenceAction = help->addAction(QStringLiteral("HTTP &reference"), this, &MainWindow::openReference);
    m_openReferenceAction->setObjectName(QStringLiteral("openReference"));
    m_openReferenceAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_explainAction = help->addAction(QStringLiteral("&Explain this"), this, &MainWindow::explainFocused);
    m_explainAction->setObjectName(QStringLiteral("explainFocused"));
    m_explainAction->setShortcut(QKeySequence::HelpContents);
    m_explainAction->setToolTip(QStringLiteral("Open the reference for the focused header or the response status"));
    help->addSeparator();
    help->addAction(QStringLiteral("&About CacheScope"), this, [this] {
        QMessageBox::about(this, QStringLiteral("About CacheScope"),
            QStringLiteral("<h3>CacheScope %1</h3><p>An HTTP caching inspector: send a request, see every header "
                           "as it crossed the wire, and why a response is or is not cached.</p>")
                .arg(QApplication::applicationVersion()));
    });
}

bool MainWindow::showView(const QString &name)
{
    if (name == QLatin1String("request")) {
        m_pages->setCurrentWidget(m_exchangePage);
        return true;
    }
    if (name == QLatin1String("diagnostics")) {
        // The notes of the current exchange live in the response's Diagnosis tab.
        m_pages->setCurrentWidget(m_exchangePage);
        m_exchangePage->responseView()->showDiagnosisTab();
        return true;
    }
    if (name == QLatin1String("reference")) {
        m_pages->setCurrentWidget(referenceBrowser());
        return true;
    }
    QWidget *page = name == QLatin1String("timeline") ? static_cast<QWidget *>(timelinePage())
        : name == QLatin1String("cache")              ? static_cast<QWidget *>(cacheBrowser())
                                                      : nullptr;
    if (!page) {
        if (name == QLatin1String("timeline") || name == QLatin1String("cache"))
            statusBar()->showMessage(
                QStringLiteral("The %1 view needs the validator store, which is not open").arg(name), 5000);
        return false;
    }
    m_pages->setCurrentWidget(page);
    return true;
}

QStringList MainWindow::viewNames() const
{
    return { QStringLiteral("request"), QStringLiteral("timeline"), QStringLiteral("cache"),
        QStringLiteral("diagnostics"), QStringLiteral("reference") };
}

QString MainWindow::currentViewName() const
{
    QWidget *current = m_pages->currentWidget();
    if (current && current == m_referenceBrowser)
        return QStringLiteral("reference");
    if (current && current == m_timelinePage)
        return QStringLiteral("timeline");
    if (current && current == m_cacheBrowser)
        return QStringLiteral("cache");
    return QStringLiteral("request");
}

ReferenceBrowser *MainWindow::referenceBrowser()
{
    if (!m_referenceBrowser) {
        m_referenceBrowser = new ReferenceBrowser(m_reference, m_pages);
        addPage(m_referenceBrowser, QStringLiteral("Reference"));
    }
    return m_referenceBrowser;
}

bool MainWindow::showReference(const QString &topic)
{
    ReferenceBrowser *browser = referenceBrowser();
    m_pages->setCurrentWidget(browser);
    const bool found = browser->showTopic(topic);
    if (!found)
        statusBar()->showMessage(QStringLiteral("Nothing in the reference matches \u201c%1\u201d").arg(topic), 5000);
    return found;
}

bool MainWindow::showReferenceForNote(const QString &noteCode)
{
    const QString topic = referenceTopicForNote(noteCode);
    if (topic.isEmpty()) {
        openReference();
        return false;
    }
    return showReference(topic);
}

void MainWindow::openReference()
{
    ReferenceBrowser *browser = referenceBrowser();
    m_pages->setCurrentWidget(browser);
    browser->focusSearch();
}

void MainWindow::explainFocused()
{
    const FocusTopic focused = topicForFocus(QApplication::focusWidget());
    if (focused.kind == FocusTopic::Topic) {
        showReference(focused.topic);
        return;
    }
    // Anywhere else on the request page, the thing to explain is the answer's status.
    const Exchange &exchange = m_exchangePage->responseView()->exchange();
    if (focused.kind == FocusTopic::Nothing && m_pages->currentWidget() == m_exchangePage && exchange.hasResponse()) {
        showReference(QString::number(exchange.status));
        return;
    }
    openReference();
}

void MainWindow::saveSettings()
{
    if (!m_settings)
        return;
    m_settings->setValue(QStringLiteral("window/geometry"), saveGeometry());
    m_settings->setValue(QStringLiteral("window/state"), saveState());
    QStringList open;
    if (m_referenceBrowser)
        open.append(QStringLiteral("reference"));
    if (m_timelinePage)
        open.append(QStringLiteral("timeline"));
    if (m_cacheBrowser)
        open.append(QStringLiteral("cache"));
    m_settings->setValue(QStringLiteral("window/views"), open);
    m_settings->setValue(QStringLiteral("window/currentView"), currentViewName());
    m_exchangePage->saveState(*m_settings);
    m_history->save(*m_settings);
    m_settings->sync();
}

void MainWindow::restoreSettings()
{
    resize(1280, 800);
    if (!m_settings)
        return;
    restoreGeometry(m_settings->value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(m_settings->value(QStringLiteral("window/state")).toByteArray());
    m_exchangePage->restoreState(*m_settings);
    m_history->restore(*m_settings);
    restoreViews();
}

void MainWindow::restoreViews()
{
    // Pages that were open come back in the background; the one in front comes back in front.
    const QStringList open = m_settings->value(QStringLiteral("window/views")).toStringList();
    if (open.contains(QStringLiteral("reference")))
        referenceBrowser();
    // These need the store: setValidatorStore() calls this again once it is there.
    if (open.contains(QStringLiteral("timeline")))
        timelinePage();
    if (open.contains(QStringLiteral("cache")))
        cacheBrowser();
    const QString current = m_settings->value(QStringLiteral("window/currentView")).toString();
    if (open.contains(current))
        showView(current);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

} // namespace CacheScope
