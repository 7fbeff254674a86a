#pragma once

#include "rawhttp.h"

#include <functional>
#include <optional>
#include <QMutex>
#include <QObject>
#include <QQueue>
#include <QUrl>

class QThread;

namespace CacheScope::TestSupport {

class OriginWorker;

// One request as the origin received it.
struct RecordedRequest
{
    QByteArray requestLine; // "GET /a?b=1 HTTP/1.1"
    QByteArray method;
    QByteArray target;
    QByteArray version;
    RawHeaders headers; // as sent: order, duplicates and spelling kept
    QByteArray body;
    int connection = 0; // which TCP connection carried it (0, 1, ... in accept order): shows reuse

    QByteArray header(const QByteArray &name) const { return headerValue(headers, name); }
    bool hasHeader(const QByteArray &name) const { return !headerValue(headers, name).isNull(); }
};

// What the origin answers to one request: either status, headers and body (Content-Length is added unless
// the headers carry Content-Length or Transfer-Encoding), or raw bytes sent exactly as given.
struct ScriptedResponse
{
    int status = 200;
    QByteArray reason; // empty: the usual phrase for the status
    RawHeaders headers;
    QByteArray body;
    QByteArray raw; // when not empty, sent verbatim instead of everything above
    int delayMs = 0; // wait before answering (timeouts, slow origins)
    bool closeConnection = false; // close the connection after this response

    static ScriptedResponse make(int status, const RawHeaders &headers = {}, const QByteArray &body = {});
    // Raw bytes, then the connection closes: malformed responses usually cannot be delimited otherwise.
    static ScriptedResponse rawBytes(const QByteArray &bytes);
    // The bytes on the wire for this response; a HEAD request gets the headers only.
    QByteArray serialize(bool headRequest = false) const;
};

// An HTTP/1.1 origin on 127.0.0.1 (free port) whose every answer the test scripts, and which records every
// request it received. It serves from its own thread, so clients that block the test thread (a QProcess
// waited on, a blocking socket) are answered too. Answers come from the queue first (FIFO), then from the
// handler; with neither, the origin answers 500 with a body naming the unscripted request.
// Keep-alive and pipelining are supported; Content-Length request bodies are read (chunked ones too).
//
//     ScriptedOrigin origin;
//     QVERIFY2(origin.start(), qPrintable(origin.errorString()));
//     origin.enqueue(ScriptedResponse::make(200, { { "ETag", "\"v1\"" }, { "Cache-Control", "max-age=0" } }, "a"));
//     origin.enqueue(ScriptedResponse::make(304, { { "ETag", "\"v1\"" } }));
//     ... two requests to origin.url("/x") ...
//     QCOMPARE(origin.requests().at(1).header("If-None-Match"), "\"v1\"");
class ScriptedOrigin : public QObject
{
    Q_OBJECT
public:
    // Called on the origin's thread: it must only use what it captured by value (or guard shared state).
    using Handler = std::function<ScriptedResponse(const RecordedRequest &request, int index)>;

    explicit ScriptedOrigin(QObject *parent = nullptr);
    ~ScriptedOrigin() override;

    bool start();
    void stop();
    QString errorString() const { return m_error; }
    quint16 port() const { return m_port; }
    QUrl baseUrl() const;
    QUrl url(const QString &pathAndQuery) const;

    void enqueue(const ScriptedResponse &response);
    void setHandler(Handler handler);
    // Answers every request the queue and handler leave over (instead of the 500).
    void setDefaultResponse(const ScriptedResponse &response);
    int pendingResponses() const;

    QList<RecordedRequest> requests() const;
    RecordedRequest lastRequest() const; // empty when none yet
    int requestCount() const;
    int connectionCount() const;
    // Forgets the recorded requests (indexes start at 0 again); scripted responses and connection numbering stay.
    void clearRequests();

    // Used by the server thread: records the request and picks its answer.
    ScriptedResponse answer(const RecordedRequest &request);
    int nextConnectionIndex();

Q_SIGNALS:
    // In the thread of this object, after the request was recorded (index into requests()).
    void requestReceived(int index);

private:
    mutable QMutex m_mutex;
    QQueue<ScriptedResponse> m_queue;
    Handler m_handler;
    std::optional<ScriptedResponse> m_default;
    QList<RecordedRequest> m_requests;
    int m_connections = 0;

    QThread *m_thread = nullptr;
    OriginWorker *m_worker = nullptr;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace CacheScope::TestSupport
