#pragma once

#include "interop/harcaching.h"
#include "interop/harimport.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace CacheScope {

// The entries of an imported HAR file with the core's caching diagnosis of each (validators, freshness,
// heuristic, category, potential saving) and, once asked, what revalidating it now gave.
class HarImportModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        IndexColumn, // position in log.entries
        MethodColumn,
        StatusColumn,
        UrlColumn,
        DiagnosisColumn, // the category in words, next to the URL so it shows without scrolling
        SavingColumn,
        ValidatorsColumn,
        FreshnessColumn,
        ResultColumn, // what "Revalidate now" gave
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1, // numbers for numeric columns, so sorting is not alphabetical
        CacheabilityRole, // int(HarCacheability), for the category filter
        FilterRole, // the text the filter field matches: method, URL, status, diagnosis
    };

    explicit HarImportModel(QObject *parent = nullptr);

    // Parses and diagnoses; on a malformed file returns false with the core's error (its JSON path) in
    // `error` and keeps what was shown before: nothing is half-loaded.
    bool load(const QByteArray &json, QString *error);
    // Shows these entries (already parsed) and diagnoses each.
    void setEntries(const QList<HarEntry> &entries, const QStringList &warnings = {});
    void clear();

    const HarEntry &entry(int row) const { return m_entries.at(row); }
    const HarCachingVerdict &verdict(int row) const { return m_verdicts.at(row); }
    QStringList warnings() const { return m_warnings; }
    HarCachingSummary summary() const { return m_summary; }
    // The summary sentence, with a leading capital and a full stop; "No entries" when empty.
    QString summaryText() const;
    // The diagnosis of a row as one paragraph: category in words, freshness, notes.
    QString describe(int row) const;

    // "Revalidate now" results: shown in the Result column until the next load.
    void setResult(int row, const QString &text);
    QString result(int row) const { return m_results.value(row); }

    // "can be revalidated", "no validator", "no-store", "nothing to revalidate".
    static QString cacheabilityText(HarCacheability cacheability);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(int row, int column) const;
    QVariant sortValue(int row, int column) const;
    QString validatorsText(int row) const;

    QList<HarEntry> m_entries;
    QList<HarCachingVerdict> m_verdicts;
    QStringList m_results;
    QStringList m_warnings;
    HarCachingSummary m_summary;
};

} // namespace CacheScope
