// The File menu's interoperability driven in the real window, offscreen: HAR export of a timeline, the history
// and selections (read back through the core importer), HAR import with its summary and a revalidation against a
// local origin, and .http collections written and read back.
#include "cache/validatorstore.h"
#include "client/httpclient.h"
#include "client/timelinestore.h"
#include "collectiondialog.h"
#include "demo/demoorigin.h"
#include "exchangepage.h"
#include "harexportdialog.h"
#include "harimportmodel.h"
#include "harimportpage.h"
#include "historymodel.h"
#include "interop/collection.h"
#include "interop/harexport.h"
#include "interop/harimport.h"
#include "interopactions.h"
#include "mainwindow.h"
#include "sidebar.h"
#include "support/scriptedorigin.h"
#include "timelinepage.h"
#include "urlbar.h"
#include "watchlistmodel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QFileDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>

using namespace CacheScope;
using namespace CacheScope::TestSupport;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray harFixture(const QString &name)
{
    return readAll(QStringLiteral(CACHESCOPE_SOURCE_DIR "/tests/interop/data/har/") + name);
}

// Starts the export and waits for it: true when the file was written, else false with the outcome's sentence.
bool exportAndWait(InteropActions *actions, HarExportScope scope, const QString &path, bool secrets, QString *error)
{
    QSignalSpy finished(actions, &InteropActions::harExportFinished);
    if (!actions->exportHar(scope, path, secrets)) {
        *error = QStringLiteral("an export was already running");
        return false;
    }
    if (!finished.wait(30000)) {
        *error = QStringLiteral("the export did not finish");
        return false;
    }
    const auto outcome = finished.first().first().value<HarExportOutcome>();
    *error = outcome.error;
    return outcome.error.isEmpty();
}

} // namespace

class TestInteropWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void fileMenuHasTheActions();
    void exportRoundTrip();
    void exportSelections();
    void exportErrorsAreReported();
    void exportThroughTheDialogs();
    void importSummaryAndFilter();
    void importMalformedLoadsNothing_data();
    void importMalformedLoadsNothing();
    void importRevalidatesAgainstALocalOrigin();
    void importOpensAndWatches();
    void withoutStore();
    void collectionAppendKeepsBytes();
    void collectionRefusals_data();
    void collectionRefusals();
    void collectionOpensInTheComposer();
    void historyAsHttp();

private:
    bool sendRequest(const Request &request, bool revalidate = false);
    InteropActions *actions() const { return m_window->findChild<InteropActions *>(); }

    QTemporaryDir *m_dir = nullptr;
    ValidatorStore *m_store = nullptr;
    DemoOrigin *m_demo = nullptr;
    HttpClient *m_client = nullptr;
    MainWindow *m_window = nullptr;
};

void TestInteropWindow::initTestCase()
{
    // QFileDialog keeps its last directory in the user's QtProject settings: test mode keeps this test's
    // dialogs from reading or writing the real ones (a directory remembered there decided where they opened).
    QStandardPaths::setTestModeEnabled(true);
}

void TestInteropWindow::init()
{
    m_dir = new QTemporaryDir;
    QVERIFY(m_dir->isValid());
    m_store = new ValidatorStore;
    QVERIFY(m_store->open(m_dir->filePath(QStringLiteral("store.sqlite"))));
    m_demo = new DemoOrigin;
    QVERIFY(m_demo->start(0));
    m_client = new HttpClient;
    m_window = new MainWindow(m_client, nullptr);
    m_window->setValidatorStore(m_store);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QVERIFY(actions());
}

void TestInteropWindow::cleanup()
{
    delete m_window;
    delete m_client;
    delete m_demo;
    delete m_store;
    delete m_dir;
}

bool TestInteropWindow::sendRequest(const Request &request, bool revalidate)
{
    m_window->exchangePage()->importRequest(request);
    QSignalSpy recorded(m_window, &MainWindow::exchangeRecorded);
    if (revalidate)
        m_window->exchangePage()->revalidate();
    else
        m_window->exchangePage()->send();
    return recorded.wait(10000) && recorded.size() == 1;
}

