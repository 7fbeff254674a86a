#include "storelocation.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace CacheScope {

StoreLocation StoreLocation::resolve(const QString &explicitDir)
{
    StoreLocation location;
    QString dir = explicitDir;
    if (dir.isEmpty())
        dir = qEnvironmentVariable("CACHESCOPE_STORE");
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        dir = QDir::home().filePath(QStringLiteral(".cachescope"));
    location.m_directory = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    return location;
}

QString StoreLocation::databasePath() const
{
    return QDir(m_directory).filePath(QStringLiteral("cachescope.sqlite"));
}

QString StoreLocation::settingsPath() const
{
    return QDir(m_directory).filePath(QStringLiteral("settings.ini"));
}

QString StoreLocation::ensureExists() const
{
    QFileInfo info(m_directory);
    if (info.exists() && !info.isDir())
        return QStringLiteral("the store path %1 exists but is not a directory").arg(m_directory);
    if (!QDir().mkpath(m_directory))
        return QStringLiteral("cannot create the store directory %1 (check permissions and free space)")
            .arg(m_directory);
    return {};
}

} // namespace CacheScope
