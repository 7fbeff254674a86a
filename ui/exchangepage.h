#pragma once

#include "client/httpclient.h"

#include <QPointer>
#include <QWidget>

class QAction;
class QSettings;
class QSplitter;

namespace CacheScope {

class RequestEditor;
class ResponseView;
class UrlBar;

// Compose a request, send it, read the answer: URL bar on top, request editor and response side by side.
// Owns the transfer in flight; the client is injected.
class ExchangePage : public QWidget
{
    Q_OBJECT
public:
    explicit ExchangePage(HttpClient *client, QWidget *parent = nullptr);
    ~ExchangePage() override;

    // The request as composed, or an error saying why it cannot be sent (with the kind of error).
    Request composeRequest(QString *error, ExchangeError *kind = nullptr) const;
    bool isBusy() const { return m_transfer != nullptr; }

    // Actions for menus: Send (Ctrl+Enter within the page), Cancel, Focus URL bar (Ctrl+L in the window).
    QAction *sendAction() const { return m_sendAction; }
    QAction *cancelAction() const { return m_cancelAction; }
    QAction *focusUrlAction() const { return m_focusUrlAction; }

    void saveState(QSettings &settings) const;
    void restoreState(QSettings &settings);

    UrlBar *urlBar() const { return m_urlBar; }
    RequestEditor *requestEditor() const { return m_editor; }
    ResponseView *responseView() const { return m_response; }

public Q_SLOTS:
    // Returns false when the request could not be sent (the reason is shown in the response area).
    bool send();
    void cancel();
    // Puts `url` in the URL bar and sends it with the composed method and headers.
    bool sendUrl(const QString &url);
    void focusUrlBar();

Q_SIGNALS:
    void busyChanged(bool busy);
    void exchangeStarted(const CacheScope::Request &request);
    void exchangeFinished(const CacheScope::Exchange &exchange);
    void statusMessage(const QString &message);

private:
    void finish(HttpTransfer *transfer, const Exchange &exchange);
    void setBusy(bool busy);

    HttpClient *m_client;
    QPointer<HttpTransfer> m_transfer;
    UrlBar *m_urlBar;
    RequestEditor *m_editor;
    ResponseView *m_response;
    QSplitter *m_splitter;
    QAction *m_sendAction;
    QAction *m_cancelAction;
    QAction *m_focusUrlAction;
};

} // namespace CacheScope