void TestInteropWindow::fileMenuHasTheActions()
{
    QMenu *file = m_window->menuBar()->findChild<QMenu *>();
    QVERIFY(file);
    QStringList names;
    for (QAction *action : file->actions())
        names.append(action->objectName());
    for (const char *name : { "importHar", "exportHar", "openCollection", "saveToCollection", "exportHistoryHttp" })
        QVERIFY2(names.contains(QString::fromLatin1(name)), name);
    // Quit stays last.
    QCOMPARE(file->actions().constLast()->text(), QStringLiteral("&Quit"));
}

void TestInteropWindow::exportRoundTrip()
{
    const QUrl url = m_demo->url(QStringLiteral("/validators/strong-etag"));
    Request request;
    request.method = "GET";
    request.url = url;
    request.headers.append("Authorization", "Bearer sekret-token");
    QVERIFY(sendRequest(request));
    QVERIFY(sendRequest(request, true)); // a conditional GET: 304
    TimelineStore *timeline = m_window->timelineStore();
    const QList<TimelineEvent> events = timeline->events(url);
    QCOMPARE(events.size(), 2);

    const QString path = m_dir->filePath(QStringLiteral("out.har"));
    QString error;
    QVERIFY2(exportAndWait(actions(), HarExportScope::CurrentUrl, path, false, &error), qPrintable(error));
    const QByteArray written = readAll(path);
    // The same document the CLI's `har export --url` writes (both call the core).
    QCOMPARE(written, QJsonDocument(timelineToHar(events)).toJson(QJsonDocument::Indented));

    const HarParseResult parsed = parseHar(written);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error));
    QCOMPARE(parsed.entries.size(), 2);
    QCOMPARE(parsed.creatorName, QStringLiteral("CacheScope"));
    QCOMPARE(parsed.entries.at(0).status, 200);
    QCOMPARE(parsed.entries.at(1).status, 304);
    QCOMPARE(parsed.entries.at(1).url, url);
    // The request as sent: the conditional header CacheScope added is there.
    QCOMPARE(parsed.entries.at(1).requestHeaders.first("If-None-Match"), events.at(1).sentIfNoneMatch);
    QVERIFY(!events.at(1).sentIfNoneMatch.isEmpty());
    QCOMPARE(parsed.entries.at(0).responseHeaders.first("ETag"), events.at(0).receivedEtag);
    // Credentials are left out unless asked for.
    QCOMPARE(parsed.entries.at(0).requestHeaders.first("Authorization"), QByteArray("[redacted]"));
    QVERIFY(!written.contains("sekret-token"));

    QVERIFY2(exportAndWait(actions(), HarExportScope::CurrentUrl, path, true, &error), qPrintable(error));
    const HarParseResult withSecrets = parseHar(readAll(path));
    QVERIFY(withSecrets.ok());
    QCOMPARE(withSecrets.entries.at(0).requestHeaders.first("Authorization"), QByteArray("Bearer sekret-token"));
}

