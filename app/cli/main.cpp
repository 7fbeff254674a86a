#include "cli.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    // No GUI shares this event loop: Qt's own dispatcher costs less per turn than GLib's (2% of the
    // instructions of `watch --interval 0`). An empty QT_NO_GLIB in the environment keeps GLib's.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("CacheScope"));
    QCoreApplication::setOrganizationName(QStringLiteral("CacheScope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CACHESCOPE_VERSION));
    return CacheScope::Cli::run(QCoreApplication::arguments().mid(1));
}
