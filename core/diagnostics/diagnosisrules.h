#pragma once

// The rule groups behind diagnoseExchange(). Internal to core/diagnostics.

#include "client/revalidator.h"
#include "client/timeline.h"
#include "http/entitytag.h"
#include "http/headerfields.h"
#include "http/httpdate.h"

#include <optional>
#include <QDateTime>
#include <QList>

namespace CacheScope::Diagnosis {

using Notes = QList<TimelineNote>;

// What every rule needs, parsed once.
struct Context
{
    explicit Context(const CachedExchange &cached)
        : result(cached)
        , exchange(cached.exchange)
    { }

    const CachedExchange &result;
    const Exchange &exchange;
    int status = 0;
    bool safeMethod = false; // GET or HEAD: the methods If-None-Match / If-Modified-Since can answer with 304
    QDateTime receivedAt; // when the response arrived (UTC)

    std::optional<EntityTag> etag; // the response's ETag
    DateField lastModified;
    DateField date;

    bool sentIfNoneMatch = false;
    EntityTagList ifNoneMatch;
    bool sentIfModifiedSince = false;
    HttpDate ifModifiedSince;

    const CacheEntry *previous = nullptr; // the stored entry before the exchange, when there was one

    bool isConditional() const { return sentIfNoneMatch || sentIfModifiedSince; }
};

Context makeContext(const CachedExchange &result);

// How an ETag is quoted in note texts: as received.
QString tagText(const EntityTag &tag);
QString headerText(const QByteArray &value);

// validatorrules.cpp: ETag and Last-Modified syntax and meaning, no validator, content changes against the
// stored entry (same tag on other bytes, new tag on the same bytes, one strong tag for two encodings).
void checkValidators(const Context &context, Notes &notes);
void checkContentChange(const Context &context, Notes &notes);

// conditionalrules.cpp: why a 304 came, conditionals that were ignored, and what a 304 must and must not carry.
void checkConditionalOutcome(const Context &context, Notes &notes);
void checkNotModifiedMessage(const Context &context, Notes &notes);

// freshnessrules.cpp: what Cache-Control, Expires, Age and Vary mean for revalidation.
void checkFreshness(const Context &context, Notes &notes);

} // namespace CacheScope::Diagnosis