void TestInteropWindow::exportSelections()
{
    const QUrl first = m_demo->url(QStringLiteral("/validators/strong-etag"));
    const QUrl second = m_demo->url(QStringLiteral("/validators/both"));
    Request request;
    request.method = "GET";
    request.url = first;
    QVERIFY(sendRequest(request));
    request.url = second;
    QVERIFY(sendRequest(request));
    QVERIFY(sendRequest(request, true));
    QCOMPARE(m_window->historyModel()->rowCount(), 3);
    const QString path = m_dir->filePath(QStringLiteral("sel.har"));
    QString error;

    // The whole history, oldest first.
    QVERIFY2(exportAndWait(actions(), HarExportScope::History, path, false, &error), qPrintable(error));
    HarParseResult parsed = parseHar(readAll(path));
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.entries.size(), 3);
    QCOMPARE(parsed.entries.at(0).url, first);
    QCOMPARE(parsed.entries.at(2).status, 304);

    // Two history rows selected in the sidebar (Ctrl+click adds to the selection).
    QTreeView *history = m_window->sidebar()->historyView();
    m_window->sidebar()->showHistory();
    history->selectionModel()->select(
        history->model()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    history->selectionModel()->select(
        history->model()->index(2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QCOMPARE(m_window->sidebar()->selectedHistoryRows(), QList<int>({ 0, 2 }));
    const QList<HarExportDialog::Choice> choices = actions()->exportChoices();
    QCOMPARE(choices.at(int(HarExportScope::SelectedHistory)).count, 2);
    QCOMPARE(choices.at(int(HarExportScope::History)).count, 3);
    QCOMPARE(choices.at(int(HarExportScope::AllStored)).count, 3);
    QVERIFY2(exportAndWait(actions(), HarExportScope::SelectedHistory, path, false, &error), qPrintable(error));
    parsed = parseHar(readAll(path));
    QCOMPARE(parsed.entries.size(), 2);
    QCOMPARE(parsed.entries.at(0).url, first);
    QCOMPARE(parsed.entries.at(1).status, 304);
    // Stored events carry the heads: the history row's event is replaced by the store's.
    QVERIFY(parsed.entries.at(1).requestHeaders.contains("If-None-Match"));

    // One row selected in the Timeline view's table.
    QVERIFY(m_window->showView(QStringLiteral("timeline")));
    TimelinePage *timeline = m_window->timelinePage();
    timeline->showUrl(second);
    QTRY_VERIFY(!timeline->isLoading()); // read off the UI thread
    QCOMPARE(timeline->events().size(), 2);
    QCOMPARE(actions()->exportChoices().at(int(HarExportScope::SelectedTimeline)).count, 0);
    timeline->table()->selectRow(0);
    QCOMPARE(timeline->selectedEvents().size(), 1);
    QVERIFY2(exportAndWait(actions(), HarExportScope::SelectedTimeline, path, false, &error), qPrintable(error));
    parsed = parseHar(readAll(path));
    QCOMPARE(parsed.entries.size(), 1);
    QCOMPARE(parsed.entries.at(0).url, second);
    QCOMPARE(actions()->currentUrl(), second);
    QVERIFY2(exportAndWait(actions(), HarExportScope::CurrentUrl, path, false, &error), qPrintable(error));
    QCOMPARE(parseHar(readAll(path)).entries.size(), 2);
    QVERIFY2(exportAndWait(actions(), HarExportScope::AllStored, path, false, &error), qPrintable(error));
    QCOMPARE(parseHar(readAll(path)).entries.size(), 3);

    // One export at a time: a second is refused (the action is disabled) until the first has ended.
    QSignalSpy finished(actions(), &InteropActions::harExportFinished);
    QVERIFY(actions()->exportHar(HarExportScope::AllStored, path, false));
    QVERIFY(actions()->isExportingHar());
    QVERIFY(!actions()->exportHarAction()->isEnabled());
    QVERIFY(!actions()->exportHar(HarExportScope::History, path, false));
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.size(), 1);
    QVERIFY(!actions()->isExportingHar());
    QVERIFY(actions()->exportHarAction()->isEnabled());
    QVERIFY(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Wrote 3 exchanges to ")));
}

void TestInteropWindow::exportErrorsAreReported()
{
    QString error;
    // Nothing to export yet.
    QVERIFY(
        !exportAndWait(actions(), HarExportScope::History, m_dir->filePath(QStringLiteral("a.har")), false, &error));
    QVERIFY2(error.contains(QStringLiteral("nothing to export")), qPrintable(error));
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("a.har"))));

    Request request;
    request.method = "GET";
    request.url = m_demo->url(QStringLiteral("/validators/strong-etag"));
    QVERIFY(sendRequest(request));
    const QString bad = m_dir->filePath(QStringLiteral("no/such/dir/out.har"));
    QVERIFY(!exportAndWait(actions(), HarExportScope::History, bad, false, &error));
    QVERIFY2(error.startsWith(QStringLiteral("Cannot write ")) && error.contains(bad), qPrintable(error));
}

