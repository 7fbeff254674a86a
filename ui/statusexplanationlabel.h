#pragma once

#include <QLabel>

namespace CacheScope {

// One line of text shown as a link, elided at the right when the window is narrow (the full text is in the
// tooltip). Used next to the status badge for "what this status means"; a click asks for the reference topic.
class StatusExplanationLabel : public QLabel
{
    Q_OBJECT
public:
    explicit StatusExplanationLabel(QWidget *parent = nullptr);

    // `topic` empty: plain text, nothing to open. `details` goes in the tooltip, after the full line.
    void setExplanation(const QString &text, const QString &topic, const QString &details);
    void clearExplanation();

    QString fullText() const { return m_text; }
    QString topic() const { return m_topic; }
    // The text as shown now (elided or not).
    QString shownText() const { return m_shown; }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

Q_SIGNALS:
    void referenceRequested(const QString &topic);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateShownText();

    QString m_text;
    QString m_topic;
    QString m_shown;
};

} // namespace CacheScope
