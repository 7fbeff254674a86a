#pragma once

#include "exchange.h"

#include <QHostAddress>
#include <QObject>
#include <QUrl>

namespace CacheScope {

class HttpClient;

// Checks that every instance behind a host name (every address it resolves to, or the addresses given)
// hands out the same validators for a URL, and that each instance honours the validators the others
// issued. Per-server ETags (inode-based, per-build, per-node hashes) make a client that is routed to
// another instance download again: a 304 turned into a 200 that no single-request tool can see.
struct ConsistencyOptions
{
    int samples = 3; // requests per address
    QList<QHostAddress> addresses; // empty: resolve the URL's host and use every address
    HttpHeaders headers; // sent with every request (e.g. Accept-Encoding to check one variant)
    int timeoutMs = 15000;
    // Response body limit of every request (0: the client's). A longer body is still compared whole: the
    // client hashes all of it as it streams by.
    qint64 maxBodyBytes = 0;
    // Accepted despite TLS errors, on top of the client's. Every address is asked with the URL's TLS server
    // name, so an acceptance must name the URL's host, not the address.
    QList<AcceptedCertificate> acceptedCertificates;
};

struct ConsistencySample
{
    QHostAddress address;
    int round = 0;
    int status = 0;
    QByteArray etag; // raw ETag field value, empty when absent
    QByteArray lastModified;
    QByteArray bodyHash; // SHA-256 hex of the whole decoded body (also when it was truncated)
    bool bodyTruncated = false; // past ConsistencyOptions::maxBodyBytes: only its start was kept
    QByteArray instanceHint; // X-Served-By, X-Backend, X-Instance, X-Demo-Instance, Via... when sent
    QString error;
    qint64 totalMs = -1;
};

// One validator issued by one instance, presented to another (or to the same address again).
struct CrossCheck
{
    QHostAddress issuedBy;
    QHostAddress askedTo;
    QByteArray ifNoneMatch;
    QByteArray ifModifiedSince;
    int status = 0;
    QString error;
    bool ok() const { return status == 304; }
};

struct ConsistencyReport
{
    QUrl url;
    QList<QHostAddress> addresses;
    QList<ConsistencySample> samples;
    QList<CrossCheck> crossChecks;
    bool etagsAgree = true;
    bool lastModifiedAgree = true;
    bool bodiesAgree = true;
    bool validatorsHonoured = true;
    QStringList findings; // sentences that name the odd instance(s)
    QString error; // the check could not run at all (DNS failure, no usable answer)

    bool consistent() const
    {
        return error.isEmpty() && etagsAgree && lastModifiedAgree && validatorsHonoured;
    }
};

class ConsistencyCheck : public QObject
{
    Q_OBJECT
public:
    ConsistencyCheck(HttpClient *client, QObject *parent = nullptr);
    void start(const QUrl &url, const ConsistencyOptions &options);

    // Pure analysis of collected samples and cross checks (exposed for tests).
    static void analyse(ConsistencyReport &report);

Q_SIGNALS:
    void progress(int done, int total);
    void finished(const CacheScope::ConsistencyReport &report);

private:
    void resolved(const QList<QHostAddress> &addresses, const QString &error);
    void sampleAll();
    void crossCheck();
    void done();
    Request requestFor(const QHostAddress &address) const;

    HttpClient *m_client;
    ConsistencyOptions m_options;
    ConsistencyReport m_report;
    int m_pending = 0;
    int m_done = 0;
    int m_total = 0;
};

} // namespace CacheScope
