#include "curloptions.h"

namespace CacheScope {

namespace CurlOptions {

namespace {

const char *const kProxy = "CacheScope connects directly, without a proxy";
const char *const kTls = "CacheScope uses the system's TLS settings and certificate store";
const char *const kHttp = "CacheScope speaks HTTP/1.1";
const char *const kAuth = "only Basic authentication is built from -u";
const char *const kNet = "CacheScope resolves and connects on its own";

const Spec kOptions[] = {
    { "request", 'X', Id::Request, true },
    { "header", 'H', Id::Header, true },
    { "data", 'd', Id::Data, true },
    { "data-ascii", 0, Id::Data, true },
    { "data-binary", 0, Id::DataBinary, true },
    { "data-raw", 0, Id::DataRaw, true },
    { "data-urlencode", 0, Id::DataUrlencode, true },
    { "json", 0, Id::Json, true },
    { "compressed", 0, Id::Compressed, false },
    { "head", 'I', Id::Head, false },
    { "get", 'G', Id::Get, false },
    { "location", 'L', Id::Location, false },
    { "location-trusted", 0, Id::Location, false },
    { "max-redirs", 0, Id::MaxRedirs, true },
    { "max-time", 'm', Id::MaxTime, true },
    { "user", 'u', Id::User, true },
    { "user-agent", 'A', Id::UserAgent, true },
    { "referer", 'e', Id::Referer, true },
    { "cookie", 'b', Id::Cookie, true },
    { "url", 0, Id::Url, true },
    { "resolve", 0, Id::Resolve, true },
    { "range", 'r', Id::Range, true },
    { "time-cond", 'z', Id::TimeCond, true },
    { "oauth2-bearer", 0, Id::OAuth2Bearer, true },
    { "insecure", 'k', Id::Insecure, false },
    { "globoff", 'g', Id::Globoff, false },
    { "basic", 0, Id::Harmless, false },
    { "http1.1", 0, Id::Harmless, false },
    { "http1.0", '0', Id::Ignored, false, kHttp },
    { "http2", 0, Id::Ignored, false, kHttp },
    { "http2-prior-knowledge", 0, Id::Ignored, false, kHttp },
    { "http3", 0, Id::Ignored, false, kHttp },
    { "http3-only", 0, Id::Ignored, false, kHttp },
    { "digest", 0, Id::Ignored, false, kAuth },
    { "ntlm", 0, Id::Ignored, false, kAuth },
    { "negotiate", 0, Id::Ignored, false, kAuth },
    { "anyauth", 0, Id::Ignored, false, kAuth },
    // What curl prints, writes or retries: no effect on the request.
    { "silent", 's', Id::Harmless, false },
    { "show-error", 'S', Id::Harmless, false },
    { "verbose", 'v', Id::Harmless, false },
    { "include", 'i', Id::Harmless, false },
    { "show-headers", 0, Id::Harmless, false },
    { "fail", 'f', Id::Harmless, false },
    { "fail-with-body", 0, Id::Harmless, false },
    { "fail-early", 0, Id::Harmless, false },
    { "progress-bar", '#', Id::Harmless, false },
    { "no-progress-meter", 0, Id::Harmless, false },
    { "no-buffer", 'N', Id::Harmless, false },
    { "remote-name", 'O', Id::Harmless, false },
    { "remote-name-all", 0, Id::Harmless, false },
    { "remote-header-name", 'J', Id::Harmless, false },
    { "remote-time", 'R', Id::Harmless, false },
    { "create-dirs", 0, Id::Harmless, false },
    { "disable", 'q', Id::Harmless, false },
    { "raw", 0, Id::Harmless, false },
    { "path-as-is", 0, Id::Harmless, false },
    { "tcp-nodelay", 0, Id::Harmless, false },
    { "no-keepalive", 0, Id::Harmless, false },
    { "ipv4", '4', Id::Harmless, false },
    { "ipv6", '6', Id::Harmless, false },
    { "styled-output", 0, Id::Harmless, false },
    { "trace-time", 0, Id::Harmless, false },
    { "ssl-no-revoke", 0, Id::Harmless, false },
    { "output", 'o', Id::Harmless, true },
    { "output-dir", 0, Id::Harmless, true },
    { "write-out", 'w', Id::Harmless, true },
    { "trace", 0, Id::Harmless, true },
    { "trace-ascii", 0, Id::Harmless, true },
    { "stderr", 0, Id::Harmless, true },
    { "dump-header", 'D', Id::Harmless, true },
    { "cookie-jar", 'c', Id::Harmless, true },
    { "connect-timeout", 0, Id::Harmless, true },
    { "retry", 0, Id::Harmless, true },
    { "retry-delay", 0, Id::Harmless, true },
    { "retry-max-time", 0, Id::Harmless, true },
    { "limit-rate", 0, Id::Harmless, true },
    { "speed-time", 'y', Id::Harmless, true },
    { "speed-limit", 'Y', Id::Harmless, true },
    { "keepalive-time", 0, Id::Harmless, true },
    { "expect100-timeout", 0, Id::Harmless, true },
    { "max-filesize", 0, Id::Harmless, true },
    { "proto", 0, Id::Harmless, true },
    { "proto-redir", 0, Id::Harmless, true },
    { "proto-default", 0, Id::Harmless, true },
    // How curl connects: reported.
    { "proxy", 'x', Id::Ignored, true, kProxy },
    { "proxy-user", 'U', Id::Ignored, true, kProxy },
    { "preproxy", 0, Id::Ignored, true, kProxy },
    { "socks5", 0, Id::Ignored, true, kProxy },
    { "socks5-hostname", 0, Id::Ignored, true, kProxy },
    { "noproxy", 0, Id::Harmless, true },
    { "cacert", 0, Id::Ignored, true, kTls },
    { "capath", 0, Id::Ignored, true, kTls },
    { "cert", 'E', Id::Ignored, true, kTls },
    { "cert-type", 0, Id::Ignored, true, kTls },
    { "key", 0, Id::Ignored, true, kTls },
    { "key-type", 0, Id::Ignored, true, kTls },
    { "pass", 0, Id::Ignored, true, kTls },
    { "ciphers", 0, Id::Ignored, true, kTls },
    { "pinnedpubkey", 0, Id::Ignored, true, kTls },
    { "tls-max", 0, Id::Ignored, true, kTls },
    { "tlsv1", '1', Id::Ignored, false, kTls },
    { "tlsv1.0", 0, Id::Ignored, false, kTls },
    { "tlsv1.1", 0, Id::Ignored, false, kTls },
    { "tlsv1.2", 0, Id::Ignored, false, kTls },
    { "tlsv1.3", 0, Id::Ignored, false, kTls },
    { "interface", 0, Id::Ignored, true, kNet },
    { "local-port", 0, Id::Ignored, true, kNet },
    { "dns-servers", 0, Id::Ignored, true, kNet },
    { "doh-url", 0, Id::Ignored, true, kNet },
    { "connect-to", 0, Id::Ignored, true, "use --resolve to reach a given address" },
    { "unix-socket", 0, Id::Ignored, true, "CacheScope connects over TCP only" },
    { "netrc", 'n', Id::Ignored, false, "no credentials are read from ~/.netrc" },
    { "netrc-optional", 0, Id::Ignored, false, "no credentials are read from ~/.netrc" },
    { "tr-encoding", 0, Id::Ignored, false, "no TE header is sent" },
    // Requests CacheScope cannot reproduce.
    { "form", 'F', Id::Unsupported, true, "multipart form uploads are not supported yet" },
    { "form-string", 0, Id::Unsupported, true, "multipart form uploads are not supported yet" },
    { "upload-file", 'T', Id::Unsupported, true, "uploading a file is not supported" },
    { "config", 'K', Id::Unsupported, true, "options cannot be read from a file" },
    { "continue-at", 'C', Id::Unsupported, true, "resuming a transfer is not supported; use -r/--range" },
    { "request-target", 0, Id::Unsupported, true, "the request target always comes from the URL" },
    { "aws-sigv4", 0, Id::Unsupported, true, "request signing is not supported" },
    { "variable", 0, Id::Unsupported, true, "curl variables are not expanded" },
    { "next", ':', Id::Unsupported, false, "CacheScope imports one request" },
};

} // namespace

const Spec *findLong(QByteArrayView name)
{
    for (const Spec &spec : kOptions) {
        if (name == QByteArrayView(spec.longName))
            return &spec;
    }
    return nullptr;
}

const Spec *findShort(char c)
{
    for (const Spec &spec : kOptions) {
        if (spec.shortName == c)
            return &spec;
    }
    return nullptr;
}

} // namespace CurlOptions

} // namespace CacheScope
