#pragma once

#include "referencetopic.h"

#include <QList>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QModelIndex;
class QToolButton;
class QTreeView;

namespace CacheScope {

class Reference;
class ReferenceDetail;
class ReferenceModel;

// The reference page: a search field over a grouped result list on the left, the chosen entry on the right,
// with Back/Forward through the entries opened by clicks and links.
class ReferenceBrowser : public QWidget
{
    Q_OBJECT
public:
    explicit ReferenceBrowser(const Reference *reference, QWidget *parent = nullptr);

    // Opens a topic key ("ref:status/304") or loose text the way `cachescope-cli explain` reads it ("304",
    // "etag", "max-age"). Text that names no entry becomes a search, and its best match is opened.
    // Returns false when nothing matched at all.
    bool showTopic(const QString &text);
    // Opens an entry and records it in the history.
    bool navigate(const ReferenceTopic &topic);
    ReferenceTopic currentTopic() const;

    QLineEdit *searchField() const { return m_search; }
    QTreeView *resultView() const { return m_results; }
    ReferenceModel *model() const { return m_model; }
    ReferenceDetail *detail() const { return m_detail; }
    QAction *backAction() const { return m_back; }
    QAction *forwardAction() const { return m_forward; }

public Q_SLOTS:
    void setSearchText(const QString &text);
    void back();
    void forward();
    // Puts the cursor in the search field with its text selected.
    void focusSearch();

Q_SIGNALS:
    void topicChanged(const CacheScope::ReferenceTopic &topic);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void openIndex(const QModelIndex &index);
    void openBestMatch();
    void showAt(qsizetype position);
    void updateActions();
    void selectInList(const ReferenceTopic &topic);

    const Reference *m_reference;
    ReferenceModel *m_model;
    QLineEdit *m_search;
    QLabel *m_count;
    QTreeView *m_results;
    ReferenceDetail *m_detail;
    QAction *m_back;
    QAction *m_forward;
    QList<ReferenceTopic> m_history;
    qsizetype m_position = -1;
    bool m_selecting = false;
};

} // namespace CacheScope
