// The window against an HTTPS origin with a self-signed certificate: the error panel shows the certificate,
// accepting it asks once more and then sends again, Request > Accepted Certificates lists it and forgets it;
// Request > Response Body Limit applies to the client and is remembered. Offscreen, the real window.
#include "bodylimitdialog.h"
#include "certificatesdialog.h"
#include "certificateview.h"
#include "client/httpclient.h"
#include "clientactions.h"
#include "errorpanel.h"
#include "exchangepage.h"
#include "mainwindow.h"
#include "responseview.h"
#include "theme.h"
#include "tlsorigin.h"

#include <QAction>
#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using namespace CacheScope;
using CacheScope::TestSupport::TlsOrigin;

Q_DECLARE_METATYPE(CacheScope::Exchange)

namespace {

// Sends the URL from the page and waits for the answer.
Exchange sendFromPage(ExchangePage *page, const QString &url)
{
    QSignalSpy finished(page, &ExchangePage::exchangeFinished);
    if (!page->sendUrl(url) || !finished.wait(15000))
        return {};
    return finished.first().first().value<Exchange>();
}

QMessageBox *confirmation(QWidget *window)
{
    return window->findChild<QMessageBox *>(QStringLiteral("acceptCertificateConfirmation"));
}

void save(QWidget *widget, const QString &name)
{
    widget->grab().save(QStringLiteral("/tmp/cachescope-%1.png").arg(name));
}

} // namespace

class TestTlsWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void acceptFromTheErrorPanelThenForget();
    void bodyLimitIsAppliedAndRemembered();

private:
    QTemporaryDir m_dir;
};

void TestTlsWindow::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("this Qt has no TLS backend");
    qRegisterMetaType<Exchange>();
    QVERIFY(m_dir.isValid());
}

