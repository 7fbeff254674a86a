#pragma once

#include "client/exchange.h"

#include <QWidget>

class QLabel;

namespace CacheScope {

// What went wrong and what to check, in the response area (never a modal dialog).
class ErrorPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ErrorPanel(QWidget *parent = nullptr);

    void setExchange(const Exchange &exchange);
    QString title() const;
    QString message() const;
    QString hint() const;

private:
    QLabel *m_icon;
    QLabel *m_title;
    QLabel *m_message;
    QLabel *m_hint;
    QLabel *m_details;
};

} // namespace CacheScope
