#include "rawexchangeview.h"

#include "bodyformat.h"
#include "formatting.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QVBoxLayout>

namespace CacheScope {

namespace {

constexpr qint64 kRawBodyLimit = 64 * 1024;

QWidget *titled(const QString &title, QPlainTextEdit *editor, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *label = new QLabel(title, box);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    layout->addWidget(label);
    layout->addWidget(editor, 1);
    return box;
}

QPlainTextEdit *rawEditor(const QString &name, QWidget *parent)
{
    auto *editor = new QPlainTextEdit(parent);
    editor->setObjectName(name);
    editor->setReadOnly(true);
    editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return editor;
}

} // namespace

RawExchangeView::RawExchangeView(QWidget *parent)
    : QWidget(parent)
    , m_sent(rawEditor(QStringLiteral("rawSent"), this))
    , m_received(rawEditor(QStringLiteral("rawReceived"), this))
{
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(titled(QStringLiteral("Request as sent"), m_sent, splitter));
    splitter->addWidget(titled(QStringLiteral("Response as received"), m_received, splitter));
    // Response heads are usually the longer of the two.
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

void RawExchangeView::setExchange(const Exchange &exchange)
{
    m_sent->setPlainText(requestText(exchange, kRawBodyLimit));
    m_received->setPlainText(responseText(exchange));
}

void RawExchangeView::clear()
{
    m_sent->clear();
    m_received->clear();
}

QString RawExchangeView::sentText() const
{
    return m_sent->toPlainText();
}

QString RawExchangeView::receivedText() const
{
    return m_received->toPlainText();
}

QString RawExchangeView::printable(const QByteArray &bytes)
{
    QString out;
    out.reserve(bytes.size());
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto c = static_cast<unsigned char>(bytes.at(i));
        if (c == '\r' && i + 1 < bytes.size() && bytes.at(i + 1) == '\n')
            continue;
        if (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f))
            out += QChar(char16_t(c)); // Latin-1: one character per byte
        else
            out += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
    }
    return out;
}

QString RawExchangeView::requestText(const Exchange &exchange, qint64 bodyLimit)
{
    if (exchange.rawRequestHead.isEmpty())
        return QStringLiteral("(nothing was sent)");
    QString text = printable(exchange.rawRequestHead);
    const QByteArray &body = exchange.request.body;
    if (body.isEmpty())
        return text;
    if (looksBinary(body))
        return text + QStringLiteral("[binary body, %1]").arg(Display::bytes(body.size()));
    text += printable(body.left(bodyLimit));
    if (body.size() > bodyLimit)
        text += QStringLiteral("\n[\u2026 %1 more]").arg(Display::bytes(body.size() - bodyLimit));
    return text;
}

QString RawExchangeView::responseText(const Exchange &exchange)
{
    if (!exchange.hasResponse() && exchange.rawResponseHead.isEmpty())
        return QStringLiteral("(no response)");
    QString text;
    // The client may keep interim responses only as parsed values: rebuild their heads unless the raw head
    // already starts with one.
    const bool headHasInterim = exchange.rawResponseHead.size() > 9 && exchange.rawResponseHead.at(9) == '1';
    if (!headHasInterim) {
        for (const InterimResponse &interim : exchange.interim) {
            QByteArray head = exchange.httpVersion.isEmpty() ? QByteArray("HTTP/1.1") : exchange.httpVersion;
            head += ' ' + QByteArray::number(interim.status) + ' ' + interim.reason + "\r\n";
            head += interim.headers.toWire() + "\r\n";
            text += printable(head);
        }
    }
    text += printable(exchange.rawResponseHead);
    if (exchange.bytes.responseBodyWire > 0 || !exchange.body.isEmpty()) {
        QString body = QStringLiteral("[body: %1 on the wire").arg(Display::bytes(exchange.bytes.responseBodyWire));
        if (!exchange.contentEncoding.isEmpty())
            body += QStringLiteral(" (%1), %2 decoded")
                        .arg(QString::fromLatin1(exchange.contentEncoding), Display::bytes(exchange.body.size()));
        text += body + QStringLiteral(": see the Body tab]");
    }
    return text;
}

} // namespace CacheScope
