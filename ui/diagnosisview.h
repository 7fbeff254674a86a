#pragma once

#include "client/timeline.h"

#include <QWidget>

class QTextBrowser;
class QUrl;

namespace CacheScope {

// The diagnosis of one exchange (core/diagnostics): one paragraph per note, most severe first, with its
// severity, its sentence (wrapped, never cut) and an "Explain" link to the note's entry in the HTTP
// reference (Tab moves between the links, Enter follows one).
class DiagnosisView : public QWidget
{
    Q_OBJECT
public:
    explicit DiagnosisView(QWidget *parent = nullptr);

    void setNotes(const QList<TimelineNote> &notes);
    const QList<TimelineNote> &notes() const { return m_notes; }
    QTextBrowser *browser() const { return m_browser; }
    // "2 warning(s), 1 info": for the tab's tooltip and the accessible description.
    QString summary() const;
    // The link an "Explain" anchor carries for a reference topic.
    static QUrl linkForTopic(const QString &topic);

Q_SIGNALS:
    // A reference topic ("304", "etag", "if-modified-since"...) for the note the user asked about.
    void referenceRequested(const QString &topic);

private:
    QList<TimelineNote> m_notes;
    QTextBrowser *m_browser;
};

} // namespace CacheScope
