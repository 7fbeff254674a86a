#pragma once

#include "interop/collection.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QTreeWidget;

namespace CacheScope {

// File > Open Collection…: the requests of a .http collection file (name, method, URL, line); the chosen one
// goes to the composer.
class CollectionDialog : public QDialog
{
    Q_OBJECT
public:
    CollectionDialog(const QString &path, const Collection &collection, QWidget *parent = nullptr);

    // The request picked (the current row); null name and empty URL when none.
    SavedRequest chosen() const;
    void setCurrentRow(int row);
    QTreeWidget *list() const { return m_list; }

private:
    Collection m_collection;
    QTreeWidget *m_list;
    QLabel *m_details;
    QDialogButtonBox *m_buttons;
};

} // namespace CacheScope
