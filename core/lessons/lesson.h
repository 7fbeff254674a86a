#pragma once

#include "browser/browsercache.h"
#include "cache/freshness.h"
#include "client/revalidator.h"
#include "client/timeline.h"
#include "http/httpheaders.h"

#include <functional>
#include <optional>
#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace CacheScope {

// What just happened in the inspector, reduced to the facts a lesson step checks: built from one exchange
// seen through the validator store (and, in browser mode, from the private cache's decision).
struct LessonObservation
{
    QByteArray method;
    QUrl url;
    QString path; // url.path(), without the query
    int status = 0; // 0 when there was no response
    QString error; // why there was no response
    HttpHeaders requestHeaders; // as really sent
    HttpHeaders responseHeaders;
    QByteArray sentIfNoneMatch; // empty when not sent
    QByteArray sentIfModifiedSince;
    bool conditionalSent = false; // If-None-Match or If-Modified-Since went out
    CacheAction action = CacheAction::None;
    QString actionText;
    qint64 bytesSaved = 0;
    qint64 wireBytes = 0;
    QByteArray receivedEtag; // as received, quotes included; empty when absent
    QByteArray previousEtag; // of the stored entry before the exchange; empty when none
    bool hadStoredEntry = false;
    ContentChange contentChanged = ContentChange::Unknown;
    QStringList noteCodes; // diagnosis codes, most severe first
    QStringList noteTexts; // the sentences of the same notes
    std::optional<Freshness> freshness; // of the stored entry after the exchange
    std::optional<Freshness> previousFreshness; // of the stored entry when the request started
    // Browser mode only: the private cache's decision name ("fresh", "revalidated"...) and its reason.
    QString browserDecision;
    QString browserReason;

    bool hasResponse() const { return status > 0; }
    bool hasNote(const QString &code) const { return noteCodes.contains(code); }
    QByteArray sentHeader(const QByteArray &name) const { return requestHeaders.first(name); }
    QByteArray receivedHeader(const QByteArray &name) const { return responseHeaders.first(name); }
};

// From what ExchangePage emits after an exchange through the store (the event carries the diagnosis notes,
// the bytes saved and the content change).
LessonObservation lessonObservation(const CachedExchange &result, const TimelineEvent &event);
// From the private cache's answer: the network part (when the network was used) plus the decision.
LessonObservation lessonObservation(const BrowserResult &result);

// What a step asks the user to do; the panel's "Do this step" performs it.
enum class StepAction
{
    Send, // put the demo path in the URL bar and send it
    Revalidate, // a conditional GET of the demo path with the store's validators
    Answer, // type an answer (an ETag...) in the panel
    Choose, // pick one of the step's choices
};

// The outcome of checking one thing the user did against the current step.
struct StepVerdict
{
    enum Outcome
    {
        Unrelated, // not about this step (another URL, nothing to say)
        NearMiss, // about this step but not what it asks: `text` says why
        Passed, // the step is done: `text` explains what was seen
    };
    Outcome outcome = Unrelated;
    QString text;

    static StepVerdict passed(const QString &text) { return { Passed, text }; }
    static StepVerdict nearMiss(const QString &text) { return { NearMiss, text }; }
    static StepVerdict unrelated(const QString &text = {}) { return { Unrelated, text }; }
};

// What a check gets: the new observation (exchange steps) or the typed or chosen answer (Answer and Choose
// steps), and the observations made earlier in this lesson, oldest first.
struct StepInput
{
    const LessonObservation *observation = nullptr;
    QString answer;
    const QList<LessonObservation> *earlier = nullptr;

    // The last earlier observation of `path` with a response, or null.
    const LessonObservation *lastFor(const QString &path) const;
};

struct LessonStep
{
    QString instruction; // "Send /validators/strong-etag."
    QString hint; // where to look, what to expect
    QString path; // the demo path and query it uses ("/validators/changing?every=5"); empty for none
    StepAction action = StepAction::Send;
    // A request header the step sets before sending (an empty value removes it), for Vary steps.
    QByteArray headerName;
    QByteArray headerValue;
    QStringList choices; // for Choose
    std::function<StepVerdict(const StepInput &)> check;
    // For "Do this step" on Answer and Choose steps: the right answer given what was seen so far.
    std::function<QString(const QList<LessonObservation> &)> solution;

    bool isExchange() const { return action == StepAction::Send || action == StepAction::Revalidate; }
};

struct Lesson
{
    QString id; // "validators", stable
    QString title;
    QString intro;
    QList<LessonStep> steps;
};

} // namespace CacheScope
