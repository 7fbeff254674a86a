// The reference page: search, selection, links with Back/Forward, copy buttons, unknown codes, and every
// entry of the built-in data rendered without an empty section.
#include "bodyhighlighter.h"
#include "codeexampleview.h"
#include "reference/reference.h"
#include "referencebrowser.h"
#include "referencedetail.h"
#include "referencemodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace CacheScope;

namespace {

// The visible label of the current page that carries `link`: clicking a link in a QLabel is what emits
// linkActivated, so emitting it is the closest a test gets to a click on the text.
QLabel *labelWithLink(ReferenceDetail &detail, const QString &link)
{
    const QList<QLabel *> labels = detail.widget()->findChildren<QLabel *>();
    for (QLabel *label : labels) {
        if (label->text().contains(QStringLiteral("href=\"%1\"").arg(link)))
            return label;
    }
    return nullptr;
}

} // namespace

class TestReferenceBrowser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void searchAndEnter_data();
    void searchAndEnter();
    void typingDoesNotOpen();
    void downArrowGoesToTheResults();
    void selectingInTheList();
    void relatedLinkAndHistory();
    void newStepDropsForward();
    void copyButtonFillsClipboard();
    void codeBlocksFitTheirCode();
    void unknownCode();
    void nothingMatches_data();
    void nothingMatches();
    void showTopicAcceptsKeysAndNames_data();
    void showTopicAcceptsKeysAndNames();
    void everyStatusHasItsSections();
    void everyHeaderAndDirectiveHasItsSections();
    void missingFallbackEntry();

private:
    Reference m_reference;
};

void TestReferenceBrowser::searchAndEnter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("title");

    QTest::addRow("number") << "404"
                            << "ref:status/404"
                            << "404 Not Found";
    QTest::addRow("reason") << "too many requests"
                            << "ref:status/429"
                            << "429 Too Many Requests";
    QTest::addRow("header") << "Last-Modified"
                            << "ref:header/Last-Modified"
                            << "Last-Modified";
    QTest::addRow("header, odd case and colon") << " if-none-match: "
                                                << "ref:header/If-None-Match"
                                                << "If-None-Match";
    QTest::addRow("directive") << "immutable"
                               << "ref:directive/Cache-Control/response/immutable"
                               << "immutable";
    QTest::addRow("class") << "3xx"
                           << "ref:status/300"
                           << "300 Multiple Choices";
    QTest::addRow("unofficial") << "499"
                                << "ref:status/499"
                                << "499 Client Closed Request";
}

void TestReferenceBrowser::searchAndEnter()
{
    QFETCH(QString, text);
    QFETCH(QString, key);
    QFETCH(QString, title);
    ReferenceBrowser browser(&m_reference);
    QSignalSpy changed(&browser, &ReferenceBrowser::topicChanged);
    QTest::keyClicks(browser.searchField(), text);
    QTest::keyClick(browser.searchField(), Qt::Key_Return);
    QCOMPARE(browser.currentTopic().key(), key);
    QCOMPARE(browser.detail()->title(), title);
    QCOMPARE(changed.count(), 1);
    // The list follows the page.
    QCOMPARE(browser.resultView()->currentIndex().data(ReferenceModel::TopicKeyRole).toString(), key);
}

void TestReferenceBrowser::typingDoesNotOpen()
{
    ReferenceBrowser browser(&m_reference);
    QTest::keyClicks(browser.searchField(), QStringLiteral("revalidat"));
    QVERIFY(!browser.currentTopic().isValid());
    QVERIFY(browser.model()->entryCount() > 0);
    QVERIFY(!browser.backAction()->isEnabled());
}

void TestReferenceBrowser::downArrowGoesToTheResults()
{
    ReferenceBrowser browser(&m_reference);
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    browser.focusSearch();
    QTest::keyClicks(browser.searchField(), QStringLiteral("precondition"));
    QTest::keyClick(browser.searchField(), Qt::Key_Down);
    QVERIFY(browser.resultView()->hasFocus());
    // The best match is selected, and so opened.
    QCOMPARE(browser.currentTopic().key(), browser.model()->firstEntry().data(ReferenceModel::TopicKeyRole).toString());
    QVERIFY(browser.currentTopic().isValid());
    QTest::keyClick(browser.resultView(), Qt::Key_Down);
    QCOMPARE(browser.backAction()->isEnabled(), browser.model()->entryCount() > 1);
}

void TestReferenceBrowser::selectingInTheList()
{
    ReferenceBrowser browser(&m_reference);
    const QModelIndex index = browser.model()->indexOf(ReferenceTopic::status(410));
    QVERIFY(index.isValid());
    browser.resultView()->setCurrentIndex(index);
    QCOMPARE(browser.currentTopic(), ReferenceTopic::status(410));
    QVERIFY(browser.detail()->title().startsWith(QLatin1String("410")));
    // A group row is not an entry: nothing changes.
    browser.resultView()->setCurrentIndex(index.parent());
    QCOMPARE(browser.currentTopic(), ReferenceTopic::status(410));
}

