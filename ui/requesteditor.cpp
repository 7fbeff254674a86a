#include "requesteditor.h"

#include "bodyeditor.h"
#include "headerseditor.h"
#include "requestheadersmodel.h"

#include <QSettings>
#include <QTabWidget>
#include <QVBoxLayout>

namespace CacheScope {

RequestEditor::RequestEditor(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
    , m_headers(new HeadersEditor(m_tabs))
    , m_body(new BodyEditor(m_tabs))
{
    m_tabs->setObjectName(QStringLiteral("requestTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_headers, QStringLiteral("Headers"));
    m_tabs->addTab(m_body, QStringLiteral("Body"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    connect(m_headers, &HeadersEditor::headersChanged, this, &RequestEditor::updateTabTitles);
    connect(m_body, &BodyEditor::bodyChanged, this, &RequestEditor::updateTabTitles);
    updateTabTitles();
}

void RequestEditor::applyTo(Request &request) const
{
    const HttpHeaders headers = m_headers->model()->headers();
    for (const HeaderField &field : headers)
        request.addHeader(field.name, field.value);
    const QByteArray body = m_body->body();
    if (body.isEmpty())
        return;
    request.setBody(body);
    const QString contentType = m_body->contentType();
    if (!contentType.isEmpty() && !request.headers.contains("content-type"))
        request.setHeader("Content-Type", contentType.toUtf8());
}

QString RequestEditor::headersError() const
{
    return m_headers->model()->firstError();
}

void RequestEditor::showHeaders()
{
    m_tabs->setCurrentWidget(m_headers);
}

void RequestEditor::saveState(QSettings &settings) const
{
    const QList<HeaderRow> &rows = m_headers->model()->rows();
    settings.beginWriteArray(QStringLiteral("request/headers"), int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("enabled"), rows.at(i).enabled);
        settings.setValue(QStringLiteral("name"), rows.at(i).name);
        settings.setValue(QStringLiteral("value"), rows.at(i).value);
    }
    settings.endArray();
    settings.setValue(QStringLiteral("request/body"), m_body->text());
    settings.setValue(QStringLiteral("request/contentType"), m_body->contentType());
}

void RequestEditor::restoreState(QSettings &settings)
{
    QList<HeaderRow> rows;
    const int count = settings.beginReadArray(QStringLiteral("request/headers"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        rows.append(HeaderRow { settings.value(QStringLiteral("enabled"), true).toBool(),
            settings.value(QStringLiteral("name")).toString(), settings.value(QStringLiteral("value")).toString() });
    }
    settings.endArray();
    m_headers->model()->setRows(rows);
    m_body->setText(settings.value(QStringLiteral("request/body")).toString());
    m_body->setContentType(settings.value(QStringLiteral("request/contentType")).toString());
}

void RequestEditor::updateTabTitles()
{
    const int enabled = int(m_headers->model()->headers().size());
    const bool error = !headersError().isEmpty();
    m_tabs->setTabText(0,
        enabled ? QStringLiteral("Headers (%1)%2").arg(enabled).arg(error ? QStringLiteral(" \u26a0") : QString())
                : QStringLiteral("Headers"));
    const qsizetype bodySize = m_body->text().size();
    m_tabs->setTabText(1, bodySize ? QStringLiteral("Body \u2022") : QStringLiteral("Body"));
}

} // namespace CacheScope
