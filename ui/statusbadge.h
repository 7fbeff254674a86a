#pragma once

#include <QByteArray>
#include <QColor>
#include <QLabel>
#include <QPoint>

class QMouseEvent;

namespace CacheScope {

// "304 Not Modified" on a pill coloured by status class. The fills are mid-tone with white text so the
// badge keeps its contrast on light and dark palettes alike. A click on a status opens its reference entry.
class StatusBadge : public QLabel
{
    Q_OBJECT
public:
    explicit StatusBadge(QWidget *parent = nullptr);

    void setStatus(int status, const QByteArray &reason);
    // For exchanges that got no response at all ("Failed", "Cancelled").
    void setFailure(const QString &text);
    void clearStatus();
    int status() const { return m_status; }

    // 1xx grey, 2xx green, 3xx blue, 4xx orange, 5xx red; grey for anything else.
    static QColor colorForStatus(int status);
    // The reason phrase to show when the server sent none (HTTP/2-style empty reasons are common).
    static QString standardReason(int status);

Q_SIGNALS:
    // The status code was clicked: `topic` is the code ("304") for the reference browser.
    void referenceRequested(const QString &topic);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    void applyColor(const QColor &color);
    int m_status = 0;
    QPoint m_pressPosition;
};

} // namespace CacheScope
