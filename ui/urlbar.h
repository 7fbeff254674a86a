#pragma once

#include <QWidget>

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

Q_SIGNALS:
    void sendRequested();
    void cancelRequested();

private:
    QComboBox *m_method;
    QLineEdit *m_url;
    QPushButton *m_send;
    bool m_busy = false;
};

} // namespace CacheScope
