#include "referencetopic.h"

#include "reference/reference.h"

namespace CacheScope {

namespace {

const QLatin1String kScheme("ref:");

ReferenceTopic fromDirective(const DirectiveInfo *directive)
{
    ReferenceTopic topic;
    if (!directive)
        return topic;
    topic.kind = ReferenceTopic::Directive;
    topic.name = directive->name;
    topic.header = directive->header;
    topic.side = directive->side;
    return topic;
}

ReferenceTopic fromHeader(const HeaderInfo *header)
{
    ReferenceTopic topic;
    if (!header)
        return topic;
    topic.kind = ReferenceTopic::Header;
    topic.name = header->name;
    return topic;
}

const DirectiveInfo *findDirective(const Reference &reference, QStringView header, QStringView name, MessageSide side)
{
    for (const DirectiveInfo *directive : reference.directives(name)) {
        if (directive->header.compare(header, Qt::CaseInsensitive) == 0
            && (side == MessageSide::Both || directive->side == side || directive->side == MessageSide::Both))
            return directive;
    }
    return nullptr;
}

// "status/304", "header/ETag", "directive/Cache-Control/response/max-age": the part after "ref:".
ReferenceTopic parseKey(const Reference &reference, QStringView key)
{
    const QList<QStringView> parts = key.split(QLatin1Char('/'));
    if (parts.size() == 2 && parts.at(0) == QLatin1String("status")) {
        bool ok = false;
        const int code = parts.at(1).toInt(&ok);
        return ok ? ReferenceTopic::status(code) : ReferenceTopic();
    }
    if (parts.size() == 2 && parts.at(0) == QLatin1String("header"))
        return fromHeader(reference.header(parts.at(1)));
    if (parts.size() == 4 && parts.at(0) == QLatin1String("directive")) {
        const std::optional<MessageSide> side = sideFromKeyword(parts.at(2));
        if (!side)
            return {};
        return fromDirective(findDirective(reference, parts.at(1), parts.at(3), *side));
    }
    return {};
}

} // namespace

QString ReferenceTopic::key() const
{
    switch (kind) {
    case Status:
        return kScheme + QStringLiteral("status/%1").arg(code);
    case Header:
        return kScheme + QStringLiteral("header/") + name;
    case Directive:
        return kScheme + QStringLiteral("directive/%1/%2/%3").arg(header, sideKeyword(side), name);
    case None:
        break;
    }
    return {};
}

ReferenceTopic ReferenceTopic::status(int code)
{
    ReferenceTopic topic;
    if (!statusClassOf(code))
        return topic;
    topic.kind = Status;
    topic.code = code;
    return topic;
}

ReferenceTopic ReferenceTopic::forHit(const SearchHit &hit)
{
    ReferenceTopic topic;
    switch (hit.kind) {
    case SearchHit::Status:
        return status(hit.code);
    case SearchHit::Header:
        topic.kind = Header;
        topic.name = hit.name;
        break;
    case SearchHit::Directive:
        topic.kind = Directive;
        topic.name = hit.name;
        topic.header = hit.header;
        topic.side = hit.side;
        break;
    }
    return topic;
}

ReferenceTopic ReferenceTopic::resolve(const Reference &reference, const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(kScheme))
        return parseKey(reference, QStringView(trimmed).mid(kScheme.size()));
    bool isNumber = false;
    const int code = trimmed.toInt(&isNumber);
    if (isNumber)
        return status(code);
    if (const HeaderInfo *header = reference.header(trimmed))
        return fromHeader(header);
    // "max-age" exists for requests and responses; what people look up in an inspector is mostly the
    // response side, so that one wins when the name alone is given.
    if (const DirectiveInfo *directive = reference.directive(trimmed, MessageSide::Response))
        return fromDirective(directive);
    return fromDirective(reference.directive(trimmed, MessageSide::Both));
}

} // namespace CacheScope
