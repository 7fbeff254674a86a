#pragma once

#include "client/exchange.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QSettings;
class QStackedWidget;
class QTabWidget;

namespace CacheScope {

class BodyView;
class DiagnosisView;
class ErrorPanel;
class Reference;
class RawExchangeView;
class ResponseHeadersView;
class StatusBadge;
class StatusExplanationLabel;

// The answer: status badge, timing and size strip, and Body / Headers / Raw / Diagnosis tabs; or a waiting state, or an
// error panel when no response came back.
class ResponseView : public QWidget
{
    Q_OBJECT
public:
    enum class State
    {
        Empty,
        Pending,
        Failed,
        Response
    };

    explicit ResponseView(QWidget *parent = nullptr);

    void setExchange(const Exchange &exchange);
    void setPending(const Request &request);
    void setProgress(qint64 received, qint64 total);
    void clear();

    // Which tab (Body, Headers, Raw) the user had open.
    void saveState(QSettings &settings) const;
    void restoreState(QSettings &settings);

    // Brings the Diagnosis tab to the front (View > Diagnostics).
    void showDiagnosisTab();

    State state() const { return m_state; }
    const Exchange &exchange() const { return m_exchange; }

    StatusBadge *statusBadge() const { return m_badge; }
    // What the status means, from the reference (hidden without a reference); a link to its entry.
    StatusExplanationLabel *statusExplanation() const { return m_explanation; }
    BodyView *bodyView() const { return m_body; }
    ResponseHeadersView *headersView() const { return m_headers; }
    RawExchangeView *rawView() const { return m_raw; }
    DiagnosisView *diagnosisView() const { return m_diagnosis; }
    ErrorPanel *errorPanel() const { return m_error; }
    QString timingText() const;
    QString sizeText() const;

    // Explains the status next to the badge, and passed on to the headers view for its "Explain" menu. May be
    // null: then there is no status line.
    void setReference(const Reference *reference);

Q_SIGNALS:
    // The status badge or a header asked for its reference entry.
    void referenceRequested(const QString &topic);

private:
    QWidget *createEmptyPage();
    QWidget *createPendingPage();
    QWidget *createResponsePage();
    void setState(State state);
    void updateStatusExplanation();

    State m_state = State::Empty;
    Exchange m_exchange;
    QStackedWidget *m_stack;
    QLabel *m_pendingLabel = nullptr;
    QProgressBar *m_progress = nullptr;
    ErrorPanel *m_error;
    StatusBadge *m_badge = nullptr;
    StatusExplanationLabel *m_explanation = nullptr;
    const Reference *m_reference = nullptr;
    QLabel *m_connection = nullptr;
    QLabel *m_timing = nullptr;
    QLabel *m_size = nullptr;
    QLabel *m_banner = nullptr;
    QTabWidget *m_tabs = nullptr;
    BodyView *m_body = nullptr;
    ResponseHeadersView *m_headers = nullptr;
    RawExchangeView *m_raw = nullptr;
    DiagnosisView *m_diagnosis = nullptr;
};

} // namespace CacheScope
