#include "headerseditor.h"

#include "requestheadersmodel.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace CacheScope {

HeadersEditor::HeadersEditor(QWidget *parent)
    : QWidget(parent)
    , m_model(new RequestHeadersModel(this))
    , m_table(new QTableView(this))
    , m_error(new QLabel(this))
    , m_info(new QLabel(this))
{
    m_table->setObjectName(QStringLiteral("requestHeaders"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(
        QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->setColumnWidth(RequestHeadersModel::NameColumn, 200);

    m_error->setObjectName(QStringLiteral("headersError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xe0, 0x3e, 0x3e));
    m_error->setPalette(errorPalette);
    m_info->setObjectName(QStringLiteral("headersInfo"));
    m_info->setWordWrap(true);
    m_info->setForegroundRole(QPalette::PlaceholderText);

    auto *add = new QPushButton(QStringLiteral("Add"), this);
    add->setObjectName(QStringLiteral("addHeader"));
    auto *remove = new QPushButton(QStringLiteral("Remove"), this);
    remove->setObjectName(QStringLiteral("removeHeader"));
    auto *paste = new QPushButton(QStringLiteral("Paste headers"), this);
    paste->setObjectName(QStringLiteral("pasteHeaders"));
    paste->setToolTip(
        QStringLiteral("Add \"Name: value\" lines from the clipboard (as copied from browser dev tools)"));

    // Ctrl+V on the table (not while editing a cell) pastes whole header lines.
    auto *pasteAction = new QAction(QStringLiteral("Paste headers"), m_table);
    pasteAction->setShortcut(QKeySequence::Paste);
    pasteAction->setShortcutContext(Qt::WidgetShortcut);
    m_table->addAction(pasteAction);
    auto *deleteAction = new QAction(QStringLiteral("Remove headers"), m_table);
    deleteAction->setShortcut(QKeySequence::Delete);
    deleteAction->setShortcutContext(Qt::WidgetShortcut);
    m_table->addAction(deleteAction);

    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addWidget(paste);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_error);
    layout->addWidget(m_info);

    connect(add, &QPushButton::clicked, this, &HeadersEditor::addRow);
    connect(remove, &QPushButton::clicked, this, &HeadersEditor::removeSelectedRows);
    connect(paste, &QPushButton::clicked, this, &HeadersEditor::pasteFromClipboard);
    connect(pasteAction, &QAction::triggered, this, &HeadersEditor::pasteFromClipboard);
    connect(deleteAction, &QAction::triggered, this, &HeadersEditor::removeSelectedRows);
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(m_model, signal, this, &HeadersEditor::updateStatus);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &HeadersEditor::updateStatus);
    connect(m_model, &QAbstractItemModel::modelReset, this, &HeadersEditor::updateStatus);
    updateStatus();
}

QString HeadersEditor::errorText() const
{
    return m_error->text();
}

void HeadersEditor::addRow()
{
    const int row = m_model->appendRow({});
    const QModelIndex index = m_model->index(row, RequestHeadersModel::NameColumn);
    m_table->setCurrentIndex(index);
    m_table->edit(index);
}

void HeadersEditor::removeSelectedRows()
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty() && m_table->currentIndex().isValid())
        rows.append(m_table->currentIndex().row());
    // From the bottom up, so the row numbers still to remove stay valid.
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (int row : std::as_const(rows))
        m_model->removeRows(row, 1);
}

void HeadersEditor::pasteText(const QString &text)
{
    const RequestHeadersModel::PasteResult result = m_model->pasteLines(text);
    QString info = QStringLiteral("Pasted %1 header(s).").arg(result.added);
    if (!result.skipped.isEmpty())
        info += QStringLiteral(" Skipped: %1").arg(result.skipped.join(QStringLiteral("; ")));
    m_info->setText(info);
}

void HeadersEditor::pasteFromClipboard()
{
    pasteText(QGuiApplication::clipboard()->text());
}

void HeadersEditor::updateStatus()
{
    const QString error = m_model->firstError();
    m_error->setText(error.isEmpty() ? QString() : QStringLiteral("Cannot send: %1").arg(error));
    m_error->setVisible(!error.isEmpty());
    if (m_info->text().isEmpty() || m_model->rowCount() == 0)
        m_info->setText(QStringLiteral("Host, User-Agent and Accept-Encoding are added unless set here."));
    Q_EMIT headersChanged();
}

} // namespace CacheScope
