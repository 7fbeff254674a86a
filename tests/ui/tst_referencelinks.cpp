// The ways into the reference from elsewhere in the window: the status badge, the response headers table
// (double-click and its Explain menu), F1, Help > HTTP reference, and diagnosis notes.
#include "client/httpclient.h"
#include "diagnostics/diagnosis.h"
#include "exchangepage.h"
#include "headerseditor.h"
#include "mainwindow.h"
#include "reference/reference.h"
#include "referencebrowser.h"
#include "referencedetail.h"
#include "requesteditor.h"
#include "requestheadersmodel.h"
#include "responseheadersmodel.h"
#include "responseheadersview.h"
#include "responseview.h"
#include "statusbadge.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QTableView>
#include <QTabWidget>
#include <QTest>
#include <QTimer>

using namespace CacheScope;

using Choices = QList<std::pair<QString, QString>>;

namespace {

Exchange exchangeWith(int status, const HttpHeaders &headers)
{
    Exchange e;
    e.request.setMethod("GET").setUrl(QUrl(QStringLiteral("http://127.0.0.1:8080/")));
    e.httpVersion = "HTTP/1.1";
    e.status = status;
    e.responseHeaders = headers;
    return e;
}

int rowOf(const ResponseHeadersView &view, const QString &name)
{
    for (int row = 0; row < view.table()->model()->rowCount(); ++row) {
        if (view.table()->model()->index(row, ResponseHeadersModel::NameColumn).data().toString() == name)
            return row;
    }
    return -1;
}

} // namespace

class TestReferenceLinks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void badgeClick_data();
    void badgeClick();
    void headerChoices_data();
    void headerChoices();
    void headerChoicesWithoutReference();
    void doubleClickOnHeader();
    void contextMenuOffersDirectives();
    void windowOpensTheReference();
    void badgeInTheWindow();
    void f1OnHeaderRow();
    void f1ElsewhereExplainsTheStatus();
    void f1OnRequestHeader();
    void diagnosisNotes();

private:
    Reference m_reference;
};

void TestReferenceLinks::badgeClick_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("failure");
    QTest::addColumn<Qt::MouseButton>("button");
    QTest::addColumn<int>("drag");
    QTest::addColumn<QString>("topic"); // empty: no signal

    QTest::addRow("click") << 304 << false << Qt::LeftButton << 0 << "304";
    QTest::addRow("unknown code") << 299 << false << Qt::LeftButton << 0 << "299";
    QTest::addRow("drag selects instead") << 304 << false << Qt::LeftButton << 40 << "";
    QTest::addRow("right button") << 304 << false << Qt::RightButton << 0 << "";
    QTest::addRow("failure badge") << 0 << true << Qt::LeftButton << 0 << "";
}

void TestReferenceLinks::badgeClick()
{
    QFETCH(int, status);
    QFETCH(bool, failure);
    QFETCH(Qt::MouseButton, button);
    QFETCH(int, drag);
    QFETCH(QString, topic);
    StatusBadge badge;
    if (failure)
        badge.setFailure(QStringLiteral("Failed"));
    else
        badge.setStatus(status, {});
    badge.resize(200, 30);
    badge.show();
    QVERIFY(QTest::qWaitForWindowExposed(&badge));
    QSignalSpy requested(&badge, &StatusBadge::referenceRequested);
    QTest::mousePress(&badge, button, {}, QPoint(5, 10));
    QTest::mouseRelease(&badge, button, {}, QPoint(5 + drag, 10));
    QCOMPARE(requested.count(), topic.isEmpty() ? 0 : 1);
    if (!topic.isEmpty())
        QCOMPARE(requested.first().first().toString(), topic);
}

void TestReferenceLinks::headerChoices_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<Choices>("choices");

    QTest::addRow("header") << "ETag"
                            << Choices { { QStringLiteral("Explain ETag"), QStringLiteral("ref:header/ETag") } };
    QTest::addRow("directives once each, request-only and unknown ones left out")
        << "Cache-Control"
        << Choices { { QStringLiteral("Explain Cache-Control"), QStringLiteral("ref:header/Cache-Control") },
               { QStringLiteral("Explain public"), QStringLiteral("ref:directive/Cache-Control/response/public") },
               { QStringLiteral("Explain max-age"), QStringLiteral("ref:directive/Cache-Control/response/max-age") },
               { QStringLiteral("Explain s-maxage"),
                   QStringLiteral("ref:directive/Cache-Control/response/s-maxage") } };
    QTest::addRow("not in the reference")
        << "X-Cache" << Choices { { QStringLiteral("Search the reference for X-Cache"), QStringLiteral("X-Cache") } };
    QTest::addRow("other case") << "vary"
                                << Choices { { QStringLiteral("Explain Vary"), QStringLiteral("ref:header/Vary") } };
}

