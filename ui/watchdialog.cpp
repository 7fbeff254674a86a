#include "watchdialog.h"

#include <cmath>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace CacheScope {

WatchDialog::WatchDialog(QWidget *parent)
    : QDialog(parent)
    , m_urls(new QPlainTextEdit(this))
    , m_intervalMode(new QRadioButton(QStringLiteral("&Every"), this))
    , m_staleMode(new QRadioButton(QStringLiteral("When the stored response goes &stale"), this))
    , m_interval(new QDoubleSpinBox(this))
    , m_limit(new QCheckBox(QStringLiteral("Stop &after"), this))
    , m_count(new QSpinBox(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("watchDialog"));
    setWindowTitle(QStringLiteral("Watch URLs"));
    m_urls->setObjectName(QStringLiteral("watchUrls"));
    m_urls->setPlaceholderText(QStringLiteral("https://example.com/app.js\nhttps://example.com/style.css"));
    m_urls->setTabChangesFocus(true);
    m_interval->setObjectName(QStringLiteral("watchInterval"));
    // The scheduler's floor is one second; a day is already a long watch for a window.
    m_interval->setRange(1, 24 * 3600);
    m_interval->setDecimals(0);
    m_interval->setValue(30);
    m_interval->setSuffix(QStringLiteral(" s"));
    m_intervalMode->setChecked(true);
    m_staleMode->setToolTip(QStringLiteral("Revalidate when max-age or Expires says the stored copy is stale; every "
                                           "60 s when the response says nothing about freshness."));
    m_count->setObjectName(QStringLiteral("watchCount"));
    m_count->setRange(1, 1000000);
    m_count->setValue(10);
    m_count->setSuffix(QStringLiteral(" exchanges per URL"));
    m_count->setEnabled(false);
    m_error->setObjectName(QStringLiteral("watchError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828"));

    auto *every = new QHBoxLayout;
    every->addWidget(m_intervalMode);
    every->addWidget(m_interval);
    every->addStretch(1);
    auto *limit = new QHBoxLayout;
    limit->addWidget(m_limit);
    limit->addWidget(m_count);
    limit->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("&URLs to revalidate, one per line:"), this));
    layout->addWidget(m_urls, 1);
    layout->addLayout(every);
    layout->addWidget(m_staleMode);
    layout->addLayout(limit);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    static_cast<QLabel *>(layout->itemAt(0)->widget())->setBuddy(m_urls);
    resize(520, 340);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_urls, &QPlainTextEdit::textChanged, this, &WatchDialog::validate);
    connect(m_intervalMode, &QRadioButton::toggled, m_interval, &QWidget::setEnabled);
    connect(m_limit, &QCheckBox::toggled, m_count, &QWidget::setEnabled);
    validate();
}

void WatchDialog::setUrlsText(const QString &text)
{
    m_urls->setPlainText(text);
}

void WatchDialog::setIntervalSeconds(double seconds)
{
    m_interval->setValue(seconds);
    m_intervalMode->setChecked(true);
}

void WatchDialog::setWhenStale(bool whenStale)
{
    (whenStale ? m_staleMode : m_intervalMode)->setChecked(true);
}

void WatchDialog::setCount(int count)
{
    m_limit->setChecked(count > 0);
    if (count > 0)
        m_count->setValue(count);
}

QList<QUrl> WatchDialog::parseUrls(const QString &text, QString *error)
{
    QList<QUrl> urls;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        auto refuse = [&](const QString &why) {
            if (error)
                *error = QStringLiteral("Line %1: %2").arg(i + 1).arg(why);
            return QList<QUrl>();
        };
        const QUrl url(line, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
            || url.host().isEmpty())
            return refuse(QStringLiteral("\u201c%1\u201d is not an http or https URL with a host").arg(line.left(200)));
        if (urls.contains(url))
            return refuse(QStringLiteral("%1 is listed twice").arg(line.left(200)));
        urls.append(url);
    }
    if (urls.isEmpty() && error)
        *error = QStringLiteral("Give at least one URL.");
    return urls;
}

std::optional<WatchRequest> WatchDialog::watchRequest(QString *error) const
{
    QString problem;
    WatchRequest request;
    request.urls = parseUrls(m_urls->toPlainText(), &problem);
    if (request.urls.isEmpty()) {
        if (error)
            *error = problem;
        return std::nullopt;
    }
    request.mode = m_staleMode->isChecked() ? WatchMode::WhenStale : WatchMode::Interval;
    request.intervalMs = qint64(std::llround(m_interval->value() * 1000));
    request.count = m_limit->isChecked() ? m_count->value() : 0;
    return request;
}

void WatchDialog::validate()
{
    QString error;
    const bool ok = watchRequest(&error).has_value();
    m_error->setText(ok || m_urls->toPlainText().trimmed().isEmpty() ? QString() : error);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

} // namespace CacheScope
