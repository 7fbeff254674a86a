// The lessons panel beside a real ExchangePage sending through the validator store to the demo origin.
#include "cache/validatorstore.h"
#include "client/httpclient.h"
#include "client/revalidator.h"
#include "demo/demoorigin.h"
#include "exchangepage.h"
#include "headerseditor.h"
#include "lessonspanel.h"
#include "requesteditor.h"
#include "requestheadersmodel.h"
#include "theme.h"
#include "urlbar.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace CacheScope;

class TestLessonsPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void listsTheLessons();
    void wholeLessonThroughTheInspector_data();
    void wholeLessonThroughTheInspector();
    void wrongActionsSayWhy();
    void headerRowsSetAndRemoved();
    void withoutDemoOriginNothingIsSent();
    void screenshots_data();
    void screenshots();

private:
    bool clickDoStep();
    StepVerdict::Outcome lastOutcome() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ValidatorStore> m_store;
    std::unique_ptr<HttpClient> m_client;
    std::unique_ptr<Revalidator> m_revalidator;
    std::unique_ptr<DemoOrigin> m_demo;
    std::unique_ptr<QWidget> m_host;
    ExchangePage *m_page = nullptr;
    LessonsPanel *m_panel = nullptr;
    QDateTime m_now;
};

void TestLessonsPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<ValidatorStore>();
    QVERIFY(m_store->open(m_dir->filePath(QStringLiteral("store.sqlite"))));
    m_client = std::make_unique<HttpClient>();
    m_revalidator = std::make_unique<Revalidator>(m_client.get(), m_store.get());
    m_demo = std::make_unique<DemoOrigin>();
    m_now = QDateTime(QDate(2026, 3, 1), QTime(12, 0, 1), QTimeZone::utc());
    m_demo->setClock([this] { return m_now; });
    QVERIFY(m_demo->start(0));
    m_host = std::make_unique<QWidget>();
    m_page = new ExchangePage(m_client.get(), m_host.get());
    m_page->setRevalidator(m_revalidator.get());
    m_panel = new LessonsPanel(m_host.get());
    m_panel->connectTo(m_page);
    m_panel->setDemoBaseUrl(m_demo->baseUrl());
}

void TestLessonsPanel::cleanup()
{
    m_host.reset();
    m_revalidator.reset();
    m_client.reset();
    m_demo.reset();
    m_store.reset();
    m_dir.reset();
}

// Clicks "Do this step" and, for an exchange step, waits until the page has reported the exchange.
bool TestLessonsPanel::clickDoStep()
{
    const LessonStep *step = m_panel->progress().currentStep();
    if (!step || !m_panel->doStepButton()->isEnabled())
        return false;
    QSignalSpy progressed(m_panel, &LessonsPanel::progressChanged);
    QTest::mouseClick(m_panel->doStepButton(), Qt::LeftButton);
    return progressed.size() == 1 || progressed.wait(10000);
}

StepVerdict::Outcome TestLessonsPanel::lastOutcome() const
{
    return m_panel->progress().lastVerdict().outcome;
}

void TestLessonsPanel::listsTheLessons()
{
    QComboBox *combo = m_panel->lessonCombo();
    QCOMPARE(combo->count(), m_panel->lessonIds().size());
    QVERIFY(m_panel->lessonIds().contains(QStringLiteral("validators")));
    QVERIFY(m_panel->lessonIds().contains(QStringLiteral("vary")));
    combo->setCurrentIndex(m_panel->lessonIds().indexOf(QStringLiteral("load-balancer")));
    QCOMPARE(m_panel->currentLessonId(), QStringLiteral("load-balancer"));
    QCOMPARE(m_panel->stepList()->count(), m_panel->progress().stepCount());
    QVERIFY(!m_panel->selectLesson(QStringLiteral("nope")));
    QCOMPARE(m_panel->currentLessonId(), QStringLiteral("load-balancer"));
}

