// The response area with exchanges built by hand: no network involved.
#include "bodyhighlighter.h"
#include "bodyview.h"
#include "diagnosisview.h"
#include "diagnostics/diagnosis.h"
#include "errorpanel.h"
#include "rawexchangeview.h"
#include "reference/reference.h"
#include "referencetopic.h"
#include "responseheadersmodel.h"
#include "responseheadersview.h"
#include "responseview.h"
#include "statusbadge.h"
#include "statusexplanationlabel.h"

#include <cmath>
#include <QCheckBox>
#include <QLabel>
#include <QPlainTextDocumentLayout>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTabWidget>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTextLayout>

using namespace CacheScope;

namespace {

Exchange jsonExchange()
{
    Exchange e;
    e.request.setMethod("GET").setUrl(QUrl(QStringLiteral("http://127.0.0.1:8080/data.json")));
    e.rawRequestHead = "GET /data.json HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: CacheScope\r\n\r\n";
    e.httpVersion = "HTTP/1.1";
    e.status = 200;
    e.reason = "OK";
    e.responseHeaders = HttpHeaders { { "Content-Type", "application/json" }, { "Cache-Control", "max-age=60" },
        { "ETag", "\"v1\"" }, { "Content-Encoding", "gzip" } };
    e.rawResponseHead = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: max-age=60\r\n"
                        "ETag: \"v1\"\r\nContent-Encoding: gzip\r\n\r\n";
    e.body = "{\"name\":\"cachescope\",\"id\":12345678901234567890}";
    e.contentEncoding = "gzip";
    e.peerAddress = QHostAddress(QHostAddress::LocalHost);
    e.peerPort = 8080;
    e.timing.totalMs = 42;
    e.timing.ttfbMs = 12;
    e.bytes.responseHeaders = 310;
    e.bytes.responseBodyWire = 912;
    e.bytes.responseBodyDecoded = 3482;
    return e;
}

} // namespace

class TestResponseView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void emptyAtStart();
    void showsResponse();
    void statusBadge_data();
    void statusBadge();
    void errorWithoutResponse_data();
    void errorWithoutResponse();
    void partialResponseShowsBanner();
    void largeBodyShowAll();
    void longLineGoesInWhole();
    void largeDocumentIsSwappedNotCleared();
    void themeChangeRehighlightsInSteps();
    void binaryBody();
    void rawShowsInterimAndEscapes();
    void pendingAndProgress();
    void diagnosisTab_data();
    void diagnosisTab();
    void statusExplanation_data();
    void statusExplanation();
    void statusExplanationLinkOpensReference();
    void statusExplanationElides();
    void statusExplanationNeedsReference();

private:
    Reference m_reference;
};

void TestResponseView::initTestCase()
{
    // Qt's offscreen platform has no palette of its own worth testing against; make sure widgets lay out.
    QVERIFY(QGuiApplication::platformName() == QLatin1String("offscreen") || !qEnvironmentVariableIsEmpty("DISPLAY"));
}

void TestResponseView::emptyAtStart()
{
    ResponseView view;
    QCOMPARE(view.state(), ResponseView::State::Empty);
    QVERIFY(view.statusBadge()->isHidden());
}