void TestReferenceBrowser::relatedLinkAndHistory()
{
    ReferenceBrowser browser(&m_reference);
    QVERIFY(browser.showTopic(QStringLiteral("304")));
    const QStringList related = browser.detail()->sectionLinks(QStringLiteral("Related codes"));
    QVERIFY(!related.isEmpty());
    QLabel *label = labelWithLink(*browser.detail(), related.first());
    QVERIFY(label);
    Q_EMIT label->linkActivated(related.first());
    QCOMPARE(browser.currentTopic().key(), related.first());
    QVERIFY(browser.backAction()->isEnabled());
    QVERIFY(!browser.forwardAction()->isEnabled());

    // A header link from the new page, then all the way back and forward again.
    QVERIFY(browser.showTopic(QStringLiteral("etag")));
    browser.backAction()->trigger();
    QCOMPARE(browser.currentTopic().key(), related.first());
    browser.backAction()->trigger();
    QCOMPARE(browser.currentTopic(), ReferenceTopic::status(304));
    QVERIFY(!browser.backAction()->isEnabled());
    browser.backAction()->trigger(); // at the start: stays
    QCOMPARE(browser.currentTopic(), ReferenceTopic::status(304));
    browser.forwardAction()->trigger();
    browser.forwardAction()->trigger();
    QCOMPARE(browser.currentTopic().key(), QStringLiteral("ref:header/ETag"));
    QVERIFY(!browser.forwardAction()->isEnabled());
    QCOMPARE(browser.detail()->title(), QStringLiteral("ETag"));
}

void TestReferenceBrowser::newStepDropsForward()
{
    ReferenceBrowser browser(&m_reference);
    browser.showTopic(QStringLiteral("200"));
    browser.showTopic(QStringLiteral("301"));
    browser.back();
    browser.showTopic(QStringLiteral("vary"));
    QVERIFY(!browser.forwardAction()->isEnabled());
    browser.back();
    QCOMPARE(browser.currentTopic(), ReferenceTopic::status(200));
    // Opening the page already shown adds no step.
    browser.showTopic(QStringLiteral("200"));
    QVERIFY(!browser.backAction()->isEnabled());
}

void TestReferenceBrowser::copyButtonFillsClipboard()
{
    ReferenceBrowser browser(&m_reference);
    QVERIFY(browser.showTopic(QStringLiteral("429")));
    const QList<CodeExampleView *> examples = browser.detail()->examples();
    QCOMPARE(examples.size(), 3);
    QStringList captions;
    for (CodeExampleView *example : examples) {
        captions.append(example->caption());
        QApplication::clipboard()->setText(QStringLiteral("something else"));
        QSignalSpy copied(example, &CodeExampleView::copied);
        QTest::mouseClick(example->copyButton(), Qt::LeftButton);
        QCOMPARE(copied.count(), 1);
        QCOMPARE(QApplication::clipboard()->text(), example->code());
        QVERIFY(!example->code().trimmed().isEmpty());
        // The block shows the code as it is copied, in a fixed-pitch font.
        QCOMPARE(example->editor()->toPlainText(), example->code());
        QVERIFY(example->editor()->isReadOnly());
        QVERIFY(QFontInfo(example->editor()->font()).fixedPitch());
    }
    QCOMPARE(captions,
        (QStringList {
            QStringLiteral("Node.js (Express)"), QStringLiteral("Python (Flask)"), QStringLiteral("curl") }));
    QCOMPARE(examples.at(2)->code(), m_reference.findStatus(429)->examples.curl);
    // Highlighted by language when KSyntaxHighlighting is built in, plain monospace otherwise.
    const QStringList definitions { examples.at(0)->definitionName(), examples.at(1)->definitionName(),
        examples.at(2)->definitionName() };
    if (BodyHighlighter::isAvailable())
        QCOMPARE(definitions,
            (QStringList { QStringLiteral("JavaScript"), QStringLiteral("Python"), QStringLiteral("Bash") }));
    else
        QCOMPARE(definitions, (QStringList { QString(), QString(), QString() }));
}

