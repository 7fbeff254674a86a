#pragma once

#include "http/httpheaders.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace CacheScope {

class ResponseHeadersFilter;
class ResponseHeadersModel;

// The response headers table with a text filter and a "caching headers only" switch.
class ResponseHeadersView : public QWidget
{
    Q_OBJECT
public:
    explicit ResponseHeadersView(QWidget *parent = nullptr);

    void setHeaders(const HttpHeaders &headers);
    ResponseHeadersModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }

private:
    ResponseHeadersModel *m_model;
    ResponseHeadersFilter *m_filter;
    QLineEdit *m_filterEdit;
    QCheckBox *m_cachingOnly;
    QLabel *m_legend;
    QTableView *m_table;
};

} // namespace CacheScope
