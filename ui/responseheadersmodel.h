#pragma once

#include "diagnostics/headerexplanation.h"
#include "http/httpheaders.h"

#include <QAbstractTableModel>
#include <QIcon>
#include <QSortFilterProxyModel>

namespace CacheScope {

// The response header block as received: order and duplicates kept, read-only. Headers that decide how
// the response is cached (Cache-Control, ETag, Vary...) are marked and tinted, and their tooltip explains
// this value (explainHeaderValue: "max-age=600: fresh for 10 min after it was generated"), read against the
// rest of the block, the status and the time the response arrived.
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
        ExplanationRole, // QStringList: what this value means, one sentence a line; empty for other headers
    };

    explicit ResponseHeadersModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setHeaders(const HttpHeaders &headers);
    // With what the explanations need besides the block: the status (heuristic freshness) and the arrival time
    // (Date skew, Expires without Date). `received` may be null.
    void setResponse(const HttpHeaders &headers, int status, const QDateTime &received);
    const HttpHeaders &headers() const { return m_context.message; }

    // True for the fields that freshness, validation or cache keys depend on.
    static bool isCachingHeader(QByteArrayView name);
    // What a caching header does, for tooltips; empty for other headers.
    static QString cachingHint(QByteArrayView name);
    // The explanation of row `row` as a rich-text tooltip: name, what the header is for, the lines for this value.
    QString explanationToolTip(int row) const;
    // The same tooltip for any header field and explanation lines (the request composer uses it too).
    static QString explanationHtml(QByteArrayView name, const QStringList &lines);
    // Colour of the caching marker: a blue that reads on light and dark bases.
    static QColor markerColor();
    // Background of caching rows: the marker colour, translucent, so it tints light and dark bases alike.
    static QColor highlightColor();
    // The marker itself: a small dot in markerColor().
    static QIcon markerIcon();

private:
    QStringList explanation(int row) const;

    HeaderExplanationContext m_context; // its `message` is the header block shown
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
