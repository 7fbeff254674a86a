// The window's HAR export job (runHarExport): what each source reads from the store on a connection of its
// own, the history's events replaced by the store's copies, and the failures that leave the file as it was.
#include "cache/validatorstore.h"
#include "client/timelinestore.h"
#include "interop/harexportjob.h"
#include "interop/harimport.h"

#include <QFile>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope;

namespace {

TimelineEvent makeEvent(const QString &url, int second, int status)
{
    TimelineEvent event;
    event.url = QUrl(url);
    event.time = QDateTime::fromSecsSinceEpoch(1795000000 + second).toUTC();
    event.status = status;
    event.requestMethod = "GET";
    event.requestHeaders.append("Authorization", "Bearer sekret");
    event.requestHeaders.append("Accept", "*/*");
    event.responseHttpVersion = "HTTP/1.1";
    event.responseStatusText = status == 304 ? "Not Modified" : "OK";
    event.responseHeaders.append("ETag", "\"v1\"");
    event.responseHeaderBytes = 120;
    return event;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestHarExportJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void readsTheStore();
    void givenEventsTakeTheStoresCopy();
    void failuresLeaveTheFile();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_storePath;
    std::unique_ptr<ValidatorStore> m_store;
    std::unique_ptr<TimelineStore> m_timeline;
    QList<TimelineEvent> m_stored;
};

void TestHarExportJob::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_storePath = m_dir->filePath(QStringLiteral("store.sqlite"));
    m_store = std::make_unique<ValidatorStore>();
    QVERIFY(m_store->open(m_storePath));
    m_timeline = std::make_unique<TimelineStore>(m_store.get());
    m_stored = { makeEvent(QStringLiteral("http://a.test/x"), 0, 200),
        makeEvent(QStringLiteral("http://b.test/"), 1, 200), makeEvent(QStringLiteral("http://a.test/x"), 2, 304) };
    QVERIFY(m_timeline->append(m_stored));
}

void TestHarExportJob::cleanup()
{
    m_timeline.reset();
    m_store.reset();
    m_dir.reset();
}

void TestHarExportJob::readsTheStore()
{
    HarExportPlan plan;
    plan.path = m_dir->filePath(QStringLiteral("url.har"));
    plan.storePath = m_storePath;
    plan.source = HarExportPlan::Source::StoredUrl;
    plan.url = QUrl(QStringLiteral("http://a.test/x"));
    HarExportOutcome outcome = runHarExport(plan);
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    QCOMPARE(outcome.exchanges, 2);
    QCOMPARE(outcome.path, plan.path);
    // Byte for byte what `cachescope-cli har export --url` writes for the same events.
    const QList<TimelineEvent> events = m_timeline->events(plan.url);
    QCOMPARE(readAll(plan.path), QJsonDocument(timelineToHar(events)).toJson(QJsonDocument::Indented));
    QVERIFY(!readAll(plan.path).contains("sekret"));

    plan.source = HarExportPlan::Source::AllStored;
    plan.options.includeSecrets = true;
    outcome = runHarExport(plan);
    QCOMPARE(outcome.exchanges, 3);
    const HarParseResult parsed = parseHar(readAll(plan.path));
    QVERIFY2(parsed.ok(), qPrintable(parsed.error));
    QCOMPARE(parsed.entries.size(), 3);
    QCOMPARE(parsed.entries.at(1).url, QUrl(QStringLiteral("http://b.test/")));
    QCOMPARE(parsed.entries.at(0).requestHeaders.first("Authorization"), QByteArray("Bearer sekret"));

    // A damaged row is left out and named.
    QSqlQuery damage(m_store->database());
    QVERIFY(
        damage.exec(QStringLiteral("UPDATE timeline_events SET status = 'x' WHERE id = %1").arg(m_stored.at(1).id)));
    damage.finish();
    outcome = runHarExport(plan);
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    QCOMPARE(outcome.exchanges, 2);
    QCOMPARE(outcome.problems.size(), 1);
    QVERIFY2(outcome.problems.first().contains(QStringLiteral("timeline event %1").arg(m_stored.at(1).id)),
        qPrintable(outcome.problems.first()));
}

void TestHarExportJob::givenEventsTakeTheStoresCopy()
{
    // The history's copies after a restart: no heads, and one never stored (id 0), one whose row is gone.
    TimelineEvent first = m_stored.at(0);
    first.requestHeaders = {};
    first.responseHeaders = {};
    TimelineEvent unstored = makeEvent(QStringLiteral("http://c.test/"), 5, 200);
    unstored.requestMethod = "POST";
    TimelineEvent gone = m_stored.at(2);
    gone.id = 999;
    gone.requestMethod = "HEAD";
    HarExportPlan plan;
    plan.path = m_dir->filePath(QStringLiteral("given.har"));
    plan.storePath = m_storePath;
    plan.events = { first, unstored, gone };
    HarExportOutcome outcome = runHarExport(plan);
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    QCOMPARE(outcome.exchanges, 3);
    HarParseResult parsed = parseHar(readAll(plan.path));
    QVERIFY2(parsed.ok(), qPrintable(parsed.error));
    QCOMPARE(parsed.entries.at(0).responseHeaders.first("ETag"), QByteArray("\"v1\"")); // the store's copy
    QCOMPARE(parsed.entries.at(1).method, QByteArray("POST")); // as given
    QCOMPARE(parsed.entries.at(2).method, QByteArray("HEAD"));

    // Without a store: written as given.
    plan.storePath.clear();
    outcome = runHarExport(plan);
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    parsed = parseHar(readAll(plan.path));
    QVERIFY(!parsed.entries.at(0).responseHeaders.contains("ETag"));
}

void TestHarExportJob::failuresLeaveTheFile()
{
    const QString path = m_dir->filePath(QStringLiteral("kept.har"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("precious");
    }
    HarExportPlan plan;
    plan.path = path;
    plan.storePath = m_storePath;
    plan.source = HarExportPlan::Source::AllStored;

    HarExportOutcome outcome = runHarExport(plan, [] { return true; });
    QVERIFY2(outcome.error.contains(QLatin1String("cancelled")), qPrintable(outcome.error));
    QCOMPARE(readAll(path), QByteArray("precious"));

    plan.source = HarExportPlan::Source::StoredUrl;
    plan.url = QUrl(QStringLiteral("http://nothing.test/"));
    outcome = runHarExport(plan);
    QCOMPARE(outcome.error, QStringLiteral("There is nothing to export: the choice holds no exchanges."));
    QCOMPARE(outcome.exchanges, 0);
    QCOMPARE(readAll(path), QByteArray("precious"));

    plan.storePath = m_dir->filePath(QStringLiteral("missing.sqlite"));
    outcome = runHarExport(plan);
    QVERIFY2(outcome.error.startsWith(QLatin1String("The timeline store could not be read: "))
            && outcome.error.contains(QLatin1String("does not exist")),
        qPrintable(outcome.error));
    QCOMPARE(readAll(path), QByteArray("precious"));

    plan.storePath = m_storePath;
    plan.source = HarExportPlan::Source::AllStored;
    plan.path = m_dir->filePath(QStringLiteral("no/such/dir/out.har"));
    outcome = runHarExport(plan);
    QVERIFY2(outcome.error.startsWith(QLatin1String("Cannot write ")) && outcome.error.contains(plan.path),
        qPrintable(outcome.error));
}

QTEST_GUILESS_MAIN(TestHarExportJob)
#include "tst_harexportjob.moc"
