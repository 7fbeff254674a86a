// The lessons driven with real exchanges: DemoOrigin on 127.0.0.1, HttpClient, the validator store and the
// Revalidator, exactly the path the inspector's requests take.
#include "browser/browsercache.h"
#include "cache/validatorstore.h"
#include "client/httpclient.h"
#include "client/revalidator.h"
#include "client/watchsession.h"
#include "demo/demoorigin.h"
#include "lessons/lessoncatalog.h"
#include "lessons/lessonprogress.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace CacheScope;

namespace {

// What a test does next: an exchange (plain send or revalidation, with a header), an answer, or the step's own
// solution ("Do this step").
struct Action
{
    enum Kind
    {
        Send, // through the store, conditional headers added as the inspector does by default
        SendWithoutConditionals, // conditional headers turned off on the inspector's line
        Answer,
        DoStep,
        StopOrigin, // the next exchange gets no response
    };
    Kind kind = DoStep;
    QString path;
    QByteArray header; // "Name: value"
    QString answer;
};

} // namespace

Q_DECLARE_METATYPE(Action)

class tst_LessonProgress : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void catalogIsWellFormed();
    void everyLessonCompletes_data();
    void everyLessonCompletes();
    void wrongActionsDoNotAdvance_data();
    void wrongActionsDoNotAdvance();
    void validatorsLessonSaysWhatHappened();
    void browserModeFreshCopyIsNotARevalidation();
    void resetForgetsProgress();

private:
    LessonObservation exchange(const QString &path, bool conditionals, const QByteArray &header = {});
    StepVerdict perform(LessonProgress &progress, const Action &action);
    StepVerdict doStep(LessonProgress &progress);
    bool completeSteps(LessonProgress &progress, int count);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ValidatorStore> m_store;
    std::unique_ptr<HttpClient> m_client;
    std::unique_ptr<Revalidator> m_revalidator;
    std::unique_ptr<DemoOrigin> m_demo;
    QDateTime m_now;
    QHash<QByteArray, QByteArray> m_headers; // set by steps, kept like the inspector's header rows
};

void tst_LessonProgress::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<ValidatorStore>();
    QVERIFY(m_store->open(m_dir->filePath(QStringLiteral("store.sqlite"))));
    m_client = std::make_unique<HttpClient>();
    m_revalidator = std::make_unique<Revalidator>(m_client.get(), m_store.get());
    m_demo = std::make_unique<DemoOrigin>();
    // The changing resource moves on with the origin's clock: tests move it instead of sleeping.
    m_now = QDateTime(QDate(2026, 3, 1), QTime(12, 0, 1), QTimeZone::utc());
    m_demo->setClock([this] { return m_now; });
    QVERIFY(m_demo->start(0));
    m_headers.clear();
}

void tst_LessonProgress::cleanup()
{
    m_revalidator.reset();
    m_client.reset();
    m_demo.reset();
    m_store.reset();
    m_dir.reset();
}

LessonObservation tst_LessonProgress::exchange(const QString &path, bool conditionals, const QByteArray &header)
{
    Request request;
    request.url = QUrl(m_demo->baseUrl().toString() + path);
    if (!m_demo->isRunning())
        request.url = QUrl(QStringLiteral("http://127.0.0.1:1") + path);
    if (!header.isEmpty()) {
        const qsizetype colon = header.indexOf(':');
        m_headers.insert(header.left(colon).trimmed(), header.mid(colon + 1).trimmed());
    }
    for (auto it = m_headers.cbegin(); it != m_headers.cend(); ++it)
        request.headers.set(it.key(), it.value());
    CacheOptions options;
    options.addConditionals = conditionals;
    RevalidationJob *job = m_revalidator->send(request, options);
    QSignalSpy finished(job, &RevalidationJob::finished);
    if (!finished.wait(10000))
        return {};
    const CachedExchange result = finished.first().first().value<CachedExchange>();
    return lessonObservation(result, WatchSession::eventFor(result, 0));
}