void TestReferenceLinks::headerChoices()
{
    QFETCH(QString, header);
    QFETCH(Choices, choices);
    ResponseHeadersView view;
    view.setReference(&m_reference);
    view.setHeaders(HttpHeaders { { "ETag", "\"v1\"" },
        { "Cache-Control", "PUBLIC, max-age=60, s-maxage=10, max-age=5, x-made-up, only-if-cached, =broken" },
        { "X-Cache", "HIT" }, { "vary", "Accept-Encoding" } });
    const int row = rowOf(view, header);
    QVERIFY(row >= 0);
    QCOMPARE(view.explainChoices(row), choices);
    QVERIFY(view.explainChoices(99).isEmpty());
    QVERIFY(view.explainChoices(-1).isEmpty());
}

void TestReferenceLinks::headerChoicesWithoutReference()
{
    ResponseHeadersView view;
    view.setHeaders(HttpHeaders { { "X-Cache", "HIT" } });
    QCOMPARE(view.explainChoices(0), (Choices { { QStringLiteral("Explain X-Cache"), QStringLiteral("X-Cache") } }));
}

void TestReferenceLinks::doubleClickOnHeader()
{
    ResponseHeadersView view;
    view.setReference(&m_reference);
    view.setHeaders(HttpHeaders { { "Date", "Thu, 01 Jan 2026 00:00:00 GMT" }, { "Last-Modified", "x" } });
    view.resize(600, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy requested(&view, &ResponseHeadersView::referenceRequested);
    for (int column : { int(ResponseHeadersModel::NameColumn), int(ResponseHeadersModel::ValueColumn) }) {
        const QRect cell = view.table()->visualRect(view.table()->model()->index(1, column));
        QVERIFY(cell.isValid());
        // A double-click arrives after the press and release of the first click.
        QTest::mouseClick(view.table()->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(view.table()->viewport(), Qt::LeftButton, {}, cell.center());
    }
    QCOMPARE(requested.count(), 2);
    QCOMPARE(requested.at(0).first().toString(), QStringLiteral("ref:header/Last-Modified"));
    QCOMPARE(requested.at(1).first().toString(), QStringLiteral("ref:header/Last-Modified"));
    view.table()->setCurrentIndex(view.table()->model()->index(0, 1));
    QCOMPARE(view.currentTopic(), QStringLiteral("Date"));
}

void TestReferenceLinks::contextMenuOffersDirectives()
{
    ResponseHeadersView view;
    view.setReference(&m_reference);
    view.setHeaders(HttpHeaders { { "Cache-Control", "no-cache, stale-while-revalidate=30" } });
    view.resize(600, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy requested(&view, &ResponseHeadersView::referenceRequested);
    QStringList shown;
    // The menu runs its own event loop: read it and pick an entry from inside that loop.
    QTimer::singleShot(0, &view, [&shown] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu)
            return;
        QAction *pick = nullptr;
        for (QAction *action : menu->actions()) {
            if (action->isSeparator())
                continue;
            shown.append(action->text());
            if (action->text() == QLatin1String("Explain stale-while-revalidate"))
                pick = action;
        }
        if (pick)
            pick->trigger();
        menu->close();
    });
    const QRect cell = view.table()->visualRect(view.table()->model()->index(0, ResponseHeadersModel::ValueColumn));
    Q_EMIT view.table()->customContextMenuRequested(cell.center());
    QCOMPARE(shown,
        (QStringList { QStringLiteral("Explain Cache-Control"), QStringLiteral("Explain no-cache"),
            QStringLiteral("Explain stale-while-revalidate") }));
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.first().first().toString(),
        QStringLiteral("ref:directive/Cache-Control/response/stale-while-revalidate"));
}

void TestReferenceLinks::windowOpensTheReference()
{
    HttpClient client;
    MainWindow window(&client, nullptr, nullptr, &m_reference);
    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
    QVERIFY(pages);
    // Nothing is built until it is asked for.
    QVERIFY(!window.hasReferenceBrowser());
    QCOMPARE(pages->count(), 1);

    QCOMPARE(window.openReferenceAction()->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+R")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openReferenceAction()->trigger();
    QVERIFY(window.hasReferenceBrowser());
    QCOMPARE(pages->currentWidget(), window.referenceBrowser());
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(window.referenceBrowser()->searchField()));

    QVERIFY(window.showReference(QStringLiteral("no-store")));
    QCOMPARE(window.referenceBrowser()->currentTopic().key(),
        QStringLiteral("ref:directive/Cache-Control/response/no-store"));
    QVERIFY(!window.showReference(QStringLiteral("qqqzzz")));
    QCOMPARE(pages->count(), 2); // one reference page, however often it is opened
}

