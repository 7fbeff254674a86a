#include "certificateview.h"

#include "client/certificatetext.h"

#include <QLabel>
#include <QTextDocument>
#include <QVBoxLayout>

namespace CacheScope {

namespace {

QString row(const QString &name, const QString &value)
{
    return QStringLiteral("<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>")
        .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
}

QString certificateHtml(const QSslCertificate &certificate, qsizetype index, qsizetype count)
{
    const CertificateText c = describeCertificate(certificate);
    const QString role = index == 0 ? QStringLiteral("the server's own")
        : index == count - 1        ? QStringLiteral("top of the chain")
                                    : QStringLiteral("intermediate");
    QString html = QStringLiteral("<p style='margin-top:8px'><b>Certificate %1 of %2</b> (%3)</p><table>")
                       .arg(index + 1)
                       .arg(count)
                       .arg(role);
    html += row(QStringLiteral("Subject"), c.subject);
    if (!c.subjectNames.isEmpty())
        html += row(QStringLiteral("Names"), c.subjectNames);
    html += row(QStringLiteral("Issuer"), c.issuer + (c.selfSigned ? QStringLiteral(" (self-signed)") : QString()));
    html += row(
        QStringLiteral("Valid from"), c.validFrom + (c.notYetValid ? QStringLiteral(" (not yet valid)") : QString()));
    html += row(QStringLiteral("Valid until"), c.validTo + (c.expired ? QStringLiteral(" (expired)") : QString()));
    html += QStringLiteral("<tr><td style='padding-right:12px'><b>SHA-256</b></td><td><code>%1</code></td></tr>")
                .arg(c.sha256.toHtmlEscaped());
    return html + QStringLiteral("</table>");
}

} // namespace

CertificateView::CertificateView(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
{
    m_label->setObjectName(QStringLiteral("certificateDetails"));
    m_label->setTextFormat(Qt::RichText);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
}

void CertificateView::setChain(const QList<QSslCertificate> &chain, const QStringList &problems)
{
    QString html;
    if (!problems.isEmpty()) {
        html += QStringLiteral("<p><b>Why it was rejected</b></p><ul style='margin-top:0'>");
        for (const QString &problem : problems)
            html += QStringLiteral("<li>%1</li>").arg(problem.toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    for (qsizetype i = 0; i < chain.size(); ++i)
        html += certificateHtml(chain.at(i), i, chain.size());
    m_label->setText(html);
}

QString CertificateView::text() const
{
    QTextDocument document;
    document.setHtml(m_label->text());
    return document.toPlainText();
}

} // namespace CacheScope
