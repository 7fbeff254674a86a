#include "request.h"

#include <QRegularExpression>

namespace CacheScope {

QString Request::validate() const
{
    if (!url.isValid())
        return QStringLiteral("malformed URL: %1").arg(url.errorString());
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return QStringLiteral("unsupported scheme '%1': CacheScope speaks http and https").arg(url.scheme());
    if (url.host().isEmpty())
        return QStringLiteral("the URL has no host");
    if (!HttpHeaders::isValidName(method))
        return QStringLiteral("invalid method '%1': a method is a token (letters, digits, !#$%&'*+-.^_`|~)")
            .arg(QString::fromLatin1(method));
    for (const HeaderField &field : headers) {
        if (!HttpHeaders::isValidName(field.name))
            return invalidHeaderNameMessage(field.name);
        if (!HttpHeaders::isValidValue(field.value))
            return QStringLiteral("the value of header '%1' contains CR, LF or NUL: refused (header injection)")
                .arg(QString::fromLatin1(field.name));
    }
    if (maxBodyBytes < 0)
        return QStringLiteral("the response body limit is negative (%1 bytes)").arg(maxBodyBytes);
    return {};
}

bool parseAcceptedCertificate(const QString &text, AcceptedCertificate *accepted, QString *error)
{
    const qsizetype equals = text.indexOf(QLatin1Char('='));
    const QString host = equals < 0 ? QString() : text.left(equals).trimmed().toLower();
    if (equals < 0 || host.isEmpty()) {
        *error = QStringLiteral("'%1' is not HOST=SHA256-FINGERPRINT").arg(text);
        return false;
    }
    if (host.contains(QLatin1Char('/')) || host.contains(QLatin1Char(':')) || host.contains(QLatin1Char(' '))) {
        *error = QStringLiteral("'%1' is not a host name (give the host alone, without scheme or port)").arg(host);
        return false;
    }
    QString hex = text.mid(equals + 1).trimmed();
    hex.remove(QLatin1Char(':'));
    static const QRegularExpression hexDigits(QStringLiteral("^[0-9A-Fa-f]{64}$"));
    if (!hexDigits.match(hex).hasMatch()) {
        *error = QStringLiteral("the fingerprint for %1 is not a SHA-256 digest (64 hex digits, colons allowed, as "
                                "the certificate error prints it)")
                     .arg(host);
        return false;
    }
    accepted->host = host;
    accepted->sha256 = QByteArray::fromHex(hex.toLatin1());
    return true;
}

QString fingerprintText(const QByteArray &sha256)
{
    return QString::fromLatin1(sha256.toHex(':').toUpper());
}

QUrl parseUserUrl(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return QUrl();
    };
    if (trimmed.isEmpty())
        return fail(QStringLiteral("the URL is empty"));
    for (QChar c : trimmed) {
        if (c.isSpace() || c.unicode() < 0x20)
            return fail(QStringLiteral("the URL contains whitespace or control characters"));
    }
    QString withScheme = trimmed;
    if (!trimmed.contains(QLatin1String("://"))) {
        // "mailto:x" or "javascript:..." name a scheme; "localhost:8080/x" names a host and port.
        static const QRegularExpression otherScheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*:(?![0-9]+(/|$))"));
        if (otherScheme.match(trimmed).hasMatch())
            return fail(QStringLiteral("unsupported scheme '%1': CacheScope speaks http and https")
                            .arg(trimmed.section(QLatin1Char(':'), 0, 0)));
        withScheme = QStringLiteral("http://") + trimmed;
    }
    QUrl url(withScheme, QUrl::StrictMode);
    if (!url.isValid())
        return fail(QStringLiteral("malformed URL: %1").arg(url.errorString()));
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return fail(QStringLiteral("unsupported scheme '%1': CacheScope speaks http and https").arg(url.scheme()));
    if (url.host().isEmpty())
        return fail(QStringLiteral("the URL has no host"));
    if (url.path().isEmpty())
        url.setPath(QStringLiteral("/"));
    return url;
}

} // namespace CacheScope
