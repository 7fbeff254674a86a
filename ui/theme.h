#pragma once

#include <QString>

class QPalette;

namespace CacheScope {

// "light" or "dark" switches to the Fusion style with that palette (also handy for screenshots on a
// headless machine); "system" or empty keeps the platform's. Returns an error for other names.
QString applyColorScheme(const QString &scheme);
bool isDark(const QPalette &palette);

} // namespace CacheScope
