#pragma once

#include "client/timeline.h"
#include "harexport.h"

#include <functional>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace CacheScope {

// A HAR export as the window asks for it: gathered on the UI thread (what the history and selections hold),
// then read from the store and written by runHarExport() on a worker thread, so neither a week of timeline
// events nor a large file stalls the window.
struct HarExportPlan
{
    enum class Source
    {
        Given, // `events`, in their order; those with a row id are replaced by the store's copy when it has one
        StoredUrl, // the store's events of `url`, oldest first
        AllStored, // every stored event, oldest first
    };

    QString path; // the file to write (replaced whole, or left as it was on failure)
    HarExportOptions options;
    Source source = Source::Given;
    // The store file to read, on a read-only connection of the job's own (StoreReadConnection). Empty: no store;
    // then StoredUrl and AllStored have nothing to export and Given events are written as given.
    QString storePath;
    QUrl url;
    QList<TimelineEvent> events;
};

struct HarExportOutcome
{
    QString path;
    int exchanges = 0; // entries written
    QStringList problems; // unreadable store rows left out
    QString error; // a sentence; empty when the file was written
};

// Reads what the plan names and writes the HAR document `cachescope-cli har export` writes for those events
// (QSaveFile: an existing file is only replaced by a complete one). Runs on any thread; `cancelled`, asked
// between reads, stops the job before anything is written. Nothing to export is an error.
HarExportOutcome runHarExport(const HarExportPlan &plan, const std::function<bool()> &cancelled = {});

} // namespace CacheScope

Q_DECLARE_METATYPE(CacheScope::HarExportOutcome)
