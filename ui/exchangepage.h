#pragma once

#include "browser/browsercache.h"
#include "client/httpclient.h"
#include "client/revalidator.h"
#include "client/timeline.h"

#include <QPointer>
#include <QWidget>

class QAction;
class QLabel;
class QSettings;
class QSplitter;
class QTimer;

namespace CacheScope {

class ConditionalLine;
class RequestEditor;
class ResponseView;
class UrlBar;

// Compose a request, send it, read the answer: URL bar and the conditional-headers line on top, request
// editor and response side by side. Owns the transfer in flight; the client is injected. With a Revalidator
// (setRevalidator) requests go through the validator store: its conditional headers are added (unless turned
// off on the line), 200s are stored, 304s merged, and what the store did is shown above the response.
class ExchangePage : public QWidget
{
    Q_OBJECT
public:
    explicit ExchangePage(HttpClient *client, QWidget *parent = nullptr);
    ~ExchangePage() override;

    // Null: requests go straight to the client and nothing is stored. Must outlive the page.
    void setRevalidator(Revalidator *revalidator);
    Revalidator *revalidator() const { return m_revalidator; }

    // The request as composed, or an error saying why it cannot be sent (with the kind of error).
    Request composeRequest(QString *error, ExchangeError *kind = nullptr) const;
    bool isBusy() const { return m_transfer != nullptr || m_job != nullptr || m_browserJob != nullptr; }
    // "What would a browser do?": with the mode on (Request > Browser Cache Mode), Send goes through a private
    // cache on the store (core/browser) that may answer from the store; Revalidate still always asks.
    void setBrowserCache(BrowserCache *cache);
    QAction *browserModeAction() const { return m_browserModeAction; }
    bool browserMode() const;

    // Actions for menus: Send (Ctrl+Enter within the page), Cancel, Revalidate (Ctrl+R), Focus URL bar (Ctrl+L).
    QAction *sendAction() const { return m_sendAction; }
    QAction *cancelAction() const { return m_cancelAction; }
    QAction *revalidateAction() const { return m_revalidateAction; }
    QAction *focusUrlAction() const { return m_focusUrlAction; }
    // Request > Copy as cURL: the composed request as a shell command on the clipboard.
    QAction *copyAsCurlAction() const { return m_copyAsCurlAction; }

    void saveState(QSettings &settings) const;
    void restoreState(QSettings &settings);

    // Puts a request into the composer (history, cache browser): method, URL and the enabled header rows.
    void loadRequest(const QString &method, const QString &url, const HttpHeaders &headers = {});
    // Method, URL, every header (enabled rows, in order) and the body of `request` into the composer: a
    // pasted curl command, a saved request.
    void importRequest(const Request &request);
    // Shows facts about the stored exchange above the response (history), until the next request.
    void showStoreFacts(const QString &text);
    QString storeText() const;

    UrlBar *urlBar() const { return m_urlBar; }
    ConditionalLine *conditionalLine() const { return m_conditionalLine; }
    RequestEditor *requestEditor() const { return m_editor; }
    ResponseView *responseView() const { return m_response; }
    QLabel *storeLabel() const { return m_storeLabel; }

    // "304 matched the stored entry · saved 1.2 KiB": the line shown above a response sent through the store.
    static QString storeSummary(const CachedExchange &result, const TimelineEvent &event);

public Q_SLOTS:
    // Returns false when the request could not be sent (the reason is shown in the response area).
    bool send();
    // A conditional GET of the current URL with the composed headers, the store's validators always added.
    bool revalidate();
    void cancel();
    // Puts `url` in the URL bar and sends it with the composed method and headers.
    bool sendUrl(const QString &url);
    void focusUrlBar();
    // Re-reads the store for the conditional-headers line (it also follows edits on its own, debounced).
    void refreshConditionalLine();

Q_SIGNALS:
    void busyChanged(bool busy);
    void exchangeStarted(const CacheScope::Request &request);
    void exchangeFinished(const CacheScope::Exchange &exchange);
    // After exchangeFinished, for requests sent through the store: what it did, and the exchange as a one-off
    // timeline event (watch id 0, not yet appended anywhere).
    void cachedExchangeFinished(const CacheScope::CachedExchange &result, const CacheScope::TimelineEvent &event);
    // In browser mode, after exchangeFinished: the private cache's decision (cachedExchangeFinished also comes
    // when the answer needed the network).
    void browserResultFinished(const CacheScope::BrowserResult &result);
    void statusMessage(const QString &message);

private:
    bool start(Request request, bool conditionalGet);
    void finish(HttpTransfer *transfer, const Exchange &exchange);
    void finishCached(RevalidationJob *job, const CachedExchange &result);
    void finishBrowser(BrowserJob *job, const BrowserResult &result);
    void showResult(const Exchange &exchange);
    void setBusy(bool busy);
    void scheduleConditionalRefresh();

    HttpClient *m_client;
    Revalidator *m_revalidator = nullptr;
    QPointer<HttpTransfer> m_transfer;
    QPointer<RevalidationJob> m_job;
    BrowserCache *m_browserCache = nullptr;
    QPointer<BrowserJob> m_browserJob;
    UrlBar *m_urlBar;
    ConditionalLine *m_conditionalLine;
    RequestEditor *m_editor;
    ResponseView *m_response;
    QLabel *m_storeLabel;
    QSplitter *m_splitter;
    QTimer *m_conditionalTimer;
    QAction *m_sendAction;
    QAction *m_cancelAction;
    QAction *m_revalidateAction;
    QAction *m_focusUrlAction;
    QAction *m_copyAsCurlAction;
    QAction *m_browserModeAction;
    bool m_lastConditional = false; // what to send again after a certificate is accepted
};

} // namespace CacheScope
