#pragma once

#include "externalserver.h"

namespace CacheScope::TestSupport {

// nginx serving a directory, single process (`master_process off`, so nothing outlives the test), run as the
// current user with its pid, logs and temp paths in its own temporary directory:
//     nginx -p DIR/ -c nginx.conf -e DIR/error.log -g 'daemon off;'
// Static files get nginx's own Last-Modified and ETag; gzip (off by default) makes the ETag weak.
class NginxServer : public ExternalServer
{
public:
    explicit NginxServer(const QString &rootDir = QString());

    static bool available();
    static QString missingReason();

    // The directory served at "/"; default: an empty "www" directory in workDir() (created by start()).
    void setRootDir(const QString &dir) { m_rootDir = dir; }
    QString rootDir() const;
    // gzip for text types (html, css, js, json, txt, xml), with gzip_vary on and no minimum length.
    void setGzip(bool enabled) { m_gzip = enabled; }
    // Inserted verbatim in the server block, e.g. "location /api/ { add_header Cache-Control no-cache; }".
    void setExtraServerConfig(const QByteArray &config) { m_extraServer = config; }
    // Inserted verbatim in the http block, before the server block.
    void setExtraHttpConfig(const QByteArray &config) { m_extraHttp = config; }

    // The whole generated nginx.conf, for a test or a reader who wants to see it.
    QByteArray configuration(const QString &dir, quint16 port) const;

protected:
    Launch prepare(const QString &dir, quint16 port) override;
    QStringList logFiles() const override;

private:
    QString m_rootDir;
    bool m_gzip = false;
    QByteArray m_extraServer;
    QByteArray m_extraHttp;
};

} // namespace CacheScope::TestSupport
