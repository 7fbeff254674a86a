#include "cli.h"
#include "commands.h"
#include "output.h"
#include "reference/reference.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace CacheScope::Cli {

namespace {

constexpr int DefaultWidth = 80;
constexpr int MinWidth = 20;
constexpr int MaxWidth = 1000;
constexpr int Indent = 2;

// Greedy word wrap. Paragraphs (separated by a blank line) stay apart; single newlines are kept as line breaks.
// Continuation lines get `hanging` more spaces than the first, for bullet items.
QString wrap(const QString &text, int indent, int width, int hanging = 0)
{
    QStringList lines;
    bool first = true;
    const QStringList paragraphs = text.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts);
    for (qsizetype p = 0; p < paragraphs.size(); ++p) {
        if (p > 0)
            lines.append(QString());
        for (const QString &sourceLine : paragraphs.at(p).split(QLatin1Char('\n'))) {
            QString line;
            auto flush = [&] {
                const int pad = indent + (first ? 0 : hanging);
                lines.append(line.isEmpty() ? QString() : QString(pad, QLatin1Char(' ')) + line);
                line.clear();
                first = false;
            };
            for (const QString &word : sourceLine.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
                const int room = std::max(MinWidth / 2, width - indent - (first ? 0 : hanging));
                if (!line.isEmpty() && line.size() + 1 + word.size() > room)
                    flush();
                line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
            }
            flush();
        }
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

// Code is printed as written: wrapping it would break copy and paste.
QString verbatim(const QString &code, int indent)
{
    const QString pad(indent, QLatin1Char(' '));
    QStringList lines = code.split(QLatin1Char('\n'));
    for (QString &line : lines)
        line = line.isEmpty() ? line : pad + line;
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

class TextPrinter
{
public:
    TextPrinter(const Reference &reference, int width)
        : m_reference(reference)
        , m_width(width)
    { }

    void section(const char *title, const QString &text)
    {
        if (text.trimmed().isEmpty())
            return;
        out() << '\n' << title << '\n' << wrap(text, Indent, m_width);
    }

    void bullets(const char *title, const QStringList &items)
    {
        if (items.isEmpty())
            return;
        out() << '\n' << title << '\n';
        for (const QString &item : items)
            out() << wrap(QStringLiteral("- ") + item, Indent, m_width, 2);
    }

    void examples(const CodeExamples &examples)
    {
        out() << "\nEXAMPLES\n";
        const std::pair<const char *, const QString *> all[]
            = { { "Express", &examples.express }, { "Flask", &examples.flask }, { "curl", &examples.curl } };
        for (const auto &[label, code] : all) {
            if (!code->isEmpty())
                out() << "  " << label << ":\n" << verbatim(*code, Indent * 2);
        }
    }

    void spec(const SpecRef &spec, const QString &prefix)
    {
        out() << wrap(prefix + spec.citation(), 0, m_width);
        if (!spec.url.isEmpty())
            out() << spec.url << '\n';
    }

    void status(const StatusInfo &status)
    {
        out() << status.title() << '\n';
        QString line = statusClassLabel(status.statusClass) + QStringLiteral(" · ") + standingKeyword(status.standing);
        if (!status.origin.isEmpty())
            line += QStringLiteral(" (%1)").arg(status.origin);
        spec(status.spec, line + QStringLiteral(" · "));
        section("SUMMARY", status.summary);
        section("EXPLANATION", status.explanation);
        section("IN A BROWSER", status.browser);
        bullets("DEBUGGING", status.debugging);
        const auto yesNo = [](bool b) { return b ? QStringLiteral("yes") : QStringLiteral("no"); };
        section("CACHING",
            QStringLiteral("Cacheable by default: %1. Heuristic freshness allowed: %2.\n\n%3")
                .arg(yesNo(status.caching.cacheableByDefault), yesNo(status.caching.heuristic), status.caching.notes));
        QStringList headers;
        for (const HeaderNote &note : status.headers)
            headers.append(QStringLiteral("%1: %2").arg(note.name, note.note));
        bullets("HEADERS", headers);
        QStringList related;
        for (int code : status.related) {
            const StatusInfo *other = m_reference.findStatus(code);
            related.append(other ? other->title() : QString::number(code));
        }
        section("RELATED", related.join(QStringLiteral(" · ")));
        examples(status.examples);
        section("HISTORY", status.history);
    }

    void header(const HeaderInfo &header)
    {
        out() << header.name << '\n';
        static const QString directions[] = { QStringLiteral("Request header"), QStringLiteral("Response header"),
            QStringLiteral("Request and response header") };
        spec(header.spec, directions[int(header.direction)] + QStringLiteral(" · "));
        section("SUMMARY", header.summary);
        section("EXPLANATION", header.explanation);
        section("SYNTAX", header.syntax);
        section("CACHING", header.caching);
        bullets("DEBUGGING", header.debugging);
        if (!header.directives.isEmpty()) {
            QStringList directives;
            for (const DirectiveInfo &d : header.directives)
                directives.append(QStringLiteral("%1 (%2): %3").arg(d.name, sideKeyword(d.side), d.summary));
            bullets("DIRECTIVES (cachescope-cli explain NAME for each)", directives);
        }
        section("RELATED", header.related.join(QStringLiteral(" · ")));
        examples(header.examples);
        section("HISTORY", header.history);
    }

    void directive(const DirectiveInfo &directive)
    {
        out() << directive.name << '\n';
        spec(directive.spec,
            QStringLiteral("%1 directive, %2 side · ").arg(directive.header, sideKeyword(directive.side)));
        section("SUMMARY", directive.summary);
        section("EXPLANATION", directive.explanation);
        out() << "\nEXAMPLE\n" << verbatim(directive.example, Indent);
    }

    void results(const QString &query, const QList<SearchHit> &hits)
    {
        out() << "Entries matching \"" << query << "\":\n\n";
        qsizetype titleWidth = 0;
        for (const SearchHit &hit : hits)
            titleWidth = std::max(titleWidth, label(hit).size());
        titleWidth = std::min<qsizetype>(titleWidth, m_width / 2);
        for (const SearchHit &hit : hits) {
            const QString title = label(hit).leftJustified(titleWidth);
            const qsizetype room = std::max<qsizetype>(10, m_width - Indent - titleWidth - 2);
            QString summary = hit.summary;
            if (summary.size() > room)
                summary = summary.left(room - 3).trimmed() + QStringLiteral("...");
            out() << "  " << title << "  " << summary << '\n';
        }
        out() << "\nRun 'cachescope-cli explain NAME' (or a code) for the full entry.\n";
    }

    static QString label(const SearchHit &hit)
    {
        return hit.kind == SearchHit::Directive ? QStringLiteral("%1 (%2)").arg(hit.name, hit.header) : hit.title;
    }

private:
    const Reference &m_reference;
    int m_width;
};

QJsonObject hitToJson(const SearchHit &hit)
{
    static const char *kinds[] = { "status", "header", "directive" };
    QJsonObject object { { QStringLiteral("kind"), QLatin1String(kinds[hit.kind]) },
        { QStringLiteral("score"), hit.score }, { QStringLiteral("title"), hit.title },
        { QStringLiteral("summary"), hit.summary } };
    if (hit.kind == SearchHit::Status)
        object.insert(QStringLiteral("code"), hit.code);
    else
        object.insert(QStringLiteral("name"), hit.name);
    if (hit.kind == SearchHit::Directive) {
        object.insert(QStringLiteral("header"), hit.header);
        object.insert(QStringLiteral("side"), sideKeyword(hit.side));
    }
    return object;
}

QJsonObject directiveToJson(const DirectiveInfo &directive)
{
    QJsonObject object = toJson(directive);
    object.insert(QStringLiteral("header"), directive.header);
    return object;
}

struct Query
{
    QString text;
    bool json = false;
    int width = DefaultWidth;
};

int notFound(const Reference &reference, const Query &query, const QString &error)
{
    const QStringList suggestions = reference.suggestions(query.text);
    if (query.json) {
        printJson(QJsonObject { { QStringLiteral("query"), query.text },
            { QStringLiteral("kind"), QStringLiteral("none") }, { QStringLiteral("error"), error },
            { QStringLiteral("suggestions"), QJsonArray::fromStringList(suggestions) } });
    }
    err() << "cachescope-cli explain: " << error << '\n';
    if (!suggestions.isEmpty())
        err() << "Did you mean: " << suggestions.join(QStringLiteral(", ")) << "?\n";
    err() << "Try a status code (304), a header (cache-control), a directive (max-age) or words (\"not modified\").\n";
    err().flush();
    return ExitUsage;
}

int explainCode(const Reference &reference, const Query &query, int code, const QString &match)
{
    const StatusLookup lookup = reference.status(code);
    if (lookup.outcome == StatusLookup::Invalid) {
        return notFound(reference, query,
            QStringLiteral("'%1' is not a valid HTTP status code: status codes run from 100 to 599").arg(query.text));
    }
    const bool recognized = lookup.outcome == StatusLookup::Known;
    if (query.json) {
        QJsonObject object { { QStringLiteral("query"), query.text },
            { QStringLiteral("kind"), QStringLiteral("status") }, { QStringLiteral("match"), match },
            { QStringLiteral("recognized"), recognized },
            { QStringLiteral("status"), lookup.info ? QJsonValue(toJson(*lookup.info)) : QJsonValue() } };
        if (!recognized) {
            object.insert(QStringLiteral("fallback"), lookup.fallbackCode);
            object.insert(QStringLiteral("message"), lookup.message);
        }
        printJson(object);
        return ExitOk;
    }
    if (!recognized) {
        out() << code << ": " << lookup.message << '\n'
              << wrap(QStringLiteral("RFC 9110 §15: a client that does not recognize a status code treats it like the "
                                     "x00 code of its class. What follows is the entry for %1.")
                          .arg(lookup.fallbackCode),
                     0, query.width)
              << '\n';
        if (!lookup.info) {
            out() << "(the reference has no entry for " << lookup.fallbackCode << " either)\n";
            return ExitOk;
        }
    }
    TextPrinter(reference, query.width).status(*lookup.info);
    return ExitOk;
}

int explainHeader(const Reference &reference, const Query &query, const HeaderInfo &header)
{
    if (query.json) {
        printJson(
            QJsonObject { { QStringLiteral("query"), query.text }, { QStringLiteral("kind"), QStringLiteral("header") },
                { QStringLiteral("match"), QStringLiteral("name") }, { QStringLiteral("header"), toJson(header) } });
        return ExitOk;
    }
    TextPrinter(reference, query.width).header(header);
    return ExitOk;
}

int explainDirectives(const Reference &reference, const Query &query, const QList<const DirectiveInfo *> &directives)
{
    if (query.json) {
        QJsonArray list;
        for (const DirectiveInfo *directive : directives)
            list.append(directiveToJson(*directive));
        printJson(QJsonObject { { QStringLiteral("query"), query.text },
            { QStringLiteral("kind"), QStringLiteral("directive") },
            { QStringLiteral("match"), QStringLiteral("name") }, { QStringLiteral("directives"), list } });
        return ExitOk;
    }
    TextPrinter printer(reference, query.width);
    for (qsizetype i = 0; i < directives.size(); ++i) {
        if (i > 0)
            out() << '\n' << QString(std::min(query.width, 40), QLatin1Char('-')) << "\n\n";
        printer.directive(*directives.at(i));
    }
    return ExitOk;
}

int explainSearch(const Reference &reference, const Query &query)
{
    const QList<SearchHit> hits = reference.search(query.text, 0);
    if (hits.isEmpty())
        return notFound(reference, query, QStringLiteral("nothing in the reference matches '%1'").arg(query.text));
    // An exact reason phrase or alias names one entry: show it rather than a list of one.
    const bool exactStatus = hits.first().kind == SearchHit::Status && hits.first().score >= ReferenceIndex::ExactAlias
        && (hits.size() == 1 || hits.at(1).score < ReferenceIndex::ExactAlias);
    if (exactStatus)
        return explainCode(reference, query, hits.first().code,
            hits.first().score == ReferenceIndex::ExactAlias ? QStringLiteral("alias") : QStringLiteral("reason"));
    constexpr qsizetype MaxListed = 25;
    const QList<SearchHit> shown = hits.mid(0, MaxListed);
    if (query.json) {
        QJsonArray results;
        for (const SearchHit &hit : shown)
            results.append(hitToJson(hit));
        printJson(QJsonObject { { QStringLiteral("query"), query.text },
            { QStringLiteral("kind"), QStringLiteral("search") }, { QStringLiteral("match"), QStringLiteral("search") },
            { QStringLiteral("total"), hits.size() }, { QStringLiteral("results"), results } });
        return ExitOk;
    }
    TextPrinter(reference, query.width).results(query.text, shown);
    if (hits.size() > shown.size())
        out() << "(" << hits.size() - shown.size() << " more not shown: add words to narrow the search)\n";
    return ExitOk;
}

int explainList(const Reference &reference, bool json)
{
    if (json) {
        QJsonArray statuses;
        for (const StatusInfo &status : reference.statuses())
            statuses.append(
                QJsonObject { { QStringLiteral("code"), status.code }, { QStringLiteral("reason"), status.reason },
                    { QStringLiteral("status"), standingKeyword(status.standing) } });
        QJsonArray headers;
        for (const HeaderInfo &header : reference.headers()) {
            QJsonArray directives;
            for (const DirectiveInfo &d : header.directives)
                directives.append(QJsonObject {
                    { QStringLiteral("name"), d.name }, { QStringLiteral("side"), sideKeyword(d.side) } });
            headers.append(
                QJsonObject { { QStringLiteral("name"), header.name }, { QStringLiteral("directives"), directives } });
        }
        printJson(QJsonObject { { QStringLiteral("statuses"), statuses }, { QStringLiteral("headers"), headers } });
        return ExitOk;
    }
    out() << "Status codes:\n";
    for (const StatusInfo &status : reference.statuses())
        out() << "  " << status.title()
              << (status.standing == StatusStanding::Standard
                         ? QString()
                         : QStringLiteral(" (%1)").arg(standingKeyword(status.standing)))
              << '\n';
    out() << "\nHeaders:\n";
    for (const HeaderInfo &header : reference.headers()) {
        QStringList names;
        for (const DirectiveInfo &d : header.directives)
            names.append(d.name);
        names.removeDuplicates();
        out() << "  " << header.name
              << (names.isEmpty() ? QString() : QStringLiteral(": ") + names.join(QStringLiteral(", "))) << '\n';
    }
    return ExitOk;
}

// Loader problems go to standard error, so that --json output on standard output stays parseable.
void reportDataErrors(const Reference &reference)
{
    const QList<ReferenceError> &errors = reference.errors();
    constexpr qsizetype MaxShown = 5;
    for (qsizetype i = 0; i < std::min(errors.size(), MaxShown); ++i)
        err() << "cachescope-cli explain: reference data: " << errors.at(i).toString() << '\n';
    if (errors.size() > MaxShown)
        err() << "cachescope-cli explain: reference data: " << errors.size() - MaxShown << " more problems\n";
    err().flush();
}

int widthFromEnvironment()
{
    bool ok = false;
    const int columns = qEnvironmentVariableIntValue("COLUMNS", &ok);
    return ok ? std::clamp(columns, MinWidth, MaxWidth) : DefaultWidth;
}

} // namespace

int runExplain(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Explain a status code, a header field or a Cache-Control directive, or search the built-in reference.\n"
        "Examples: explain 304 | explain cache-control | explain max-age | explain \"not modified\" | explain 3xx"));
    parser.addPositionalArgument(QStringLiteral("query"),
        QStringLiteral("A code, a name or words (several words are joined)."), QStringLiteral("QUERY..."));
    const QCommandLineOption json(
        QStringLiteral("json"), QStringLiteral("Print one JSON object (the entry in the data format)."));
    const QCommandLineOption list(
        QStringLiteral("list"), QStringLiteral("List every status code, header and directive."));
    const QCommandLineOption width(QStringLiteral("width"),
        QStringLiteral("Wrap text at N columns (default: $COLUMNS or 80)."), QStringLiteral("N"));
    const QCommandLineOption data(QStringLiteral("data"),
        QStringLiteral("Read the reference from DIR (e.g. resources/reference) instead of the built-in copy."),
        QStringLiteral("DIR"));
    const QCommandLineOption store(
        QStringLiteral("store"), QStringLiteral("State directory (not used by explain)."), QStringLiteral("DIR"));
    parser.addOptions({ json, list, width, data, store });
    parser.addHelpOption();
    if (!parser.parse(QStringList { QStringLiteral("cachescope-cli explain") } + arguments)) {
        err() << "cachescope-cli explain: " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }

