#include "rawhttp.h"

#include <algorithm>
#include <QEventLoop>
#include <QTcpSocket>
#include <QTimer>

namespace CacheScope::TestSupport {

QByteArray headerValue(const RawHeaders &headers, const QByteArray &name)
{
    for (const auto &[fieldName, value] : headers) {
        if (fieldName.compare(name, Qt::CaseInsensitive) == 0)
            return value.isNull() ? QByteArray("") : value; // present but empty is not absent
    }
    return {};
}

QList<QByteArray> headerValues(const RawHeaders &headers, const QByteArray &name)
{
    QList<QByteArray> values;
    for (const auto &[fieldName, value] : headers) {
        if (fieldName.compare(name, Qt::CaseInsensitive) == 0)
            values.append(value);
    }
    return values;
}

QByteArray RawResponse::decodedBody() const
{
    if (!header("Transfer-Encoding").toLower().contains("chunked"))
        return body;
    QByteArray decoded;
    RawHttp::decodeChunked(body, &decoded);
    return decoded;
}

RawHttp::Chunked RawHttp::decodeChunked(const QByteArray &data, QByteArray *decoded, qsizetype *consumed)
{
    decoded->clear();
    qsizetype pos = 0;
    for (;;) {
        const qsizetype lineEnd = data.indexOf("\r\n", pos);
        if (lineEnd < 0)
            return data.size() - pos > 1024 ? Chunked::Invalid : Chunked::Incomplete;
        QByteArray sizeText = data.mid(pos, lineEnd - pos);
        if (const qsizetype extension = sizeText.indexOf(';'); extension >= 0)
            sizeText.truncate(extension);
        sizeText = sizeText.trimmed();
        // Plain hex digits only: toLongLong() would also take "0x", signs and spaces.
        const bool hexDigits = std::all_of(sizeText.cbegin(), sizeText.cend(),
            [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); });
        if (sizeText.isEmpty() || sizeText.size() > 10 || !hexDigits)
            return Chunked::Invalid;
        const qlonglong size = sizeText.toLongLong(nullptr, 16);
        pos = lineEnd + 2;
        if (size == 0) {
            for (;;) { // trailer fields, then the empty line that ends the message
                const qsizetype end = data.indexOf("\r\n", pos);
                if (end < 0)
                    return Chunked::Incomplete;
                const bool emptyLine = end == pos;
                pos = end + 2;
                if (emptyLine) {
                    if (consumed)
                        *consumed = pos;
                    return Chunked::Complete;
                }
            }
        }
        if (data.size() < pos + size + 2)
            return Chunked::Incomplete;
        decoded->append(data.constData() + pos, size);
        if (data.mid(pos + size, 2) != "\r\n")
            return Chunked::Invalid;
        pos += size + 2;
    }
}

namespace {

enum class Framing
{
    Complete,
    NeedMore,
    UntilClose,
    Broken
};

struct Parsed
{
    RawResponse response;
    Framing framing = Framing::NeedMore;
};

bool hasNoBody(int status, bool headRequest)
{
    return headRequest || (status >= 100 && status < 200) || status == 204 || status == 304;
}

// Content-Length may repeat ("5, 5" or two fields) only with one and the same number.
qlonglong contentLength(const RawHeaders &headers, bool *present, bool *valid)
{
    QList<QByteArray> values;
    for (const QByteArray &field : headerValues(headers, "Content-Length"))
        values += field.split(',');
    *present = !values.isEmpty();
    *valid = true;
    qlonglong length = -1;
    for (const QByteArray &value : values) {
        const QByteArray digits = value.trimmed();
        const bool allDigits = !digits.isEmpty()
            && std::all_of(digits.cbegin(), digits.cend(), [](char c) { return c >= '0' && c <= '9'; });
        bool ok = false;
        const qlonglong number = allDigits && digits.size() <= 15 ? digits.toLongLong(&ok) : -1;
        if (!ok || (length >= 0 && number != length)) {
            *valid = false;
            return -1;
        }
        length = number;
    }
    return length;
}

Parsed parseFraming(const QByteArray &bytes, bool headRequest)
{
    Parsed parsed;
    RawResponse &r = parsed.response;
    r.bytes = bytes;
    const qsizetype headerEnd = bytes.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        r.error = bytes.isEmpty() ? QStringLiteral("no response received")
                                  : QStringLiteral("incomplete response head (no empty line after the headers)");
        return parsed;
    }
    const QList<QByteArray> lines = bytes.left(headerEnd).split('\n');
    r.statusLine = lines.first().trimmed();
    const QList<QByteArray> parts = r.statusLine.split(' ');
    bool codeOk = false;
    const int code = parts.size() >= 2 && parts.at(1).size() == 3 ? parts.at(1).toInt(&codeOk) : 0;
    if (!r.statusLine.startsWith("HTTP/") || !codeOk || code < 100) {
        r.error = QStringLiteral("malformed status line: '%1'").arg(QString::fromLatin1(r.statusLine.left(200)));
        parsed.framing = Framing::Broken;
        return parsed;
    }
    r.statusCode = code;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).endsWith('\r') ? lines.at(i).chopped(1) : lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            r.error = QStringLiteral("malformed header line %1: '%2'").arg(i).arg(QString::fromLatin1(line.left(200)));
            parsed.framing = Framing::Broken;
            continue;
        }
        r.headers.append({ line.left(colon), line.mid(colon + 1).trimmed() });
    }
    if (parsed.framing == Framing::Broken)
        return parsed;

    const QByteArray rest = bytes.mid(headerEnd + 4);
    if (hasNoBody(code, headRequest)) {
        parsed.framing = Framing::Complete;
        return parsed;
    }
    if (r.header("Transfer-Encoding").toLower().contains("chunked")) {
        QByteArray decoded;
        qsizetype consumed = 0;
        switch (RawHttp::decodeChunked(rest, &decoded, &consumed)) {
        case RawHttp::Chunked::Complete:
            r.body = rest.left(consumed);
            parsed.framing = Framing::Complete;
            break;
        case RawHttp::Chunked::Incomplete:
            r.body = rest;
            r.error = QStringLiteral("incomplete chunked body (%1 bytes so far)").arg(rest.size());
            break;
        case RawHttp::Chunked::Invalid:
            r.body = rest;
            r.error = QStringLiteral("invalid chunked framing");
            parsed.framing = Framing::Broken;
            break;
        }
        return parsed;
    }
    bool present = false;
    bool valid = false;
    const qlonglong length = contentLength(r.headers, &present, &valid);
    if (present && !valid) {
        r.error = QStringLiteral("invalid Content-Length '%1'")
                      .arg(QString::fromLatin1(headerValues(r.headers, "Content-Length").join(", ").left(200)));
        parsed.framing = Framing::Broken;
        return parsed;
    }
    if (present) {
        r.body = rest.left(length);
        if (rest.size() < length)
            r.error = QStringLiteral("incomplete body: %1 of %2 bytes").arg(rest.size()).arg(length);
        else
            parsed.framing = Framing::Complete;
        return parsed;
    }
    r.body = rest; // delimited by the server closing the connection
    parsed.framing = Framing::UntilClose;
    return parsed;
}

} // namespace

