#include "statusexplanation.h"

#include "reference/reference.h"

namespace CacheScope {

namespace {

// Summaries in the data end with a full stop; the line reads better without, and so does the tooltip's dash.
QString sentence(QString text)
{
    text = text.simplified();
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    return text;
}

QString standingPrefix(const StatusInfo &info)
{
    switch (info.standing) {
    case StatusStanding::Standard:
        return {};
    case StatusStanding::Unused:
        return QStringLiteral("Reserved, unused: ");
    case StatusStanding::Obsolete:
        return QStringLiteral("Obsolete: ");
    case StatusStanding::Unofficial:
        return info.origin.isEmpty() ? QStringLiteral("Unofficial: ")
                                     : QStringLiteral("Unofficial (%1): ").arg(info.origin);
    case StatusStanding::Proposed:
        return QStringLiteral("Proposed: ");
    }
    return {};
}

} // namespace

StatusExplanation explainStatus(const Reference &reference, int code)
{
    StatusExplanation result;
    result.code = code;
    const StatusLookup lookup = reference.status(code);
    switch (lookup.outcome) {
    case StatusLookup::Known: {
        const StatusInfo &info = *lookup.info;
        result.referenceCode = code;
        result.text = standingPrefix(info) + sentence(info.summary);
        result.details = QStringLiteral("%1 \u2014 %2\n%3").arg(info.title(), result.text, info.spec.citation());
        break;
    }
    case StatusLookup::Unrecognized: {
        const StatusClass statusClass = *statusClassOf(code);
        const QString fallback = lookup.info ? lookup.info->title() : QString::number(lookup.fallbackCode);
        result.referenceCode = code;
        result.text = QStringLiteral("Not a registered code: clients treat it as %1").arg(fallback);
        if (lookup.info)
            result.text += QStringLiteral(" (%1)").arg(sentence(lookup.info->summary));
        result.details = QStringLiteral("%1 \u2014 an unrecognized %2 code (%3xx). RFC 9110 \u00a715: a client that "
                                        "does not know a code treats it as the x00 code of its class, %4.")
                             .arg(code)
                             .arg(statusClassLabel(statusClass).toLower())
                             .arg(code / 100)
                             .arg(fallback);
        break;
    }
    case StatusLookup::Invalid:
        if (code == 0) {
            result.text = QStringLiteral("No status code: no HTTP response was received");
            result.details = QStringLiteral("The exchange ended before a status line arrived.");
        } else {
            result.text
                = QStringLiteral("%1 is not an HTTP status code (they run from 100 to 599): the response is broken")
                      .arg(code);
            result.details = lookup.message;
        }
        break;
    }
    return result;
}

} // namespace CacheScope
