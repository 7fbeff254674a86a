#pragma once

#include "client/request.h"

#include <QWidget>

class QSettings;
class QTabWidget;

namespace CacheScope {

class BodyEditor;
class HeadersEditor;

// The request's headers and body, as tabs. Knows how they become part of a Request.
class RequestEditor : public QWidget
{
    Q_OBJECT
public:
    explicit RequestEditor(QWidget *parent = nullptr);

    // Adds the enabled headers and the body (with its Content-Type) to `request`.
    void applyTo(Request &request) const;
    // The first header row that cannot be sent, or empty.
    QString headersError() const;
    void showHeaders();

    void saveState(QSettings &settings) const;
    void restoreState(QSettings &settings);

    HeadersEditor *headersEditor() const { return m_headers; }
    BodyEditor *bodyEditor() const { return m_body; }

private:
    void updateTabTitles();
    QTabWidget *m_tabs;
    HeadersEditor *m_headers;
    BodyEditor *m_body;
};

} // namespace CacheScope