void TestLessonsPanel::wholeLessonThroughTheInspector_data()
{
    QTest::addColumn<QString>("id");
    for (const char *id : { "validators", "freshness", "load-balancer", "vary" })
        QTest::addRow("%s", id) << QString::fromLatin1(id);
}

void TestLessonsPanel::wholeLessonThroughTheInspector()
{
    QFETCH(QString, id);
    QVERIFY(m_panel->selectLesson(id));
    const int steps = m_panel->progress().stepCount();
    for (int i = 0; i < steps; ++i) {
        QCOMPARE(m_panel->progress().currentIndex(), i);
        QCOMPARE(m_panel->stepList()->item(i)->data(Qt::UserRole).toInt(), int(LessonProgress::StepState::Current));
        if (i + 1 < steps) {
            QCOMPARE(
                m_panel->stepList()->item(i + 1)->data(Qt::UserRole).toInt(), int(LessonProgress::StepState::ToDo));
        }
        // A learner tries again while the step says "not yet" (the changing resource needs time to move on).
        for (int attempt = 0; attempt < 4 && m_panel->progress().currentIndex() == i; ++attempt) {
            if (attempt > 0)
                m_now = m_now.addSecs(5);
            QVERIFY2(clickDoStep(), qPrintable(m_panel->feedbackLabel()->text()));
        }
        QVERIFY2(m_panel->progress().currentIndex() == i + 1, qPrintable(m_panel->feedbackLabel()->text()));
        QVERIFY(m_panel->feedbackLabel()->text().startsWith(QStringLiteral("\u2714 Step %1 done.").arg(i + 1)));
        QCOMPARE(m_panel->stepList()->item(i)->data(Qt::UserRole).toInt(), int(LessonProgress::StepState::Done));
    }
    QVERIFY(m_panel->progress().isComplete());
    QVERIFY(!m_panel->doStepButton()->isEnabled());
    // Reset starts over.
    QTest::mouseClick(m_panel->findChild<QPushButton *>(QStringLiteral("resetLesson")), Qt::LeftButton);
    QCOMPARE(m_panel->progress().currentIndex(), 0);
    QVERIFY(m_panel->doStepButton()->isEnabled());
}

void TestLessonsPanel::wrongActionsSayWhy()
{
    QVERIFY(m_panel->selectLesson(QStringLiteral("validators")));
    // Another URL sent from the inspector itself: the step stays, and the panel says what it wanted.
    QSignalSpy progressed(m_panel, &LessonsPanel::progressChanged);
    QVERIFY(m_page->sendUrl(m_demo->url(QStringLiteral("/cache/no-store")).toString()));
    QVERIFY(progressed.wait(10000));
    QCOMPARE(m_panel->progress().currentIndex(), 0);
    QVERIFY2(m_panel->feedbackLabel()->text().contains(QStringLiteral("this step is about /validators/strong-etag")),
        qPrintable(m_panel->feedbackLabel()->text()));

    QVERIFY(clickDoStep());
    QCOMPARE(m_panel->progress().currentIndex(), 1);
    // A wrong ETag typed and checked with Return.
    QVERIFY(m_panel->answerEdit()->isVisibleTo(m_panel));
    m_panel->answerEdit()->setText(QStringLiteral("\"wrong\""));
    QTest::keyClick(m_panel->answerEdit(), Qt::Key_Return);
    QCOMPARE(m_panel->progress().currentIndex(), 1);
    QCOMPARE(lastOutcome(), StepVerdict::NearMiss);
    QVERIFY(m_panel->feedbackLabel()->text().startsWith(QStringLiteral("Not yet:")));
    // The real one, copied from the response.
    m_panel->answerEdit()->setText(QString::fromLatin1(m_panel->progress().observations().constLast().receivedEtag));
    QTest::keyClick(m_panel->answerEdit(), Qt::Key_Return);
    QCOMPARE(m_panel->progress().currentIndex(), 2);
}