void TestReferenceLinks::badgeInTheWindow()
{
    HttpClient client;
    MainWindow window(&client, nullptr, nullptr, &m_reference);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ResponseView *response = window.exchangePage()->responseView();
    response->setExchange(exchangeWith(412, HttpHeaders { { "ETag", "\"a\"" } }));
    StatusBadge *badge = response->statusBadge();
    QVERIFY(badge->isVisible());
    QTest::mouseClick(badge, Qt::LeftButton, {}, QPoint(4, 4));
    QVERIFY(window.hasReferenceBrowser());
    QCOMPARE(window.referenceBrowser()->currentTopic(), ReferenceTopic::status(412));
    QVERIFY(window.referenceBrowser()->isVisible());

    // And the headers table of the same response, through its signal.
    Q_EMIT response->headersView()->referenceRequested(QStringLiteral("ref:header/ETag"));
    QCOMPARE(window.referenceBrowser()->detail()->title(), QStringLiteral("ETag"));
}

void TestReferenceLinks::f1OnHeaderRow()
{
    HttpClient client;
    MainWindow window(&client, nullptr, nullptr, &m_reference);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.explainAction()->shortcut(), QKeySequence(QKeySequence::HelpContents));
    ResponseView *response = window.exchangePage()->responseView();
    response->setExchange(exchangeWith(200, HttpHeaders { { "Age", "5" }, { "Expires", "0" } }));
    QTableView *table = response->headersView()->table();
    table->setCurrentIndex(table->model()->index(1, 0));
    table->setFocus();
    window.explainAction()->trigger();
    QCOMPARE(window.referenceBrowser()->currentTopic().key(), QStringLiteral("ref:header/Expires"));
}

void TestReferenceLinks::f1ElsewhereExplainsTheStatus()
{
    HttpClient client;
    MainWindow window(&client, nullptr, nullptr, &m_reference);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // No response yet: F1 opens the page itself.
    window.explainAction()->trigger();
    QVERIFY(window.hasReferenceBrowser());
    QVERIFY(!window.referenceBrowser()->currentTopic().isValid());

    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
    pages->setCurrentWidget(window.exchangePage());
    window.exchangePage()->responseView()->setExchange(exchangeWith(503, {}));
    window.exchangePage()->setFocus();
    window.explainAction()->trigger();
    QCOMPARE(window.referenceBrowser()->currentTopic(), ReferenceTopic::status(503));
}

void TestReferenceLinks::f1OnRequestHeader()
{
    HttpClient client;
    MainWindow window(&client, nullptr, nullptr, &m_reference);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    HeadersEditor *editor = window.exchangePage()->requestEditor()->headersEditor();
    editor->model()->setRows({ HeaderRow { true, QStringLiteral("Accept"), QStringLiteral("*/*") },
        HeaderRow { true, QStringLiteral(" if-modified-since "), QStringLiteral("x") } });
    editor->table()->setCurrentIndex(editor->model()->index(1, RequestHeadersModel::ValueColumn));
    editor->table()->setFocus();
    window.explainAction()->trigger();
    QCOMPARE(window.referenceBrowser()->currentTopic().key(), QStringLiteral("ref:header/If-Modified-Since"));
}

void TestReferenceLinks::diagnosisNotes()
{
    HttpClient client;
    MainWindow window(&client, nullptr, nullptr, &m_reference);
    const QStringList codes = diagnosisNoteCodes();
    QVERIFY(!codes.isEmpty());
    int linked = 0;
    for (const QString &code : codes) {
        const QString topic = referenceTopicForNote(code);
        if (topic.isEmpty())
            continue;
        // Every topic a note links to is an entry of its own, not a search.
        QVERIFY2(
            ReferenceTopic::resolve(m_reference, topic).isValid(), qPrintable(code + QStringLiteral(" -> ") + topic));
        QVERIFY2(window.showReferenceForNote(code), qPrintable(code));
        ++linked;
    }
    QVERIFY(linked > 0);
    QVERIFY(!window.showReferenceForNote(QStringLiteral("no-such-note")));
}

QTEST_MAIN(TestReferenceLinks)
#include "tst_referencelinks.moc"
