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
    return parent.isValid() ? 0 : int(m_headers.size());
}

int ResponseHeadersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ResponseHeadersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HeaderField &field = m_headers.fields().at(index.row());
    const bool caching = isCachingHeader(field.name);
    switch (role) {
    case Qt::DisplayRole:
        // Latin-1 shows every byte as one character: obs-text in values stays visible instead of turning into
        // replacement characters.
        return QString::fromLatin1(index.column() == NameColumn ? field.name : field.value);
    case Qt::ToolTipRole:
        if (index.column() == NameColumn)
            return caching ? cachingHint(field.name) : QVariant();
        return QString::fromLatin1(field.value);
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
    beginResetModel();
    m_headers = headers;
    endResetModel();
}

bool ResponseHeadersModel::isCachingHeader(QByteArrayView name)
{
    return findCachingHeader(name) != nullptr;
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
