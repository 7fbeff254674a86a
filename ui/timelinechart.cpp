#include "timelinechart.h"

#include "formatting.h"
#include "theme.h"
#include "timelinemodel.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <numeric>
#include <QEvent>
#include <QFontMetrics>
#include <QHelpEvent>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace CacheScope {

namespace {

constexpr int kTicks = 4; // horizontal grid lines above the baseline
constexpr double kMinBarSlot = 4.0; // narrower slots than this are aggregated per pixel column
constexpr double kMaxBarWidth = 28.0;
constexpr double kColumnWidth = 2.0; // width of one aggregated column
constexpr int kHitReach = 6; // pixels around a bar that still hit it

// A round step (1, 2 or 5 times a power of ten of the binary unit) so that `ticks` steps cover `max`.
qint64 niceBytesStep(qint64 max, int ticks)
{
    max = std::max<qint64>(max, 1);
    qint64 unit = 1;
    while (max / unit >= 1024 * ticks && unit < (qint64(1) << 60))
        unit *= 1024;
    const double raw = double(max) / double(unit) / ticks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(std::max(raw, 1e-9))));
    double step = magnitude;
    for (double m : { 1.0, 2.0, 5.0, 10.0 }) {
        if (m * magnitude >= raw) {
            step = m * magnitude;
            break;
        }
    }
    return std::max<qint64>(1, qint64(std::ceil(step * double(unit))));
}

QString axisBytes(qint64 bytes)
{
    // Round tick values read best without a decimal ("512 KiB", "2 MiB").
    static const std::array<const char *, 5> units = { "B", "KiB", "MiB", "GiB", "TiB" };
    std::size_t unit = 0;
    double value = double(bytes);
    while (value >= 1024.0 && unit + 1 < units.size()) {
        value /= 1024.0;
        ++unit;
    }
    const bool whole = std::abs(value - std::round(value)) < 0.05;
    return QStringLiteral("%1 %2").arg(value, 0, 'f', whole ? 0 : 1).arg(QLatin1String(units[unit]));
}

struct TimeStep
{
    qint64 ms;
    const char *format;
};

// A calendar-friendly tick step giving at most `maxTicks` labels over `spanMs`.
TimeStep niceTimeStep(qint64 spanMs, int maxTicks)
{
    static const std::array<TimeStep, 22> steps = { {
        { 10, "HH:mm:ss.zzz" },
        { 50, "HH:mm:ss.zzz" },
        { 100, "HH:mm:ss.zzz" },
        { 500, "HH:mm:ss.zzz" },
        { 1000, "HH:mm:ss" },
        { 2000, "HH:mm:ss" },
        { 5000, "HH:mm:ss" },
        { 10000, "HH:mm:ss" },
        { 15000, "HH:mm:ss" },
        { 30000, "HH:mm:ss" },
        { 60000, "HH:mm" },
        { 120000, "HH:mm" },
        { 300000, "HH:mm" },
        { 600000, "HH:mm" },
        { 900000, "HH:mm" },
        { 1800000, "HH:mm" },
        { 3600000, "HH:mm" },
        { 3 * 3600000, "HH:mm" },
        { 6 * 3600000, "d MMM HH:mm" },
        { 12 * 3600000, "d MMM HH:mm" },
        { 24 * 3600000, "d MMM" },
        { 7 * 24 * 3600000LL, "d MMM" },
    } };
    for (const TimeStep &step : steps) {
        if (spanMs / step.ms <= maxTicks)
            return step;
    }
    return { (spanMs / std::max(maxTicks, 1) / (24 * 3600000LL) + 1) * 24 * 3600000LL, "d MMM yyyy" };
}

// `amount` of `color` over `background`, as an opaque color: filling with it is a plain span fill, where
// a translucent brush makes the raster engine blend every pixel (the bulk of a 10,000-event paint).
QColor blend(const QColor &color, const QColor &background, double amount)
{
    const auto mix = [amount](int a, int b) { return int(std::lround(a * amount + b * (1.0 - amount))); };
    return QColor(mix(color.red(), background.red()), mix(color.green(), background.green()),
        mix(color.blue(), background.blue()));
}

} // namespace

