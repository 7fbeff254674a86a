#include "clientactions.h"

#include "bodylimitdialog.h"
#include "certificatesdialog.h"
#include "client/httpclient.h"

#include <QAction>
#include <QSettings>

namespace CacheScope {

ClientActions::ClientActions(HttpClient *client, QSettings *settings, QWidget *window)
    : QObject(window)
    , m_client(client)
    , m_settings(settings)
    , m_window(window)
    , m_certificatesAction(new QAction(QStringLiteral("Accepted &Certificates\u2026"), this))
    , m_bodyLimitAction(new QAction(QStringLiteral("Response Body &Limit\u2026"), this))
{
    m_certificatesAction->setObjectName(QStringLiteral("acceptedCertificates"));
    m_certificatesAction->setToolTip(QStringLiteral("Certificates accepted for this session despite TLS errors"));
    m_bodyLimitAction->setObjectName(QStringLiteral("bodyLimit"));
    m_bodyLimitAction->setToolTip(QStringLiteral("How much of a response body is kept in memory"));
    connect(m_certificatesAction, &QAction::triggered, this, &ClientActions::openCertificates);
    connect(m_bodyLimitAction, &QAction::triggered, this, &ClientActions::openBodyLimit);
    if (m_settings) {
        bool ok = false;
        const qint64 remembered = m_settings->value(settingsKey()).toLongLong(&ok);
        if (ok && remembered > 0)
            m_client->setMaxBodyBytes(remembered);
    }
}

QString ClientActions::settingsKey()
{
    return QStringLiteral("request/maxBodyBytes");
}

void ClientActions::openCertificates()
{
    if (!m_certificatesDialog) {
        m_certificatesDialog = new CertificatesDialog(m_client, m_window);
        m_certificatesDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_certificatesDialog->show();
    m_certificatesDialog->raise();
    m_certificatesDialog->activateWindow();
}

void ClientActions::openBodyLimit()
{
    auto *dialog = new BodyLimitDialog(m_client->maxBodyBytes(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { setBodyLimit(dialog->bytes()); });
    dialog->open();
}

void ClientActions::setBodyLimit(qint64 bytes)
{
    m_client->setMaxBodyBytes(bytes);
    if (m_settings)
        m_settings->setValue(settingsKey(), m_client->maxBodyBytes());
}

} // namespace CacheScope
