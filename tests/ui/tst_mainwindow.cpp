// The window end to end, offscreen: type a URL, press Ctrl+Enter, read the answer served by a local
// QTcpServer that writes raw HTTP/1.1; with the validator store, against the demo origin: store, revalidate,
// timeline, history, watching.
#include "bodyeditor.h"
#include "bodyview.h"
#include "browser/browsercache.h"
#include "cache/validatorstore.h"
#include "cachebrowser.h"
#include "cacheentriesmodel.h"
#include "client/httpclient.h"
#include "client/timelinestore.h"
#include "client/watchsession.h"
#include "conditionalline.h"
#include "demo/demoorigin.h"
#include "errorpanel.h"
#include "exchangepage.h"
#include "formatting.h"
#include "headerseditor.h"
#include "historymodel.h"
#include "mainwindow.h"
#include "requesteditor.h"
#include "requestheadersmodel.h"
#include "responseheadersmodel.h"
#include "responseheadersview.h"
#include "responseview.h"
#include "sidebar.h"
#include "statusbadge.h"
#include "timelinepage.h"
#include "urlbar.h"
#include "watchdialog.h"
#include "watchlistmodel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace CacheScope;

namespace {

// Answers every request with one canned response (or never, to test Cancel) and keeps what it received.
class RawServer : public QObject
{
    Q_OBJECT
public:
    explicit RawServer(QByteArray response)
        : m_response(std::move(response))
    {
        connect(&m_server, &QTcpServer::newConnection, this, &RawServer::accept);
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QString url(const QString &path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }
    void setSilent(bool silent) { m_silent = silent; }
    QList<QByteArray> requests;

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        qsizetype length = 0;
        for (const QByteArray &line : buffer.left(end).split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (buffer.size() < end + 4 + length)
            return;
        requests.append(buffer.left(end + 4 + length));
        buffer.clear();
        if (m_silent)
            return;
        socket->write(m_response);
        socket->disconnectFromHost();
    }
    QTcpServer m_server;
    QByteArray m_response;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    bool m_silent = false;
};

QByteArray jsonResponse()
{
    const QByteArray body = "{\"name\":\"cachescope\",\"items\":[1,2]}";
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: max-age=60\r\nETag: \"v1\"\r\n"
           "Content-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

// A store, settings and the demo origin in a temporary directory: what app/gui/main.cpp sets up.
struct StoreFixture
{
    QTemporaryDir dir;
    ValidatorStore store;
    DemoOrigin demo;
    std::unique_ptr<QSettings> settings;

    bool start()
    {
        if (!dir.isValid() || !store.open(dir.filePath(QStringLiteral("store.sqlite"))) || !demo.start(0))
            return false;
        settings = std::make_unique<QSettings>(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        return true;
    }
    QString url(const QString &path) const { return demo.url(path).toString(); }
};

// Sends what is composed (Ctrl+Enter, or Ctrl+R to revalidate) and waits for the recorded exchange.
bool sendAndWait(MainWindow &window, Qt::Key key = Qt::Key_Return)
{
    QSignalSpy recorded(&window, &MainWindow::exchangeRecorded);
    QLineEdit *url = window.exchangePage()->urlBar()->urlEdit();
    QTest::keyClick(url, key, Qt::ControlModifier);
    return recorded.wait(10000) && recorded.size() == 1;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void typeUrlAndPressCtrlEnter();
    void ctrlEnterFromHeadersAndBody();
    void ctrlLFocusesUrlBar();
    void notModifiedBadge();
    void invalidHeaderBlocksSending();
    void badUrls_data();
    void badUrls();
    void connectionRefused();
    void cancelWhileRunning();
    void rememberedInSettings();
    // With the validator store, against the demo origin.
    void sendThenRevalidateRecordsTheSaving();
    void conditionalLineFollowsTheComposer();
    void conditionalsSwitchedOff();
    void browserModeAnswersFromTheStore();
    void historyComesBackAndOpens();
    void watchFromTheWindow();
    void watchesComeBackPaused();
    void viewsRemembered();
    void shortcutsShownInMenus();
    void withoutStore();

private:
    void showWindow();
    HttpClient *m_client = nullptr;
    MainWindow *m_window = nullptr;
};

void TestMainWindow::init()
{
    m_client = new HttpClient;
    m_window = new MainWindow(m_client, nullptr);
}

void TestMainWindow::cleanup()
{
    delete m_window;
    delete m_client;
}

void TestMainWindow::showWindow()
{
    m_window->show();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window));
}

void TestMainWindow::typeUrlAndPressCtrlEnter()
{
    RawServer server(jsonResponse());
    QVERIFY(server.listen());
    showWindow();
    ExchangePage *page = m_window->exchangePage();
    QLineEdit *url = page->urlBar()->urlEdit();
    url->setFocus();
    QTest::keyClicks(url, server.url(QStringLiteral("/data.json")));
    QSignalSpy finished(page, &ExchangePage::exchangeFinished);
    QTest::keyClick(url, Qt::Key_Return, Qt::ControlModifier);
    // Send turned into Cancel while the request runs.
    QCOMPARE(page->urlBar()->sendButton()->text(), QStringLiteral("Cancel"));
    QVERIFY(finished.wait(10000));
    QCOMPARE(page->urlBar()->sendButton()->text(), QStringLiteral("Send"));

    ResponseView *response = page->responseView();
    QCOMPARE(response->state(), ResponseView::State::Response);
    QCOMPARE(response->statusBadge()->text(), QStringLiteral("200 OK"));
    QCOMPARE(response->bodyView()->text(),
        QStringLiteral("{\n  \"name\": \"cachescope\",\n  \"items\": [\n    1,\n    2\n  ]\n}"));
    QVERIFY(response->timingText().startsWith(QStringLiteral("Total ")));
    QVERIFY(response->sizeText().contains(QStringLiteral("body 35 B")));
    QVERIFY(response->headersView()->model()->rowCount() >= 4);
    QCOMPARE(server.requests.size(), 1);
    QVERIFY(server.requests.first().startsWith("GET /data.json HTTP/1.1\r\n"));
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("200")));
}

