// Start-up of the window: time from process start to the first painted window of `cachescope --no-demo`,
// next to a minimal Qt window measured the same way (this program re-run with --minimal-window), and the
// resident memory once started (peak RSS from wait4(), the window quits right after its first paint).
//   bench_startup [--runs N] [--platform NAME]
// Targets (issue 8): under 400 ms, under 2x the minimal window, under 80 MB resident.
// Not a test: run by hand (README, "Performance").
#include "benchsupport.h"

#include <algorithm>
#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>
#include <QWidget>

using namespace CacheScope::Bench;

namespace {

// The reference: the least a Qt Widgets program does to show a window, reporting its first paint exactly as
// `cachescope --quit-after-first-paint` does.
class MinimalWindow : public QWidget
{
public:
    explicit MinimalWindow(const QElapsedTimer &clock)
        : m_clock(clock)
    {
        resize(1280, 800);
    }

protected:
    void paintEvent(QPaintEvent *event) override
    {
        QWidget::paintEvent(event);
        if (m_reported)
            return;
        m_reported = true;
        QTimer::singleShot(0, this, [this] {
            std::printf("first-paint %lld\n", static_cast<long long>(m_clock.elapsed()));
            std::fflush(stdout);
            QApplication::exit(0);
        });
    }

private:
    QElapsedTimer m_clock;
    bool m_reported = false;
};

int runMinimalWindow(int argc, char *argv[])
{
    QElapsedTimer clock;
    clock.start();
    QApplication app(argc, argv);
    MinimalWindow window(clock);
    window.show();
    return app.exec();
}

struct Sample
{
    double wallMs = 0; // process start to the "first-paint" line, seen from here
    double inMainMs = 0; // main() to the first paint, as the program measured it
    double rssMiB = 0;
};

// Runs one start; empty error on success.
QString measure(const QString &program, const QStringList &arguments, Sample &sample)
{
    const ChildRun run = runChild(program, arguments, 20000);
    if (!run.error.isEmpty())
        return run.error;
    for (const ChildLine &line : run.lines) {
        if (line.text.startsWith("first-paint ")) {
            sample.wallMs = double(line.atNs) / 1e6;
            sample.inMainMs = line.text.mid(12).trimmed().toDouble();
            sample.rssMiB = run.peakRssMiB();
            return {};
        }
    }
    return QStringLiteral("%1 did not report its first paint (%2): %3")
        .arg(program, run.describeEnd(), QString::fromLocal8Bit(run.errorOutput.left(400)));
}

void print(const QString &name, const Summary &wall, const Summary &inMain, double rss)
{
    out() << QStringLiteral("%1  first paint: median %2 ms (max %3 ms; %4 ms of it after main())  resident: %5 MB")
                 .arg(name, -16)
                 .arg(wall.median, 0, 'f', 1)
                 .arg(wall.max, 0, 'f', 1)
                 .arg(inMain.median, 0, 'f', 1)
                 .arg(rss, 0, 'f', 1)
          << Qt::endl;
}

} // namespace

int main(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "--minimal-window") == 0)
            return runMinimalWindow(argc, argv);
    }
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    bool ok = true;
    const int runs = int(intOption(args, QStringLiteral("--runs"), 10, 1, 1000, &ok));
    if (!ok || args.contains(QStringLiteral("--help"))) {
        err() << "Usage: bench_startup [--runs N]   (QT_QPA_PLATFORM decides the platform; offscreen by default)"
              << Qt::endl;
        return ok ? 0 : 2;
    }
    // Without a display the offscreen platform still lays out and paints the whole window.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir store; // a store of its own: the user's is not touched, and every run opens the same one
    if (!store.isValid()) {
        err() << "cannot create a temporary directory" << Qt::endl;
        return 2;
    }
    const QString gui = QStringLiteral(CACHESCOPE_GUI_PATH);
    const QStringList guiArgs { QStringLiteral("--no-demo"), QStringLiteral("--store"), store.path(),
        QStringLiteral("--quit-after-first-paint") };
    const QString self = QCoreApplication::applicationFilePath();

    QList<double> guiWall, guiMain, minWall, minMain;
    double guiRss = 0, minRss = 0;
    // Interleaved, after one warm-up of each, so both see the same page cache and machine load.
    for (int i = -1; i < runs; ++i) {
        Sample a, b;
        if (const QString e = measure(gui, guiArgs, a); !e.isEmpty()) {
            err() << e << Qt::endl;
            return 1;
        }
        if (const QString e = measure(self, { QStringLiteral("--minimal-window") }, b); !e.isEmpty()) {
            err() << e << Qt::endl;
            return 1;
        }
        if (i < 0)
            continue;
        guiWall.append(a.wallMs);
        guiMain.append(a.inMainMs);
        minWall.append(b.wallMs);
        minMain.append(b.inMainMs);
        guiRss = std::max(guiRss, a.rssMiB);
        minRss = std::max(minRss, b.rssMiB);
    }
    const Summary gw = summarize(guiWall), gm = summarize(guiMain), mw = summarize(minWall), mm = summarize(minMain);
    out() << "Start-up to the first painted window, " << runs << " runs each (platform "
          << qEnvironmentVariable("QT_QPA_PLATFORM", QStringLiteral("default")) << ")" << Qt::endl;
    print(QStringLiteral("cachescope"), gw, gm, guiRss);
    print(QStringLiteral("minimal window"), mw, mm, minRss);
    const double ratio = mw.median > 0 ? gw.median / mw.median : 0;
    out() << QStringLiteral("ratio %1x").arg(ratio, 0, 'f', 2) << Qt::endl;
    out() << QStringLiteral("targets: under 400 ms %1 | under 2x the minimal window %2 | under 80 MB resident %3")
                 .arg(verdict(gw.median < 400), verdict(ratio < 2.0), verdict(guiRss < 80))
          << Qt::endl;
    return 0;
}