TimelineChart::TimelineChart(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

QSize TimelineChart::sizeHint() const
{
    return { 720, 260 };
}

QSize TimelineChart::minimumSizeHint() const
{
    return { 320, 160 };
}

TimelineChart::Kind TimelineChart::kindOf(const TimelineEvent &event)
{
    if (event.isError())
        return Kind::Error;
    if (event.status == 200)
        return Kind::Ok;
    if (event.status == 304)
        return Kind::NotModified;
    return Kind::Other;
}

void TimelineChart::setEvents(const QList<TimelineEvent> &events)
{
    m_events = events;
    m_hovered = -1;
    m_highlighted = -1;
    const std::size_t count = std::size_t(events.size());
    m_points.clear();
    m_points.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const TimelineEvent &event = events.at(qsizetype(i));
        const qint64 wire = event.isError() ? 0 : event.wireBytes();
        const qint64 saved = std::max<qint64>(0, event.bytesSaved);
        const qint64 time = event.time.isValid() ? event.time.toMSecsSinceEpoch() : 0;
        m_points.push_back({ time, wire, wire + saved, saved, int(i), kindOf(event) });
    }
    std::stable_sort(
        m_points.begin(), m_points.end(), [](const Point &a, const Point &b) { return a.timeMs < b.timeMs; });
    m_pointOfEvent.assign(count, 0);
    qint64 cumulative = 0;
    for (std::size_t i = 0; i < count; ++i) {
        cumulative += m_points[i].cumulativeSaved;
        m_points[i].cumulativeSaved = cumulative;
        m_pointOfEvent[std::size_t(m_points[i].eventIndex)] = int(i);
    }
    m_minTime = count ? m_points.front().timeMs : 0;
    m_maxTime = count ? m_points.back().timeMs : 0;
    qint64 maxFull = 0;
    for (const Point &point : m_points)
        maxFull = std::max(maxFull, point.full);
    const qint64 byteStep = niceBytesStep(maxFull, kTicks);
    m_axisBytes = std::max<qint64>(1, (maxFull + byteStep - 1) / byteStep * byteStep);
    const qint64 savedStep = niceBytesStep(cumulative, kTicks);
    m_axisSaved = std::max<qint64>(1, (cumulative + savedStep - 1) / savedStep * savedStep);
    m_layoutDirty = true;
    update();
}

void TimelineChart::resizeEvent(QResizeEvent *event)
{
    m_layoutDirty = true;
    QWidget::resizeEvent(event);
}

void TimelineChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        m_layoutDirty = true;
    QWidget::changeEvent(event);
}

void TimelineChart::ensureLayout()
{
    if (m_layoutDirty)
        layoutBars();
}

bool TimelineChart::isAggregated()
{
    ensureLayout();
    return m_aggregated;
}

int TimelineChart::barCount()
{
    ensureLayout();
    return int(m_bars.size());
}

double TimelineChart::xForTime(qint64 timeMs) const
{
    const double inner = std::max(1.0, m_plot.width() - 2 * m_padding);
    if (m_maxTime == m_minTime)
        return m_plot.left() + m_plot.width() / 2;
    return m_plot.left() + m_padding + double(timeMs - m_minTime) / double(m_maxTime - m_minTime) * inner;
}

double TimelineChart::yForBytes(qint64 bytes) const
{
    return m_plot.bottom() - double(bytes) / double(m_axisBytes) * m_plot.height();
}

double TimelineChart::yForSaved(qint64 bytes) const
{
    return m_plot.bottom() - double(bytes) / double(m_axisSaved) * m_plot.height();
}

