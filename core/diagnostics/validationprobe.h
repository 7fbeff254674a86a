#pragma once

#include "client/exchange.h"
#include "client/request.h"
#include "client/timeline.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

namespace CacheScope {

class HttpClient;
class HttpTransfer;

// One request the probe sent, what it expected and what came back.
struct ProbeStep
{
    QString name; // stable: "fetch", "if-none-match", "if-none-match-other-form", "if-none-match-other-tag",
                  // "if-none-match-list", "if-modified-since", "if-modified-since-later", "if-modified-since-earlier",
                  // "accept-encoding-gzip", "accept-encoding-identity"
    QString purpose; // one sentence: what is asked and what a correct server answers
    Exchange exchange;
};

struct ValidationProbeResult
{
    QUrl url;
    QList<ProbeStep> steps; // in the order sent
    QList<TimelineNote> notes; // most severe first, one per code
    bool hasErrors() const;
};

// Checks what one exchange cannot show: asks the same URL several times with chosen preconditions and
// compares the answers. After a plain fetch: If-None-Match with the tag received (304 expected), with its
// other form (W/ added or removed: weak comparison still gives 304), with a tag that matches nothing (200),
// with a list of a foreign tag and the right one (304);
// If-Modified-Since equal to Last-Modified (304), one hour later (304: "not modified since" is not
// "modified exactly then"), one hour earlier (200); and the resource with Accept-Encoding gzip and identity,
// to compare their entity tags. No store is involved: nothing is read or written.
class ValidationProbe : public QObject
{
    Q_OBJECT
public:
    explicit ValidationProbe(HttpClient *client, QObject *parent = nullptr);
    ~ValidationProbe() override;

    // Starts probing `request`'s URL with its headers (method GET; any conditional headers in it are replaced).
    // Emits finished() once, also when the first fetch fails. Not reentrant: one probe at a time.
    void start(const Request &request);
    void cancel();
    bool isRunning() const { return m_running; }
    const ValidationProbeResult &result() const { return m_result; }

Q_SIGNALS:
    void finished(const CacheScope::ValidationProbeResult &result);

private:
    struct Planned
    {
        QString name;
        QString purpose;
        Request request;
    };
    void sendNext();
    void stepFinished(const Exchange &exchange);
    void planAfterFetch(const Exchange &fetch);
    void finish();

    HttpClient *m_client;
    QPointer<HttpTransfer> m_transfer;
    Request m_base;
    QList<Planned> m_plan;
    Planned m_current;
    ValidationProbeResult m_result;
    bool m_running = false;
};

// The notes for a finished probe (pure, so it can be tested on recorded steps): the first fetch's own
// diagnosis, what each step's answer says about the server, and the 304 rules on every 304 step. One note
// per code, most severe first. Steps are found by name; missing steps are simply not judged.
QList<TimelineNote> evaluateProbeSteps(const QList<ProbeStep> &steps);

} // namespace CacheScope
