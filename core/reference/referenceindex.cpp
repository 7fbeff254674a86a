#include "referenceindex.h"

#include <algorithm>
#include <QRegularExpression>

namespace CacheScope {

namespace {

// A search box is not a document: longer queries are cut rather than scanned.
constexpr qsizetype MaxQueryLength = 200;
constexpr qsizetype MaxQueryWords = 16;
// Edit distance is quadratic; names and queries longer than this are not compared.
constexpr qsizetype MaxSuggestionLength = 64;

QStringList sortedUnique(QStringList words)
{
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    return words;
}

// True when some word of the sorted list starts with `prefix`.
bool hasWordStartingWith(const QStringList &sorted, const QString &prefix)
{
    const auto it = std::lower_bound(sorted.cbegin(), sorted.cend(), prefix);
    return it != sorted.cend() && it->startsWith(prefix);
}

bool allWordsIn(const QStringList &queryWords, std::initializer_list<const QStringList *> lists)
{
    return std::all_of(queryWords.cbegin(), queryWords.cend(), [&](const QString &word) {
        return std::any_of(
            lists.begin(), lists.end(), [&](const QStringList *list) { return hasWordStartingWith(*list, word); });
    });
}

int editDistance(const QString &a, const QString &b)
{
    QList<int> previous(b.size() + 1);
    QList<int> current(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        previous[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        current[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int substitution = previous[j - 1] + (a.at(i - 1) == b.at(j - 1) ? 0 : 1);
            current[j] = std::min({ previous[j] + 1, current[j - 1] + 1, substitution });
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

QString normalizedQuery(QStringView text)
{
    QString query = text.left(MaxQueryLength).toString().simplified().toCaseFolded();
    if (query.endsWith(u':'))
        query.chop(1);
    return query.trimmed();
}

int kindOrder(SearchHit::Kind kind)
{
    return int(kind);
}

} // namespace

QStringList ReferenceIndex::words(QStringView text)
{
    QStringList result;
    QString current;
    for (const QChar c : text) {
        if (c.isLetterOrNumber()) {
            current += c;
        } else if (!current.isEmpty()) {
            result.append(current.toCaseFolded());
            current.clear();
        }
    }
    if (!current.isEmpty())
        result.append(current.toCaseFolded());
    return result;
}

void ReferenceIndex::build(const ReferenceData &data)
{
    m_entries.clear();
    auto fold = [](QStringList list) {
        for (QString &s : list)
            s = s.toCaseFolded();
        return list;
    };
    for (const StatusInfo &status : data.statuses) {
        Entry entry;
        entry.hit = { SearchHit::Status, 0, status.code, {}, {}, MessageSide::Both, status.title(), status.summary };
        entry.exactNames = { status.reason.toCaseFolded() };
        entry.aliases = fold(status.aliases);
        entry.titleWords = sortedUnique(words(status.title()) + words(status.aliases.join(u' ')));
        entry.summaryWords = sortedUnique(words(status.summary));
        QStringList text { status.explanation, status.browser, status.caching.notes, status.history, status.origin };
        text += status.debugging;
        for (const HeaderNote &note : status.headers)
            text << note.name << note.note;
        entry.textWords = sortedUnique(words(text.join(u' ')));
        m_entries.append(entry);
    }
    for (const HeaderInfo &header : data.headers) {
        Entry entry;
        entry.hit = { SearchHit::Header, 0, 0, header.name, {}, header.direction, header.name, header.summary };
        entry.exactNames = { header.name.toCaseFolded() };
        entry.aliases = fold(header.aliases);
        entry.titleWords = sortedUnique(words(header.name) + words(header.aliases.join(u' ')));
        entry.summaryWords = sortedUnique(words(header.summary));
        QStringList text { header.explanation, header.syntax, header.caching, header.history };
        text += header.debugging;
        entry.textWords = sortedUnique(words(text.join(u' ')));
        m_entries.append(entry);
        for (const DirectiveInfo &directive : header.directives) {
            Entry d;
            d.hit = { SearchHit::Directive, 0, 0, directive.name, header.name, directive.side, directive.title(),
                directive.summary };
            d.exactNames = { directive.name.toCaseFolded() };
            d.aliases = fold(directive.aliases);
            d.titleWords
                = sortedUnique(words(directive.name) + words(header.name) + words(directive.aliases.join(u' ')));
            d.summaryWords = sortedUnique(words(directive.summary));
            d.textWords = sortedUnique(words(directive.explanation + u' ' + directive.example));
            m_entries.append(d);
        }
    }
}

int ReferenceIndex::score(const Entry &entry, const QString &query, const QStringList &queryWords) const
{
    const SearchHit &hit = entry.hit;
    int best = 0;
    auto offer = [&best](int candidate) { best = std::max(best, candidate); };

    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,3}$"));
    static const QRegularExpression wholeClass(QStringLiteral("^([1-5])xx$"));
    if (hit.kind == SearchHit::Status) {
        const QString code = QString::number(hit.code);
        if (digits.match(query).hasMatch()) {
            if (code == query)
                offer(ExactCode);
            else if (code.startsWith(query))
                offer(CodePrefix);
        }
        const QRegularExpressionMatch classMatch = wholeClass.match(query);
        if (classMatch.hasMatch() && code.startsWith(classMatch.captured(1)))
            offer(WholeClass);
    }
    if (entry.exactNames.contains(query)) {
        offer(hit.kind == SearchHit::Header        ? ExactHeaderName
                : hit.kind == SearchHit::Directive ? ExactDirectiveName
                                                   : ExactReason);
    }
    if (entry.aliases.contains(query))
        offer(ExactAlias);
    if (query.size() >= 2) {
        const bool prefix = std::any_of(entry.exactNames.cbegin(), entry.exactNames.cend(),
            [&](const QString &name) { return name.startsWith(query); });
        if (prefix)
            offer(NamePrefix);
    }
    if (best == 0 && !queryWords.isEmpty()) {
        if (allWordsIn(queryWords, { &entry.titleWords }))
            offer(TitleWords);
        else if (allWordsIn(queryWords, { &entry.titleWords, &entry.summaryWords }))
            offer(SummaryWords);
        else if (allWordsIn(queryWords, { &entry.titleWords, &entry.summaryWords, &entry.textWords }))
            offer(TextWords);
    }
    return best;
}

QList<SearchHit> ReferenceIndex::search(QStringView text, qsizetype limit) const
{
    const QString query = normalizedQuery(text);
    if (query.isEmpty())
        return {};
    QStringList queryWords = words(query);
    if (queryWords.size() > MaxQueryWords)
        queryWords.resize(MaxQueryWords);

    QList<SearchHit> hits;
    for (const Entry &entry : m_entries) {
        const int s = score(entry, query, queryWords);
        if (s > 0) {
            hits.append(entry.hit);
            hits.last().score = s;
        }
    }
    std::stable_sort(hits.begin(), hits.end(), [](const SearchHit &a, const SearchHit &b) {
        if (a.score != b.score)
            return a.score > b.score;
        if (a.kind != b.kind)
            return kindOrder(a.kind) < kindOrder(b.kind);
        if (a.code != b.code)
            return a.code < b.code;
        return a.title.compare(b.title, Qt::CaseInsensitive) < 0;
    });
    if (limit > 0 && hits.size() > limit)
        hits.resize(limit);
    return hits;
}

QStringList ReferenceIndex::suggestions(QStringView text, qsizetype limit) const
{
    const QString query = normalizedQuery(text);
    if (query.isEmpty() || query.size() > MaxSuggestionLength)
        return {};
    // Short queries tolerate one typo, longer ones about one per three letters, never more than three.
    const int allowed = int(std::clamp<qsizetype>(query.size() / 3, 1, 3));
    struct Candidate
    {
        int distance;
        QString label;
    };
    QList<Candidate> candidates;
    for (const Entry &entry : m_entries) {
        const QString label = entry.hit.kind == SearchHit::Status ? entry.hit.title : entry.hit.name;
        for (const QString &name : entry.exactNames + entry.aliases) {
            if (name.size() > MaxSuggestionLength)
                continue;
            const int distance = editDistance(query, name);
            if (distance > 0 && distance <= allowed)
                candidates.append({ distance, label });
        }
    }
    std::stable_sort(candidates.begin(), candidates.end(),
        [](const Candidate &a, const Candidate &b) { return a.distance < b.distance; });
    QStringList result;
    for (const Candidate &candidate : std::as_const(candidates)) {
        if (!result.contains(candidate.label))
            result.append(candidate.label);
        if (limit > 0 && result.size() >= limit)
            break;
    }
    return result;
}

} // namespace CacheScope
