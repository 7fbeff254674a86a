#include "referencemodel.h"

#include "reference/reference.h"

#include <map>
#include <QFont>

namespace CacheScope {

namespace {

// Groups have internal id 0; an entry's internal id is its group's row + 1.
constexpr quintptr GroupId = 0;

QString sideLabel(MessageSide side)
{
    switch (side) {
    case MessageSide::Request:
        return QStringLiteral("request");
    case MessageSide::Response:
        return QStringLiteral("response");
    case MessageSide::Both:
        break;
    }
    return QStringLiteral("request and response");
}

} // namespace

ReferenceModel::ReferenceModel(const Reference *reference, QObject *parent)
    : QAbstractItemModel(parent)
    , m_reference(reference)
{
    rebuild();
}

QModelIndex ReferenceModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    if (!parent.isValid())
        return row < m_groups.size() ? createIndex(row, 0, GroupId) : QModelIndex();
    if (parent.internalId() != GroupId || parent.row() >= m_groups.size())
        return {};
    if (row >= m_groups.at(parent.row()).entries.size())
        return {};
    return createIndex(row, 0, quintptr(parent.row()) + 1);
}

QModelIndex ReferenceModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == GroupId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, GroupId);
}

int ReferenceModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.column() != 0 || parent.internalId() != GroupId)
        return 0;
    return int(m_groups.at(parent.row()).entries.size());
}

int ReferenceModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant ReferenceModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index))
        return {};
    if (index.internalId() == GroupId) {
        const Group &group = m_groups.at(index.row());
        if (role == Qt::DisplayRole)
            return QStringLiteral("%1 (%2)").arg(group.title).arg(group.entries.size());
        if (role == Qt::FontRole) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    }
    const Entry &entry = m_groups.at(int(index.internalId() - 1)).entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        // "306 (Unused)" says it already.
        if (entry.standing.isEmpty()
            || (entry.origin.isEmpty() && entry.title.contains(entry.standing, Qt::CaseInsensitive)))
            return entry.title;
        // Unofficial, unused and obsolete codes say so in the list itself, not only in a tooltip.
        return QStringLiteral("%1  \u2014 %2")
            .arg(entry.title,
                entry.origin.isEmpty() ? entry.standing : QStringLiteral("%1, %2").arg(entry.standing, entry.origin));
    case Qt::ToolTipRole:
        return entry.summary;
    case Qt::FontRole:
        if (!entry.standing.isEmpty()) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case TopicKeyRole:
        return entry.topic.key();
    case StandingRole:
        return entry.standing;
    case SummaryRole:
        return entry.summary;
    case ScoreRole:
        return entry.score;
    default:
        return {};
    }
}

Qt::ItemFlags ReferenceModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index))
        return Qt::NoItemFlags;
    // Groups only fold; entries are what gets selected and shown.
    return index.internalId() == GroupId ? Qt::ItemIsEnabled : Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

void ReferenceModel::setQuery(const QString &query)
{
    const QString trimmed = query.trimmed();
    if (trimmed == m_query)
        return;
    m_query = trimmed;
    beginResetModel();
    rebuild();
    endResetModel();
}

int ReferenceModel::entryCount() const
{
    int count = 0;
    for (const Group &group : m_groups)
        count += int(group.entries.size());
    return count;
}

QModelIndex ReferenceModel::firstEntry() const
{
    for (int row = 0; row < m_groups.size(); ++row) {
        if (!m_groups.at(row).entries.isEmpty())
            return index(0, 0, index(row, 0));
    }
    return {};
}

QModelIndex ReferenceModel::indexOf(const ReferenceTopic &topic) const
{
    for (int row = 0; row < m_groups.size(); ++row) {
        const QList<Entry> &entries = m_groups.at(row).entries;
        for (int child = 0; child < entries.size(); ++child) {
            if (entries.at(child).topic == topic)
                return index(child, 0, index(row, 0));
        }
    }
    return {};
}

