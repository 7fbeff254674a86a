#include "timelinepage.h"

#include "client/timelinestore.h"
#include "formatting.h"
#include "timelinechart.h"
#include "timelinemodel.h"

#include <algorithm>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace CacheScope {

TimelinePage::TimelinePage(TimelineStore *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_title(new QLabel(this))
    , m_totalsLabel(new QLabel(this))
    , m_chart(new TimelineChart(this))
    , m_model(new TimelineModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
    , m_exportPng(new QPushButton(QStringLiteral("Export PNG\u2026"), this))
    , m_exportCsv(new QPushButton(QStringLiteral("Export CSV\u2026"), this))
{
    m_title->setTextFormat(Qt::PlainText);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_totalsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_totalsLabel->setObjectName(QStringLiteral("timelineTotals"));

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(TimelineModel::SortRole);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(TimelineModel::TimeColumn, Qt::DescendingOrder); // newest first
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);

    m_exportPng->setEnabled(false);
    m_exportCsv->setEnabled(false);
    auto *top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_exportPng);
    top->addWidget(m_exportCsv);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_chart);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_totalsLabel);
    layout->addWidget(splitter, 1);

    connect(m_chart, &TimelineChart::eventActivated, this, [this](const TimelineEvent &event) {
        // The chart and the model hold the same list, so the chart's index is the model's row.
        selectEvent(m_chart->highlightedEvent());
        Q_EMIT eventActivated(event);
    });
    connect(m_table, &QTableView::activated, this,
        [this](const QModelIndex &index) { Q_EMIT eventActivated(m_model->event(m_proxy->mapToSource(index).row())); });
    connect(
        m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
            m_chart->setHighlightedEvent(current.isValid() ? m_proxy->mapToSource(current).row() : -1);
        });
    connect(m_exportPng, &QPushButton::clicked, this, [this] { chooseExportFile(true); });
    connect(m_exportCsv, &QPushButton::clicked, this, [this] { chooseExportFile(false); });
    showUrl({});
}

const QList<TimelineEvent> &TimelinePage::events() const
{
    return m_model->events();
}

QList<TimelineEvent> TimelinePage::selectedEvents() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(m_proxy->mapToSource(index).row());
    std::sort(rows.begin(), rows.end()); // the model is oldest first
    QList<TimelineEvent> events;
    for (int row : std::as_const(rows))
        events.append(m_model->event(row));
    return events;
}

void TimelinePage::showUrl(const QUrl &url)
{
    m_url = url;
    m_title->setText(url.isValid() && !url.isEmpty() ? url.toDisplayString() : QStringLiteral("No URL selected"));
    refresh();
}

void TimelinePage::refresh()
{
    m_error.clear();
    QList<TimelineEvent> events;
    if (m_store && m_url.isValid() && !m_url.isEmpty()) {
        QStringList problems;
        events = m_store->events(m_url, 0, &problems);
        if (!m_store->errorString().isEmpty())
            m_error = m_store->errorString();
        else if (!problems.isEmpty())
            m_error = QStringLiteral("%1 unreadable events skipped: %2").arg(problems.size()).arg(problems.first());
    }
    setEvents(events);
}

void TimelinePage::setEvents(const QList<TimelineEvent> &events)
{
    m_model->setEvents(events);
    m_chart->setEvents(events);
    m_totals = TimelineTotals::fromEvents(events);
    QString text = formatTotals(m_totals);
    if (!m_error.isEmpty())
        text += QStringLiteral("\n") + m_error;
    m_totalsLabel->setText(text);
    m_exportPng->setEnabled(!events.isEmpty());
    m_exportCsv->setEnabled(!events.isEmpty());
    for (int column = 0; column < TimelineModel::NotesColumn; ++column)
        m_table->resizeColumnToContents(column);
}

QString TimelinePage::totalsText() const
{
    return m_totalsLabel->text();
}

QString TimelinePage::formatTotals(const TimelineTotals &totals)
{
    if (totals.requests == 0)
        return QStringLiteral("No requests recorded");
    const QString separator = QStringLiteral(" \u00b7 ");
    QStringList parts;
    parts << (totals.requests == 1 ? QStringLiteral("1 request") : QStringLiteral("%1 requests").arg(totals.requests));
    parts << QStringLiteral("200: %1").arg(totals.ok) << QStringLiteral("304: %1").arg(totals.notModified)
          << QStringLiteral("other: %1").arg(totals.others) << QStringLiteral("errors: %1").arg(totals.errors);
    parts << QStringLiteral("transferred %1").arg(Display::bytes(totals.bytesTransferred));
    parts << QStringLiteral("saved %1 (%2%)")
                 .arg(Display::bytes(totals.bytesSaved))
                 .arg(totals.savedShare() * 100.0, 0, 'f', 1);
    return parts.join(separator);
}

void TimelinePage::selectEvent(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index);
}

bool TimelinePage::exportCsv(const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(timelineToCsv(m_model->events())) < 0 || !file.commit()) {
        m_error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool TimelinePage::exportPng(const QString &path)
{
    QString error;
    if (!m_chart->exportPng(path, &error)) {
        m_error = error;
        return false;
    }
    return true;
}

void TimelinePage::chooseExportFile(bool png)
{
    QString base
        = m_url.host().isEmpty() ? QStringLiteral("timeline") : QStringLiteral("timeline-%1").arg(m_url.host());
    const QString path = QFileDialog::getSaveFileName(this,
        png ? QStringLiteral("Export chart as PNG") : QStringLiteral("Export timeline as CSV"),
        base + (png ? QStringLiteral(".png") : QStringLiteral(".csv")),
        png ? QStringLiteral("PNG images (*.png)") : QStringLiteral("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (!(png ? exportPng(path) : exportCsv(path)))
        QMessageBox::warning(this, QStringLiteral("Export failed"), m_error);
}

} // namespace CacheScope
