#pragma once

#include "bodyformat.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace CacheScope {

class BodyHighlighter;

// The response body: pretty JSON, highlighted text, or a hex summary for binary bodies. Very large bodies
// show their first part with a notice and a "Show all" button, so a 100 MB response never freezes the
// window while it is laid out.
class BodyView : public QWidget
{
    Q_OBJECT
public:
    explicit BodyView(QWidget *parent = nullptr);

    void setBody(const QByteArray &body, const QByteArray &contentType);
    void clear();

    // Limits for large bodies (tests use small ones).
    void setFormatOptions(const BodyFormatOptions &options);
    // Bodies over this many characters are not highlighted: highlighting runs over the whole document at once.
    void setHighlightLimit(qint64 characters) { m_highlightLimit = characters; }

    const BodyPresentation &presentation() const { return m_presentation; }
    QString text() const;
    QString highlightDefinition() const;

public Q_SLOTS:
    void showAll();

protected:
    void changeEvent(QEvent *event) override;

private:
    void present();
    QByteArray m_body;
    QByteArray m_contentType;
    BodyFormatOptions m_options;
    BodyPresentation m_presentation;
    qint64 m_highlightLimit = qint64(1) * 1024 * 1024;

    QLabel *m_formatLabel;
    QCheckBox *m_pretty;
    QCheckBox *m_wrap;
    QWidget *m_noticeBar;
    QLabel *m_notice;
    QPushButton *m_showAll;
    QPlainTextEdit *m_editor;
    BodyHighlighter *m_highlighter;
};

} // namespace CacheScope