void TestMainWindow::ctrlEnterFromHeadersAndBody()
{
    RawServer server(jsonResponse());
    QVERIFY(server.listen());
    showWindow();
    ExchangePage *page = m_window->exchangePage();
    page->urlBar()->setMethod(QStringLiteral("POST"));
    page->urlBar()->setUrlText(server.url(QStringLiteral("/submit")));
    HeadersEditor *headers = page->requestEditor()->headersEditor();
    headers->pasteText(QStringLiteral("X-Trace: abc\nIf-None-Match: \"v0\""));
    BodyEditor *body = page->requestEditor()->bodyEditor();
    body->setContentType(QStringLiteral("application/json"));
    body->setText(QStringLiteral("{\"q\":1}"));

    // From the body editor: Ctrl+Enter sends instead of inserting a line break.
    QSignalSpy finished(page, &ExchangePage::exchangeFinished);
    body->editor()->setFocus();
    QTest::keyClick(body->editor(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(finished.wait(10000));
    QCOMPARE(body->text(), QStringLiteral("{\"q\":1}"));
    QCOMPARE(server.requests.size(), 1);
    const QByteArray sent = server.requests.first();
    QVERIFY2(sent.startsWith("POST /submit HTTP/1.1\r\n"), sent.constData());
    QVERIFY(sent.contains("\r\nX-Trace: abc\r\n"));
    QVERIFY(sent.contains("\r\nIf-None-Match: \"v0\"\r\n"));
    QVERIFY(sent.contains("\r\nContent-Type: application/json\r\n"));
    QVERIFY(sent.endsWith("\r\n\r\n{\"q\":1}"));

    // From the headers table.
    headers->table()->setFocus();
    QTest::keyClick(headers->table(), Qt::Key_Enter, Qt::ControlModifier);
    QVERIFY(finished.wait(10000));
    QCOMPARE(server.requests.size(), 2);
}

void TestMainWindow::ctrlLFocusesUrlBar()
{
    showWindow();
    ExchangePage *page = m_window->exchangePage();
    page->urlBar()->setUrlText(QStringLiteral("http://example.test/"));
    QPlainTextEdit *body = page->requestEditor()->bodyEditor()->editor();
    body->setFocus();
    QTest::keyClick(body, Qt::Key_L, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), page->urlBar()->urlEdit());
    QCOMPARE(page->urlBar()->urlEdit()->selectedText(), QStringLiteral("http://example.test/"));
}

void TestMainWindow::notModifiedBadge()
{
    RawServer server("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nDate: Tue, 01 Jul 2025 10:00:00 GMT\r\n"
                     "Connection: close\r\n\r\n");
    QVERIFY(server.listen());
    QSignalSpy finished(m_window->exchangePage(), &ExchangePage::exchangeFinished);
    QVERIFY(m_window->exchangePage()->sendUrl(server.url(QStringLiteral("/cached"))));
    QVERIFY(finished.wait(10000));
    StatusBadge *badge = m_window->exchangePage()->responseView()->statusBadge();
    QCOMPARE(badge->text(), QStringLiteral("304 Not Modified"));
    QVERIFY(badge->styleSheet().contains(StatusBadge::colorForStatus(304).name()));
}

void TestMainWindow::invalidHeaderBlocksSending()
{
    RawServer server(jsonResponse());
    QVERIFY(server.listen());
    showWindow();
    ExchangePage *page = m_window->exchangePage();
    page->urlBar()->setUrlText(server.url(QStringLiteral("/")));
    RequestHeadersModel *model = page->requestEditor()->headersEditor()->model();
    model->appendRow({ true, QStringLiteral("X-Inject"), QStringLiteral("a\nSet-Cookie: evil=1") });
    QVERIFY(page->requestEditor()->headersEditor()->errorText().contains(QStringLiteral("CR, LF or NUL")));

    QTest::keyClick(page->urlBar()->urlEdit(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(page->responseView()->state(), ResponseView::State::Failed);
    QCOMPARE(page->responseView()->errorPanel()->title(), QStringLiteral("The request is not valid"));
    QVERIFY2(page->responseView()->errorPanel()->message().contains(QStringLiteral("Header row 1")),
        qPrintable(page->responseView()->errorPanel()->message()));
    QVERIFY(!page->isBusy());
    QTest::qWait(50);
    QCOMPARE(server.requests.size(), 0);

    // Disabling the row unblocks sending.
    QVERIFY(model->setData(model->index(0, 0), int(Qt::Unchecked), Qt::CheckStateRole));
    QSignalSpy finished(page, &ExchangePage::exchangeFinished);
    QVERIFY(page->send());
    QVERIFY(finished.wait(10000));
    QCOMPARE(server.requests.size(), 1);
    QVERIFY(!server.requests.first().contains("X-Inject"));
}

void TestMainWindow::badUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("message");
    QTest::addRow("empty") << ""
                           << "The request is not valid"
                           << "empty";
    QTest::addRow("whitespace") << "   "
                                << "The request is not valid"
                                << "empty";
    QTest::addRow("space inside") << "http://exa mple.test/"
                                  << "The request is not valid"
                                  << "whitespace";
    QTest::addRow("ftp") << "ftp://example.test/file"
                         << "Unsupported URL scheme"
                         << "unsupported scheme";
    QTest::addRow("bad port") << "http://example.test:99999/"
                              << "The request is not valid"
                              << "";
    QTest::addRow("no host") << "http:///path"
                             << "The request is not valid"
                             << "";
}

void TestMainWindow::badUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, title);
    QFETCH(QString, message);
    ExchangePage *page = m_window->exchangePage();
    QSignalSpy started(page, &ExchangePage::exchangeStarted);
    QVERIFY(!page->sendUrl(url));
    QCOMPARE(started.size(), 0);
    QCOMPARE(page->responseView()->state(), ResponseView::State::Failed);
    QCOMPARE(page->responseView()->errorPanel()->title(), title);
    QVERIFY2(page->responseView()->errorPanel()->message().contains(message, Qt::CaseInsensitive),
        qPrintable(page->responseView()->errorPanel()->message()));
    QVERIFY(!page->responseView()->errorPanel()->message().isEmpty());
}

