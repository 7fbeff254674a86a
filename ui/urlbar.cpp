#include "urlbar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace CacheScope {

UrlBar::UrlBar(QWidget *parent)
    : QWidget(parent)
    , m_method(new QComboBox(this))
    , m_url(new QLineEdit(this))
    , m_send(new QPushButton(this))
{
    m_method->setObjectName(QStringLiteral("methodCombo"));
    m_method->setEditable(true);
    // A custom method typed by the user is sent as is; it must not pile up in the list.
    m_method->setInsertPolicy(QComboBox::NoInsert);
    m_method->addItems(standardMethods());
    m_method->setToolTip(QStringLiteral("HTTP method: pick one or type a custom one (methods are case-sensitive)"));
    m_method->setMinimumContentsLength(8);

    m_url->setObjectName(QStringLiteral("urlEdit"));
    m_url->setPlaceholderText(QStringLiteral("https://example.com/resource  (Ctrl+L)"));
    m_url->setClearButtonEnabled(true);
    QFont urlFont = m_url->font();
    urlFont.setPointSizeF(urlFont.pointSizeF() * 1.1);
    m_url->setFont(urlFont);

    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setDefault(true);
    m_send->setMinimumWidth(m_send->fontMetrics().horizontalAdvance(QStringLiteral("Cancel")) + 48);
    setBusy(false);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_method);
    layout->addWidget(m_url, 1);
    layout->addWidget(m_send);

    connect(m_url, &QLineEdit::returnPressed, this, [this] {
        if (!m_busy)
            Q_EMIT sendRequested();
    });
    connect(m_send, &QPushButton::clicked, this, [this] {
        if (m_busy)
            Q_EMIT cancelRequested();
        else
            Q_EMIT sendRequested();
    });
}

QString UrlBar::method() const
{
    return m_method->currentText().trimmed();
}

void UrlBar::setMethod(const QString &method)
{
    m_method->setCurrentText(method);
}

QString UrlBar::urlText() const
{
    return m_url->text();
}

void UrlBar::setUrlText(const QString &text)
{
    m_url->setText(text);
}

void UrlBar::setBusy(bool busy)
{
    m_busy = busy;
    m_send->setText(busy ? QStringLiteral("Cancel") : QStringLiteral("Send"));
    m_send->setToolTip(busy ? QStringLiteral("Cancel the running request") : QStringLiteral("Send (Ctrl+Enter)"));
}

void UrlBar::focusUrl()
{
    m_url->setFocus(Qt::ShortcutFocusReason);
    m_url->selectAll();
}

QStringList UrlBar::standardMethods()
{
    return { QStringLiteral("GET"), QStringLiteral("HEAD"), QStringLiteral("POST"), QStringLiteral("PUT"),
        QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("OPTIONS") };
}

} // namespace CacheScope
