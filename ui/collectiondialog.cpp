#include "collectiondialog.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace CacheScope {

CollectionDialog::CollectionDialog(const QString &path, const Collection &collection, QWidget *parent)
    : QDialog(parent)
    , m_collection(collection)
    , m_list(new QTreeWidget(this))
    , m_details(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(QStringLiteral("Collection \u2014 %1").arg(QFileInfo(path).fileName()));
    resize(720, 420);
    m_list->setObjectName(QStringLiteral("collectionList"));
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setUniformRowHeights(true);
    m_list->setHeaderLabels(
        { QStringLiteral("Name"), QStringLiteral("Method"), QStringLiteral("URL"), QStringLiteral("Line") });
    for (const SavedRequest &saved : collection.requests) {
        auto *item = new QTreeWidgetItem(m_list,
            { saved.name.isEmpty() ? QStringLiteral("(unnamed)") : saved.name,
                QString::fromLatin1(saved.request.method), saved.request.url.toDisplayString(),
                QString::number(saved.line) });
        QStringList tip = saved.comments;
        tip.append(QStringLiteral("%1 header(s), %2 byte body")
                       .arg(saved.request.headers.size())
                       .arg(saved.request.body.size()));
        item->setToolTip(0, tip.join(QLatin1Char('\n')));
    }
    for (int column = 0; column < 2; ++column) {
        m_list->resizeColumnToContents(column);
        m_list->setColumnWidth(column, m_list->columnWidth(column) + 16); // air between name and method
    }
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::PlainText);
    m_details->setText(collection.requests.isEmpty()
            ? QStringLiteral("%1 holds no requests.").arg(path)
            : QStringLiteral("%1 request(s) in %2. Open puts the selected one in the composer.")
                  .arg(collection.requests.size())
                  .arg(path));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_details);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_buttons);
    QPushButton *open = m_buttons->button(QDialogButtonBox::Open);
    open->setEnabled(false);
    connect(m_list, &QTreeWidget::currentItemChanged, this,
        [open](QTreeWidgetItem *current) { open->setEnabled(current != nullptr); });
    connect(m_list, &QTreeWidget::itemActivated, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (!collection.requests.isEmpty())
        setCurrentRow(0);
}

void CollectionDialog::setCurrentRow(int row)
{
    if (row >= 0 && row < m_list->topLevelItemCount())
        m_list->setCurrentItem(m_list->topLevelItem(row));
}

SavedRequest CollectionDialog::chosen() const
{
    const int row = m_list->currentItem() ? m_list->indexOfTopLevelItem(m_list->currentItem()) : -1;
    return row >= 0 && row < m_collection.requests.size() ? m_collection.requests.at(row) : SavedRequest();
}

} // namespace CacheScope
