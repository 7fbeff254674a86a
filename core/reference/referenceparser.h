#pragma once

#include "reference/referencetypes.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace CacheScope {

// A problem found in the reference data, located as precisely as the data allows.
struct ReferenceError
{
    enum Severity
    {
        Error, // the entry (or the whole file) was skipped
        Warning, // the entry loaded, but something in it looks wrong (an unknown field: a typo?)
    };
    Severity severity = Error;
    QString file; // relative to the data directory: "status/3xx.json"
    QString entry; // "codes[4] (304)", "headers[0] (Cache-Control) directives[2] (no-cache)"; empty for the file
    QString field; // "caching.notes", "related[1]"; empty when the entry itself is the problem
    QString message;

    // "status/3xx.json: codes[4] (304): field 'summary': expected a string"
    QString toString() const;
};

struct ReferenceData
{
    QList<StatusInfo> statuses;
    QList<HeaderInfo> headers;
};

// Files larger than this are refused without being parsed.
constexpr qint64 MaxReferenceFileBytes = qint64(8) * 1024 * 1024;

// Parses one data file and appends its valid entries to `data`. A file is a status file when its top-level
// object has "codes" and a headers file when it has "headers". An entry with an error is skipped whole and
// the others still load; an entry whose code or header name is already in `data` is a duplicate and skipped.
// `fileName` is only used in the messages.
void parseReferenceFile(
    const QByteArray &json, const QString &fileName, ReferenceData &data, QList<ReferenceError> &errors);

// The entries in the shape the data files use, for `explain --json` and the GUI's "copy as JSON".
QJsonObject toJson(const SpecRef &spec);
QJsonObject toJson(const StatusInfo &status);
QJsonObject toJson(const HeaderInfo &header);
QJsonObject toJson(const DirectiveInfo &directive);

} // namespace CacheScope
