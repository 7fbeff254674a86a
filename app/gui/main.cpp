// The GUI program: parses the command line, builds the window, and (for docs and tests) renders it to a
// PNG. Everything else lives in ui/ and core/.
#include "cache/validatorstore.h"
#include "cachebrowser.h"
#include "client/httpclient.h"
#include "demo/demoorigin.h"
#include "exchangepage.h"
#include "lessonspanel.h"
#include "mainwindow.h"
#include "theme.h"
#include "timelinepage.h"
#include "util/storelocation.h"
#include "watchlistmodel.h"

#include <cstdio>
#include <memory>
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QIcon>
#include <QPixmap>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>

namespace {

void printError(const QString &message)
{
    std::fprintf(stderr, "cachescope: %s\n", qPrintable(message));
}

// The timeline and cache pages and the watch list read the store on a worker thread: a screenshot waits for
// what they show.
bool pagesLoading(QWidget *window)
{
    for (const auto *list : window->findChildren<CacheScope::WatchListModel *>()) {
        for (const CacheScope::WatchListModel::Row &row : list->rows()) {
            if (row.reading)
                return true;
        }
    }
    for (const auto *page : window->findChildren<CacheScope::TimelinePage *>()) {
        if (page->isLoading())
            return true;
    }
    for (const auto *page : window->findChildren<CacheScope::CacheBrowserPage *>()) {
        if (page->isLoading())
            return true;
    }
    return false;
}

// Renders the window once its layout has settled; exits 0 when the PNG was written, 1 otherwise.
void saveScreenshotAndQuit(QWidget *window, const QString &path)
{
    QTimer::singleShot(100, window, [window, path] {
        if (pagesLoading(window)) {
            saveScreenshotAndQuit(window, path);
            return;
        }
        const QPixmap pixmap = window->grab();
        if (pixmap.isNull() || !pixmap.save(path, "PNG")) {
            printError(QStringLiteral("cannot write the screenshot %1 (check the directory exists and is writable)")
                           .arg(path));
            QApplication::exit(1);
            return;
        }
        QApplication::exit(0);
    });
}

// For tests/bench/bench_startup: prints "first-paint MS" (since main() began) when the window has painted
// once, then quits. The process's own start-up before main() is what the benchmark adds from outside.
class FirstPaintReporter : public QObject
{
public:
    FirstPaintReporter(QWidget *window, const QElapsedTimer &clock)
        : QObject(window)
        , m_clock(clock)
    {
        window->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_reported) {
            m_reported = true;
            // After this paint event has been handled: the frame is then complete.
            QTimer::singleShot(0, this, [this] {
                std::printf("first-paint %lld\n", static_cast<long long>(m_clock.elapsed()));
                std::fflush(stdout);
                QApplication::exit(0);
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QElapsedTimer m_clock;
    bool m_reported = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceMain;
    sinceMain.start();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("CacheScope"));
    QApplication::setOrganizationName(QStringLiteral("CacheScope"));
    QApplication::setApplicationVersion(QStringLiteral(CACHESCOPE_VERSION));
    // Wayland compositors and docks match the window to installer/linux/org.cachescope.CacheScope.desktop.
    QGuiApplication::setDesktopFileName(QStringLiteral("org.cachescope.CacheScope"));
    QIcon icon;
    for (const int size : { 16, 32, 48, 64, 128, 256 })
        icon.addFile(QStringLiteral(":/icons/%1x%1/org.cachescope.CacheScope.png").arg(size));
    QApplication::setWindowIcon(icon);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("CacheScope: an HTTP caching inspector"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption storeOption(QStringLiteral("store"),
        QStringLiteral("Keep settings and the validator store in DIR (default: $CACHESCOPE_STORE or the "
                       "platform's app data folder)."),
        QStringLiteral("DIR"));
    const QCommandLineOption urlOption(
        QStringLiteral("url"), QStringLiteral("Send a GET to URL at start."), QStringLiteral("URL"));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
        QStringLiteral("Open the window, wait for the --url request if any, save the window as FILE.png and exit."),
        QStringLiteral("FILE.png"));
    const QCommandLineOption themeOption(QStringLiteral("color-scheme"),
        QStringLiteral("light, dark or system (default: $CACHESCOPE_COLOR_SCHEME, else system)."),
        QStringLiteral("SCHEME"), qEnvironmentVariable("CACHESCOPE_COLOR_SCHEME"));
    const QCommandLineOption referenceOption(QStringLiteral("reference"),
        QStringLiteral("Open the HTTP reference on TOPIC: a status code (304), a header or directive name (etag, "
                       "max-age) or words to search for."),
        QStringLiteral("TOPIC"));
    const QCommandLineOption noDemoOption(QStringLiteral("no-demo"),
        QStringLiteral("Do not start the embedded demo origin. By default it serves its teaching scenarios on "
                       "127.0.0.1 (a free port) and, without --url or --reference, the window opens on one."));
    const QCommandLineOption revalidateOption(QStringLiteral("revalidate-at-start"),
        QStringLiteral("After the start request, revalidate it once (Request > Revalidate), e.g. for a screenshot of "
                       "a 304 and the bytes it saved."));
    const QCommandLineOption viewOption(QStringLiteral("view"),
        QStringLiteral("Show the view NAME at start (request, diagnostics, reference)."), QStringLiteral("NAME"));
    QCommandLineOption firstPaintOption(QStringLiteral("quit-after-first-paint"),
        QStringLiteral("Print \"first-paint MS\" once the window has painted, and exit (for the start-up benchmark)."));
    firstPaintOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({ storeOption, urlOption, screenshotOption, themeOption, referenceOption, noDemoOption,
        revalidateOption, viewOption, firstPaintOption });
    parser.process(app);

    if (const QString error = CacheScope::applyColorScheme(parser.value(themeOption)); !error.isEmpty()) {
        printError(error);
        return 2;
    }

    const CacheScope::StoreLocation store = CacheScope::StoreLocation::resolve(parser.value(storeOption));
    std::unique_ptr<QSettings> settings;
    if (const QString error = store.ensureExists(); error.isEmpty())
        settings = std::make_unique<QSettings>(store.settingsPath(), QSettings::IniFormat);
    else
        printError(error + QStringLiteral("; settings will not be saved"));

    // Without the store the window still sends and shows requests; it only cannot remember validators.
    CacheScope::ValidatorStore validatorStore;
    if (settings && !validatorStore.open(store)) {
        printError(QStringLiteral("the validator store could not be opened (%1); requests are sent without it")
                       .arg(validatorStore.errorString()));
    } else if (!validatorStore.recoveryNotice().isEmpty()) {
        printError(QStringLiteral("warning: %1").arg(validatorStore.recoveryNotice()));
    }

    CacheScope::HttpClient client;
    CacheScope::MainWindow window(&client, settings.get());
    window.setValidatorStore(&validatorStore);
    if (!validatorStore.isOpen())
        window.statusBar()->showMessage(QStringLiteral("No validator store: %1").arg(validatorStore.errorString()));
    if (parser.isSet(viewOption) && !window.showView(parser.value(viewOption))) {
        printError(QStringLiteral("unknown view '%1' (one of: %2)")
                       .arg(parser.value(viewOption), window.viewNames().join(QStringLiteral(", "))));
        return 2;
    }
    if (parser.isSet(firstPaintOption))
        new FirstPaintReporter(&window, sinceMain);
    window.show();
    if (parser.isSet(referenceOption) && !window.showReference(parser.value(referenceOption)))
        printError(QStringLiteral("nothing in the reference matches '%1'").arg(parser.value(referenceOption)));

    // The demo origin: working URLs from the first second, offline (installer/dev.sh run opens on it).
    CacheScope::DemoOrigin demo;
    QString startUrl = parser.value(urlOption);
    if (!parser.isSet(noDemoOption)) {
        QString error;
        if (!demo.start(0, &error)) {
            printError(QStringLiteral("the demo origin could not start: %1").arg(error));
        } else {
            window.lessonsPanel()->setDemoBaseUrl(demo.baseUrl());
            if (startUrl.isEmpty() && !parser.isSet(referenceOption))
                startUrl = demo.url(QStringLiteral("/validators/strong-etag")).toString();
        }
    }

    const QString screenshot = parser.value(screenshotOption);
    const bool sendAtStart = !startUrl.isEmpty();
    // With --revalidate-at-start the start request is followed by one revalidation; the screenshot waits for it.
    // (Without a store there is nothing to revalidate with: the option is then ignored.)
    const bool revalidateAtStart = sendAtStart && parser.isSet(revalidateOption) && validatorStore.isOpen();
    const int exchangesAtStart = sendAtStart ? (revalidateAtStart ? 2 : 1) : 0;
    auto *page = window.exchangePage();
    if (revalidateAtStart) {
        auto revalidated = std::make_shared<bool>(false);
        QObject::connect(page, &CacheScope::ExchangePage::exchangeFinished, &window, [page, revalidated] {
            if (!*revalidated) {
                *revalidated = true;
                QTimer::singleShot(0, page, [page] { page->revalidate(); });
            }
        });
    }
    if (!screenshot.isEmpty()) {
        if (sendAtStart) {
            auto seen = std::make_shared<int>(0);
            QObject::connect(page, &CacheScope::ExchangePage::exchangeFinished, &window,
                [&window, screenshot, seen, exchangesAtStart] {
                    if (++*seen == exchangesAtStart)
                        saveScreenshotAndQuit(&window, screenshot);
                });
        } else {
            saveScreenshotAndQuit(&window, screenshot);
        }
    }
    if (sendAtStart) {
        // Queued so the window is shown and laid out first. A refused URL shows its error in the window
        // (and a screenshot of it is still taken).
        QTimer::singleShot(0, &window, [&window, &startUrl, &screenshot] {
            if (!window.exchangePage()->sendUrl(startUrl) && !screenshot.isEmpty())
                saveScreenshotAndQuit(&window, screenshot);
        });
    }
    return app.exec();
}
