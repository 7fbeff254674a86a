#include "storefacts.h"

#include "cache/cacheentry.h"

namespace CacheScope {

namespace {

QString headerOrNone(const CacheEntry &entry, QByteArrayView name)
{
    return entry.responseHeaders.contains(name) ? QString::fromLatin1(entry.responseHeaders.first(name))
                                                : QStringLiteral("none");
}

} // namespace

QString storedNowFacts(const QList<CacheEntry> &variants)
{
    if (variants.isEmpty())
        return QStringLiteral("Nothing is stored for this URL now.");
    const CacheEntry &first = variants.constFirst();
    QString facts = QStringLiteral("Stored now: %1 %2, ETag %3, Last-Modified %4, stored %5")
                        .arg(first.status)
                        .arg(QString::fromLatin1(first.reason), headerOrNone(first, "ETag"),
                            headerOrNone(first, "Last-Modified"), first.storedAt.toLocalTime().toString(Qt::ISODate));
    if (first.lastValidated.isValid())
        facts += QStringLiteral(", last validated %1").arg(first.lastValidated.toLocalTime().toString(Qt::ISODate));
    if (variants.size() > 1)
        facts += QStringLiteral(" (and %1 other variants)").arg(variants.size() - 1);
    return facts;
}

} // namespace CacheScope
