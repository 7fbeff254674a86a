#pragma once

#include <QDialog>
#include <QList>
#include <QSslCertificate>

class QPushButton;
class QTreeWidget;

namespace CacheScope {

class HttpClient;

// Request > Accepted Certificates…: what the session accepted despite TLS errors (host, subject, validity,
// SHA-256), with Forget. Follows the client: accepting from the error panel while it is open shows up here.
class CertificatesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CertificatesDialog(HttpClient *client, QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }
    QPushButton *forgetButton() const { return m_forget; }

private:
    void refresh();
    void forgetSelected();

    HttpClient *m_client;
    QTreeWidget *m_list;
    QPushButton *m_forget;
    QList<QSslCertificate> m_shown; // row data: the certificates as listed
};

} // namespace CacheScope
