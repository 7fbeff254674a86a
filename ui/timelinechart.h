#pragma once

#include "client/timeline.h"

#include <array>
#include <QList>
#include <QPolygonF>
#include <QRect>
#include <QWidget>
#include <vector>

namespace CacheScope {

// The exchanges of one URL over time, painted by hand: a bar per exchange whose height is its bytes on the
// wire, colored by outcome (200, 304, other status, no response), with the bytes a 304 avoided drawn as a
// pale outlined extension up to the full response's size. A line shows the cumulative bytes saved against
// its own axis on the right. Hovering shows the exchange; a click emits eventActivated().
//
// Built for long watches: the data is reduced to plain numbers once per setEvents(), bars are laid out once
// per resize, and when bars would be narrower than a few pixels the exchanges are aggregated per pixel
// column, so painting costs the same for 50 or 50,000 events.
class TimelineChart : public QWidget
{
    Q_OBJECT
public:
    // The outcome classes the chart colors (also the legend's order).
    enum class Kind : quint8
    {
        Ok, // 200
        NotModified, // 304
        Other, // any other status
        Error // no response
    };

    explicit TimelineChart(QWidget *parent = nullptr);

    // Events in any order (they are drawn by time).
    void setEvents(const QList<TimelineEvent> &events);
    const QList<TimelineEvent> &events() const { return m_events; }

    // The index (into events()) of the exchange drawn nearest to `pos`, -1 when none is within reach.
    int eventAt(const QPoint &pos);
    // Where the exchange at `index` is drawn (its bar's horizontal centre, in the middle of the plot).
    QPoint positionOf(int index);
    // Marks one exchange (e.g. the table's current row) with a vertical rule; -1 for none.
    void setHighlightedEvent(int index);
    int highlightedEvent() const { return m_highlighted; }

    // After layout: bars drawn and whether they are per-column aggregates.
    bool isAggregated();
    int barCount();

    // Renders the chart at its current size (at least 640×240) to a PNG file.
    bool exportPng(const QString &path, QString *error = nullptr);

    static Kind kindOf(const TimelineEvent &event);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void eventActivated(const CacheScope::TimelineEvent &event);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Point
    {
        qint64 timeMs;
        qint64 wire;
        qint64 full; // wire + saved: what a full response would have cost
        qint64 cumulativeSaved;
        int eventIndex;
        Kind kind;
    };
    struct Bar
    {
        float left;
        float right;
        qint64 wire;
        qint64 full;
        qint64 cumulativeSaved; // after the bar's last exchange
        Kind kind;
    };

    void ensureLayout();
    void layoutBars();
    void paintAxes(QPainter &painter);
    void paintLegend(QPainter &painter);
    int legendRows(double width) const;
    static QStringList legendLabels();
    void paintBars(QPainter &painter);
    void paintSavedLine(QPainter &painter);
    double xForTime(qint64 timeMs) const;
    double yForBytes(qint64 bytes) const;
    double yForSaved(qint64 bytes) const;
    QColor color(Kind kind) const;
    QColor savedColor() const;

    QList<TimelineEvent> m_events;
    std::vector<Point> m_points; // by time
    std::vector<int> m_pointOfEvent; // event index -> point index
    std::vector<float> m_pointX; // the x of each point, for hit tests
    std::vector<Bar> m_bars;
    QPolygonF m_savedLine;
    std::array<std::vector<QRect>, 4> m_solidRects; // paint buffers per Kind, reused
    std::array<std::vector<QRect>, 4> m_avoidedRects;
    qint64 m_minTime = 0;
    qint64 m_maxTime = 0;
    qint64 m_axisBytes = 1; // top of the left axis
    qint64 m_axisSaved = 1; // top of the right axis
    QRectF m_plot;
    double m_padding = 0; // keeps the first and last bars inside the plot
    bool m_aggregated = false;
    bool m_layoutDirty = true;
    int m_hovered = -1;
    int m_highlighted = -1;
};

} // namespace CacheScope