void TestInteropWindow::exportThroughTheDialogs()
{
    Request request;
    request.method = "GET";
    request.url = m_demo->url(QStringLiteral("/validators/strong-etag"));
    QVERIFY(sendRequest(request));
    request.url = m_demo->url(QStringLiteral("/validators/both"));
    QVERIFY(sendRequest(request));
    QTreeView *history = m_window->sidebar()->historyView();
    history->selectionModel()->select(
        history->model()->index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

    // The History's context menu → the export dialog on the selection, credentials off → a file name whose
    // directory does not exist → a message box saying why, then a good file name.
    const QString bad = m_dir->filePath(QStringLiteral("missing/out.har"));
    const QString good = m_dir->filePath(QStringLiteral("ok.har"));
    QString target = bad;
    QStringList seen;
    QString warning;
    QTimer driver;
    driver.setInterval(20);
    connect(&driver, &QTimer::timeout, this, [&] {
        QWidget *modal = QApplication::activeModalWidget();
        if (auto *dialog = qobject_cast<HarExportDialog *>(modal)) {
            seen.append(
                QStringLiteral("export %1 %2")
                    .arg(int(dialog->scope()))
                    .arg(dialog->secretsBox()->isChecked() ? QStringLiteral("secrets") : QStringLiteral("redacted")));
            dialog->accept();
        } else if (auto *files = qobject_cast<QFileDialog *>(modal)) {
            seen.append(QStringLiteral("file"));
            // Typed into the name field: selectFile() leaves the field alone while it has focus, which depends on
            // window activation (it made this test flaky). A dialog that refuses the name is closed, not retried.
            auto *name = files->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
            if (!name || seen.count(QStringLiteral("file")) > 2) {
                files->reject();
                return;
            }
            name->setText(target);
            static_cast<QDialog *>(files)->accept(); // public in QDialog, the file dialog's own runs
        } else if (auto *box = qobject_cast<QMessageBox *>(modal)) {
            warning = box->text();
            box->accept();
        }
    });
    driver.start();
    QMenu *menu = m_window->sidebar()->historyMenu(1, m_window);
    QAction *exportSelected = menu->findChild<QAction *>(QStringLiteral("exportSelectedHistory"));
    QVERIFY(exportSelected);
    QSignalSpy finished(actions(), &InteropActions::harExportFinished);
    exportSelected->trigger();
    QCOMPARE(seen,
        QStringList({ QStringLiteral("export %1 redacted").arg(int(HarExportScope::SelectedHistory)),
            QStringLiteral("file") }));
    // Written on a worker thread: the action is disabled until the export ends, then the failure is shown.
    QVERIFY(!actions()->exportHarAction()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!warning.isEmpty(), 30000);
    QCOMPARE(finished.size(), 1);
    QVERIFY(actions()->exportHarAction()->isEnabled());
    QVERIFY2(warning.startsWith(QStringLiteral("Cannot write")) && warning.contains(bad), qPrintable(warning));

    seen.clear();
    warning.clear();
    target = good;
    exportSelected->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 30000);
    driver.stop();
    delete menu;
    QVERIFY2(warning.isEmpty(), qPrintable(warning));
    const HarParseResult parsed = parseHar(readAll(good));
    QVERIFY2(parsed.ok(), qPrintable(parsed.error));
    QCOMPARE(parsed.entries.size(), 1);
    QCOMPARE(parsed.entries.at(0).url, m_demo->url(QStringLiteral("/validators/strong-etag")));
}