StepVerdict tst_LessonProgress::perform(LessonProgress &progress, const Action &action)
{
    switch (action.kind) {
    case Action::Send:
        return progress.observe(exchange(action.path, true, action.header));
    case Action::SendWithoutConditionals:
        return progress.observe(exchange(action.path, false, action.header));
    case Action::Answer:
        return progress.answer(action.answer);
    case Action::DoStep:
        return doStep(progress);
    case Action::StopOrigin:
        m_demo->stop();
        return progress.observe(exchange(action.path, true, action.header));
    }
    return {};
}

// What the panel's "Do this step" does: set the step's header, then send, revalidate or give the solution.
StepVerdict tst_LessonProgress::doStep(LessonProgress &progress)
{
    const LessonStep *step = progress.currentStep();
    if (!step)
        return {};
    if (!step->isExchange())
        return progress.answer(progress.solution());
    const QByteArray header = step->headerName.isEmpty() ? QByteArray() : step->headerName + ": " + step->headerValue;
    return progress.observe(exchange(step->path, true, header));
}

// Does each step, trying again (with the origin's clock 5 s on) while it is a near miss, as a learner would.
bool tst_LessonProgress::completeSteps(LessonProgress &progress, int count)
{
    for (int i = 0; i < count; ++i) {
        const int index = progress.currentIndex();
        StepVerdict verdict;
        for (int attempt = 0; attempt < 4 && verdict.outcome != StepVerdict::Passed; ++attempt) {
            if (attempt > 0)
                m_now = m_now.addSecs(5);
            verdict = doStep(progress);
        }
        if (verdict.outcome != StepVerdict::Passed) {
            qWarning("step %d (%s) did not pass: %s", index, qPrintable(progress.lesson().steps.at(index).instruction),
                qPrintable(verdict.text));
            return false;
        }
        if (progress.currentIndex() != index + 1 || progress.explanationOf(index).isEmpty())
            return false;
    }
    return true;
}

void tst_LessonProgress::catalogIsWellFormed()
{
    const QList<Lesson> lessons = builtInLessons();
    QVERIFY(lessons.size() >= 4);
    QSet<QString> ids;
    const QSet<QString> demoPaths = [this] {
        QSet<QString> paths;
        for (const DemoScenario &scenario : m_demo->scenarios())
            paths.insert(scenario.path);
        return paths;
    }();
    for (const Lesson &lesson : lessons) {
        QVERIFY2(!ids.contains(lesson.id), qPrintable(lesson.id));
        ids.insert(lesson.id);
        QVERIFY(!lesson.title.isEmpty() && !lesson.intro.isEmpty());
        QVERIFY(lesson.steps.size() >= 3);
        for (const LessonStep &step : lesson.steps) {
            QVERIFY(!step.instruction.isEmpty() && !step.hint.isEmpty() && step.check);
            if (step.isExchange())
                QVERIFY2(demoPaths.contains(step.path.section(QLatin1Char('?'), 0, 0)), qPrintable(step.path));
            if (step.action == StepAction::Choose)
                QVERIFY(step.choices.size() >= 2 && step.solution);
        }
        QCOMPARE(lessonById(lesson.id)->title, lesson.title);
    }
    QVERIFY(!lessonById(QStringLiteral("no-such-lesson")));
    QVERIFY(!lessonById(QString()));
}

void tst_LessonProgress::everyLessonCompletes_data()
{
    QTest::addColumn<QString>("id");
    for (const Lesson &lesson : builtInLessons())
        QTest::addRow("%s", qPrintable(lesson.id)) << lesson.id;
}

void tst_LessonProgress::everyLessonCompletes()
{
    QFETCH(QString, id);
    LessonProgress progress(*lessonById(id));
    QCOMPARE(progress.stateOf(0), LessonProgress::StepState::Current);
    QCOMPARE(progress.stateOf(1), LessonProgress::StepState::ToDo);
    QVERIFY(completeSteps(progress, progress.stepCount()));
    QVERIFY(progress.isComplete());
    QVERIFY(!progress.currentStep());
    for (int i = 0; i < progress.stepCount(); ++i)
        QCOMPARE(progress.stateOf(i), LessonProgress::StepState::Done);
    // Anything after the end changes nothing.
    QCOMPARE(progress.answer(QStringLiteral("more")).outcome, StepVerdict::Unrelated);
    QVERIFY(progress.isComplete());
}

