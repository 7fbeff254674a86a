#include "requestheadersmodel.h"

#include "client/request.h"
#include "diagnostics/headerexplanation.h"
#include "responseheadersmodel.h"

#include <QColor>
#include <QFont>
#include <QRegularExpression>

namespace CacheScope {

namespace {

// Red and grey that keep their contrast on light and dark bases alike.
const QColor kErrorColor(0xe0, 0x3e, 0x3e);
const QColor kDisabledColor(0x8c, 0x8c, 0x8c);

bool isBlank(const HeaderRow &row)
{
    return row.name.isEmpty() && row.value.isEmpty();
}

} // namespace

RequestHeadersModel::RequestHeadersModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int RequestHeadersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RequestHeadersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestHeadersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HeaderRow &row = m_rows.at(index.row());
    const bool nameColumn = index.column() == NameColumn;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return nameColumn ? row.name : row.value;
    case Qt::CheckStateRole:
        if (nameColumn)
            return int(row.enabled ? Qt::Checked : Qt::Unchecked);
        return {};
    case Qt::ToolTipRole:
    case ErrorRole: {
        const QString error = rowError(index.row());
        if (role == ErrorRole || !error.isEmpty())
            return error;
        if (!row.enabled)
            return QStringLiteral("Disabled: this header is not sent");
        return cachingToolTip(index.row());
    }
    case Qt::ForegroundRole:
        if (!rowError(index.row()).isEmpty())
            return kErrorColor;
        if (!row.enabled)
            return kDisabledColor;
        return {};
    case Qt::FontRole:
        if (!row.enabled) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    default:
        return {};
    }
}

bool RequestHeadersModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    HeaderRow row = m_rows.at(index.row());
    if (role == Qt::CheckStateRole && index.column() == NameColumn) {
        row.enabled = value.toInt() == Qt::Checked;
    } else if (role == Qt::EditRole) {
        (index.column() == NameColumn ? row.name : row.value) = value.toString();
        row = cleaned(row);
    } else {
        return false;
    }
    if (row == m_rows.at(index.row()))
        return true;
    m_rows[index.row()] = row;
    emitRowChanged(index.row());
    return true;
}

Qt::ItemFlags RequestHeadersModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
    if (index.column() == NameColumn)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

QVariant RequestHeadersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return QStringLiteral("Name");
    case ValueColumn:
        return QStringLiteral("Value");
    default:
        return {};
    }
}

bool RequestHeadersModel::insertRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || row > m_rows.size() || count <= 0)
        return false;
    beginInsertRows({}, row, row + count - 1);
    m_rows.insert(row, count, HeaderRow());
    endInsertRows();
    return true;
}

bool RequestHeadersModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > m_rows.size())
        return false;
    beginRemoveRows({}, row, row + count - 1);
    m_rows.remove(row, count);
    endRemoveRows();
    return true;
}

void RequestHeadersModel::setRows(const QList<HeaderRow> &rows)
{
    beginResetModel();
    m_rows.clear();
    for (const HeaderRow &row : rows)
        m_rows.append(cleaned(row));
    endResetModel();
}

int RequestHeadersModel::appendRow(const HeaderRow &row)
{
    const int index = int(m_rows.size());
    beginInsertRows({}, index, index);
    m_rows.append(cleaned(row));
    endInsertRows();
    return index;
}

RequestHeadersModel::PasteResult RequestHeadersModel::pasteLines(const QString &text)
{
    PasteResult result;
    QList<HeaderRow> added;
    const QStringList lines = text.split(QRegularExpression(QStringLiteral("\r\n|\n|\r")));
    static const QRegularExpression requestLine(QStringLiteral("^[A-Z]+ \\S+ HTTP/\\d(\\.\\d)?$"));
    for (int i = 0; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        const QString trimmed = line.trimmed();
        const int number = i + 1;
        if (trimmed.isEmpty())
            continue;
        // obs-fold (RFC 9112 §5.2): a line starting with whitespace continues the previous value.
        if ((line.startsWith(QLatin1Char(' ')) || line.startsWith(QLatin1Char('\t'))) && !added.isEmpty()) {
            added.last().value += QLatin1Char(' ') + trimmed;
            continue;
        }
        if (trimmed.startsWith(QLatin1Char(':'))) {
            result.skipped << QStringLiteral("line %1: HTTP/2 pseudo-header %2 skipped (HTTP/1.1 sends it in the "
                                             "request line or Host)")
                                  .arg(number)
                                  .arg(trimmed.section(QLatin1Char(':'), 1, 1));
            continue;
        }
        if (requestLine.match(trimmed).hasMatch() || trimmed.startsWith(QLatin1String("HTTP/"))) {
            result.skipped << QStringLiteral("line %1: request or status line skipped").arg(number);
            continue;
        }
        const qsizetype colon = trimmed.indexOf(QLatin1Char(':'));
        if (colon <= 0) {
            result.skipped << QStringLiteral("line %1: no \"Name: value\" (%2)").arg(number).arg(trimmed.left(40));
            continue;
        }
        added.append(HeaderRow { true, trimmed.left(colon), trimmed.mid(colon + 1) });
    }
    if (added.isEmpty())
        return result;
    // A blank last row is where the user was about to type: fill it rather than leaving it above the paste.
    if (!m_rows.isEmpty() && isBlank(m_rows.last()))
        removeRows(int(m_rows.size()) - 1, 1);
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    for (const HeaderRow &row : std::as_const(added))
        m_rows.append(cleaned(row));
    endInsertRows();
    result.added = int(added.size());
    return result;
}

HttpHeaders RequestHeadersModel::headers() const
{
    HttpHeaders headers;
    for (const HeaderRow &row : m_rows) {
        if (row.enabled && !row.name.isEmpty())
            headers.append(row.name.toUtf8(), row.value.toUtf8());
    }
    return headers;
}

QString RequestHeadersModel::rowError(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    const HeaderRow &header = m_rows.at(row);
    if (isBlank(header))
        return {};
    if (header.name.isEmpty())
        return QStringLiteral("the header name is empty");
    // The same sentence the client would refuse the request with.
    Request probe;
    probe.setUrl(QUrl(QStringLiteral("http://localhost/"))).addHeader(header.name.toUtf8(), header.value.toUtf8());
    return probe.validate();
}

QString RequestHeadersModel::firstError() const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (!m_rows.at(row).enabled)
            continue;
        const QString error = rowError(row);
        if (!error.isEmpty())
            return QStringLiteral("Header row %1: %2").arg(row + 1).arg(error);
    }
    return {};
}

HeaderRow RequestHeadersModel::cleaned(HeaderRow row)
{
    // Spaces around a typed or pasted name or value are never meant: HTTP strips them from values and
    // forbids them in names. CR/LF inside stay, so that they are reported.
    row.name = row.name.trimmed();
    row.value = row.value.trimmed();
    return row;
}

QVariant RequestHeadersModel::cachingToolTip(int row) const
{
    const QByteArray name = m_rows.at(row).name.toUtf8();
    if (!isCachingField(name))
        return {};
    // Read against the headers that will really be sent: Pragma next to Cache-Control, If-Modified-Since next
    // to If-None-Match.
    HeaderExplanationContext context;
    context.side = HeaderExplanationContext::Side::Request;
    context.message = headers();
    return ResponseHeadersModel::explanationHtml(
        name, explainHeaderValue(name, m_rows.at(row).value.toUtf8(), context));
}

void RequestHeadersModel::emitRowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace CacheScope