ReferenceTopic ReferenceModel::topicAt(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index) || index.internalId() == GroupId)
        return {};
    return m_groups.at(int(index.internalId() - 1)).entries.at(index.row()).topic;
}

std::pair<int, QString> ReferenceModel::groupOf(const ReferenceTopic &topic) const
{
    switch (topic.kind) {
    case ReferenceTopic::Status: {
        const StatusClass statusClass = statusClassOf(topic.code).value_or(StatusClass::Informational);
        return { int(statusClass), QStringLiteral("%1xx %2").arg(int(statusClass)).arg(statusClassLabel(statusClass)) };
    }
    case ReferenceTopic::Header:
        return { 10, QStringLiteral("Headers") };
    case ReferenceTopic::Directive: {
        const QList<HeaderInfo> &headers = m_reference->headers();
        int position = 0;
        while (position < headers.size() && headers.at(position).name != topic.header)
            ++position;
        return { 11 + position, QStringLiteral("%1 directives").arg(topic.header) };
    }
    case ReferenceTopic::None:
        break;
    }
    return { 0, QString() };
}

ReferenceModel::Entry ReferenceModel::entryFor(const ReferenceTopic &topic, int score) const
{
    Entry entry;
    entry.topic = topic;
    entry.score = score;
    if (topic.kind == ReferenceTopic::Status) {
        if (const StatusInfo *status = m_reference->findStatus(topic.code)) {
            entry.title = status->title();
            entry.summary = status->summary;
            if (status->standing != StatusStanding::Standard)
                entry.standing = standingKeyword(status->standing);
            entry.origin = status->origin;
        } else {
            entry.title = QString::number(topic.code);
        }
    } else if (topic.kind == ReferenceTopic::Header) {
        const HeaderInfo *header = m_reference->header(topic.name);
        entry.title = topic.name;
        entry.summary = header ? header->summary : QString();
    } else if (topic.kind == ReferenceTopic::Directive) {
        entry.title = QStringLiteral("%1 \u00b7 %2").arg(topic.name, sideLabel(topic.side));
        for (const DirectiveInfo *directive : m_reference->directives(topic.name)) {
            if (directive->header == topic.header && directive->side == topic.side)
                entry.summary = directive->summary;
        }
    }
    return entry;
}

void ReferenceModel::rebuild()
{
    QList<std::pair<ReferenceTopic, int>> topics;
    if (m_query.isEmpty()) {
        for (const StatusInfo &status : m_reference->statuses())
            topics.append({ ReferenceTopic::status(status.code), 0 });
        for (const HeaderInfo &header : m_reference->headers())
            topics.append({ ReferenceTopic::resolve(*m_reference, QStringLiteral("ref:header/") + header.name), 0 });
        for (const HeaderInfo &header : m_reference->headers()) {
            for (const DirectiveInfo &directive : header.directives) {
                ReferenceTopic topic;
                topic.kind = ReferenceTopic::Directive;
                topic.name = directive.name;
                topic.header = header.name;
                topic.side = directive.side;
                topics.append({ topic, 0 });
            }
        }
    } else {
        for (const SearchHit &hit : m_reference->search(m_query, 0))
            topics.append({ ReferenceTopic::forHit(hit), hit.score });
    }

    // Groups keep the order in which their first (best) entry came: natural order without a query,
    // best match first with one. `rows` maps a group's natural position to its row.
    m_groups.clear();
    std::map<int, qsizetype> rows;
    for (const auto &[topic, score] : topics) {
        if (!topic.isValid())
            continue;
        const auto [position, title] = groupOf(topic);
        auto it = rows.find(position);
        if (it == rows.end()) {
            it = rows.emplace(position, m_groups.size()).first;
            m_groups.append(Group { title, {} });
        }
        m_groups[it->second].entries.append(entryFor(topic, score));
    }
}

} // namespace CacheScope