void TestInteropWindow::importSummaryAndFilter()
{
    const QString path = m_dir->filePath(QStringLiteral("page.har"));
    QVERIFY(writeAll(path, harFixture(QStringLiteral("page.har"))));
    QString error;
    QVERIFY2(actions()->importHar(path, &error), qPrintable(error));
    HarImportPage *page = actions()->harImportPage();
    QVERIFY(page);
    QCOMPARE(m_window->findChild<QTabWidget *>(QStringLiteral("pages"))->currentWidget(), page);
    QCOMPARE(page->table()->model()->rowCount(), 10);
    QVERIFY2(page->summaryLabel()->text().startsWith(QStringLiteral("5 of 10 responses can be revalidated; 1 has no "
                                                                    "validator; 2 are no-store")),
        qPrintable(page->summaryLabel()->text()));
    QVERIFY(page->summaryLabel()->text().contains(QStringLiteral("potential saving on revisit: 1.1 MB")));

    // The category filter, then words.
    page->setFilter(QString(), int(HarCacheability::NoStore));
    QCOMPARE(page->proxy()->rowCount(), 2);
    page->setFilter(QStringLiteral("cart"), int(HarCacheability::NoStore));
    QCOMPARE(page->proxy()->rowCount(), 1);
    page->setFilter(QStringLiteral("post"), -1); // the POST and /video-poster.jpg: any case
    QCOMPARE(page->proxy()->rowCount(), 2);
    QTest::keyClicks(page->filterEdit(), QStringLiteral("xyz"));
    QCOMPARE(page->proxy()->rowCount(), 0);
    page->setFilter(QString(), -1);
    QCOMPARE(page->proxy()->rowCount(), 10);

    // Sorting by saving puts the biggest first (numbers, not text).
    page->table()->sortByColumn(HarImportModel::SavingColumn, Qt::DescendingOrder);
    const int top = page->proxy()->mapToSource(page->proxy()->index(0, 0)).row();
    qint64 biggest = 0;
    for (int row = 0; row < page->model()->rowCount(); ++row)
        biggest = qMax(biggest, page->model()->verdict(row).potentialSaving);
    QVERIFY(biggest > 100000);
    QCOMPARE(page->model()->verdict(top).potentialSaving, biggest);
    // The selected entry's diagnosis is spelled out below the table.
    page->selectRows({ top });
    QVERIFY(page->detailsView()->toPlainText().contains(QStringLiteral("can be revalidated")));
}

void TestInteropWindow::importMalformedLoadsNothing_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::addRow("truncated") << QByteArray("{\"log\": {\"entries\": [") << QStringLiteral("is not a usable HAR file");
    QTest::addRow("bad status") << QByteArray(
        "{\"log\": {\"version\": \"1.2\", \"entries\": [{\"request\": {\"method\": "
        "\"GET\", \"url\": \"https://a.example/\"}, \"response\": {\"status\": "
        "true}}]}}") << QStringLiteral("log.entries[0].response.status");
    QTest::addRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0", 10) << QStringLiteral("is not a usable HAR file");
}

