#include "secretheaders.h"

namespace CacheScope {

bool isCredentialHeader(QByteArrayView name)
{
    return sameHeaderName(name, "Authorization") || sameHeaderName(name, "Proxy-Authorization")
        || sameHeaderName(name, "Cookie");
}

bool isSecretHeader(QByteArrayView name)
{
    return isCredentialHeader(name) || sameHeaderName(name, "Set-Cookie") || sameHeaderName(name, "Set-Cookie2");
}

HttpHeaders redactCredentials(const HttpHeaders &headers)
{
    HttpHeaders redacted;
    for (const HeaderField &field : headers) {
        redacted.append(field.name,
            isCredentialHeader(field.name) ? "[redacted: " + QByteArray::number(field.value.size()) + " bytes]"
                                           : field.value);
    }
    return redacted;
}

QUrl withoutPassword(const QUrl &url)
{
    QUrl copy = url;
    copy.setPassword(QString());
    return copy;
}

} // namespace CacheScope
