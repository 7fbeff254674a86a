#pragma once

#include "referencetopic.h"

#include <QAbstractItemModel>
#include <QList>

namespace CacheScope {

class Reference;

// The reference as a two-level tree: groups (1xx ... 5xx by class, Headers, then one group of directives per
// header) holding the entries. With a query it holds only the matches of Reference::search(), groups ordered
// by their best match and entries in search order, so the best answer is always the first child.
class ReferenceModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Roles
    {
        TopicKeyRole = Qt::UserRole + 1, // QString, ReferenceTopic::key(); empty for groups
        StandingRole, // QString keyword of a status code ("unofficial"); empty otherwise
        SummaryRole, // QString
        ScoreRole, // int, the search score; 0 without a query
    };

    explicit ReferenceModel(const Reference *reference, QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    // Empty shows everything.
    void setQuery(const QString &query);
    QString query() const { return m_query; }
    // Entries (not groups) in the model.
    int entryCount() const;
    // The first entry: the best match for a query. Invalid when the model is empty.
    QModelIndex firstEntry() const;
    QModelIndex indexOf(const ReferenceTopic &topic) const;
    ReferenceTopic topicAt(const QModelIndex &index) const;

private:
    struct Entry
    {
        ReferenceTopic topic;
        QString title;
        QString summary;
        QString standing; // keyword, for status codes other than standard
        QString origin;
        int score = 0;
    };
    struct Group
    {
        QString title;
        QList<Entry> entries;
    };

    // Where an entry goes: the position of its group in the unfiltered order, and the group's title.
    std::pair<int, QString> groupOf(const ReferenceTopic &topic) const;
    Entry entryFor(const ReferenceTopic &topic, int score) const;
    void rebuild();

    const Reference *m_reference;
    QString m_query;
    QList<Group> m_groups;
};

} // namespace CacheScope
