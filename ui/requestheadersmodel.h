#pragma once

#include "http/httpheaders.h"

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

namespace CacheScope {

// One line of the request headers editor. Disabled rows are kept (to toggle a header on and off while
// experimenting) but not sent.
struct HeaderRow
{
    bool enabled = true;
    QString name;
    QString value;
    friend bool operator==(const HeaderRow &, const HeaderRow &) = default;
};

// The request headers the user composes: name/value rows with a per-row enabled check box. Rows whose
// name or value could not be sent (not a token, CR/LF/NUL in the value) carry an error that the view shows
// and that blocks sending.
class RequestHeadersModel : public QAbstractTableModel
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
        ErrorRole = Qt::UserRole + 1
    };

    struct PasteResult
    {
        int added = 0;
        QStringList skipped; // one sentence per line that was not a header
    };

    explicit RequestHeadersModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool insertRows(int row, int count, const QModelIndex &parent = {}) override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

    const QList<HeaderRow> &rows() const { return m_rows; }
    void setRows(const QList<HeaderRow> &rows);
    // Returns the new row's number.
    int appendRow(const HeaderRow &row);
    // Adds one row per "Name: value" line (as copied from browser dev tools or curl -v). Folded
    // continuation lines join the previous value; HTTP/2 pseudo-headers, request/status lines and lines
    // without a colon are skipped and reported.
    PasteResult pasteLines(const QString &text);

    // The enabled rows that have a name, in order, as they will be sent.
    HttpHeaders headers() const;
    // Why this row cannot be sent, or empty. Blank rows (no name, no value) are fine: they are ignored.
    QString rowError(int row) const;
    // "Row 2: ..." for the first enabled row with an error, or empty.
    QString firstError() const;

private:
    static HeaderRow cleaned(HeaderRow row);
    // What a caching request header (Cache-Control, If-None-Match...) will do, as a rich-text tooltip.
    QVariant cachingToolTip(int row) const;
    void emitRowChanged(int row);
    QList<HeaderRow> m_rows;
};

} // namespace CacheScope
