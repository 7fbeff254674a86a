#include "statusbadge.h"

#include <QApplication>
#include <QMouseEvent>

namespace CacheScope {

StatusBadge::StatusBadge(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("statusBadge"));
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = font();
    bold.setBold(true);
    setFont(bold);
    clearStatus();
}

void StatusBadge::setStatus(int status, const QByteArray &reason)
{
    m_status = status;
    QString text = QString::fromLatin1(reason).trimmed();
    if (text.isEmpty())
        text = standardReason(status);
    setText(text.isEmpty() ? QString::number(status) : QStringLiteral("%1 %2").arg(status).arg(text));
    setToolTip(QStringLiteral("Status class %1xx \u00b7 click to explain %2").arg(status / 100).arg(status));
    setCursor(Qt::PointingHandCursor);
    applyColor(colorForStatus(status));
    show();
}

void StatusBadge::setFailure(const QString &text)
{
    m_status = 0;
    setText(text);
    setToolTip({});
    unsetCursor();
    applyColor(QColor(0xcf, 0x22, 0x2e));
    show();
}

void StatusBadge::clearStatus()
{
    m_status = 0;
    setText({});
    hide();
}

QColor StatusBadge::colorForStatus(int status)
{
    switch (status / 100) {
    case 1:
        return QColor(0x6e, 0x77, 0x81);
    case 2:
        return QColor(0x1a, 0x7f, 0x37);
    case 3:
        return QColor(0x09, 0x69, 0xda);
    case 4:
        return QColor(0xbc, 0x4c, 0x00);
    case 5:
        return QColor(0xcf, 0x22, 0x2e);
    default:
        return QColor(0x6e, 0x77, 0x81);
    }
}

QString StatusBadge::standardReason(int status)
{
    switch (status) {
    case 100:
        return QStringLiteral("Continue");
    case 101:
        return QStringLiteral("Switching Protocols");
    case 103:
        return QStringLiteral("Early Hints");
    case 200:
        return QStringLiteral("OK");
    case 201:
        return QStringLiteral("Created");
    case 202:
        return QStringLiteral("Accepted");
    case 204:
        return QStringLiteral("No Content");
    case 206:
        return QStringLiteral("Partial Content");
    case 301:
        return QStringLiteral("Moved Permanently");
    case 302:
        return QStringLiteral("Found");
    case 303:
        return QStringLiteral("See Other");
    case 304:
        return QStringLiteral("Not Modified");
    case 307:
        return QStringLiteral("Temporary Redirect");
    case 308:
        return QStringLiteral("Permanent Redirect");
    case 400:
        return QStringLiteral("Bad Request");
    case 401:
        return QStringLiteral("Unauthorized");
    case 403:
        return QStringLiteral("Forbidden");
    case 404:
        return QStringLiteral("Not Found");
    case 405:
        return QStringLiteral("Method Not Allowed");
    case 409:
        return QStringLiteral("Conflict");
    case 410:
        return QStringLiteral("Gone");
    case 412:
        return QStringLiteral("Precondition Failed");
    case 416:
        return QStringLiteral("Range Not Satisfiable");
    case 429:
        return QStringLiteral("Too Many Requests");
    case 500:
        return QStringLiteral("Internal Server Error");
    case 502:
        return QStringLiteral("Bad Gateway");
    case 503:
        return QStringLiteral("Service Unavailable");
    case 504:
        return QStringLiteral("Gateway Timeout");
    default:
        return {};
    }
}

void StatusBadge::mousePressEvent(QMouseEvent *event)
{
    m_pressPosition = event->position().toPoint();
    QLabel::mousePressEvent(event);
}

void StatusBadge::mouseReleaseEvent(QMouseEvent *event)
{
    QLabel::mouseReleaseEvent(event);
    // A drag selects the text (to copy the status line); only a click opens the reference.
    const bool click
        = (event->position().toPoint() - m_pressPosition).manhattanLength() < QApplication::startDragDistance();
    if (event->button() == Qt::LeftButton && click && m_status != 0)
        Q_EMIT referenceRequested(QString::number(m_status));
}

void StatusBadge::applyColor(const QColor &color)
{
    // A style sheet on this one label only: the rest of the window keeps the platform style.
    setStyleSheet(QStringLiteral("QLabel#statusBadge { background-color: %1; color: #ffffff; border-radius: 4px; "
                                 "padding: 3px 10px; }")
                      .arg(color.name()));
}

} // namespace CacheScope