void TestMainWindow::connectionRefused()
{
    quint16 port = 0;
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        port = closed.serverPort();
    }
    ExchangePage *page = m_window->exchangePage();
    QSignalSpy finished(page, &ExchangePage::exchangeFinished);
    QVERIFY(page->sendUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)));
    QVERIFY(finished.wait(10000));
    QCOMPARE(page->responseView()->state(), ResponseView::State::Failed);
    QCOMPARE(page->responseView()->errorPanel()->title(), QStringLiteral("Connection refused"));
    QVERIFY(page->responseView()->errorPanel()->hint().contains(QStringLiteral("port")));
}

void TestMainWindow::cancelWhileRunning()
{
    RawServer server(jsonResponse());
    server.setSilent(true);
    QVERIFY(server.listen());
    ExchangePage *page = m_window->exchangePage();
    QSignalSpy busy(page, &ExchangePage::busyChanged);
    QSignalSpy finished(page, &ExchangePage::exchangeFinished);
    QVERIFY(page->sendUrl(server.url(QStringLiteral("/never"))));
    QVERIFY(page->isBusy());
    QCOMPARE(page->responseView()->state(), ResponseView::State::Pending);
    QTRY_COMPARE(server.requests.size(), 1);
    QVERIFY(!page->send()); // one request at a time
    QTest::mouseClick(page->urlBar()->sendButton(), Qt::LeftButton);
    QVERIFY(finished.wait(5000));
    QVERIFY(!page->isBusy());
    QCOMPARE(busy.size(), 2);
    QCOMPARE(page->responseView()->errorPanel()->title(), QStringLiteral("Cancelled"));
    QCOMPARE(page->urlBar()->sendButton()->text(), QStringLiteral("Send"));
}