void TimelineChart::layoutBars()
{
    m_layoutDirty = false;
    m_bars.clear();
    m_savedLine.clear();
    const QFontMetrics metrics(font());
    const double left = metrics.horizontalAdvance(axisBytes(m_axisBytes)) + 12;
    const double right = metrics.horizontalAdvance(axisBytes(m_axisSaved)) + 12;
    const double top = legendRows(width() - left - 4) * (metrics.height() + 2) + 12; // the legend
    const double bottom = metrics.height() + 10; // the time labels
    m_plot = QRectF(left, top, std::max(10.0, width() - left - right), std::max(10.0, height() - top - bottom));
    const std::size_t count = m_points.size();
    m_pointX.resize(count);
    if (count == 0)
        return;

    const double slot = m_plot.width() / double(count);
    m_aggregated = slot < kMinBarSlot;
    const double barWidth = m_aggregated ? kColumnWidth : std::clamp(slot * 0.6, 2.0, kMaxBarWidth);
    m_padding = barWidth / 2 + 2;
    for (std::size_t i = 0; i < count; ++i)
        m_pointX[i] = float(xForTime(m_points[i].timeMs));

    m_bars.reserve(m_aggregated ? std::size_t(m_plot.width() / kColumnWidth) + 2 : count);
    m_savedLine.reserve(qsizetype(2 * (m_aggregated ? m_bars.capacity() : count) + 2));
    m_savedLine << QPointF(m_plot.left(), yForSaved(0));
    qint64 previousSaved = 0;
    auto addBar = [&](double x, qint64 wire, qint64 full, qint64 saved, Kind kind) {
        m_bars.push_back({ float(x - barWidth / 2), float(x + barWidth / 2), wire, full, saved, kind });
        if (saved != previousSaved) {
            // Steps show each saving; in aggregated columns a step would be under a pixel wide.
            if (!m_aggregated)
                m_savedLine << QPointF(x, yForSaved(previousSaved));
            m_savedLine << QPointF(x, yForSaved(saved));
            previousSaved = saved;
        }
    };
    if (!m_aggregated) {
        for (std::size_t i = 0; i < count; ++i) {
            const Point &p = m_points[i];
            addBar(m_pointX[i], p.wire, p.full, p.cumulativeSaved, p.kind);
        }
    } else {
        // Points are in time order, so each pixel column is one run: keep its tallest bars and its most
        // frequent outcome (errors win ties, as they are what one looks for).
        std::size_t i = 0;
        while (i < count) {
            const long column = long((m_pointX[i] - m_plot.left()) / kColumnWidth);
            std::array<int, 4> kinds = { 0, 0, 0, 0 };
            qint64 wire = 0;
            qint64 full = 0;
            std::size_t j = i;
            for (; j < count && long((m_pointX[j] - m_plot.left()) / kColumnWidth) == column; ++j) {
                wire = std::max(wire, m_points[j].wire);
                full = std::max(full, m_points[j].full);
                ++kinds[std::size_t(m_points[j].kind)];
            }
            std::size_t dominant = 3;
            for (std::size_t k = 4; k-- > 0;) {
                if (kinds[k] > kinds[dominant])
                    dominant = k;
            }
            addBar(m_plot.left() + (double(column) + 0.5) * kColumnWidth, wire, full, m_points[j - 1].cumulativeSaved,
                Kind(dominant));
            i = j;
        }
    }
    m_savedLine << QPointF(m_plot.right(), yForSaved(previousSaved));
}

QColor TimelineChart::color(Kind kind) const
{
    // GitHub's Primer hues: distinct for the common kinds of colour blindness (blue vs orange), and
    // readable on both palettes' backgrounds.
    const bool dark = isDark(palette());
    switch (kind) {
    case Kind::Ok:
        return dark ? QColor(0x3f, 0xb9, 0x50) : QColor(0x1a, 0x7f, 0x37);
    case Kind::NotModified:
        return dark ? QColor(0x58, 0xa6, 0xff) : QColor(0x09, 0x69, 0xda);
    case Kind::Other:
        return dark ? QColor(0xd2, 0x99, 0x22) : QColor(0xbf, 0x87, 0x00);
    case Kind::Error:
        break;
    }
    return dark ? QColor(0xf8, 0x51, 0x49) : QColor(0xcf, 0x22, 0x2e);
}

