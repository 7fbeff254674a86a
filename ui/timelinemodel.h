#pragma once

#include "client/timeline.h"

#include <QAbstractTableModel>
#include <QList>

namespace CacheScope {

// One URL's timeline events as a table, oldest first: one row per exchange.
class TimelineModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        StatusColumn,
        ValidatorColumn, // the conditional headers sent
        WireColumn, // response bytes on the wire
        SavedColumn,
        ChangeColumn,
        TimingColumn, // TTFB / total
        NotesColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole, // a number or date per column, so sorting is not alphabetical
        EventIdRole, // the store row id
    };

    explicit TimelineModel(QObject *parent = nullptr);

    void setEvents(const QList<TimelineEvent> &events);
    const QList<TimelineEvent> &events() const { return m_events; }
    // The event of a row; a default-constructed event for a row out of range.
    TimelineEvent event(int row) const;
    // The row holding the event with this store id; -1 when none.
    int rowOfId(qint64 id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "If-None-Match + If-Modified-Since", "If-None-Match", "none": what a row's validator column says.
    static QString validatorsSent(const TimelineEvent &event);
    // "304 Not Modified"-style label without the reason: "200", "304", "error: timeout".
    static QString statusText(const TimelineEvent &event);
    // The multi-line description used by the table's and the chart's tooltips.
    static QString describe(const TimelineEvent &event);

private:
    QVariant display(const TimelineEvent &event, int column) const;
    QVariant sortValue(const TimelineEvent &event, int column) const;

    QList<TimelineEvent> m_events;
};

} // namespace CacheScope
