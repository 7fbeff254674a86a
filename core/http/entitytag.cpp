#include "entitytag.h"
#include "byteview.h"

#include <algorithm>

namespace CacheScope {

namespace {

using Bytes::midView;
using Bytes::isOws;

void skipOws(QByteArrayView text, qsizetype &pos)
{
    while (pos < text.size() && isOws(text.at(pos)))
        ++pos;
}

QByteArray trimmed(QByteArrayView text)
{
    return text.toByteArray().trimmed();
}

QString show(QByteArrayView bytes)
{
    return QLatin1Char('\'') + QString::fromUtf8(bytes) + QLatin1Char('\'');
}

// etagc = %x21 / %x23-7E / obs-text: the first byte that is not allowed, or -1.
qsizetype firstBadByte(QByteArrayView opaque)
{
    for (qsizetype i = 0; i < opaque.size(); ++i) {
        const auto c = static_cast<unsigned char>(opaque.at(i));
        if (c < 0x21 || c == 0x7f)
            return i;
    }
    return -1;
}

QString describeByte(unsigned char c)
{
    if (c == ' ')
        return QStringLiteral("a space");
    if (c == '\t')
        return QStringLiteral("a tab");
    return QStringLiteral("control byte 0x%1").arg(c, 2, 16, QLatin1Char('0'));
}

qsizetype nextComma(QByteArrayView text, qsizetype from)
{
    const qsizetype comma = text.indexOf(',', from);
    return comma < 0 ? text.size() : comma;
}

// Reads one tag starting at `pos` (OWS already skipped). In a list a malformed tag ends at the next
// comma; alone it runs to the end of the value.
EntityTag scanTag(QByteArrayView text, qsizetype &pos, bool inList)
{
    EntityTag tag;
    const qsizetype start = pos;
    QString problem;
    const auto note = [&problem](const QString &p) {
        if (problem.isEmpty())
            problem = p;
    };

    if (midView(text, pos).startsWith("W/")) {
        tag.weak = true;
        pos += 2;
    } else if (midView(text, pos).startsWith("w/")) {
        tag.weak = true;
        pos += 2;
        note(QStringLiteral("the weak prefix must be an upper-case W/ (it is case-sensitive)"));
    }

    if (pos < text.size() && text.at(pos) == '"') {
        const qsizetype close = text.indexOf('"', pos + 1);
        if (close < 0) {
            tag.opaque = midView(text, pos + 1).toByteArray();
            pos = text.size();
            note(QStringLiteral("the closing double quote is missing"));
        } else {
            tag.opaque = midView(text, pos + 1, close - pos - 1).toByteArray();
            pos = close + 1;
            const qsizetype bad = firstBadByte(tag.opaque);
            if (bad >= 0)
                note(QStringLiteral("%1 inside the quotes is not allowed in an entity tag")
                         .arg(describeByte(static_cast<unsigned char>(tag.opaque.at(bad)))));
            qsizetype after = pos;
            skipOws(text, after);
            if (after < text.size() && (!inList || text.at(after) != ',')) {
                const qsizetype end = inList ? nextComma(text, after) : text.size();
                if (text.at(after) == ',')
                    note(QStringLiteral("several entity tags where exactly one is expected"));
                else
                    note(QStringLiteral("unexpected text after the closing quote: %1")
                             .arg(show(trimmed(midView(text, after, end - after)))));
                pos = end;
            }
        }
    } else {
        const qsizetype end = inList ? nextComma(text, pos) : text.size();
        tag.opaque = trimmed(midView(text, pos, end - pos));
        pos = end;
        if (tag.weak)
            note(QStringLiteral("W/ must be followed by a tag in double quotes"));
        else
            note(QStringLiteral("not quoted: an entity tag is written in double quotes, e.g. \"%1\"")
                     .arg(QString::fromUtf8(tag.opaque)));
    }

    tag.raw = trimmed(midView(text, start, pos - start));
    tag.problem = problem;
    tag.valid = problem.isEmpty();
    return tag;
}

} // namespace

QByteArray EntityTag::toHeaderValue() const
{
    if (!valid)
        return raw;
    return (weak ? QByteArray("W/\"") : QByteArray("\"")) + opaque + '"';
}

EntityTag EntityTag::makeStrong(const QByteArray &opaque)
{
    EntityTag tag;
    tag.opaque = opaque;
    tag.valid = firstBadByte(opaque) < 0 && !opaque.contains('"');
    tag.raw = '"' + opaque + '"';
    if (!tag.valid)
        tag.problem = QStringLiteral("the opaque tag contains a byte not allowed in an entity tag");
    return tag;
}

EntityTag EntityTag::makeWeak(const QByteArray &opaque)
{
    EntityTag tag = makeStrong(opaque);
    tag.weak = true;
    tag.raw = "W/" + tag.raw;
    return tag;
}

EntityTag parseEntityTag(QByteArrayView value)
{
    qsizetype pos = 0;
    skipOws(value, pos);
    if (pos >= value.size()) {
        EntityTag tag;
        tag.raw = trimmed(value);
        tag.problem = QStringLiteral("empty value: an entity tag needs at least a pair of double quotes");
        return tag;
    }
    return scanTag(value, pos, false);
}

std::optional<EntityTag> readETag(const HttpHeaders &headers)
{
    const QList<QByteArray> lines = headers.values("ETag");
    if (lines.isEmpty())
        return std::nullopt;
    for (const QByteArray &line : lines) {
        if (line.trimmed() != lines.first().trimmed()) {
            EntityTag tag = parseEntityTag(lines.first());
            tag.valid = false;
            tag.raw = headers.combined("ETag");
            tag.problem = QStringLiteral("%1 ETag lines with different values; a response has exactly one entity tag")
                              .arg(lines.size());
            return tag;
        }
    }
    return parseEntityTag(lines.first());
}

bool strongMatch(const EntityTag &a, const EntityTag &b)
{
    return a.valid && b.valid && !a.weak && !b.weak && a.opaque == b.opaque;
}

bool weakMatch(const EntityTag &a, const EntityTag &b)
{
    return a.valid && b.valid && a.opaque == b.opaque;
}

bool EntityTagList::matchesWeakly(const EntityTag &tag) const
{
    if (any)
        return true;
    return std::any_of(tags.begin(), tags.end(), [&tag](const EntityTag &t) { return weakMatch(t, tag); });
}

bool EntityTagList::matchesStrongly(const EntityTag &tag) const
{
    if (any)
        return true;
    return std::any_of(tags.begin(), tags.end(), [&tag](const EntityTag &t) { return strongMatch(t, tag); });
}

EntityTagList parseEntityTagList(QByteArrayView value)
{
    EntityTagList list;
    qsizetype pos = 0;
    while (true) {
        while (pos < value.size() && (isOws(value.at(pos)) || value.at(pos) == ','))
            ++pos; // empty elements are allowed and ignored (RFC 9110 §5.6.1.2)
        if (pos >= value.size())
            break;
        if (value.at(pos) == '*') {
            qsizetype after = pos + 1;
            skipOws(value, after);
            if (after >= value.size() || value.at(after) == ',') {
                if (list.any)
                    list.problems.append(QStringLiteral("\"*\" is listed more than once"));
                list.any = true;
                pos = after;
                continue;
            }
        }
        const EntityTag tag = scanTag(value, pos, true);
        if (!tag.valid)
            list.problems.append(QStringLiteral("%1: %2").arg(show(tag.raw), tag.problem));
        list.tags.append(tag);
    }
    if (list.any && !list.tags.isEmpty())
        list.problems.prepend(QStringLiteral("\"*\" must be the only member of the list; it is combined with %1 tag(s)")
                                  .arg(list.tags.size()));
    return list;
}

EntityTagList readEntityTagList(const HttpHeaders &headers, QByteArrayView fieldName)
{
    return parseEntityTagList(headers.combined(fieldName));
}

QByteArray serializeEntityTagList(const QList<EntityTag> &tags)
{
    QList<QByteArray> seen;
    for (const EntityTag &tag : tags) {
        const QByteArray value = tag.toHeaderValue();
        if (!value.isEmpty() && !seen.contains(value))
            seen.append(value);
    }
    return seen.join(", ");
}

} // namespace CacheScope
