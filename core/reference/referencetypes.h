#pragma once

#include <optional>
#include <QList>
#include <QString>
#include <QStringList>

namespace CacheScope {

// Where a fact comes from: the document, the section inside it and a link.
struct SpecRef
{
    QString document; // "RFC 9110", "draft-ietf-httpbis-resumable-upload", "nginx documentation"
    QString section; // "15.4.5"; empty when the document has no numbered section to point at
    QString url;

    // "RFC 9110 §15.4.5", or the document alone when there is no section.
    QString citation() const;
    friend bool operator==(const SpecRef &, const SpecRef &) = default;
};

// Short server and client snippets that produce or test the thing explained.
struct CodeExamples
{
    QString express;
    QString flask;
    QString curl;
    friend bool operator==(const CodeExamples &, const CodeExamples &) = default;
};

enum class StatusClass
{
    Informational = 1,
    Success,
    Redirection,
    ClientError,
    ServerError
};
enum class StatusStanding
{
    Standard,
    Unused,
    Obsolete,
    Unofficial,
    Proposed
};
enum class MessageSide
{
    Request,
    Response,
    Both
};

struct StatusCaching
{
    bool cacheableByDefault = false; // RFC 9110 §15.1: storable without explicit freshness information
    bool heuristic = false; // a cache may give it a heuristic freshness lifetime (RFC 9111 §4.2.2)
    QString notes;
    friend bool operator==(const StatusCaching &, const StatusCaching &) = default;
};

// A header that matters with a given status code, and why.
struct HeaderNote
{
    QString name;
    QString note;
    friend bool operator==(const HeaderNote &, const HeaderNote &) = default;
};

// One status code of the reference (resources/reference/status/*.json).
struct StatusInfo
{
    int code = 0;
    QString reason;
    StatusClass statusClass = StatusClass::Informational;
    StatusStanding standing = StatusStanding::Standard;
    QString origin; // who uses an unofficial code ("nginx"); empty otherwise
    SpecRef spec;
    QString summary;
    QString explanation; // paragraphs separated by a blank line
    QString browser;
    QStringList debugging;
    StatusCaching caching;
    QList<HeaderNote> headers;
    QList<int> related;
    CodeExamples examples;
    QString history; // optional
    QStringList aliases; // optional: other reason phrases seen for the code ("Moved Temporarily")
    QString sourceFile; // which data file it came from, relative to the data directory

    bool isValid() const { return code != 0; }
    // "304 Not Modified"
    QString title() const;
    friend bool operator==(const StatusInfo &, const StatusInfo &) = default;
};

// One directive of a header such as Cache-Control.
struct DirectiveInfo
{
    QString name;
    MessageSide side = MessageSide::Both;
    SpecRef spec;
    QString summary;
    QString explanation;
    QString example; // "Cache-Control: max-age=60"
    QStringList aliases; // optional
    QString header; // the header it belongs to; set by the loader, not stored in the data

    // "max-age (Cache-Control, response)"
    QString title() const;
    friend bool operator==(const DirectiveInfo &, const DirectiveInfo &) = default;
};

// One header field of the reference (resources/reference/headers.json).
struct HeaderInfo
{
    QString name;
    MessageSide direction = MessageSide::Both;
    SpecRef spec;
    QString summary;
    QString explanation;
    QString syntax;
    QString caching;
    QStringList debugging;
    QStringList related;
    CodeExamples examples;
    QList<DirectiveInfo> directives;
    QString history; // optional
    QStringList aliases; // optional
    QString sourceFile;

    bool isValid() const { return !name.isEmpty(); }
    friend bool operator==(const HeaderInfo &, const HeaderInfo &) = default;
};

// The keywords the data files use ("client-error", "obsolete", "request"), and back.
QString statusClassKeyword(StatusClass statusClass);
std::optional<StatusClass> statusClassFromKeyword(QStringView keyword);
QString standingKeyword(StatusStanding standing);
std::optional<StatusStanding> standingFromKeyword(QStringView keyword);
QString sideKeyword(MessageSide side);
std::optional<MessageSide> sideFromKeyword(QStringView keyword);

// The class a code in 100..599 belongs to by its first digit; nullopt outside that range.
std::optional<StatusClass> statusClassOf(int code);
// "Redirection", "Client error": for people.
QString statusClassLabel(StatusClass statusClass);

} // namespace CacheScope