void TestLessonsPanel::headerRowsSetAndRemoved()
{
    RequestHeadersModel *model = m_page->requestEditor()->headersEditor()->model();
    model->setRows({ { true, QStringLiteral("X-Keep"), QStringLiteral("1") },
        { false, QStringLiteral("accept-encoding"), QStringLiteral("br") },
        { true, QStringLiteral("Accept-Encoding"), QStringLiteral("deflate") } });
    LessonsPanel::setRequestHeader(m_page, QStringLiteral("Accept-Encoding"), QStringLiteral("gzip"));
    QCOMPARE(model->rows().size(), 2);
    QCOMPARE(model->rows().at(1), (HeaderRow { true, QStringLiteral("accept-encoding"), QStringLiteral("gzip") }));
    LessonsPanel::setRequestHeader(m_page, QStringLiteral("ACCEPT-ENCODING"), QString());
    QCOMPARE(model->rows().size(), 1);
    QCOMPARE(model->rows().first().name, QStringLiteral("X-Keep"));
    LessonsPanel::setRequestHeader(m_page, QStringLiteral("Accept-Encoding"), QStringLiteral("identity"));
    QCOMPARE(model->rows().size(), 2);
    QCOMPARE(model->headers().first("Accept-Encoding"), QByteArray("identity"));
}

void TestLessonsPanel::withoutDemoOriginNothingIsSent()
{
    LessonsPanel panel;
    QSignalSpy sends(&panel, &LessonsPanel::sendUrlRequested);
    QVERIFY(!panel.doStepButton()->isEnabled());
    panel.doCurrentStep();
    QCOMPARE(sends.size(), 0);
    QVERIFY(panel.feedbackLabel()->text().contains(QStringLiteral("not running")));
    panel.setDemoBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:9/")));
    QVERIFY(panel.doStepButton()->isEnabled());
    panel.doCurrentStep();
    QCOMPARE(sends.size(), 1);
    QCOMPARE(sends.first().first().toString(), QStringLiteral("http://127.0.0.1:9/validators/strong-etag"));
}

void TestLessonsPanel::screenshots_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addRow("light") << QStringLiteral("light");
    QTest::addRow("dark") << QStringLiteral("dark");
}

// Renders the panel mid-lesson (a question with choices, then a near miss) and checks the picture is not
// empty. With CACHESCOPE_SCREENSHOT_DIR set, the PNGs are kept there to look at.
void TestLessonsPanel::screenshots()
{
    QFETCH(QString, scheme);
    QVERIFY(applyColorScheme(scheme).isEmpty());
    QVERIFY(m_panel->selectLesson(QStringLiteral("freshness")));
    QVERIFY(clickDoStep());
    m_panel->setParent(nullptr);
    m_panel->resize(380, 640);
    m_panel->show();
    QVERIFY(m_panel->choiceList()->isVisible());
    m_panel->choiceList()->item(0)->setSelected(true);
    m_panel->checkAnswer();
    QCOMPARE(lastOutcome(), StepVerdict::NearMiss);
    const QImage image = m_panel->grab().toImage();
    QVERIFY(!image.isNull() && image.width() >= 380);
    const QString dir = qEnvironmentVariable("CACHESCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(image.save(dir + QStringLiteral("/lessons-%1.png").arg(scheme)));
    // Three steps into the first lesson: the 304 and what it saved, said in the feedback.
    QVERIFY(m_panel->selectLesson(QStringLiteral("validators")));
    for (int i = 0; i < 3; ++i)
        QVERIFY(clickDoStep());
    QCOMPARE(m_panel->progress().currentIndex(), 3);
    QVERIFY2(m_panel->feedbackLabel()->text().contains(QStringLiteral("304 Not Modified")),
        qPrintable(m_panel->feedbackLabel()->text()));
    const QImage done = m_panel->grab().toImage();
    QVERIFY(!done.isNull());
    if (!dir.isEmpty())
        QVERIFY(done.save(dir + QStringLiteral("/lessons-%1-304.png").arg(scheme)));
    m_panel->setParent(m_host.get());
}

QTEST_MAIN(TestLessonsPanel)
#include "tst_lessonspanel.moc"
