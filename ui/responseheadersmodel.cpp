#include "responseheadersmodel.h"

#include <QColor>
#include <QFont>
#include <QPainter>
#include <QPixmap>

namespace CacheScope {

namespace {

struct CachingHeader
{
    const char *name;
    const char *hint;
};

const CachingHeader kCachingHeaders[] = {
    { "cache-control", "Caching directives: max-age, no-cache, no-store, private, must-revalidate..." },
    { "expires", "Absolute expiry date; ignored when Cache-Control has max-age" },
    { "etag", "Validator: sent back in If-None-Match to revalidate" },
    { "last-modified", "Validator: sent back in If-Modified-Since to revalidate" },
    { "age", "Seconds the response has already spent in a cache" },
    { "vary", "Request headers that are part of the cache key" },
    { "date", "When the origin generated the response; the base for age and freshness" },
    { "pragma", "HTTP/1.0 no-cache; superseded by Cache-Control" },
    { "warning", "Obsolete cache warning (RFC 9111 removed it)" },
    { "cdn-cache-control", "Cache-Control for CDNs only (RFC 9213)" },
    { "surrogate-control", "Cache-Control for surrogates (reverse proxies, CDNs)" },
    { "cache-status", "How caches on the path handled the request (RFC 9211)" },
    { "x-cache", "Hit or miss, as reported by a proxy or CDN" },
    { "cf-cache-status", "Cloudflare's cache result" },
    { "content-location", "The URI of the representation sent; unsafe requests invalidate what is stored for it" },
    { "if-none-match", "Conditional request: 304 if the ETag still matches" },
    { "if-modified-since", "Conditional request: 304 if unchanged since that date" },
};

const CachingHeader *findCachingHeader(QByteArrayView name)
{
    for (const CachingHeader &header : kCachingHeaders) {
        if (sameHeaderName(name, header.name))
            return &header;
    }
    return nullptr;
}

} // namespace

ResponseHeadersModel::ResponseHeadersModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int ResponseHeadersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_context.message.size());
}

int ResponseHeadersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ResponseHeadersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HeaderField &field = m_context.message.fields().at(index.row());
    const bool caching = isCachingHeader(field.name);
    switch (role) {
    case Qt::DisplayRole:
        // Latin-1 shows every byte as one character: obs-text in values stays visible instead of turning into
        // replacement characters.
        return QString::fromLatin1(index.column() == NameColumn ? field.name : field.value);
    case Qt::ToolTipRole:
        if (caching)
            return explanationToolTip(index.row());
        if (index.column() == NameColumn)
            return {};
        return QString::fromLatin1(field.value);
    case Qt::BackgroundRole:
        return caching ? QVariant(highlightColor()) : QVariant();
    case ExplanationRole:
        return explanation(index.row());
    case Qt::DecorationRole:
        if (index.column() == NameColumn && caching)
            return markerIcon();
        return {};
    case Qt::FontRole:
        if (index.column() == NameColumn && caching) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case CachingRole:
        return caching;
    default:
        return {};
    }
}

QVariant ResponseHeadersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return QStringLiteral("Name");
    case ValueColumn:
        return QStringLiteral("Value");
    default:
        return {};
    }
}

void ResponseHeadersModel::setHeaders(const HttpHeaders &headers)
{
    setResponse(headers, 0, {});
}

void ResponseHeadersModel::setResponse(const HttpHeaders &headers, int status, const QDateTime &received)
{
    beginResetModel();
    m_context.side = HeaderExplanationContext::Side::Response;
    m_context.message = headers;
    m_context.status = status;
    m_context.received = received;
    endResetModel();
}

QStringList ResponseHeadersModel::explanation(int row) const
{
    if (row < 0 || row >= m_context.message.size())
        return {};
    // Computed when asked for (a tooltip), not for every row up front: most rows are never hovered.
    const HeaderField &field = m_context.message.fields().at(row);
    return explainHeaderValue(field.name, field.value, m_context);
}

QString ResponseHeadersModel::explanationToolTip(int row) const
{
    if (row < 0 || row >= m_context.message.size())
        return {};
    return explanationHtml(m_context.message.fields().at(row).name, explanation(row));
}

QString ResponseHeadersModel::explanationHtml(QByteArrayView name, const QStringList &lines)
{
    const QString hint = cachingHint(name);
    QString html = QStringLiteral("<p><b>%1</b>").arg(QString::fromLatin1(name.data(), name.size()).toHtmlEscaped());
    if (!hint.isEmpty())
        html += QStringLiteral(" \u2014 %1").arg(hint.toHtmlEscaped());
    html += QStringLiteral("</p>");
    if (!lines.isEmpty()) {
        html += QStringLiteral("<ul style=\"margin-left:12px; -qt-list-indent:0\">");
        for (const QString &line : lines)
            html += QStringLiteral("<li>%1</li>").arg(line.toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    html += QStringLiteral("<p><i>Double-click or F1 opens the reference</i></p>");
    return html;
}

bool ResponseHeadersModel::isCachingHeader(QByteArrayView name)
{
    // One list for the whole program: the core decides which fields the explanations cover.
    return isCachingField(name) && findCachingHeader(name) != nullptr;
}

QString ResponseHeadersModel::cachingHint(QByteArrayView name)
{
    const CachingHeader *header = findCachingHeader(name);
    return header ? QLatin1String(header->hint) : QString();
}

QColor ResponseHeadersModel::markerColor()
{
    return QColor(0x38, 0x8b, 0xfd);
}

QColor ResponseHeadersModel::highlightColor()
{
    QColor tint = markerColor();
    tint.setAlpha(40);
    return tint;
}

QIcon ResponseHeadersModel::markerIcon()
{
    // Drawn at two scales so it stays crisp on high-DPI screens.
    QIcon icon;
    for (int size : { 16, 32 }) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(markerColor());
        const qreal diameter = size * 0.5;
        painter.drawEllipse(QRectF((size - diameter) / 2, (size - diameter) / 2, diameter, diameter));
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

ResponseHeadersFilter::ResponseHeadersFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{ }

void ResponseHeadersFilter::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateFilter();
}

void ResponseHeadersFilter::setCachingOnly(bool cachingOnly)
{
    if (cachingOnly == m_cachingOnly)
        return;
    m_cachingOnly = cachingOnly;
    invalidateFilter();
}

bool ResponseHeadersFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *source = sourceModel();
    const QModelIndex name = source->index(sourceRow, ResponseHeadersModel::NameColumn, sourceParent);
    if (m_cachingOnly && !name.data(ResponseHeadersModel::CachingRole).toBool())
        return false;
    if (m_text.isEmpty())
        return true;
    const QModelIndex value = source->index(sourceRow, ResponseHeadersModel::ValueColumn, sourceParent);
    return name.data().toString().contains(m_text, Qt::CaseInsensitive)
        || value.data().toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace CacheScope
