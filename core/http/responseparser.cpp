#include "responseparser.h"

#include <cctype>
#include <cstring>

namespace CacheScope {

namespace {

// Shows a protocol fragment in an error message without dumping binary garbage on the user.
QString printable(QByteArrayView bytes, qsizetype max = 80)
{
    QString out;
    for (qsizetype i = 0; i < bytes.size() && i < max; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c >= 0x20 && c < 0x7f)
            out += QLatin1Char(char(c));
        else
            out += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
    }
    if (bytes.size() > max)
        out += QStringLiteral("…");
    return out;
}

QByteArray trimmedLine(const QByteArray &line)
{
    // Lines end in CRLF; a bare LF is tolerated (RFC 9112 §2.2).
    QByteArray l = line;
    if (l.endsWith('\n'))
        l.chop(1);
    if (l.endsWith('\r'))
        l.chop(1);
    return l;
}

bool hasToken(const QList<QByteArray> &values, QByteArrayView token)
{
    for (const QByteArray &value : values) {
        for (const QByteArray &part : value.split(',')) {
            if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

} // namespace

ResponseParser::ResponseParser(const QByteArray &requestMethod, ResponseLimits limits)
    : m_method(requestMethod.toUpper())
    , m_limits(limits)
{
}

void ResponseParser::fail(const QString &message)
{
    if (m_state == State::Failed)
        return;
    m_state = State::Failed;
    m_error = message;
}

void ResponseParser::failOnLimit(const QString &message)
{
    if (m_state != State::Failed)
        m_failedOnLimit = true;
    fail(message);
}

QByteArray ResponseParser::takeBody()
{
    QByteArray out;
    out.swap(m_body);
    return out;
}

qsizetype ResponseParser::feed(const char *data, qsizetype size)
{
    qsizetype used = 0;
    while (used < size && (m_state == State::StatusLine || m_state == State::Headers)) {
        const char *start = data + used;
        const auto *nl = static_cast<const char *>(std::memchr(start, '\n', size_t(size - used)));
        const qsizetype take = nl ? (nl - start + 1) : (size - used);
        m_lineBuffer.append(start, take);
        m_current.raw.append(start, take);
        m_headBytes += take;
        used += take;
        if (m_current.raw.size() > m_limits.maxHeaderBlock) {
            failOnLimit(QStringLiteral("the response header block is larger than %1 KiB: refused")
                            .arg(m_limits.maxHeaderBlock / 1024));
            return used;
        }
        if (!nl)
            break;
        const QByteArray line = trimmedLine(m_lineBuffer);
        m_lineBuffer.clear();
        if (!parseHeadLine(line))
            return used;
    }
    if (m_state == State::Body && used < size) {
        const qsizetype available = size - used;
        if (m_framing == Framing::Chunked) {
            used += feedChunked(data + used, available);
        } else if (m_framing == Framing::ContentLength) {
            const qsizetype take = qsizetype(qMin<qint64>(m_bodyRemaining, available));
            m_body.append(data + used, take);
            m_bodyWireBytes += take;
            m_bodyRemaining -= take;
            used += take;
            if (m_bodyRemaining == 0)
                m_state = State::Complete;
        } else { // until close
            m_body.append(data + used, available);
            m_bodyWireBytes += available;
            used += available;
        }
    }
    return used;
}

bool ResponseParser::parseHeadLine(const QByteArray &line)
{
    if (m_state == State::StatusLine) {
        if (line.isEmpty()) {
            // Tolerated before a status line, but noted: a well-behaved server never sends it.
            m_notes.append(QStringLiteral("empty line before the status line ignored"));
            m_current.raw.clear();
            return true;
        }
        // status-line = HTTP-version SP status-code SP [ reason-phrase ]  (RFC 9112 §4)
        const bool versionOk = line.size() >= 12 && line.startsWith("HTTP/") && std::isdigit(uchar(line[5]))
            && line[6] == '.' && std::isdigit(uchar(line[7])) && line[8] == ' ';
        const bool codeOk = versionOk && std::isdigit(uchar(line[9])) && std::isdigit(uchar(line[10]))
            && std::isdigit(uchar(line[11])) && (line.size() == 12 || line[12] == ' ');
        if (!codeOk) {
            fail(QStringLiteral("invalid status line: \"%1\" (expected e.g. \"HTTP/1.1 200 OK\")").arg(printable(line)));
            return false;
        }
        m_current.httpVersion = line.left(8);
        m_current.status = line.mid(9, 3).toInt();
        m_current.reason = line.size() > 13 ? line.mid(13) : QByteArray();
        m_state = State::Headers;
        return true;
    }

    if (line.isEmpty())
        return finishHead();

    if (m_current.headers.size() >= m_limits.maxHeaderFields) {
        failOnLimit(
            QStringLiteral("the response has more than %1 header fields: refused").arg(m_limits.maxHeaderFields));
        return false;
    }
    if (line.front() == ' ' || line.front() == '\t') {
        // obs-fold (RFC 9112 §5.2): replaced by a space, and reported because it is deprecated.
        if (m_current.headers.isEmpty()) {
            fail(QStringLiteral("the first header line starts with whitespace: \"%1\"").arg(printable(line)));
            return false;
        }
        HttpHeaders rebuilt;
        const auto &fields = m_current.headers.fields();
        for (qsizetype i = 0; i < fields.size(); ++i) {
            QByteArray value = fields.at(i).value;
            if (i == fields.size() - 1)
                value += ' ' + line.trimmed();
            rebuilt.append(fields.at(i).name, value);
        }
        m_current.headers = rebuilt;
        m_notes.append(QStringLiteral("obsolete line folding in header %1").arg(QString::fromLatin1(fields.last().name)));
        return true;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0) {
        m_notes.append(QStringLiteral("header line without a name and colon ignored: \"%1\"").arg(printable(line)));
        return true;
    }
    QByteArray name = line.left(colon);
    if (name.back() == ' ' || name.back() == '\t') {
        m_notes.append(QStringLiteral("whitespace between header name and colon: \"%1\"").arg(printable(name)));
        name = name.trimmed();
    }
    if (!HttpHeaders::isValidName(name))
        m_notes.append(QStringLiteral("header name is not a valid token: \"%1\"").arg(printable(name)));
    m_current.headers.append(name, line.mid(colon + 1).trimmed());
    return true;
}

bool ResponseParser::finishHead()
{
    if (m_current.status >= 100 && m_current.status < 200 && m_current.status != 101) {
        m_interim.append(m_current);
        m_current = Head();
        m_state = State::StatusLine;
        return true;
    }
    m_final = m_current;
    m_current = Head();
    m_finalHeadDone = true;
    if (!decideFraming())
        return false;
    m_state = (m_framing == Framing::None) ? State::Complete : State::Body;
    return true;
}

bool ResponseParser::decideFraming()
{
    const int status = m_final.status;
    const HttpHeaders &headers = m_final.headers;
    // RFC 9112 §6.3, in order.
    if (m_method == "HEAD" || status == 204 || status == 304 || status == 101 || (status >= 100 && status < 200)) {
        m_framing = Framing::None;
        return true;
    }
    const QList<QByteArray> te = headers.values("Transfer-Encoding");
    if (!te.isEmpty()) {
        if (headers.contains("Content-Length"))
            m_notes.append(QStringLiteral("both Transfer-Encoding and Content-Length: Content-Length ignored"));
        QByteArray last;
        for (const QByteArray &value : te) {
            for (const QByteArray &part : value.split(',')) {
                if (!part.trimmed().isEmpty())
                    last = part.trimmed().toLower();
            }
        }
        if (last == "chunked") {
            m_framing = Framing::Chunked;
        } else {
            m_framing = Framing::UntilClose;
            m_notes.append(QStringLiteral("Transfer-Encoding does not end in chunked: body read until close"));
        }
        return true;
    }
    const QList<QByteArray> cl = headers.values("Content-Length");
    if (!cl.isEmpty()) {
        qint64 length = -1;
        for (const QByteArray &value : cl) {
            for (const QByteArray &part : value.split(',')) {
                const QByteArray digits = part.trimmed();
                bool ok = !digits.isEmpty() && digits.size() <= 18;
                for (char c : digits)
                    ok = ok && std::isdigit(uchar(c));
                const qint64 n = ok ? digits.toLongLong(&ok) : -1;
                if (!ok) {
                    fail(QStringLiteral("invalid Content-Length \"%1\"").arg(printable(value)));
                    return false;
                }
                if (length >= 0 && n != length) {
                    fail(QStringLiteral("conflicting Content-Length values (%1 and %2): the body cannot be delimited")
                            .arg(length)
                            .arg(n));
                    return false;
                }
                length = n;
            }
        }
        m_framing = Framing::ContentLength;
        m_contentLength = length;
        m_bodyRemaining = length;
        if (length == 0)
            m_framing = Framing::None;
        return true;
    }
    m_framing = Framing::UntilClose;
    return true;
}

qsizetype ResponseParser::feedChunked(const char *data, qsizetype size)
{
    qsizetype used = 0;
    while (used < size && m_state == State::Body) {
        if (m_chunkState == ChunkState::Data) {
            const qsizetype take = qsizetype(qMin<qint64>(m_chunkRemaining, size - used));
            m_body.append(data + used, take);
            m_chunkRemaining -= take;
            used += take;
            m_bodyWireBytes += take;
            if (m_chunkRemaining == 0)
                m_chunkState = ChunkState::DataEnd;
            continue;
        }
        // Size lines, the CRLF after data, and trailer lines are read line by line.
        const char *start = data + used;
        const auto *nl = static_cast<const char *>(std::memchr(start, '\n', size_t(size - used)));
        const qsizetype take = nl ? (nl - start + 1) : (size - used);
        m_lineBuffer.append(start, take);
        used += take;
        m_bodyWireBytes += take;
        if (m_lineBuffer.size() > 64 * 1024) {
            fail(QStringLiteral("invalid chunked encoding: a chunk-size or trailer line is longer than 64 KiB"));
            return used;
        }
        if (!nl)
            break;
        const QByteArray line = trimmedLine(m_lineBuffer);
        m_lineBuffer.clear();
        switch (m_chunkState) {
        case ChunkState::Size: {
            QByteArray hex = line;
            const qsizetype semicolon = hex.indexOf(';');
            if (semicolon >= 0)
                hex.truncate(semicolon);
            hex = hex.trimmed();
            bool ok = !hex.isEmpty() && hex.size() <= 15;
            for (char c : hex)
                ok = ok && std::isxdigit(uchar(c));
            if (!ok) {
                fail(QStringLiteral("invalid chunked encoding: bad chunk-size line \"%1\"").arg(printable(line)));
                return used;
            }
            m_chunkRemaining = hex.toLongLong(nullptr, 16);
            m_chunkState = m_chunkRemaining == 0 ? ChunkState::Trailer : ChunkState::Data;
            break;
        }
        case ChunkState::DataEnd:
            if (!line.isEmpty()) {
                fail(QStringLiteral("invalid chunked encoding: chunk data longer than its declared size"));
                return used;
            }
            m_chunkState = ChunkState::Size;
            break;
        case ChunkState::Trailer:
            if (line.isEmpty()) {
                m_state = State::Complete;
            } else {
                const qsizetype colon = line.indexOf(':');
                if (colon > 0)
                    m_final.headers.append(line.left(colon).trimmed(), line.mid(colon + 1).trimmed());
                m_notes.append(QStringLiteral("trailer field received: \"%1\"").arg(printable(line)));
            }
            break;
        case ChunkState::Data:
            break;
        }
    }
    return used;
}

void ResponseParser::finishAtEof()
{
    switch (m_state) {
    case State::Complete:
    case State::Failed:
        return;
    case State::Body:
        if (m_framing == Framing::UntilClose) {
            m_state = State::Complete;
            return;
        }
        if (m_framing == Framing::ContentLength) {
            fail(QStringLiteral("truncated body: the connection closed after %1 of %2 body bytes (Content-Length)")
                    .arg(m_contentLength - m_bodyRemaining)
                    .arg(m_contentLength));
            return;
        }
        fail(QStringLiteral("truncated chunked body: the connection closed before the last chunk"));
        return;
    case State::StatusLine:
        if (m_headBytes == 0 || (m_interim.isEmpty() && m_current.raw.isEmpty())) {
            fail(QStringLiteral("the server closed the connection without sending a response"));
            return;
        }
        [[fallthrough]];
    case State::Headers:
        fail(QStringLiteral("the connection closed in the middle of the response headers"));
        return;
    }
}

bool ResponseParser::closeAfterResponse() const
{
    if (m_framing == Framing::UntilClose || m_state == State::Failed)
        return true;
    const QList<QByteArray> connection = m_final.headers.values("Connection");
    if (hasToken(connection, "close"))
        return true;
    if (m_final.httpVersion == "HTTP/1.0")
        return !hasToken(connection, "keep-alive");
    return false;
}

} // namespace CacheScope
