#pragma once

#include <functional>
#include <QDateTime>
#include <QList>
#include <QUrl>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace CacheScope {

class CacheEntriesFilter;
class CacheEntriesModel;
class ValidatorStore;

// The validator store's contents: a sortable table with a filter field, and actions on the selected rows
// (open, revalidate, delete) and on everything (clear, after a confirmation). Opening and revalidating are
// left to the window through signals; deleting and clearing are done here, then the table is read again.
class CacheBrowserPage : public QWidget
{
    Q_OBJECT
public:
    explicit CacheBrowserPage(ValidatorStore *store, QWidget *parent = nullptr);

    // Reads the store's entries again (keeps the filter, the sort order and, where possible, the selection).
    void refresh();
    void setFilterText(const QString &text);

    // The URLs of the selected rows, in table order, each once.
    QList<QUrl> selectedUrls() const;
    // Deletes the selected entries; false with errorString() when the store refused one.
    bool deleteSelected();
    // Asks for confirmation, then removes every entry. False when declined or on failure.
    bool clearAll();
    QString errorString() const { return m_error; }

    // For tests and for the window's own dialogs: how confirmations are asked (a QMessageBox by default).
    void setConfirmation(std::function<bool(const QString &question)> confirm);
    // UTC "now" for the freshness column (the system clock by default).
    void setClock(std::function<QDateTime()> clock);

    CacheEntriesModel *model() const { return m_model; }
    CacheEntriesFilter *filter() const { return m_filter; }
    QTableView *table() const { return m_table; }
    QString summaryText() const;

Q_SIGNALS:
    void openRequested(const QUrl &url);
    void revalidateRequested(const QUrl &url);
    // After a delete or clear, so other views of the store can refresh.
    void storeChanged();

private:
    void updateActions();
    void resizeColumns();
    void updateSummary();
    void emitForSelection(void (CacheBrowserPage::*signal)(const QUrl &));

    ValidatorStore *m_store;
    CacheEntriesModel *m_model;
    CacheEntriesFilter *m_filter;
    QLineEdit *m_filterEdit;
    QTableView *m_table;
    QLabel *m_summary;
    QPushButton *m_open;
    QPushButton *m_revalidate;
    QPushButton *m_delete;
    QPushButton *m_clear;
    QPushButton *m_refresh;
    QTimer *m_freshnessTimer;
    std::function<bool(const QString &)> m_confirm;
    QString m_error;
};

} // namespace CacheScope
