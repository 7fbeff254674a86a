#include "historymodel.h"

#include "formatting.h"

#include <QLocale>
#include <QSettings>

namespace CacheScope {

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void HistoryModel::prepend(const HistoryEntry &entry)
{
    beginInsertRows({}, 0, 0);
    m_entries.prepend(entry);
    endInsertRows();
    if (m_entries.size() > m_limit) {
        beginRemoveRows({}, m_limit, int(m_entries.size()) - 1);
        m_entries.resize(m_limit);
        endRemoveRows();
    }
}

void HistoryModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

void HistoryModel::setLimit(int limit)
{
    m_limit = qMax(1, limit);
    if (m_entries.size() > m_limit) {
        beginRemoveRows({}, m_limit, int(m_entries.size()) - 1);
        m_entries.resize(m_limit);
        endRemoveRows();
    }
}

void HistoryModel::save(QSettings &settings) const
{
    settings.beginWriteArray(QStringLiteral("history"), int(m_entries.size()));
    for (int i = 0; i < m_entries.size(); ++i) {
        const HistoryEntry &entry = m_entries.at(i);
        const TimelineEvent &event = entry.event;
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("method"), entry.method);
        settings.setValue(QStringLiteral("url"), entry.url.toString(QUrl::FullyEncoded));
        QStringList headers;
        for (const HeaderField &field : entry.headers)
            headers.append(QString::fromLatin1(field.name + ": " + field.value));
        settings.setValue(QStringLiteral("headers"), headers);
        settings.setValue(QStringLiteral("time"), event.time.toString(Qt::ISODateWithMs));
        settings.setValue(QStringLiteral("eventId"), event.id);
        settings.setValue(QStringLiteral("status"), event.status);
        settings.setValue(QStringLiteral("error"), event.error);
        settings.setValue(QStringLiteral("sentIfNoneMatch"), event.sentIfNoneMatch);
        settings.setValue(QStringLiteral("sentIfModifiedSince"), event.sentIfModifiedSince);
        settings.setValue(QStringLiteral("etag"), event.receivedEtag);
        settings.setValue(QStringLiteral("lastModified"), event.receivedLastModified);
        settings.setValue(QStringLiteral("wireBytes"), event.wireBytes());
        settings.setValue(QStringLiteral("headerBytes"), event.responseHeaderBytes);
        settings.setValue(QStringLiteral("bytesSaved"), event.bytesSaved);
        settings.setValue(QStringLiteral("totalMs"), event.totalMs);
        settings.setValue(QStringLiteral("storeAction"), entry.storeAction);
    }
    settings.endArray();
}

void HistoryModel::restore(QSettings &settings)
{
    QList<HistoryEntry> entries;
    const int count = settings.beginReadArray(QStringLiteral("history"));
    for (int i = 0; i < count && entries.size() < m_limit; ++i) {
        settings.setArrayIndex(i);
        HistoryEntry entry;
        entry.method = settings.value(QStringLiteral("method")).toString();
        entry.url = QUrl(settings.value(QStringLiteral("url")).toString(), QUrl::StrictMode);
        TimelineEvent &event = entry.event;
        event.time = QDateTime::fromString(settings.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
        if (entry.method.isEmpty() || !entry.url.isValid() || entry.url.isEmpty() || !event.time.isValid())
            continue; // damaged or edited by hand: leave it out rather than show a row that cannot be opened
        for (const QString &line : settings.value(QStringLiteral("headers")).toStringList()) {
            const qsizetype colon = line.indexOf(QLatin1Char(':'));
            if (colon > 0)
                entry.headers.append(line.left(colon).trimmed().toLatin1(), line.mid(colon + 1).trimmed().toLatin1());
        }
        event.url = entry.url;
        event.id = settings.value(QStringLiteral("eventId")).toLongLong();
        event.status = settings.value(QStringLiteral("status")).toInt();
        event.error = settings.value(QStringLiteral("error")).toString();
        event.sentIfNoneMatch = settings.value(QStringLiteral("sentIfNoneMatch")).toByteArray();
        event.sentIfModifiedSince = settings.value(QStringLiteral("sentIfModifiedSince")).toByteArray();
        event.receivedEtag = settings.value(QStringLiteral("etag")).toByteArray();
        event.receivedLastModified = settings.value(QStringLiteral("lastModified")).toByteArray();
        event.responseHeaderBytes = settings.value(QStringLiteral("headerBytes")).toLongLong();
        event.responseBodyWireBytes
            = qMax<qint64>(0, settings.value(QStringLiteral("wireBytes")).toLongLong() - event.responseHeaderBytes);
        event.bytesSaved = qMax<qint64>(0, settings.value(QStringLiteral("bytesSaved")).toLongLong());
        event.totalMs = settings.value(QStringLiteral("totalMs"), -1).toLongLong();
        entry.storeAction = settings.value(QStringLiteral("storeAction")).toString();
        entries.append(entry);
    }
    settings.endArray();
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

QString HistoryModel::facts(const HistoryEntry &entry)
{
    const TimelineEvent &event = entry.event;
    QStringList parts;
    const QString when = QLocale().toString(event.time.toLocalTime(), QLocale::ShortFormat);
    if (event.status > 0)
        parts.append(QStringLiteral("History: %1 %2 at %3").arg(entry.method).arg(event.status).arg(when));
    else
        parts.append(QStringLiteral("History: %1 failed at %2 (%3)").arg(entry.method, when, event.error));
    if (!event.sentIfNoneMatch.isEmpty())
        parts.append(QStringLiteral("sent If-None-Match: %1").arg(QString::fromLatin1(event.sentIfNoneMatch)));
    if (!event.sentIfModifiedSince.isEmpty())
        parts.append(QStringLiteral("sent If-Modified-Since: %1").arg(QString::fromLatin1(event.sentIfModifiedSince)));
    if (!event.receivedEtag.isEmpty())
        parts.append(QStringLiteral("ETag %1").arg(QString::fromLatin1(event.receivedEtag)));
    if (!event.receivedLastModified.isEmpty())
        parts.append(QStringLiteral("Last-Modified %1").arg(QString::fromLatin1(event.receivedLastModified)));
    if (event.status > 0)
        parts.append(QStringLiteral("%1 on the wire").arg(Display::bytes(event.wireBytes())));
    if (event.bytesSaved > 0)
        parts.append(QStringLiteral("saved %1").arg(Display::bytes(event.bytesSaved)));
    if (!entry.storeAction.isEmpty())
        parts.append(QStringLiteral("store: %1").arg(entry.storeAction));
    return parts.join(QStringLiteral(" \u00b7 "));
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HistoryEntry &entry = m_entries.at(index.row());
    const TimelineEvent &event = entry.event;
    switch (role) {
    case EventIdRole:
        return event.id;
    case UrlRole:
        return entry.url;
    case Qt::ToolTipRole:
        return facts(entry);
    case SortRole:
        switch (index.column()) {
        case TimeColumn:
            return event.time;
        case MethodColumn:
            return entry.method;
        case StatusColumn:
            return event.status;
        case UrlColumn:
            return entry.url.toDisplayString();
        }
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QLocale().toString(event.time.toLocalTime().time(), QStringLiteral("HH:mm:ss"));
        case MethodColumn:
            return entry.method;
        case StatusColumn:
            return event.status > 0 ? QString::number(event.status) : QStringLiteral("error");
        case UrlColumn:
            return entry.url.toDisplayString();
        }
        return {};
    }
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    static const char *const titles[] = { "Time", "Method", "Status", "URL" };
    return QString::fromLatin1(titles[section]);
}

} // namespace CacheScope