void TestInteropWindow::importMalformedLoadsNothing()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const QString path = m_dir->filePath(QStringLiteral("bad.har"));
    QVERIFY(writeAll(path, json));
    QString error;
    QVERIFY(!actions()->importHar(path, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    // No page for a file that did not load.
    QVERIFY(!actions()->harImportPage());
    QVERIFY(!m_window->findChild<HarImportPage *>());
    QVERIFY(!actions()->importHar(m_dir->filePath(QStringLiteral("missing.har")), &error));
    QVERIFY2(error.startsWith(QStringLiteral("Cannot read")), qPrintable(error));

    // With a file shown, a bad one leaves it as it was.
    const QString good = m_dir->filePath(QStringLiteral("firefox.har"));
    QVERIFY(writeAll(good, harFixture(QStringLiteral("firefox.har"))));
    QVERIFY2(actions()->importHar(good, &error), qPrintable(error));
    const QString summary = actions()->harImportPage()->summaryLabel()->text();
    QVERIFY(!actions()->importHar(path, &error));
    QCOMPARE(actions()->harImportPage()->model()->rowCount(), 5);
    QCOMPARE(actions()->harImportPage()->summaryLabel()->text(), summary);
    QCOMPARE(actions()->harImportPage()->source(), QStringLiteral("firefox.har"));
}

void TestInteropWindow::importRevalidatesAgainstALocalOrigin()
{
    ScriptedOrigin origin;
    QVERIFY2(origin.start(), qPrintable(origin.errorString()));
    // 304 when the validator the HAR shows comes back, else a new 200.
    origin.setHandler([](const RecordedRequest &request, int) {
        if (request.header("If-None-Match") == "\"a1\"")
            return ScriptedResponse::make(304, { { "ETag", "\"a1\"" }, { "Cache-Control", "max-age=600" } });
        return ScriptedResponse::make(200, { { "ETag", "\"a2\"" }, { "Cache-Control", "max-age=600" } }, "new body");
    });
    // The fixture page, served by the local origin.
    QByteArray json = harFixture(QStringLiteral("page.har"));
    json.replace("https://site.example", origin.baseUrl().toString().toUtf8());
    const QString path = m_dir->filePath(QStringLiteral("local.har"));
    QVERIFY(writeAll(path, json));
    QString error;
    QVERIFY2(actions()->importHar(path, &error), qPrintable(error));
    HarImportPage *page = actions()->harImportPage();
    HarImportModel *model = page->model();
    int appJs = -1;
    int order = -1;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->entry(row).url.path() == QLatin1String("/app.js"))
            appJs = row;
        if (model->entry(row).method == "POST")
            order = row;
    }
    QVERIFY(appJs >= 0 && order >= 0);
    page->selectRows({ appJs, order });
    QCOMPARE(page->selectedRows().size(), 2);
    QVERIFY(page->findChild<QWidget *>(QStringLiteral("harRevalidate"))->isEnabled());
    QSignalSpy finished(page, &HarImportPage::revalidationsFinished);
    page->revalidateSelected();
    QVERIFY(finished.wait(10000));
    QCOMPARE(origin.requestCount(), 1); // the POST is not sent
    QCOMPARE(origin.lastRequest().method, QByteArray("GET"));
    QCOMPARE(origin.lastRequest().header("If-None-Match"), QByteArray("\"a1\""));
    QVERIFY2(model->result(appJs).startsWith(QStringLiteral("304")), qPrintable(model->result(appJs)));
    QVERIFY(model->result(appJs).contains(QStringLiteral("validators from the HAR")));
    QVERIFY(model->result(order).startsWith(QStringLiteral("not sent")));

    // The 304 found nothing stored; a second round gets the 200 into the store, a third uses the store's tag.
    origin.setHandler([](const RecordedRequest &request, int) {
        if (request.header("If-None-Match") == "\"a2\"")
            return ScriptedResponse::make(304, { { "ETag", "\"a2\"" }, { "Cache-Control", "max-age=600" } });
        return ScriptedResponse::make(200, { { "ETag", "\"a2\"" }, { "Cache-Control", "max-age=600" } }, "new body");
    });
    QCOMPARE(page->revalidateRows({ appJs }), 1);
    QVERIFY(finished.wait(10000));
    QVERIFY2(model->result(appJs).startsWith(QStringLiteral("200")), qPrintable(model->result(appJs)));
    QCOMPARE(page->revalidateRows({ appJs }), 1);
    QVERIFY(finished.wait(10000));
    QCOMPARE(origin.lastRequest().header("If-None-Match"), QByteArray("\"a2\""));
    QVERIFY2(model->result(appJs).startsWith(QStringLiteral("304")), qPrintable(model->result(appJs)));
    QVERIFY(model->result(appJs).contains(QStringLiteral("validators from the store")));
    QCOMPARE(page->pendingRevalidations(), 0);
}

void TestInteropWindow::importOpensAndWatches()
{
    QByteArray json = harFixture(QStringLiteral("page.har"));
    json.replace("https://site.example", m_demo->baseUrl().toString().toUtf8());
    const QString path = m_dir->filePath(QStringLiteral("demo.har"));
    QVERIFY(writeAll(path, json));
    QString error;
    QVERIFY2(actions()->importHar(path, &error), qPrintable(error));
    HarImportPage *page = actions()->harImportPage();
    HarImportModel *model = page->model();
    int order = -1;
    int me = -1;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->entry(row).method == "POST")
            order = row;
        if (model->entry(row).url.path() == QLatin1String("/me.json"))
            me = row;
    }
    // Open: the request goes to the composer, as the HAR shows it (less what CacheScope must not resend).
    page->selectRows({ order });
    page->openSelected();
    QCOMPARE(m_window->currentViewName(), QStringLiteral("request"));
    QString problem;
    const Request composed = m_window->exchangePage()->composeRequest(&problem);
    QCOMPARE(composed.method, QByteArray("POST"));
    QCOMPARE(composed.url, model->entry(order).url);

    // Watch: the GET URLs of the selection go to the window's watch list (the POST does not).
    QObject::disconnect(page, &HarImportPage::watchRequested, nullptr, nullptr); // no modal dialog here
    QSignalSpy watch(page, &HarImportPage::watchRequested);
    page->selectRows({ order, me });
    page->watchSelected();
    QCOMPARE(watch.size(), 1);
    const QList<QUrl> urls = watch.first().first().value<QList<QUrl>>();
    QCOMPARE(urls, QList<QUrl>({ model->entry(me).url }));
    QStringList errors;
    QCOMPARE(actions()->watchUrls(urls, false, &errors), 1);
    QVERIFY(errors.isEmpty());
    QCOMPARE(m_window->watchListModel()->rowCount(), 1);
    QCOMPARE(m_window->watchListModel()->row(0).url, model->entry(me).url);
}

