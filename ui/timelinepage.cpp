#include "timelinepage.h"

#include "client/storereader.h"
#include "client/timelinestore.h"
#include "formatting.h"
#include "timelinechart.h"
#include "timelinemodel.h"

#include <algorithm>
#include <QFile>
#include <QFileDialog>
#include <QGraphicsOpacityEffect>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace CacheScope {

namespace {

// A read answered within this shows no loading state at all: a flash of "Loading…" on every refresh of a
// short history would only be noise.
constexpr int LoadingDelayMs = 250;

} // namespace

TimelinePage::TimelinePage(TimelineStore *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_loadingDelay(new QTimer(this))
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

    if (m_store && !m_store->databasePath().isEmpty()) {
        m_reader = new StoreReader(m_store->databasePath(), this);
        connect(m_reader, &StoreReader::eventsRead, this, &TimelinePage::applyAnswer);
    }
    m_loadingDelay->setSingleShot(true);
    m_loadingDelay->setInterval(LoadingDelayMs);
    connect(m_loadingDelay, &QTimer::timeout, this, [this] { setLoadingShown(true); });
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
    if (!m_reader || !m_url.isValid() || m_url.isEmpty()) {
        m_pendingRequest = 0;
        m_loadingDelay->stop();
        m_error = m_store && !m_reader && m_url.isValid() && !m_url.isEmpty() ? QStringLiteral("the store is not open")
                                                                              : QString();
        m_shownUrl = m_url;
        setEvents({});
        setLoadingShown(false);
        Q_EMIT loaded();
        return;
    }
    m_pendingRequest = m_reader->readEvents(m_url);
    if (m_loadingShown)
        setLoadingShown(true); // the URL may have changed under it
    else if (!m_loadingDelay->isActive())
        m_loadingDelay->start();
}

void TimelinePage::applyAnswer(const StoreEventsAnswer &answer)
{
    if (answer.request != m_pendingRequest)
        return; // a read the page no longer waits for (showUrl() moved on)
    m_pendingRequest = 0;
    m_loadingDelay->stop();
    m_error = answer.error;
    if (m_error.isEmpty() && !answer.problems.isEmpty())
        m_error = QStringLiteral("%1 unreadable events skipped: %2")
                      .arg(answer.problems.size())
                      .arg(answer.problems.first());

    // A refresh of the same URL keeps the rows selected, the current one and the scroll position; the
    // sort order is the proxy's and survives the model reset on its own.
    const bool sameUrl = m_shownUrl == answer.url;
    QSet<qint64> selected;
    qint64 current = 0;
    if (sameUrl) {
        for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
            selected.insert(m_model->event(m_proxy->mapToSource(index).row()).id);
        if (const QModelIndex index = m_table->currentIndex(); index.isValid())
            current = m_model->event(m_proxy->mapToSource(index).row()).id;
    }
    const int scroll = m_table->verticalScrollBar()->value();
    m_shownUrl = answer.url;
    setEvents(answer.events);
    if (sameUrl) {
        QItemSelection selection;
        QModelIndex currentIndex;
        const QList<TimelineEvent> &events = m_model->events();
        for (int row = 0; row < events.size(); ++row) {
            const qint64 id = events.at(row).id;
            if (!selected.contains(id) && id != current)
                continue;
            const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
            if (selected.contains(id))
                selection.select(index, index);
            if (id == current)
                currentIndex = index;
        }
        m_table->selectionModel()->select(selection, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        if (currentIndex.isValid())
            m_table->selectionModel()->setCurrentIndex(currentIndex, QItemSelectionModel::NoUpdate);
        m_table->verticalScrollBar()->setValue(scroll);
    } else {
        for (int column = 0; column < TimelineModel::NotesColumn; ++column)
            m_table->resizeColumnToContents(column);
    }
    setLoadingShown(false);
    Q_EMIT loaded();
}

void TimelinePage::setEvents(const QList<TimelineEvent> &events)
{
    m_model->setEvents(events);
    m_chart->setEvents(events);
    m_totals = TimelineTotals::fromEvents(events);
    m_exportPng->setEnabled(!events.isEmpty());
    m_exportCsv->setEnabled(!events.isEmpty());
    updateTotalsText();
}

void TimelinePage::setLoadingShown(bool shown)
{
    m_loadingShown = shown;
    // Until the answer comes, what is on screen may be another URL's history: greyed, so it is not read as
    // this one's.
    const bool otherUrl = shown && m_shownUrl != m_url;
    m_chart->setEnabled(!otherUrl);
    m_table->setEnabled(!otherUrl);
    // The chart draws its own colours, which a disabled palette does not touch: faded instead.
    if (otherUrl && !m_chart->graphicsEffect()) {
        auto *fade = new QGraphicsOpacityEffect(m_chart);
        fade->setOpacity(0.3);
        m_chart->setGraphicsEffect(fade);
    } else if (!otherUrl && m_chart->graphicsEffect()) {
        m_chart->setGraphicsEffect(nullptr);
    }
    updateTotalsText();
}

void TimelinePage::updateTotalsText()
{
    QString text;
    if (m_loadingShown && m_shownUrl != m_url)
        text = QStringLiteral("Loading the timeline\u2026");
    else
        text = formatTotals(m_totals) + (m_loadingShown ? QStringLiteral(" \u00b7 loading\u2026") : QString());
    if (!m_error.isEmpty())
        text += QStringLiteral("\n") + m_error;
    m_totalsLabel->setText(text);
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
