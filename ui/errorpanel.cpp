#include "errorpanel.h"

#include "formatting.h"

#include <QGridLayout>
#include <QLabel>
#include <QStyle>

namespace CacheScope {

namespace {

QLabel *wrappingLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setTextFormat(Qt::PlainText);
    return label;
}

} // namespace

ErrorPanel::ErrorPanel(QWidget *parent)
    : QWidget(parent)
    , m_icon(new QLabel(this))
    , m_title(wrappingLabel(QStringLiteral("Display::errorTitle"), this))
    , m_message(wrappingLabel(QStringLiteral("errorMessage"), this))
    , m_hint(wrappingLabel(QStringLiteral("Display::errorHint"), this))
    , m_details(wrappingLabel(QStringLiteral("errorDetails"), this))
{
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(iconSize));
    m_icon->setAlignment(Qt::AlignTop);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    m_title->setFont(titleFont);
    m_details->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(24, 24, 24, 24);
    layout->setHorizontalSpacing(16);
    layout->setVerticalSpacing(10);
    layout->addWidget(m_icon, 0, 0, 4, 1);
    layout->addWidget(m_title, 0, 1);
    layout->addWidget(m_message, 1, 1);
    layout->addWidget(m_hint, 2, 1);
    layout->addWidget(m_details, 3, 1);
    layout->setColumnStretch(1, 1);
    layout->setRowStretch(4, 1);
}

void ErrorPanel::setExchange(const Exchange &exchange)
{
    m_title->setText(Display::errorTitle(exchange.error));
    QString message = exchange.errorString.isEmpty() ? Display::errorTitle(exchange.error) : exchange.errorString;
    // Core messages are sentence fragments ("connection refused by ..."); here they stand alone.
    if (!message.isEmpty())
        message[0] = message.at(0).toUpper();
    m_message->setText(message);
    const QString hint = Display::errorHint(exchange.error);
    m_hint->setText(hint.isEmpty() ? QString() : QStringLiteral("What to check: %1").arg(hint));
    m_hint->setVisible(!hint.isEmpty());
    QString details = QStringLiteral("%1 %2").arg(
        QString::fromLatin1(exchange.request.method), exchange.request.url.toDisplayString());
    if (exchange.timing.totalMs >= 0)
        details += QStringLiteral(" \u00b7 after %1").arg(Display::milliseconds(exchange.timing.totalMs));
    details += QStringLiteral(" \u00b7 error: %1").arg(errorName(exchange.error));
    m_details->setText(details);
}

QString ErrorPanel::title() const
{
    return m_title->text();
}

QString ErrorPanel::message() const
{
    return m_message->text();
}

QString ErrorPanel::hint() const
{
    return m_hint->text();
}

} // namespace CacheScope
