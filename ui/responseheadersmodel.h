#pragma once

#include "http/httpheaders.h"

#include <QAbstractTableModel>
#include <QIcon>
#include <QSortFilterProxyModel>

namespace CacheScope {

// The response header block as received: order and duplicates kept, read-only. Headers that decide how
// the response is cached (Cache-Control, ETag, Vary...) are marked, with a one-line explanation as tooltip.
class ResponseHeadersModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        NameColumn,
        ValueColumn,
        ColumnCount
    };
    enum Roles
    {
        CachingRole = Qt::UserRole + 1, // bool
    };

    explicit ResponseHeadersModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setHeaders(const HttpHeaders &headers);
    const HttpHeaders &headers() const { return m_headers; }

    // True for the fields that freshness, validation or cache keys depend on.
    static bool isCachingHeader(QByteArrayView name);
    // What a caching header does, for tooltips; empty for other headers.
    static QString cachingHint(QByteArrayView name);
    // Colour of the caching marker: a blue that reads on light and dark bases.
    static QColor markerColor();
    // The marker itself: a small dot in markerColor().
    static QIcon markerIcon();

private:
    HttpHeaders m_headers;
};

// Narrows the response headers to a text filter (name or value) and optionally to caching headers only.
class ResponseHeadersFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ResponseHeadersFilter(QObject *parent = nullptr);

    void setText(const QString &text);
    QString text() const { return m_text; }
    void setCachingOnly(bool cachingOnly);
    bool cachingOnly() const { return m_cachingOnly; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    bool m_cachingOnly = false;
};

} // namespace CacheScope
