#include "referencetypes.h"

#include <array>
#include <utility>

namespace CacheScope {

QString SpecRef::citation() const
{
    if (section.isEmpty())
        return document;
    return QStringLiteral("%1 \u00a7%2").arg(document, section);
}

QString StatusInfo::title() const
{
    return QStringLiteral("%1 %2").arg(code).arg(reason);
}

QString DirectiveInfo::title() const
{
    return QStringLiteral("%1 (%2, %3)").arg(name, header, sideKeyword(side));
}

namespace {

template<typename Enum, std::size_t N>
QString keywordOf(const std::array<std::pair<Enum, const char *>, N> &table, Enum value)
{
    for (const auto &[candidate, keyword] : table) {
        if (candidate == value)
            return QString::fromLatin1(keyword);
    }
    return {};
}

template<typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, const char *>, N> &table, QStringView keyword)
{
    for (const auto &[candidate, name] : table) {
        if (keyword == QLatin1String(name))
            return candidate;
    }
    return std::nullopt;
}

constexpr std::array<std::pair<StatusClass, const char *>, 5> classKeywords { {
    { StatusClass::Informational, "informational" },
    { StatusClass::Success, "success" },
    { StatusClass::Redirection, "redirection" },
    { StatusClass::ClientError, "client-error" },
    { StatusClass::ServerError, "server-error" },
} };

constexpr std::array<std::pair<StatusStanding, const char *>, 5> standingKeywords { {
    { StatusStanding::Standard, "standard" },
    { StatusStanding::Unused, "unused" },
    { StatusStanding::Obsolete, "obsolete" },
    { StatusStanding::Unofficial, "unofficial" },
    { StatusStanding::Proposed, "proposed" },
} };

constexpr std::array<std::pair<MessageSide, const char *>, 3> sideKeywords { {
    { MessageSide::Request, "request" },
    { MessageSide::Response, "response" },
    { MessageSide::Both, "both" },
} };

} // namespace

QString statusClassKeyword(StatusClass statusClass)
{
    return keywordOf(classKeywords, statusClass);
}

std::optional<StatusClass> statusClassFromKeyword(QStringView keyword)
{
    return valueOf(classKeywords, keyword);
}

QString standingKeyword(StatusStanding standing)
{
    return keywordOf(standingKeywords, standing);
}

std::optional<StatusStanding> standingFromKeyword(QStringView keyword)
{
    return valueOf(standingKeywords, keyword);
}

QString sideKeyword(MessageSide side)
{
    return keywordOf(sideKeywords, side);
}

std::optional<MessageSide> sideFromKeyword(QStringView keyword)
{
    return valueOf(sideKeywords, keyword);
}

std::optional<StatusClass> statusClassOf(int code)
{
    if (code < 100 || code > 599)
        return std::nullopt;
    return StatusClass(code / 100);
}

QString statusClassLabel(StatusClass statusClass)
{
    switch (statusClass) {
    case StatusClass::Informational:
        return QStringLiteral("Informational");
    case StatusClass::Success:
        return QStringLiteral("Success");
    case StatusClass::Redirection:
        return QStringLiteral("Redirection");
    case StatusClass::ClientError:
        return QStringLiteral("Client error");
    case StatusClass::ServerError:
        return QStringLiteral("Server error");
    }
    return {};
}

} // namespace CacheScope
