#include "errorpanel.h"

#include "certificateview.h"
#include "client/certificatetext.h"
#include "formatting.h"

#include <QGridLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>

namespace CacheScope {

namespace {

QLabel *wrappingLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setTextFormat(Qt::PlainText);
    return label;
}

} // namespace

ErrorPanel::ErrorPanel(QWidget *parent)
    : QWidget(parent)
    , m_icon(new QLabel(this))
    , m_title(wrappingLabel(QStringLiteral("Display::errorTitle"), this))
    , m_message(wrappingLabel(QStringLiteral("errorMessage"), this))
    , m_hint(wrappingLabel(QStringLiteral("Display::errorHint"), this))
    , m_details(wrappingLabel(QStringLiteral("errorDetails"), this))
    , m_certificate(new CertificateView(this))
    , m_acceptCertificate(new QPushButton(this))
{
    m_certificate->setObjectName(QStringLiteral("rejectedCertificate"));
    m_certificate->hide();
    m_acceptCertificate->setObjectName(QStringLiteral("acceptCertificate"));
    m_acceptCertificate->hide();
    connect(m_acceptCertificate, &QPushButton::clicked, this, &ErrorPanel::confirmAcceptance);
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(iconSize));
    m_icon->setAlignment(Qt::AlignTop);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    m_title->setFont(titleFont);
    m_details->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(24, 24, 24, 24);
    layout->setHorizontalSpacing(16);
    layout->setVerticalSpacing(10);
    layout->addWidget(m_icon, 0, 0, 6, 1);
    layout->addWidget(m_title, 0, 1);
    layout->addWidget(m_message, 1, 1);
    layout->addWidget(m_hint, 2, 1);
    layout->addWidget(m_details, 3, 1);
    layout->addWidget(m_certificate, 4, 1);
    layout->addWidget(m_acceptCertificate, 5, 1, Qt::AlignLeft);
    layout->setColumnStretch(1, 1);
    layout->setRowStretch(6, 1);
}

void ErrorPanel::setExchange(const Exchange &exchange)
{
    m_title->setText(Display::errorTitle(exchange.error));
    QString message = exchange.errorString.isEmpty() ? Display::errorTitle(exchange.error) : exchange.errorString;
    // Core messages are sentence fragments ("connection refused by ..."); here they stand alone.
    if (!message.isEmpty())
        message[0] = message.at(0).toUpper();
    m_message->setText(message);
    const QString hint = Display::errorHint(exchange.error);
    m_hint->setText(hint.isEmpty() ? QString() : QStringLiteral("What to check: %1").arg(hint));
    m_hint->setVisible(!hint.isEmpty());
    QString details = QStringLiteral("%1 %2").arg(
        QString::fromLatin1(exchange.request.method), exchange.request.url.toDisplayString());
    if (exchange.timing.totalMs >= 0)
        details += QStringLiteral(" \u00b7 after %1").arg(Display::milliseconds(exchange.timing.totalMs));
    details += QStringLiteral(" \u00b7 error: %1").arg(errorName(exchange.error));
    m_details->setText(details);

    const bool certificate = exchange.error == ExchangeError::Tls && !exchange.rejectedCertificates.isEmpty();
    m_host = certificate ? exchange.finalUrl.host().toLower() : QString();
    m_rejected = certificate ? exchange.rejectedCertificates.first() : QSslCertificate();
    if (certificate) {
        m_certificate->setChain(exchange.rejectedCertificates, exchange.tlsErrors);
        m_acceptCertificate->setText(
            QStringLiteral("Accept this certificate for %1 for this session\u2026").arg(m_host));
    }
    m_certificate->setVisible(certificate);
    m_acceptCertificate->setVisible(certificate);
}

void ErrorPanel::confirmAcceptance()
{
    if (m_rejected.isNull())
        return;
    // Asked again, with the fingerprint to compare: anyone between the user and the server could present this
    // certificate. Window-modal and non-blocking, so the window keeps painting (and tests can answer it).
    auto *box = new QMessageBox(QMessageBox::Warning, QStringLiteral("Accept this certificate?"),
        QStringLiteral("Accept the certificate of %1 despite its errors, until CacheScope quits?").arg(m_host),
        QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("acceptCertificateConfirmation"));
    box->setInformativeText(
        QStringLiteral("Only if you know this is the right server: compare the SHA-256 fingerprint with one you got "
                       "another way.\n\n%1\n\nOnly this certificate, only for %2. Nothing is saved; Request > "
                       "Accepted Certificates lists it and can forget it.")
            .arg(describeCertificate(m_rejected).sha256, m_host));
    QPushButton *accept = box->addButton(QStringLiteral("Accept for This Session"), QMessageBox::AcceptRole);
    accept->setObjectName(QStringLiteral("confirmAccept"));
    box->setDefaultButton(box->addButton(QMessageBox::Cancel));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, accept, host = m_host, certificate = m_rejected] {
        if (box->clickedButton() == accept)
            Q_EMIT certificateAccepted(host, certificate);
    });
    box->open();
}

QString ErrorPanel::title() const
{
    return m_title->text();
}

QString ErrorPanel::message() const
{
    return m_message->text();
}

QString ErrorPanel::hint() const
{
    return m_hint->text();
}

} // namespace CacheScope
