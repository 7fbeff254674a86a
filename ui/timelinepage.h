#pragma once

#include "client/timeline.h"

#include <QUrl>
#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace CacheScope {

class StoreReader;
class TimelineChart;
class TimelineModel;
class TimelineStore;
struct StoreEventsAnswer;

// The history of one URL: a totals line, the chart of its exchanges and the table of them, with PNG and
// CSV export. The events are read off the UI thread (a StoreReader on the TimelineStore's file): a URL's
// history (up to a week of watching, 10,000 events by default) takes long enough to read and decode to
// freeze the window. While a read is under way the page keeps what it shows and, after a moment, says it is
// loading; the answer keeps the table's sort and selection.
class TimelinePage : public QWidget
{
    Q_OBJECT
public:
    explicit TimelinePage(TimelineStore *store, QWidget *parent = nullptr);

    // Shows the URL's events (an invalid URL shows nothing at once); they arrive asynchronously, see loaded().
    void showUrl(const QUrl &url);
    QUrl url() const { return m_url; }
    // Reads the current URL's events again, asynchronously.
    void refresh();
    // True from showUrl()/refresh() until their events are shown.
    bool isLoading() const { return m_pendingRequest != 0; }
    // True while the "Loading…" state is shown (a read that takes more than a moment).
    bool showsLoading() const { return m_loadingShown; }
    // The thread the page's reads run on; null without a store.
    StoreReader *reader() const { return m_reader; }

    const QList<TimelineEvent> &events() const;
    // The events of the table rows selected (several with Ctrl/Shift), oldest first.
    QList<TimelineEvent> selectedEvents() const;
    TimelineTotals totals() const { return m_totals; }
    // "12 requests · 200: 2 · 304: 10 · ..." as shown above the chart.
    QString totalsText() const;
    // The last read error, or empty.
    QString errorString() const { return m_error; }

    // The export buttons ask for a file name and call these; false with errorString() on failure.
    bool exportCsv(const QString &path);
    bool exportPng(const QString &path);

    TimelineChart *chart() const { return m_chart; }
    QTableView *table() const { return m_table; }

    static QString formatTotals(const TimelineTotals &totals);

Q_SIGNALS:
    // A click on a bar, or Enter / double-click on a table row.
    void eventActivated(const CacheScope::TimelineEvent &event);
    // The events asked for by showUrl() or refresh() are shown (or the read failed: errorString()).
    void loaded();

private:
    void chooseExportFile(bool png);
    void selectEvent(int index);
    void setEvents(const QList<TimelineEvent> &events);
    void applyAnswer(const StoreEventsAnswer &answer);
    void setLoadingShown(bool shown);
    void updateTotalsText();

    TimelineStore *m_store;
    StoreReader *m_reader = nullptr;
    QTimer *m_loadingDelay;
    quint64 m_pendingRequest = 0; // the read whose answer the page waits for; 0 when none
    bool m_loadingShown = false;
    QUrl m_url;
    QUrl m_shownUrl; // the URL whose events are on screen (m_url once loaded)
    TimelineTotals m_totals;
    QString m_error;
    QLabel *m_title;
    QLabel *m_totalsLabel;
    TimelineChart *m_chart;
    TimelineModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QPushButton *m_exportPng;
    QPushButton *m_exportCsv;
};

} // namespace CacheScope
