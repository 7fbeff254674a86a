#include "pythonhttpserver.h"

#include <QDir>

namespace CacheScope::TestSupport {

PythonHttpServer::PythonHttpServer(const QString &rootDir)
    : ExternalServer(QStringLiteral("http.server"), testPython())
    , m_rootDir(rootDir)
{ }

QString PythonHttpServer::rootDir() const
{
    return m_rootDir.isEmpty() && !workDir().isEmpty() ? workDir() + QStringLiteral("/www") : m_rootDir;
}

bool PythonHttpServer::available()
{
    return !testPython().isEmpty();
}

QString PythonHttpServer::missingReason()
{
    return QStringLiteral("no python3 found (looked at $CACHESCOPE_TEST_PYTHON, /usr/bin/python3 and PATH); "
                          "Debian: apt-get install python3");
}

PythonHttpServer::Launch PythonHttpServer::prepare(const QString &dir, quint16 port)
{
    Launch launch;
    const QString root = m_rootDir.isEmpty() ? QDir(dir).filePath(QStringLiteral("www")) : m_rootDir;
    if (!QDir().mkpath(root)) {
        launch.error = QStringLiteral("cannot create %1").arg(root);
        return launch;
    }
    launch.arguments = { QStringLiteral("-m"), QStringLiteral("http.server"), QStringLiteral("--bind"),
        QStringLiteral("127.0.0.1"), QStringLiteral("--directory"), root, QString::number(port) };
    return launch;
}

} // namespace CacheScope::TestSupport
