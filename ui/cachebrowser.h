#pragma once

#include "cache/validatorstore.h"

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
class StoreReader;
class ValidatorStore;
struct StoreEntriesAnswer;

// The validator store's contents: a sortable table with a filter field, and actions on the selected rows
// (open, revalidate, delete) and on everything (clear, after a confirmation). Opening and revalidating are
// left to the window through signals; deleting and clearing are done here (small writes, on the store's own
// connection), then the table is read again. The entries are read off the UI thread (a StoreReader on the
// store's file): thousands of them would freeze the window. While a read is under way the table keeps what
// it shows and, after a moment, the summary says it is loading.
class CacheBrowserPage : public QWidget
{
    Q_OBJECT
public:
    explicit CacheBrowserPage(ValidatorStore *store, QWidget *parent = nullptr);

    // Reads the store's entries again, asynchronously (keeps the filter, the sort order, the scroll position
    // and, where the entries are still there, the selection).
    void refresh();
    // True from refresh() until its entries are shown.
    bool isLoading() const { return m_pendingRequest != 0; }
    // True while the "Loading…" state is shown (a read that takes more than a moment).
    bool showsLoading() const { return m_loadingShown; }
    // The thread the page's reads run on; null without an open store.
    StoreReader *reader() const { return m_reader; }
    void setFilterText(const QString &text);

    // The URLs of the selected rows, in table order, each once.
    QList<QUrl> selectedUrls() const;
    // Deletes the selected entries; false with errorString() when the store refused one.
    bool deleteSelected();
    // Asks for confirmation, then removes every entry. False when declined or on failure.
    bool clearAll();
    // The last delete or clear failure, else the last read failure; empty when both succeeded.
    QString errorString() const { return m_writeError.isEmpty() ? m_error : m_writeError; }

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
    // The entries asked for by refresh() are shown (or the read failed: errorString()).
    void loaded();

private:
    void updateActions();
    void resizeColumns();
    void updateSummary();
    void emitForSelection(void (CacheBrowserPage::*signal)(const QUrl &));
    void applyAnswer(const StoreEntriesAnswer &answer);
    void setEntries(const QList<CacheEntrySummary> &entries);
    void setLoadingShown(bool shown);

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
    StoreReader *m_reader = nullptr;
    QTimer *m_loadingDelay;
    quint64 m_pendingRequest = 0; // the read whose answer the page waits for; 0 when none
    bool m_loadingShown = false;
    std::function<bool(const QString &)> m_confirm;
    QString m_error; // of the last read
    QString m_writeError; // of the last delete or clear, kept across the reads that follow it
};

} // namespace CacheScope