void tst_LessonProgress::wrongActionsDoNotAdvance_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("stepsFirst");
    QTest::addColumn<Action>("action");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<QString>("saying");

    const auto send = [](const char *path, const char *header = "") {
        return Action { Action::Send, QString::fromLatin1(path), QByteArray(header), {} };
    };
    const auto plain = [](const char *path) {
        return Action { Action::SendWithoutConditionals, QString::fromLatin1(path), {}, {} };
    };
    const auto answer = [](const QString &text) { return Action { Action::Answer, {}, {}, text }; };

    QTest::addRow("another URL on the first step")
        << "validators" << 0 << send("/cache/max-age") << int(StepVerdict::Unrelated) << "this step is about";
    QTest::addRow("an answer where an exchange is wanted")
        << "validators" << 0 << answer(QStringLiteral("\"abc\"")) << int(StepVerdict::NearMiss) << "in the inspector";
    QTest::addRow("a wrong ETag typed") << "validators" << 1 << answer(QStringLiteral("\"not-the-tag\""))
                                        << int(StepVerdict::NearMiss) << "is not the ETag";
    QTest::addRow("an empty answer") << "validators" << 1 << answer(QStringLiteral("   ")) << int(StepVerdict::NearMiss)
                                     << "answer first";
    QTest::addRow("a huge answer with control characters")
        << "validators" << 1 << answer(QString(100000, QLatin1Char('"')) + QChar(0) + QChar(0x202e))
        << int(StepVerdict::NearMiss) << "is not the ETag";
    QTest::addRow("sending again instead of revalidating")
        << "validators" << 2 << plain("/validators/strong-etag") << int(StepVerdict::NearMiss)
        << "revalidate (Ctrl+R) instead of sending again";
    QTest::addRow("revalidating before the content changed")
        << "validators" << 4 << send("/validators/changing?every=5") << int(StepVerdict::NearMiss)
        << "has not changed yet";
    QTest::addRow("a correct server where the broken one is asked for")
        << "validators" << 6 << send("/validators/strong-etag") << int(StepVerdict::Unrelated) << "this step is about";
    QTest::addRow("no response at all") << "validators" << 0
                                        << Action { Action::StopOrigin, QStringLiteral("/validators/strong-etag"), {},
                                               {} }
                                        << int(StepVerdict::NearMiss) << "No response came back";
    QTest::addRow("a wrong choice") << "freshness" << 1 << answer(QStringLiteral("Downloads the whole response again"))
                                    << int(StepVerdict::NearMiss) << "it is stored and fresh";
    QTest::addRow("a choice that is not offered")
        << "freshness" << 1 << answer(QStringLiteral("maybe")) << int(StepVerdict::NearMiss) << "Pick one";
    QTest::addRow("sticky sessions as the fix") << "load-balancer" << 3
                                                << answer(QStringLiteral("Make the load balancer sticky, so a client "
                                                                         "always reaches the same instance"))
                                                << int(StepVerdict::NearMiss) << "Fix the tags";
    QTest::addRow("gzip where identity is asked for")
        << "vary" << 0 << send("/vary/accept-encoding", "Accept-Encoding: gzip") << int(StepVerdict::NearMiss)
        << "this step wants identity";
    QTest::addRow("revalidating the plain variant where gzip is asked for")
        << "vary" << 2 << send("/vary/accept-encoding", "Accept-Encoding: identity") << int(StepVerdict::NearMiss)
        << "did not accept gzip";
}

