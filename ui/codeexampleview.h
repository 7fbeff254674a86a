#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QResizeEvent;
class QToolButton;

namespace CacheScope {

class BodyHighlighter;

// One copyable code example: a caption, a Copy button and the code in a read-only monospace block that is as
// tall as the code, highlighted when KSyntaxHighlighting is built in.
class CodeExampleView : public QWidget
{
    Q_OBJECT
public:
    // `language` is a KSyntaxHighlighting definition name ("JavaScript", "Python", "Bash"); empty for none.
    CodeExampleView(const QString &caption, const QString &language, const QString &code, QWidget *parent = nullptr);

    QString caption() const;
    QString code() const { return m_code; }
    QToolButton *copyButton() const { return m_copy; }
    QPlainTextEdit *editor() const { return m_editor; }
    // The highlighting definition in use, empty when none (no KSyntaxHighlighting, or an unknown language).
    QString definitionName() const;

public Q_SLOTS:
    // Puts the code on the clipboard, exactly as shown.
    void copy();

Q_SIGNALS:
    void copied();

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitHeight();

    QString m_code;
    QLabel *m_caption;
    QToolButton *m_copy;
    QPlainTextEdit *m_editor;
    BodyHighlighter *m_highlighter;
    int m_widestLine = 0; // pixels
};

} // namespace CacheScope
