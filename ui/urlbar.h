#pragma once

#include "client/request.h"

#include <QStringList>
#include <QWidget>

class QAction;
class QComboBox;
class QLineEdit;
class QPushButton;

namespace CacheScope {

// Method selector, URL bar and the Send button, which turns into Cancel while a request runs.
class UrlBar : public QWidget
{
    Q_OBJECT
public:
    explicit UrlBar(QWidget *parent = nullptr);

    QString method() const;
    void setMethod(const QString &method);
    QString urlText() const;
    void setUrlText(const QString &text);
    void setBusy(bool busy);
    bool isBusy() const { return m_busy; }
    void focusUrl();

    QComboBox *methodCombo() const { return m_method; }
    QLineEdit *urlEdit() const { return m_url; }
    QPushButton *sendButton() const { return m_send; }

    static QStringList standardMethods();

    // Imports a curl command line (as pasted from a browser's "Copy as cURL"): on success the method and URL
    // fields show the request and curlImported() is emitted; on failure the text stays and the field's
    // tooltip says what is wrong. Returns whether it was imported.
    bool importCurl(const QString &command);
    // Why the last curl command could not be imported; empty after a successful one.
    QString curlError() const { return m_curlError; }
    // Text that a curl command starts with ("curl ", after leading blanks).
    static bool looksLikeCurl(const QString &text);

Q_SIGNALS:
    void sendRequested();
    void cancelRequested();
    // A curl command was typed or pasted into the URL field and parsed. `warnings` lists what it asked
    // that CacheScope cannot honour (-k, --proxy...).
    void curlImported(const CacheScope::Request &request, const QStringList &warnings);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void setCurlWarningShown(bool shown);
    void showCurlProblem(const QString &message);
    void returnPressed();

    QComboBox *m_method;
    QLineEdit *m_url;
    QPushButton *m_send;
    bool m_busy = false;
    QString m_curlError;
    QAction *m_curlWarning; // a warning sign inside the field while a command cannot be imported
    // A pasted command keeps its line breaks here (the field shows it on one line) until the text changes.
    QString m_pastedCommand;
    QString m_pastedShownAs;
};

} // namespace CacheScope
