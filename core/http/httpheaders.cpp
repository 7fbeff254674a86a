#include "httpheaders.h"

namespace CacheScope {

bool sameHeaderName(QByteArrayView a, QByteArrayView b)
{
    // Called hundreds of times per exchange, mostly with names of different lengths: comparing the sizes
    // first skips qstrnicmp() for those. Qt 6's case-insensitive byte comparison folds ASCII only, as here.
    if (a.size() != b.size())
        return false;
    const char *x = a.data();
    const char *y = b.data();
    for (qsizetype i = 0; i < a.size(); ++i) {
        const uchar c = uchar(x[i]);
        const uchar d = uchar(y[i]);
        if (c == d)
            continue;
        const uchar lc = c >= 'A' && c <= 'Z' ? uchar(c | 0x20) : c;
        const uchar ld = d >= 'A' && d <= 'Z' ? uchar(d | 0x20) : d;
        if (lc != ld)
            return false;
    }
    return true;
}

HttpHeaders::HttpHeaders(std::initializer_list<HeaderField> fields)
    : m_fields(fields)
{ }

void HttpHeaders::append(const QByteArray &name, const QByteArray &value)
{
    m_fields.append({ name, value });
}

void HttpHeaders::set(const QByteArray &name, const QByteArray &value)
{
    qsizetype at = -1;
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        if (sameHeaderName(m_fields.at(i).name, name)) {
            at = i;
            break;
        }
    }
    if (at < 0) {
        append(name, value);
        return;
    }
    m_fields[at] = { name, value };
    for (qsizetype i = m_fields.size() - 1; i > at; --i) {
        if (sameHeaderName(m_fields.at(i).name, name))
            m_fields.removeAt(i);
    }
}

qsizetype HttpHeaders::remove(QByteArrayView name)
{
    return m_fields.removeIf([name](const HeaderField &f) { return sameHeaderName(f.name, name); });
}

bool HttpHeaders::contains(QByteArrayView name) const
{
    return count(name) > 0;
}

qsizetype HttpHeaders::count(QByteArrayView name) const
{
    return std::count_if(
        m_fields.begin(), m_fields.end(), [name](const HeaderField &f) { return sameHeaderName(f.name, name); });
}

QList<QByteArray> HttpHeaders::values(QByteArrayView name) const
{
    QList<QByteArray> result;
    for (const HeaderField &f : m_fields) {
        if (sameHeaderName(f.name, name))
            result.append(f.value);
    }
    return result;
}

QByteArray HttpHeaders::combined(QByteArrayView name) const
{
    QByteArray result;
    bool found = false;
    for (const HeaderField &f : m_fields) {
        if (!sameHeaderName(f.name, name))
            continue;
        if (found)
            result += ", ";
        else
            result = QByteArray(""); // non-null even when the value is empty
        result += f.value;
        found = true;
    }
    return result;
}

QByteArray HttpHeaders::first(QByteArrayView name) const
{
    for (const HeaderField &f : m_fields) {
        if (sameHeaderName(f.name, name))
            return f.value.isNull() ? QByteArray("") : f.value;
    }
    return {};
}

QByteArray HttpHeaders::toWire() const
{
    QByteArray out;
    for (const HeaderField &f : m_fields)
        out += f.name + ": " + f.value + "\r\n";
    return out;
}

bool HttpHeaders::isValidName(QByteArrayView name)
{
    if (name.isEmpty())
        return false;
    static constexpr QByteArrayView extra = "!#$%&'*+-.^_`|~";
    for (char c : name) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && !extra.contains(c))
            return false;
    }
    return true;
}

bool HttpHeaders::isValidValue(QByteArrayView value)
{
    for (char c : value) {
        if (c == '\r' || c == '\n' || c == '\0')
            return false;
    }
    return true;
}

QString invalidHeaderNameMessage(QByteArrayView name)
{
    QString shown;
    for (const char c : name) {
        if (c == '\r')
            shown += QLatin1String("\\r");
        else if (c == '\n')
            shown += QLatin1String("\\n");
        else if (uchar(c) < 0x20 || c == 0x7f)
            shown += QStringLiteral("\\x%1").arg(uchar(c), 2, 16, QLatin1Char('0'));
        else
            shown += QLatin1Char(c);
    }
    if (name.contains('\r') || name.contains('\n'))
        return QStringLiteral("the header name '%1' contains CR or LF: refused (header injection)").arg(shown);
    return QStringLiteral("invalid header name '%1': names are tokens, without spaces or colons").arg(shown);
}

} // namespace CacheScope
