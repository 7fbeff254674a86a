#include "responseheadersview.h"

#include "responseheadersmodel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace CacheScope {

ResponseHeadersView::ResponseHeadersView(QWidget *parent)
    : QWidget(parent)
    , m_model(new ResponseHeadersModel(this))
    , m_filter(new ResponseHeadersFilter(this))
    , m_filterEdit(new QLineEdit(this))
    , m_cachingOnly(new QCheckBox(QStringLiteral("Caching headers only"), this))
    , m_legend(new QLabel(this))
    , m_table(new QTableView(this))
{
    m_filter->setSourceModel(m_model);
    m_filterEdit->setObjectName(QStringLiteral("responseHeadersFilter"));
    m_filterEdit->setPlaceholderText(QStringLiteral("Filter headers"));
    m_filterEdit->setClearButtonEnabled(true);
    m_cachingOnly->setObjectName(QStringLiteral("responseHeadersCachingOnly"));
    m_legend->setText(QStringLiteral("<span style=\"color:%1\">\u25cf</span> caching header")
                          .arg(ResponseHeadersModel::markerColor().name()));
    m_legend->setToolTip(QStringLiteral("Headers that decide freshness, validation or the cache key"));

    m_table->setObjectName(QStringLiteral("responseHeaders"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_filterEdit, 1);
    bar->addWidget(m_cachingOnly);
    bar->addWidget(m_legend);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);

    connect(m_filterEdit, &QLineEdit::textChanged, m_filter, &ResponseHeadersFilter::setText);
    connect(m_cachingOnly, &QCheckBox::toggled, m_filter, &ResponseHeadersFilter::setCachingOnly);
}

void ResponseHeadersView::setHeaders(const HttpHeaders &headers)
{
    m_model->setHeaders(headers);
    m_table->resizeColumnToContents(ResponseHeadersModel::NameColumn);
    // Long names (a 60-character X- header) must not squeeze the values out of sight.
    m_table->setColumnWidth(
        ResponseHeadersModel::NameColumn, qMin(m_table->columnWidth(ResponseHeadersModel::NameColumn) + 16, 280));
}

} // namespace CacheScope
