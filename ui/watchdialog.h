#pragma once

#include "client/watchscheduler.h"

#include <QDialog>
#include <QList>
#include <QUrl>

class QCheckBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QRadioButton;
class QSpinBox;

namespace CacheScope {

// What the watch dialog asks for: URLs and how to revalidate them.
struct WatchRequest
{
    QList<QUrl> urls;
    WatchMode mode = WatchMode::Interval;
    qint64 intervalMs = 60000;
    int count = 0; // 0: until stopped
};

// Request > Watch…: the URLs (one per line, the current one filled in), every N seconds or when stale, and an
// optional number of exchanges. OK is enabled only when every line is an http(s) URL.
class WatchDialog : public QDialog
{
    Q_OBJECT
public:
    explicit WatchDialog(QWidget *parent = nullptr);

    void setUrlsText(const QString &text);
    void setIntervalSeconds(double seconds);
    void setWhenStale(bool whenStale);
    void setCount(int count); // 0: no limit

    // The request as entered, or nullopt with `error` saying which line is wrong.
    std::optional<WatchRequest> watchRequest(QString *error = nullptr) const;

    // One URL per line; blank lines and surrounding spaces ignored; duplicates refused.
    static QList<QUrl> parseUrls(const QString &text, QString *error);

    QPlainTextEdit *urlsEdit() const { return m_urls; }
    QLabel *errorLabel() const { return m_error; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    void validate();

    QPlainTextEdit *m_urls;
    QRadioButton *m_intervalMode;
    QRadioButton *m_staleMode;
    QDoubleSpinBox *m_interval;
    QCheckBox *m_limit;
    QSpinBox *m_count;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace CacheScope
