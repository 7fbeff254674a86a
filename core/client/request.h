#pragma once

#include "http/httpheaders.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QUrl>

namespace CacheScope {

enum class RedirectPolicy { Manual, Follow };

// A certificate the user accepted for one host despite its TLS errors, named by its SHA-256 digest (the
// fingerprint every certificate error shows). Only that certificate, only for that host name.
struct AcceptedCertificate
{
    QString host; // lower case, as in the URL
    QByteArray sha256; // the raw 32-byte digest of the DER certificate

    friend bool operator==(const AcceptedCertificate &, const AcceptedCertificate &) = default;
};

// Reads "HOST=FINGERPRINT" as typed on a command line: the fingerprint in hex, with or without colons
// (as certificate errors print it). Returns false with a message in `error` for anything else.
bool parseAcceptedCertificate(const QString &text, AcceptedCertificate *accepted, QString *error);
// "AB:CD:..." for a raw digest, the form certificate errors print.
QString fingerprintText(const QByteArray &sha256);

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
    // Response bodies past this many bytes (after decoding) are truncated: the first maxBodyBytes are kept,
    // the rest is read, counted and discarded, and the exchange says so (Exchange::bodyTruncated). 0 means
    // the client's limit (HttpClient::setMaxBodyBytes, 512 MiB unless changed).
    qint64 maxBodyBytes = 0;
    // Certificates accepted for this request on top of those the client accepted for its session
    // (cachescope-cli --accept-certificate). A connection opened with them is not shared with requests
    // without them.
    QList<AcceptedCertificate> acceptedCertificates;
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
    Request &setMaxBodyBytes(qint64 bytes) { maxBodyBytes = bytes; return *this; }

    // Why this request cannot be sent (malformed URL, unsupported scheme, bad method or header), or empty.
    QString validate() const;
};

// Parses what a person typed in a URL bar: adds http:// when no scheme is given, rejects what is not a
// usable http(s) URL. Returns an invalid QUrl and sets `error` on failure.
QUrl parseUserUrl(const QString &text, QString *error);

} // namespace CacheScope
