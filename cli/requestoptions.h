#pragma once

#include "client/request.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QStringList>

namespace CacheScope::Cli {

// --max-body and --accept-certificate on their own, for the commands that build their requests themselves
// (watch, consistency) as well as inside RequestOptions. The caller adds options() to its parser.
class LimitOptions
{
public:
    // The notes are appended to the help of --max-body and --accept-certificate (what they mean for that command).
    explicit LimitOptions(
        QCommandLineParser &parser, const QString &certificateNote = {}, const QString &bodyNote = {});
    QList<QCommandLineOption> options() const { return { m_maxBody, m_acceptCertificate }; }
    // Reads what was typed: the body limit (0 when not given: the client's) and the accepted certificates.
    // False with a message naming the option in `error` when a value is malformed.
    bool read(qint64 *maxBodyBytes, QList<AcceptedCertificate> *accepted, QString *error) const;
    bool apply(Request &request, QString *error) const;

private:
    QCommandLineParser &m_parser;
    QCommandLineOption m_maxBody;
    QCommandLineOption m_acceptCertificate;
};

// The request options shared by get, revalidate and check: URL, -X, -H, -d, -L, --timeout, --no-defaults,
// --max-body, --accept-certificate, and --curl, which takes the whole request from a pasted curl command
// (the other options then override or add to it).
class RequestOptions
{
public:
    explicit RequestOptions(QCommandLineParser &parser, bool withBody = true);
    // Builds the request for `urlText` (may be empty with --curl: the command's URL is used); on failure
    // returns false with a message in `error`. What a curl command asks that cannot be honoured goes to
    // `warnings` when given.
    bool build(const QString &urlText, Request &request, QString *error, QStringList *warnings = nullptr) const;
    bool hasCurl() const;
    // The positional URL argument: exactly one, or none when --curl gives it. Empty with `error` set otherwise.
    bool urlArgument(const QStringList &positional, QString *url, QString *error) const;

private:
    bool applyCurl(Request &request, QString *error, QStringList *warnings) const;

    QCommandLineParser &m_parser;
    QCommandLineOption m_method;
    QCommandLineOption m_header;
    QCommandLineOption m_data;
    QCommandLineOption m_follow;
    QCommandLineOption m_timeout;
    QCommandLineOption m_noDefaults;
    QCommandLineOption m_curl;
    LimitOptions m_limits;
    bool m_withBody;
};

// Parses a size as typed on a command line: bytes ("1048576"), or with a binary suffix K, M, G (optionally
// followed by "B" or "iB": "10M", "1GiB"). Returns -1 and sets `error` for anything else or for 0.
qint64 parseByteSize(const QString &text, QString *error);

// Parses "Name: value" as typed on a command line; refuses what would corrupt the request.
bool parseHeaderArgument(const QString &argument, HttpHeaders &headers, QString *error);

} // namespace CacheScope::Cli