void TestResponseView::showsResponse()
{
    ResponseView view;
    view.resize(900, 600);
    view.show();
    view.setExchange(jsonExchange());
    QCOMPARE(view.state(), ResponseView::State::Response);
    QCOMPARE(view.statusBadge()->text(), QStringLiteral("200 OK"));
    QCOMPARE(view.timingText(), QStringLiteral("Total 42 ms \u00b7 TTFB 12 ms"));
    QCOMPARE(view.sizeText(),
        QStringLiteral("Transferred 1.2 KiB (headers 310 B + body 912 B) \u00b7 Resource 3.4 KiB (gzip)"));
    // Pretty JSON, the 20-digit id exactly as sent.
    QCOMPARE(
        view.bodyView()->text(), QStringLiteral("{\n  \"name\": \"cachescope\",\n  \"id\": 12345678901234567890\n}"));
    QCOMPARE(view.bodyView()->presentation().label, QStringLiteral("JSON"));
    ResponseHeadersModel *headers = view.headersView()->model();
    QCOMPARE(headers->rowCount(), 4);
    QVERIFY(headers->index(1, 0).data(ResponseHeadersModel::CachingRole).toBool());
    QVERIFY(!headers->index(0, 0).data(ResponseHeadersModel::CachingRole).toBool());
    QVERIFY(view.rawView()->sentText().startsWith(QStringLiteral("GET /data.json HTTP/1.1\nHost: 127.0.0.1:8080\n")));
    QVERIFY(view.rawView()->receivedText().startsWith(QStringLiteral("HTTP/1.1 200 OK\nContent-Type")));
    QVERIFY(view.rawView()->receivedText().contains(QStringLiteral("912 B on the wire (gzip), 47 B decoded")));
    auto *connection = view.findChild<QLabel *>(QStringLiteral("responseConnection"));
    QVERIFY(connection);
    QCOMPARE(connection->text(), QStringLiteral("HTTP/1.1 \u00b7 127.0.0.1:8080"));
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("responseBanner"))->isHidden());
#ifdef CACHESCOPE_HAVE_KSH
    QCOMPARE(view.bodyView()->highlightDefinition(), QStringLiteral("JSON"));
#endif

    // The Pretty switch shows the body as sent.
    view.bodyView()->findChild<QCheckBox *>(QStringLiteral("bodyPretty"))->setChecked(false);
    QCOMPARE(view.bodyView()->text(), QString::fromLatin1(jsonExchange().body));
}

void TestResponseView::statusBadge_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QColor>("color");
    QTest::addRow("103") << 103 << QByteArray("Early Hints") << "103 Early Hints" << QColor(0x6e, 0x77, 0x81);
    QTest::addRow("200") << 200 << QByteArray("OK") << "200 OK" << QColor(0x1a, 0x7f, 0x37);
    QTest::addRow("304") << 304 << QByteArray("Not Modified") << "304 Not Modified" << QColor(0x09, 0x69, 0xda);
    QTest::addRow("404") << 404 << QByteArray("Not Found") << "404 Not Found" << QColor(0xbc, 0x4c, 0x00);
    QTest::addRow("503") << 503 << QByteArray("Service Unavailable") << "503 Service Unavailable"
                         << QColor(0xcf, 0x22, 0x2e);
    QTest::addRow("empty reason gets the standard one")
        << 304 << QByteArray() << "304 Not Modified" << QColor(0x09, 0x69, 0xda);
    QTest::addRow("custom reason kept") << 200 << QByteArray("Fine") << "200 Fine" << QColor(0x1a, 0x7f, 0x37);
    QTest::addRow("unknown code, no reason") << 299 << QByteArray() << "299" << QColor(0x1a, 0x7f, 0x37);
    QTest::addRow("out of range") << 999 << QByteArray("Odd") << "999 Odd" << QColor(0x6e, 0x77, 0x81);
    QTest::addRow("whitespace reason") << 404 << QByteArray("  ") << "404 Not Found" << QColor(0xbc, 0x4c, 0x00);
}

