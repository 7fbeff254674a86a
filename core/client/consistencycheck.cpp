#include "consistencycheck.h"

#include "httpclient.h"

#include <QHostInfo>
#include <QMap>
#include <QSet>

namespace CacheScope {

namespace {

QByteArray instanceHint(const HttpHeaders &headers)
{
    static const char *names[] = { "X-Demo-Instance", "X-Served-By", "X-Backend", "X-Backend-Server", "X-Instance",
        "X-Server", "X-Upstream", "Via" };
    for (const char *name : names) {
        const QByteArray value = headers.combined(name);
        if (!value.isEmpty())
            return QByteArray(name) + ": " + value;
    }
    return {};
}

QString quoteList(const QList<QByteArray> &values)
{
    QStringList parts;
    for (const QByteArray &v : values)
        parts.append(v.isEmpty() ? QStringLiteral("(none)") : QString::fromLatin1(v));
    return parts.join(QStringLiteral(", "));
}

QString addressList(const QList<QHostAddress> &addresses)
{
    QStringList parts;
    for (const QHostAddress &a : addresses)
        parts.append(a.toString());
    return parts.join(QStringLiteral(", "));
}

// Compares one validator across all successful samples; adds findings naming who differs.
bool compareField(const ConsistencyReport &report, QByteArray ConsistencySample::*field, const QString &label,
    QStringList &findings)
{
    QMap<QByteArray, QList<QHostAddress>> byValue; // value -> addresses that served it
    QMap<QString, QList<QByteArray>> perAddress; // address -> values in order
    for (const ConsistencySample &s : report.samples) {
        if (s.status != 200)
            continue;
        const QByteArray value = s.*field;
        if (!byValue[value].contains(s.address))
            byValue[value].append(s.address);
        perAddress[s.address.toString()].append(value);
    }
    if (byValue.size() <= 1)
        return true;
    for (auto it = perAddress.cbegin(); it != perAddress.cend(); ++it) {
        QList<QByteArray> distinct;
        for (const QByteArray &v : it.value()) {
            if (!distinct.contains(v))
                distinct.append(v);
        }
        if (distinct.size() > 1) {
            findings.append(QStringLiteral("%1 returned %2 different %3 values over %4 requests (%5): the instances "
                                           "behind that address disagree")
                                .arg(it.key())
                                .arg(distinct.size())
                                .arg(label)
                                .arg(it.value().size())
                                .arg(quoteList(distinct)));
        }
    }
    if (perAddress.size() > 1) {
        // Name the addresses whose value differs from the most common one.
        QByteArray majority;
        qsizetype best = -1;
        for (auto it = byValue.cbegin(); it != byValue.cend(); ++it) {
            if (it.value().size() > best) {
                best = it.value().size();
                majority = it.key();
            }
        }
        for (auto it = byValue.cbegin(); it != byValue.cend(); ++it) {
            if (it.key() == majority)
                continue;
            findings.append(QStringLiteral("%1 %2 %3 %4 while %5 %6 %3 %7")
                                .arg(addressList(it.value()), it.value().size() == 1 ? QStringLiteral("serves") : QStringLiteral("serve"),
                                    label, it.key().isEmpty() ? QStringLiteral("(none)") : QString::fromLatin1(it.key()),
                                    addressList(byValue.value(majority)),
                                    byValue.value(majority).size() == 1 ? QStringLiteral("serves") : QStringLiteral("serve"),
                                    majority.isEmpty() ? QStringLiteral("(none)") : QString::fromLatin1(majority)));
        }
    }
    return false;
}

} // namespace

ConsistencyCheck::ConsistencyCheck(HttpClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
}

void ConsistencyCheck::start(const QUrl &url, const ConsistencyOptions &options)
{
    m_options = options;
    m_options.samples = qBound(1, options.samples, 100);
    m_report = ConsistencyReport();
    m_report.url = url;
    if (!options.addresses.isEmpty()) {
        resolved(options.addresses, {});
        return;
    }
    QHostAddress literal;
    if (literal.setAddress(url.host())) {
        resolved({ literal }, {});
        return;
    }
    QHostInfo::lookupHost(url.host(), this, [this](const QHostInfo &info) {
        resolved(info.addresses(), info.error() == QHostInfo::NoError ? QString() : info.errorString());
    });
}

void ConsistencyCheck::resolved(const QList<QHostAddress> &addresses, const QString &error)
{
    QList<QHostAddress> unique;
    for (const QHostAddress &a : addresses) {
        if (!unique.contains(a))
            unique.append(a);
    }
    if (unique.isEmpty()) {
        m_report.error = QStringLiteral("cannot resolve %1%2").arg(m_report.url.host(), error.isEmpty() ? QString() : QStringLiteral(": ") + error);
        done();
        return;
    }
    m_report.addresses = unique;
    m_total = int(unique.size()) * m_options.samples + int(unique.size() * unique.size());
    sampleAll();
}

Request ConsistencyCheck::requestFor(const QHostAddress &address) const
{
    Request request;
    request.url = m_report.url;
    request.headers = m_options.headers;
    request.timeoutMs = m_options.timeoutMs;
    request.connectAddress = address;
    request.maxBodyBytes = m_options.maxBodyBytes;
    request.acceptedCertificates = m_options.acceptedCertificates;
    return request;
}

void ConsistencyCheck::sampleAll()
{
    // Rounds run one after the other so that repeated requests to one address are really repeated.
    // The function holds itself only weakly (a strong self-capture is a cycle that is never freed); the
    // pending transfers' handlers hold it strongly until the next round has started.
    auto round0 = std::make_shared<std::function<void(int)>>();
    *round0 = [this, weakRound = std::weak_ptr<std::function<void(int)>>(round0)](int round) {
        const auto runRound = weakRound.lock(); // alive: its caller holds it
        if (round >= m_options.samples) {
            crossCheck();
            return;
        }
        m_pending = int(m_report.addresses.size());
        for (const QHostAddress &address : std::as_const(m_report.addresses)) {
            HttpTransfer *transfer = m_client->send(requestFor(address));
            connect(transfer, &HttpTransfer::finished, this, [this, transfer, address, round, runRound](const Exchange &e) {
                transfer->deleteLater();
                ConsistencySample sample;
                sample.address = address;
                sample.round = round;
                sample.status = e.status;
                sample.etag = e.responseHeaders.combined("ETag");
                sample.lastModified = e.responseHeaders.combined("Last-Modified");
                sample.bodyHash = e.bodyHash().toHex();
                sample.bodyTruncated = e.bodyTruncated;
                sample.instanceHint = instanceHint(e.responseHeaders);
                sample.error = e.errorString;
                sample.totalMs = e.timing.totalMs;
                m_report.samples.append(sample);
                Q_EMIT progress(++m_done, m_total);
                if (--m_pending == 0)
                    (*runRound)(round + 1);
            });
        }
    };
    (*round0)(0);
}

void ConsistencyCheck::crossCheck()
{
    struct Issued
    {
        QHostAddress address;
        QByteArray etag;
        QByteArray lastModified;
    };
    QList<Issued> issued;
    for (const ConsistencySample &s : std::as_const(m_report.samples)) {
        if (s.round != 0 || s.status != 200 || (s.etag.isEmpty() && s.lastModified.isEmpty()))
            continue;
        issued.append({ s.address, s.etag, s.lastModified });
    }
    m_pending = int(issued.size() * m_report.addresses.size());
    if (m_pending == 0) {
        done();
        return;
    }
    for (const Issued &from : issued) {
        for (const QHostAddress &to : std::as_const(m_report.addresses)) {
            Request request = requestFor(to);
            if (!from.etag.isEmpty())
                request.headers.set("If-None-Match", from.etag);
            if (!from.lastModified.isEmpty())
                request.headers.set("If-Modified-Since", from.lastModified);
            HttpTransfer *transfer = m_client->send(request);
            connect(transfer, &HttpTransfer::finished, this, [this, transfer, from, to](const Exchange &e) {
                transfer->deleteLater();
                m_report.crossChecks.append({ from.address, to, from.etag, from.lastModified, e.status, e.errorString });
                Q_EMIT progress(++m_done, m_total);
                if (--m_pending == 0)
                    done();
            });
        }
    }
}

void ConsistencyCheck::done()
{
    // Answers arrive in any order; report them in a stable one.
    std::stable_sort(m_report.samples.begin(), m_report.samples.end(), [](const auto &a, const auto &b) {
        return a.round != b.round ? a.round < b.round : a.address.toString() < b.address.toString();
    });
    std::stable_sort(m_report.crossChecks.begin(), m_report.crossChecks.end(), [](const auto &a, const auto &b) {
        const QString ka = a.issuedBy.toString() + QLatin1Char(' ') + a.askedTo.toString();
        const QString kb = b.issuedBy.toString() + QLatin1Char(' ') + b.askedTo.toString();
        return ka < kb;
    });
    analyse(m_report);
    Q_EMIT finished(m_report);
}

void ConsistencyCheck::analyse(ConsistencyReport &report)
{
    QStringList &findings = report.findings;
    findings.clear();
    if (!report.error.isEmpty())
        return;
    int answered = 0;
    bool anyValidator = false;
    for (const ConsistencySample &s : std::as_const(report.samples)) {
        if (!s.error.isEmpty() && s.status == 0)
            findings.append(QStringLiteral("%1 (request %2): %3").arg(s.address.toString()).arg(s.round + 1).arg(s.error));
        else if (s.status != 200)
            findings.append(QStringLiteral("%1 (request %2) answered %3, not 200").arg(s.address.toString()).arg(s.round + 1).arg(s.status));
        if (s.status == 200) {
            ++answered;
            anyValidator = anyValidator || !s.etag.isEmpty() || !s.lastModified.isEmpty();
        }
    }
    if (answered == 0) {
        report.error = QStringLiteral("no instance answered 200: nothing to compare");
        return;
    }
    report.etagsAgree = compareField(report, &ConsistencySample::etag, QStringLiteral("ETag"), findings);
    report.lastModifiedAgree
        = compareField(report, &ConsistencySample::lastModified, QStringLiteral("Last-Modified"), findings);
    QSet<QByteArray> bodies;
    for (const ConsistencySample &s : std::as_const(report.samples)) {
        if (s.status == 200)
            bodies.insert(s.bodyHash);
    }
    report.bodiesAgree = bodies.size() <= 1;
    if (!report.etagsAgree && report.bodiesAgree)
        findings.append(QStringLiteral("the content is identical everywhere but the ETags differ: the ETag is made per "
                                       "instance (inode, node id, build), not from the content; a client that "
                                       "reaches another instance downloads the whole response again"));
    if (report.etagsAgree && !report.bodiesAgree)
        findings.append(QStringLiteral("the same ETag is served with different content: a strong ETag must change "
                                       "whenever the content does"));
    if (!anyValidator)
        findings.append(QStringLiteral("no instance sends ETag or Last-Modified: the response can never be revalidated"));
    for (const CrossCheck &c : std::as_const(report.crossChecks)) {
        if (c.ok())
            continue;
        report.validatorsHonoured = false;
        const QString validator = !c.ifNoneMatch.isEmpty() ? QStringLiteral("ETag %1").arg(QString::fromLatin1(c.ifNoneMatch))
                                                          : QStringLiteral("Last-Modified %1").arg(QString::fromLatin1(c.ifModifiedSince));
        const QString answer = c.status ? QStringLiteral("answered %1").arg(c.status) : QStringLiteral("failed (%1)").arg(c.error);
        if (c.issuedBy == c.askedTo)
            findings.append(QStringLiteral("%1 %2 to the %3 it had issued itself: requests to it reach instances that "
                                           "disagree")
                                .arg(c.askedTo.toString(), answer, validator));
        else
            findings.append(QStringLiteral("%1 %2 to the %3 issued by %4, instead of 304")
                                .arg(c.askedTo.toString(), answer, validator, c.issuedBy.toString()));
    }
}

} // namespace CacheScope
