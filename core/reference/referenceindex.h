#pragma once

#include "reference/referenceparser.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace CacheScope {

// One result of Reference::search().
struct SearchHit
{
    enum Kind
    {
        Status,
        Header,
        Directive
    };
    Kind kind = Status;
    int score = 0; // higher is better; see ReferenceIndex::Score
    int code = 0; // Status
    QString name; // Header or Directive name
    QString header; // Directive: the header it belongs to
    MessageSide side = MessageSide::Both; // Directive
    QString title; // "304 Not Modified", "Cache-Control", "max-age (Cache-Control, response)"
    QString summary;
};

// Word index over the reference data for ranked search and "did you mean" suggestions.
class ReferenceIndex
{
public:
    // What matched, best first. A hit's score is the best rule it meets.
    enum Score
    {
        ExactCode = 1000, // "304"
        ExactHeaderName = 950, // "cache-control"
        ExactDirectiveName = 940, // "max-age"
        ExactReason = 930, // "not modified"
        ExactAlias = 900, // "moved temporarily"
        WholeClass = 800, // "3xx"
        CodePrefix = 700, // "30"
        NamePrefix = 600, // "cache-con"
        TitleWords = 500, // every word is (the start of) a word of the name
        SummaryWords = 300, // ... of the name or summary
        TextWords = 100, // ... of any text of the entry
    };

    void build(const ReferenceData &data);
    // Case-insensitive; `limit` <= 0 means every hit.
    QList<SearchHit> search(QStringView text, qsizetype limit) const;
    // Names close to `text` by edit distance ("cache-contrl" -> "Cache-Control"), closest first.
    QStringList suggestions(QStringView text, qsizetype limit) const;

    // Lower-cased words of `text`, split at anything that is not a letter or a digit.
    static QStringList words(QStringView text);

private:
    struct Entry
    {
        SearchHit hit; // score left at 0
        QStringList exactNames; // case-folded: the header/directive name or the reason phrase
        QStringList aliases; // case-folded
        QStringList titleWords; // sorted
        QStringList summaryWords; // sorted
        QStringList textWords; // sorted
    };

    int score(const Entry &entry, const QString &query, const QStringList &queryWords) const;

    QList<Entry> m_entries;
};

} // namespace CacheScope
