// Captures docs/screenshots/timeline.png and cache.png with real data: the embedded demo origin is
// revalidated into a temporary store, then the TimelinePage and the CacheBrowserPage are grabbed offscreen.
//
//   views_screenshots OUTPUT_DIR [light|dark]
//
// The origin's clock and the revalidator's clock are simulated (a minute per exchange) so a 40-exchange
// watch spans 40 minutes without waiting for it; every response is really served and really parsed.
// The timeline shows the simulated times.

#include "cache/validatorstore.h"
#include "cachebrowser.h"
#include "client/httpclient.h"
#include "client/revalidator.h"
#include "client/timelinestore.h"
#include "client/watchsession.h"
#include "demo/demoorigin.h"
#include "theme.h"
#include "timelinepage.h"

#include <cstdio>
#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>
#include <QTimeZone>

using namespace CacheScope;

namespace {

CachedExchange revalidate(Revalidator &revalidator, const QUrl &url)
{
    Request request;
    request.url = url;
    CachedExchange result;
    QEventLoop loop;
    RevalidationJob *job = revalidator.send(request);
    QObject::connect(job, &RevalidationJob::finished, &loop, [&](const CachedExchange &r) {
        result = r;
        loop.quit();
    });
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    return result;
}

bool save(QWidget &page, const QString &path)
{
    page.show();
    QApplication::processEvents();
    const bool ok = page.grab().save(path);
    std::fprintf(stderr, "%s %s\n", ok ? "wrote" : "cannot write", qPrintable(path));
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", QByteArrayLiteral("offscreen"));
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: views_screenshots OUTPUT_DIR [light|dark]\n");
        return 2;
    }
    const QString scheme = args.value(2, QStringLiteral("light"));
    if (const QString error = applyColorScheme(scheme); !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    const QString suffix = scheme == QLatin1String("dark") ? QStringLiteral("-dark") : QString();

    // The client stamps responses with the wall clock, so the simulated watch ends about now: then the cache
    // browser's freshness (wall clock) agrees with the times the store recorded.
    const qint64 start = QDateTime::currentSecsSinceEpoch() / 600 * 600 - 50 * 60;
    QDateTime now = QDateTime::fromSecsSinceEpoch(start, QTimeZone::utc());
    DemoOrigin origin;
    origin.setClock([&now] { return now; });
    QString error;
    if (!origin.start(0, &error)) {
        std::fprintf(stderr, "cannot start the demo origin: %s\n", qPrintable(error));
        return 1;
    }
    QTemporaryDir dir;
    ValidatorStore store;
    if (!store.open(dir.filePath(QStringLiteral("store.sqlite")))) {
        std::fprintf(stderr, "%s\n", qPrintable(store.errorString()));
        return 1;
    }
    TimelineStore timeline(&store);
    HttpClient client;
    Revalidator revalidator(&client, &store);
    revalidator.setClock([&now] { return now; });

    // A watched resource whose content changes every 10 minutes, revalidated every minute.
    const QUrl watched = origin.url(QStringLiteral("/validators/changing?every=600"));
    std::optional<TimelineEvent> previous;
    for (int i = 0; i < 40; ++i) {
        TimelineEvent event = WatchSession::eventFor(revalidate(revalidator, watched), 1, previous);
        event.time = now; // the simulated watch time, not the wall clock
        timeline.append(event);
        previous = event;
        now = now.addSecs(60);
    }
    // Other scenarios, once or twice each, for the cache browser.
    for (const char *path : { "/validators/strong-etag", "/validators/weak-etag", "/validators/last-modified",
             "/validators/both", "/cache/max-age", "/cache/no-cache", "/cache/must-revalidate", "/vary/accept-encoding",
             "/large", "/bugs/ignores-if-none-match" }) {
        const QUrl url = origin.url(QString::fromLatin1(path));
        revalidate(revalidator, url);
        now = now.addSecs(30);
        if (QByteArrayView(path).startsWith("/validators"))
            revalidate(revalidator, url);
    }

    const QDir out(args.at(1));
    TimelinePage timelinePage(&timeline);
    timelinePage.resize(1100, 680);
    timelinePage.showUrl(watched);
    CacheBrowserPage cachePage(&store);
    cachePage.resize(1300, 420);
    // Both pages read the store on a worker thread: shoot what they show once it has arrived.
    while (timelinePage.isLoading() || cachePage.isLoading())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    const bool ok = save(timelinePage, out.filePath(QStringLiteral("timeline%1.png").arg(suffix)))
        && save(cachePage, out.filePath(QStringLiteral("cache%1.png").arg(suffix)));
    return ok ? 0 : 1;
}
