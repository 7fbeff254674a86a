#include "exchangepage.h"

#include "bodyeditor.h"
#include "client/httpclient.h"
#include "client/watchsession.h"
#include "conditionalline.h"
#include "curlclipboard.h"
#include "errorpanel.h"
#include "formatting.h"
#include "headerseditor.h"
#include "requesteditor.h"
#include "requestheadersmodel.h"
#include "responseview.h"
#include "urlbar.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

namespace CacheScope {

namespace {

// Preconditions typed by the user: the Revalidator then sends the request as typed and adds nothing.
QByteArray typedPrecondition(const HttpHeaders &headers)
{
    for (const char *name : { "If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range" }) {
        if (headers.contains(name))
            return name;
    }
    return {};
}

} // namespace

ExchangePage::ExchangePage(HttpClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_urlBar(new UrlBar(this))
    , m_conditionalLine(new ConditionalLine(this))
    , m_editor(new RequestEditor(this))
    , m_response(new ResponseView(this))
    , m_storeLabel(new QLabel(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_conditionalTimer(new QTimer(this))
    , m_sendAction(new QAction(QStringLiteral("&Send"), this))
    , m_cancelAction(new QAction(QStringLiteral("&Cancel"), this))
    , m_revalidateAction(new QAction(QStringLiteral("&Revalidate"), this))
    , m_focusUrlAction(new QAction(QStringLiteral("Go to &URL Bar"), this))
    , m_copyAsCurlAction(new QAction(QStringLiteral("Copy as c&URL"), this))
    , m_browserModeAction(new QAction(QStringLiteral("&Browser Cache Mode"), this))
{
    m_storeLabel->setObjectName(QStringLiteral("storeResult"));
    m_storeLabel->setTextFormat(Qt::PlainText);
    m_storeLabel->setWordWrap(true);
    m_storeLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_storeLabel->hide();
    auto *responseSide = new QWidget(m_splitter);
    auto *responseLayout = new QVBoxLayout(responseSide);
    responseLayout->setContentsMargins(0, 0, 0, 0);
    responseLayout->setSpacing(4);
    responseLayout->addWidget(m_storeLabel);
    responseLayout->addWidget(m_response, 1);

    m_splitter->setObjectName(QStringLiteral("exchangeSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_editor);
    m_splitter->addWidget(responseSide);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setSizes({ 480, 800 });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 10, 10, 6);
    layout->setSpacing(6);
    layout->addWidget(m_urlBar);
    layout->addWidget(m_conditionalLine);
    layout->addSpacing(4);
    layout->addWidget(m_splitter, 1);

    // Ctrl+Enter works from any widget of the page (URL bar, header cells, body editor); Ctrl+L and Ctrl+R from
    // anywhere in the window.
    m_sendAction->setObjectName(QStringLiteral("send"));
    m_sendAction->setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) });
    m_sendAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_focusUrlAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_focusUrlAction->setShortcutContext(Qt::WindowShortcut);
    m_revalidateAction->setObjectName(QStringLiteral("revalidate"));
    m_revalidateAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_revalidateAction->setShortcutContext(Qt::WindowShortcut);
    m_revalidateAction->setToolTip(QStringLiteral("A conditional GET of the URL with the validators in the store"));
    m_revalidateAction->setEnabled(false);
    m_cancelAction->setEnabled(false);
    addActions({ m_sendAction, m_cancelAction, m_revalidateAction, m_focusUrlAction });

    connect(m_sendAction, &QAction::triggered, this, &ExchangePage::send);
    connect(m_cancelAction, &QAction::triggered, this, &ExchangePage::cancel);
    connect(m_revalidateAction, &QAction::triggered, this, &ExchangePage::revalidate);
    connect(m_focusUrlAction, &QAction::triggered, this, &ExchangePage::focusUrlBar);
    connect(m_urlBar, &UrlBar::sendRequested, this, &ExchangePage::send);
    // A curl command typed or pasted into the URL bar fills the whole composer.
    connect(m_urlBar, &UrlBar::curlImported, this, [this](const Request &request, const QStringList &warnings) {
        importRequest(request);
        Q_EMIT statusMessage(warnings.isEmpty() ? QStringLiteral("Imported the curl command: Ctrl+Enter sends it")
                                                : QStringLiteral("Imported the curl command; not honoured: %1")
                                                      .arg(warnings.join(QStringLiteral("; "))));
    });
    m_browserModeAction->setObjectName(QStringLiteral("browserMode"));
    m_browserModeAction->setCheckable(true);
    m_browserModeAction->setEnabled(false); // until there is a store to cache in
    m_browserModeAction->setToolTip(QStringLiteral("Send through a browser's private cache: it may answer from the "
                                                   "store without asking the server, and says why"));
    connect(m_browserModeAction, &QAction::toggled, this, [this](bool on) {
        Q_EMIT statusMessage(on ? QStringLiteral("Browser cache mode: Send answers as a browser's cache would")
                                : QStringLiteral("Inspector mode: Send goes to the server as composed"));
    });
    m_copyAsCurlAction->setObjectName(QStringLiteral("copyAsCurl"));
    m_copyAsCurlAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyAsCurlAction->setShortcutContext(Qt::WindowShortcut);
    addAction(m_copyAsCurlAction);
    connect(m_copyAsCurlAction, &QAction::triggered, this, [this] {
        QString error;
        const Request request = composeRequest(&error);
        if (!error.isEmpty()) {
            Q_EMIT statusMessage(QStringLiteral("Nothing copied: %1").arg(error));
            return;
        }
        copyAsCurl(request, { /*multiline*/ true, /*redactSecrets*/ false });
        Q_EMIT statusMessage(QStringLiteral("Copied the request as a curl command"));
    });
    connect(m_urlBar, &UrlBar::cancelRequested, this, &ExchangePage::cancel);
    // A certificate the user accepted (after seeing it and confirming) is accepted by the client for the session,
    // and what failed on it is sent again.
    connect(m_response->errorPanel(), &ErrorPanel::certificateAccepted, this,
        [this](const QString &host, const QSslCertificate &certificate) {
            m_client->acceptCertificate(host, certificate);
            Q_EMIT statusMessage(
                QStringLiteral("Accepted the certificate of %1 for this session; sending again").arg(host));
            if (m_lastConditional)
                revalidate();
            else
                send();
        });

    // The line follows the composer; reading the store on every key press is wasted work, so edits are
    // coalesced.
    m_conditionalTimer->setSingleShot(true);
    m_conditionalTimer->setInterval(150);
    connect(m_conditionalTimer, &QTimer::timeout, this, &ExchangePage::refreshConditionalLine);
    connect(m_urlBar->urlEdit(), &QLineEdit::textChanged, this, &ExchangePage::scheduleConditionalRefresh);
    connect(m_urlBar->methodCombo(), &QComboBox::currentTextChanged, this, &ExchangePage::scheduleConditionalRefresh);
    connect(m_editor->headersEditor(), &HeadersEditor::headersChanged, this, &ExchangePage::scheduleConditionalRefresh);
    refreshConditionalLine();
}

ExchangePage::~ExchangePage()
{
    if (m_browserJob) {
        m_browserJob->disconnect(this);
        m_browserJob->cancel();
    }
    if (m_job) {
        m_job->disconnect(this);
        m_job->cancel();
    }
    if (m_transfer) {
        m_transfer->disconnect(this);
        m_transfer->cancel();
    }
}

void ExchangePage::setRevalidator(Revalidator *revalidator)
{
    m_revalidator = revalidator;
    m_revalidateAction->setEnabled(revalidator && !isBusy());
    refreshConditionalLine();
}

Request ExchangePage::composeRequest(QString *error, ExchangeError *kind) const
{
    auto fail = [&](ExchangeError errorKind, const QString &message) {
        if (error)
            *error = message;
        if (kind)
            *kind = errorKind;
    };
    Request request;
    request.setMethod(m_urlBar->method().toUtf8());
    QString urlError;
    const QString text = m_urlBar->urlText().trimmed();
    request.setUrl(parseUserUrl(text, &urlError));
    if (!urlError.isEmpty()) {
        // Keep what was typed so the error panel can say which URL it was.
        request.url = QUrl(text);
        const QString scheme = text.section(QStringLiteral("://"), 0, 0).toLower();
        const bool badScheme = text.contains(QStringLiteral("://")) && scheme != QLatin1String("http")
            && scheme != QLatin1String("https");
        fail(badScheme ? ExchangeError::UnsupportedScheme : ExchangeError::InvalidRequest, urlError);
        return request;
    }
    m_editor->applyTo(request);
    const QString invalid = request.validate();
    if (!invalid.isEmpty()) {
        // Name the row as the table shows it rather than only the header's name.
        const QString rowError = m_editor->headersError();
        fail(ExchangeError::InvalidRequest, rowError.isEmpty() ? invalid : rowError);
    }
    return request;
}

bool ExchangePage::send()
{
    if (isBusy())
        return false;
    QString error;
    ExchangeError kind = ExchangeError::None;
    const Request request = composeRequest(&error, &kind);
    if (!error.isEmpty()) {
        Exchange refused;
        refused.request = request;
        refused.error = kind;
        refused.errorString = error;
        m_response->setExchange(refused);
        m_storeLabel->hide();
        if (!m_editor->headersError().isEmpty())
            m_editor->showHeaders();
        Q_EMIT statusMessage(QStringLiteral("Not sent: %1").arg(error));
        return false;
    }
    return start(request, false);
}

bool ExchangePage::revalidate()
{
    if (isBusy() || !m_revalidator)
        return false;
    // A revalidation is a GET whatever method is selected; the composed headers go with it, the body does not.
    const QString method = m_urlBar->method();
    m_urlBar->setMethod(QStringLiteral("GET"));
    QString error;
    ExchangeError kind = ExchangeError::None;
    Request request = composeRequest(&error, &kind);
    m_urlBar->setMethod(method);
    if (!error.isEmpty()) {
        Exchange refused;
        refused.request = request;
        refused.error = kind;
        refused.errorString = error;
        m_response->setExchange(refused);
        m_storeLabel->hide();
        Q_EMIT statusMessage(QStringLiteral("Not revalidated: %1").arg(error));
        return false;
    }
    request.body.clear();
    request.headers.remove("Content-Type");
    return start(request, true);
}

void ExchangePage::setBrowserCache(BrowserCache *cache)
{
    m_browserCache = cache;
    m_browserModeAction->setEnabled(cache != nullptr);
    if (!cache)
        m_browserModeAction->setChecked(false);
}

bool ExchangePage::browserMode() const
{
    return m_browserCache && m_browserModeAction->isChecked();
}

bool ExchangePage::start(Request request, bool conditionalGet)
{
    m_lastConditional = conditionalGet;
    m_storeLabel->hide();
    HttpTransfer *transfer = nullptr;
    if (browserMode() && !conditionalGet) {
        BrowserJob *job = m_browserCache->send(request);
        m_browserJob = job;
        connect(
            job, &BrowserJob::finished, this, [this, job](const BrowserResult &result) { finishBrowser(job, result); });
    } else if (m_revalidator) {
        CacheOptions options;
        options.addConditionals = conditionalGet || m_conditionalLine->addConditionals();
        RevalidationJob *job = m_revalidator->send(request, options);
        m_job = job;
        transfer = job->transfer();
        connect(job, &RevalidationJob::finished, this,
            [this, job](const CachedExchange &result) { finishCached(job, result); });
    } else {
        transfer = m_client->send(request);
        m_transfer = transfer;
        connect(transfer, &HttpTransfer::finished, this,
            [this, transfer](const Exchange &exchange) { finish(transfer, exchange); });
    }
    setBusy(true);
    m_response->setPending(request);
    Q_EMIT exchangeStarted(request);
    Q_EMIT statusMessage(QStringLiteral("%1 %2 %3\u2026")
                             .arg(conditionalGet ? QStringLiteral("Revalidating") : QStringLiteral("Sending"),
                                 QString::fromLatin1(request.method), request.url.toDisplayString()));
    if (transfer)
        connect(transfer, &HttpTransfer::progress, m_response, &ResponseView::setProgress);
    // A transfer refused up front may have finished inside send(), before anything was connected (the job
    // then never hears of it: report the exchange without the store).
    if (transfer && transfer->isFinished()) {
        if (m_job) {
            CachedExchange result;
            result.exchange = transfer->exchange();
            result.actionText = QStringLiteral("not sent, nothing stored");
            finishCached(m_job, result);
        } else {
            finish(transfer, transfer->exchange());
        }
    }
    return true;
}

void ExchangePage::cancel()
{
    if (m_browserJob)
        m_browserJob->cancel();
    if (m_job)
        m_job->cancel();
    if (m_transfer)
        m_transfer->cancel();
}

bool ExchangePage::sendUrl(const QString &url)
{
    m_urlBar->setUrlText(url);
    return send();
}

void ExchangePage::focusUrlBar()
{
    m_urlBar->focusUrl();
}

void ExchangePage::loadRequest(const QString &method, const QString &url, const HttpHeaders &headers)
{
    m_urlBar->setMethod(method);
    m_urlBar->setUrlText(url);
    QList<HeaderRow> rows;
    for (const HeaderField &field : headers)
        rows.append(HeaderRow { true, QString::fromLatin1(field.name), QString::fromLatin1(field.value) });
    m_editor->headersEditor()->model()->setRows(rows);
    refreshConditionalLine();
}

void ExchangePage::importRequest(const Request &request)
{
    loadRequest(QString::fromLatin1(request.method), request.url.toString(), request.headers);
    m_editor->bodyEditor()->setText(QString::fromUtf8(request.body));
}

void ExchangePage::showStoreFacts(const QString &text)
{
    m_storeLabel->setText(text);
    m_storeLabel->setVisible(!text.isEmpty());
}

QString ExchangePage::storeText() const
{
    return m_storeLabel->isVisibleTo(this) ? m_storeLabel->text() : QString();
}

void ExchangePage::refreshConditionalLine()
{
    m_conditionalTimer->stop();
    if (!m_revalidator) {
        m_conditionalLine->setPreview({}, ConditionalLine::Reason::NoStore);
        return;
    }
    QString error;
    const Request request = composeRequest(&error);
    if (!error.isEmpty()) {
        m_conditionalLine->setPreview({}, ConditionalLine::Reason::InvalidRequest, error);
        return;
    }
    const QByteArray method = request.method.toUpper();
    if (method != "GET" && method != "HEAD") {
        m_conditionalLine->setPreview({}, ConditionalLine::Reason::Method, QString::fromLatin1(request.method));
        return;
    }
    if (const QByteArray typed = typedPrecondition(request.headers); !typed.isEmpty()) {
        m_conditionalLine->setPreview({}, ConditionalLine::Reason::TypedByUser, QString::fromLatin1(typed));
        return;
    }
    m_conditionalLine->setPreview(m_revalidator->preview(request));
}

void ExchangePage::scheduleConditionalRefresh()
{
    m_conditionalTimer->start();
}

void ExchangePage::saveState(QSettings &settings) const
{
    settings.setValue(QStringLiteral("request/method"), m_urlBar->method());
    settings.setValue(QStringLiteral("request/url"), m_urlBar->urlText());
    settings.setValue(QStringLiteral("request/addConditionals"), m_conditionalLine->addConditionals());
    m_editor->saveState(settings);
    m_response->saveState(settings);
    settings.setValue(QStringLiteral("exchangePage/splitter"), m_splitter->saveState());
}

void ExchangePage::restoreState(QSettings &settings)
{
    m_urlBar->setMethod(settings.value(QStringLiteral("request/method"), QStringLiteral("GET")).toString());
    m_urlBar->setUrlText(settings.value(QStringLiteral("request/url")).toString());
    m_conditionalLine->setAddConditionals(settings.value(QStringLiteral("request/addConditionals"), true).toBool());
    m_editor->restoreState(settings);
    m_response->restoreState(settings);
    m_splitter->restoreState(settings.value(QStringLiteral("exchangePage/splitter")).toByteArray());
    refreshConditionalLine();
}

void ExchangePage::finish(HttpTransfer *transfer, const Exchange &exchange)
{
    if (transfer != m_transfer)
        return; // a stale transfer; the current one reports on its own
    transfer->disconnect(this);
    transfer->deleteLater();
    m_transfer = nullptr;
    setBusy(false);
    showResult(exchange);
    Q_EMIT exchangeFinished(exchange);
}

void ExchangePage::finishCached(RevalidationJob *job, const CachedExchange &result)
{
    if (job != m_job)
        return;
    job->disconnect(this);
    job->deleteLater(); // the Revalidator parents its jobs but leaves them to the caller
    m_job = nullptr;
    setBusy(false);
    showResult(result.exchange);
    const TimelineEvent event = WatchSession::eventFor(result, 0);
    showStoreFacts(storeSummary(result, event));
    refreshConditionalLine(); // the store has changed: the next request's validators are new
    Q_EMIT exchangeFinished(result.exchange);
    Q_EMIT cachedExchangeFinished(result, event);
}

void ExchangePage::finishBrowser(BrowserJob *job, const BrowserResult &result)
{
    if (job != m_browserJob)
        return;
    job->disconnect(this);
    job->deleteLater(); // the cache parents its jobs; finished() is their last word
    m_browserJob = nullptr;
    setBusy(false);
    showResult(result.exchange);
    showStoreFacts(
        QStringLiteral("Browser cache: %1 \u2014 %2").arg(browserDecisionName(result.decision), result.reason));
    refreshConditionalLine();
    Q_EMIT exchangeFinished(result.exchange);
    // What went over the network is history and timeline like any exchange; an answer from the store is not.
    if (result.network)
        Q_EMIT cachedExchangeFinished(*result.network, WatchSession::eventFor(*result.network, 0));
    Q_EMIT browserResultFinished(result);
}

void ExchangePage::showResult(const Exchange &exchange)
{
    m_response->setExchange(exchange);
    if (exchange.hasResponse()) {
        // One multi-argument arg(): a URL with "%2F" in it must not be taken for a placeholder.
        Q_EMIT statusMessage(
            QStringLiteral("%1 %2 \u2192 %3 in %4")
                .arg(QString::fromLatin1(exchange.request.method), exchange.request.url.toDisplayString(),
                    QString::number(exchange.status), Display::milliseconds(exchange.timing.totalMs)));
    } else {
        Q_EMIT statusMessage(QStringLiteral("%1: %2").arg(Display::errorTitle(exchange.error), exchange.errorString));
    }
}

QString ExchangePage::storeSummary(const CachedExchange &result, const TimelineEvent &event)
{
    if (!result.exchange.hasResponse())
        return QStringLiteral("Store: nothing recorded (no response)");
    QString text = QStringLiteral("Store: %1")
                       .arg(result.actionText.isEmpty() ? cacheActionName(result.action) : result.actionText);
    if (result.exchange.status == 304 && result.previous) {
        text += QStringLiteral(" \u00b7 saved %1 (%2 on the wire instead of %3)")
                    .arg(Display::bytes(event.bytesSaved), Display::bytes(event.wireBytes()),
                        Display::bytes(result.previous->wireSize()));
    } else if (result.exchange.status == 304) {
        text += QStringLiteral(" \u00b7 saved %1").arg(Display::bytes(event.bytesSaved));
    }
    if (!result.conditionalSent && result.conditional.isConditional())
        text += QStringLiteral(" \u00b7 the store's conditional headers were not sent");
    return text;
}

void ExchangePage::setBusy(bool busy)
{
    m_urlBar->setBusy(busy);
    m_sendAction->setEnabled(!busy);
    m_revalidateAction->setEnabled(!busy && m_revalidator);
    m_cancelAction->setEnabled(busy);
    Q_EMIT busyChanged(busy);
}

} // namespace CacheScope