QColor TimelineChart::savedColor() const
{
    return isDark(palette()) ? QColor(0xd2, 0xa8, 0xff) : QColor(0x82, 0x50, 0xdf);
}

void TimelineChart::paintEvent(QPaintEvent *)
{
    ensureLayout();
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    if (m_points.empty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, QStringLiteral("No exchanges recorded for this URL yet"));
        return;
    }
    paintAxes(painter);
    paintBars(painter);
    paintSavedLine(painter);
    QColor marker = palette().color(QPalette::Text);
    for (int index : { m_highlighted, m_hovered }) {
        if (index < 0 || index >= int(m_pointX.size()))
            continue;
        marker.setAlpha(index == m_hovered ? 90 : 160);
        painter.setPen(QPen(marker, 1, index == m_hovered ? Qt::DashLine : Qt::SolidLine));
        const double x = std::round(m_pointX[std::size_t(m_pointOfEvent[std::size_t(index)])]) + 0.5;
        painter.drawLine(QPointF(x, m_plot.top()), QPointF(x, m_plot.bottom()));
    }
    paintLegend(painter);
}

void TimelineChart::paintAxes(QPainter &painter)
{
    const QFontMetrics metrics(font());
    QColor grid = palette().color(QPalette::Text);
    grid.setAlpha(35);
    const QColor text = palette().color(QPalette::PlaceholderText);
    const qint64 byteStep = niceBytesStep(m_axisBytes, kTicks);
    for (qint64 value = 0; value <= m_axisBytes; value += byteStep) {
        const double y = std::round(yForBytes(value)) + 0.5;
        painter.setPen(grid);
        painter.drawLine(QPointF(m_plot.left(), y), QPointF(m_plot.right(), y));
        painter.setPen(text);
        painter.drawText(QRectF(0, y - metrics.height() / 2.0, m_plot.left() - 6, metrics.height()),
            Qt::AlignRight | Qt::AlignVCenter, axisBytes(value));
    }
    painter.setPen(savedColor());
    const qint64 savedStep = niceBytesStep(m_axisSaved, kTicks);
    for (qint64 value = 0; value <= m_axisSaved; value += savedStep) {
        const double y = yForSaved(value);
        painter.drawText(
            QRectF(m_plot.right() + 6, y - metrics.height() / 2.0, width() - m_plot.right() - 6, metrics.height()),
            Qt::AlignLeft | Qt::AlignVCenter, axisBytes(value));
    }

    painter.setPen(text);
    const double labelTop = m_plot.bottom() + 4;
    if (m_maxTime == m_minTime) {
        const QString label = QDateTime::fromMSecsSinceEpoch(m_minTime).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        painter.drawText(QRectF(m_plot.left(), labelTop, m_plot.width(), metrics.height()), Qt::AlignHCenter, label);
        return;
    }
    const int labelWidth = metrics.horizontalAdvance(QStringLiteral("30 Dec 23:59")) + 24;
    const TimeStep step = niceTimeStep(m_maxTime - m_minTime, std::max(1, int(m_plot.width()) / labelWidth));
    const qint64 offset = qint64(QDateTime::fromMSecsSinceEpoch(m_minTime).offsetFromUtc()) * 1000;
    qint64 tick = ((m_minTime + offset + step.ms - 1) / step.ms) * step.ms - offset;
    for (; tick <= m_maxTime; tick += step.ms) {
        const double x = std::round(xForTime(tick)) + 0.5;
        painter.setPen(grid);
        painter.drawLine(QPointF(x, m_plot.bottom()), QPointF(x, m_plot.bottom() + 3));
        painter.setPen(text);
        const QString label = QDateTime::fromMSecsSinceEpoch(tick).toString(QLatin1String(step.format));
        const double half = metrics.horizontalAdvance(label) / 2.0 + 1;
        const double centre = std::clamp(x, half, width() - half);
        painter.drawText(QRectF(centre - half, labelTop, 2 * half, metrics.height()), Qt::AlignCenter, label);
    }
}

