#pragma once

#include "certificatesdialog.h"

#include <QObject>
#include <QPointer>

class QAction;
class QSettings;
class QWidget;

namespace CacheScope {

class HttpClient;

// The window's client settings as menu actions: Accepted Certificates… (session only, never saved) and
// Response Body Limit… (remembered in the settings under "request/maxBodyBytes" and applied to the client
// at once, so requests, revalidations and watches of the window all keep to it).
class ClientActions : public QObject
{
    Q_OBJECT
public:
    // Applies the remembered body limit to `client`. `settings` may be null (nothing remembered).
    ClientActions(HttpClient *client, QSettings *settings, QWidget *window);

    QAction *acceptedCertificatesAction() const { return m_certificatesAction; }
    QAction *bodyLimitAction() const { return m_bodyLimitAction; }
    // The dialog while it is open (tests), else null.
    CertificatesDialog *certificatesDialog() const { return m_certificatesDialog; }

    void openCertificates();
    void openBodyLimit();
    // Sets, applies and remembers the limit (the dialog's OK).
    void setBodyLimit(qint64 bytes);

    static QString settingsKey();

private:
    HttpClient *m_client;
    QSettings *m_settings;
    QWidget *m_window;
    QAction *m_certificatesAction;
    QAction *m_bodyLimitAction;
    QPointer<CertificatesDialog> m_certificatesDialog;
};

} // namespace CacheScope