void TestResponseView::statusBadge()
{
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QFETCH(QString, text);
    QFETCH(QColor, color);
    StatusBadge badge;
    badge.setStatus(status, reason);
    QCOMPARE(badge.text(), text);
    QCOMPARE(StatusBadge::colorForStatus(status), color);
    QVERIFY(badge.styleSheet().contains(color.name()));
    // White text on every fill: contrast ratio of at least 4.5:1 (WCAG AA) on light and dark windows alike.
    auto luminance = [](const QColor &c) {
        auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double contrast = 1.05 / (luminance(color) + 0.05);
    QVERIFY2(contrast >= 4.5, qPrintable(QString::number(contrast)));
}

void TestResponseView::errorWithoutResponse_data()
{
    QTest::addColumn<int>("error");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("hintFragment");
    QTest::addRow("host not found") << int(ExchangeError::HostNotFound) << "no such host: nowhere.invalid"
                                    << "Host not found"
                                    << "spelling";
    QTest::addRow("refused") << int(ExchangeError::ConnectionRefused) << "connection refused by 127.0.0.1:1"
                             << "Connection refused"
                             << "port";
    QTest::addRow("tls") << int(ExchangeError::Tls) << "certificate expired"
                         << "TLS handshake failed"
                         << "certificate";
    QTest::addRow("timeout") << int(ExchangeError::Timeout) << "no answer within 30 s"
                             << "The request timed out"
                             << "reachable";
    QTest::addRow("malformed URL") << int(ExchangeError::InvalidRequest) << "malformed URL: bad port"
                                   << "The request is not valid"
                                   << "Nothing was sent";
    QTest::addRow("scheme") << int(ExchangeError::UnsupportedScheme) << "unsupported scheme 'ftp'"
                            << "Unsupported URL scheme"
                            << "http://";
    QTest::addRow("empty message falls back to title") << int(ExchangeError::Network) << ""
                                                       << "Network error"
                                                       << "network";
}

void TestResponseView::errorWithoutResponse()
{
    QFETCH(int, error);
    QFETCH(QString, message);
    QFETCH(QString, title);
    QFETCH(QString, hintFragment);
    Exchange e;
    e.request.setUrl(QUrl(QStringLiteral("http://nowhere.invalid/")));
    e.error = ExchangeError(error);
    e.errorString = message;
    ResponseView view;
    view.setExchange(e);
    QCOMPARE(view.state(), ResponseView::State::Failed);
    QCOMPARE(view.errorPanel()->title(), title);
    QString shown = message.isEmpty() ? title : message;
    shown[0] = shown.at(0).toUpper();
    QCOMPARE(view.errorPanel()->message(), shown);
    QVERIFY2(view.errorPanel()->hint().contains(hintFragment), qPrintable(view.errorPanel()->hint()));
    QVERIFY(view.errorPanel()
                ->findChild<QLabel *>(QStringLiteral("errorDetails"))
                ->text()
                .contains(QStringLiteral("http://nowhere.invalid/")));
}

void TestResponseView::partialResponseShowsBanner()
{
    Exchange e = jsonExchange();
    e.error = ExchangeError::Decoding;
    e.errorString = QStringLiteral("gzip stream is corrupt");
    ResponseView view;
    view.setExchange(e);
    QCOMPARE(view.state(), ResponseView::State::Response);
    auto *banner = view.findChild<QLabel *>(QStringLiteral("responseBanner"));
    QVERIFY(!banner->isHidden());
    QVERIFY(banner->text().contains(QStringLiteral("gzip stream is corrupt")));
}

void TestResponseView::largeBodyShowAll()
{
    BodyView view;
    BodyFormatOptions options;
    options.fullLimit = 10 * 1024;
    options.previewBytes = 1024;
    view.setFormatOptions(options);
    QByteArray body;
    for (int i = 0; i < 1000; ++i)
        body += "line " + QByteArray::number(i) + " of a large plain text body\n";
    view.setBody(body, "text/plain");
    auto *notice = view.findChild<QLabel *>(QStringLiteral("bodyNotice"));
    auto *showAll = view.findChild<QPushButton *>(QStringLiteral("bodyShowAll"));
    QVERIFY(notice && showAll);
    QVERIFY(!notice->parentWidget()->isHidden());
    QVERIFY(!showAll->isHidden());
    QVERIFY2(notice->text().contains(QStringLiteral("first 1.0 KiB")), qPrintable(notice->text()));
    QCOMPARE(view.text().size(), 1024);
    QTest::mouseClick(showAll, Qt::LeftButton);
    QCOMPARE(view.text().toUtf8(), body);
    // The editor fills a slice per event-loop turn, never splitting a line.
    view.setSliceSize(1000);
    view.showAll();
    QVERIFY(view.isLoading());
    QVERIFY(view.editorText().size() <= 1000);
    QVERIFY(view.editorText().endsWith(QLatin1String("body\n")));
    QTRY_VERIFY(!view.isLoading());
    QCOMPARE(view.editorText().toUtf8(), body);
    QVERIFY(showAll->isHidden());
    // A new body starts truncated again.
    view.setBody(body, "text/plain");
    QCOMPARE(view.text().size(), 1024);
}

void TestResponseView::longLineGoesInWhole()
{
    BodyView view;
    view.setSliceSize(100);
    // A line of 5,000 characters between short ones: inserted in one slice (a line laid out again on every
    // insertion would cost its length squared), the short lines still a slice at a time.
    const QByteArray body = "first\n" + QByteArray(5000, 'x') + "\n" + QByteArray("short line\n").repeated(50);
    auto *editor = view.findChild<QPlainTextEdit *>(QStringLiteral("bodyText"));
    QVERIFY(editor);
    view.setBody(body, "text/plain");
    QVERIFY(view.isLoading());
    QCOMPARE(view.editorText(), QStringLiteral("first\n")); // the first slice ends at the last line break in it
    QList<int> insertionEnds; // of the later slices
    connect(editor->document(), &QTextDocument::contentsChange, &view,
        [&](int position, int, int added) { insertionEnds.append(position + added); });
    QTRY_VERIFY(!view.isLoading());
    QCOMPARE(view.editorText().toUtf8(), body);
    // Every insertion ended after a line break: the long line went in whole, not in 100-character pieces.
    QVERIFY(insertionEnds.size() > 3);
    QVERIFY(insertionEnds.contains(6 + 5001));
    for (const int end : std::as_const(insertionEnds))
        QVERIFY2(body.at(end - 1) == '\n', qPrintable(QString::number(end)));
}

void TestResponseView::largeDocumentIsSwappedNotCleared()
{
    BodyView view;
    auto *editor = view.findChild<QPlainTextEdit *>(QStringLiteral("bodyText"));
    QVERIFY(editor);
    editor->setFont(QFont(QStringLiteral("Monospace"), 17));
    view.setSliceSize(1 << 22);
    BodyFormatOptions options;
    options.fullLimit = qint64(4) << 20;
    view.setFormatOptions(options);
    // 1.2 MB of text: over the size from which the editor's document is freed on another thread.
    const QByteArray big = QByteArray("a line of text that is long enough\n").repeated(35000);
    view.setBody(big, "text/plain");
    QTRY_VERIFY(!view.isLoading());
    QPointer<QTextDocument> old = editor->document();
    QVERIFY(old->characterCount() > 1024 * 1024);

    view.setBody("small", "text/plain");
    QTRY_VERIFY(!view.isLoading());
    QVERIFY(editor->document() != old.data());
    QCOMPARE(editor->toPlainText(), QStringLiteral("small"));
    QCOMPARE(editor->document()->defaultFont().pointSize(), 17);
    QVERIFY(qobject_cast<QPlainTextDocumentLayout *>(editor->document()->documentLayout()));
    QTRY_VERIFY(old.isNull()); // deleted, off the UI thread
    // The highlighter went with the editor to the new document.
    view.setBody("{\"a\": [1, true, \"x\"]}", "application/json");
    QTRY_VERIFY(!view.isLoading());
    if (BodyHighlighter::isAvailable()) {
        QCOMPARE(view.highlightDefinition(), QStringLiteral("JSON"));
        QTRY_VERIFY(!editor->document()->findBlockByNumber(1).layout()->formats().isEmpty());
    }

    // A small document is cleared in place.
    QTextDocument *current = editor->document();
    QVERIFY(current->characterCount() < 1024 * 1024);
    view.setBody("other", "text/plain");
    QTRY_VERIFY(!view.isLoading());
    QCOMPARE(editor->document(), current);
    QCOMPARE(editor->toPlainText(), QStringLiteral("other"));
}

void TestResponseView::themeChangeRehighlightsInSteps()
{
    if (!BodyHighlighter::isAvailable())
        QSKIP("built without KSyntaxHighlighting (CACHESCOPE_SYNTAX_HIGHLIGHTING=OFF)");
    BodyView view;
    QByteArray json = "[\n";
    for (int i = 0; i < 20000; ++i)
        json += "  {\"n\": " + QByteArray::number(i) + ", \"s\": \"text\", \"b\": true},\n";
    json += "  null\n]\n";
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Text, Qt::black);
    view.setPalette(light);
    view.setBody(json, "application/json");
    QTRY_VERIFY(!view.isLoading());
    auto *editor = view.findChild<QPlainTextEdit *>();
    auto *highlighter = view.findChild<BodyHighlighter *>();
    QVERIFY(editor && highlighter);
    QTextDocument *document = editor->document();
    QVERIFY(document->blockCount() > 20000);
    const QTextBlock late = document->findBlockByNumber(document->blockCount() - 4);
    const QList<QTextLayout::FormatRange> lightFormats = late.layout()->formats();
    QVERIFY(!lightFormats.isEmpty());

    // A dark palette: the theme changes at once, the blocks follow a few milliseconds per event-loop turn, so
    // the window is not held for the whole document.
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::Text, Qt::white);
    view.setPalette(dark);
    QVERIFY(highlighter->isRehighlighting());
    QCOMPARE(late.layout()->formats(), lightFormats);
    QTRY_VERIFY_WITH_TIMEOUT(!highlighter->isRehighlighting(), 30000);
    QVERIFY(late.layout()->formats() != lightFormats);
    QCOMPARE(late.layout()->formats().size(), lightFormats.size()); // the same tokens, other colours

    // Back to light, and a new body meanwhile: the stepped pass stops with the old document.
    view.setPalette(light);
    QVERIFY(highlighter->isRehighlighting());
    view.setBody(QByteArray(2 * 1024 * 1024, 'a'), "text/plain");
    view.setBody("{\"a\": 1}", "application/json");
    QTRY_VERIFY(!view.isLoading());
    QTRY_VERIFY(!highlighter->isRehighlighting());
}

