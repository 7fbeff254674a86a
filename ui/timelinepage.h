#pragma once

#include "client/timeline.h"

#include <QUrl>
#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace CacheScope {

class TimelineChart;
class TimelineModel;
class TimelineStore;

// The history of one URL: a totals line, the chart of its exchanges and the table of them, with PNG and
// CSV export. Reads the TimelineStore on the UI thread (the store is bound to the thread that opened it);
// the store bounds a URL's history (10,000 events by default), which reads in a few milliseconds.
class TimelinePage : public QWidget
{
    Q_OBJECT
public:
    explicit TimelinePage(TimelineStore *store, QWidget *parent = nullptr);

    // Shows the URL's events (an invalid URL shows nothing).
    void showUrl(const QUrl &url);
    QUrl url() const { return m_url; }
    // Reads the current URL's events again.
    void refresh();

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

private:
    void chooseExportFile(bool png);
    void selectEvent(int index);
    void setEvents(const QList<TimelineEvent> &events);

    TimelineStore *m_store;
    QUrl m_url;
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
