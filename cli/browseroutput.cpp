#include "browseroutput.h"

#include "output.h"

#include <QJsonArray>

namespace CacheScope::Cli {

namespace {

QJsonArray namesToJson(const QList<QByteArray> &names)
{
    QJsonArray array;
    for (const QByteArray &name : names)
        array.append(QString::fromLatin1(name));
    return array;
}

} // namespace

bool parseCacheMode(const QString &text, bool *browser, QString *error)
{
    if (text == QLatin1String("browser") || text == QLatin1String("inspector")) {
        *browser = text == QLatin1String("browser");
        return true;
    }
    *error = QStringLiteral("--cache-mode takes browser or inspector, not '%1'").arg(text);
    return false;
}

QJsonObject browserCacheToJson(const BrowserResult &result)
{
    QJsonArray invalidated;
    for (const QUrl &url : result.invalidated)
        invalidated.append(url.toString());
    QJsonArray hops;
    for (const BrowserHop &hop : result.hops) {
        hops.append(QJsonObject { { QStringLiteral("url"), hop.url.toString() },
            { QStringLiteral("status"), hop.status }, { QStringLiteral("decision"), browserDecisionName(hop.decision) },
            { QStringLiteral("reason"), hop.reason } });
    }
    QJsonObject cache {
        { QStringLiteral("mode"), QStringLiteral("browser") },
        { QStringLiteral("decision"), browserDecisionName(result.decision) },
        { QStringLiteral("reason"), result.reason },
        { QStringLiteral("fromStore"), result.fromStore },
        { QStringLiteral("network"), result.networkUsed },
        { QStringLiteral("backgroundRevalidation"), result.backgroundRevalidation },
        { QStringLiteral("addedRequestHeaders"), namesToJson(result.addedRequestHeaders) },
        { QStringLiteral("addedResponseHeaders"), namesToJson(result.addedResponseHeaders) },
        { QStringLiteral("action"),
            result.network ? QJsonValue(cacheActionName(result.network->action)) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("invalidated"), invalidated },
        { QStringLiteral("hops"), hops },
        { QStringLiteral("notes"), QJsonArray::fromStringList(result.notes) },
    };
    return cache;
}

QJsonObject inspectorCacheToJson(const CachedExchange &result)
{
    return QJsonObject {
        { QStringLiteral("mode"), QStringLiteral("inspector") },
        { QStringLiteral("decision"), QStringLiteral("sent") },
        { QStringLiteral("reason"), result.actionText },
        { QStringLiteral("action"), cacheActionName(result.action) },
        { QStringLiteral("addedRequestHeaders"), namesToJson(result.exchange.addedHeaderNames) },
        { QStringLiteral("addedResponseHeaders"), QJsonArray() },
    };
}

void printBrowserSummary(const BrowserResult &result)
{
    out() << "── cache (browser): " << browserDecisionName(result.decision) << '\n';
    out() << "  " << result.reason << '\n';
    for (const BrowserHop &hop : result.hops)
        out() << "  redirect " << hop.status << " from " << hop.url.toString() << ": "
              << browserDecisionName(hop.decision) << " (" << hop.reason << ")\n";
    if (!result.addedRequestHeaders.isEmpty())
        out() << "  added to the request: " << QString::fromLatin1(result.addedRequestHeaders.join(", ")) << '\n';
    for (const QString &note : result.notes)
        out() << "  " << note << '\n';
    out().flush();
}

} // namespace CacheScope::Cli
