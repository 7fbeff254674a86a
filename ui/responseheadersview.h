#pragma once

#include "http/httpheaders.h"

#include <QDateTime>
#include <QList>
#include <QWidget>
#include <utility>

class QCheckBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace CacheScope {

class Reference;
class ResponseHeadersFilter;
class ResponseHeadersModel;

// The response headers table with a text filter and a "caching headers only" switch. Double-clicking a row
// or its context menu ("Explain ETag", and each Cache-Control directive) asks for the reference entry.
class ResponseHeadersView : public QWidget
{
    Q_OBJECT
public:
    explicit ResponseHeadersView(QWidget *parent = nullptr);

    void setHeaders(const HttpHeaders &headers);
    // The status and the arrival time (may be null) feed the explanations in the tooltips.
    void setHeaders(const HttpHeaders &headers, int status, const QDateTime &received);
    ResponseHeadersModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }

    // Lets the context menu tell entries the reference has from names it can only search for. May be null.
    void setReference(const Reference *reference) { m_reference = reference; }
    // The reference topic of the current row: its header name; empty without a current row.
    QString currentTopic() const;
    // What the context menu offers for the header at `row` of the table: (action text, topic) pairs.
    QList<std::pair<QString, QString>> explainChoices(int row) const;

Q_SIGNALS:
    // A header name ("ETag") or a topic key ("ref:directive/Cache-Control/response/max-age").
    void referenceRequested(const QString &topic);

private:
    void showContextMenu(const QPoint &position);

    const Reference *m_reference = nullptr;
    ResponseHeadersModel *m_model;
    ResponseHeadersFilter *m_filter;
    QLineEdit *m_filterEdit;
    QCheckBox *m_cachingOnly;
    QLabel *m_legend;
    QTableView *m_table;
};

} // namespace CacheScope
