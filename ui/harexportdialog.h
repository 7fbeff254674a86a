#pragma once

#include <QDialog>
#include <QList>

class QButtonGroup;
class QCheckBox;
class QDialogButtonBox;

namespace CacheScope {

// Which exchanges File > Export HAR… writes.
enum class HarExportScope
{
    CurrentUrl, // the timeline of the URL the Timeline page (or the composer) shows
    History, // every row of the sidebar's History
    SelectedHistory, // the History rows selected in the sidebar
    SelectedTimeline, // the rows selected in the Timeline page's table
    AllStored, // everything in the timeline store (as `har export --all`)
};

// What to export and whether credentials go in. Each choice says how many exchanges it holds; empty ones
// are disabled. Credentials are left out unless the box is ticked.
class HarExportDialog : public QDialog
{
    Q_OBJECT
public:
    struct Choice
    {
        HarExportScope scope;
        QString text; // "Timeline of https://example.com/ (12 exchanges)"
        int count; // -1: unknown (enabled), 0: disabled
    };

    explicit HarExportDialog(const QList<Choice> &choices, QWidget *parent = nullptr);

    HarExportScope scope() const;
    void setScope(HarExportScope scope);
    bool includeSecrets() const;
    QCheckBox *secretsBox() const { return m_secrets; }

private:
    QButtonGroup *m_scopes;
    QCheckBox *m_secrets;
    QDialogButtonBox *m_buttons;
};

} // namespace CacheScope
