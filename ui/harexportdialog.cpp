#include "harexportdialog.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace CacheScope {

HarExportDialog::HarExportDialog(const QList<Choice> &choices, QWidget *parent)
    : QDialog(parent)
    , m_scopes(new QButtonGroup(this))
    , m_secrets(new QCheckBox(QStringLiteral("Include credentials (Authorization, Cookie\u2026)"), this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(QStringLiteral("Export HAR"));
    setMinimumWidth(480);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("Write these exchanges as a HAR 1.2 file:"), this));
    bool checked = false;
    for (const Choice &choice : choices) {
        auto *button = new QRadioButton(choice.text, this);
        button->setObjectName(QStringLiteral("scope%1").arg(int(choice.scope)));
        button->setEnabled(choice.count != 0);
        if (!checked && choice.count != 0) {
            button->setChecked(true);
            checked = true;
        }
        m_scopes->addButton(button, int(choice.scope));
        layout->addWidget(button);
    }
    layout->addSpacing(8);
    m_secrets->setObjectName(QStringLiteral("includeSecrets"));
    m_secrets->setChecked(false);
    layout->addWidget(m_secrets);
    auto *explain
        = new QLabel(QStringLiteral("Unticked, the values of Authorization, Proxy-Authorization, Cookie and "
                                    "Set-Cookie and passwords in URLs are written as \u201c[redacted]\u201d, "
                                    "so the file can be shared. Tick it only for a file you keep to yourself."),
            this);
    explain->setWordWrap(true);
    layout->addWidget(explain);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(QStringLiteral("Export\u2026"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(checked);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

HarExportScope HarExportDialog::scope() const
{
    return HarExportScope(m_scopes->checkedId());
}

void HarExportDialog::setScope(HarExportScope scope)
{
    if (QAbstractButton *button = m_scopes->button(int(scope)); button && button->isEnabled())
        button->setChecked(true);
}

bool HarExportDialog::includeSecrets() const
{
    return m_secrets->isChecked();
}

} // namespace CacheScope
