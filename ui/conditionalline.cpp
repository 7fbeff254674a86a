#include "conditionalline.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>

namespace CacheScope {

namespace {

// Field values come from a server: keep them on one line and readable however long they are.
QString shown(const QByteArray &value)
{
    QString text = QString::fromLatin1(value).simplified();
    if (text.size() > 120)
        text = text.left(117) + QStringLiteral("\u2026");
    return text;
}

} // namespace

ConditionalLine::ConditionalLine(QWidget *parent)
    : QWidget(parent)
    , m_check(new QCheckBox(QStringLiteral("Conditional headers from the store:"), this))
    , m_label(new QLabel(this))
{
    setObjectName(QStringLiteral("conditionalLine"));
    m_check->setObjectName(QStringLiteral("addConditionals"));
    m_check->setChecked(true);
    m_check->setToolTip(QStringLiteral("Add If-None-Match / If-Modified-Since from the validators CacheScope stored "
                                       "for this URL. Turn off to send exactly what is composed."));
    m_label->setObjectName(QStringLiteral("conditionalText"));
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setTextFormat(Qt::PlainText);
    m_label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_check);
    layout->addWidget(m_label, 1);
    connect(m_check, &QCheckBox::toggled, this, [this](bool checked) {
        updateLook();
        Q_EMIT addConditionalsChanged(checked);
    });
    setPreview({}, Reason::NoStore);
}

void ConditionalLine::setPreview(const ConditionalRequest &preview, Reason reason, const QString &detail)
{
    m_preview = preview;
    m_reason = reason;
    m_label->setText(describe(preview, reason, detail));
    QStringList tip;
    for (const ConditionalField &field : preview.fields)
        tip.append(QStringLiteral("%1: %2").arg(QString::fromLatin1(field.name), field.reason));
    tip.append(preview.notes);
    m_label->setToolTip(tip.join(QLatin1Char('\n')));
    updateLook();
}

bool ConditionalLine::addConditionals() const
{
    return m_check->isChecked();
}

void ConditionalLine::setAddConditionals(bool add)
{
    m_check->setChecked(add);
}

QString ConditionalLine::text() const
{
    return m_label->text();
}

QString ConditionalLine::describe(const ConditionalRequest &preview, Reason reason, const QString &detail)
{
    switch (reason) {
    case Reason::NoStore:
        return QStringLiteral("none (no validator store%1)")
            .arg(detail.isEmpty() ? QString() : QStringLiteral(": ") + detail);
    case Reason::Method:
        return QStringLiteral("none (%1 is not revalidated; only GET and HEAD are)").arg(detail);
    case Reason::TypedByUser:
        return QStringLiteral("none (your %1 is sent as typed)").arg(detail);
    case Reason::InvalidRequest:
        return QStringLiteral("none (%1)").arg(detail.isEmpty() ? QStringLiteral("no valid URL yet") : detail);
    case Reason::None:
        break;
    }
    if (!preview.isConditional())
        return QStringLiteral("nothing stored for this URL");
    QStringList parts;
    for (const ConditionalField &field : preview.fields)
        parts.append(QStringLiteral("%1: %2").arg(QString::fromLatin1(field.name), shown(field.value)));
    return parts.join(QStringLiteral("  \u00b7  "));
}

void ConditionalLine::updateLook()
{
    // Off, or nothing to add: the text is greyed so the line reads as "not part of the request".
    const bool active = m_check->isChecked() && m_reason == Reason::None && m_preview.isConditional();
    m_label->setEnabled(active);
    QFont font = m_label->font();
    font.setStrikeOut(!m_check->isChecked() && m_preview.isConditional());
    m_label->setFont(font);
}

} // namespace CacheScope