void TestMainWindow::rememberedInSettings()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("settings.ini"));
    {
        QSettings settings(path, QSettings::IniFormat);
        MainWindow window(m_client, &settings);
        ExchangePage *page = window.exchangePage();
        page->urlBar()->setMethod(QStringLiteral("PURGE"));
        page->urlBar()->setUrlText(QStringLiteral("http://example.test/a?b=c"));
        page->requestEditor()->headersEditor()->pasteText(QStringLiteral("Accept: text/html\nX-Off: 1"));
        RequestHeadersModel *model = page->requestEditor()->headersEditor()->model();
        model->setData(model->index(1, 0), int(Qt::Unchecked), Qt::CheckStateRole);
        page->requestEditor()->bodyEditor()->setText(QStringLiteral("line 1\nline 2 \u00e9"));
        page->requestEditor()->bodyEditor()->setContentType(QStringLiteral("text/plain"));
        window.resize(720, 520); // inside the offscreen screen (800x600): restoreGeometry() fits windows to the screen
        window.saveSettings();
    }
    QSettings settings(path, QSettings::IniFormat);
    MainWindow window(m_client, &settings);
    ExchangePage *page = window.exchangePage();
    QCOMPARE(page->urlBar()->method(), QStringLiteral("PURGE"));
    QCOMPARE(page->urlBar()->urlText(), QStringLiteral("http://example.test/a?b=c"));
    const QList<HeaderRow> rows = page->requestEditor()->headersEditor()->model()->rows();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0), (HeaderRow { true, QStringLiteral("Accept"), QStringLiteral("text/html") }));
    QCOMPARE(rows.at(1), (HeaderRow { false, QStringLiteral("X-Off"), QStringLiteral("1") }));
    QCOMPARE(page->requestEditor()->bodyEditor()->text(), QStringLiteral("line 1\nline 2 \u00e9"));
    QCOMPARE(page->requestEditor()->bodyEditor()->contentType(), QStringLiteral("text/plain"));
    QCOMPARE(window.size(), QSize(720, 520));

    // Without saved state the window opens at its default size.
    MainWindow fresh(m_client, nullptr);
    QCOMPARE(fresh.size(), QSize(1280, 800));
}

