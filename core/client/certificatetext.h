#pragma once

#include <QList>
#include <QSslCertificate>
#include <QString>

namespace CacheScope {

// A certificate as a person checks it before trusting it: who it names, who vouches for it, when it is
// valid, and the fingerprint to compare with one obtained another way.
struct CertificateText
{
    QString subject; // the subject's display name (common name, else organisation)
    QString subjectNames; // DNS names and addresses from subjectAltName, comma separated
    QString issuer;
    QString validFrom; // ISO 8601, UTC
    QString validTo;
    QString sha256; // "AB:CD:..."
    bool selfSigned = false;
    bool expired = false;
    bool notYetValid = false;
};

CertificateText describeCertificate(const QSslCertificate &certificate);
// Each certificate of a chain on its own lines, indented by `indent`: for the command line.
QString chainToText(const QList<QSslCertificate> &chain, const QString &indent);

} // namespace CacheScope
