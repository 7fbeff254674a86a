#pragma once

#include "httpheaders.h"

#include <QByteArrayView>
#include <QUrl>

namespace CacheScope {

// Credentials a request carries: Authorization, Proxy-Authorization and Cookie. Their values never go into
// CacheScope's printed output or logs; exports redact them unless the user asks otherwise.
bool isCredentialHeader(QByteArrayView name);

// Credentials in either direction: the request's (above) and the cookies a response sets (Set-Cookie,
// Set-Cookie2). What HAR export redacts by default.
bool isSecretHeader(QByteArrayView name);

// The same headers with each credential value replaced by "[redacted: N bytes]" (the length stays visible,
// so "was a token sent at all?" can still be answered). Order, names and other values are kept.
HttpHeaders redactCredentials(const HttpHeaders &headers);

// The URL without its password, for printing ("http://user@host/" instead of "http://user:secret@host/").
QUrl withoutPassword(const QUrl &url);

} // namespace CacheScope