void TestReferenceBrowser::codeBlocksFitTheirCode()
{
    // A one-line example and a long one: the block grows a scroll bar's height only when the line does not fit.
    CodeExampleView shortLine(QStringLiteral("curl"), QStringLiteral("Bash"), QStringLiteral("curl -I x"));
    CodeExampleView longLine(QStringLiteral("curl"), QStringLiteral("Bash"), QString(400, QLatin1Char('x')));
    CodeExampleView threeLines(QStringLiteral("curl"), QStringLiteral("Bash"), QStringLiteral("a\nb\nc"));
    for (CodeExampleView *view : { &shortLine, &longLine, &threeLines }) {
        view->resize(600, 200);
        view->show();
        QVERIFY(QTest::qWaitForWindowExposed(view));
    }
    QVERIFY(longLine.editor()->height() > shortLine.editor()->height());
    const int lineSpacing = shortLine.editor()->fontMetrics().lineSpacing();
    QCOMPARE(threeLines.editor()->height() - shortLine.editor()->height(), 2 * lineSpacing);
    // Wide enough for the long line: the scroll bar's room goes away again.
    longLine.resize(longLine.editor()->fontMetrics().horizontalAdvance(QString(400, QLatin1Char('x'))) + 100, 200);
    QTRY_COMPARE(longLine.editor()->height(), shortLine.editor()->height());
}

void TestReferenceBrowser::unknownCode()
{
    ReferenceBrowser browser(&m_reference);
    QVERIFY(browser.showTopic(QStringLiteral("299")));
    QCOMPARE(browser.currentTopic(), ReferenceTopic::status(299));
    ReferenceDetail *detail = browser.detail();
    QVERIFY2(detail->notice().contains(QLatin1String("unrecognized 2xx: treat as 200")), qPrintable(detail->notice()));
    QVERIFY(detail->title().startsWith(QLatin1String("299")));
    QVERIFY(detail->title().contains(QLatin1String("200 OK")));
    QCOMPARE(detail->sectionText(QStringLiteral("Summary")), m_reference.findStatus(200)->summary.trimmed());
    // No list row for a code without an entry.
    QVERIFY(!browser.resultView()->selectionModel()->hasSelection());

    // Typed in the search field, Enter opens it too, although the list has no such entry.
    browser.showTopic(QStringLiteral("etag"));
    browser.searchField()->setText(QStringLiteral("599"));
    QTest::keyClick(browser.searchField(), Qt::Key_Return);
    QCOMPARE(browser.currentTopic(), ReferenceTopic::status(599));
    QVERIFY(detail->notice().contains(QLatin1String("500")));
}

void TestReferenceBrowser::nothingMatches_data()
{
    QTest::addColumn<QString>("text");
    QTest::addRow("code out of range") << "999";
    QTest::addRow("huge number") << "99999999999999999999";
    QTest::addRow("blank") << "   ";
    QTest::addRow("negative") << "-304";
    QTest::addRow("zero") << "0";
    QTest::addRow("gibberish") << "zzqqxx";
    QTest::addRow("markup") << "<h1>x</h1>";
    QTest::addRow("empty") << "";
    QTest::addRow("unknown key") << "ref:status/abc";
    QTest::addRow("key of a missing header") << "ref:header/X-Nope";
    QTest::addRow("key with a bad side") << "ref:directive/Cache-Control/sideways/max-age";
    QTest::addRow("key with too many parts") << "ref:header/ETag/extra";
}

void TestReferenceBrowser::nothingMatches()
{
    QFETCH(QString, text);
    ReferenceBrowser browser(&m_reference);
    browser.showTopic(QStringLiteral("304"));
    QVERIFY(!browser.showTopic(text));
    // The history is untouched, and what the page says is plain text.
    QCOMPARE(browser.currentTopic(), ReferenceTopic::status(304));
    QCOMPARE(browser.detail()->title(), QStringLiteral("Not in the reference"));
    QVERIFY(!browser.detail()->subtitle().isEmpty());
    QVERIFY(browser.detail()->sectionTitles().isEmpty());
}

void TestReferenceBrowser::showTopicAcceptsKeysAndNames_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("key");
    QTest::addRow("code") << "503"
                          << "ref:status/503";
    QTest::addRow("key") << "ref:status/503"
                         << "ref:status/503";
    QTest::addRow("header key, other case") << "ref:header/etag"
                                            << "ref:header/ETag";
    QTest::addRow("request directive key") << "ref:directive/Cache-Control/request/max-age"
                                           << "ref:directive/Cache-Control/request/max-age";
    QTest::addRow("directive name: the response side") << "max-age"
                                                       << "ref:directive/Cache-Control/response/max-age";
    QTest::addRow("words: the best match") << "retry after"
                                           << "ref:header/Retry-After";
}

void TestReferenceBrowser::showTopicAcceptsKeysAndNames()
{
    QFETCH(QString, text);
    QFETCH(QString, key);
    ReferenceBrowser browser(&m_reference);
    QVERIFY(browser.showTopic(text));
    QCOMPARE(browser.currentTopic().key(), key);
}

