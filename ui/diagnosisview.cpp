#include "diagnosisview.h"

#include "diagnostics/diagnosis.h"

#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace CacheScope {

namespace {

const QString linkScheme = QStringLiteral("cachescope-reference");

// Severity colours that read on light and dark backgrounds alike.
QString severityColor(NoteSeverity severity)
{
    switch (severity) {
    case NoteSeverity::Error:
        return QStringLiteral("#d1242f");
    case NoteSeverity::Warning:
        return QStringLiteral("#bf8700");
    case NoteSeverity::Info:
        break;
    }
    return QStringLiteral("#0969da");
}

} // namespace

DiagnosisView::DiagnosisView(QWidget *parent)
    : QWidget(parent)
    , m_browser(new QTextBrowser(this))
{
    m_browser->setObjectName(QStringLiteral("diagnosisText"));
    m_browser->setOpenLinks(false);
    m_browser->setFrameShape(QFrame::NoFrame);
    connect(m_browser, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() == linkScheme && !url.path().isEmpty())
            Q_EMIT referenceRequested(url.path());
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_browser);
    setNotes({});
}

QUrl DiagnosisView::linkForTopic(const QString &topic)
{
    QUrl url;
    url.setScheme(linkScheme);
    url.setPath(topic);
    return url;
}

void DiagnosisView::setNotes(const QList<TimelineNote> &notes)
{
    m_notes = notes;
    QString html;
    if (notes.isEmpty()) {
        html = QStringLiteral("<p>Nothing to remark about this exchange's validators and freshness.</p>");
    }
    for (const TimelineNote &note : notes) {
        html += QStringLiteral("<p><b style=\"color:%1\">%2</b>&nbsp;&nbsp;%3")
                    .arg(severityColor(note.severity), noteSeverityName(note.severity), note.text.toHtmlEscaped());
        const QString topic = referenceTopicForNote(note.code);
        if (!topic.isEmpty()) {
            html += QStringLiteral(" &nbsp;<a href=\"%1\">Explain %2</a>")
                        .arg(linkForTopic(topic).toString().toHtmlEscaped(), topic.toHtmlEscaped());
        }
        html += QStringLiteral(" <span style=\"color:gray\">(%1)</span></p>").arg(note.code.toHtmlEscaped());
    }
    m_browser->setHtml(html);
    setAccessibleDescription(summary());
}

QString DiagnosisView::summary() const
{
    int errors = 0;
    int warnings = 0;
    int infos = 0;
    for (const TimelineNote &note : m_notes) {
        switch (note.severity) {
        case NoteSeverity::Error:
            ++errors;
            break;
        case NoteSeverity::Warning:
            ++warnings;
            break;
        case NoteSeverity::Info:
            ++infos;
            break;
        }
    }
    QStringList parts;
    if (errors)
        parts << QStringLiteral("%1 error(s)").arg(errors);
    if (warnings)
        parts << QStringLiteral("%1 warning(s)").arg(warnings);
    if (infos)
        parts << QStringLiteral("%1 info").arg(infos);
    return parts.isEmpty() ? QStringLiteral("no notes") : parts.join(QStringLiteral(", "));
}

} // namespace CacheScope
