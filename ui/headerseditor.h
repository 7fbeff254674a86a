#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace CacheScope {

class RequestHeadersModel;

// Table of request headers with add / remove / paste; rows that cannot be sent are shown in red and the
// first problem is spelled out under the table.
class HeadersEditor : public QWidget
{
    Q_OBJECT
public:
    explicit HeadersEditor(QWidget *parent = nullptr);

    RequestHeadersModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QString errorText() const;

public Q_SLOTS:
    void addRow();
    void removeSelectedRows();
    // Adds "Name: value" lines (as in the clipboard); says what was skipped.
    void pasteText(const QString &text);
    void pasteFromClipboard();

Q_SIGNALS:
    void headersChanged();

private:
    void updateStatus();
    RequestHeadersModel *m_model;
    QTableView *m_table;
    QLabel *m_error;
    QLabel *m_info;
};

} // namespace CacheScope
