#include "certificatesdialog.h"

#include "client/certificatetext.h"
#include "client/httpclient.h"

#include <algorithm>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace CacheScope {

namespace {

enum Column
{
    HostColumn,
    SubjectColumn,
    ValidUntilColumn,
    FingerprintColumn
};
constexpr int CertificateRole = Qt::UserRole;

} // namespace

CertificatesDialog::CertificatesDialog(HttpClient *client, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_list(new QTreeWidget(this))
    , m_forget(new QPushButton(QStringLiteral("&Forget"), this))
{
    setObjectName(QStringLiteral("acceptedCertificates"));
    setWindowTitle(QStringLiteral("Accepted Certificates"));
    auto *intro = new QLabel(QStringLiteral("Certificates accepted despite TLS errors, each for one host, until "
                                            "CacheScope quits. Nothing here is saved."),
        this);
    intro->setWordWrap(true);
    m_list->setObjectName(QStringLiteral("certificateList"));
    m_list->setHeaderLabels({ QStringLiteral("Host"), QStringLiteral("Subject"), QStringLiteral("Valid until"),
        QStringLiteral("SHA-256") });
    m_list->setRootIsDecorated(false);
    m_list->setAllColumnsShowFocus(true);
    m_list->header()->setStretchLastSection(true);
    m_forget->setObjectName(QStringLiteral("forgetCertificate"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_forget, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_forget, &QPushButton::clicked, this, &CertificatesDialog::forgetSelected);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this,
        [this] { m_forget->setEnabled(!m_list->selectedItems().isEmpty()); });
    connect(m_client, &HttpClient::acceptedCertificatesChanged, this, &CertificatesDialog::refresh);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(820, 300);
    refresh();
}

void CertificatesDialog::refresh()
{
    m_list->clear();
    m_shown.clear();
    const QHash<QString, QList<QSslCertificate>> accepted = m_client->acceptedCertificates();
    QStringList hosts = accepted.keys();
    std::sort(hosts.begin(), hosts.end());
    for (const QString &host : std::as_const(hosts)) {
        for (const QSslCertificate &certificate : accepted.value(host)) {
            const CertificateText text = describeCertificate(certificate);
            auto *item = new QTreeWidgetItem(m_list, { host, text.subject, text.validTo, text.sha256 });
            item->setData(HostColumn, CertificateRole, int(m_shown.size()));
            m_shown.append(certificate);
            item->setToolTip(SubjectColumn, QStringLiteral("Issuer: %1").arg(text.issuer));
            item->setToolTip(FingerprintColumn, text.sha256);
        }
    }
    for (int column = HostColumn; column < FingerprintColumn; ++column)
        m_list->resizeColumnToContents(column);
    if (m_list->topLevelItemCount() == 0) {
        auto *none = new QTreeWidgetItem(m_list, { QStringLiteral("(none accepted)") });
        none->setFlags(Qt::NoItemFlags);
        none->setData(HostColumn, CertificateRole, -1);
    }
    m_forget->setEnabled(false);
}

void CertificatesDialog::forgetSelected()
{
    const QList<QTreeWidgetItem *> selected = m_list->selectedItems();
    QList<std::pair<QString, QSslCertificate>> forget;
    for (const QTreeWidgetItem *item : selected) {
        const int index = item->data(HostColumn, CertificateRole).toInt();
        if (index >= 0 && index < m_shown.size())
            forget.append({ item->text(HostColumn), m_shown.at(index) });
    }
    for (const auto &[host, certificate] : std::as_const(forget))
        m_client->forgetCertificate(host, certificate); // refreshes the list through the client's signal
}

} // namespace CacheScope
