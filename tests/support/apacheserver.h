#pragma once

#include "externalserver.h"

namespace CacheScope::TestSupport {

// Apache httpd serving a directory from a minimal generated httpd.conf (mpm_event, or prefork, plus authz_core,
// mime, dir, headers, filter and deflate), ServerRoot, PidFile and logs in its own temporary directory. It runs
// as one process (-X) in the foreground, so nothing outlives the test; as root it keeps root's privileges
// (one-process mode does not switch user), so any directory can be served.
// With deflate on, compressed responses carry Apache's "-gzip" ETag suffix (DeflateAlterETag AddSuffix).
class ApacheServer : public ExternalServer
{
public:
    explicit ApacheServer(const QString &documentRoot = QString());

    static bool available();
    static QString missingReason();

    // The directory served at "/"; default: an empty "www" directory in workDir() (created by start()).
    void setDocumentRoot(const QString &dir) { m_documentRoot = dir; }
    QString documentRoot() const;
    // mod_deflate for text types (html, css, js, json, txt, xml).
    void setDeflate(bool enabled) { m_deflate = enabled; }
    // Inserted verbatim at the end of httpd.conf, e.g. "<Location /api>Header set Cache-Control no-store</Location>".
    void setExtraConfig(const QByteArray &config) { m_extra = config; }
    // Where the .so modules are; default: the first of the usual places (Debian, Fedora, Arch, Homebrew) found.
    void setModulesDir(const QString &dir) { m_modulesDir = dir; }
    QString modulesDir() const { return m_modulesDir; }

    QByteArray configuration(const QString &dir, quint16 port) const;

protected:
    Launch prepare(const QString &dir, quint16 port) override;
    QStringList logFiles() const override;

private:
    QString m_documentRoot;
    QString m_modulesDir;
    bool m_deflate = false;
    QByteArray m_extra;
};

} // namespace CacheScope::TestSupport
