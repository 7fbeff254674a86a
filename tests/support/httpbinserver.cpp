#include "httpbinserver.h"

#include <QProcess>

namespace CacheScope::TestSupport {

HttpbinServer::HttpbinServer()
    : ExternalServer(QStringLiteral("httpbin"), testPython())
{
    setStartTimeout(30000); // importing flask and httpbin takes seconds on a busy machine
}

bool HttpbinServer::available()
{
    static const bool importable = [] {
        const QString python = testPython();
        if (python.isEmpty())
            return false;
        QProcess probe;
        dieWithTestProcess(probe);
        probe.start(python, { QStringLiteral("-c"), QStringLiteral("import httpbin, werkzeug") });
        return probe.waitForFinished(60000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0;
    }();
    return importable;
}

QString HttpbinServer::missingReason()
{
    const QString python = testPython();
    return QStringLiteral("httpbin is not importable by %1; Debian: apt-get install python3-httpbin (used through "
                          "/usr/bin/python3), or run bash installer/install-deps.sh --for-tests; elsewhere set "
                          "CACHESCOPE_TEST_PYTHON to a python that has httpbin")
        .arg(python.isEmpty() ? QStringLiteral("any python (none found)") : python);
}

HttpbinServer::Launch HttpbinServer::prepare(const QString &, quint16 port)
{
    // run_simple rather than app.run(): no FLASK_* environment variable or .env file can change how it starts.
    static const QString script
        = QStringLiteral("import sys\n"
                         "from werkzeug.serving import run_simple\n"
                         "from httpbin import app\n"
                         "run_simple('127.0.0.1', int(sys.argv[1]), app, threaded=True, use_reloader=False)\n");
    Launch launch;
    launch.arguments = { QStringLiteral("-c"), script, QString::number(port) };
    return launch;
}

} // namespace CacheScope::TestSupport
