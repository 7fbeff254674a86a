#include "cli.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("CacheScope"));
    QCoreApplication::setOrganizationName(QStringLiteral("CacheScope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CACHESCOPE_VERSION));
    return CacheScope::Cli::run(QCoreApplication::arguments().mid(1));
}
