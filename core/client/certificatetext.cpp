#include "certificatetext.h"

#include "request.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QStringList>

namespace CacheScope {

namespace {

QString utcText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QStringLiteral("(unknown)");
}

} // namespace

CertificateText describeCertificate(const QSslCertificate &certificate)
{
    CertificateText text;
    if (certificate.isNull())
        return text;
    text.subject = certificate.subjectDisplayName();
    text.issuer = certificate.issuerDisplayName();
    QStringList names;
    const auto alternates = certificate.subjectAlternativeNames();
    for (auto it = alternates.cbegin(); it != alternates.cend(); ++it)
        names.append(it.value());
    text.subjectNames = names.join(QStringLiteral(", "));
    text.validFrom = utcText(certificate.effectiveDate());
    text.validTo = utcText(certificate.expiryDate());
    text.sha256 = fingerprintText(certificate.digest(QCryptographicHash::Sha256));
    text.selfSigned = certificate.isSelfSigned();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    text.expired = certificate.expiryDate().isValid() && certificate.expiryDate() < now;
    text.notYetValid = certificate.effectiveDate().isValid() && certificate.effectiveDate() > now;
    return text;
}

QString chainToText(const QList<QSslCertificate> &chain, const QString &indent)
{
    QString out;
    for (qsizetype i = 0; i < chain.size(); ++i) {
        const CertificateText c = describeCertificate(chain.at(i));
        out += QStringLiteral("%1[%2] subject: %3%4\n")
                   .arg(indent)
                   .arg(i)
                   .arg(c.subject,
                       c.subjectNames.isEmpty() ? QString() : QStringLiteral(" (names: %1)").arg(c.subjectNames));
        out += QStringLiteral("%1    issuer: %2%3\n")
                   .arg(indent, c.issuer, c.selfSigned ? QStringLiteral(" (self-signed)") : QString());
        out += QStringLiteral("%1    valid: %2 to %3%4\n")
                   .arg(indent, c.validFrom, c.validTo,
                       c.expired           ? QStringLiteral(" (expired)")
                           : c.notYetValid ? QStringLiteral(" (not yet valid)")
                                           : QString());
        out += QStringLiteral("%1    SHA-256: %2\n").arg(indent, c.sha256);
    }
    return out;
}

} // namespace CacheScope