void TestResponseView::binaryBody()
{
    BodyView view;
    const QByteArray png = QByteArray("\x89PNG\r\n\x1a\n", 8) + QByteArray(10000, '\x01');
    view.setBody(png, "image/png");
    QCOMPARE(view.presentation().kind, BodyPresentation::Kind::Binary);
    QVERIFY(view.text().startsWith(QStringLiteral("00000000  89 50 4e 47 0d 0a 1a 0a")));
    QCOMPARE(
        view.findChild<QLabel *>(QStringLiteral("bodyFormat"))->text(), QStringLiteral("PNG image \u00b7 9.8 KiB"));
    QVERIFY(view.highlightDefinition().isEmpty());
}

void TestResponseView::rawShowsInterimAndEscapes()
{
    Exchange e = jsonExchange();
    e.interim.append(InterimResponse { 103, "Early Hints", HttpHeaders { { "Link", "</style.css>; rel=preload" } } });
    e.rawResponseHead = QByteArray("HTTP/1.1 200 OK\r\nX-Odd: a\x01"
                                   "b\r\n\r\n");
    e.request.body = "{\"q\":1}";
    e.rawRequestHead = "POST / HTTP/1.1\r\nContent-Length: 7\r\n\r\n";
    const QString received = RawExchangeView::responseText(e);
    QVERIFY2(received.startsWith(QStringLiteral("HTTP/1.1 103 Early Hints\nLink: </style.css>; rel=preload\n\n"
                                                "HTTP/1.1 200 OK\nX-Odd: a\\x01b\n")),
        qPrintable(received));
    QCOMPARE(RawExchangeView::requestText(e, 1024), QStringLiteral("POST / HTTP/1.1\nContent-Length: 7\n\n{\"q\":1}"));
    QVERIFY(RawExchangeView::requestText(e, 3).endsWith(QStringLiteral("{\"q\n[\u2026 4 B more]")));
    QCOMPARE(RawExchangeView::requestText(Exchange(), 10), QStringLiteral("(nothing was sent)"));
    QCOMPARE(RawExchangeView::responseText(Exchange()), QStringLiteral("(no response)"));
    // A lone CR is a control character worth seeing.
    QCOMPARE(RawExchangeView::printable("a\rb\r\n"), QStringLiteral("a\\x0db\n"));
}

