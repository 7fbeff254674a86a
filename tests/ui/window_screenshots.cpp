// Captures docs/screenshots/window-headers.png: the response area after a real request to the embedded demo
// origin, on its Headers tab, with the tooltip of one caching header drawn where the pointer would be.
//
//   window_screenshots OUTPUT_DIR [light|dark] [PATH [HEADER]]     (default /cache/max-age, Cache-Control)
//
// Tooltips are separate top-level windows, so grabbing the view never contains one: the tooltip text is put in
// a label styled like a tooltip and painted over the grab.

#include "client/httpclient.h"
#include "demo/demoorigin.h"
#include "reference/reference.h"
#include "responseheadersmodel.h"
#include "responseheadersview.h"
#include "responseview.h"
#include "theme.h"

#include <cstdio>
#include <QApplication>
#include <QEventLoop>
#include <QLabel>
#include <QPainter>
#include <QTableView>
#include <QTabWidget>
#include <QTimer>

using namespace CacheScope;

namespace {

Exchange fetch(HttpClient &client, const QUrl &url)
{
    Request request;
    request.url = url;
    Exchange result;
    QEventLoop loop;
    HttpTransfer *transfer = client.send(request);
    QObject::connect(transfer, &HttpTransfer::finished, &loop, [&](const Exchange &exchange) {
        result = exchange;
        loop.quit();
    });
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    return result;
}

QPixmap toolTipPixmap(const QString &html, const QPalette &palette)
{
    QLabel tip;
    tip.setWindowFlags(Qt::ToolTip);
    tip.setPalette(palette);
    tip.setAutoFillBackground(true);
    tip.setBackgroundRole(QPalette::ToolTipBase);
    tip.setForegroundRole(QPalette::ToolTipText);
    tip.setFrameStyle(QFrame::Box | QFrame::Plain);
    tip.setMargin(4);
    tip.setWordWrap(true);
    tip.setTextFormat(Qt::RichText);
    tip.setText(html);
    tip.setFixedWidth(560);
    tip.adjustSize();
    return tip.grab();
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: window_screenshots OUTPUT_DIR [light|dark] [PATH [HEADER]]\n");
        return 2;
    }
    const QString scheme = args.value(2, QStringLiteral("light"));
    if (const QString error = applyColorScheme(scheme); !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    const QString path = args.value(3, QStringLiteral("/cache/max-age"));
    const QByteArray header = args.value(4, QStringLiteral("Cache-Control")).toLatin1();

    DemoOrigin origin;
    QString error;
    if (!origin.start(0, &error)) {
        std::fprintf(stderr, "cannot start the demo origin: %s\n", qPrintable(error));
        return 1;
    }
    HttpClient client;
    const Exchange exchange = fetch(client, origin.url(path));
    if (!exchange.hasResponse()) {
        std::fprintf(stderr, "no response from %s: %s\n", qPrintable(path), qPrintable(exchange.errorString));
        return 1;
    }

    const Reference reference;
    ResponseView view;
    view.setReference(&reference);
    view.resize(980, 470);
    view.setExchange(exchange);
    auto *tabs = view.findChild<QTabWidget *>(QStringLiteral("responseTabs"));
    tabs->setCurrentWidget(view.headersView());
    view.show();
    QApplication::processEvents();

    QPixmap shot = view.grab();
    QTableView *table = view.headersView()->table();
    const ResponseHeadersModel *model = view.headersView()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (!sameHeaderName(model->headers().fields().at(row).name, header))
            continue;
        // Where the pointer rests: on the value, a little below the row, as a real tooltip would appear.
        const QRect cell = table->visualRect(table->model()->index(row, ResponseHeadersModel::ValueColumn));
        const QPoint at = table->viewport()->mapTo(&view, cell.topLeft() + QPoint(60, cell.height() + 6));
        table->selectRow(row);
        shot = view.grab();
        QPainter painter(&shot);
        const QPixmap tip = toolTipPixmap(model->explanationToolTip(row), view.palette());
        painter.drawPixmap(QPoint(qMin(at.x(), shot.width() - tip.width() - 8), at.y()), tip);
        break;
    }
    const QString suffix = scheme == QLatin1String("dark") ? QStringLiteral("-dark") : QString();
    const QString file = QStringLiteral("%1/window-headers%2.png").arg(args.at(1), suffix);
    const bool ok = shot.save(file);
    std::fprintf(stderr, "%s %s\n", ok ? "wrote" : "cannot write", qPrintable(file));
    return ok ? 0 : 1;
}
