#include "exchangepage.h"

#include "client/httpclient.h"
#include "formatting.h"
#include "requesteditor.h"
#include "responseview.h"
#include "urlbar.h"

#include <QAction>
#include <QSettings>
#include <QSplitter>
#include <QVBoxLayout>

namespace CacheScope {

ExchangePage::ExchangePage(HttpClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_urlBar(new UrlBar(this))
    , m_editor(new RequestEditor(this))
    , m_response(new ResponseView(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_sendAction(new QAction(QStringLiteral("&Send"), this))
    , m_cancelAction(new QAction(QStringLiteral("&Cancel"), this))
    , m_focusUrlAction(new QAction(QStringLiteral("Go to &URL Bar"), this))
{
    m_splitter->setObjectName(QStringLiteral("exchangeSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_editor);
    m_splitter->addWidget(m_response);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setSizes({ 480, 800 });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 10, 10, 6);
    layout->setSpacing(10);
    layout->addWidget(m_urlBar);
    layout->addWidget(m_splitter, 1);

    // Ctrl+Enter works from any widget of the page (URL bar, header cells, body editor); Ctrl+L from anywhere
    // in the window.
    m_sendAction->setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) });
    m_sendAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_focusUrlAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_focusUrlAction->setShortcutContext(Qt::WindowShortcut);
    m_cancelAction->setEnabled(false);
    addActions({ m_sendAction, m_cancelAction, m_focusUrlAction });

    connect(m_sendAction, &QAction::triggered, this, &ExchangePage::send);
    connect(m_cancelAction, &QAction::triggered, this, &ExchangePage::cancel);
    connect(m_focusUrlAction, &QAction::triggered, this, &ExchangePage::focusUrlBar);
    connect(m_urlBar, &UrlBar::sendRequested, this, &ExchangePage::send);
    connect(m_urlBar, &UrlBar::cancelRequested, this, &ExchangePage::cancel);
}

ExchangePage::~ExchangePage()
{
    if (m_transfer) {
        m_transfer->disconnect(this);
        m_transfer->cancel();
    }
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
        if (!m_editor->headersError().isEmpty())
            m_editor->showHeaders();
        Q_EMIT statusMessage(QStringLiteral("Not sent: %1").arg(error));
        return false;
    }
    HttpTransfer *transfer = m_client->send(request);
    m_transfer = transfer;
    setBusy(true);
    m_response->setPending(request);
    Q_EMIT exchangeStarted(request);
    Q_EMIT statusMessage(
        QStringLiteral("Sending %1 %2\u2026").arg(QString::fromLatin1(request.method), request.url.toDisplayString()));
    connect(transfer, &HttpTransfer::progress, m_response, &ResponseView::setProgress);
    connect(transfer, &HttpTransfer::finished, this,
        [this, transfer](const Exchange &exchange) { finish(transfer, exchange); });
    // A transfer refused up front may have finished inside send(), before anything was connected.
    if (transfer->isFinished())
        finish(transfer, transfer->exchange());
    return true;
}

void ExchangePage::cancel()
{
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

void ExchangePage::saveState(QSettings &settings) const
{
    settings.setValue(QStringLiteral("request/method"), m_urlBar->method());
    settings.setValue(QStringLiteral("request/url"), m_urlBar->urlText());
    m_editor->saveState(settings);
    m_response->saveState(settings);
    settings.setValue(QStringLiteral("exchangePage/splitter"), m_splitter->saveState());
}

void ExchangePage::restoreState(QSettings &settings)
{
    m_urlBar->setMethod(settings.value(QStringLiteral("request/method"), QStringLiteral("GET")).toString());
    m_urlBar->setUrlText(settings.value(QStringLiteral("request/url")).toString());
    m_editor->restoreState(settings);
    m_response->restoreState(settings);
    m_splitter->restoreState(settings.value(QStringLiteral("exchangePage/splitter")).toByteArray());
}

void ExchangePage::finish(HttpTransfer *transfer, const Exchange &exchange)
{
    if (transfer != m_transfer)
        return; // a stale transfer; the current one reports on its own
    transfer->disconnect(this);
    transfer->deleteLater();
    m_transfer = nullptr;
    setBusy(false);
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
    Q_EMIT exchangeFinished(exchange);
}

void ExchangePage::setBusy(bool busy)
{
    m_urlBar->setBusy(busy);
    m_sendAction->setEnabled(!busy);
    m_cancelAction->setEnabled(busy);
    Q_EMIT busyChanged(busy);
}

} // namespace CacheScope