void TestResponseView::pendingAndProgress()
{
    ResponseView view;
    Request request;
    request.setUrl(QUrl(QStringLiteral("http://example.test/slow")));
    view.setPending(request);
    QCOMPARE(view.state(), ResponseView::State::Pending);
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("pendingLabel"))->text().contains(QStringLiteral("/slow")));
    view.setProgress(qint64(3) * 1024 * 1024 * 1024, qint64(6) * 1024 * 1024 * 1024); // past int range
    auto *bar = view.findChild<QProgressBar *>();
    QVERIFY(bar);
    QVERIFY(bar->maximum() > 0);
    QCOMPARE(bar->value(), 3 * 1024 * 1024);
    view.setExchange(jsonExchange());
    QCOMPARE(view.state(), ResponseView::State::Response);
    view.clear();
    QCOMPARE(view.state(), ResponseView::State::Empty);
}

void TestResponseView::diagnosisTab_data()
{
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<QString>("expectedCode"); // must be among the notes; empty: must not be any of the two below
    QTest::addRow("strong ETag and max-age")
        << HttpHeaders { { "Cache-Control", "max-age=60" }, { "ETag", "\"v1\"" } } << QString();
    QTest::addRow("no validator") << HttpHeaders { { "Content-Type", "application/json" } }
                                  << QStringLiteral("no-validator");
    QTest::addRow("weak ETag") << HttpHeaders { { "Cache-Control", "max-age=60" }, { "ETag", "W/\"v1\"" } }
                               << QStringLiteral("etag-weak");
    QTest::addRow("unquoted ETag") << HttpHeaders { { "Cache-Control", "max-age=60" }, { "ETag", "v1" } }
                                   << QStringLiteral("etag-malformed");
}

