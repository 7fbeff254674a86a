#pragma once

#include "client/exchange.h"

#include <QWidget>

class QPlainTextEdit;

namespace CacheScope {

// The exchange byte for byte: the request as sent (head + body) and the response head as received, interim
// 1xx responses included. Control characters other than tab and line breaks are shown escaped (\x00), so
// a stray byte in a header is visible rather than silently dropped.
class RawExchangeView : public QWidget
{
    Q_OBJECT
public:
    explicit RawExchangeView(QWidget *parent = nullptr);

    void setExchange(const Exchange &exchange);
    void clear();

    QString sentText() const;
    QString receivedText() const;

    // Bytes as text: CRLF becomes a line break, other control bytes are escaped.
    static QString printable(const QByteArray &bytes);
    static QString requestText(const Exchange &exchange, qint64 bodyLimit);
    static QString responseText(const Exchange &exchange);

private:
    QPlainTextEdit *m_sent;
    QPlainTextEdit *m_received;
};

} // namespace CacheScope
