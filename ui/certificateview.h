#pragma once

#include <QList>
#include <QSslCertificate>
#include <QStringList>
#include <QWidget>

class QLabel;

namespace CacheScope {

// A rejected certificate chain as a person checks it before trusting it: each TLS problem in words, then
// every certificate of the chain (the server's own first) with subject, names, issuer, validity and SHA-256
// fingerprint. Text is selectable so the fingerprint can be compared or copied.
class CertificateView : public QWidget
{
    Q_OBJECT
public:
    explicit CertificateView(QWidget *parent = nullptr);

    void setChain(const QList<QSslCertificate> &chain, const QStringList &problems);
    QString text() const; // the details as plain text (tests, copy)

private:
    QLabel *m_label;
};

} // namespace CacheScope
