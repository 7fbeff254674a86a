#pragma once

#include "http/httpheaders.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <QUrl>

namespace CacheScope {

enum class RedirectPolicy { Manual, Follow };

// What the user (or the revalidator) asks to send. Value type with chained setters.
struct Request
{
    QByteArray method = "GET";
    QUrl url;
    HttpHeaders headers;
    QByteArray body;
    RedirectPolicy redirects = RedirectPolicy::Manual;
    int maxRedirects = 10;
    // Whole-exchange timeout; 0 disables it.
    int timeoutMs = 30000;
    // Connect to this address instead of resolving the URL's host (Host header and TLS server name stay
    // the URL's). Used by the consistency check to reach each backend of a load-balanced host.
    QHostAddress connectAddress;
    // Response bodies larger than this are not kept in memory: the exchange is ended with an error.
    qint64 maxBodyBytes = qint64(512) * 1024 * 1024;
    // When true and the caller sent no Accept-Encoding, "gzip, deflate" is sent and the body decoded by
    // CacheScope, so both the wire size and the decoded size are known.
    bool acceptCompressed = true;
    // When false, CacheScope adds nothing but what HTTP/1.1 requires (Host, Content-Length): the batch
    // interface sends headers exactly as given.
    bool addDefaultHeaders = true;

    Request &setMethod(const QByteArray &m) { method = m; return *this; }
    Request &setUrl(const QUrl &u) { url = u; return *this; }
    Request &setHeader(const QByteArray &name, const QByteArray &value) { headers.set(name, value); return *this; }
    Request &addHeader(const QByteArray &name, const QByteArray &value) { headers.append(name, value); return *this; }
    Request &setBody(const QByteArray &b) { body = b; return *this; }
    Request &setRedirects(RedirectPolicy policy) { redirects = policy; return *this; }
    Request &setTimeout(int ms) { timeoutMs = ms; return *this; }
    Request &setConnectAddress(const QHostAddress &address) { connectAddress = address; return *this; }

    // Why this request cannot be sent (malformed URL, unsupported scheme, bad method or header), or empty.
    QString validate() const;
};

// Parses what a person typed in a URL bar: adds http:// when no scheme is given, rejects what is not a
// usable http(s) URL. Returns an invalid QUrl and sets `error` on failure.
QUrl parseUserUrl(const QString &text, QString *error);

} // namespace CacheScope
