#include "urlbar.h"

#include "interop/curlcommand.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QToolTip>

namespace CacheScope {

UrlBar::UrlBar(QWidget *parent)
    : QWidget(parent)
    , m_method(new QComboBox(this))
    , m_url(new QLineEdit(this))
    , m_send(new QPushButton(this))
    , m_curlWarning(new QAction(this))
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

    connect(m_url, &QLineEdit::returnPressed, this, &UrlBar::returnPressed);
    m_url->installEventFilter(this);
    m_curlWarning->setObjectName(QStringLiteral("curlWarning"));
    m_curlWarning->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
    setCurlWarningShown(false);
    connect(m_curlWarning, &QAction::triggered, this, [this] {
        QToolTip::showText(m_url->mapToGlobal(QPoint(0, m_url->height())), m_curlWarning->toolTip(), m_url);
    });
    connect(m_url, &QLineEdit::textEdited, this, [this] { setCurlWarningShown(false); });
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

void UrlBar::returnPressed()
{
    const QString text = m_url->text();
    if (looksLikeCurl(text)) {
        importCurl(!m_pastedCommand.isEmpty() && text == m_pastedShownAs ? m_pastedCommand : text);
        return;
    }
    if (!m_busy)
        Q_EMIT sendRequested();
}

// Ctrl+V of a curl command is imported at once, from the clipboard's own text: the field would flatten
// its line breaks, and with them the backslash-newline continuations a copied command is full of.
bool UrlBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_url && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Paste)) {
        const QString pasted = QGuiApplication::clipboard()->text();
        if (looksLikeCurl(pasted)) {
            m_pastedCommand = pasted;
            m_pastedShownAs = pasted.simplified();
            m_url->setText(m_pastedShownAs);
            importCurl(pasted);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

bool UrlBar::looksLikeCurl(const QString &text)
{
    const QString trimmed = text.trimmed();
    return trimmed.startsWith(QLatin1String("curl ")) || trimmed.startsWith(QLatin1String("curl\\"))
        || trimmed.startsWith(QLatin1String("curl\t")) || trimmed.startsWith(QLatin1String("curl\n"));
}

bool UrlBar::importCurl(const QString &command)
{
    const CurlParseResult parsed = parseCurlCommand(command);
    if (!parsed.ok()) {
        showCurlProblem(parsed.error);
        return false;
    }
    m_curlError.clear();
    setCurlWarningShown(false);
    m_pastedCommand.clear();
    m_pastedShownAs.clear();
    setMethod(QString::fromLatin1(parsed.request.method));
    m_url->setText(parsed.request.url.toString());
    m_url->setToolTip(parsed.warnings.isEmpty()
            ? QString()
            : QStringLiteral("Imported from curl. Not honoured:\n%1").arg(parsed.warnings.join(QLatin1Char('\n'))));
    Q_EMIT curlImported(parsed.request, parsed.warnings);
    return true;
}

void UrlBar::showCurlProblem(const QString &message)
{
    m_curlError = message;
    const QString text = QStringLiteral("Cannot import this curl command: %1").arg(message);
    m_url->setToolTip(text);
    m_curlWarning->setToolTip(text);
    setCurlWarningShown(true);
    if (m_url->isVisible())
        QToolTip::showText(m_url->mapToGlobal(QPoint(0, m_url->height())), text, m_url);
}

QStringList UrlBar::standardMethods()
{
    return { QStringLiteral("GET"), QStringLiteral("HEAD"), QStringLiteral("POST"), QStringLiteral("PUT"),
        QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("OPTIONS") };
}

void UrlBar::setCurlWarningShown(bool shown)
{
    m_curlWarning->setVisible(shown);
    // Qt 6.4's QLineEdit draws an action that was hidden when added: the sign is in the field only while shown.
    if (!shown)
        m_url->removeAction(m_curlWarning);
    else if (!m_url->actions().contains(m_curlWarning))
        m_url->addAction(m_curlWarning, QLineEdit::TrailingPosition);
}

} // namespace CacheScope