void TestReferenceBrowser::everyStatusHasItsSections()
{
    ReferenceDetail detail(&m_reference);
    const QStringList required { QStringLiteral("Summary"), QStringLiteral("Explanation"),
        QStringLiteral("What a visitor can do"), QStringLiteral("Debugging and fixing"), QStringLiteral("Caching"),
        QStringLiteral("Examples") };
    QVERIFY(m_reference.statuses().size() > 60);
    for (const StatusInfo &status : m_reference.statuses()) {
        const QString code = QString::number(status.code);
        QVERIFY2(detail.showTopic(ReferenceTopic::status(status.code)), qPrintable(code));
        QCOMPARE(detail.title(), status.title());
        QVERIFY2(detail.subtitle().contains(status.spec.citation()), qPrintable(code));
        QVERIFY(detail.notice().isEmpty());
        const QStringList titles = detail.sectionTitles();
        for (const QString &title : required)
            QVERIFY2(titles.contains(title), qPrintable(code + QStringLiteral(" lacks ") + title));
        for (const QString &title : titles)
            QVERIFY2(!detail.sectionText(title).trimmed().isEmpty(), qPrintable(code + QStringLiteral(": ") + title));
        QCOMPARE(detail.examples().size(), 3);
        if (status.standing == StatusStanding::Unofficial)
            QVERIFY2(detail.subtitle().contains(QLatin1String("unofficial")), qPrintable(code));
        // Every related code is a link to an entry that exists.
        const QStringList links = detail.sectionLinks(QStringLiteral("Related codes"));
        QCOMPARE(links.size(), status.related.size());
        for (const QString &link : links)
            QVERIFY2(detail.showTopic(ReferenceTopic::resolve(m_reference, link)), qPrintable(code + link));
    }
}

void TestReferenceBrowser::everyHeaderAndDirectiveHasItsSections()
{
    ReferenceDetail detail(&m_reference);
    int directives = 0;
    for (const HeaderInfo &header : m_reference.headers()) {
        QVERIFY(detail.showTopic(ReferenceTopic::resolve(m_reference, header.name)));
        QCOMPARE(detail.title(), header.name);
        for (const QString &title : detail.sectionTitles())
            QVERIFY2(
                !detail.sectionText(title).trimmed().isEmpty(), qPrintable(header.name + QStringLiteral(": ") + title));
        QVERIFY(detail.sectionTitles().contains(QStringLiteral("Summary")));
        QVERIFY(!detail.examples().isEmpty());
        const QStringList directiveLinks = detail.sectionLinks(QStringLiteral("Directives"));
        QCOMPARE(directiveLinks.size(), header.directives.size());
        for (const QString &link : directiveLinks) {
            QVERIFY2(detail.showTopic(ReferenceTopic::resolve(m_reference, link)), qPrintable(link));
            QVERIFY(detail.sectionTitles().contains(QStringLiteral("Example")));
            for (const QString &title : detail.sectionTitles())
                QVERIFY2(
                    !detail.sectionText(title).trimmed().isEmpty(), qPrintable(link + QStringLiteral(": ") + title));
            ++directives;
        }
    }
    QVERIFY(directives > 10);
}

void TestReferenceBrowser::missingFallbackEntry()
{
    // Data with a 404 and nothing else: 499 falls back to 400, which is not there either.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString source = Reference::builtInDirectory() + QStringLiteral("/status/4xx.json");
    QFile in(source);
    QVERIFY2(in.open(QIODevice::ReadOnly), qPrintable(source));
    QJsonDocument document = QJsonDocument::fromJson(in.readAll());
    QJsonArray kept;
    for (const QJsonValue &value : document.object().value(QStringLiteral("codes")).toArray()) {
        if (value.toObject().value(QStringLiteral("code")).toInt() == 404)
            kept.append(value);
    }
    QCOMPARE(kept.size(), 1);
    QJsonObject root = document.object();
    root.insert(QStringLiteral("codes"), kept);
    QFile out(dir.filePath(QStringLiteral("4xx.json")));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(QJsonDocument(root).toJson());
    out.close();

    Reference small(dir.path());
    ReferenceBrowser browser(&small);
    QCOMPARE(browser.model()->entryCount(), 1);
    QVERIFY(browser.showTopic(QStringLiteral("499")));
    QVERIFY(browser.detail()->notice().contains(QLatin1String("no entry for 400")));
    QVERIFY(browser.detail()->sectionTitles().isEmpty());
    // Links to codes the data lacks are plain text, not dead links.
    QVERIFY(browser.showTopic(QStringLiteral("404")));
    QVERIFY(browser.detail()->sectionLinks(QStringLiteral("Related codes")).isEmpty());
    QVERIFY(!browser.detail()->sectionText(QStringLiteral("Related codes")).isEmpty());
}

QTEST_MAIN(TestReferenceBrowser)
#include "tst_referencebrowser.moc"
