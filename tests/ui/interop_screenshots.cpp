// Captures docs/screenshots/harimport.png: the window with File > Import HAR… of the page.har fixture, its URLs
// served by a local scripted origin, two entries revalidated for real (a 304 and a changed 200) and one
// selected, so the summary, the diagnosis column, the results and the details pane all show.
//
//   interop_screenshots OUTPUT_DIR [light|dark] [dialogs]
//
// With "dialogs", the Export HAR and collection dialogs are written too (export-dialog.png, collection.png), for
// looking at them; they are not kept in docs/.

#include "cache/validatorstore.h"
#include "client/httpclient.h"
#include "collectiondialog.h"
#include "harexportdialog.h"
#include "harimportmodel.h"
#include "harimportpage.h"
#include "interopactions.h"
#include "mainwindow.h"
#include "sidebar.h"
#include "support/scriptedorigin.h"
#include "theme.h"

#include <cstdio>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace CacheScope;
using namespace CacheScope::TestSupport;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    if (arguments.size() < 2) {
        std::fprintf(stderr, "usage: interop_screenshots OUTPUT_DIR [light|dark]\n");
        return 2;
    }
    if (const QString error = applyColorScheme(arguments.value(2, QStringLiteral("light"))); !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    QTemporaryDir dir;
    ValidatorStore store;
    ScriptedOrigin origin;
    if (!dir.isValid() || !store.open(dir.filePath(QStringLiteral("store.sqlite"))) || !origin.start()) {
        std::fprintf(stderr, "cannot set up: %s\n", qPrintable(origin.errorString()));
        return 1;
    }
    origin.setHandler([](const RecordedRequest &request, int) {
        if (request.header("If-None-Match") == "\"a1\"")
            return ScriptedResponse::make(304, { { "ETag", "\"a1\"" }, { "Cache-Control", "max-age=600" } });
        return ScriptedResponse::make(200, { { "ETag", "\"b7\"" }, { "Cache-Control", "max-age=30" } }, "{}");
    });
    QFile fixture(QStringLiteral(CACHESCOPE_SOURCE_DIR "/tests/interop/data/har/page.har"));
    if (!fixture.open(QIODevice::ReadOnly))
        return 1;
    QByteArray json = fixture.readAll();
    json.replace("https://site.example", origin.baseUrl().toString().toUtf8());
    const QString harPath = dir.filePath(QStringLiteral("site.example.har"));
    QFile har(harPath);
    if (!har.open(QIODevice::WriteOnly) || har.write(json) != json.size())
        return 1;
    har.close();

    HttpClient client;
    MainWindow window(&client, nullptr);
    window.setValidatorStore(&store);
    window.sidebar()->hide(); // room for every column of the page
    window.resize(1400, 820);
    window.show();
    auto *actions = window.findChild<InteropActions *>();
    QString error;
    if (!actions || !actions->importHar(harPath, &error)) {
        std::fprintf(stderr, "import failed: %s\n", qPrintable(error));
        return 1;
    }
    HarImportPage *page = actions->harImportPage();
    QList<int> rows;
    for (int row = 0; row < page->model()->rowCount(); ++row) {
        const QString path = page->model()->entry(row).url.path();
        if (path == QLatin1String("/app.js") || path == QLatin1String("/me.json"))
            rows.append(row);
    }
    QSignalSpy finished(page, &HarImportPage::revalidationsFinished);
    page->revalidateRows(rows);
    if (!finished.wait(10000))
        return 1;
    page->selectRows({ rows.value(0) });
    QApplication::processEvents();
    const QString path = QDir(arguments.at(1)).filePath(QStringLiteral("harimport.png"));
    bool ok = window.grab().save(path);
    std::fprintf(stderr, "%s %s\n", ok ? "wrote" : "cannot write", qPrintable(path));
    if (arguments.value(3) == QLatin1String("dialogs")) {
        HarExportDialog exportDialog(actions->exportChoices(), &window);
        exportDialog.show();
        QApplication::processEvents();
        ok = exportDialog.grab().save(QDir(arguments.at(1)).filePath(QStringLiteral("export-dialog.png"))) && ok;
        const CollectionParseResult collection = parseCollection(
            "# team requests\n### list items\nGET https://api.example/items\nAccept: application/json\n\n"
            "### create item\nPOST https://api.example/items\nContent-Type: application/json\n\n{\"a\": 1}\n");
        CollectionDialog collectionDialog(QStringLiteral("/home/me/team.http"), collection.collection, &window);
        collectionDialog.show();
        QApplication::processEvents();
        ok = collectionDialog.grab().save(QDir(arguments.at(1)).filePath(QStringLiteral("collection.png"))) && ok;
    }
    return ok ? 0 : 1;
}
