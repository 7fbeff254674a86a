#include "reference.h"

#include <algorithm>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

namespace CacheScope {

struct Reference::Loaded
{
    ReferenceData data;
    QList<ReferenceError> errors;
    QHash<int, qsizetype> byCode;
    QHash<QString, qsizetype> byHeaderName; // case-folded names and aliases
    ReferenceIndex index;
};

namespace {

QString headerKey(QStringView name)
{
    QStringView trimmed = name.trimmed();
    if (trimmed.endsWith(u':'))
        trimmed.chop(1);
    return trimmed.trimmed().toString().toCaseFolded();
}

QFileInfoList dataFiles(const QDir &dir)
{
    const QStringList filter { QStringLiteral("*.json") };
    QFileInfoList files = dir.entryInfoList(filter, QDir::Files | QDir::Readable, QDir::Name);
    const QFileInfoList subdirs = dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo &subdir : subdirs)
        files += QDir(subdir.filePath()).entryInfoList(filter, QDir::Files | QDir::Readable, QDir::Name);
    return files;
}

void readFiles(const QString &directory, ReferenceData &data, QList<ReferenceError> &errors)
{
    const QDir dir(directory);
    if (!dir.exists()) {
        errors.append(
            { ReferenceError::Error, directory, {}, {}, QStringLiteral("reference data directory not found") });
        return;
    }
    const QFileInfoList files = dataFiles(dir);
    if (files.isEmpty())
        errors.append({ ReferenceError::Error, directory, {}, {}, QStringLiteral("no *.json reference files found") });
    for (const QFileInfo &info : files) {
        const QString name = dir.relativeFilePath(info.filePath());
        auto fail = [&](const QString &message) { errors.append({ ReferenceError::Error, name, {}, {}, message }); };
        // Refuse before reading: a huge file must not be pulled into memory first.
        if (info.size() > MaxReferenceFileBytes) {
            fail(QStringLiteral("file of %1 bytes is larger than the limit of %2")
                     .arg(info.size())
                     .arg(MaxReferenceFileBytes));
            continue;
        }
        QFile file(info.filePath());
        if (!file.open(QIODevice::ReadOnly)) {
            fail(QStringLiteral("cannot be read: %1").arg(file.errorString()));
            continue;
        }
        parseReferenceFile(file.read(MaxReferenceFileBytes + 1), name, data, errors);
    }
}

} // namespace

Reference::Reference()
    : Reference(builtInDirectory())
{ }

Reference::Reference(const QString &directory)
    : m_directory(directory)
{ }

Reference::~Reference() = default;

QString Reference::builtInDirectory()
{
    return QStringLiteral(":/reference");
}

const Reference::Loaded &Reference::loaded() const
{
    std::call_once(m_once, [this] {
        auto loaded = std::make_unique<Loaded>();
        readFiles(m_directory, loaded->data, loaded->errors);
        auto &statuses = loaded->data.statuses;
        std::sort(statuses.begin(), statuses.end(), [](const auto &a, const auto &b) { return a.code < b.code; });
        auto &headers = loaded->data.headers;
        std::sort(headers.begin(), headers.end(),
            [](const auto &a, const auto &b) { return a.name.compare(b.name, Qt::CaseInsensitive) < 0; });
        for (qsizetype i = 0; i < statuses.size(); ++i)
            loaded->byCode.insert(statuses.at(i).code, i);
        // Aliases first, so a real name always wins over another header's alias.
        for (qsizetype i = 0; i < headers.size(); ++i) {
            for (const QString &alias : headers.at(i).aliases)
                loaded->byHeaderName.insert(headerKey(alias), i);
        }
        for (qsizetype i = 0; i < headers.size(); ++i)
            loaded->byHeaderName.insert(headerKey(headers.at(i).name), i);
        loaded->index.build(loaded->data);
        m_loaded = std::move(loaded);
    });
    return *m_loaded;
}

const QList<StatusInfo> &Reference::statuses() const
{
    return loaded().data.statuses;
}

const QList<HeaderInfo> &Reference::headers() const
{
    return loaded().data.headers;
}

const QList<ReferenceError> &Reference::errors() const
{
    return loaded().errors;
}

bool Reference::hasErrors() const
{
    const auto &all = errors();
    return std::any_of(all.cbegin(), all.cend(), [](const auto &e) { return e.severity == ReferenceError::Error; });
}

const StatusInfo *Reference::findStatus(int code) const
{
    const Loaded &l = loaded();
    const auto it = l.byCode.constFind(code);
    return it == l.byCode.cend() ? nullptr : &l.data.statuses.at(*it);
}

StatusLookup Reference::status(int code) const
{
    StatusLookup lookup;
    lookup.code = code;
    if (code < 100 || code > 599) {
        lookup.outcome = StatusLookup::Invalid;
        lookup.message
            = QStringLiteral("%1 is not a valid HTTP status code: status codes run from 100 to 599").arg(code);
        return lookup;
    }
    if (const StatusInfo *info = findStatus(code)) {
        lookup.outcome = StatusLookup::Known;
        lookup.info = info;
        return lookup;
    }
    // RFC 9110 §15: a recipient that does not know a code treats it as the x00 code of its class.
    lookup.outcome = StatusLookup::Unrecognized;
    lookup.fallbackCode = code / 100 * 100;
    lookup.info = findStatus(lookup.fallbackCode);
    lookup.message = QStringLiteral("unrecognized %1xx: treat as %2").arg(code / 100).arg(lookup.fallbackCode);
    return lookup;
}

const HeaderInfo *Reference::header(QStringView name) const
{
    const Loaded &l = loaded();
    const auto it = l.byHeaderName.constFind(headerKey(name));
    return it == l.byHeaderName.cend() ? nullptr : &l.data.headers.at(*it);
}

QList<const DirectiveInfo *> Reference::directives(QStringView name) const
{
    const QString wanted = name.trimmed().toString();
    QList<const DirectiveInfo *> found;
    auto collect = [&](const HeaderInfo &header) {
        for (const DirectiveInfo &directive : header.directives) {
            const bool aliasMatches = std::any_of(directive.aliases.cbegin(), directive.aliases.cend(),
                [&](const QString &alias) { return alias.compare(wanted, Qt::CaseInsensitive) == 0; });
            if (directive.name.compare(wanted, Qt::CaseInsensitive) == 0 || aliasMatches)
                found.append(&directive);
        }
    };
    const HeaderInfo *cacheControl = header(u"Cache-Control");
    if (cacheControl)
        collect(*cacheControl);
    for (const HeaderInfo &h : headers()) {
        if (&h != cacheControl)
            collect(h);
    }
    return found;
}

const DirectiveInfo *Reference::directive(QStringView name, MessageSide side) const
{
    const QList<const DirectiveInfo *> candidates = directives(name);
    for (const DirectiveInfo *candidate : candidates) {
        if (side == MessageSide::Both || candidate->side == side || candidate->side == MessageSide::Both)
            return candidate;
    }
    return nullptr;
}

QList<SearchHit> Reference::search(QStringView text, qsizetype limit) const
{
    return loaded().index.search(text, limit);
}

QStringList Reference::suggestions(QStringView text, qsizetype limit) const
{
    return loaded().index.suggestions(text, limit);
}

} // namespace CacheScope
