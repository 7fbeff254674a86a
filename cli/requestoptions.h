#pragma once

#include "client/request.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

namespace CacheScope::Cli {

// The request options shared by get, revalidate and watch: URL, -X, -H, -d, -L, --timeout, --no-defaults.
class RequestOptions
{
public:
    explicit RequestOptions(QCommandLineParser &parser, bool withBody = true);
    // Builds the request for `urlText`; on failure returns false with a message in `error`.
    bool build(const QString &urlText, Request &request, QString *error) const;

private:
    QCommandLineParser &m_parser;
    QCommandLineOption m_method;
    QCommandLineOption m_header;
    QCommandLineOption m_data;
    QCommandLineOption m_follow;
    QCommandLineOption m_timeout;
    QCommandLineOption m_noDefaults;
    bool m_withBody;
};

// Parses "Name: value" as typed on a command line; refuses what would corrupt the request.
bool parseHeaderArgument(const QString &argument, HttpHeaders &headers, QString *error);

} // namespace CacheScope::Cli
