#include "cache/validatorstore.h"
#include "cachebrowser.h"
#include "cacheentriesmodel.h"
#include "client/storereader.h"

#include <QHeaderView>
#include <QPushButton>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace CacheScope;

namespace {

CacheEntry makeEntry(const QString &path, const QByteArray &etag, qint64 size)
{
    CacheEntry entry;
    entry.url = QUrl(QStringLiteral("http://127.0.0.1:8080") + path);
    entry.status = 200;
    entry.responseHeaders = { { "Cache-Control", "max-age=60" }, { "ETag", etag } };
    entry.body = QByteArray(size, 'x');
    entry.headerWireSize = 120;
    entry.bodyWireSize = size;
    entry.responseTime = QDateTime::currentDateTimeUtc();
    entry.requestTime = entry.responseTime;
    return entry;
}

QPushButton *button(QWidget *page, const QString &text)
{
    for (QPushButton *candidate : page->findChildren<QPushButton *>()) {
        if (candidate->text() == text)
            return candidate;
    }
    return nullptr;
}

} // namespace

class TestCacheBrowser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void listsTheStore();
    void openAndRevalidate();
    void deleteSelected();
    void clearAsksFirst_data();
    void clearAsksFirst();
    void refreshKeepsSelection();
    void closedStore();
    void readsOffTheUiThread();
    void keepsContentWhileLoading();
    void refreshKeepsSortAndSelection();

private:
    void selectPath(CacheBrowserPage &page, const QString &path);
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ValidatorStore> m_store;
};

void TestCacheBrowser::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<ValidatorStore>();
    QVERIFY(m_store->open(m_dir->filePath(QStringLiteral("store.sqlite"))));
    QVERIFY(m_store->putAll({ makeEntry(QStringLiteral("/a.js"), "\"a\"", 1000),
        makeEntry(QStringLiteral("/b.css"), "\"b\"", 2000), makeEntry(QStringLiteral("/c.json"), "W/\"c\"", 3000) }));
}

void TestCacheBrowser::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void TestCacheBrowser::selectPath(CacheBrowserPage &page, const QString &path)
{
    QAbstractItemModel *model = page.table()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data().toString().endsWith(path)) {
            page.table()->selectionModel()->setCurrentIndex(
                index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
            return;
        }
    }
    QFAIL(qPrintable(QStringLiteral("no row for ") + path));
}

void TestCacheBrowser::listsTheStore()
{
    CacheBrowserPage page(m_store.get());
    QTRY_VERIFY(!page.isLoading());
    QCOMPARE(page.table()->model()->rowCount(), 3);
    QVERIFY2(page.summaryText().startsWith(QStringLiteral("3 entries \u00b7 5.9 KiB")), qPrintable(page.summaryText()));
    page.setFilterText(QStringLiteral("css"));
    QCOMPARE(page.table()->model()->rowCount(), 1);
    QVERIFY2(page.summaryText().startsWith(QStringLiteral("1 of 3 entries")), qPrintable(page.summaryText()));
    // Adding to the store shows after refresh().
    QVERIFY(m_store->put(makeEntry(QStringLiteral("/d.css"), "\"d\"", 10)) > 0);
    page.refresh();
    QCOMPARE(page.table()->model()->rowCount(), 1); // kept until the new read arrives
    QTRY_VERIFY(!page.isLoading());
    QCOMPARE(page.table()->model()->rowCount(), 2);
    page.setFilterText({});
    QCOMPARE(page.table()->model()->rowCount(), 4);
}

void TestCacheBrowser::openAndRevalidate()
{
    CacheBrowserPage page(m_store.get());
    QTRY_VERIFY(!page.isLoading());
    QSignalSpy open(&page, &CacheBrowserPage::openRequested);
    QSignalSpy revalidate(&page, &CacheBrowserPage::revalidateRequested);
    QVERIFY(!button(&page, QStringLiteral("Open"))->isEnabled());
    selectPath(page, QStringLiteral("/b.css"));
    QVERIFY(button(&page, QStringLiteral("Open"))->isEnabled());
    button(&page, QStringLiteral("Open"))->click();
    QCOMPARE(open.count(), 1);
    QCOMPARE(open.at(0).at(0).toUrl(), QUrl(QStringLiteral("http://127.0.0.1:8080/b.css")));
    selectPath(page, QStringLiteral("/c.json"));
    button(&page, QStringLiteral("Revalidate"))->click();
    QCOMPARE(revalidate.count(), 2);
    QCOMPARE(page.selectedUrls().size(), 2);
    // Enter on a row opens it.
    QTest::keyClick(page.table(), Qt::Key_Return);
    QCOMPARE(open.count(), 3);
}

void TestCacheBrowser::deleteSelected()
{
    CacheBrowserPage page(m_store.get());
    QTRY_VERIFY(!page.isLoading());
    QSignalSpy changed(&page, &CacheBrowserPage::storeChanged);
    selectPath(page, QStringLiteral("/a.js"));
    selectPath(page, QStringLiteral("/c.json"));
    QVERIFY(page.deleteSelected());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_store->count(), 1);
    QCOMPARE(page.table()->model()->rowCount(), 1);
    QVERIFY(page.table()->model()->index(0, 0).data().toString().endsWith(QLatin1String("/b.css")));
    // Nothing selected: nothing removed, nothing announced.
    page.table()->clearSelection();
    QVERIFY(page.deleteSelected());
    QCOMPARE(m_store->count(), 1);
    QCOMPARE(changed.count(), 1);
}