    Query query;
    query.json = parser.isSet(json);
    query.width = widthFromEnvironment();
    if (parser.isSet(width)) {
        bool ok = false;
        query.width = parser.value(width).toInt(&ok);
        if (!ok || query.width < MinWidth || query.width > MaxWidth) {
            err() << "cachescope-cli explain: --width takes a number from " << MinWidth << " to " << MaxWidth << '\n';
            return ExitUsage;
        }
    }
    const Reference reference(parser.isSet(data) ? parser.value(data) : Reference::builtInDirectory());
    reportDataErrors(reference);
    if (parser.isSet(list))
        return explainList(reference, query.json);

    query.text = parser.positionalArguments().join(QLatin1Char(' ')).simplified();
    if (query.text.isEmpty()) {
        err() << "cachescope-cli explain: what should be explained? Give a code, a name or words (see --help)\n";
        return ExitUsage;
    }
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    if (digits.match(query.text).hasMatch()) {
        // Anything longer than three digits (leading zeros aside) is invalid; -1 keeps huge numbers from wrapping.
        bool ok = false;
        const int code = query.text.size() <= 9 ? query.text.toInt(&ok) : -1;
        return explainCode(reference, query, ok ? code : -1, QStringLiteral("code"));
    }
    if (const HeaderInfo *header = reference.header(query.text))
        return explainHeader(reference, query, *header);
    if (const QList<const DirectiveInfo *> directives = reference.directives(query.text); !directives.isEmpty())
        return explainDirectives(reference, query, directives);
    return explainSearch(reference, query);
}

} // namespace CacheScope::Cli