void TestMainWindow::sendThenRevalidateRecordsTheSaving()
{
    StoreFixture fixture;
    QVERIFY(fixture.start());
    MainWindow window(m_client, fixture.settings.get());
    window.setValidatorStore(&fixture.store);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ExchangePage *page = window.exchangePage();
    const QString url = fixture.url(QStringLiteral("/validators/strong-etag"));

    // Type a URL, send: 200, stored.
    page->urlBar()->urlEdit()->clear();
    page->urlBar()->urlEdit()->setFocus();
    QTest::keyClicks(page->urlBar()->urlEdit(), url);
    QVERIFY(sendAndWait(window));
    QCOMPARE(page->responseView()->statusBadge()->text(), QStringLiteral("200 OK"));
    QVERIFY2(page->storeText().startsWith(QStringLiteral("Store: stored")), qPrintable(page->storeText()));

    // Ctrl+R: a conditional GET with the stored ETag, answered 304, the saving shown.
    QVERIFY(sendAndWait(window, Qt::Key_R));
    QCOMPARE(page->responseView()->statusBadge()->text(), QStringLiteral("304 Not Modified"));
    QVERIFY2(page->storeText().contains(QStringLiteral("saved")), qPrintable(page->storeText()));

    // Both are in the timeline store, the 304 with what it saved: the stored 200's wire size minus its own.
    TimelineStore *timeline = window.timelineStore();
    const QList<TimelineEvent> events = timeline->events(QUrl(url));
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(0).status, 200);
    QCOMPARE(events.at(0).watchId, 0);
    QCOMPARE(events.at(1).status, 304);
    QVERIFY(events.at(1).sentIfNoneMatch.startsWith("\"strong-"));
    QVERIFY(events.at(1).bytesSaved > 0);
    QCOMPARE(events.at(1).bytesSaved, events.at(0).wireBytes() - events.at(1).wireBytes());
    QVERIFY(page->storeText().contains(Display::bytes(events.at(1).bytesSaved)));

    // And in the history, newest first.
    HistoryModel *history = window.historyModel();
    QCOMPARE(history->rowCount(), 2);
    QCOMPARE(history->index(0, HistoryModel::StatusColumn).data().toString(), QStringLiteral("304"));
    QCOMPARE(history->index(1, HistoryModel::StatusColumn).data().toString(), QStringLiteral("200"));
    QCOMPARE(history->index(0, HistoryModel::MethodColumn).data().toString(), QStringLiteral("GET"));
    QCOMPARE(history->entry(0).event.bytesSaved, events.at(1).bytesSaved);
    QCOMPARE(history->entry(0).event.id, events.at(1).id);

    // The Timeline view follows the URL, the 304 with its saving; the cache browser lists the entry.
    QVERIFY(window.showView(QStringLiteral("timeline")));
    QCOMPARE(window.currentViewName(), QStringLiteral("timeline"));
    TimelinePage *timelinePage = window.timelinePage();
    QCOMPARE(timelinePage->url(), QUrl(url));
    QTRY_VERIFY(!timelinePage->isLoading()); // read off the UI thread
    QCOMPARE(timelinePage->events().size(), 2);
    QCOMPARE(timelinePage->totals().notModified, 1);
    QCOMPARE(timelinePage->totals().bytesSaved, events.at(1).bytesSaved);
    QVERIFY(window.showView(QStringLiteral("cache")));
    CacheBrowserPage *cache = window.cacheBrowser();
    QTRY_VERIFY(!cache->isLoading());
    bool found = false;
    for (int row = 0; row < cache->model()->rowCount(); ++row)
        found = found || cache->model()->index(row, 0).data(CacheEntriesModel::UrlRole).toUrl() == QUrl(url);
    QVERIFY(found);
    // A third exchange refreshes both views.
    QVERIFY(window.showView(QStringLiteral("request")));
    QVERIFY(sendAndWait(window, Qt::Key_R));
    QTRY_COMPARE(timelinePage->events().size(), 3);

    // Open from the cache browser puts the URL into the composer.
    window.exchangePage()->urlBar()->setUrlText(QStringLiteral("http://elsewhere.test/"));
    Q_EMIT cache->openRequested(QUrl(url));
    QCOMPARE(window.exchangePage()->urlBar()->urlText(), url);
    QCOMPARE(window.currentViewName(), QStringLiteral("request"));
}

void TestMainWindow::conditionalLineFollowsTheComposer()
{
    StoreFixture fixture;
    QVERIFY(fixture.start());
    MainWindow window(m_client, nullptr);
    window.setValidatorStore(&fixture.store);
    ExchangePage *page = window.exchangePage();
    ConditionalLine *line = page->conditionalLine();
    const QString url = fixture.url(QStringLiteral("/validators/strong-etag"));
    page->urlBar()->setUrlText(url);
    QTRY_COMPARE(line->text(), QStringLiteral("nothing stored for this URL"));
    QSignalSpy recorded(&window, &MainWindow::exchangeRecorded);
    QVERIFY(page->send());
    QVERIFY(recorded.wait(10000));
    // Right after the exchange the line shows the validator that was just stored.
    const QByteArray etag = window.historyModel()->entry(0).event.receivedEtag;
    QVERIFY(!etag.isEmpty());
    QCOMPARE(line->text(), QStringLiteral("If-None-Match: ") + QString::fromLatin1(etag));

    // It follows edits: another method, a precondition of one's own, another URL (debounced).
    page->urlBar()->setMethod(QStringLiteral("POST"));
    QTRY_VERIFY(line->text().contains(QStringLiteral("POST is not revalidated")));
    page->urlBar()->setMethod(QStringLiteral("GET"));
    page->requestEditor()->headersEditor()->pasteText(QStringLiteral("If-None-Match: \"mine\""));
    QTRY_VERIFY(line->text().contains(QStringLiteral("your If-None-Match is sent as typed")));
    page->requestEditor()->headersEditor()->model()->setRows({});
    page->urlBar()->setUrlText(fixture.url(QStringLiteral("/validators/weak-etag")));
    QTRY_COMPARE(line->text(), QStringLiteral("nothing stored for this URL"));
    page->urlBar()->setUrlText(QStringLiteral("not a url"));
    QTRY_VERIFY(line->text().startsWith(QStringLiteral("none (")));
}

