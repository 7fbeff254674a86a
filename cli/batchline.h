#pragma once

#include "client/request.h"

#include <QByteArray>
#include <QJsonValue>
#include <QString>

namespace CacheScope::Cli {

// One input line of `cachescope-cli batch` turned into a request; `error` is set (and `id` when the line had
// a usable one) when it cannot be sent. Headers are taken exactly as given: the request adds nothing but
// what HTTP/1.1 requires (addDefaultHeaders and acceptCompressed are off).
struct BatchLine
{
    QJsonValue id = QJsonValue::Null;
    Request request;
    QString error;
};

// {"id": 1, "method": "GET", "url": "...", "headers": [["name", "value"], ...], "body": null, "redirect":
// "follow" | "manual", "maxBody": 65536 | "10M", "acceptCertificates": ["HOST=SHA256", ...]}. Never throws; any
// bytes give a BatchLine with either a request or an error.
BatchLine parseBatchLine(const QByteArray &line);

} // namespace CacheScope::Cli
