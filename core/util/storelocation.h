#pragma once

#include <QString>

namespace CacheScope {

// Where CacheScope keeps its state (settings, validator store, timeline).
// Precedence: an explicit --store DIR, then $CACHESCOPE_STORE, then the platform's app data location.
class StoreLocation
{
public:
    // Resolves the directory; `explicitDir` is the --store argument (empty when not given).
    static StoreLocation resolve(const QString &explicitDir = {});

    QString directory() const { return m_directory; }
    QString databasePath() const;
    QString settingsPath() const;
    // Creates the directory if needed; returns an error message, empty on success.
    QString ensureExists() const;

private:
    QString m_directory;
};

} // namespace CacheScope
