#pragma once

#include <memory>
#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

class QProcess;
class QTemporaryDir;

namespace CacheScope::TestSupport {

// True when a missing server program must fail a test instead of skipping it: CI installs them all
// (environment CI=true, or CACHESCOPE_REQUIRE_TEST_SERVERS=1).
bool serversRequired();

// A port on 127.0.0.1 that nobody listened on a moment ago (0 if none could be found).
quint16 freeLocalPort();

// Makes a QProcess (not started yet) die with the test process on Linux (PR_SET_PDEATHSIG): a crashing or
// killed test leaves no child behind. ExternalServer does this for its servers; use it for any helper process.
void dieWithTestProcess(QProcess &process);

// The Python interpreter the servers run: $CACHESCOPE_TEST_PYTHON, else Debian's /usr/bin/python3 (a pyenv
// or virtualenv python3 on PATH lacks python3-httpbin), else python3 on PATH. Empty when there is none.
QString testPython();

// A real server program (nginx, apache2, python) running in its own temporary directory on a free port of
// 127.0.0.1, with a configuration generated there. start() returns once the server accepts connections; the
// destructor stops it. On Linux the child also dies with the test process (PR_SET_PDEATHSIG), so a crashing
// or killed test leaves no server behind.
//
//     NginxServer nginx(dataDir);
//     QVERIFY2(nginx.start(), qPrintable(nginx.errorString()));
//     auto response = RawHttp::get(nginx.url(QStringLiteral("/index.html")));
class ExternalServer
{
public:
    virtual ~ExternalServer();
    ExternalServer(const ExternalServer &) = delete;
    ExternalServer &operator=(const ExternalServer &) = delete;

    // Writes the configuration, starts the program and waits (up to startTimeout()) until it accepts
    // connections. A port taken in the meantime by someone else is retried on another port.
    bool start();
    // Stops the program (SIGTERM, then SIGKILL after a few seconds). Safe to call twice.
    void stop();
    bool isRunning() const;
    // The server's process id while it runs, else 0.
    qint64 processId() const;

    quint16 port() const { return m_port; }
    QUrl baseUrl() const; // http://127.0.0.1:PORT
    QUrl url(const QString &pathAndQuery) const; // baseUrl() + "/path?query"
    // Why start() failed, with the end of the server's own logs.
    QString errorString() const { return m_error; }
    // The server's temporary directory (configuration, pid file, logs). Kept after the test when
    // CACHESCOPE_KEEP_SERVER_DIRS=1, for a post-mortem.
    QString workDir() const;
    // Everything the program printed plus its log files, for diagnostics.
    QString logs() const;

    // The program to run instead of the one found on this machine (e.g. a second installation).
    void setProgram(const QString &program) { m_program = program; }
    QString program() const { return m_program; }
    void setStartTimeout(int milliseconds) { m_startTimeoutMs = milliseconds; }
    int startTimeout() const { return m_startTimeoutMs; }

protected:
    ExternalServer(QString displayName, QString program);

    struct Launch
    {
        QStringList arguments;
        QString error; // non-empty: the configuration could not be written
    };
    // Writes the configuration for this port into dir and returns the program's arguments.
    virtual Launch prepare(const QString &dir, quint16 port) = 0;
    // Log files (relative to workDir()) worth showing when the server fails.
    virtual QStringList logFiles() const { return {}; }

    static bool writeFile(const QString &path, const QByteArray &contents, QString *error);
    // A small type table (html, css, js, json, txt, images...) so no configuration depends on /etc:
    // pairs of media type and space-separated extensions.
    static QList<QPair<QByteArray, QByteArray>> mimeTypes();

private:
    bool startOnce(quint16 port, bool *portTaken);
    bool waitUntilAccepting();
    QString tail(int maxChars = 3000) const;

    QString m_name;
    QString m_program;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    QString m_error;
    int m_startTimeoutMs = 20000;
};

} // namespace CacheScope::TestSupport

// In a test function: skip (with the reason) when ServerType's program is not installed, but fail in CI,
// which is expected to have installed everything.
#define CACHESCOPE_REQUIRE_SERVER(ServerType)                                                                          \
    do {                                                                                                               \
        if (!ServerType::available()) {                                                                                \
            if (CacheScope::TestSupport::serversRequired())                                                            \
                QFAIL(qPrintable(ServerType::missingReason() + QStringLiteral(" (required: CI is set)")));             \
            QSKIP(qPrintable(ServerType::missingReason()));                                                            \
        }                                                                                                              \
    } while (false)
