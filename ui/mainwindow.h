#pragma once

#include <memory>
#include <QMainWindow>

class QDockWidget;
class QLabel;
class QMenu;
class QSettings;
class QTabWidget;

namespace CacheScope {

class ExchangePage;
class HttpClient;
class Reference;
class ReferenceBrowser;

// A switchboard: it creates the pages and docks, puts their actions in menus and remembers the window's
// geometry. What a page does lives in the page.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `client` sends the requests; `settings` (may be null) keeps the window state and the last request.
    // `reference` (may be null: then the window keeps its own, of the built-in data) feeds the reference page.
    MainWindow(
        HttpClient *client, QSettings *settings, QWidget *parent = nullptr, const Reference *reference = nullptr);
    ~MainWindow() override;

    ExchangePage *exchangePage() const { return m_exchangePage; }

    // Pages share the central area (its tab bar shows once there is more than one); docks go around it
    // and get a toggle in the View menu.
    int addPage(QWidget *page, const QString &title);
    void addDock(QDockWidget *dock, Qt::DockWidgetArea area);

    void saveSettings();

    const Reference *reference() const { return m_reference; }
    // The reference page; created (and added as a page) on first use.
    ReferenceBrowser *referenceBrowser();
    bool hasReferenceBrowser() const { return m_referenceBrowser != nullptr; }
    QAction *openReferenceAction() const { return m_openReferenceAction; }
    QAction *explainAction() const { return m_explainAction; }

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

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void restoreSettings();

    QSettings *m_settings;
    QTabWidget *m_pages;
    ExchangePage *m_exchangePage;
    QMenu *m_viewMenu = nullptr;
    QLabel *m_busyLabel;
    std::unique_ptr<Reference> m_ownReference;
    const Reference *m_reference;
    ReferenceBrowser *m_referenceBrowser = nullptr;
    QAction *m_openReferenceAction = nullptr;
    QAction *m_explainAction = nullptr;
};

} // namespace CacheScope
