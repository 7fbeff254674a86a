#pragma once

#include "client/timeline.h"
#include "harexportdialog.h"
#include "interop/collection.h"

#include <QList>
#include <QObject>
#include <QUrl>

class QAction;
class QMenu;

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

    QAction *exportHarAction() const { return m_exportHar; }
    QAction *importHarAction() const { return m_importHar; }
    QAction *saveToCollectionAction() const { return m_saveToCollection; }
    QAction *openCollectionAction() const { return m_openCollection; }
    QAction *exportHistoryAction() const { return m_exportHistory; }

    // HAR export: what each scope holds now, and its events (oldest first), read from the timeline store
    // when there is one (the request and response heads as sent and received), else from the history.
    QList<HarExportDialog::Choice> exportChoices() const;
    QList<TimelineEvent> eventsFor(HarExportScope scope, QString *error) const;
    // Writes the HAR the CLI's `har export` writes for these events; false with a sentence on failure.
    bool exportHar(HarExportScope scope, const QString &path, bool includeSecrets, QString *error);
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

public Q_SLOTS:
    void chooseHarExport();
    void chooseHarImport();
    void chooseSaveToCollection();
    void chooseOpenCollection();
    void chooseHistoryExport();

private:
    HarImportPage *ensureHarImportPage();
    QList<TimelineEvent> historyEvents(const QList<int> &rows) const;
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
};

} // namespace CacheScope
