#include "requestoptions.h"

#include "interop/curlcommand.h"

#include <cmath>
#include <limits>
#include <QRegularExpression>

namespace CacheScope::Cli {

bool parseHeaderArgument(const QString &argument, HttpHeaders &headers, QString *error)
{
    const qsizetype colon = argument.indexOf(QLatin1Char(':'));
    if (colon <= 0) {
        *error = QStringLiteral("header '%1' is not of the form 'Name: value'").arg(argument);
        return false;
    }
    const QByteArray name = argument.left(colon).trimmed().toUtf8();
    const QByteArray value = argument.mid(colon + 1).trimmed().toUtf8();
    if (!HttpHeaders::isValidName(name)) {
        *error = invalidHeaderNameMessage(name);
        return false;
    }
    if (!HttpHeaders::isValidValue(value)) {
        *error = QStringLiteral("the value of header '%1' contains CR, LF or NUL: refused (header injection)")
                     .arg(QString::fromUtf8(name));
        return false;
    }
    headers.append(name, value);
    return true;
}

qint64 parseByteSize(const QString &text, QString *error)
{
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*([0-9]{1,15})\\s*(?:([KMG])(?:i?B)?|B)?\\s*$"), QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(text);
    qint64 value = match.hasMatch() ? match.captured(1).toLongLong() : 0;
    const QString unit = match.captured(2).toUpper();
    const int shift = unit == u"K" ? 10 : unit == u"M" ? 20 : unit == u"G" ? 30 : 0;
    if (!match.hasMatch() || value <= 0 || value > (std::numeric_limits<qint64>::max() >> shift)) {
        *error = QStringLiteral("'%1' is not a size: give bytes or a number with K, M or G (10M, 1G, 65536)").arg(text);
        return -1;
    }
    value <<= shift;
    return value;
}

namespace {

bool validated(const Request &request, QString *error)
{
    const QString problem = request.validate();
    if (!problem.isEmpty()) {
        *error = problem;
        return false;
    }
    return true;
}

} // namespace

LimitOptions::LimitOptions(QCommandLineParser &parser, const QString &certificateNote, const QString &bodyNote)
    : m_parser(parser)
    , m_maxBody(QStringLiteral("max-body"),
          QStringLiteral("Keep at most SIZE bytes of the response body (10M, 1G, bytes; default 512M). Past it the "
                         "body is read and counted but not kept, the result says it was truncated, and it is not "
                         "stored.")
              + (bodyNote.isEmpty() ? QString() : QLatin1Char(' ') + bodyNote),
          QStringLiteral("SIZE"))
    , m_acceptCertificate(QStringLiteral("accept-certificate"),
          QStringLiteral("Accept this one certificate for HOST despite its TLS errors, for this run only "
                         "(repeatable). FINGERPRINT is its SHA-256, as the certificate error prints it.")
              + (certificateNote.isEmpty() ? QString() : QLatin1Char(' ') + certificateNote),
          QStringLiteral("HOST=FINGERPRINT"))
{ }

bool LimitOptions::read(qint64 *maxBodyBytes, QList<AcceptedCertificate> *accepted, QString *error) const
{
    *maxBodyBytes = 0;
    if (m_parser.isSet(m_maxBody)) {
        *maxBodyBytes = parseByteSize(m_parser.value(m_maxBody), error);
        if (*maxBodyBytes < 0) {
            *error = QStringLiteral("--max-body: %1").arg(*error);
            return false;
        }
    }
    accepted->clear();
    for (const QString &value : m_parser.values(m_acceptCertificate)) {
        AcceptedCertificate certificate;
        if (!parseAcceptedCertificate(value, &certificate, error)) {
            *error = QStringLiteral("--accept-certificate: %1").arg(*error);
            return false;
        }
        accepted->append(certificate);
    }
    return true;
}

bool LimitOptions::apply(Request &request, QString *error) const
{
    qint64 maxBodyBytes = 0;
    QList<AcceptedCertificate> accepted;
    if (!read(&maxBodyBytes, &accepted, error))
        return false;
    // Not given: what the request already had (a --curl command cannot set either).
    if (maxBodyBytes > 0)
        request.maxBodyBytes = maxBodyBytes;
    request.acceptedCertificates += accepted;
    return true;
}

RequestOptions::RequestOptions(QCommandLineParser &parser, bool withBody)
    : m_parser(parser)
    , m_method({ QStringLiteral("X"), QStringLiteral("request") }, QStringLiteral("Method (default GET)."),
          QStringLiteral("METHOD"), QStringLiteral("GET"))
    , m_header({ QStringLiteral("H"), QStringLiteral("header") },
          QStringLiteral("Add a request header, 'Name: value' (repeatable; order kept)."), QStringLiteral("HEADER"))
    , m_data({ QStringLiteral("d"), QStringLiteral("data") }, QStringLiteral("Request body (sent as given)."),
          QStringLiteral("BODY"))
    , m_follow({ QStringLiteral("L"), QStringLiteral("location") },
          QStringLiteral("Follow redirects (default: show the 3xx itself)."))
    , m_timeout(QStringLiteral("timeout"), QStringLiteral("Give up after SECONDS (default 30)."),
          QStringLiteral("SECONDS"), QStringLiteral("30"))
    , m_noDefaults(
          QStringLiteral("no-defaults"), QStringLiteral("Send only the given headers (plus Host and Content-Length)."))
    , m_curl(QStringLiteral("curl"),
          QStringLiteral("Take the request from a curl command line (as copied from a browser); -X, -H, -d and a URL "
                         "given beside it override or add. Unknown curl options are an error."),
          QStringLiteral("COMMAND"))
    , m_limits(parser)
    , m_withBody(withBody)
{
    if (withBody)
        parser.addOptions({ m_method, m_data });
    parser.addOptions({ m_header, m_follow, m_timeout, m_noDefaults, m_curl });
    parser.addOptions(m_limits.options());
}

bool RequestOptions::hasCurl() const
{
    return m_parser.isSet(m_curl);
}

bool RequestOptions::urlArgument(const QStringList &positional, QString *url, QString *error) const
{
    if (positional.size() == 1 || (positional.isEmpty() && hasCurl())) {
        *url = positional.value(0);
        return true;
    }
    *error = hasCurl() ? QStringLiteral("give at most one URL next to --curl (see --help)")
                       : QStringLiteral("give exactly one URL (see --help)");
    return false;
}

// The request of the curl command, with what was typed next to it laid over it: -X and -d replace, each
// -H replaces the command's fields of that name ("Name:" with nothing after it removes them, as in curl).
bool RequestOptions::applyCurl(Request &request, QString *error, QStringList *warnings) const
{
    const CurlParseResult parsed = parseCurlCommand(m_parser.value(m_curl));
    if (!parsed.ok()) {
        *error = QStringLiteral("--curl: %1").arg(parsed.error);
        return false;
    }
    if (warnings)
        *warnings += parsed.warnings;
    request = parsed.request;
    if (!m_withBody && ((request.method != "GET" && request.method != "HEAD") || !request.body.isEmpty())) {
        *error = QStringLiteral("--curl: the command sends %1%2, but this command only sends GET")
                     .arg(QString::fromLatin1(request.method),
                         request.body.isEmpty() ? QString() : QStringLiteral(" with a body"));
        return false;
    }
    HttpHeaders typed;
    for (const QString &value : m_parser.values(m_header)) {
        if (!parseHeaderArgument(value, typed, error))
            return false;
    }
    QList<QByteArray> replaced;
    for (const HeaderField &field : std::as_const(typed)) {
        if (!replaced.contains(field.name.toLower())) {
            replaced.append(field.name.toLower());
            request.headers.remove(field.name);
        }
    }
    for (const HeaderField &field : std::as_const(typed)) {
        if (!field.value.isEmpty())
            request.headers.append(field.name, field.value);
    }
    return true;
}

bool RequestOptions::build(const QString &urlText, Request &request, QString *error, QStringList *warnings) const
{
    const bool curl = hasCurl();
    if (curl && !applyCurl(request, error, warnings))
        return false;
    if (!curl || !urlText.isEmpty()) {
        request.url = parseUserUrl(urlText, error);
        if (!request.url.isValid())
            return false;
    }
    if (m_withBody && (!curl || m_parser.isSet(m_method))) {
        request.method = m_parser.value(m_method).toUtf8();
        // Methods are case-sensitive (RFC 9110 §9.1), but "get" typed by hand means GET.
        static const QList<QByteArray> known { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE" };
        if (known.contains(request.method.toUpper()))
            request.method = request.method.toUpper();
    }
    if (m_withBody && m_parser.isSet(m_data))
        request.body = m_parser.value(m_data).toUtf8();
    for (const QString &value : m_parser.values(m_header)) {
        if (!curl && !parseHeaderArgument(value, request.headers, error))
            return false;
    }
    if (!curl || m_parser.isSet(m_follow))
        request.redirects = m_parser.isSet(m_follow) ? RedirectPolicy::Follow : RedirectPolicy::Manual;
    request.addDefaultHeaders = !m_parser.isSet(m_noDefaults);
    if (!m_limits.apply(request, error))
        return false;
    if (curl && !m_parser.isSet(m_timeout))
        return validated(request, error);
    bool ok = false;
    const double seconds = m_parser.value(m_timeout).toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds < 0 || seconds > 86400) { // NaN passes both comparisons
        *error = QStringLiteral("--timeout takes a number of seconds (0 to 86400)");
        return false;
    }
    request.timeoutMs = int(seconds * 1000);
    return validated(request, error);
}

} // namespace CacheScope::Cli
