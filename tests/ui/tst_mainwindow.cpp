// The window end to end, offscreen: type a URL, press Ctrl+Enter, read the answer served by a local
// QTcpServer that writes raw HTTP/1.1.
#include "bodyeditor.h"
#include "bodyview.h"
#include "client/httpclient.h"
#include "errorpanel.h"
#include "exchangepage.h"
#include "headerseditor.h"
#include "mainwindow.h"
#include "requesteditor.h"
#include "requestheadersmodel.h"
#include "responseheadersmodel.h"
#include "responseheadersview.h"
#include "responseview.h"
#include "statusbadge.h"
#include "urlbar.h"

#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
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

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
