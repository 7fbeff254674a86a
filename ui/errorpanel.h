#pragma once

#include "client/exchange.h"

#include <QWidget>

class QLabel;
class QPushButton;

namespace CacheScope {

class CertificateView;

// What went wrong and what to check, in the response area (never a modal dialog). After a certificate
// error it shows the certificate's details and offers to accept that certificate for that host for the
// session, after asking once more: a security decision is never taken silently.
class ErrorPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ErrorPanel(QWidget *parent = nullptr);

    void setExchange(const Exchange &exchange);
    QString title() const;
    QString message() const;
    QString hint() const;

    CertificateView *certificateView() const { return m_certificate; }
    QPushButton *acceptCertificateButton() const { return m_acceptCertificate; }

Q_SIGNALS:
    // The user confirmed: accept `certificate` for `host` for this session (and send again).
    void certificateAccepted(const QString &host, const QSslCertificate &certificate);

private:
    void confirmAcceptance();

    QLabel *m_icon;
    QLabel *m_title;
    QLabel *m_message;
    QLabel *m_hint;
    QLabel *m_details;
    CertificateView *m_certificate;
    QPushButton *m_acceptCertificate;
    QString m_host;
    QSslCertificate m_rejected;
};

} // namespace CacheScope
