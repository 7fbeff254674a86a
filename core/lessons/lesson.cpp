#include "lesson.h"

#include "client/watchsession.h"

namespace CacheScope {

namespace {

QDateTime startedAt(const Exchange &exchange)
{
    return exchange.timing.started.isValid() ? exchange.timing.started.toUTC() : QDateTime::currentDateTimeUtc();
}

} // namespace

LessonObservation lessonObservation(const CachedExchange &result, const TimelineEvent &event)
{
    const Exchange &exchange = result.exchange;
    LessonObservation o;
    o.method = exchange.request.method.toUpper();
    o.url = exchange.request.url;
    o.path = o.url.path();
    o.status = exchange.hasResponse() ? exchange.status : 0;
    o.error
        = exchange.hasResponse() ? QString() : (exchange.errorString.isEmpty() ? event.error : exchange.errorString);
    o.requestHeaders = exchange.requestHeadersSent;
    o.responseHeaders = exchange.responseHeaders;
    o.sentIfNoneMatch = exchange.requestHeadersSent.first("If-None-Match");
    o.sentIfModifiedSince = exchange.requestHeadersSent.first("If-Modified-Since");
    o.conditionalSent = exchange.requestHeadersSent.contains("If-None-Match")
        || exchange.requestHeadersSent.contains("If-Modified-Since");
    o.action = result.action;
    o.actionText = result.actionText.isEmpty() ? cacheActionName(result.action) : result.actionText;
    o.bytesSaved = event.bytesSaved;
    o.wireBytes = event.wireBytes();
    o.receivedEtag = exchange.responseHeaders.first("ETag");
    if (result.previous && result.previous->isValid()) {
        o.hadStoredEntry = true;
        o.previousEtag = result.previous->responseHeaders.first("ETag");
        // How the stored copy stood when the request went out: what a browser would have decided then.
        o.previousFreshness = computeFreshness(*result.previous, startedAt(exchange));
    }
    o.contentChanged = event.contentChanged;
    for (const TimelineNote &note : event.notes) {
        o.noteCodes.append(note.code);
        o.noteTexts.append(note.text);
    }
    o.freshness = result.freshness;
    return o;
}

LessonObservation lessonObservation(const BrowserResult &result)
{
    LessonObservation o;
    if (result.network) {
        o = lessonObservation(*result.network, WatchSession::eventFor(*result.network, 0));
    } else {
        // Answered from the store (or refused): no exchange with the origin to describe.
        CachedExchange local;
        local.exchange = result.exchange;
        TimelineEvent event = timelineEventFromExchange(result.exchange);
        o = lessonObservation(local, event);
        o.requestHeaders = result.exchange.request.headers;
    }
    o.browserDecision = browserDecisionName(result.decision);
    o.browserReason = result.reason;
    return o;
}

const LessonObservation *StepInput::lastFor(const QString &path) const
{
    if (!earlier)
        return nullptr;
    for (auto it = earlier->crbegin(); it != earlier->crend(); ++it) {
        if (it->path == path && it->hasResponse())
            return &*it;
    }
    return nullptr;
}

} // namespace CacheScope