void TimelineChart::paintBars(QPainter &painter)
{
    // Whole-pixel rectangles, gathered per color and drawn in one call each: the raster engine then fills
    // spans directly instead of rasterizing hundreds of separate shapes. The buffers keep their capacity.
    const int bottom = int(std::lround(m_plot.bottom()));
    for (auto &rects : m_solidRects)
        rects.clear();
    for (auto &rects : m_avoidedRects)
        rects.clear();
    bool outlined = false;
    for (const Bar &bar : m_bars) {
        const int left = int(std::lround(bar.left));
        const int width = std::max(1, int(std::lround(bar.right)) - left);
        const std::size_t kind = std::size_t(bar.kind);
        // At least 2 px, so a 200-byte 304 next to a 4 MiB 200 still shows.
        const int wireTop = std::min(int(std::lround(yForBytes(bar.wire))), bottom - 2);
        if (bar.full > bar.wire) {
            const int fullTop = int(std::lround(yForBytes(bar.full)));
            m_avoidedRects[kind].push_back(QRect(left, fullTop, width, wireTop - fullTop));
            outlined = outlined || width >= 3;
        }
        m_solidRects[kind].push_back(QRect(left, wireTop, width, bottom - wireTop));
    }
    painter.setRenderHint(QPainter::Antialiasing, false);
    for (std::size_t kind = 0; kind < 4; ++kind) {
        const QColor solid = color(Kind(kind));
        const QColor pale = blend(solid, palette().color(QPalette::Base), outlined ? 0.18 : 0.35);
        const auto &avoided = m_avoidedRects[kind];
        if (!avoided.empty()) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(pale);
            painter.drawRects(avoided.data(), int(avoided.size()));
            if (outlined) {
                painter.setPen(QPen(solid, 1, Qt::DotLine));
                painter.setBrush(Qt::NoBrush);
                for (const QRect &rect : avoided)
                    painter.drawRect(rect.adjusted(0, 0, -1, 0));
            }
        }
        painter.setPen(Qt::NoPen);
        painter.setBrush(solid);
        painter.drawRects(m_solidRects[kind].data(), int(m_solidRects[kind].size()));
    }
}

void TimelineChart::paintSavedLine(QPainter &painter)
{
    if (m_points.back().cumulativeSaved <= 0)
        return;
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(savedColor(), 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.setBrush(Qt::NoBrush);
    painter.drawPolyline(m_savedLine);
    painter.setRenderHint(QPainter::Antialiasing, false);
}

int TimelineChart::legendRows(double width) const
{
    const QFontMetrics metrics(font());
    int rows = 1;
    double x = 0;
    for (const QString &label : legendLabels()) {
        const double item = metrics.height() - 6 + 5 + metrics.horizontalAdvance(label) + 14;
        if (x > 0 && x + item > width) {
            ++rows;
            x = 0;
        }
        x += item;
    }
    return rows;
}

QStringList TimelineChart::legendLabels()
{
    return { QStringLiteral("200"), QStringLiteral("304"), QStringLiteral("other status"),
        QStringLiteral("no response"), QStringLiteral("avoided by 304"),
        QStringLiteral("saved, cumulative (right axis)") };
}

void TimelineChart::paintLegend(QPainter &painter)
{
    const QFontMetrics metrics(font());
    const int box = metrics.height() - 6;
    const QStringList labels = legendLabels();
    double x = m_plot.left();
    double y = 5;
    for (int i = 0; i < labels.size(); ++i) {
        const double item = box + 5 + metrics.horizontalAdvance(labels.at(i)) + 14;
        if (x > m_plot.left() && x + item > width() - 4) {
            x = m_plot.left();
            y += metrics.height() + 2;
        }
        const QRectF swatch(x, y + 3, box, box);
        if (i < 4) {
            painter.fillRect(swatch, color(Kind(i)));
        } else if (i == 4) {
            painter.fillRect(swatch, blend(color(Kind::NotModified), palette().color(QPalette::Base), 0.18));
            painter.setPen(QPen(color(Kind::NotModified), 1, Qt::DotLine));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(swatch.adjusted(0.5, 0.5, -0.5, -0.5));
        } else {
            painter.setPen(QPen(savedColor(), 2));
            painter.drawLine(QPointF(swatch.left(), swatch.center().y()), QPointF(swatch.right(), swatch.center().y()));
        }
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QPointF(x + box + 5, y + metrics.ascent()), labels.at(i));
        x += item;
    }
}

