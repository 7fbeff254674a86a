#include "focustopic.h"

#include "headerseditor.h"
#include "referencebrowser.h"
#include "requestheadersmodel.h"
#include "responseheadersview.h"

#include <QTableView>

namespace CacheScope {

FocusTopic topicForFocus(const QWidget *focus)
{
    for (const QWidget *widget = focus; widget; widget = widget->parentWidget()) {
        if (const auto *headers = qobject_cast<const ResponseHeadersView *>(widget)) {
            const QString topic = headers->currentTopic();
            return topic.isEmpty() ? FocusTopic() : FocusTopic { FocusTopic::Topic, topic };
        }
        if (const auto *editor = qobject_cast<const HeadersEditor *>(widget)) {
            // A request header being composed: If-None-Match, Cache-Control: no-cache...
            const QModelIndex current = editor->table()->currentIndex();
            const QString name = current.isValid()
                ? editor->model()->index(current.row(), RequestHeadersModel::NameColumn).data().toString().trimmed()
                : QString();
            return name.isEmpty() ? FocusTopic() : FocusTopic { FocusTopic::Topic, name };
        }
        if (qobject_cast<const ReferenceBrowser *>(widget))
            return { FocusTopic::ReferencePage, {} };
    }
    return {};
}

} // namespace CacheScope
