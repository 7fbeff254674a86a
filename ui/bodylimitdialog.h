#pragma once

#include <QDialog>

class QSpinBox;

namespace CacheScope {

// Request > Response Body Limit…: how much of a response body the window keeps, in MiB. Past it the body is
// read and counted but not kept, the response says it was truncated, and it is not stored.
class BodyLimitDialog : public QDialog
{
    Q_OBJECT
public:
    explicit BodyLimitDialog(qint64 bytes, QWidget *parent = nullptr);

    qint64 bytes() const;
    QSpinBox *spinBox() const { return m_mebibytes; }

private:
    QSpinBox *m_mebibytes;
};

} // namespace CacheScope
