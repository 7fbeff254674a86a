#pragma once

#include "client/timeline.h"
#include "harexportdialog.h"
#include "interop/collection.h"
#include "interop/harexportjob.h"

#include <atomic>
#include <memory>
#include <QList>
#include <QObject>
#include <QUrl>

class QAction;
class QMenu;
class QThread;

namespace CacheScope {

class HarImportPage;
class MainWindow;

// The File menu's interoperability: Export HAR…, Import HAR…, Save Request to Collection…, Open Collection…
// and Export History as .http…. The window only creates this with its File menu; everything else goes
// through the window's public accessors (history, timeline, store, composer, watch). The choose*() slots ask
// with dialogs; the functions they call are public so tests can drive them without a modal dialog.
class InteropActions : public QObject
{
    Q_OBJECT
public:
    // Adds the actions to `fileMenu` (before what is already there) and parents itself to the window.
    InteropActions(MainWindow *window, QMenu *fileMenu);
    // Waits for a running HAR export, which stops at its next read and writes nothing.
    ~InteropActions() override;

    QAction *exportHarAction() const { return m_exportHar; }
    QAction *importHarAction() const { return m_importHar; }
    QAction *saveToCollectionAction() const { return m_saveToCollection; }
    QAction *openCollectionAction() const { return m_openCollection; }
    QAction *exportHistoryAction() const { return m_exportHistory; }

    // HAR export: what each scope holds now, and what an export of it reads and writes: the scope's events
    // (oldest first) from the timeline store when there is one (the request and response heads as sent and
    // received), else from the history.
    QList<HarExportDialog::Choice> exportChoices() const;
    HarExportPlan harExportPlan(HarExportScope scope, const QString &path, bool includeSecrets) const;
    // Starts writing the HAR the CLI's `har export` writes for the scope, read and written on a worker thread
    // (the action is disabled meanwhile); harExportFinished() follows, also when there was nothing to export.
    // False, and nothing started, while an export runs.
    bool exportHar(HarExportScope scope, const QString &path, bool includeSecrets);
    bool isExportingHar() const { return m_harExport != nullptr; }
    // The URL "the current URL's timeline" means: the Timeline page's, else the newest history row's, else
    // the composer's.
    QUrl currentUrl() const;

    // HAR import: parses and diagnoses the file into the import page (created and shown on first use);
    // false with the core's error (naming the JSON path) and the page unchanged when the file is unusable.
    bool importHar(const QString &path, QString *error);
    HarImportPage *harImportPage() const { return m_harPage; }

    // Appends the composer's request as `name` to a .http file (created when missing). The file's bytes
    // stay as they were, the new request is added after them. Refused: a file that does not parse, a name
    // already there, a request the format cannot hold.
    bool saveRequestToCollection(const QString &path, const QString &name, QString *error);
    // Parses a collection file; false with "line N: ..." on failure.
    static bool readCollection(const QString &path, Collection *collection, QString *error);
    // Puts a saved request into the composer and shows it.
    void openSavedRequest(const SavedRequest &saved);
    // The History (oldest first) as a .http collection; `skipped` gets the rows the format cannot hold.
    bool exportHistoryAsHttp(const QString &path, QString *error, QStringList *skipped = nullptr);

    // Hands URLs to the window's watch (every 60 s until stopped unless `ask`: then the watch dialog comes
    // up with them filled in). Returns how many were added.
    int watchUrls(const QList<QUrl> &urls, bool ask, QStringList *errors = nullptr);

Q_SIGNALS:
    // The status bar has said how it went; `outcome.error` is empty when the file was written.
    void harExportFinished(const CacheScope::HarExportOutcome &outcome);

public Q_SLOTS:
    void chooseHarExport();
    void chooseHarImport();
    void chooseSaveToCollection();
    void chooseOpenCollection();
    void chooseHistoryExport();

private:
    HarImportPage *ensureHarImportPage();
    // The history rows' events as the history holds them, oldest first.
    QList<TimelineEvent> historyEvents(const QList<int> &rows) const;
    void finishHarExport(const HarExportOutcome &outcome, bool includeSecrets);
    void showPage(QWidget *page);
    void showMessage(const QString &message) const;
    void warn(const QString &title, const QString &message);
    QString startDirectory() const;
    void rememberDirectory(const QString &path);

    MainWindow *m_window;
    HarImportPage *m_harPage = nullptr;
    QAction *m_exportHar;
    QAction *m_importHar;
    QAction *m_saveToCollection;
    QAction *m_openCollection;
    QAction *m_exportHistory;
    QString m_lastDirectory;
    QThread *m_harExport = nullptr; // the running export, if any
    std::shared_ptr<std::atomic<bool>> m_harCancel;
    bool m_harExportAsked = false; // started from the dialog: a failure is shown in a message box
};

} // namespace CacheScope
