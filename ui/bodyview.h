#pragma once

#include "bodyformat.h"

#include <algorithm>
#include <QWidget>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

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
    // The text being shown: all of it at once, even while the editor is still being filled (see isLoading()).
    QString text() const;
    // The editor's contents as of now.
    QString editorText() const;
    // True while a long text is still being appended to the editor, a slice per event-loop turn.
    bool isLoading() const { return m_formatting || m_loadedChars < m_presentation.text.size(); }
    // Characters inserted per slice (tests use small ones).
    void setSliceSize(qsizetype characters) { m_sliceChars = std::max<qsizetype>(characters, 1); }
    QString highlightDefinition() const;

public Q_SLOTS:
    void showAll();

protected:
    void changeEvent(QEvent *event) override;

private:
    void present();
    void apply(const BodyPresentation &presentation);
    void appendSlice();
    // Empties the editor without freeing a large document on the UI thread.
    void clearEditor();
    // Documents with at least this many characters are swapped for an empty one and freed on a thread.
    static constexpr int SwapDocumentChars = 1024 * 1024;
    // Bodies formatted on a worker thread from this size on.
    static constexpr qint64 AsyncFormatBytes = qint64(1) * 1024 * 1024;
    bool m_formatting = false; // a worker is formatting the current body
    quint64 m_generation = 0; // bumped by each present(): a worker's late result for an older one is dropped
    QByteArray m_body;
    QByteArray m_contentType;
    BodyFormatOptions m_options;
    BodyPresentation m_presentation;
    qint64 m_highlightLimit = qint64(1) * 1024 * 1024;
    // A QTextDocument takes about 2 ms per 1,000 characters of short JSON lines (a block each) on a busy
    // 2-core machine: slices of 16,000 keep every event-loop turn far under 100 ms.
    qsizetype m_sliceChars = 16000;
    qsizetype m_loadedChars = 0;

    QLabel *m_formatLabel;
    QCheckBox *m_pretty;
    QCheckBox *m_wrap;
    QWidget *m_noticeBar;
    QLabel *m_notice;
    QPushButton *m_showAll;
    QPlainTextEdit *m_editor;
    BodyHighlighter *m_highlighter;
    QTimer *m_sliceTimer;
};

} // namespace CacheScope
