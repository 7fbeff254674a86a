#include "externalserver.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#endif

namespace CacheScope::TestSupport {

static const QString outputLog = QStringLiteral("output.log");

bool serversRequired()
{
    const QString ci = qEnvironmentVariable("CI").trimmed().toLower();
    return ci == QLatin1String("true") || ci == QLatin1String("1") || ci == QLatin1String("yes")
        || qEnvironmentVariable("CACHESCOPE_REQUIRE_TEST_SERVERS") == QLatin1String("1");
}

quint16 freeLocalPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

void dieWithTestProcess(QProcess &process)
{
#ifdef Q_OS_LINUX
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
#else
    Q_UNUSED(process);
#endif
}

QString testPython()
{
    const QString chosen = qEnvironmentVariable("CACHESCOPE_TEST_PYTHON");
    if (!chosen.isEmpty())
        return QFileInfo(chosen).isExecutable() ? chosen : QStandardPaths::findExecutable(chosen);
#ifdef Q_OS_LINUX
    if (QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable())
        return QStringLiteral("/usr/bin/python3");
#endif
    QString found = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (found.isEmpty())
        found = QStandardPaths::findExecutable(QStringLiteral("python"));
    return found;
}

ExternalServer::ExternalServer(QString displayName, QString program)
    : m_name(std::move(displayName))
    , m_program(std::move(program))
{ }

ExternalServer::~ExternalServer()
{
    stop();
}

QUrl ExternalServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QUrl ExternalServer::url(const QString &pathAndQuery) const
{
    QString path = pathAndQuery;
    if (!path.startsWith(QLatin1Char('/')))
        path.prepend(QLatin1Char('/'));
    return QUrl(baseUrl().toString() + path);
}

QString ExternalServer::workDir() const
{
    return m_dir ? m_dir->path() : QString();
}

bool ExternalServer::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

qint64 ExternalServer::processId() const
{
    return isRunning() ? m_process->processId() : 0;
}

bool ExternalServer::start()
{
    if (isRunning())
        return true;
    m_error.clear();
    if (m_program.isEmpty() || !QFileInfo(m_program).isExecutable()) {
        m_error = QStringLiteral("%1: program '%2' not found or not executable").arg(m_name, m_program);
        return false;
    }
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/cachescope-%1-XXXXXX").arg(m_name));
    if (!m_dir->isValid()) {
        m_error = QStringLiteral("%1: cannot create a temporary directory: %2").arg(m_name, m_dir->errorString());
        return false;
    }
    m_dir->setAutoRemove(qEnvironmentVariable("CACHESCOPE_KEEP_SERVER_DIRS") != QLatin1String("1"));

    // freeLocalPort() closes its probe before the server binds, so someone may take the port in between.
    for (int attempt = 0; attempt < 3; ++attempt) {
        const quint16 port = freeLocalPort();
        if (port == 0) {
            m_error = QStringLiteral("%1: no free port on 127.0.0.1").arg(m_name);
            return false;
        }
        bool portTaken = false;
        if (startOnce(port, &portTaken))
            return true;
        if (!portTaken)
            return false;
    }
    return false;
}

bool ExternalServer::startOnce(quint16 port, bool *portTaken)
{
    m_port = port;
    const Launch launch = prepare(m_dir->path(), port);
    if (!launch.error.isEmpty()) {
        m_error = QStringLiteral("%1: %2").arg(m_name, launch.error);
        return false;
    }
    const QString output = m_dir->filePath(outputLog);
    QFile::remove(output);

    m_process = std::make_unique<QProcess>();
    m_process->setProgram(m_program);
    m_process->setArguments(launch.arguments);
    m_process->setWorkingDirectory(m_dir->path());
    // Files, not pipes: nobody has to drain a pipe while a test runs without an event loop.
    m_process->setStandardOutputFile(output, QIODevice::Append);
    m_process->setStandardErrorFile(output, QIODevice::Append);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // A pyenv or virtualenv setting must not leak into Debian's interpreter.
    environment.remove(QStringLiteral("PYTHONHOME"));
    environment.remove(QStringLiteral("PYTHONPATH"));
    environment.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
    environment.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    m_process->setProcessEnvironment(environment);
    // The destructor stops the server; this covers the test process crashing or being killed by ctest.
    dieWithTestProcess(*m_process);
    m_process->start();
    if (!m_process->waitForStarted(10000)) {
        m_error = QStringLiteral("%1: cannot run %2: %3").arg(m_name, m_program, m_process->errorString());
        m_process.reset();
        return false;
    }
    if (waitUntilAccepting())
        return true;

    stop();
    *portTaken = logs().contains(QLatin1String("in use"), Qt::CaseInsensitive);
    m_error += QStringLiteral("\n--- %1 %2\n%3").arg(m_program, launch.arguments.join(QLatin1Char(' ')), tail());
    return false;
}

bool ExternalServer::waitUntilAccepting()
{
    const QDeadlineTimer deadline(m_startTimeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process->state() == QProcess::NotRunning) {
            m_error = QStringLiteral("%1 exited during start-up (exit code %2)").arg(m_name).arg(m_process->exitCode());
            return false;
        }
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_port);
        if (probe.waitForConnected(250)) {
            probe.abort();
            return true;
        }
        // Doubles as the pause between probes, and notices an early exit at once.
        if (m_process->waitForFinished(100)) {
            m_error = QStringLiteral("%1 exited during start-up (exit code %2)").arg(m_name).arg(m_process->exitCode());
            return false;
        }
    }
    m_error = QStringLiteral("%1 did not accept connections on 127.0.0.1:%2 within %3 ms")
                  .arg(m_name)
                  .arg(m_port)
                  .arg(m_startTimeoutMs);
    return false;
}

void ExternalServer::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(3000);
        }
    }
    m_process.reset();
}

QString ExternalServer::logs() const
{
    if (!m_dir)
        return {};
    QString text;
    const QStringList files = QStringList { outputLog } + logFiles();
    for (const QString &name : files) {
        QFile file(m_dir->filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray contents = file.readAll();
        if (!contents.trimmed().isEmpty())
            text += QStringLiteral("== %1 ==\n").arg(name) + QString::fromUtf8(contents);
    }
    return text;
}

QString ExternalServer::tail(int maxChars) const
{
    const QString text = logs();
    return text.size() <= maxChars ? text : QStringLiteral("...") + text.right(maxChars);
}

bool ExternalServer::writeFile(const QString &path, const QByteArray &contents, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(contents) != contents.size()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QList<QPair<QByteArray, QByteArray>> ExternalServer::mimeTypes()
{
    return {
        { "text/html", "html htm" },
        { "text/css", "css" },
        { "text/plain", "txt text" },
        { "text/xml", "xml" },
        { "application/javascript", "js mjs" },
        { "application/json", "json" },
        { "application/pdf", "pdf" },
        { "application/wasm", "wasm" },
        { "image/png", "png" },
        { "image/jpeg", "jpg jpeg" },
        { "image/gif", "gif" },
        { "image/svg+xml", "svg" },
        { "image/webp", "webp" },
        { "font/woff2", "woff2" },
    };
}

} // namespace CacheScope::TestSupport
