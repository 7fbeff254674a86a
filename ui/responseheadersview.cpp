#include "responseheadersview.h"

#include "http/cachecontrol.h"
#include "reference/reference.h"
#include "responseheadersmodel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
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
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, &ResponseHeadersView::showContextMenu);
    connect(m_table, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        const QList<std::pair<QString, QString>> choices = explainChoices(index.row());
        if (!choices.isEmpty())
            Q_EMIT referenceRequested(choices.first().second);
    });
}

QString ResponseHeadersView::currentTopic() const
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid())
        return {};
    return m_filter->index(current.row(), ResponseHeadersModel::NameColumn).data().toString();
}

QList<std::pair<QString, QString>> ResponseHeadersView::explainChoices(int row) const
{
    const QString name = m_filter->index(row, ResponseHeadersModel::NameColumn).data().toString();
    if (name.isEmpty())
        return {};
    QList<std::pair<QString, QString>> choices;
    const HeaderInfo *header = m_reference ? m_reference->header(name) : nullptr;
    if (m_reference && !header) {
        // Not an entry of its own (X-Cache, Server...): the text may still mention it.
        choices.append({ QStringLiteral("Search the reference for %1").arg(name), name });
        return choices;
    }
    choices.append({ QStringLiteral("Explain %1").arg(header ? header->name : name),
        header ? QStringLiteral("ref:header/") + header->name : name });
    if (!header || header->directives.isEmpty())
        return choices;
    // Each directive in the value that the reference knows for responses, once, in the order written.
    const QByteArray value = m_filter->index(row, ResponseHeadersModel::ValueColumn).data().toString().toLatin1();
    QStringList seen;
    const CacheControl parsed = CacheControl::parseValue(value, CacheControl::Context::Response);
    for (const CacheDirective &directive : parsed.directives()) {
        const QString directiveName = QString::fromLatin1(directive.name);
        if (seen.contains(directiveName))
            continue;
        seen.append(directiveName);
        for (const DirectiveInfo &info : header->directives) {
            if (info.name.compare(directiveName, Qt::CaseInsensitive) == 0 && info.side != MessageSide::Request) {
                choices.append({ QStringLiteral("Explain %1").arg(info.name),
                    QStringLiteral("ref:directive/%1/%2/%3").arg(header->name, sideKeyword(info.side), info.name) });
                break;
            }
        }
    }
    return choices;
}

void ResponseHeadersView::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_table->indexAt(position);
    if (!index.isValid())
        return;
    QMenu menu(this);
    const QList<std::pair<QString, QString>> choices = explainChoices(index.row());
    for (qsizetype i = 0; i < choices.size(); ++i) {
        if (i == 1)
            menu.addSeparator();
        const QString topic = choices.at(i).second;
        menu.addAction(choices.at(i).first, this, [this, topic] { Q_EMIT referenceRequested(topic); });
    }
    menu.exec(m_table->viewport()->mapToGlobal(position));
}

void ResponseHeadersView::setHeaders(const HttpHeaders &headers)
{
    setHeaders(headers, 0, {});
}

void ResponseHeadersView::setHeaders(const HttpHeaders &headers, int status, const QDateTime &received)
{
    m_model->setResponse(headers, status, received);
    m_table->resizeColumnToContents(ResponseHeadersModel::NameColumn);
    // Long names (a 60-character X- header) must not squeeze the values out of sight.
    m_table->setColumnWidth(
        ResponseHeadersModel::NameColumn, qMin(m_table->columnWidth(ResponseHeadersModel::NameColumn) + 16, 280));
}

} // namespace CacheScope
