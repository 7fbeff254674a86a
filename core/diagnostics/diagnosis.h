#pragma once

#include "client/revalidator.h"
#include "client/timeline.h"

#include <QList>
#include <QString>

namespace CacheScope {

// Every finding about one exchange seen through the validator store, most severe first (errors, then
// warnings, then info; rules keep their order within a severity). Pure: the same input gives the same notes.
// "Now" is when the response arrived (the exchange's start plus its duration), so results do not depend
// on when the diagnosis runs.
QList<TimelineNote> diagnoseExchange(const CachedExchange &result);

// The reference topic a note code links to ("304", "etag", "if-modified-since", "cache-control",
// "vary"...: keys that Reference (core/reference) resolves); empty when none.
QString referenceTopicForNote(const QString &code);

// Every note code diagnoseExchange() and ValidationProbe can produce, in a stable order (for documentation,
// tests and filters).
QStringList diagnosisNoteCodes();

// Sorts notes most severe first, keeping the order of notes of equal severity.
void sortNotesBySeverity(QList<TimelineNote> &notes);

} // namespace CacheScope
