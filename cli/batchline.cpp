#include "batchline.h"

#include "requestoptions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace CacheScope::Cli {

namespace {

QString readHeaders(const QJsonValue &value, HttpHeaders &headers)
{
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isArray())
        return QStringLiteral("\"headers\" must be an array of [name, value] pairs");
    for (const QJsonValue &pair : value.toArray()) {
        const QJsonArray field = pair.toArray();
        if (!pair.isArray() || field.size() != 2 || !field.at(0).isString() || !field.at(1).isString())
            return QStringLiteral("\"headers\" must be an array of [name, value] pairs of strings");
        headers.append(field.at(0).toString().toUtf8(), field.at(1).toString().toUtf8());
    }
    return {};
}

// "maxBody": a whole number of bytes, or a size as --max-body takes it ("10M"). Absent or null: the default.
QString readMaxBody(const QJsonValue &value, qint64 &maxBodyBytes)
{
    if (value.isUndefined() || value.isNull())
        return {};
    if (value.isString()) {
        QString problem;
        maxBodyBytes = parseByteSize(value.toString(), &problem);
        return maxBodyBytes > 0 ? QString() : QStringLiteral("\"maxBody\": %1").arg(problem);
    }
    // Doubles hold whole numbers exactly up to 2^53: far past any body a machine keeps in memory.
    constexpr double largest = 9007199254740992.0;
    const double number = value.toDouble(-1);
    if (!value.isDouble() || number < 1 || number > largest || number != double(qint64(number)))
        return QStringLiteral("\"maxBody\" must be a whole number of bytes of 1 or more (or a size such as \"10M\")");
    maxBodyBytes = qint64(number);
    return {};
}

// "acceptCertificates": ["HOST=SHA256", ...], as --accept-certificate takes each.
QString readAcceptedCertificates(const QJsonValue &value, QList<AcceptedCertificate> &accepted)
{
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isArray())
        return QStringLiteral("\"acceptCertificates\" must be an array of \"HOST=SHA256\" strings");
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString())
            return QStringLiteral("\"acceptCertificates\" must be an array of \"HOST=SHA256\" strings");
        AcceptedCertificate certificate;
        QString problem;
        if (!parseAcceptedCertificate(item.toString(), &certificate, &problem))
            return QStringLiteral("\"acceptCertificates\": %1").arg(problem);
        accepted.append(certificate);
    }
    return {};
}

QString readRequest(const QJsonObject &object, Request &request)
{
    const QJsonValue url = object.value(QLatin1String("url"));
    if (!url.isString())
        return url.isUndefined() ? QStringLiteral("missing \"url\"") : QStringLiteral("\"url\" must be a string");
    request.url = QUrl(url.toString(), QUrl::StrictMode);
    const QJsonValue method = object.value(QLatin1String("method"));
    if (!method.isUndefined() && !method.isString())
        return QStringLiteral("\"method\" must be a string");
    request.method = method.isString() ? method.toString().toUtf8() : QByteArray("GET");
    if (const QString problem = readHeaders(object.value(QLatin1String("headers")), request.headers);
        !problem.isEmpty())
        return problem;
    const QJsonValue body = object.value(QLatin1String("body"));
    if (!body.isUndefined() && !body.isNull() && !body.isString())
        return QStringLiteral("\"body\" must be null or a string");
    request.body = body.toString().toUtf8();
    const QString redirect = object.value(QLatin1String("redirect")).toString(QStringLiteral("follow"));
    if (redirect != QLatin1String("follow") && redirect != QLatin1String("manual"))
        return QStringLiteral("\"redirect\" must be \"follow\" or \"manual\"");
    request.redirects = redirect == QLatin1String("follow") ? RedirectPolicy::Follow : RedirectPolicy::Manual;
    if (const QString problem = readMaxBody(object.value(QLatin1String("maxBody")), request.maxBodyBytes);
        !problem.isEmpty())
        return problem;
    if (const QString problem
        = readAcceptedCertificates(object.value(QLatin1String("acceptCertificates")), request.acceptedCertificates);
        !problem.isEmpty())
        return problem;
    // Exactly the caller's headers: only Host (and Content-Length for a body) are added, and listed.
    request.addDefaultHeaders = false;
    request.acceptCompressed = false;
    return request.validate();
}

} // namespace

BatchLine parseBatchLine(const QByteArray &line)
{
    BatchLine parsed;
    QJsonParseError jsonError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &jsonError);
    if (jsonError.error != QJsonParseError::NoError) {
        parsed.error = QStringLiteral("not JSON: %1 at offset %2").arg(jsonError.errorString()).arg(jsonError.offset);
        return parsed;
    }
    if (!document.isObject()) {
        parsed.error = QStringLiteral("each line must be one JSON object");
        return parsed;
    }
    const QJsonObject object = document.object();
    const QJsonValue id = object.value(QLatin1String("id"));
    if (id.isUndefined() || id.isNull()) {
        parsed.error = QStringLiteral("missing \"id\"");
        return parsed;
    }
    if (!id.isDouble() && !id.isString()) {
        parsed.error = QStringLiteral("\"id\" must be a number or a string");
        return parsed;
    }
    parsed.id = id;
    parsed.error = readRequest(object, parsed.request);
    return parsed;
}

} // namespace CacheScope::Cli
