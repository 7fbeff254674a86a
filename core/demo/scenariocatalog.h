#pragma once

#include "demoscenario.h"
#include "httpservercompat.h"
#include "preconditions.h"

#include <optional>
#include <QDateTime>
#include <QUrl>
#include <QUrlQuery>

namespace CacheScope::Demo {

// How a scenario treats conditional request headers.
enum class ConditionalHandling
{
    Correct, // RFC 9110 §13.2.2
    Ignored, // bug: always 200
    ImsEqualityBug, // bug: If-Modified-Since compared for equality
};

// What a scenario would answer to an unconditional GET. The origin then applies preconditions and HEAD.
struct Representation
{
    int status = 200;
    RawHeaders headers; // all but Date and Content-Length, which the origin adds around them
    QByteArray body;
    Validators validators; // what preconditions compare against (also present in `headers`)
    ConditionalHandling conditionals = ConditionalHandling::Correct;
    bool dropHeadersOn304 = false; // bug: a 304 with nothing but Date and ETag
};

struct RequestContext
{
    QUrlQuery query;
    QByteArray acceptEncoding; // null when the request has none
    QDateTime now; // UTC, whole seconds
    QUrl baseUrl;
};

// The scenarios of the demo origin and the responses that teach them.
class ScenarioCatalog
{
public:
    ScenarioCatalog();

    QList<DemoScenario> scenarios() const;

    // The representation served at `path` (index pages included); nullopt when no such path exists.
    std::optional<Representation> represent(const QString &path, const RequestContext &context);

    // Round-robin of the load-balanced scenario restarts at instance 1.
    void resetInstances() { m_nextInstance = 0; }

    // The deterministic body of /large: 4 MiB of text.
    static QByteArray largeBody();
    static constexpr qsizetype LargeSize = 4 * 1024 * 1024;
    static constexpr int InstanceCount = 3;

private:
    using Builder = Representation (ScenarioCatalog::*)(const DemoScenario &, const RequestContext &);
    struct Entry
    {
        DemoScenario info;
        Builder build;
    };

    Representation indexHtml(const RequestContext &context) const;
    Representation indexJson(const RequestContext &context) const;

    Representation strongEtag(const DemoScenario &, const RequestContext &);
    Representation weakEtag(const DemoScenario &, const RequestContext &);
    Representation lastModifiedOnly(const DemoScenario &, const RequestContext &);
    Representation bothValidators(const DemoScenario &, const RequestContext &);
    Representation noValidator(const DemoScenario &, const RequestContext &);
    Representation changing(const DemoScenario &, const RequestContext &);
    Representation maxAge(const DemoScenario &, const RequestContext &);
    Representation noCache(const DemoScenario &, const RequestContext &);
    Representation noStore(const DemoScenario &, const RequestContext &);
    Representation mustRevalidate(const DemoScenario &, const RequestContext &);
    Representation varyGzip(const DemoScenario &, const RequestContext &);
    Representation large(const DemoScenario &, const RequestContext &);
    Representation loadBalanced(const DemoScenario &, const RequestContext &);
    Representation ignoresIfNoneMatch(const DemoScenario &, const RequestContext &);
    Representation dropsHeadersOn304(const DemoScenario &, const RequestContext &);
    Representation imsEquality(const DemoScenario &, const RequestContext &);
    Representation movedPermanently(const DemoScenario &, const RequestContext &);
    Representation permanentRedirect(const DemoScenario &, const RequestContext &);
    Representation notFound(const DemoScenario &, const RequestContext &);
    Representation gone(const DemoScenario &, const RequestContext &);
    Representation tooManyRequests(const DemoScenario &, const RequestContext &);
    Representation serviceUnavailable(const DemoScenario &, const RequestContext &);

    QList<Entry> m_entries;
    int m_nextInstance = 0;
};

// Responses the origin makes itself, outside any scenario.
Representation errorRepresentation(int status, const QString &message);

} // namespace CacheScope::Demo
