#include "curlcommand.h"
#include "curloptions.h"
#include "shellwords.h"

#include <cmath>
#include <limits>
#include <QDateTime>
#include <QHostAddress>
#include <QLocale>

namespace CacheScope {

namespace {

using Opt = CurlOptions::Id;
using OptionSpec = CurlOptions::Spec;
using CurlOptions::findLong;
using CurlOptions::findShort;

QString quoted(QByteArrayView bytes)
{
    return u'\'' + QString::fromUtf8(bytes) + u'\'';
}

// curl -z takes an HTTP date (or a file name, which we cannot read). Qt 6.4's RFC 2822 parser does
// not know the "GMT" zone name every HTTP date ends with.
QByteArray httpDate(QByteArrayView text)
{
    QString s = QString::fromUtf8(text).trimmed();
    if (s.endsWith(QLatin1String(" GMT")) || s.endsWith(QLatin1String(" UTC")))
        s = s.chopped(4) + QLatin1String(" +0000");
    QDateTime when = QDateTime::fromString(s, Qt::RFC2822Date);
    if (!when.isValid())
        when = QDateTime::fromString(s, Qt::ISODate);
    if (!when.isValid())
        return {};
    return QLocale::c().toString(when.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
}

class CurlParser
{
public:
    CurlParser(const QList<ShellWord> &words, int commandLength)
        : m_words(words)
        , m_end(commandLength)
    { }

    CurlParseResult run(const QStringList &splitWarnings);

private:
    struct Field
    {
        QByteArray name;
        QByteArray value;
        bool implied; // from -A, -e, -b, -u...: an explicit -H of the same name wins
    };
    struct DataPart
    {
        QByteArray bytes;
        bool json;
    };

    bool fail(const QString &message, int position)
    {
        if (m_result.error.isEmpty()) {
            m_result.error = message;
            m_result.errorPosition = position;
        }
        return false;
    }
    void warn(const QString &message) { m_result.warnings.append(message); }

    bool readPrintfPipe(qsizetype &i);
    bool word(qsizetype &i);
    bool longOption(qsizetype &i);
    bool shortOptions(qsizetype &i);
    bool takeValue(qsizetype &i, const QString &option, QByteArray *value, int *position);
    bool apply(const OptionSpec &spec, bool negated, const QString &option, const QByteArray &value, int position);
    bool addData(Opt id, const QString &option, const QByteArray &value, int position);
    bool addHeaderOption(const QByteArray &value, int position);
    void explicitHeader(const QByteArray &name, const QByteArray &value);
    void impliedHeader(const QByteArray &name, const QByteArray &value);
    void removeHeader(const QByteArray &name);
    bool setUrl(const QByteArray &text, int position);
    bool finish();
    bool finishUrl(QUrl *url);
    void finishBody(QUrl *url);
    void applyResolve(const QUrl &url);

    const QList<ShellWord> &m_words;
    const int m_end;
    CurlParseResult m_result;

    QByteArray m_stdin;
    bool m_haveStdin = false;
    QByteArray m_method;
    bool m_head = false;
    bool m_get = false;
    bool m_follow = false;
    bool m_compressed = false;
    bool m_globoff = false;
    int m_maxRedirs = -2; // -2: not given (-1 is curl's "unlimited")
    qint64 m_timeoutMs = -1;
    QByteArray m_urlText;
    int m_urlPosition = -1;
    QList<DataPart> m_data;
    QList<Field> m_fields;
    bool m_noContentType = false;
    QList<QByteArray> m_cookies;
    QByteArray m_userPass;
    bool m_haveUser = false;
    QList<QByteArray> m_resolves;
};

CurlParseResult CurlParser::run(const QStringList &splitWarnings)
{
    m_result.warnings = splitWarnings;
    qsizetype i = 0;
    // A copied shell prompt ("$ curl ...") is not part of the command.
    if (i < m_words.size() && !m_words[i].isOperator && (m_words[i].text == "$" || m_words[i].text == "%"))
        ++i;
    if (i < m_words.size() && !m_words[i].isOperator && m_words[i].text == "printf" && !readPrintfPipe(i))
        return m_result;
    if (i >= m_words.size()) {
        fail(QStringLiteral("the command is empty: paste a curl command"), 0);
        return m_result;
    }
    const ShellWord &program = m_words[i];
    const QByteArray name = program.text.toLower();
    if (program.isOperator || !(name == "curl" || name.endsWith("/curl") || name.endsWith("curl.exe"))) {
        fail(QStringLiteral("the command does not start with curl (found %1)").arg(quoted(program.text)),
            program.position);
        return m_result;
    }
    for (++i; i < m_words.size();) {
        if (!word(i))
            return m_result;
    }
    finish();
    return m_result;
}

// `printf 'FORMAT' | curl ... --data-binary @-` is how toCurlCommand passes bodies containing NUL.
bool CurlParser::readPrintfPipe(qsizetype &i)
{
    if (i + 2 >= m_words.size() || m_words[i + 1].isOperator || !m_words[i + 2].isOperator
        || m_words[i + 2].text != "|")
        return fail(QStringLiteral("only `printf 'FORMAT' | curl ...` can precede curl"), m_words[i].position);
    QString error;
    m_stdin = decodePrintfFormat(m_words[i + 1].text, &error);
    if (!error.isEmpty())
        return fail(error, m_words[i + 1].position);
    m_haveStdin = true;
    i += 3;
    return true;
}

bool CurlParser::word(qsizetype &i)
{
    const ShellWord &w = m_words[i];
    if (w.isOperator) {
        if ((w.text == ">" || w.text == ">>") && i + 1 < m_words.size() && !m_words[i + 1].isOperator) {
            warn(QStringLiteral("the output redirection to %1 is ignored").arg(quoted(m_words[i + 1].text)));
            i += 2;
            return true;
        }
        return fail(QStringLiteral("the shell operator '%1' is not supported: paste a single curl command")
                        .arg(QString::fromUtf8(w.text)),
            w.position);
    }
    if (w.text.startsWith("--") && w.text.size() > 2)
        return longOption(i);
    if (w.text.startsWith('-') && w.text.size() > 1)
        return shortOptions(i);
    if (!setUrl(w.text, w.position))
        return false;
    ++i;
    return true;
}

bool CurlParser::takeValue(qsizetype &i, const QString &option, QByteArray *value, int *position)
{
    if (i + 1 >= m_words.size() || m_words[i + 1].isOperator)
        return fail(QStringLiteral("the option '%1' needs a value").arg(option), m_words[i].position);
    *value = m_words[i + 1].text;
    *position = m_words[i + 1].position;
    ++i;
    return true;
}

bool CurlParser::longOption(qsizetype &i)
{
    const ShellWord &w = m_words[i];
    const QString option = QString::fromUtf8(w.text);
    const QByteArray name = w.text.mid(2);
    if (const qsizetype eq = name.indexOf('='); eq > 0 && findLong(QByteArrayView(name).first(eq)))
        return fail(QStringLiteral("curl does not accept '%1': write the value as a separate word (--%2 '...')")
                        .arg(option, QString::fromUtf8(name.left(eq))),
            w.position);
    const OptionSpec *spec = findLong(name);
    bool negated = false;
    if (!spec && name.startsWith("no-")) {
        spec = findLong(QByteArrayView(name).sliced(3));
        negated = spec && !spec->takesValue;
        if (!negated)
            spec = nullptr;
    }
    if (!spec)
        return fail(QStringLiteral("unknown curl option '%1': CacheScope cannot tell what it changes, so it does "
                                   "not guess")
                        .arg(option),
            w.position);
    QByteArray value;
    int position = w.position;
    if (spec->takesValue && !takeValue(i, option, &value, &position))
        return false;
    ++i;
    return apply(*spec, negated, option, value, position);
}

bool CurlParser::shortOptions(qsizetype &i)
{
    const ShellWord &w = m_words[i];
    const qsizetype at = i;
    for (qsizetype j = 1; j < w.text.size(); ++j) {
        const char c = w.text[j];
        const OptionSpec *spec = findShort(c);
        const QString option = QStringLiteral("-") + QChar::fromLatin1(c);
        if (!spec) {
            const QString in
                = w.text.size() > 2 ? QStringLiteral(" (in '%1')").arg(QString::fromUtf8(w.text)) : QString();
            return fail(QStringLiteral("unknown curl option '%1'%2").arg(option, in), w.position);
        }
        if (!spec->takesValue) {
            if (!apply(*spec, false, option, {}, w.position))
                return false;
            continue;
        }
        QByteArray value = w.text.mid(j + 1);
        int position = w.position;
        if (value.isEmpty() && !takeValue(i, option, &value, &position))
            return false;
        i = qMax(i, at) + 1;
        return apply(*spec, false, option, value, position);
    }
    ++i;
    return true;
}

bool CurlParser::apply(
    const OptionSpec &spec, bool negated, const QString &option, const QByteArray &value, int position)
{
    switch (spec.id) {
    case Opt::Request:
        if (!HttpHeaders::isValidName(value))
            return fail(QStringLiteral("invalid method %1 for %2").arg(quoted(value), option), position);
        m_method = value;
        return true;
    case Opt::Header:
        return addHeaderOption(value, position);
    case Opt::Data:
    case Opt::DataBinary:
    case Opt::DataRaw:
    case Opt::DataUrlencode:
    case Opt::Json:
        return addData(spec.id, option, value, position);
    case Opt::Compressed:
        m_compressed = !negated;
        return true;
    case Opt::Head:
        m_head = !negated;
        return true;
    case Opt::Get:
        m_get = !negated;
        return true;
    case Opt::Location:
        m_follow = !negated;
        return true;
    case Opt::Globoff:
        m_globoff = !negated;
        return true;
    case Opt::MaxRedirs: {
        bool ok = false;
        m_maxRedirs = value.toInt(&ok);
        if (!ok || m_maxRedirs < -1)
            return fail(
                QStringLiteral("%1 needs a whole number of redirects, not %2").arg(option, quoted(value)), position);
        return true;
    }
    case Opt::MaxTime: {
        bool ok = false;
        const double seconds = value.toDouble(&ok);
        // NaN passes both comparisons and converting it to an integer is undefined: refuse it explicitly.
        if (!ok || !std::isfinite(seconds) || seconds < 0 || seconds > 24 * 3600 * 365)
            return fail(QStringLiteral("%1 needs a number of seconds, not %2").arg(option, quoted(value)), position);
        m_timeoutMs = qRound64(seconds * 1000);
        return true;
    }
    case Opt::User:
        m_userPass = value;
        m_haveUser = true;
        return true;
    case Opt::UserAgent:
        impliedHeader("User-Agent", value);
        return true;
    case Opt::Referer:
        impliedHeader("Referer", value.endsWith(";auto") ? value.chopped(5) : value);
        return true;
    case Opt::Cookie:
        if (!value.contains('=')) {
            warn(QStringLiteral("%1 %2 names a cookie file, which CacheScope does not read: no cookie is sent from it")
                     .arg(option, quoted(value)));
            return true;
        }
        m_cookies.append(value);
        impliedHeader("Cookie", m_cookies.join("; "));
        return true;
    case Opt::Url:
        return setUrl(value, position);
    case Opt::Resolve:
        m_resolves.append(value);
        return true;
    case Opt::Range:
        impliedHeader("Range", "bytes=" + value);
        return true;
    case Opt::TimeCond: {
        const bool unmodified = value.startsWith('-');
        const QByteArray date = httpDate(QByteArrayView(value).sliced(unmodified || value.startsWith('=') ? 1 : 0));
        if (date.isEmpty())
            warn(QStringLiteral("%1 %2 is not a date CacheScope can read (a file's time is not read either): no "
                                "conditional header is sent")
                     .arg(option, quoted(value)));
        else
            impliedHeader(unmodified ? "If-Unmodified-Since" : "If-Modified-Since", date);
        return true;
    }
    case Opt::OAuth2Bearer:
        impliedHeader("Authorization", "Bearer " + value);
        return true;
    case Opt::Insecure:
        if (!negated)
            warn(QStringLiteral("%1 is ignored: CacheScope always verifies TLS certificates").arg(option));
        return true;
    case Opt::Harmless:
        return true;
    case Opt::Ignored:
        warn(QStringLiteral("%1 is ignored: %2").arg(option, QString::fromUtf8(spec.note)));
        return true;
    case Opt::Unsupported:
        return fail(QStringLiteral("%1 is not supported: %2").arg(option, QString::fromUtf8(spec.note)), position);
    }
    return true;
}

bool CurlParser::addData(Opt id, const QString &option, const QByteArray &value, int position)
{
    QByteArray bytes = value;
    if (id == Opt::DataUrlencode) {
        const qsizetype eq = value.indexOf('=');
        const qsizetype at = value.indexOf('@');
        if (at >= 0 && (eq < 0 || at < eq))
            return fail(QStringLiteral("%1 %2 reads from a file, which is not supported: paste the content instead")
                            .arg(option, quoted(value)),
                position);
        if (eq < 0)
            bytes = value.toPercentEncoding();
        else if (eq == 0)
            bytes = value.mid(1).toPercentEncoding();
        else
            bytes = value.left(eq) + '=' + value.mid(eq + 1).toPercentEncoding();
    } else if (id != Opt::DataRaw && value.startsWith('@')) {
        if (value != "@-")
            return fail(QStringLiteral("%1 %2 reads the body from a file, which is not supported: paste the body "
                                       "with --data-raw '...' instead")
                            .arg(option, quoted(value)),
                position);
        if (!m_haveStdin)
            return fail(QStringLiteral("%1 @- reads the body from standard input, which a pasted command does not "
                                       "have: paste the body with --data-raw '...' instead")
                            .arg(option),
                position);
        bytes = m_stdin;
        if (id == Opt::Data) { // curl strips newlines from what -d reads
            bytes.replace('\r', QByteArray());
            bytes.replace('\n', QByteArray());
        }
    }
    m_data.append({ bytes, id == Opt::Json });
    return true;
}

bool CurlParser::addHeaderOption(const QByteArray &value, int position)
{
    if (value.startsWith('@'))
        return fail(
            QStringLiteral("-H %1 reads headers from a file, which is not supported").arg(quoted(value)), position);
    const qsizetype colon = value.indexOf(':');
    if (colon < 0) {
        // curl's way to send a header with an empty value: "Name;".
        if (value.endsWith(';') && HttpHeaders::isValidName(value.chopped(1))) {
            explicitHeader(value.chopped(1), QByteArray());
            return true;
        }
        warn(QStringLiteral("the header %1 has no ':' and is ignored, as curl does").arg(quoted(value)));
        return true;
    }
    const QByteArray name = value.left(colon);
    if (!HttpHeaders::isValidName(name))
        return fail(
            QStringLiteral("invalid header name %1: names are tokens, without spaces").arg(quoted(name)), position);
    QByteArray fieldValue = value.mid(colon + 1);
    while (fieldValue.startsWith(' ') || fieldValue.startsWith('\t'))
        fieldValue.remove(0, 1);
    if (fieldValue.isEmpty()) {
        removeHeader(name);
        return true;
    }
    if (!HttpHeaders::isValidValue(fieldValue))
        return fail(QStringLiteral("the value of header %1 contains CR, LF or NUL: refused (header injection)")
                        .arg(quoted(name)),
            position);
    explicitHeader(name, fieldValue);
    return true;
}

void CurlParser::explicitHeader(const QByteArray &name, const QByteArray &value)
{
    m_fields.removeIf([&](const Field &f) { return f.implied && sameHeaderName(f.name, name); });
    m_fields.append({ name, value, false });
}

void CurlParser::impliedHeader(const QByteArray &name, const QByteArray &optionValue)
{
    // As for -H: whitespace before a field value is not part of it (RFC 9110 section 5.5), so `-b ' c=1'`
    // and the exported `-H 'Cookie: c=1'` are the same request.
    QByteArray value = optionValue;
    while (value.startsWith(' ') || value.startsWith('\t'))
        value.remove(0, 1);
    for (const Field &f : std::as_const(m_fields)) {
        if (!f.implied && sameHeaderName(f.name, name))
            return;
    }
    if (value.isEmpty()) {
        m_fields.removeIf([&](const Field &f) { return sameHeaderName(f.name, name); });
        return;
    }
    for (Field &f : m_fields) {
        if (sameHeaderName(f.name, name)) {
            f.value = value;
            return;
        }
    }
    m_fields.append({ name, value, true });
}

// "-H 'Name:'" tells curl not to send a header it would add by itself.
void CurlParser::removeHeader(const QByteArray &name)
{
    m_fields.removeIf([&](const Field &f) { return f.implied && sameHeaderName(f.name, name); });
    if (sameHeaderName(name, "Content-Type"))
        m_noContentType = true;
    else if (sameHeaderName(name, "User-Agent") || sameHeaderName(name, "Accept"))
        warn(QStringLiteral("-H '%1:' removes curl's default %1 header; CacheScope sends its own default instead")
                 .arg(QString::fromLatin1(name)));
}

bool CurlParser::setUrl(const QByteArray &text, int position)
{
    if (!m_urlText.isNull())
        return fail(QStringLiteral("more than one URL (%1 after %2): CacheScope imports one request at a time")
                        .arg(quoted(text), quoted(m_urlText)),
            position);
    m_urlText = text;
    m_urlPosition = position;
    return true;
}

bool CurlParser::finish()
{
    QUrl url;
    if (!finishUrl(&url))
        return false;
    finishBody(&url);
    HttpHeaders headers;
    for (const Field &f : std::as_const(m_fields))
        headers.append(f.name, f.value);
    m_result.request.headers = headers;
    applyResolve(url);
    Request &r = m_result.request;
    r.url = url;
    r.acceptCompressed = m_compressed;
    if (m_follow) {
        r.redirects = RedirectPolicy::Follow;
        r.maxRedirects = m_maxRedirs >= 0 ? m_maxRedirs : 50;
        if (m_maxRedirs == -1) {
            r.maxRedirects = 1000;
            warn(QStringLiteral("--max-redirs -1 (unlimited) is read as 1000 redirects"));
        }
    }
    if (m_timeoutMs >= 0)
        r.timeoutMs = int(qMin<qint64>(m_timeoutMs, std::numeric_limits<int>::max()));
    if (const QString invalid = r.validate(); !invalid.isEmpty())
        return fail(invalid, m_urlPosition);
    return true;
}

bool CurlParser::finishUrl(QUrl *url)
{
    if (m_urlText.isNull())
        return fail(QStringLiteral("no URL given: add the address to fetch"), m_end);
    QString error;
    *url = parseUserUrl(QString::fromUtf8(m_urlText), &error);
    if (!url->isValid())
        return fail(QStringLiteral("invalid URL %1: %2").arg(quoted(m_urlText), error), m_urlPosition);
    const qsizetype authority = m_urlText.indexOf("://");
    const qsizetype pathStart = m_urlText.indexOf('/', authority < 0 ? 0 : authority + 3);
    const QByteArray rest = pathStart < 0 ? QByteArray() : m_urlText.mid(pathStart);
    if (!m_globoff && (rest.contains('[') || rest.contains('{')))
        warn(QStringLiteral("curl reads [...] and {...} in a URL as a range of URLs unless -g/--globoff is "
                            "given; CacheScope sends the URL as written"));
    // curl sends user:password from the URL as Basic authentication; it is not part of what goes on the wire.
    if (!url->userInfo().isEmpty()) {
        if (!m_haveUser) {
            m_userPass = url->userName(QUrl::FullyDecoded).toUtf8() + ':' + url->password(QUrl::FullyDecoded).toUtf8();
            m_haveUser = true;
        }
        url->setUserInfo(QString());
    }
    if (m_haveUser) {
        if (!m_userPass.contains(':'))
            warn(QStringLiteral("-u without a password: curl would ask for one; an empty password is used"));
        const QByteArray credentials = m_userPass.contains(':') ? m_userPass : m_userPass + ':';
        impliedHeader("Authorization", "Basic " + credentials.toBase64());
    }
    return true;
}

void CurlParser::finishBody(QUrl *url)
{
    Request &r = m_result.request;
    const bool haveData = !m_data.isEmpty();
    bool json = haveData;
    QByteArray body;
    for (qsizetype k = 0; k < m_data.size(); ++k) {
        if (k > 0 && !(m_data[k - 1].json && m_data[k].json))
            body += '&';
        body += m_data[k].bytes;
        json = json && m_data[k].json;
    }
    if (!m_method.isEmpty())
        r.method = m_method;
    else if (m_head)
        r.method = "HEAD";
    else if (haveData && !m_get)
        r.method = "POST";
    else
        r.method = "GET";
    if (m_head && haveData && !m_get && m_method.isEmpty())
        warn(QStringLiteral("-I/--head with data: curl refuses this combination; the request is sent as HEAD with "
                            "the body"));
    if (haveData && m_get) {
        const QString query = url->query(QUrl::FullyEncoded);
        const QString extra = QString::fromUtf8(body);
        url->setQuery(query.isEmpty() ? extra : query + u'&' + extra, QUrl::TolerantMode);
        return;
    }
    r.body = body;
    if (!haveData || m_noContentType)
        return;
    if (json) {
        impliedHeader("Content-Type", "application/json");
        impliedHeader("Accept", "application/json");
    } else {
        impliedHeader("Content-Type", "application/x-www-form-urlencoded");
    }
}

void CurlParser::applyResolve(const QUrl &url)
{
    for (const QByteArray &value : std::as_const(m_resolves)) {
        QByteArray spec = value;
        if (spec.startsWith('+'))
            spec.remove(0, 1);
        const qsizetype first = spec.indexOf(':');
        const qsizetype second = first < 0 ? -1 : spec.indexOf(':', first + 1);
        bool portOk = false;
        const int port = second < 0 ? -1 : spec.mid(first + 1, second - first - 1).toInt(&portOk);
        QByteArray address = second < 0 ? QByteArray() : spec.mid(second + 1).split(',').first();
        if (address.startsWith('[') && address.endsWith(']'))
            address = address.mid(1, address.size() - 2);
        const QHostAddress host(QString::fromLatin1(address));
        if (!portOk || host.isNull()) {
            warn(QStringLiteral("--resolve %1 is not HOST:PORT:ADDRESS and is ignored").arg(quoted(value)));
            continue;
        }
        const QByteArray name = spec.left(first);
        const int urlPort = url.port(url.scheme() == QLatin1String("https") ? 443 : 80);
        if ((name != "*" && QString::fromUtf8(name).compare(url.host(), Qt::CaseInsensitive) != 0) || port != urlPort) {
            warn(QStringLiteral("--resolve %1 does not match the URL's host and port and is ignored")
                     .arg(quoted(value)));
            continue;
        }
        m_result.request.connectAddress = host;
    }
}

} // namespace

CurlParseResult parseCurlCommand(const QString &command)
{
    const ShellWordsResult split = splitShellWords(command);
    if (!split.error.isEmpty()) {
        CurlParseResult result;
        result.error = split.error;
        result.errorPosition = split.errorPosition;
        result.warnings = split.warnings;
        return result;
    }
    return CurlParser(split.words, int(command.size())).run(split.warnings);
}

} // namespace CacheScope
