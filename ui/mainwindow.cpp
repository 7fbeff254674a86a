#include "mainwindow.h"

#include "exchangepage.h"

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

MainWindow::MainWindow(HttpClient *client, QSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_pages(new QTabWidget(this))
    , m_exchangePage(new ExchangePage(client, m_pages))
    , m_busyLabel(new QLabel(this))
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

    createMenus();
    restoreSettings();
}

MainWindow::~MainWindow() = default;

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

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    QAction *quit = file->addAction(QStringLiteral("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *request = menuBar()->addMenu(QStringLiteral("&Request"));
    request->addAction(m_exchangePage->sendAction());
    request->addAction(m_exchangePage->cancelAction());
    request->addSeparator();
    request->addAction(m_exchangePage->focusUrlAction());

    m_viewMenu = menuBar()->addMenu(QStringLiteral("&View"));

    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    help->addAction(QStringLiteral("&About CacheScope"), this, [this] {
        QMessageBox::about(this, QStringLiteral("About CacheScope"),
            QStringLiteral("<h3>CacheScope %1</h3><p>An HTTP caching inspector: send a request, see every header "
                           "as it crossed the wire, and why a response is or is not cached.</p>")
                .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::saveSettings()
{
    if (!m_settings)
        return;
    m_settings->setValue(QStringLiteral("window/geometry"), saveGeometry());
    m_settings->setValue(QStringLiteral("window/state"), saveState());
    m_exchangePage->saveState(*m_settings);
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
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

} // namespace CacheScope
