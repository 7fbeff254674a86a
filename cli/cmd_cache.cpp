// cachescope-cli cache list | show URL | delete URL | clear  [--json] [--store DIR]
#include "cache/validatorstore.h"
#include "cache/varykey.h"
#include "cli.h"
#include "client/request.h"
#include "commands.h"
#include "exchangejson.h"
#include "output.h"
#include "util/storelocation.h"

#include <algorithm>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <tuple>

namespace CacheScope::Cli {

namespace {

const char usage[] = "Usage: cachescope-cli cache ACTION [URL] [--json] [--store DIR]\n"
                     "\n"
                     "Shows and edits the stored responses (the validator store).\n"
                     "\n"
                     "Actions:\n"
                     "  list          every stored response, one line each\n"
                     "  show URL      every stored variant of URL: status, headers, sizes and times\n"
                     "  delete URL    remove every stored variant of URL (all methods)\n"
                     "  clear         remove every stored response\n"
                     "\n"
                     "Options:\n"
                     "  --json        print one JSON document (fields in the README)\n"
                     "  --store DIR   the store directory (default: $CACHESCOPE_STORE, else the platform's data "
                     "location)\n"
                     "  -h, --help    this help\n";

int usageError(const QString &message)
{
    err() << "cachescope-cli cache: " << message << "\nTry 'cachescope-cli cache --help'.\n";
    err().flush();
    return ExitUsage;
}

QJsonValue timeJson(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

QString timeText(const QDateTime &time, bool withMs = false)
{
    if (!time.isValid())
        return QStringLiteral("-");
    return time.toUTC().toString(
        withMs ? QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz") : QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QJsonValue headerJson(const HttpHeaders &headers, QByteArrayView name)
{
    const QByteArray value = headers.combined(name);
    return value.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(QString::fromLatin1(value));
}

QString varyText(const QByteArray &key)
{
    if (key.isEmpty())
        return QStringLiteral("none (no Vary)");
    if (key == "*")
        return QStringLiteral("* (Vary: * - never selected for a new request)");
    return QString::fromLatin1(key);
}

// Columns padded to their widest cell; the last column is not padded (it holds the long URLs).
void printTable(const QList<QStringList> &rows, const QList<bool> &alignRight)
{
    QList<qsizetype> widths(alignRight.size(), 0);
    for (const QStringList &row : rows) {
        for (qsizetype c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row[c].size());
    }
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype c = 0; c < row.size(); ++c) {
            if (c + 1 == row.size())
                line += row[c];
            else
                line += (alignRight[c] ? row[c].rightJustified(widths[c]) : row[c].leftJustified(widths[c]))
                    + QStringLiteral("  ");
        }
        out() << line << '\n';
    }
}

QJsonObject summaryJson(const CacheEntrySummary &s)
{
    return QJsonObject {
        { QStringLiteral("id"), s.id },
        { QStringLiteral("method"), QString::fromLatin1(s.method) },
        { QStringLiteral("url"), s.url.toString(QUrl::FullyEncoded) },
        { QStringLiteral("vary_key"), QString::fromLatin1(s.secondaryKey) },
        { QStringLiteral("status"), s.status },
        { QStringLiteral("content_type"), headerJson(s.headers, "content-type") },
        { QStringLiteral("etag"), headerJson(s.headers, "etag") },
        { QStringLiteral("last_modified"), headerJson(s.headers, "last-modified") },
        { QStringLiteral("cache_control"), headerJson(s.headers, "cache-control") },
        { QStringLiteral("body_size"), s.bodySize },
        { QStringLiteral("header_wire_size"), s.headerWireSize },
        { QStringLiteral("body_wire_size"), s.bodyWireSize },
        { QStringLiteral("wire_size"), s.wireSize() },
        { QStringLiteral("request_time"), timeJson(s.requestTime) },
        { QStringLiteral("response_time"), timeJson(s.responseTime) },
        { QStringLiteral("stored_at"), timeJson(s.storedAt) },
        { QStringLiteral("last_validated"), timeJson(s.lastValidated) },
    };
}

QByteArray varyKeyOf(const CacheEntry &entry)
{
    return VaryKey::fromResponse(entry.responseHeaders).secondaryKey(entry.requestHeaders);
}

QJsonObject entryJson(const CacheEntry &e)
{
    return QJsonObject {
        { QStringLiteral("id"), e.id },
        { QStringLiteral("method"), QString::fromLatin1(e.method) },
        { QStringLiteral("url"), e.url.toString(QUrl::FullyEncoded) },
        { QStringLiteral("vary_key"), QString::fromLatin1(varyKeyOf(e)) },
        { QStringLiteral("status"), e.status },
        { QStringLiteral("reason"), QString::fromLatin1(e.reason) },
        { QStringLiteral("http_version"), QString::fromLatin1(e.httpVersion) },
        { QStringLiteral("request_headers"), headersToJson(e.requestHeaders) },
        { QStringLiteral("response_headers"), headersToJson(e.responseHeaders) },
        { QStringLiteral("body_size"), qint64(e.body.size()) },
        { QStringLiteral("header_wire_size"), e.headerWireSize },
        { QStringLiteral("body_wire_size"), e.bodyWireSize },
        { QStringLiteral("wire_size"), e.wireSize() },
        { QStringLiteral("request_time"), timeJson(e.requestTime) },
        { QStringLiteral("response_time"), timeJson(e.responseTime) },
        { QStringLiteral("stored_at"), timeJson(e.storedAt) },
        { QStringLiteral("last_validated"), timeJson(e.lastValidated) },
    };
}

struct Context
{
    QString databasePath;
    bool json = false;
    bool exists = false; // no file yet: nothing is stored, and reading must not create one
    ValidatorStore store;
};

int listEntries(Context &ctx)
{
    QList<CacheEntrySummary> rows;
    qint64 total = 0;
    if (ctx.exists) {
        rows = ctx.store.list();
        total = ctx.store.totalSize();
        if (!ctx.store.errorString().isEmpty()) {
            err() << "cachescope-cli cache: " << ctx.store.errorString() << '\n';
            return ExitStoreError;
        }
    }
    std::sort(rows.begin(), rows.end(), [](const CacheEntrySummary &a, const CacheEntrySummary &b) {
        const QString ua = a.url.toString(), ub = b.url.toString();
        return std::tie(ua, a.method, a.secondaryKey, a.id) < std::tie(ub, b.method, b.secondaryKey, b.id);
    });
    if (ctx.json) {
        QJsonArray entries;
        for (const CacheEntrySummary &row : rows)
            entries.append(summaryJson(row));
        printJson(QJsonObject { { QStringLiteral("store"), ctx.databasePath }, { QStringLiteral("count"), rows.size() },
            { QStringLiteral("total_body_size"), total }, { QStringLiteral("entries"), entries } });
        return ExitOk;
    }
    if (rows.isEmpty()) {
        out() << "No stored responses (store: " << ctx.databasePath << ").\n";
        out().flush();
        return ExitOk;
    }
    QList<QStringList> table { { QStringLiteral("ID"), QStringLiteral("METHOD"), QStringLiteral("STATUS"),
        QStringLiteral("BODY"), QStringLiteral("STORED (UTC)"), QStringLiteral("VALIDATED (UTC)"),
        QStringLiteral("URL") } };
    for (const CacheEntrySummary &row : rows) {
        QString url = row.url.toString();
        if (!row.secondaryKey.isEmpty())
            url += QStringLiteral("  [vary: %1]").arg(QString::fromLatin1(row.secondaryKey));
        table.append({ QString::number(row.id), QString::fromLatin1(row.method), QString::number(row.status),
            formatBytes(row.bodySize), timeText(row.storedAt), timeText(row.lastValidated), url });
    }
    printTable(table, { true, false, false, true, false, false, false });
    out() << '\n'
          << rows.size() << (rows.size() == 1 ? " stored response, " : " stored responses, ") << formatBytes(total)
          << " of bodies (store: " << ctx.databasePath << ")\n";
    out().flush();
    return ExitOk;
}

void printEntry(const CacheEntry &e)
{
    QTextStream &o = out();
    o << QString::fromLatin1(e.method) << ' ' << e.url.toString() << "   [entry " << e.id << "]\n";
    const QList<QStringList> facts {
        { QStringLiteral("  vary key"), varyText(varyKeyOf(e)) },
        { QStringLiteral("  status"),
            QStringLiteral("%1 %2 %3")
                .arg(QString::fromLatin1(e.httpVersion))
                .arg(e.status)
                .arg(QString::fromLatin1(e.reason)) },
        { QStringLiteral("  body"),
            QStringLiteral("%1 stored (%2 bytes)").arg(formatBytes(e.body.size())).arg(e.body.size()) },
        { QStringLiteral("  on the wire"),
            QStringLiteral("%1 headers + %2 body = %3")
                .arg(formatBytes(e.headerWireSize), formatBytes(e.bodyWireSize), formatBytes(e.wireSize())) },
        { QStringLiteral("  request sent"), timeText(e.requestTime, true) + QStringLiteral(" UTC") },
        { QStringLiteral("  response received"), timeText(e.responseTime, true) + QStringLiteral(" UTC") },
        { QStringLiteral("  stored"), timeText(e.storedAt, true) + QStringLiteral(" UTC") },
        { QStringLiteral("  last validated"),
            e.lastValidated.isValid() ? timeText(e.lastValidated, true) + QStringLiteral(" UTC")
                                      : QStringLiteral("never") },
    };
    printTable(facts, { false, false });
    o << "  request headers:\n";
    for (const HeaderField &field : e.requestHeaders)
        o << "    " << QString::fromLatin1(field.name) << ": " << QString::fromLatin1(field.value) << '\n';
    o << "  response headers:\n";
    for (const HeaderField &field : e.responseHeaders)
        o << "    " << QString::fromLatin1(field.name) << ": " << QString::fromLatin1(field.value) << '\n';
}

int showEntries(Context &ctx, const QUrl &url)
{
    QList<CacheEntry> entries;
    if (ctx.exists) {
        entries = ctx.store.entriesForUrl(url);
        if (!ctx.store.errorString().isEmpty()) {
            err() << "cachescope-cli cache: " << ctx.store.errorString() << '\n';
            return ExitStoreError;
        }
    }
    if (ctx.json) {
        QJsonArray variants;
        for (const CacheEntry &entry : entries)
            variants.append(entryJson(entry));
        printJson(QJsonObject { { QStringLiteral("store"), ctx.databasePath },
            { QStringLiteral("url"), cacheKeyUrl(url) }, { QStringLiteral("variants"), variants } });
        return ExitOk;
    }
    if (entries.isEmpty()) {
        out() << "Nothing stored for " << cacheKeyUrl(url) << " (store: " << ctx.databasePath << ").\n";
        out().flush();
        return ExitOk;
    }
    for (qsizetype i = 0; i < entries.size(); ++i) {
        if (i > 0)
            out() << '\n';
        printEntry(entries[i]);
    }
    out().flush();
    return ExitOk;
}

int deleteEntries(Context &ctx, const QUrl *url)
{
    qint64 removed = 0;
    if (ctx.exists) {
        removed = url ? ctx.store.remove(*url) : ctx.store.clear();
        if (removed < 0) {
            err() << "cachescope-cli cache: " << ctx.store.errorString() << '\n';
            return ExitStoreError;
        }
    }
    if (ctx.json) {
        QJsonObject result { { QStringLiteral("store"), ctx.databasePath }, { QStringLiteral("deleted"), removed } };
        if (url)
            result.insert(QStringLiteral("url"), cacheKeyUrl(*url));
        printJson(result);
        return ExitOk;
    }
    out() << "Deleted " << removed << (removed == 1 ? " stored response" : " stored responses");
    if (url)
        out() << " for " << cacheKeyUrl(*url);
    out() << " (store: " << ctx.databasePath << ").\n";
    out().flush();
    return ExitOk;
}

} // namespace

int runCache(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"));
    const QCommandLineOption store(QStringLiteral("store"), QString(), QStringLiteral("DIR"));
    const QCommandLineOption help(QStringList { QStringLiteral("h"), QStringLiteral("help") });
    parser.addOptions({ json, store, help });
    if (!parser.parse(QStringList { QStringLiteral("cachescope-cli cache") } + arguments))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        out() << usage;
        out().flush();
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usageError(QStringLiteral("missing action: list, show URL, delete URL or clear"));
    const QString action = positional.first();
    const bool takesUrl = action == QLatin1String("show") || action == QLatin1String("delete");
    if (!takesUrl && action != QLatin1String("list") && action != QLatin1String("clear"))
        return usageError(QStringLiteral("unknown action '%1': use list, show URL, delete URL or clear").arg(action));
    if (takesUrl && positional.size() != 2)
        return usageError(QStringLiteral("'cache %1' takes exactly one URL").arg(action));
    if (!takesUrl && positional.size() != 1)
        return usageError(
            QStringLiteral("'cache %1' takes no other argument ('%2' was given)").arg(action, positional.at(1)));
    if (parser.isSet(store) && parser.value(store).trimmed().isEmpty())
        return usageError(QStringLiteral("--store needs a directory"));
    QUrl url;
    if (takesUrl) {
        QString error;
        url = parseUserUrl(positional.at(1), &error);
        if (!url.isValid())
            return usageError(error);
    }

    Context ctx;
    ctx.json = parser.isSet(json);
    const StoreLocation location = StoreLocation::resolve(parser.value(store));
    ctx.databasePath = location.databasePath();
    ctx.exists = QFileInfo::exists(ctx.databasePath);
    const QFileInfo directory(location.directory());
    if (directory.exists() && !directory.isDir()) {
        err() << "cachescope-cli cache: the store location " << location.directory() << " is not a directory\n";
        err().flush();
        return ExitStoreError;
    }
    if (ctx.exists) {
        if (!ctx.store.open(location)) {
            err() << "cachescope-cli cache: " << ctx.store.errorString() << '\n';
            err().flush();
            return ExitStoreError;
        }
        if (!ctx.store.recoveryNotice().isEmpty())
            err() << "cachescope-cli cache: warning: " << ctx.store.recoveryNotice() << '\n';
    }
    if (action == QLatin1String("list"))
        return listEntries(ctx);
    if (action == QLatin1String("show"))
        return showEntries(ctx, url);
    return deleteEntries(ctx, action == QLatin1String("delete") ? &url : nullptr);
}

} // namespace CacheScope::Cli
