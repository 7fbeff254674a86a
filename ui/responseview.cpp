#include "responseview.h"

#include "bodyview.h"
#include "diagnosisview.h"
#include "diagnostics/diagnosis.h"
#include "diagnostics/statusexplanation.h"
#include "errorpanel.h"
#include "formatting.h"
#include "rawexchangeview.h"
#include "referencetopic.h"
#include "responseheadersview.h"
#include "statusbadge.h"
#include "statusexplanationlabel.h"

#include <limits>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QSettings>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>

namespace CacheScope {

namespace {

enum Page
{
    EmptyPage,
    PendingPage,
    ErrorPage,
    ResponsePage
};

QLabel *mutedLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

ResponseView::ResponseView(QWidget *parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget(this))
    , m_error(new ErrorPanel(this))
{
    m_stack->insertWidget(EmptyPage, createEmptyPage());
    m_stack->insertWidget(PendingPage, createPendingPage());
    m_stack->insertWidget(ErrorPage, m_error);
    m_stack->insertWidget(ResponsePage, createResponsePage());
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    setState(State::Empty);
}

QWidget *ResponseView::createEmptyPage()
{
    auto *label = new QLabel(QStringLiteral("<p style=\"font-size:large\">Send a request to see the response here.</p>"
                                            "<p>Ctrl+Enter sends \u00b7 Ctrl+L goes to the URL bar</p>"),
        this);
    label->setObjectName(QStringLiteral("responsePlaceholder"));
    label->setAlignment(Qt::AlignCenter);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QWidget *ResponseView::createPendingPage()
{
    auto *page = new QWidget(this);
    m_pendingLabel = new QLabel(page);
    m_pendingLabel->setObjectName(QStringLiteral("pendingLabel"));
    m_pendingLabel->setAlignment(Qt::AlignCenter);
    m_pendingLabel->setWordWrap(true);
    m_progress = new QProgressBar(page);
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_progress->setMaximumWidth(320);
    auto *layout = new QVBoxLayout(page);
    layout->addStretch();
    layout->addWidget(m_pendingLabel);
    layout->addWidget(m_progress, 0, Qt::AlignHCenter);
    layout->addStretch();
    return page;
}

QWidget *ResponseView::createResponsePage()
{
    auto *page = new QWidget(this);
    m_badge = new StatusBadge(page);
    m_explanation = new StatusExplanationLabel(page);
    m_explanation->hide();
    m_connection = mutedLabel(QStringLiteral("responseConnection"), page);
    m_connection->setForegroundRole(QPalette::PlaceholderText);
    m_timing = mutedLabel(QStringLiteral("responseTiming"), page);
    m_size = mutedLabel(QStringLiteral("responseSize"), page);
    m_banner = mutedLabel(QStringLiteral("responseBanner"), page);
    m_banner->setWordWrap(true);
    m_banner->setAutoFillBackground(true);
    m_banner->setBackgroundRole(QPalette::ToolTipBase);
    m_banner->setForegroundRole(QPalette::ToolTipText);
    m_banner->setMargin(6);

    m_tabs = new QTabWidget(page);
    m_tabs->setObjectName(QStringLiteral("responseTabs"));
    m_tabs->setDocumentMode(true);
    m_body = new BodyView(m_tabs);
    m_headers = new ResponseHeadersView(m_tabs);
    m_raw = new RawExchangeView(m_tabs);
    m_tabs->addTab(m_body, QStringLiteral("Body"));
    m_tabs->addTab(m_headers, QStringLiteral("Headers"));
    m_tabs->addTab(m_raw, QStringLiteral("Raw"));
    m_diagnosis = new DiagnosisView(m_tabs);
    m_tabs->addTab(m_diagnosis, QStringLiteral("Diagnosis"));
    connect(m_diagnosis, &DiagnosisView::referenceRequested, this, &ResponseView::referenceRequested);
    connect(m_badge, &StatusBadge::referenceRequested, this, &ResponseView::referenceRequested);
    connect(m_explanation, &StatusExplanationLabel::referenceRequested, this, &ResponseView::referenceRequested);
    connect(m_headers, &ResponseHeadersView::referenceRequested, this, &ResponseView::referenceRequested);

    auto *summary = new QGridLayout;
    summary->setContentsMargins(0, 0, 0, 0);
    summary->setHorizontalSpacing(12);
    summary->setVerticalSpacing(4);
    // The badge and what it means (the line that gets the width); sizes and timing; where the answer came from.
    summary->addWidget(m_badge, 0, 0);
    summary->addWidget(m_explanation, 0, 1, 1, 2);
    summary->addWidget(m_size, 1, 0, 1, 2);
    summary->addWidget(m_timing, 1, 2, Qt::AlignRight);
    summary->addWidget(m_connection, 2, 0, 1, 3);
    summary->setColumnStretch(1, 1);

    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addLayout(summary);
    layout->addWidget(m_banner);
    layout->addWidget(m_tabs, 1);
    return page;
}

void ResponseView::setExchange(const Exchange &exchange)
{
    m_exchange = exchange;
    if (!exchange.hasResponse()) {
        m_error->setExchange(exchange);
        setState(State::Failed);
        return;
    }
    m_badge->setStatus(exchange.status, exchange.reason);
    updateStatusExplanation();
    QString connection = QString::fromLatin1(exchange.httpVersion);
    if (!exchange.peerAddress.isNull())
        connection += QStringLiteral(" \u00b7 %1").arg(exchange.peerAddress.toString());
    if (exchange.peerPort)
        connection += QStringLiteral(":%1").arg(exchange.peerPort);
    if (exchange.connectionReused)
        connection += QStringLiteral(" \u00b7 reused connection");
    if (!exchange.redirects.isEmpty())
        connection += QStringLiteral(" \u00b7 after %1 redirect(s)").arg(exchange.redirects.size());
    m_connection->setText(connection);
    m_connection->setToolTip(exchange.finalUrl.isValid() ? exchange.finalUrl.toDisplayString() : QString());
    m_timing->setText(Display::timingSummary(exchange.timing));
    m_timing->setToolTip(Display::timingDetails(exchange.timing, exchange.connectionReused));
    m_size->setText(Display::sizeSummary(exchange));

    // A response that came with a problem (body cut short, decoding failed) or with protocol oddities the
    // client tolerated: say so above the tabs, where it cannot be missed.
    QStringList banner;
    if (exchange.error != ExchangeError::None)
        banner << QStringLiteral("%1: %2 %3")
                      .arg(Display::errorTitle(exchange.error), exchange.errorString,
                          Display::errorHint(exchange.error));
    for (const QString &note : exchange.protocolNotes)
        banner << QStringLiteral("Note: %1").arg(note);
    m_banner->setText(banner.join(QLatin1Char('\n')));
    m_banner->setVisible(!banner.isEmpty());

    m_body->setBody(exchange.body, exchange.responseHeaders.first("content-type"));
    // The first byte of the answer is when it "arrived" for Date skew and Expires without Date.
    const QDateTime received = exchange.timing.started.isValid() && exchange.timing.ttfbMs >= 0
        ? exchange.timing.started.addMSecs(exchange.timing.ttfbMs)
        : exchange.timing.started;
    m_headers->setHeaders(exchange.responseHeaders, exchange.status, received);
    m_raw->setExchange(exchange);
    m_tabs->setTabText(m_tabs->indexOf(m_headers), QStringLiteral("Headers (%1)").arg(exchange.responseHeaders.size()));
    // The window sends without the validator store: the notes are about this exchange on its own (its
    // validators, freshness, malformed fields), the same rules `cachescope-cli get` applies.
    CachedExchange seen;
    seen.exchange = exchange;
    m_diagnosis->setNotes(diagnoseExchange(seen));
    const int diagnosisTab = m_tabs->indexOf(m_diagnosis);
    m_tabs->setTabText(diagnosisTab, QStringLiteral("Diagnosis (%1)").arg(m_diagnosis->notes().size()));
    m_tabs->setTabToolTip(diagnosisTab, m_diagnosis->summary());
    setState(State::Response);
}

void ResponseView::setPending(const Request &request)
{
    m_pendingLabel->setText(QStringLiteral("Waiting for %1 %2\u2026")
                                .arg(QString::fromLatin1(request.method), request.url.toDisplayString()));
    m_progress->setRange(0, 0);
    setState(State::Pending);
}

void ResponseView::setProgress(qint64 received, qint64 total)
{
    if (m_state != State::Pending)
        return;
    if (total > 0) {
        // QProgressBar is int-based: work in KiB so multi-GB bodies do not overflow.
        m_progress->setRange(0, int(qMin<qint64>(total / 1024 + 1, std::numeric_limits<int>::max())));
        m_progress->setValue(int(qMin<qint64>(received / 1024, std::numeric_limits<int>::max())));
    }
    m_progress->setToolTip(total > 0 ? QStringLiteral("%1 of %2").arg(Display::bytes(received), Display::bytes(total))
                                     : QStringLiteral("%1 received").arg(Display::bytes(received)));
}

void ResponseView::clear()
{
    m_exchange = Exchange();
    m_body->clear();
    m_headers->setHeaders({});
    m_raw->clear();
    m_badge->clearStatus();
    m_explanation->clearExplanation();
    setState(State::Empty);
}

void ResponseView::saveState(QSettings &settings) const
{
    settings.setValue(QStringLiteral("responseView/tab"), m_tabs->currentIndex());
}

void ResponseView::restoreState(QSettings &settings)
{
    const int tab = settings.value(QStringLiteral("responseView/tab"), 0).toInt();
    if (tab >= 0 && tab < m_tabs->count())
        m_tabs->setCurrentIndex(tab);
}

void ResponseView::showDiagnosisTab()
{
    m_tabs->setCurrentWidget(m_diagnosis);
}

QString ResponseView::timingText() const
{
    return m_timing->text();
}

void ResponseView::setReference(const Reference *reference)
{
    m_reference = reference;
    m_headers->setReference(reference);
    updateStatusExplanation();
}

void ResponseView::updateStatusExplanation()
{
    if (!m_reference || !m_exchange.hasResponse()) {
        m_explanation->clearExplanation();
        return;
    }
    const StatusExplanation explanation = explainStatus(*m_reference, m_exchange.status);
    const QString topic
        = explanation.referenceCode ? ReferenceTopic::status(explanation.referenceCode).key() : QString();
    m_explanation->setExplanation(explanation.text, topic, explanation.details);
}

QString ResponseView::sizeText() const
{
    return m_size->text();
}

void ResponseView::setState(State state)
{
    m_state = state;
    switch (state) {
    case State::Empty:
        m_stack->setCurrentIndex(EmptyPage);
        break;
    case State::Pending:
        m_stack->setCurrentIndex(PendingPage);
        break;
    case State::Failed:
        m_stack->setCurrentIndex(ErrorPage);
        break;
    case State::Response:
        m_stack->setCurrentIndex(ResponsePage);
        break;
    }
}

} // namespace CacheScope