void TestMainWindow::conditionalsSwitchedOff()
{
    StoreFixture fixture;
    QVERIFY(fixture.start());
    MainWindow window(m_client, nullptr);
    window.setValidatorStore(&fixture.store);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ExchangePage *page = window.exchangePage();
    page->urlBar()->setUrlText(fixture.url(QStringLiteral("/validators/strong-etag")));
    QVERIFY(sendAndWait(window));
    page->conditionalLine()->checkBox()->click();
    QVERIFY(!page->conditionalLine()->addConditionals());
    QVERIFY(sendAndWait(window));
    // Nothing conditional was sent: a full 200 again, and the store line says its headers were left out.
    QCOMPARE(page->responseView()->statusBadge()->text(), QStringLiteral("200 OK"));
    QVERIFY(window.historyModel()->entry(0).event.sentIfNoneMatch.isEmpty());
    QVERIFY2(page->storeText().contains(QStringLiteral("not sent")), qPrintable(page->storeText()));
    // Revalidate ignores the switch: it is a conditional GET by definition.
    QVERIFY(sendAndWait(window, Qt::Key_R));
    QCOMPARE(page->responseView()->statusBadge()->text(), QStringLiteral("304 Not Modified"));
}

void TestMainWindow::browserModeAnswersFromTheStore()
{
    StoreFixture fixture;
    QVERIFY(fixture.start());
    MainWindow window(m_client, nullptr);
    window.setValidatorStore(&fixture.store);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ExchangePage *page = window.exchangePage();
    QVERIFY(page->browserModeAction()->isEnabled());
    page->browserModeAction()->setChecked(true);
    page->urlBar()->setUrlText(fixture.url(QStringLiteral("/cache/max-age")));
    const auto sendInBrowserMode = [&]() -> BrowserResult {
        QSignalSpy answered(page, &ExchangePage::browserResultFinished);
        QTest::keyClick(page->urlBar()->urlEdit(), Qt::Key_Return, Qt::ControlModifier);
        if (!answered.wait(10000))
            return {};
        return answered.first().first().value<BrowserResult>();
    };
    // First: nothing stored, fetched from the network (and recorded in the history like any exchange).
    BrowserResult result = sendInBrowserMode();
    QCOMPARE(result.decision, BrowserDecision::Fetched);
    QVERIFY(result.networkUsed);
    QVERIFY2(page->storeText().startsWith(QStringLiteral("Browser cache: fetched")), qPrintable(page->storeText()));
    QTRY_COMPARE(window.historyModel()->rowCount(), 1);
    // Again: fresh, served from the store without asking the server; nothing new in the history.
    result = sendInBrowserMode();
    QCOMPARE(result.decision, BrowserDecision::Fresh);
    QVERIFY(!result.networkUsed);
    QCOMPARE(page->responseView()->statusBadge()->text(), QStringLiteral("200 OK"));
    QVERIFY2(page->storeText().startsWith(QStringLiteral("Browser cache: fresh")), qPrintable(page->storeText()));
    QCOMPARE(window.historyModel()->rowCount(), 1);
    // Inspector mode again: Send goes to the server.
    page->browserModeAction()->setChecked(false);
    QVERIFY(sendAndWait(window));
    QCOMPARE(window.historyModel()->rowCount(), 2);
}

