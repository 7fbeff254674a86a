#pragma once

#include <QMainWindow>

class QDockWidget;
class QLabel;
class QMenu;
class QSettings;
class QTabWidget;

namespace CacheScope {

class ExchangePage;
class HttpClient;

// A switchboard: it creates the pages and docks, puts their actions in menus and remembers the window's
// geometry. What a page does lives in the page.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `client` sends the requests; `settings` (may be null) keeps the window state and the last request.
    MainWindow(HttpClient *client, QSettings *settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    ExchangePage *exchangePage() const { return m_exchangePage; }

    // Pages share the central area (its tab bar shows once there is more than one); docks go around it
    // and get a toggle in the View menu.
    int addPage(QWidget *page, const QString &title);
    void addDock(QDockWidget *dock, Qt::DockWidgetArea area);

    void saveSettings();

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
};

} // namespace CacheScope
