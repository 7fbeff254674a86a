#pragma once

#include "client/request.h"

#include <functional>
#include <QList>
#include <QPointer>
#include <QUrl>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace CacheScope {

class HarImportModel;
class RevalidationJob;
class Revalidator;
class ValidatorStore;

// File > Import HAR…: every entry of a browser's HAR file with its caching diagnosis, the page summary above
// ("5 of 10 responses can be revalidated; ..."), a filter, and actions on the selected rows: open one in the
// composer, revalidate them now through the window's validator store (results per row), or watch them.
class HarImportPage : public QWidget
{
    Q_OBJECT
public:
    explicit HarImportPage(QWidget *parent = nullptr);
    ~HarImportPage() override;

    // Revalidate now sends through the revalidator this returns, asked at each use (the window's changes when
    // its store does); its store says whether the URL is already stored (its validators are then used, else
    // the HAR's). Null: the action is disabled.
    void setRevalidatorSource(std::function<Revalidator *()> source);

    // Reads and diagnoses the file; on failure (unreadable, malformed: the error names the JSON path) returns
    // false with `error` and keeps showing what was there.
    bool loadFile(const QString &path, QString *error);
    bool loadJson(const QByteArray &json, const QString &source, QString *error);
    QString source() const { return m_source; }

    HarImportModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    QLabel *summaryLabel() const { return m_summary; }
    QLineEdit *filterEdit() const { return m_filter; }
    QComboBox *categoryBox() const { return m_category; }
    QPlainTextEdit *detailsView() const { return m_details; }

    // Model rows of the selected table rows, in file order.
    QList<int> selectedRows() const;
    void selectRows(const QList<int> &rows);
    // The filter: words in the method, URL, status or diagnosis; category -1 for all, else int(HarCacheability).
    void setFilter(const QString &text, int category = -1);

    // Sends a revalidation for each row (GET entries only; others get a result saying why not). Returns how
    // many went out; revalidationsFinished() follows the last result.
    int revalidateRows(const QList<int> &rows);
    int pendingRevalidations() const { return int(m_jobs.size()); }

public Q_SLOTS:
    void openSelected();
    void revalidateSelected();
    void watchSelected();

Q_SIGNALS:
    void openRequested(const CacheScope::Request &request);
    void watchRequested(const QList<QUrl> &urls);
    void revalidationsFinished();
    void statusMessage(const QString &message);

private:
    void updateActions();
    void updateDetails();
    Request revalidationRequest(int row, bool stored) const;
    bool isStored(const QUrl &url) const;

    HarImportModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLabel *m_title;
    QLabel *m_summary;
    QLineEdit *m_filter;
    QComboBox *m_category;
    QTableView *m_table;
    QPlainTextEdit *m_details;
    QPushButton *m_open;
    QPushButton *m_revalidate;
    QPushButton *m_watch;
    QString m_source;
    Revalidator *revalidator() const { return m_revalidatorSource ? m_revalidatorSource() : nullptr; }
    std::function<Revalidator *()> m_revalidatorSource;
    QList<QPointer<RevalidationJob>> m_jobs;
};

} // namespace CacheScope