void TestMainWindow::historyComesBackAndOpens()
{
    StoreFixture fixture;
    QVERIFY(fixture.start());
    const QString url = fixture.url(QStringLiteral("/validators/strong-etag"));
    {
        MainWindow window(m_client, fixture.settings.get());
        window.setValidatorStore(&fixture.store);
        window.exchangePage()->urlBar()->setUrlText(url);
        window.exchangePage()->requestEditor()->headersEditor()->pasteText(QStringLiteral("X-Trace: 7"));
        // Shown, as a user's window is when it saves: the dock layout of a window never laid out is not a real
        // one (Qt 6.8 restores its sidebar narrower than the URL column's offset).
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(sendAndWait(window));
        window.saveSettings();
    }
    MainWindow window(m_client, fixture.settings.get());
    window.setValidatorStore(&fixture.store);
    QCOMPARE(window.historyModel()->rowCount(), 1);
    window.exchangePage()->loadRequest(QStringLiteral("HEAD"), QStringLiteral("http://elsewhere.test/"));

    // A click on the row loads the request into the composer and shows the stored facts.
    QTreeView *view = window.sidebar()->historyView();
    window.sidebar()->showHistory();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QModelIndex urlCell = window.historyModel()->index(0, HistoryModel::UrlColumn);
    view->scrollTo(urlCell);
    const QRect rect = view->visualRect(urlCell);
    QVERIFY2(view->viewport()->rect().contains(rect.center()), "the URL cell is outside the sidebar");
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    ExchangePage *page = window.exchangePage();
    QCOMPARE(page->urlBar()->method(), QStringLiteral("GET"));
    QCOMPARE(page->urlBar()->urlText(), url);
    const QList<HeaderRow> rows = page->requestEditor()->headersEditor()->model()->rows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().name, QStringLiteral("X-Trace"));
    QVERIFY2(page->storeText().startsWith(QStringLiteral("History: GET 200")), qPrintable(page->storeText()));
    QVERIFY2(page->storeText().contains(QStringLiteral("Stored now: 200 OK, ETag \"strong-")),
        qPrintable(page->storeText()));
}

void TestMainWindow::watchFromTheWindow()
{
    StoreFixture fixture;
    QVERIFY(fixture.start());
    MainWindow window(m_client, nullptr);
    window.setValidatorStore(&fixture.store);
    const QString url = fixture.url(QStringLiteral("/validators/strong-etag"));
    WatchListModel *list = window.watchListModel();
    QSignalSpy done(window.watchSession(), &WatchSession::itemDone);

    WatchRequest request;
    request.urls = { QUrl(url), QUrl(QStringLiteral("ftp://nope.test/")) };
    request.intervalMs = 0; // back to back
    request.count = 3;
    QStringList errors;
    QCOMPARE(window.watchUrls(request, &errors), 1);
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.first().startsWith(QStringLiteral("ftp://nope.test/")), qPrintable(errors.first()));
    QCOMPARE(list->rowCount(), 1);
    QVERIFY(window.pauseAllAction()->isEnabled());
    QVERIFY(done.wait(10000));

    // One 200, then two 304s: the row shows the last status, the 304 share and the bytes saved (once the
    // stored totals, read on the reader's thread, have arrived: the events seen meanwhile are added to them).
    QTRY_VERIFY(!list->row(0).reading);
    const WatchListModel::Row &row = list->row(0);
    QCOMPARE(row.totals.requests, 3);
    QCOMPARE(row.totals.notModified, 2);
    QCOMPARE(list->index(0, WatchListModel::StatusColumn).data().toString(), QStringLiteral("304"));
    QCOMPARE(list->index(0, WatchListModel::ShareColumn).data().toString(), QStringLiteral("67%"));
    QVERIFY(row.totals.bytesSaved > 0);
    QCOMPARE(row.totals.bytesSaved, window.timelineStore()->totals(QUrl(url))->bytesSaved);
    QVERIFY(WatchListModel::stateText(row).startsWith(QStringLiteral("done")));

    // Resume from the context menu goes on watching (without the count).
    std::unique_ptr<QMenu> menu(window.sidebar()->watchedMenu(0, &window));
    QAction *resume = menu->findChild<QAction *>(QStringLiteral("pauseWatched"));
    QVERIFY(resume);
    QCOMPARE(resume->text(), QStringLiteral("Re&sume"));
    QSignalSpy events(window.watchSession(), &WatchSession::eventRecorded);
    resume->trigger();
    QVERIFY(events.wait(10000));
    QVERIFY(list->row(0).totals.requests >= 4);

    // Pause all stops it; Remove forgets the watched item in the store too.
    window.pauseAllAction()->trigger();
    QTRY_VERIFY(!list->index(0, 0).data(WatchListModel::LiveRole).toBool());
    menu.reset(window.sidebar()->watchedMenu(0, &window));
    menu->findChild<QAction *>(QStringLiteral("removeWatched"))->trigger();
    QCOMPARE(list->rowCount(), 0);
    QVERIFY(window.timelineStore()->watchedItems().isEmpty());
    QVERIFY(!window.pauseAllAction()->isEnabled());
}