void TestCacheBrowser::clearAsksFirst_data()
{
    QTest::addColumn<bool>("answer");
    QTest::addColumn<qint64>("left");
    QTest::addRow("declined") << false << qint64(3);
    QTest::addRow("confirmed") << true << qint64(0);
}

void TestCacheBrowser::clearAsksFirst()
{
    QFETCH(bool, answer);
    QFETCH(qint64, left);
    CacheBrowserPage page(m_store.get());
    QTRY_VERIFY(!page.isLoading());
    QString asked;
    page.setConfirmation([&](const QString &question) {
        asked = question;
        return answer;
    });
    button(&page, QStringLiteral("Clear all\u2026"))->click();
    QVERIFY2(asked.contains(QStringLiteral("all 3 stored responses (5.9 KiB)")), qPrintable(asked));
    QCOMPARE(m_store->count(), left);
    QCOMPARE(page.table()->model()->rowCount(), int(left));
    QCOMPARE(button(&page, QStringLiteral("Clear all\u2026"))->isEnabled(), left > 0);
}

void TestCacheBrowser::refreshKeepsSelection()
{
    CacheBrowserPage page(m_store.get());
    QTRY_VERIFY(!page.isLoading());
    selectPath(page, QStringLiteral("/b.css"));
    page.refresh();
    QTRY_VERIFY(!page.isLoading());
    QCOMPARE(page.selectedUrls(), QList<QUrl> { QUrl(QStringLiteral("http://127.0.0.1:8080/b.css")) });
}

void TestCacheBrowser::closedStore()
{
    m_store->close();
    CacheBrowserPage page(m_store.get());
    QCOMPARE(page.table()->model()->rowCount(), 0);
    QVERIFY(page.summaryText().contains(QStringLiteral("No validator store is open")));
    QVERIFY(!page.clearAll());
    CacheBrowserPage none(nullptr);
    QVERIFY(!none.deleteSelected());
    QCOMPARE(none.table()->model()->rowCount(), 0);
}

void TestCacheBrowser::readsOffTheUiThread()
{
    CacheBrowserPage page(m_store.get());
    QVERIFY(page.reader());
    QVERIFY(page.reader()->workerThread() != QThread::currentThread());
    QVERIFY(page.reader()->workerThread()->isRunning());
    QVERIFY(page.isLoading());
    QCOMPARE(page.table()->model()->rowCount(), 0);
    QSignalSpy loaded(&page, &CacheBrowserPage::loaded);
    QTRY_COMPARE(loaded.size(), 1);
    QCOMPARE(page.model()->rowCount(), 3);
    QCOMPARE(page.model()->entries().size(), m_store->list().size());
}

void TestCacheBrowser::keepsContentWhileLoading()
{
    CacheBrowserPage page(m_store.get());
    QTRY_VERIFY(!page.isLoading());
    QSemaphore gate;
    page.reader()->setBeforeRead([&gate] { gate.acquire(); });
    auto releaseGate = qScopeGuard([&gate] { gate.release(100); });
    QVERIFY(m_store->put(makeEntry(QStringLiteral("/d.css"), "\"d\"", 10)) > 0);
    page.refresh();
    QTRY_VERIFY(page.showsLoading());
    QCOMPARE(page.table()->model()->rowCount(), 3);
    QVERIFY2(page.summaryText().startsWith(QStringLiteral("3 entries \u00b7 5.9 KiB stored \u00b7 loading")),
        qPrintable(page.summaryText()));
    // A second refresh while the first is held: one answer, the newest.
    page.refresh();
    QSignalSpy loaded(&page, &CacheBrowserPage::loaded);
    gate.release(100);
    QTRY_COMPARE(loaded.size(), 1);
    QVERIFY(!page.showsLoading());
    QCOMPARE(page.table()->model()->rowCount(), 4);
    QVERIFY2(page.summaryText().startsWith(QStringLiteral("4 entries")), qPrintable(page.summaryText()));
    QCoreApplication::processEvents();
    QCOMPARE(loaded.size(), 1);
}

void TestCacheBrowser::refreshKeepsSortAndSelection()
{
    CacheBrowserPage page(m_store.get());
    QTRY_VERIFY(!page.isLoading());
    page.table()->sortByColumn(CacheEntriesModel::SizeColumn, Qt::DescendingOrder);
    selectPath(page, QStringLiteral("/a.js"));
    selectPath(page, QStringLiteral("/c.json"));
    const QList<QUrl> selected = page.selectedUrls();
    QCOMPARE(selected.size(), 2);
    QVERIFY(m_store->put(makeEntry(QStringLiteral("/big.bin"), "\"big\"", 9000)) > 0);
    page.refresh();
    QTRY_VERIFY(!page.isLoading());
    QCOMPARE(page.table()->model()->rowCount(), 4);
    QCOMPARE(page.table()->horizontalHeader()->sortIndicatorSection(), int(CacheEntriesModel::SizeColumn));
    QCOMPARE(page.table()->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
    QVERIFY(page.table()->model()->index(0, 0).data().toString().endsWith(QLatin1String("/big.bin")));
    QCOMPARE(page.selectedUrls(), selected);
    QVERIFY(page.table()->currentIndex().data().toString().endsWith(QLatin1String("/c.json")));
}

QTEST_MAIN(TestCacheBrowser)
#include "tst_cachebrowser.moc"
