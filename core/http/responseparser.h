#pragma once

#include "httpheaders.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace CacheScope {

struct ResponseLimits
{
    qsizetype maxHeaderBlock = 1024 * 1024; // one status line + header block, in bytes
    qsizetype maxHeaderFields = 20000;
};

// Incremental parser for one HTTP/1.x response (RFC 9112), interim 1xx responses included.
// Feed it bytes as they arrive; it never throws and never reads past the end of the message, so the
// bytes it leaves unconsumed belong to whatever follows on the connection.
class ResponseParser
{
public:
    enum class State { StatusLine, Headers, Body, Complete, Failed };
    enum class Framing { None, ContentLength, Chunked, UntilClose };

    struct Head
    {
        QByteArray httpVersion;
        int status = 0;
        QByteArray reason;
        HttpHeaders headers;
        QByteArray raw; // status line + fields + empty line, byte for byte
    };

    // `requestMethod` decides whether a body follows (no body for HEAD; RFC 9112 §6.3).
    explicit ResponseParser(const QByteArray &requestMethod, ResponseLimits limits = ResponseLimits());

    // Consumes what it can from `data` and returns how many bytes it used. Body bytes (de-framed but
    // still content-encoded) are appended to the output given by takeBody().
    qsizetype feed(const char *data, qsizetype size);
    // The connection closed: completes a close-delimited body, fails an incomplete message.
    void finishAtEof();

    State state() const { return m_state; }
    bool isComplete() const { return m_state == State::Complete; }
    bool hasFailed() const { return m_state == State::Failed; }
    QString errorString() const { return m_error; }
    // The failure was a limit (header block size, number of fields), not malformed HTTP.
    bool failedOnLimit() const { return m_failedOnLimit; }
    // Oddities that did not stop parsing (obsolete line folding, lines without a colon, ...).
    const QStringList &notes() const { return m_notes; }

    bool hasFinalHead() const { return m_finalHeadDone; }
    const Head &finalHead() const { return m_final; }
    const QList<Head> &interimHeads() const { return m_interim; }
    Framing framing() const { return m_framing; }
    // Content-Length of the body, -1 when not framed by length.
    qint64 expectedBodyLength() const { return m_framing == Framing::ContentLength ? m_contentLength : -1; }

    // Bytes of every head received (interim included), and of the body as framed on the wire.
    qint64 headBytes() const { return m_headBytes; }
    qint64 bodyWireBytes() const { return m_bodyWireBytes; }
    // De-framed body bytes received since the last call.
    QByteArray takeBody();
    // Whether the server asked to close the connection after this response (or HTTP/1.0 without keep-alive).
    bool closeAfterResponse() const;

private:
    bool parseHeadLine(const QByteArray &line);
    bool finishHead();
    qsizetype feedChunked(const char *data, qsizetype size);
    void fail(const QString &message);
    void failOnLimit(const QString &message);
    bool decideFraming();

    QByteArray m_method;
    ResponseLimits m_limits;
    bool m_failedOnLimit = false;
    State m_state = State::StatusLine;
    Framing m_framing = Framing::None;
    QString m_error;
    QStringList m_notes;

    Head m_current;
    Head m_final;
    QList<Head> m_interim;
    bool m_finalHeadDone = false;
    QByteArray m_lineBuffer;

    qint64 m_contentLength = -1;
    qint64 m_bodyRemaining = 0;
    qint64 m_headBytes = 0;
    qint64 m_bodyWireBytes = 0;
    QByteArray m_body;

    enum class ChunkState { Size, Data, DataEnd, Trailer };
    ChunkState m_chunkState = ChunkState::Size;
    qint64 m_chunkRemaining = 0;
};

} // namespace CacheScope
