#include "harimportmodel.h"

#include <QBrush>
#include <QColor>

namespace CacheScope {

HarImportModel::HarImportModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

bool HarImportModel::load(const QByteArray &json, QString *error)
{
    const HarParseResult parsed = parseHar(json);
    if (!parsed.ok()) {
        if (error)
            *error = parsed.error;
        return false;
    }
    setEntries(parsed.entries, parsed.warnings);
    return true;
}

void HarImportModel::setEntries(const QList<HarEntry> &entries, const QStringList &warnings)
{
    beginResetModel();
    m_entries = entries;
    m_verdicts.clear();
    for (const HarEntry &entry : entries)
        m_verdicts.append(diagnoseHarEntry(entry));
    m_results = QStringList(m_entries.size(), QString());
    m_warnings = warnings;
    m_summary = summarizeCaching(m_entries, m_verdicts);
    endResetModel();
}

void HarImportModel::clear()
{
    setEntries({});
}

QString HarImportModel::summaryText() const
{
    if (m_entries.isEmpty())
        return QStringLiteral("No entries");
    QString sentence = m_summary.sentence();
    if (!sentence.isEmpty())
        sentence[0] = sentence.at(0).toUpper();
    return sentence + QLatin1Char('.');
}

QString HarImportModel::cacheabilityText(HarCacheability cacheability)
{
    switch (cacheability) {
    case HarCacheability::Revalidatable:
        return QStringLiteral("can be revalidated");
    case HarCacheability::NoValidator:
        return QStringLiteral("no validator");
    case HarCacheability::NoStore:
        return QStringLiteral("no-store");
    case HarCacheability::NotApplicable:
        break;
    }
    return QStringLiteral("nothing to revalidate");
}

QString HarImportModel::validatorsText(int row) const
{
    const HarCachingVerdict &verdict = m_verdicts.at(row);
    QStringList parts;
    if (!verdict.etag.isEmpty())
        parts.append(QStringLiteral("ETag %1").arg(QString::fromLatin1(verdict.etag)));
    if (!verdict.lastModified.isEmpty())
        parts.append(QStringLiteral("Last-Modified %1").arg(QString::fromLatin1(verdict.lastModified)));
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QStringLiteral(", "));
}

QString HarImportModel::describe(int row) const
{
    if (row < 0 || row >= m_entries.size())
        return {};
    const HarEntry &entry = m_entries.at(row);
    const HarCachingVerdict &verdict = m_verdicts.at(row);
    QStringList lines;
    lines.append(QStringLiteral("#%1 %2 %3: %4")
                     .arg(entry.index)
                     .arg(QString::fromLatin1(entry.method), entry.url.toDisplayString(),
                         cacheabilityText(verdict.cacheability)));
    lines.append(QStringLiteral("Validators: %1").arg(validatorsText(row)));
    if (!verdict.freshnessText.isEmpty())
        lines.append(QStringLiteral("Freshness: %1").arg(verdict.freshnessText));
    if (verdict.potentialSaving > 0)
        lines.append(QStringLiteral("A 304 on a revisit would spare %1").arg(formatHarBytes(verdict.potentialSaving)));
    for (const QString &note : verdict.notes)
        lines.append(QStringLiteral("\u2022 ") + note);
    if (!m_results.value(row).isEmpty())
        lines.append(QStringLiteral("Revalidated now: %1").arg(m_results.value(row)));
    return lines.join(QLatin1Char('\n'));
}

void HarImportModel::setResult(int row, const QString &text)
{
    if (row < 0 || row >= m_results.size())
        return;
    m_results[row] = text;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int HarImportModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int HarImportModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HarImportModel::display(int row, int column) const
{
    const HarEntry &entry = m_entries.at(row);
    const HarCachingVerdict &verdict = m_verdicts.at(row);
    switch (column) {
    case IndexColumn:
        return entry.index;
    case MethodColumn:
        return QString::fromLatin1(entry.method);
    case StatusColumn: {
        if (entry.status <= 0)
            return entry.error.isEmpty() ? QStringLiteral("no response") : entry.error;
        QString text = QString::number(entry.status);
        if (entry.fromCache())
            text += QStringLiteral(" (cache)");
        return text;
    }
    case UrlColumn:
        return entry.url.toDisplayString();
    case ValidatorsColumn:
        return validatorsText(row);
    case FreshnessColumn:
        return verdict.freshnessText;
    case DiagnosisColumn:
        return cacheabilityText(verdict.cacheability);
    case SavingColumn:
        return verdict.potentialSaving > 0 ? formatHarBytes(verdict.potentialSaving) : QString();
    case ResultColumn:
        return m_results.value(row);
    }
    return {};
}

QVariant HarImportModel::sortValue(int row, int column) const
{
    const HarEntry &entry = m_entries.at(row);
    const HarCachingVerdict &verdict = m_verdicts.at(row);
    switch (column) {
    case IndexColumn:
        return entry.index;
    case StatusColumn:
        return entry.status;
    case FreshnessColumn:
        return verdict.freshnessKnown ? verdict.lifetime : qint64(-1);
    case DiagnosisColumn:
        return int(verdict.cacheability);
    case SavingColumn:
        return verdict.potentialSaving;
    }
    return display(row, column);
}

QVariant HarImportModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case SortRole:
        return sortValue(row, index.column());
    case CacheabilityRole:
        return int(m_verdicts.at(row).cacheability);
    case FilterRole: {
        const HarEntry &entry = m_entries.at(row);
        return QStringList { QString::fromLatin1(entry.method), entry.url.toDisplayString(),
            QString::number(entry.status), cacheabilityText(m_verdicts.at(row).cacheability) }
            .join(QLatin1Char(' '));
    }
    case Qt::ToolTipRole:
        return describe(row);
    case Qt::TextAlignmentRole:
        if (index.column() == IndexColumn || index.column() == SavingColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        // The category reads at a glance: green can be revalidated, amber downloads again, red keeps nothing.
        if (index.column() != DiagnosisColumn)
            return {};
        switch (m_verdicts.at(row).cacheability) {
        case HarCacheability::Revalidatable:
            return QBrush(QColor(0x2e, 0x9d, 0x4f));
        case HarCacheability::NoValidator:
            return QBrush(QColor(0xc7, 0x7c, 0x0e));
        case HarCacheability::NoStore:
            return QBrush(QColor(0xd0, 0x3a, 0x3a));
        case HarCacheability::NotApplicable:
            break;
        }
        return {};
    }
    return {};
}

QVariant HarImportModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    static const char *const titles[]
        = { "#", "Method", "Status", "URL", "Diagnosis", "Saving", "Validators", "Freshness", "Revalidated now" };
    return QString::fromLatin1(titles[section]);
}

} // namespace CacheScope