int TimelineChart::eventAt(const QPoint &pos)
{
    ensureLayout();
    if (m_points.empty() || pos.y() < m_plot.top() - kHitReach || pos.y() > m_plot.bottom() + kHitReach)
        return -1;
    const auto it = std::lower_bound(m_pointX.begin(), m_pointX.end(), float(pos.x()));
    std::size_t best = std::size_t(it - m_pointX.begin());
    if (best == m_pointX.size() || (best > 0 && pos.x() - m_pointX[best - 1] < m_pointX[best] - pos.x()))
        best = best > 0 ? best - 1 : 0;
    const double reach
        = m_bars.empty() ? kHitReach : std::max<double>(kHitReach, (m_bars[0].right - m_bars[0].left) / 2);
    if (std::abs(m_pointX[best] - pos.x()) > reach)
        return -1;
    return m_points[best].eventIndex;
}

QPoint TimelineChart::positionOf(int index)
{
    ensureLayout();
    if (index < 0 || index >= int(m_pointOfEvent.size()))
        return {};
    return QPoint(
        int(std::lround(m_pointX[std::size_t(m_pointOfEvent[std::size_t(index)])])), int(m_plot.center().y()));
}

void TimelineChart::setHighlightedEvent(int index)
{
    if (index >= int(m_events.size()))
        index = -1;
    if (index == m_highlighted)
        return;
    m_highlighted = index;
    update();
}

bool TimelineChart::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int index = eventAt(help->pos());
        if (index >= 0)
            QToolTip::showText(help->globalPos(), TimelineModel::describe(m_events.at(index)), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

void TimelineChart::mouseMoveEvent(QMouseEvent *event)
{
    const int index = eventAt(event->position().toPoint());
    if (index != m_hovered) {
        m_hovered = index;
        setCursor(index >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
        update();
    }
    QWidget::mouseMoveEvent(event);
}

void TimelineChart::mousePressEvent(QMouseEvent *event)
{
    const int index = event->button() == Qt::LeftButton ? eventAt(event->position().toPoint()) : -1;
    if (index < 0) {
        QWidget::mousePressEvent(event);
        return;
    }
    setHighlightedEvent(index);
    Q_EMIT eventActivated(m_events.at(index));
}

void TimelineChart::leaveEvent(QEvent *event)
{
    if (m_hovered >= 0) {
        m_hovered = -1;
        update();
    }
    QWidget::leaveEvent(event);
}

bool TimelineChart::exportPng(const QString &path, QString *error)
{
    const QSize size = this->size().expandedTo(QSize(640, 240));
    QImage image(size * 2, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2); // crisp in documents and on high-density screens
    const QSize previous = this->size();
    if (previous != size)
        resize(size);
    render(&image);
    if (previous != size)
        resize(previous);
    if (!image.save(path, "PNG")) {
        if (error)
            *error = QStringLiteral("Cannot write the PNG file %1").arg(path);
        return false;
    }
    return true;
}

} // namespace CacheScope
