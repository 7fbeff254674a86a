#include "statusexplanationlabel.h"

#include <QResizeEvent>

namespace CacheScope {

StatusExplanationLabel::StatusExplanationLabel(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("statusExplanation"));
    setTextFormat(Qt::RichText);
    setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    setOpenExternalLinks(false);
    // The line gives way to the timing and the badge: it is the part that may be cut short.
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    connect(this, &QLabel::linkActivated, this, [this](const QString &link) { Q_EMIT referenceRequested(link); });
}

void StatusExplanationLabel::setExplanation(const QString &text, const QString &topic, const QString &details)
{
    m_text = text;
    m_topic = topic;
    QString tip = text;
    if (!details.isEmpty() && !details.contains(text))
        tip += QStringLiteral("\n\n") + details;
    else if (!details.isEmpty())
        tip = details;
    if (!topic.isEmpty())
        tip += QStringLiteral("\n\nClick to open the reference entry.");
    // Rich text so that a long line wraps in the tooltip instead of running off the screen.
    setToolTip(QStringLiteral("<p style=\"white-space:pre-wrap\">%1</p>").arg(tip.toHtmlEscaped()));
    updateShownText();
    show();
}

void StatusExplanationLabel::clearExplanation()
{
    m_text.clear();
    m_topic.clear();
    m_shown.clear();
    setText({});
    setToolTip({});
    hide();
}

QSize StatusExplanationLabel::minimumSizeHint() const
{
    return { 0, QLabel::minimumSizeHint().height() };
}

QSize StatusExplanationLabel::sizeHint() const
{
    return { fontMetrics().horizontalAdvance(m_text) + 8, QLabel::sizeHint().height() };
}

void StatusExplanationLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    if (event->size().width() != event->oldSize().width())
        updateShownText();
}

void StatusExplanationLabel::updateShownText()
{
    const QString shown = fontMetrics().elidedText(m_text, Qt::ElideRight, qMax(0, contentsRect().width()));
    m_shown = shown;
    const QString escaped = shown.toHtmlEscaped();
    setText(
        m_topic.isEmpty() ? escaped : QStringLiteral("<a href=\"%1\">%2</a>").arg(m_topic.toHtmlEscaped(), escaped));
}

} // namespace CacheScope
