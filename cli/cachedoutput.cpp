#include "cachedoutput.h"

#include "cache/validatorstore.h"
#include "diagnostics/diagnosis.h"
#include "exchangejson.h"
#include "output.h"
#include "util/storelocation.h"

#include <QJsonArray>

namespace CacheScope::Cli {

bool openStore(ValidatorStore &store, const QString &storeOption, const QString &command)
{
    const StoreLocation location = StoreLocation::resolve(storeOption);
    const QString problem = location.ensureExists();
    if (!problem.isEmpty() || !store.open(location)) {
        err() << "cachescope-cli " << command << ": " << (problem.isEmpty() ? store.errorString() : problem) << '\n';
        err().flush();
        return false;
    }
    if (!store.recoveryNotice().isEmpty())
        err() << "cachescope-cli " << command << ": warning: " << store.recoveryNotice() << '\n';
    return true;
}

static QJsonValue stringOrNull(const QByteArray &value)
{
    return value.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(QString::fromLatin1(value));
}

static QJsonObject freshnessToJson(const Freshness &f)
{
    return QJsonObject {
        { QStringLiteral("state"),
            !f.valid ? QStringLiteral("unknown") : (f.fresh ? QStringLiteral("fresh") : QStringLiteral("stale")) },
        { QStringLiteral("lifetime"), f.lifetime },
        { QStringLiteral("age"), f.currentAge },
        { QStringLiteral("source"), freshnessSourceName(f.source) },
        { QStringLiteral("fresh_for"), f.freshFor },
        { QStringLiteral("stale_by"), f.staleBy },
        { QStringLiteral("no_cache"), f.noCache },
        { QStringLiteral("must_revalidate"), f.mustRevalidate },
        { QStringLiteral("summary"), f.summary },
        { QStringLiteral("lifetime_explanation"), f.lifetimeExplanation },
        { QStringLiteral("notes"), QJsonArray::fromStringList(f.notes) },
    };
}

QJsonObject cachedExchangeToJson(const CachedExchange &result)
{
    QJsonObject json = exchangeToJson(result.exchange);
    const HttpHeaders &sent = result.exchange.requestHeadersSent;
    json.insert(QStringLiteral("validators_sent"),
        QJsonObject {
            { QStringLiteral("if_none_match"), stringOrNull(sent.first("If-None-Match")) },
            { QStringLiteral("if_modified_since"), stringOrNull(sent.first("If-Modified-Since")) },
            { QStringLiteral("from_store"), result.conditionalSent },
        });
    QJsonObject cache {
        { QStringLiteral("action"), cacheActionName(result.action) },
        { QStringLiteral("explanation"), result.actionText },
        { QStringLiteral("stored"), result.current.has_value() },
        { QStringLiteral("updated"), result.action == CacheAction::Updated },
        { QStringLiteral("freshness"),
            result.freshness ? QJsonValue(freshnessToJson(*result.freshness)) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("storable"),
            result.storability ? QJsonValue(result.storability->summary) : QJsonValue(QJsonValue::Null) },
    };
    if (result.notModified) {
        QJsonArray changed;
        for (const UpdatedEntry &updated : result.notModified->updated) {
            for (const HeaderChange &change : updated.changes)
                changed.append(QString::fromLatin1(change.name));
        }
        cache.insert(QStringLiteral("match"), notModifiedMatchName(result.notModified->match));
        cache.insert(QStringLiteral("headers_updated"), changed);
    }
    json.insert(QStringLiteral("cache"), cache);
    QJsonObject bytes = json.value(QStringLiteral("bytes")).toObject();
    bytes.insert(QStringLiteral("saved"), result.exchange.bytes.saved);
    json.insert(QStringLiteral("bytes"), bytes);
    json.insert(QStringLiteral("diagnosis"), notesToJson(diagnoseExchange(result)));
    return json;
}

QJsonArray notesToJson(const QList<TimelineNote> &notes)
{
    QJsonArray array;
    for (const TimelineNote &note : notes) {
        const QString topic = referenceTopicForNote(note.code);
        array.append(QJsonObject {
            { QStringLiteral("severity"), noteSeverityName(note.severity) },
            { QStringLiteral("code"), note.code },
            { QStringLiteral("text"), note.text },
            { QStringLiteral("topic"), topic.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(topic) },
        });
    }
    return array;
}

void printNotes(const QList<TimelineNote> &notes)
{
    if (notes.isEmpty())
        return;
    QTextStream &o = out();
    o << "── diagnosis:\n";
    for (const TimelineNote &note : notes)
        o << "  " << noteSeverityName(note.severity).leftJustified(9) << note.code << ": " << note.text << '\n';
    o.flush();
}

void printCacheSummary(const CachedExchange &result)
{
    QTextStream &o = out();
    const HttpHeaders &sent = result.exchange.requestHeadersSent;
    if (result.conditionalSent) {
        o << "── validators sent from the store:";
        for (const ConditionalField &field : result.conditional.fields)
            o << ' ' << field.name << ": " << field.value << ';';
        o << '\n';
    } else if (sent.contains("If-None-Match") || sent.contains("If-Modified-Since")) {
        o << "── conditional headers as given on the command line (the store's were not added)\n";
    }
    o << "── cache: " << result.actionText << '\n';
    if (result.exchange.status == 304 && result.action == CacheAction::Updated)
        o << "── saved " << formatBytes(result.exchange.bytes.saved) << " on the wire compared with a full response\n";
    if (result.freshness && result.freshness->valid)
        o << "── freshness: " << result.freshness->summary << " (" << result.freshness->lifetimeExplanation << ")\n";
    o.flush();
}

} // namespace CacheScope::Cli