RawResponse RawHttp::parse(const QByteArray &bytes, bool headRequest)
{
    return parseFraming(bytes, headRequest).response;
}

QByteArray RawHttp::buildRequest(
    const QByteArray &method, const QUrl &url, const RawHeaders &extraHeaders, const QByteArray &body)
{
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (url.port() > 0)
        host += ':' + QByteArray::number(url.port());
    QByteArray request = method + ' ' + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n";
    for (const auto &[name, value] : extraHeaders)
        request += name + ": " + value + "\r\n";
    if (!body.isEmpty())
        request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return request + "\r\n" + body;
}

RawResponse RawHttp::get(const QUrl &url, const RawHeaders &extraHeaders, int timeoutMs)
{
    return exchange(url, buildRequest("GET", url, extraHeaders), timeoutMs);
}

RawResponse RawHttp::head(const QUrl &url, const RawHeaders &extraHeaders, int timeoutMs)
{
    return exchange(url, buildRequest("HEAD", url, extraHeaders), timeoutMs);
}

RawResponse RawHttp::exchange(const QUrl &server, const QByteArray &request, int timeoutMs)
{
    return exchange(server.host(), quint16(server.port(80)), request, timeoutMs);
}

RawResponse RawHttp::exchange(const QString &host, quint16 port, const QByteArray &request, int timeoutMs)
{
    const bool headRequest = request.startsWith("HEAD ");
    QTcpSocket socket;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QByteArray received;
    bool done = false;
    bool timedOut = false;
    QString socketError;
    const auto finish = [&] {
        done = true;
        loop.quit();
    };
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        finish();
    });
    QObject::connect(&socket, &QTcpSocket::connected, &loop, [&] { socket.write(request); });
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] {
        received += socket.readAll();
        if (parseFraming(received, headRequest).framing == Framing::Complete)
            finish();
    });
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, finish);
    QObject::connect(&socket, &QTcpSocket::errorOccurred, &loop, [&](QAbstractSocket::SocketError error) {
        if (error != QAbstractSocket::RemoteHostClosedError)
            socketError = socket.errorString();
        finish();
    });
    timer.start(timeoutMs);
    socket.connectToHost(host, port);
    if (!done)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    received += socket.readAll();
    socket.abort();

    Parsed parsed = parseFraming(received, headRequest);
    RawResponse &response = parsed.response;
    response.timedOut = timedOut;
    if (received.isEmpty() && !socketError.isEmpty()) {
        response.error = QStringLiteral("%1:%2: %3").arg(host).arg(port).arg(socketError);
    } else if (timedOut && parsed.framing != Framing::Complete) {
        response.error = QStringLiteral("timed out after %1 ms with %2 bytes received%3")
                             .arg(timeoutMs)
                             .arg(received.size())
                             .arg(response.error.isEmpty() ? QString() : QStringLiteral(": ") + response.error);
    }
    return response;
}

} // namespace CacheScope::TestSupport