void TestInteropWindow::withoutStore()
{
    // A window without the validator store still imports and diagnoses; revalidating and watching need it.
    MainWindow plain(m_client, nullptr);
    auto *interop = plain.findChild<InteropActions *>();
    QVERIFY(interop);
    const QString path = m_dir->filePath(QStringLiteral("chrome.har"));
    QVERIFY(writeAll(path, harFixture(QStringLiteral("chrome.har"))));
    QString error;
    QVERIFY2(interop->importHar(path, &error), qPrintable(error));
    HarImportPage *page = interop->harImportPage();
    page->selectRows({ 0 });
    QVERIFY(!page->findChild<QWidget *>(QStringLiteral("harRevalidate"))->isEnabled());
    QVERIFY(page->findChild<QWidget *>(QStringLiteral("harOpen"))->isEnabled());
    QCOMPARE(page->revalidateRows({ 0 }), 0);
    QStringList errors;
    QCOMPARE(interop->watchUrls({ page->model()->entry(0).url }, false, &errors), 0);
    QCOMPARE(errors.size(), 1);
    // Export: nothing stored, nothing in the history yet.
    const QList<HarExportDialog::Choice> choices = interop->exportChoices();
    for (const HarExportDialog::Choice &choice : choices)
        QCOMPARE(choice.count, 0);
    QVERIFY(
        !exportAndWait(interop, HarExportScope::AllStored, m_dir->filePath(QStringLiteral("x.har")), false, &error));
}

void TestInteropWindow::collectionAppendKeepsBytes()
{
    Request request;
    request.method = "POST";
    request.url = QUrl(QStringLiteral("https://api.example/items?x=1"));
    request.headers.append("Content-Type", "application/json");
    request.headers.append("X-Trace", "a b  c");
    request.body = "{\"a\": 1}";
    m_window->exchangePage()->importRequest(request);

    // A hand-written file: a comment, odd spacing, no line break at the end.
    const QByteArray original = "# team requests\n\n### ping\nGET https://api.example/ping\n\n\n# trailing note";
    const QString path = m_dir->filePath(QStringLiteral("team.http"));
    QVERIFY(writeAll(path, original));
    QString error;
    QVERIFY2(actions()->saveRequestToCollection(path, QStringLiteral("create item"), &error), qPrintable(error));
    const QByteArray written = readAll(path);
    QVERIFY(written.startsWith(original));
    const CollectionParseResult parsed = parseCollection(written);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error));
    QCOMPARE(parsed.collection.requests.size(), 2);
    const SavedRequest &saved = parsed.collection.requests.at(1);
    QCOMPARE(saved.name, QStringLiteral("create item"));
    QCOMPARE(saved.request.method, QByteArray("POST"));
    QCOMPARE(saved.request.url, request.url);
    QCOMPARE(saved.request.headers.first("X-Trace"), QByteArray("a b  c"));

    // A new file is created.
    const QString fresh = m_dir->filePath(QStringLiteral("new.http"));
    QVERIFY2(actions()->saveRequestToCollection(fresh, QStringLiteral("one"), &error), qPrintable(error));
    QCOMPARE(parseCollection(readAll(fresh)).collection.requests.size(), 1);
    QVERIFY2(actions()->saveRequestToCollection(fresh, QStringLiteral("two"), &error), qPrintable(error));
    const CollectionParseResult two = parseCollection(readAll(fresh));
    QCOMPARE(two.collection.requests.size(), 2);
    QCOMPARE(two.collection.requests.at(1).name, QStringLiteral("two"));
}

