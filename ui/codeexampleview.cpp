#include "codeexampleview.h"

#include "bodyhighlighter.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace CacheScope {

CodeExampleView::CodeExampleView(const QString &caption, const QString &language, const QString &code, QWidget *parent)
    : QWidget(parent)
    , m_code(code)
    , m_caption(new QLabel(caption, this))
    , m_copy(new QToolButton(this))
    , m_editor(new QPlainTextEdit(this))
    , m_highlighter(new BodyHighlighter(m_editor->document()))
{
    setObjectName(QStringLiteral("codeExample"));
    // Exactly as tall as its code: spare room on a short page belongs below the last section.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_caption->setObjectName(QStringLiteral("codeExampleCaption"));
    QFont bold = m_caption->font();
    bold.setBold(true);
    m_caption->setFont(bold);
    m_copy->setObjectName(QStringLiteral("copyButton"));
    m_copy->setText(QStringLiteral("Copy"));
    m_copy->setToolTip(QStringLiteral("Copy this %1 example to the clipboard").arg(caption));
    m_copy->setAutoRaise(true);

    m_editor->setObjectName(QStringLiteral("codeExampleText"));
    m_editor->setReadOnly(true);
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_editor->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_highlighter->setDefinitionName(language);
    m_highlighter->setPalette(palette());
    m_editor->setPlainText(code);
    for (const QString &line : code.split(QLatin1Char('\n')))
        m_widestLine = qMax(m_widestLine, m_editor->fontMetrics().horizontalAdvance(line));
    fitHeight();

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_caption);
    bar->addStretch();
    bar->addWidget(m_copy);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_editor);

    connect(m_copy, &QToolButton::clicked, this, &CodeExampleView::copy);
}

QString CodeExampleView::caption() const
{
    return m_caption->text();
}

QString CodeExampleView::definitionName() const
{
    return m_highlighter->definitionName();
}

void CodeExampleView::copy()
{
    QApplication::clipboard()->setText(m_code);
    m_copy->setText(QStringLiteral("Copied"));
    // Feedback that fades back, so a second copy is visibly a new one too.
    QTimer::singleShot(1500, m_copy, [button = m_copy] { button->setText(QStringLiteral("Copy")); });
    Q_EMIT copied();
}

void CodeExampleView::fitHeight()
{
    // As tall as the code, so the page scrolls as a whole rather than each block on its own; plus a horizontal
    // scroll bar when a long command line does not fit, so that it never covers the last line.
    const int lines = int(m_code.count(QLatin1Char('\n'))) + 1;
    const int margin = int(m_editor->document()->documentMargin());
    const int frame = 2 * (m_editor->frameWidth() + margin) + 4;
    const bool tooWide = m_widestLine + 2 * margin + 4 > m_editor->width() - 2 * m_editor->frameWidth();
    const int scrollBar = tooWide ? m_editor->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_editor) : 0;
    m_editor->setFixedHeight(lines * m_editor->fontMetrics().lineSpacing() + frame + scrollBar);
}

void CodeExampleView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitHeight();
}

void CodeExampleView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        m_highlighter->setPalette(palette());
    QWidget::changeEvent(event);
}

} // namespace CacheScope