void TestResponseView::diagnosisTab()
{
    QFETCH(HttpHeaders, headers);
    QFETCH(QString, expectedCode);
    Exchange exchange = jsonExchange();
    exchange.responseHeaders = headers;
    ResponseView view;
    view.resize(900, 600);
    view.show();
    view.setExchange(exchange);

    DiagnosisView *diagnosis = view.diagnosisView();
    QVERIFY(diagnosis);
    // The same notes `cachescope-cli get` prints for this exchange, in the same order.
    CachedExchange seen;
    seen.exchange = exchange;
    QCOMPARE(diagnosis->notes(), diagnoseExchange(seen));
    auto *tabs = view.findChild<QTabWidget *>(QStringLiteral("responseTabs"));
    QCOMPARE(tabs->tabText(tabs->indexOf(diagnosis)), QStringLiteral("Diagnosis (%1)").arg(diagnosis->notes().size()));

    QStringList codes;
    for (const TimelineNote &note : diagnosis->notes()) {
        codes << note.code;
        // Every note is shown whole, with its severity.
        QVERIFY2(diagnosis->browser()->toPlainText().contains(note.text), qPrintable(note.text));
    }
    if (expectedCode.isEmpty()) {
        QVERIFY2(!codes.contains(QStringLiteral("no-validator")) && !codes.contains(QStringLiteral("etag-weak")),
            qPrintable(codes.join(QLatin1Char(','))));
        return;
    }
    QVERIFY2(codes.contains(expectedCode), qPrintable(codes.join(QLatin1Char(','))));
    const QString topic = referenceTopicForNote(expectedCode);
    QVERIFY(!topic.isEmpty());
    const QUrl link = DiagnosisView::linkForTopic(topic);
    QVERIFY2(diagnosis->browser()->toHtml().contains(link.toString().toHtmlEscaped()), qPrintable(link.toString()));

    // Following the note's link asks for its reference entry, through the response view.
    QSignalSpy asked(&view, &ResponseView::referenceRequested);
    Q_EMIT diagnosis->browser()->anchorClicked(link);
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked.first().first().toString(), topic);
    Q_EMIT diagnosis->browser()->anchorClicked(QUrl(QStringLiteral("https://example.com/")));
    QCOMPARE(asked.size(), 1); // other links are not reference requests

    if (const QString dir = qEnvironmentVariable("CACHESCOPE_TEST_SCREENSHOTS"); !dir.isEmpty()) {
        tabs->setCurrentWidget(diagnosis);
        view.grab().save(QStringLiteral("%1/diagnosis-%2.png").arg(dir, expectedCode));
    }
}