void TestMainWindow::watchesComeBackPaused()
{
    StoreFixture fixture;
    QVERIFY(fixture.start());
    const QUrl url(fixture.url(QStringLiteral("/validators/strong-etag")));
    qint64 saved = 0;
    {
        MainWindow window(m_client, nullptr);
        window.setValidatorStore(&fixture.store);
        QSignalSpy done(window.watchSession(), &WatchSession::itemDone);
        QCOMPARE(window.watchUrls(WatchRequest { { url }, WatchMode::Interval, 0, 2 }), 1);
        QVERIFY(done.wait(10000));
        QTRY_VERIFY(!window.watchListModel()->row(0).reading);
        saved = window.watchListModel()->row(0).totals.bytesSaved;
        QVERIFY(saved > 0);
    }
    QSignalSpy served(&fixture.demo, &DemoOrigin::requestServed);
    MainWindow window(m_client, nullptr);
    window.setValidatorStore(&fixture.store);
    QTRY_COMPARE(window.watchListModel()->rowCount(), 1);
    // Listed first, its stored totals read off the UI thread and shown when they arrive.
    QTRY_VERIFY(!window.watchListModel()->row(0).reading);
    const WatchListModel::Row &row = window.watchListModel()->row(0);
    QCOMPARE(row.url, url);
    QCOMPARE(row.totals.bytesSaved, saved);
    QCOMPARE(row.lastStatus, 304);
    QVERIFY(!window.watchListModel()->index(0, 0).data(WatchListModel::LiveRole).toBool());
    QCOMPARE(window.watchSession()->inFlightCount(), 0);
    // Resume all starts it again.
    QSignalSpy events(window.watchSession(), &WatchSession::eventRecorded);
    window.resumeAllAction()->trigger();
    QVERIFY(events.wait(10000));
    QVERIFY(served.size() >= 1);
    QVERIFY(window.watchListModel()->index(0, 0).data(WatchListModel::LiveRole).toBool());
}

void TestMainWindow::viewsRemembered()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    {
        MainWindow window(m_client, &settings);
        QVERIFY(!window.hasReferenceBrowser());
        QCOMPARE(window.currentViewName(), QStringLiteral("request"));
        QVERIFY(window.showView(QStringLiteral("reference")));
        QVERIFY(!window.showView(QStringLiteral("no such view")));
        window.saveSettings();
    }
    {
        MainWindow window(m_client, &settings);
        QVERIFY(window.hasReferenceBrowser());
        QCOMPARE(window.currentViewName(), QStringLiteral("reference"));
        window.showView(QStringLiteral("diagnostics"));
        QCOMPARE(window.currentViewName(), QStringLiteral("request"));
        window.saveSettings();
    }
    MainWindow window(m_client, &settings);
    QCOMPARE(window.currentViewName(), QStringLiteral("request"));
}

void TestMainWindow::shortcutsShownInMenus()
{
    // Every action of the Request menu with its shortcut, so the menu shows it.
    QHash<QString, QKeySequence> shortcuts;
    for (QAction *menuAction : m_window->menuBar()->actions()) {
        if (!menuAction->menu())
            continue;
        for (QAction *action : menuAction->menu()->actions())
            shortcuts.insert(action->text(), action->shortcut());
    }
    QCOMPARE(shortcuts.value(QStringLiteral("&Send")), QKeySequence(Qt::CTRL | Qt::Key_Return));
    QCOMPARE(shortcuts.value(QStringLiteral("&Revalidate")), QKeySequence(Qt::CTRL | Qt::Key_R));
    QCOMPARE(shortcuts.value(QStringLiteral("&Watch\u2026")), QKeySequence(Qt::CTRL | Qt::Key_W));
    QCOMPARE(shortcuts.value(QStringLiteral("Go to &URL Bar")), QKeySequence(Qt::CTRL | Qt::Key_L));
}

void TestMainWindow::withoutStore()
{
    // The window works without a store: plain requests, the line says why nothing is added, no watching.
    ExchangePage *page = m_window->exchangePage();
    QVERIFY(page->conditionalLine()->text().startsWith(QStringLiteral("none (no validator store")));
    QVERIFY(!page->revalidateAction()->isEnabled());
    QVERIFY(!page->revalidate());
    QVERIFY(!m_window->watchAction()->isEnabled());
    QStringList errors;
    QCOMPARE(m_window->watchUrls(WatchRequest { { QUrl(QStringLiteral("http://a.test/")) } }, &errors), 0);
    QCOMPARE(errors.size(), 1);
    // A store that is not open counts as none.
    ValidatorStore closed;
    m_window->setValidatorStore(&closed);
    QVERIFY(!m_window->watchAction()->isEnabled());
    QVERIFY(m_window->revalidator() == nullptr);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