void TestTlsWindow::acceptFromTheErrorPanelThenForget()
{
    TlsOrigin origin;
    QVERIFY(origin.start(QStringLiteral("test-a")));
    HttpClient client;
    QSettings settings(m_dir.filePath(QStringLiteral("accept.ini")), QSettings::IniFormat);
    MainWindow window(&client, &settings);
    window.show();
    ExchangePage *page = window.exchangePage();
    const QString url = origin.url(QStringLiteral("127.0.0.1")).toString();

    const Exchange refused = sendFromPage(page, url);
    QCOMPARE(refused.error, ExchangeError::Tls);
    ErrorPanel *panel = page->responseView()->errorPanel();
    QVERIFY(panel->isVisibleTo(&window));
    QVERIFY(panel->certificateView()->isVisibleTo(&window));
    const QString details = panel->certificateView()->text();
    const QString fingerprint = fingerprintText(origin.certificate.digest(QCryptographicHash::Sha256));
    QVERIFY2(details.contains(fingerprint), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("localhost")), qPrintable(details)); // subject and issuer
    QVERIFY2(details.contains(QStringLiteral("2126-")), qPrintable(details)); // valid until
    QVERIFY2(details.contains(refused.tlsErrors.value(0)), qPrintable(details)); // each problem in words
    QPushButton *accept = panel->acceptCertificateButton();
    QVERIFY(accept->isVisibleTo(&window));
    QCOMPARE(accept->text(), QStringLiteral("Accept this certificate for 127.0.0.1 for this session\u2026"));
    save(&window, QStringLiteral("certificate-error"));
    QVERIFY(applyColorScheme(QStringLiteral("dark")).isEmpty());
    QCoreApplication::processEvents();
    save(panel, QStringLiteral("certificate-error-dark"));
    QVERIFY(applyColorScheme(QStringLiteral("light")).isEmpty());

    // Asked once more; Cancel accepts nothing and sends nothing.
    QSignalSpy started(page, &ExchangePage::exchangeStarted);
    accept->click();
    QTRY_VERIFY(confirmation(&window) && confirmation(&window)->isVisible());
    QVERIFY2(confirmation(&window)->informativeText().contains(fingerprint),
        qPrintable(confirmation(&window)->informativeText()));
    save(confirmation(&window), QStringLiteral("certificate-confirmation"));
    confirmation(&window)->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!confirmation(&window));
    QVERIFY(client.acceptedCertificates().isEmpty());
    QCOMPARE(started.size(), 0);

    // Confirmed: accepted for the host, and the request goes again and succeeds.
    QSignalSpy finished(page, &ExchangePage::exchangeFinished);
    accept->click();
    QTRY_VERIFY(confirmation(&window) && confirmation(&window)->isVisible());
    confirmation(&window)->findChild<QPushButton *>(QStringLiteral("confirmAccept"))->click();
    QVERIFY(finished.wait(15000));
    const Exchange accepted = finished.first().first().value<Exchange>();
    QVERIFY2(accepted.ok(), qPrintable(accepted.errorString));
    QCOMPARE(accepted.body, QByteArray("ok"));
    QCOMPARE(client.acceptedCertificates().value(QStringLiteral("127.0.0.1")), QList { origin.certificate });
    // Never persisted.
    settings.sync();
    for (const QString &key : settings.allKeys())
        QVERIFY2(!settings.value(key).toString().contains(fingerprint, Qt::CaseInsensitive), qPrintable(key));

    // Request > Accepted Certificates… lists it; Forget takes it back.
    auto *listAction = window.findChild<QAction *>(QStringLiteral("acceptedCertificates"));
    QVERIFY(listAction);
    listAction->trigger();
    auto *dialog = window.findChild<CertificatesDialog *>();
    QVERIFY(dialog && dialog->isVisible());
    QCOMPARE(dialog->list()->topLevelItemCount(), 1);
    QTreeWidgetItem *row = dialog->list()->topLevelItem(0);
    QCOMPARE(row->text(0), QStringLiteral("127.0.0.1"));
    QCOMPARE(row->text(3), fingerprint);
    save(dialog, QStringLiteral("accepted-certificates"));
    QVERIFY(!dialog->forgetButton()->isEnabled());
    dialog->list()->setCurrentItem(row);
    QVERIFY(dialog->forgetButton()->isEnabled());
    dialog->forgetButton()->click();
    QVERIFY(client.acceptedCertificates().isEmpty());
    QCOMPARE(dialog->list()->topLevelItemCount(), 1); // the "(none accepted)" line
    QVERIFY(!(dialog->list()->topLevelItem(0)->flags() & Qt::ItemIsSelectable));
    dialog->close();

    // Forgotten: refused again, with the offer again.
    QCOMPARE(sendFromPage(page, url).error, ExchangeError::Tls);
    QVERIFY(accept->isVisibleTo(&window));
}

void TestTlsWindow::bodyLimitIsAppliedAndRemembered()
{
    HttpClient client;
    const QString path = m_dir.filePath(QStringLiteral("limit.ini"));
    {
        QSettings settings(path, QSettings::IniFormat);
        MainWindow window(&client, &settings);
        window.show();
        QCOMPARE(client.maxBodyBytes(), HttpClient::DefaultMaxBodyBytes);
        auto *action = window.findChild<QAction *>(QStringLiteral("bodyLimit"));
        QVERIFY(action);
        action->trigger();
        auto *dialog = window.findChild<BodyLimitDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->spinBox()->value(), 512);
        dialog->spinBox()->setValue(3);
        save(dialog, QStringLiteral("body-limit"));
        dialog->accept();
        QCOMPARE(client.maxBodyBytes(), qint64(3) * 1024 * 1024);
    }
    // Remembered: a new window on a new client starts with it.
    QSettings settings(path, QSettings::IniFormat);
    QCOMPARE(settings.value(ClientActions::settingsKey()).toLongLong(), qint64(3) * 1024 * 1024);
    HttpClient fresh;
    MainWindow window(&fresh, &settings);
    QCOMPARE(fresh.maxBodyBytes(), qint64(3) * 1024 * 1024);
    // A hand-edited nonsense value is ignored rather than applied.
    settings.setValue(ClientActions::settingsKey(), QStringLiteral("lots"));
    HttpClient third;
    MainWindow another(&third, &settings);
    QCOMPARE(third.maxBodyBytes(), HttpClient::DefaultMaxBodyBytes);
}

QTEST_MAIN(TestTlsWindow)
#include "tst_tlswindow.moc"
