#include "bodyview.h"

#include "bodyhighlighter.h"
#include "formatting.h"

#include <memory>
#include <QCheckBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextDocumentLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextCursor>
#include <QTextDocument>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

namespace CacheScope {

BodyView::BodyView(QWidget *parent)
    : QWidget(parent)
    , m_formatLabel(new QLabel(this))
    , m_pretty(new QCheckBox(QStringLiteral("Pretty"), this))
    , m_wrap(new QCheckBox(QStringLiteral("Wrap lines"), this))
    , m_noticeBar(new QWidget(this))
    , m_notice(new QLabel(m_noticeBar))
    , m_showAll(new QPushButton(QStringLiteral("Show all"), m_noticeBar))
    , m_editor(new QPlainTextEdit(this))
    , m_highlighter(nullptr)
    , m_sliceTimer(new QTimer(this))
{
    m_sliceTimer->setInterval(0);
    connect(m_sliceTimer, &QTimer::timeout, this, &BodyView::appendSlice);
    m_formatLabel->setObjectName(QStringLiteral("bodyFormat"));
    m_pretty->setObjectName(QStringLiteral("bodyPretty"));
    m_pretty->setChecked(true);
    m_pretty->setToolTip(QStringLiteral("Re-indent JSON (key order and numbers are kept as sent)"));
    m_wrap->setObjectName(QStringLiteral("bodyWrap"));
    m_wrap->setChecked(true);
    m_notice->setObjectName(QStringLiteral("bodyNotice"));
    m_notice->setWordWrap(true);
    m_showAll->setObjectName(QStringLiteral("bodyShowAll"));
    m_editor->setObjectName(QStringLiteral("bodyText"));
    m_editor->setReadOnly(true);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_editor->setPlaceholderText(QStringLiteral("No body"));
    m_highlighter = new BodyHighlighter(m_editor->document(), this);
    m_highlighter->setPalette(m_editor->palette());

    auto *toolbar = new QHBoxLayout;
    toolbar->setContentsMargins(0, 0, 0, 0);
    toolbar->addWidget(m_formatLabel);
    toolbar->addStretch();
    toolbar->addWidget(m_pretty);
    toolbar->addWidget(m_wrap);

    // The notice uses the tooltip colours: a tinted strip that the platform keeps readable in both palettes.
    m_noticeBar->setAutoFillBackground(true);
    m_noticeBar->setBackgroundRole(QPalette::ToolTipBase);
    m_notice->setForegroundRole(QPalette::ToolTipText);
    auto *noticeLayout = new QHBoxLayout(m_noticeBar);
    noticeLayout->setContentsMargins(8, 4, 4, 4);
    noticeLayout->addWidget(m_notice, 1);
    noticeLayout->addWidget(m_showAll);
    m_noticeBar->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(toolbar);
    layout->addWidget(m_noticeBar);
    layout->addWidget(m_editor, 1);

    connect(m_showAll, &QPushButton::clicked, this, &BodyView::showAll);
    connect(m_pretty, &QCheckBox::toggled, this, [this](bool on) {
        m_options.prettyJson = on;
        present();
    });
    connect(m_wrap, &QCheckBox::toggled, this,
        [this](bool on) { m_editor->setLineWrapMode(on ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap); });
    clear();
}

void BodyView::setBody(const QByteArray &body, const QByteArray &contentType)
{
    m_body = body;
    m_contentType = contentType;
    m_options.showAll = false;
    present();
}

void BodyView::clear()
{
    setBody({}, {});
}

void BodyView::setFormatOptions(const BodyFormatOptions &options)
{
    m_options = options;
    m_pretty->setChecked(options.prettyJson);
    present();
}

QString BodyView::text() const
{
    return m_presentation.text;
}

QString BodyView::editorText() const
{
    return m_editor->toPlainText();
}

void BodyView::appendSlice()
{
    const QString &text = m_presentation.text;
    if (m_loadedChars >= text.size()) {
        m_sliceTimer->stop();
        return;
    }
    // End the slice after a line break where there is one, so no line is split between two insertions.
    // A slice with no line break takes the rest of its line: the editor lays out a whole line again on every
    // insertion into it, so a long line inserted in slices would cost its length squared.
    qsizetype end = std::min(text.size(), m_loadedChars + m_sliceChars);
    if (end < text.size()) {
        const qsizetype newline = text.lastIndexOf(QLatin1Char('\n'), end - 1);
        const qsizetype lineEnd = newline >= m_loadedChars ? newline : text.indexOf(QLatin1Char('\n'), end);
        end = lineEnd < 0 ? text.size() : lineEnd + 1;
    }
    QTextCursor cursor(m_editor->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text.mid(m_loadedChars, end - m_loadedChars));
    m_loadedChars = end;
    if (m_loadedChars >= text.size())
        m_sliceTimer->stop();
}

QString BodyView::highlightDefinition() const
{
    return m_highlighter->definitionName();
}

void BodyView::showAll()
{
    m_options.showAll = true;
    present();
}

void BodyView::changeEvent(QEvent *event)
{
    // This view's palette: the editor inherits it, but gets its own PaletteChange only after this one.
    if (event->type() == QEvent::PaletteChange)
        m_highlighter->setPalette(palette());
    QWidget::changeEvent(event);
}

void BodyView::present()
{
    ++m_generation;
    const qint64 formatted = m_options.showAll ? m_body.size() : std::min<qint64>(m_body.size(), m_options.fullLimit);
    m_formatting = false;
    if (formatted <= AsyncFormatBytes) {
        apply(presentBody(m_body, m_contentType, m_options));
        return;
    }
    // Re-indenting and decoding megabytes takes seconds: done on a worker thread (presentBody() touches no
    // widget), the result applied if no newer body or option arrived meanwhile.
    m_sliceTimer->stop();
    m_loadedChars = 0;
    m_presentation = {};
    m_formatting = true;
    clearEditor();
    m_notice->setText(QStringLiteral("Formatting %1\u2026").arg(Display::bytes(formatted)));
    m_showAll->hide();
    m_noticeBar->show();
    auto result = std::make_shared<BodyPresentation>();
    QThread *worker = QThread::create([result, body = m_body, type = m_contentType, options = m_options] {
        *result = presentBody(body, type, options);
    });
    const quint64 generation = m_generation;
    connect(worker, &QThread::finished, this, [this, result, generation] {
        if (generation == m_generation) {
            m_formatting = false;
            apply(*result);
        }
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start(QThread::LowPriority);
}

void BodyView::clearEditor()
{
    QTextDocument *old = m_editor->document();
    if (old->characterCount() < SwapDocumentChars) {
        m_editor->clear();
        return;
    }
    // Freeing the blocks of megabytes of text takes the UI thread most of a second. The editor gets a new,
    // empty document; the old one, detached from the editor and the highlighter, is deleted on a thread.
    auto *fresh = new QTextDocument(this);
    fresh->setDocumentLayout(new QPlainTextDocumentLayout(fresh));
    fresh->setDefaultFont(old->defaultFont());
    fresh->setUndoRedoEnabled(false);
    // Unparented first: the editor deletes a document it owns when it gets another.
    old->setParent(nullptr);
    m_highlighter->setDocument(fresh);
    m_editor->setDocument(fresh);
    QThread *reaper = QThread::create([old] { delete old; });
    old->moveToThread(reaper);
    connect(reaper, &QThread::finished, reaper, &QObject::deleteLater);
    reaper->start(QThread::LowPriority);
}

void BodyView::apply(const BodyPresentation &presentation)
{
    m_presentation = presentation;
    const BodyPresentation &p = m_presentation;

    // Clear first so that switching definitions does not re-highlight the previous (maybe huge) text.
    clearEditor();
    const bool highlight = p.kind != BodyPresentation::Kind::Binary && p.text.size() <= m_highlightLimit;
    m_highlighter->setMimeType(highlight ? p.mimeType : QString());
    // A long text goes in a slice per event-loop turn (appendSlice()), so the window keeps reacting.
    m_sliceTimer->stop();
    m_loadedChars = 0;
    m_editor->document()->setUndoRedoEnabled(false);
    appendSlice();
    if (isLoading())
        m_sliceTimer->start();

    m_pretty->setVisible(p.kind == BodyPresentation::Kind::Json);
    m_wrap->setVisible(p.kind != BodyPresentation::Kind::Binary);
    if (p.kind == BodyPresentation::Kind::Binary)
        m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    else
        m_editor->setLineWrapMode(m_wrap->isChecked() ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);

    m_formatLabel->setText(p.kind == BodyPresentation::Kind::Empty
            ? QString()
            : QStringLiteral("%1 \u00b7 %2").arg(p.label, Display::bytes(p.totalBytes)));
    m_formatLabel->setToolTip(p.mimeType);

    QString notice = p.notice;
    if (highlight == false && p.kind != BodyPresentation::Kind::Binary && BodyHighlighter::isAvailable()
        && !p.mimeType.isEmpty()) {
        notice += (notice.isEmpty() ? QString() : QStringLiteral(" "))
            + QStringLiteral("Syntax highlighting is off for bodies over %1.").arg(Display::bytes(m_highlightLimit));
    }
    m_notice->setText(notice);
    m_showAll->setVisible(p.truncated);
    m_showAll->setText(QStringLiteral("Show all %1").arg(Display::bytes(p.totalBytes)));
    m_noticeBar->setVisible(!notice.isEmpty());
}

} // namespace CacheScope