void TestInteropWindow::collectionRefusals_data()
{
    QTest::addColumn<QByteArray>("existing");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::addRow("name taken") << QByteArray("### dup\nGET https://a.example/\n") << QStringLiteral("dup")
                                << QStringLiteral("already has a request named");
    QTest::addRow("file with variables") << QByteArray("### a\nGET https://{{host}}/\n") << QStringLiteral("b")
                                         << QStringLiteral("line 2");
    QTest::addRow("empty name") << QByteArray() << QStringLiteral("   ") << QStringLiteral("Give the request a name");
    QTest::addRow("name with a line break")
        << QByteArray() << QStringLiteral("a\nb") << QStringLiteral("cannot be saved");
}

void TestInteropWindow::collectionRefusals()
{
    QFETCH(QByteArray, existing);
    QFETCH(QString, name);
    QFETCH(QString, expected);
    Request request;
    request.method = "GET";
    request.url = QUrl(QStringLiteral("https://a.example/x"));
    m_window->exchangePage()->importRequest(request);
    const QString path = m_dir->filePath(QStringLiteral("c.http"));
    if (!existing.isEmpty())
        QVERIFY(writeAll(path, existing));
    QString error;
    QVERIFY(!actions()->saveRequestToCollection(path, name, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    // Nothing was written.
    QCOMPARE(readAll(path), existing);
}

void TestInteropWindow::collectionOpensInTheComposer()
{
    const QString path = m_dir->filePath(QStringLiteral("open.http"));
    QVERIFY(writeAll(path,
        "### list\nGET https://a.example/items\nAccept: application/json\n\n### make\nPUT https://a.example/items/1\n"
        "Content-Type: text/plain\n\nhello\n"));
    Collection collection;
    QString error;
    QVERIFY2(InteropActions::readCollection(path, &collection, &error), qPrintable(error));
    CollectionDialog dialog(path, collection, m_window);
    QCOMPARE(dialog.list()->topLevelItemCount(), 2);
    QCOMPARE(dialog.list()->topLevelItem(1)->text(0), QStringLiteral("make"));
    QCOMPARE(dialog.list()->topLevelItem(1)->text(3), QStringLiteral("6"));
    dialog.setCurrentRow(1);
    actions()->openSavedRequest(dialog.chosen());
    QString problem;
    const Request composed = m_window->exchangePage()->composeRequest(&problem);
    QCOMPARE(composed.method, QByteArray("PUT"));
    QCOMPARE(composed.url, QUrl(QStringLiteral("https://a.example/items/1")));
    QCOMPARE(composed.body, QByteArray("hello"));

    // Parse errors name the line.
    QVERIFY(writeAll(path, "### a\nGET https://a.example/\n\n### b\nGET https://{{host}}/x\n"));
    QVERIFY(!InteropActions::readCollection(path, &collection, &error));
    QVERIFY2(error.contains(QStringLiteral("line 5")), qPrintable(error));
}

void TestInteropWindow::historyAsHttp()
{
    QString error;
    QVERIFY(!actions()->exportHistoryAsHttp(m_dir->filePath(QStringLiteral("h.http")), &error));
    Request request;
    request.method = "GET";
    request.url = m_demo->url(QStringLiteral("/validators/strong-etag"));
    request.headers.append("Accept", "application/json");
    QVERIFY(sendRequest(request));
    request.url = m_demo->url(QStringLiteral("/validators/both"));
    QVERIFY(sendRequest(request));
    const QString path = m_dir->filePath(QStringLiteral("h.http"));
    QStringList skipped;
    QVERIFY2(actions()->exportHistoryAsHttp(path, &error, &skipped), qPrintable(error));
    QVERIFY(skipped.isEmpty());
    const CollectionParseResult parsed = parseCollection(readAll(path));
    QVERIFY2(parsed.ok(), qPrintable(parsed.error));
    QCOMPARE(parsed.collection.requests.size(), 2);
    QCOMPARE(parsed.collection.requests.at(0).request.url, m_demo->url(QStringLiteral("/validators/strong-etag")));
    QCOMPARE(parsed.collection.requests.at(1).request.headers.first("Accept"), QByteArray("application/json"));
}

QTEST_MAIN(TestInteropWindow)
#include "tst_interopwindow.moc"