void TestResponseView::statusExplanation_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QString>("textStart");
    QTest::addColumn<QString>("topic");
    QTest::addRow("304") << 304 << QByteArray("Not Modified") << QStringLiteral("The copy the client already has")
                         << QStringLiteral("ref:status/304");
    QTest::addRow("599 unregistered") << 599 << QByteArray("Network Connect Timeout")
                                      << QStringLiteral("Not a registered code: clients treat it as 500 Internal")
                                      << QStringLiteral("ref:status/599");
    QTest::addRow("101 interim") << 101 << QByteArray() << QStringLiteral("The server accepts the client's Upgrade")
                                 << QStringLiteral("ref:status/101");
    QTest::addRow("999 broken") << 999 << QByteArray("Odd") << QStringLiteral("999 is not an HTTP status code")
                                << QString();
}

void TestResponseView::statusExplanation()
{
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QFETCH(QString, textStart);
    QFETCH(QString, topic);
    ResponseView view;
    view.setReference(&m_reference);
    view.resize(1400, 500);
    view.show();
    Exchange e = jsonExchange();
    e.status = status;
    e.reason = reason;
    view.setExchange(e);
    StatusExplanationLabel *label = view.statusExplanation();
    QVERIFY(label->isVisible());
    QVERIFY2(label->fullText().startsWith(textStart), qPrintable(label->fullText()));
    QCOMPARE(label->topic(), topic);
    if (!topic.isEmpty()) {
        // The reference browser resolves the link to the code's own page (599 shows its class fallback there).
        const ReferenceTopic resolved = ReferenceTopic::resolve(m_reference, label->topic());
        QCOMPARE(resolved.kind, ReferenceTopic::Status);
        QCOMPARE(resolved.code, status);
    }
    QCOMPARE(label->text().contains(QLatin1String("<a href")), !topic.isEmpty());
    QVERIFY(label->toolTip().contains(label->fullText().toHtmlEscaped()));
    // The badge keeps saying the code; the line says what it means, never nothing.
    QVERIFY(view.statusBadge()->text().startsWith(QString::number(status)));

    view.clear();
    QVERIFY(label->isHidden());
}

void TestResponseView::statusExplanationLinkOpensReference()
{
    ResponseView view;
    view.setReference(&m_reference);
    view.resize(1200, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    Exchange e = jsonExchange();
    e.status = 304;
    e.reason = "Not Modified";
    view.setExchange(e);
    QSignalSpy spy(&view, &ResponseView::referenceRequested);
    StatusExplanationLabel *label = view.statusExplanation();
    // A real click on the start of the line (where the link text is).
    const QPoint onLink(label->contentsRect().left() + 6, label->height() / 2);
    QTest::mouseMove(label, onLink);
    QTest::mouseClick(label, Qt::LeftButton, {}, onLink);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("ref:status/304"));
}

void TestResponseView::statusExplanationElides()
{
    ResponseView view;
    view.setReference(&m_reference);
    view.resize(1400, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    Exchange e = jsonExchange();
    e.status = 203; // a long summary
    e.reason = "Non-Authoritative Information";
    view.setExchange(e);
    StatusExplanationLabel *label = view.statusExplanation();
    QCOMPARE(label->shownText(), label->fullText());
    view.resize(480, 500);
    QTRY_VERIFY(label->shownText() != label->fullText());
    QVERIFY(label->shownText().endsWith(QChar(0x2026)));
    QVERIFY(label->toolTip().contains(label->fullText().toHtmlEscaped()));
    // The badge and the timing keep their room; the line is what gives way.
    QVERIFY(view.statusBadge()->width() >= view.statusBadge()->sizeHint().width());
    view.resize(1400, 500);
    QTRY_COMPARE(label->shownText(), label->fullText());
}

void TestResponseView::statusExplanationNeedsReference()
{
    ResponseView view;
    view.resize(900, 500);
    view.show();
    view.setExchange(jsonExchange());
    QVERIFY(view.statusExplanation()->isHidden());
    // Given later, the reference explains the exchange already shown.
    view.setReference(&m_reference);
    QVERIFY(view.statusExplanation()->isVisible());
    QVERIFY(view.statusExplanation()->fullText().startsWith(QStringLiteral("The request succeeded")));
}

QTEST_MAIN(TestResponseView)
#include "tst_responseview.moc"
