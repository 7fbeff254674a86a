#include "bodyeditor.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace CacheScope {

BodyEditor::BodyEditor(QWidget *parent)
    : QWidget(parent)
    , m_contentType(new QComboBox(this))
    , m_editor(new QPlainTextEdit(this))
{
    m_contentType->setObjectName(QStringLiteral("contentTypeCombo"));
    m_contentType->setEditable(true);
    m_contentType->setInsertPolicy(QComboBox::NoInsert);
    m_contentType->addItems(
        { QString(), QStringLiteral("application/json"), QStringLiteral("application/x-www-form-urlencoded"),
            QStringLiteral("text/plain; charset=utf-8"), QStringLiteral("application/xml") });
    m_contentType->lineEdit()->setPlaceholderText(QStringLiteral("none"));
    m_contentType->setToolTip(QStringLiteral("Sent as Content-Type when the body is not empty and the headers "
                                             "table does not set one"));
    m_editor->setObjectName(QStringLiteral("requestBody"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setPlaceholderText(QStringLiteral("Request body (sent as UTF-8)"));
    m_editor->setTabChangesFocus(true);

    auto *form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(QStringLiteral("Content type:"), m_contentType);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(form);
    layout->addWidget(m_editor, 1);

    connect(m_editor, &QPlainTextEdit::textChanged, this, &BodyEditor::bodyChanged);
    connect(m_contentType, &QComboBox::currentTextChanged, this, &BodyEditor::bodyChanged);
}

QByteArray BodyEditor::body() const
{
    return m_editor->toPlainText().toUtf8();
}

QString BodyEditor::text() const
{
    return m_editor->toPlainText();
}

void BodyEditor::setText(const QString &text)
{
    m_editor->setPlainText(text);
}

QString BodyEditor::contentType() const
{
    return m_contentType->currentText().trimmed();
}

void BodyEditor::setContentType(const QString &contentType)
{
    m_contentType->setCurrentText(contentType);
}

} // namespace CacheScope
