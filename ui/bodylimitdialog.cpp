#include "bodylimitdialog.h"

#include "client/httpclient.h"

#include <algorithm>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace CacheScope {

namespace {

constexpr qint64 MiB = 1024 * 1024;
constexpr int MaxMebibytes = 16 * 1024; // 16 GiB: more than that in memory is not an inspector's job

} // namespace

BodyLimitDialog::BodyLimitDialog(qint64 bytes, QWidget *parent)
    : QDialog(parent)
    , m_mebibytes(new QSpinBox(this))
{
    setObjectName(QStringLiteral("bodyLimitDialog"));
    setWindowTitle(QStringLiteral("Response Body Limit"));
    auto *intro = new QLabel(QStringLiteral("CacheScope keeps at most this much of a response body in memory. A "
                                            "larger body is still read to the end and counted, but only its "
                                            "beginning is kept: the response says it was truncated, and it is not "
                                            "stored as if complete."),
        this);
    intro->setWordWrap(true);
    m_mebibytes->setObjectName(QStringLiteral("bodyLimit"));
    m_mebibytes->setRange(1, MaxMebibytes);
    m_mebibytes->setSuffix(QStringLiteral(" MiB"));
    m_mebibytes->setValue(int(std::clamp<qint64>((bytes + MiB - 1) / MiB, 1, MaxMebibytes)));
    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("Keep at most:"), m_mebibytes);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton *defaults = buttons->addButton(QDialogButtonBox::RestoreDefaults);
    connect(defaults, &QPushButton::clicked, this,
        [this] { m_mebibytes->setValue(int(HttpClient::DefaultMaxBodyBytes / MiB)); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(460, sizeHint().height());
}

qint64 BodyLimitDialog::bytes() const
{
    return qint64(m_mebibytes->value()) * MiB;
}

} // namespace CacheScope