void tst_LessonProgress::wrongActionsDoNotAdvance()
{
    QFETCH(QString, id);
    QFETCH(int, stepsFirst);
    QFETCH(Action, action);
    QFETCH(int, outcome);
    QFETCH(QString, saying);

    LessonProgress progress(*lessonById(id));
    QVERIFY(completeSteps(progress, stepsFirst));
    const StepVerdict verdict = perform(progress, action);
    QCOMPARE(int(verdict.outcome), outcome);
    QVERIFY2(verdict.text.contains(saying), qPrintable(verdict.text));
    QCOMPARE(progress.currentIndex(), stepsFirst);
    QCOMPARE(progress.stateOf(stepsFirst), LessonProgress::StepState::Current);
    if (outcome == StepVerdict::NearMiss)
        QCOMPARE(progress.lastVerdict().text, verdict.text);
    // The lesson goes on from there.
    if (action.kind != Action::StopOrigin)
        QVERIFY(completeSteps(progress, progress.stepCount() - stepsFirst));
}

void tst_LessonProgress::validatorsLessonSaysWhatHappened()
{
    LessonProgress progress(*lessonById(QStringLiteral("validators")));
    QVERIFY(completeSteps(progress, 1));
    const QByteArray etag = progress.observations().constLast().receivedEtag;
    QVERIFY(etag.startsWith('"'));
    // Without its quotes the typed tag is still accepted.
    QCOMPARE(progress.answer(QString::fromLatin1(etag.mid(1, etag.size() - 2))).outcome, StepVerdict::Passed);
    QVERIFY(completeSteps(progress, progress.stepCount() - 2));
    QVERIFY(progress.explanationOf(0).contains(QStringLiteral("200 OK")));
    QVERIFY(progress.explanationOf(1).contains(QString::fromLatin1(etag)));
    QVERIFY2(
        progress.explanationOf(2).contains(QStringLiteral("304 Not Modified")), qPrintable(progress.explanationOf(2)));
    QVERIFY(progress.explanationOf(2).contains(QStringLiteral("saved")));
    QVERIFY2(progress.explanationOf(4).contains(QStringLiteral("changed: yes")), qPrintable(progress.explanationOf(4)));
    QVERIFY(progress.explanationOf(6).contains(QStringLiteral("inm-ignored")));
}

void tst_LessonProgress::browserModeFreshCopyIsNotARevalidation()
{
    // Freshness is judged against the Date the origin sends: its clock must be the real one here.
    m_now = QDateTime::currentDateTimeUtc();
    BrowserCache browser(m_client.get(), m_store.get());
    const auto viaBrowser = [&](const QString &path) {
        BrowserJob *job = browser.send(Request().setUrl(m_demo->url(path)));
        QSignalSpy finished(job, &BrowserJob::finished);
        return finished.wait(10000) ? lessonObservation(finished.first().first().value<BrowserResult>())
                                    : LessonObservation();
    };
    LessonProgress progress(*lessonById(QStringLiteral("freshness")));
    const StepVerdict first = progress.observe(viaBrowser(QStringLiteral("/cache/max-age")));
    QCOMPARE(first.outcome, StepVerdict::Passed);
    QVERIFY2(first.text.contains(QStringLiteral("Browser mode decided")), qPrintable(first.text));
    QVERIFY(completeSteps(progress, 4)); // the question, no-cache, its question, its revalidation
    const StepVerdict fresh = progress.observe(viaBrowser(QStringLiteral("/cache/max-age")));
    QCOMPARE(fresh.outcome, StepVerdict::NearMiss);
    QVERIFY2(fresh.text.contains(QStringLiteral("without asking")), qPrintable(fresh.text));
    QCOMPARE(progress.currentIndex(), 5);
}

void tst_LessonProgress::resetForgetsProgress()
{
    LessonProgress progress(*lessonById(QStringLiteral("validators")));
    QVERIFY(completeSteps(progress, 2));
    QCOMPARE(progress.stateOf(0), LessonProgress::StepState::Done);
    progress.reset();
    QCOMPARE(progress.currentIndex(), 0);
    QVERIFY(progress.observations().isEmpty());
    QVERIFY(progress.explanationOf(0).isEmpty());
    // The ETag question needs a fresh observation again.
    QVERIFY(completeSteps(progress, 1));
    QCOMPARE(progress.answer(QStringLiteral("\"x\"")).outcome, StepVerdict::NearMiss);
}

QTEST_GUILESS_MAIN(tst_LessonProgress)
#include "tst_lessonprogress.moc"
