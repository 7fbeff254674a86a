#include "harexportjob.h"

#include "client/storereader.h"

#include <QHash>
#include <QJsonDocument>
#include <QSaveFile>

namespace CacheScope {

namespace {

using Source = HarExportPlan::Source;

bool gatherEvents(const HarExportPlan &plan, QList<TimelineEvent> *events, HarExportOutcome *outcome,
    const std::function<bool()> &cancelled)
{
    if (plan.storePath.isEmpty()) {
        if (plan.source == Source::Given)
            *events = plan.events;
        return true;
    }
    StoreReadConnection store;
    if (!store.open(plan.storePath)) {
        outcome->error = QStringLiteral("The timeline store could not be read: %1").arg(store.errorString());
        return false;
    }
    const auto read = [&](const std::optional<QUrl> &url) -> std::optional<QList<TimelineEvent>> {
        auto found = url ? store.events(*url, 0, &outcome->problems, cancelled)
                         : store.allEvents(0, &outcome->problems, cancelled);
        if (!found)
            outcome->error = QStringLiteral("The timeline store could not be read: %1").arg(store.errorString());
        return found;
    };
    if (plan.source != Source::Given) {
        auto found = read(plan.source == Source::StoredUrl ? std::optional<QUrl>(plan.url) : std::nullopt);
        if (found)
            *events = std::move(*found);
        return found.has_value();
    }
    // The store's copy of an event holds the request and response heads as sent and received; the history's
    // own copy (after a restart) only what the settings keep. Read per URL: only the URLs asked for.
    QHash<QUrl, QHash<qint64, TimelineEvent>> stored;
    *events = plan.events;
    for (TimelineEvent &event : *events) {
        if (event.id <= 0)
            continue;
        if (!stored.contains(event.url)) {
            const auto found = read(event.url);
            if (!found)
                return false;
            QHash<qint64, TimelineEvent> byId;
            for (const TimelineEvent &one : *found)
                byId.insert(one.id, one);
            stored.insert(event.url, byId);
        }
        const QByteArray method = event.requestMethod;
        event = stored.value(event.url).value(event.id, event);
        if (event.requestMethod.isEmpty())
            event.requestMethod = method;
    }
    return true;
}

} // namespace

HarExportOutcome runHarExport(const HarExportPlan &plan, const std::function<bool()> &cancelled)
{
    HarExportOutcome outcome;
    outcome.path = plan.path;
    QList<TimelineEvent> events;
    if (!gatherEvents(plan, &events, &outcome, cancelled))
        return outcome;
    if (cancelled && cancelled()) {
        outcome.error = QStringLiteral("The export was cancelled; %1 was not written.").arg(plan.path);
        return outcome;
    }
    if (events.isEmpty()) {
        outcome.error = QStringLiteral("There is nothing to export: the choice holds no exchanges.");
        return outcome;
    }
    // The same document `cachescope-cli har export` writes.
    const QByteArray bytes = QJsonDocument(timelineToHar(events, plan.options)).toJson(QJsonDocument::Indented);
    QSaveFile file(plan.path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        outcome.error = QStringLiteral("Cannot write %1: %2").arg(plan.path, file.errorString());
        return outcome;
    }
    outcome.exchanges = int(events.size());
    return outcome;
}

} // namespace CacheScope
