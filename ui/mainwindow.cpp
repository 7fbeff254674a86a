#include "mainwindow.h"

#include "diagnostics/diagnosis.h"
#include "exchangepage.h"
#include "headerseditor.h"
#include "reference/reference.h"
#include "referencebrowser.h"
#include "requestheadersmodel.h"
#include "responseheadersview.h"
#include "responseview.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>

namespace CacheScope {

MainWindow::MainWindow(HttpClient *client, QSettings *settings, QWidget *parent, const Reference *reference)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_pages(new QTabWidget(this))
    , m_exchangePage(new ExchangePage(client, m_pages))
    , m_busyLabel(new QLabel(this))
    // The data loads on first use, so owning it costs nothing until the reference is opened.
    , m_ownReference(reference ? nullptr : std::make_unique<Reference>())
    , m_reference(reference ? reference : m_ownReference.get())
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

    m_exchangePage->responseView()->setReference(m_reference);
    connect(m_exchangePage->responseView(), &ResponseView::referenceRequested, this, &MainWindow::showReference);

    createMenus();
    restoreSettings();
}

MainWindow::~MainWindow()
{
    // The page points into the reference this window may own: it goes first.
    delete m_referenceBrowser;
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
    for (QWidget *widget = QApplication::focusWidget(); widget; widget = widget->parentWidget()) {
        if (auto *headers = qobject_cast<ResponseHeadersView *>(widget)) {
            if (const QString topic = headers->currentTopic(); !topic.isEmpty()) {
                showReference(topic);
                return;
            }
            break;
        }
        if (auto *editor = qobject_cast<HeadersEditor *>(widget)) {
            // A request header being composed: If-None-Match, Cache-Control: no-cache...
            const QModelIndex current = editor->table()->currentIndex();
            const QString name = current.isValid()
                ? editor->model()->index(current.row(), RequestHeadersModel::NameColumn).data().toString().trimmed()
                : QString();
            if (!name.isEmpty()) {
                showReference(name);
                return;
            }
            break;
        }
        if (qobject_cast<ReferenceBrowser *>(widget)) {
            openReference();
            return;
        }
    }
    // Anywhere else on the request page, the thing to explain is the answer's status.
    const Exchange &exchange = m_exchangePage->responseView()->exchange();
    if (m_pages->currentWidget() == m_exchangePage && exchange.hasResponse()) {
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
