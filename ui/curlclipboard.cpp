#include "curlclipboard.h"

#include <QClipboard>
#include <QGuiApplication>

namespace CacheScope {

QString copyAsCurl(const Request &request, const CurlExportOptions &options)
{
    const QString command = toCurlCommand(request, options);
    if (QClipboard *clipboard = QGuiApplication::clipboard())
        clipboard->setText(command);
    return command;
}

} // namespace CacheScope
