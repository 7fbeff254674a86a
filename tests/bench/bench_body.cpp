// How long a 50 MB JSON response takes to show in ResponseView, and the longest stall of the event loop
// while it does (issue #8: no stall over 100 ms). Offscreen; a plain executable, never run by ctest:
//   cmake --build build --target bench_body && build/tests/bench/bench_body [MEGABYTES]
//
// A 5 ms repeating timer records the gaps between its ticks: a gap is how long the UI could not react.
// Measured: setExchange() and the first paint, then a second of idle event loop (lazy work shows up
// there), then the same for "Show all" (the user's explicit choice to lay out everything).

#include "bodyview.h"
#include "client/exchange.h"
#include "responseview.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPushButton>
#include <QTimer>

using namespace CacheScope;

namespace {

// A realistic API payload: an array of records with nested objects, numbers and strings.
QByteArray makeJson(qint64 targetBytes)
{
    QByteArray json;
    json.reserve(targetBytes + 512);
    json += "[";
    for (qint64 i = 0; json.size() < targetBytes; ++i) {
        if (i > 0)
            json += ",";
        json += "{\"id\":" + QByteArray::number(9007199254740993LL + i) + ",\"name\":\"item " + QByteArray::number(i)
            + "\",\"price\":" + QByteArray::number(double(i) * 0.37, 'f', 2)
            + ",\"tags\":[\"cache\",\"etag\",\"304\"],\"owner\":{\"login\":\"user" + QByteArray::number(i % 977)
            + "\",\"active\":true,\"score\":null}}";
    }
    json += "]";
    return json;
}

class StallMeter
{
public:
    StallMeter()
    {
        m_timer.setInterval(5);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(
            &m_timer, &QTimer::timeout, [this] { m_longest = std::max(m_longest, m_sinceTick.restart()); });
    }
    void start()
    {
        m_longest = 0;
        m_sinceTick.start();
        m_timer.start();
    }
    // The longest gap, counting the one still open.
    qint64 longest() const { return std::max(m_longest, m_sinceTick.elapsed()); }

private:
    QTimer m_timer;
    QElapsedTimer m_sinceTick;
    qint64 m_longest = 0;
};

void idle(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// Runs `step` from the event loop (so the meter sees the stall it causes), paints, then lets the event loop run
// until the body view has taken in the whole text (it fills the editor a slice per turn) and a second more.
void measure(const char *what, StallMeter &meter, QWidget &window, const std::function<void()> &step)
{
    const auto loading = [&window] {
        const QList<BodyView *> views = window.findChildren<BodyView *>();
        return std::any_of(views.begin(), views.end(), [](const BodyView *view) { return view->isLoading(); });
    };
    QElapsedTimer clock;
    qint64 shown = 0;
    QTimer::singleShot(0, [&] {
        clock.start();
        step();
        window.repaint();
        shown = clock.elapsed();
    });
    meter.start();
    QElapsedTimer complete;
    complete.start();
    idle(50);
    while (loading() && complete.elapsed() < 300000)
        idle(50);
    const qint64 loaded = complete.elapsed();
    idle(1000);
    std::printf("%-34s shown after %6lld ms, all text in after %6lld ms, longest event-loop stall %6lld ms%s\n", what,
        shown, loaded, meter.longest(), meter.longest() > 100 ? "  (over the 100 ms target)" : "");
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", QByteArrayLiteral("offscreen"));
    QApplication app(argc, argv);
    const qint64 megabytes = argc > 1 ? std::max(1, atoi(argv[1])) : 50;

    QElapsedTimer build;
    build.start();
    Exchange exchange;
    exchange.request.url = QUrl(QStringLiteral("http://127.0.0.1/big.json"));
    exchange.httpVersion = "HTTP/1.1";
    exchange.status = 200;
    exchange.reason = "OK";
    exchange.body = makeJson(megabytes * 1000 * 1000);
    exchange.responseHeaders
        = { { "Content-Type", "application/json" }, { "Content-Length", QByteArray::number(exchange.body.size()) },
              { "ETag", "\"big\"" }, { "Cache-Control", "max-age=60" } };
    exchange.rawResponseHead = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n";
    exchange.bytes.responseHeaders = exchange.rawResponseHead.size();
    exchange.bytes.responseBodyWire = exchange.body.size();
    exchange.bytes.responseBodyDecoded = exchange.body.size();
    exchange.timing.totalMs = 420;
    exchange.timing.ttfbMs = 12;
    std::printf("body: %.1f MB of JSON (built in %lld ms)\n", double(exchange.body.size()) / 1e6, build.elapsed());

    ResponseView view;
    view.resize(1200, 800);
    view.show();
    QApplication::processEvents();
    StallMeter meter;

    const QByteArray label = "setExchange (" + QByteArray::number(megabytes) + " MB JSON)";
    measure(label.constData(), meter, view, [&] { view.setExchange(exchange); });
    // CACHESCOPE_BENCH_GRAB=FILE.png saves the view as shown (the preview and its notice), to look at.
    if (const QString grab = qEnvironmentVariable("CACHESCOPE_BENCH_GRAB"); !grab.isEmpty())
        std::printf("view saved to %s: %s\n", qPrintable(grab), view.grab().save(grab) ? "ok" : "FAILED");
    QPushButton *showAll = nullptr;
    for (QPushButton *button : view.findChildren<QPushButton *>()) {
        if (button->objectName() == QLatin1String("bodyShowAll") && button->isVisibleTo(&view))
            showAll = button;
    }
    if (showAll)
        measure("Show all (user's choice)", meter, view, [&] { showAll->click(); });
    else
        std::printf("no \"Show all\" button: the whole body was laid out at once\n");
    measure("clear", meter, view, [&] { view.clear(); });
    return 0;
}
