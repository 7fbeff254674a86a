#pragma once

#include <QWidget>

class QComboBox;
class QPlainTextEdit;

namespace CacheScope {

// The request body and its content type. The content type is sent as Content-Type unless the headers
// table already sets one.
class BodyEditor : public QWidget
{
    Q_OBJECT
public:
    explicit BodyEditor(QWidget *parent = nullptr);

    QByteArray body() const;
    QString text() const;
    void setText(const QString &text);
    QString contentType() const;
    void setContentType(const QString &contentType);

    QPlainTextEdit *editor() const { return m_editor; }

Q_SIGNALS:
    void bodyChanged();

private:
    QComboBox *m_contentType;
    QPlainTextEdit *m_editor;
};

} // namespace CacheScope
