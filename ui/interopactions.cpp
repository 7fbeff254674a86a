#include "interopactions.h"

#include "client/timelinestore.h"
#include "collectiondialog.h"
#include "exchangepage.h"
#include "harimportmodel.h"
#include "harimportpage.h"
#include "historymodel.h"
#include "mainwindow.h"
#include "sidebar.h"
#include "timelinepage.h"
#include "watchdialog.h"

#include <algorithm>
#include <climits>
#include <QAction>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QTreeView>
#include <utility>

namespace CacheScope {

namespace {

bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QString exchangesText(qint64 count)
{
    return count == 1 ? QStringLiteral("1 exchange") : QStringLiteral("%1 exchanges").arg(count);
}

} // namespace

InteropActions::~InteropActions()
{
    // A running export stops at its next read, writing nothing; the window waits for it to end.
    if (m_harExport) {
        m_harCancel->store(true);
        m_harExport->wait();
        delete m_harExport;
    }
}

InteropActions::InteropActions(MainWindow *window, QMenu *fileMenu)
    : QObject(window)
    , m_window(window)
{
    setObjectName(QStringLiteral("interopActions"));
    qRegisterMetaType<HarExportOutcome>();
    auto make = [this](const QString &text, const char *name, void (InteropActions::*slot)()) {
        auto *action = new QAction(text, this);
        action->setObjectName(QString::fromLatin1(name));
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_importHar = make(QStringLiteral("&Import HAR\u2026"), "importHar", &InteropActions::chooseHarImport);
    m_importHar->setToolTip(QStringLiteral("Diagnose every request of a browser's HAR file"));
    m_exportHar = make(QStringLiteral("&Export HAR\u2026"), "exportHar", &InteropActions::chooseHarExport);
    m_exportHar->setToolTip(QStringLiteral("Write a timeline, the history or a selection as a HAR 1.2 file"));
    m_openCollection
        = make(QStringLiteral("&Open Collection\u2026"), "openCollection", &InteropActions::chooseOpenCollection);
    m_openCollection->setShortcut(QKeySequence::Open);
    m_saveToCollection = make(QStringLiteral("&Save Request to Collection\u2026"), "saveToCollection",
        &InteropActions::chooseSaveToCollection);
    m_saveToCollection->setShortcut(QKeySequence::Save);
    m_exportHistory = make(
        QStringLiteral("Export &History as .http\u2026"), "exportHistoryHttp", &InteropActions::chooseHistoryExport);

    QAction *before = fileMenu->actions().value(0);
    fileMenu->insertActions(before, { m_importHar, m_exportHar });
    fileMenu->insertSeparator(before);
    fileMenu->insertActions(before, { m_openCollection, m_saveToCollection, m_exportHistory });
    fileMenu->insertSeparator(before); // before Quit, which the window adds next
}

QUrl InteropActions::currentUrl() const
{
    if (auto *timeline = m_window->findChild<TimelinePage *>();
        timeline && timeline->url().isValid() && !timeline->url().isEmpty())
        return timeline->url();
    if (m_window->historyModel()->rowCount() > 0)
        return m_window->historyModel()->entry(0).url;
    QString error;
    return m_window->exchangePage()->composeRequest(&error).url;
}

QList<HarExportDialog::Choice> InteropActions::exportChoices() const
{
    QList<HarExportDialog::Choice> choices;
    TimelineStore *timeline = m_window->timelineStore();
    const QUrl url = currentUrl();
    const qint64 urlCount
        = timeline && url.isValid() && !url.isEmpty() ? qMax<qint64>(0, timeline->eventCount(url)) : 0;
    choices.append({ HarExportScope::CurrentUrl,
        url.isEmpty() ? QStringLiteral("Timeline of the current URL (none yet)")
                      : QStringLiteral("Timeline of %1 (%2)").arg(url.toDisplayString(), exchangesText(urlCount)),
        int(urlCount) });
    const int history = m_window->historyModel()->rowCount();
    choices.append(
        { HarExportScope::History, QStringLiteral("The whole history (%1)").arg(exchangesText(history)), history });
    const int selected = m_window->sidebar() ? int(m_window->sidebar()->selectedHistoryRows().size()) : 0;
    choices.append({ HarExportScope::SelectedHistory,
        QStringLiteral("History rows selected in the sidebar (%1)").arg(selected), selected });
    auto *page = m_window->findChild<TimelinePage *>();
    const int timelineSelected = page ? int(page->selectedEvents().size()) : 0;
    choices.append({ HarExportScope::SelectedTimeline,
        QStringLiteral("Rows selected in the Timeline view (%1)").arg(timelineSelected), timelineSelected });
    const qint64 all = timeline ? qMax<qint64>(0, timeline->eventCount()) : 0;
    choices.append(
        { HarExportScope::AllStored, QStringLiteral("Everything in the timeline store (%1)").arg(exchangesText(all)),
            int(qMin<qint64>(all, INT_MAX)) });
    return choices;
}

QList<TimelineEvent> InteropActions::historyEvents(const QList<int> &rows) const
{
    HistoryModel *history = m_window->historyModel();
    QList<TimelineEvent> events;
    for (int row : rows) {
        if (row < 0 || row >= history->rowCount())
            continue;
        const HistoryEntry &entry = history->entry(row);
        TimelineEvent event = entry.event;
        if (event.url.isEmpty())
            event.url = entry.url;
        if (event.requestMethod.isEmpty())
            event.requestMethod = entry.method.toLatin1();
        events.append(event);
    }
    // HAR entries go in the order they started; the history is newest first.
    std::stable_sort(
        events.begin(), events.end(), [](const TimelineEvent &a, const TimelineEvent &b) { return a.time < b.time; });
    return events;
}

HarExportPlan InteropActions::harExportPlan(HarExportScope scope, const QString &path, bool includeSecrets) const
{
    TimelineStore *timeline = m_window->timelineStore();
    HarExportPlan plan;
    plan.path = path;
    plan.options.includeSecrets = includeSecrets;
    // Stored events carry the request and response heads: the history's own copies are replaced by them.
    plan.storePath = timeline ? timeline->databasePath() : QString();
    QList<int> rows;
    switch (scope) {
    case HarExportScope::CurrentUrl: {
        const QUrl url = currentUrl();
        if (!plan.storePath.isEmpty() && url.isValid() && !url.isEmpty()) {
            plan.source = HarExportPlan::Source::StoredUrl;
            plan.url = url;
            break;
        }
        for (int row = 0; row < m_window->historyModel()->rowCount(); ++row) {
            if (m_window->historyModel()->entry(row).url == url)
                rows.append(row);
        }
        plan.events = historyEvents(rows);
        break;
    }
    case HarExportScope::History:
        for (int row = 0; row < m_window->historyModel()->rowCount(); ++row)
            rows.append(row);
        plan.events = historyEvents(rows);
        break;
    case HarExportScope::SelectedHistory:
        if (m_window->sidebar())
            plan.events = historyEvents(m_window->sidebar()->selectedHistoryRows());
        break;
    case HarExportScope::SelectedTimeline:
        // The Timeline view's rows were read from the store already.
        plan.storePath.clear();
        if (auto *page = m_window->findChild<TimelinePage *>())
            plan.events = page->selectedEvents();
        break;
    case HarExportScope::AllStored:
        plan.source = HarExportPlan::Source::AllStored;
        break;
    }
    return plan;
}

bool InteropActions::exportHar(HarExportScope scope, const QString &path, bool includeSecrets)
{
    if (m_harExport)
        return false;
    const HarExportPlan plan = harExportPlan(scope, path, includeSecrets);
    auto outcome = std::make_shared<HarExportOutcome>();
    m_harCancel = std::make_shared<std::atomic<bool>>(false);
    m_harExport = QThread::create(
        [plan, outcome, cancel = m_harCancel] { *outcome = runHarExport(plan, [cancel] { return cancel->load(); }); });
    m_harExport->setObjectName(QStringLiteral("cachescope-har-export"));
    connect(m_harExport, &QThread::finished, this, [this, outcome, includeSecrets] {
        m_harExport->deleteLater();
        m_harExport = nullptr;
        m_exportHar->setEnabled(true);
        finishHarExport(*outcome, includeSecrets);
    });
    m_exportHar->setEnabled(false);
    showMessage(QStringLiteral("Exporting HAR to %1\u2026").arg(path));
    m_harExport->start();
    return true;
}

void InteropActions::finishHarExport(const HarExportOutcome &outcome, bool includeSecrets)
{
    const bool asked = std::exchange(m_harExportAsked, false);
    if (!outcome.error.isEmpty()) {
        showMessage(outcome.error);
        if (asked)
            warn(QStringLiteral("Export HAR"), outcome.error);
    } else if (!outcome.problems.isEmpty()) {
        showMessage(QStringLiteral("Wrote %1 to %2; %3 unreadable timeline row(s) left out: %4")
                        .arg(exchangesText(outcome.exchanges), outcome.path)
                        .arg(outcome.problems.size())
                        .arg(outcome.problems.first()));
    } else {
        showMessage(QStringLiteral("Wrote %1 to %2%3")
                        .arg(exchangesText(outcome.exchanges), outcome.path,
                            includeSecrets ? QStringLiteral(" (credentials included)") : QString()));
    }
    Q_EMIT harExportFinished(outcome);
}

HarImportPage *InteropActions::ensureHarImportPage()
{
    if (m_harPage)
        return m_harPage;
    m_harPage = new HarImportPage;
    m_harPage->setObjectName(QStringLiteral("harImportPage"));
    MainWindow *window = m_window;
    m_harPage->setRevalidatorSource([window] { return window->revalidator(); });
    connect(m_harPage, &HarImportPage::openRequested, this, [this](const Request &request) {
        m_window->exchangePage()->importRequest(request);
        m_window->showView(QStringLiteral("request"));
    });
    connect(
        m_harPage, &HarImportPage::watchRequested, this, [this](const QList<QUrl> &urls) { watchUrls(urls, true); });
    connect(m_harPage, &HarImportPage::statusMessage, this, &InteropActions::showMessage);
    connect(m_harPage, &QObject::destroyed, this, [this] { m_harPage = nullptr; });
    m_window->addPage(m_harPage, QStringLiteral("HAR"));
    return m_harPage;
}

bool InteropActions::importHar(const QString &path, QString *error)
{
    // A first import loads into a page of its own before it is shown, so a bad file leaves no empty page.
    if (!m_harPage) {
        HarImportPage probe;
        if (!probe.loadFile(path, error))
            return false;
    }
    if (!ensureHarImportPage()->loadFile(path, error))
        return false;
    showPage(m_harPage);
    showMessage(
        QStringLiteral("Imported %1: %2 entries").arg(QFileInfo(path).fileName()).arg(m_harPage->model()->rowCount()));
    return true;
}

bool InteropActions::readCollection(const QString &path, Collection *collection, QString *error)
{
    if (readCollectionFile(path, collection, error))
        return true;
    (*error)[0] = error->at(0).toUpper(); // a sentence of its own in the message box
    return false;
}

bool InteropActions::saveRequestToCollection(const QString &path, const QString &name, QString *error)
{
    SavedRequest saved;
    saved.name = name.trimmed();
    if (saved.name.isEmpty()) {
        *error = QStringLiteral("Give the request a name.");
        return false;
    }
    QString problem;
    saved.request = m_window->exchangePage()->composeRequest(&problem);
    if (!problem.isEmpty()) {
        *error = QStringLiteral("The composer's request cannot be saved: %1").arg(problem);
        return false;
    }
    if (problem = collectionWriteProblem(saved); !problem.isEmpty()) {
        *error = QStringLiteral("This request cannot be saved in the .http format: %1").arg(problem);
        return false;
    }
    QByteArray existing;
    if (QFileInfo::exists(path)) {
        Collection collection;
        if (!readCollection(path, &collection, error)) {
            *error += QStringLiteral(" (nothing was written)");
            return false;
        }
        if (!collection.named(saved.name).isEmpty()) {
            *error = QStringLiteral("%1 already has a request named \u201c%2\u201d.").arg(path, saved.name);
            return false;
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("Cannot read %1: %2").arg(path, file.errorString());
            return false;
        }
        existing = file.readAll();
    }
    // The existing bytes stay exactly as they are; one blank line separates the new request from them.
    QByteArray addition;
    if (!existing.isEmpty())
        addition = existing.endsWith("\n\n") ? QByteArray()
                                             : (existing.endsWith('\n') ? QByteArray("\n") : QByteArray("\n\n"));
    addition += writeSavedRequest(saved);
    if (!writeFile(path, existing + addition, error))
        return false;
    showMessage(QStringLiteral("Saved \u201c%1\u201d to %2").arg(saved.name, path));
    return true;
}

void InteropActions::openSavedRequest(const SavedRequest &saved)
{
    m_window->exchangePage()->importRequest(saved.request);
    m_window->showView(QStringLiteral("request"));
    showMessage(QStringLiteral("Opened \u201c%1\u201d").arg(saved.name));
}

bool InteropActions::exportHistoryAsHttp(const QString &path, QString *error, QStringList *skipped)
{
    HistoryModel *history = m_window->historyModel();
    Collection collection;
    collection.preamble.append(
        QStringLiteral("CacheScope history, %1 request(s), oldest first").arg(history->rowCount()));
    for (int row = history->rowCount() - 1; row >= 0; --row) {
        const HistoryEntry &entry = history->entry(row);
        SavedRequest saved;
        saved.name = QStringLiteral("%1 %2%3").arg(entry.method, entry.url.host(), entry.url.path());
        saved.comments.append(QStringLiteral("sent %1, %2")
                                  .arg(entry.event.time.toUTC().toString(Qt::ISODate),
                                      entry.event.status > 0 ? QStringLiteral("status %1").arg(entry.event.status)
                                                             : QStringLiteral("no response")));
        saved.request.method = entry.method.toLatin1();
        saved.request.url = entry.url;
        saved.request.headers = entry.headers;
        if (const QString problem = collectionWriteProblem(saved); !problem.isEmpty()) {
            if (skipped)
                skipped->append(QStringLiteral("%1: %2").arg(entry.url.toDisplayString(), problem));
            continue;
        }
        collection.requests.append(saved);
    }
    if (collection.requests.isEmpty()) {
        *error = QStringLiteral("There is nothing to export: the history holds no request the .http format can keep.");
        return false;
    }
    return writeFile(path, writeCollection(collection), error);
}

int InteropActions::watchUrls(const QList<QUrl> &urls, bool ask, QStringList *errors)
{
    WatchRequest request;
    request.urls = urls;
    if (ask) {
        WatchDialog dialog(m_window);
        QStringList lines;
        for (const QUrl &url : urls)
            lines.append(url.toString());
        dialog.setUrlsText(lines.join(QLatin1Char('\n')));
        if (dialog.exec() != QDialog::Accepted)
            return 0;
        const std::optional<WatchRequest> chosen = dialog.watchRequest();
        if (!chosen)
            return 0;
        request = *chosen;
    }
    QStringList refused;
    const int added = m_window->watchUrls(request, &refused);
    if (errors)
        *errors += refused;
    if (ask && !refused.isEmpty())
        warn(QStringLiteral("Watch"), QStringLiteral("Not watched:\n%1").arg(refused.join(QLatin1Char('\n'))));
    showMessage(QStringLiteral("Watching %1 more URL(s)").arg(added));
    return added;
}

void InteropActions::showPage(QWidget *page)
{
    if (auto *pages = m_window->findChild<QTabWidget *>(QStringLiteral("pages")))
        pages->setCurrentWidget(page);
}

void InteropActions::showMessage(const QString &message) const
{
    m_window->statusBar()->showMessage(message, 8000);
}

void InteropActions::warn(const QString &title, const QString &message)
{
    QMessageBox::warning(m_window, title, message);
}

QString InteropActions::startDirectory() const
{
    // Until the user picks a place, their documents (or home), never the process's working directory.
    if (!m_lastDirectory.isEmpty())
        return m_lastDirectory;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QFileInfo(documents).isDir() ? documents : QDir::homePath();
}

void InteropActions::rememberDirectory(const QString &path)
{
    m_lastDirectory = QFileInfo(path).absolutePath();
}

void InteropActions::chooseHarExport()
{
    // From the History's context menu, or with several History rows selected, the selection is what is meant.
    const bool fromHistory = m_exportHar->data().toString() == QLatin1String("selectedHistory");
    m_exportHar->setData(QVariant());
    HarExportDialog dialog(exportChoices(), m_window);
    if (m_window->sidebar()
        && (fromHistory || m_window->sidebar()->selectedHistoryRows().size() > 1
            || m_window->sidebar()->historyView()->hasFocus()))
        dialog.setScope(HarExportScope::SelectedHistory);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QUrl url = currentUrl();
    const QString base
        = url.host().isEmpty() ? QStringLiteral("cachescope.har") : QStringLiteral("cachescope-%1.har").arg(url.host());
    const QString path = QFileDialog::getSaveFileName(m_window, QStringLiteral("Export HAR"),
        QDir(startDirectory()).filePath(base), QStringLiteral("HAR files (*.har);;All files (*)"));
    if (path.isEmpty())
        return;
    rememberDirectory(path);
    // A failure is shown in a dialog when the export ends (the action is disabled while one runs).
    m_harExportAsked = exportHar(dialog.scope(), path, dialog.includeSecrets());
}

void InteropActions::chooseHarImport()
{
    const QString path = QFileDialog::getOpenFileName(m_window, QStringLiteral("Import HAR"), startDirectory(),
        QStringLiteral("HAR files (*.har *.json);;All files (*)"));
    if (path.isEmpty())
        return;
    rememberDirectory(path);
    QString error;
    if (!importHar(path, &error))
        warn(QStringLiteral("Import HAR"), error);
}

void InteropActions::chooseSaveToCollection()
{
    QString problem;
    const Request request = m_window->exchangePage()->composeRequest(&problem);
    if (!problem.isEmpty()) {
        warn(QStringLiteral("Save Request to Collection"),
            QStringLiteral("The composer's request cannot be saved: %1").arg(problem));
        return;
    }
    bool ok = false;
    const QString name = QInputDialog::getText(m_window, QStringLiteral("Save Request to Collection"),
        QStringLiteral("Name of the request in the collection:"), QLineEdit::Normal,
        QStringLiteral("%1 %2").arg(QString::fromLatin1(request.method), request.url.path()), &ok);
    if (!ok)
        return;
    const QString path = QFileDialog::getSaveFileName(m_window, QStringLiteral("Collection to add it to"),
        QDir(startDirectory()).filePath(QStringLiteral("requests.http")),
        QStringLiteral("Collections (*.http *.rest);;All files (*)"), nullptr, QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    rememberDirectory(path);
    QString error;
    if (!saveRequestToCollection(path, name, &error))
        warn(QStringLiteral("Save Request to Collection"), error);
}

void InteropActions::chooseOpenCollection()
{
    const QString path = QFileDialog::getOpenFileName(m_window, QStringLiteral("Open Collection"), startDirectory(),
        QStringLiteral("Collections (*.http *.rest);;All files (*)"));
    if (path.isEmpty())
        return;
    rememberDirectory(path);
    Collection collection;
    QString error;
    if (!readCollection(path, &collection, &error)) {
        warn(QStringLiteral("Open Collection"), error);
        return;
    }
    CollectionDialog dialog(path, collection, m_window);
    if (dialog.exec() == QDialog::Accepted && !dialog.chosen().request.url.isEmpty())
        openSavedRequest(dialog.chosen());
}

void InteropActions::chooseHistoryExport()
{
    const QString path = QFileDialog::getSaveFileName(m_window, QStringLiteral("Export History as .http"),
        QDir(startDirectory()).filePath(QStringLiteral("history.http")),
        QStringLiteral("Collections (*.http *.rest);;All files (*)"));
    if (path.isEmpty())
        return;
    rememberDirectory(path);
    QString error;
    QStringList skipped;
    if (!exportHistoryAsHttp(path, &error, &skipped)) {
        warn(QStringLiteral("Export History"), error);
        return;
    }
    if (!skipped.isEmpty())
        warn(QStringLiteral("Export History"),
            QStringLiteral("%1 request(s) were left out:\n%2")
                .arg(skipped.size())
                .arg(skipped.join(QLatin1Char('\n'))));
    showMessage(QStringLiteral("Wrote the history to %1").arg(path));
}

} // namespace CacheScope
