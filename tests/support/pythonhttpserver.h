#pragma once

#include "externalserver.h"

namespace CacheScope::TestSupport {

// Python's own static file server, `python3 -m http.server --bind 127.0.0.1 PORT --directory DIR`:
// HTTP/1.0, Last-Modified and If-Modified-Since but no ETag and no Cache-Control, a different origin
// than nginx and Apache to compare against.
class PythonHttpServer : public ExternalServer
{
public:
    explicit PythonHttpServer(const QString &rootDir = QString());

    static bool available();
    static QString missingReason();

    // The directory served at "/"; default: an empty "www" directory in workDir() (created by start()).
    void setRootDir(const QString &dir) { m_rootDir = dir; }
    QString rootDir() const;

protected:
    Launch prepare(const QString &dir, quint16 port) override;

private:
    QString m_rootDir;
};

} // namespace CacheScope::TestSupport
