#include "shellwords.h"

namespace CacheScope {

namespace {

bool isExpansionStart(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'{' || c == u'(' || c == u'@' || c == u'*' || c == u'#'
        || c == u'?' || c == u'$' || c == u'!' || c == u'-';
}

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

bool isOctal(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'7';
}

class Splitter
{
public:
    explicit Splitter(const QString &text)
        : m_s(text)
    { }

    ShellWordsResult run()
    {
        while (m_i < m_s.size() && m_result.error.isEmpty())
            step();
        if (m_result.error.isEmpty())
            endWord();
        else
            m_result.words.clear();
        return m_result;
    }

private:
    QChar at(qsizetype i) const { return i < m_s.size() ? m_s.at(i) : QChar(); }

    void fail(const QString &message, qsizetype position)
    {
        if (m_result.error.isEmpty()) {
            m_result.error = message;
            m_result.errorPosition = int(position);
        }
    }

    void startWord()
    {
        if (!m_inWord) {
            m_inWord = true;
            m_wordStart = m_i;
        }
    }

    void flush()
    {
        m_word += m_pending.toUtf8();
        m_pending.clear();
    }

    void appendByte(uint value)
    {
        flush();
        m_word.append(char(value & 0xff));
    }

    void appendCodePoint(char32_t cp)
    {
        if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return fail(QStringLiteral("$'...' names an invalid code point U+%1").arg(uint(cp), 0, 16), m_i);
        m_pending += QString::fromUcs4(&cp, 1);
    }

    void endWord()
    {
        if (!m_inWord)
            return;
        flush();
        m_result.words.append({ m_word, int(m_wordStart), false });
        m_word.clear();
        m_inWord = false;
    }

    // A backslash-newline (or CRLF) at m_i + offset: returns its length, 0 when none.
    qsizetype newlineAt(qsizetype i) const
    {
        if (at(i) == u'\n')
            return 1;
        if (at(i) == u'\r' && at(i + 1) == u'\n')
            return 2;
        return 0;
    }

    void step()
    {
        const QChar c = m_s.at(m_i);
        if (c == u'\\')
            return backslash();
        if (c == u' ' || c == u'\t' || c == u'\n' || c == u'\r') {
            // A bare newline would end the command in a shell; pasted commands lose their trailing
            // backslashes often enough that joining the lines is the kinder reading.
            endWord();
            ++m_i;
            return;
        }
        if (c == u'\'')
            return singleQuoted();
        if (c == u'"') {
            startWord();
            ++m_i;
            return doubleQuoted(m_i - 1);
        }
        if (c == u'$')
            return dollar();
        if (c == u'`')
            return fail(QStringLiteral("command substitution (`...`) is not supported: paste the command with "
                                       "its values filled in"),
                m_i);
        if (c == u'^')
            return caret();
        if (c == u'#' && !m_inWord) {
            while (m_i < m_s.size() && m_s.at(m_i) != u'\n')
                ++m_i;
            return;
        }
        if (QStringView(u"|&;<>()").contains(c))
            return shellOperator();
        startWord();
        m_pending += c;
        ++m_i;
    }

    void backslash()
    {
        if (const qsizetype n = newlineAt(m_i + 1)) {
            m_i += 1 + n;
            return;
        }
        startWord();
        if (m_i + 1 >= m_s.size()) {
            ++m_i;
            return;
        }
        m_pending += m_s.at(m_i + 1);
        m_i += 2;
    }

    void singleQuoted()
    {
        startWord();
        const qsizetype close = m_s.indexOf(u'\'', m_i + 1);
        if (close < 0)
            return fail(QStringLiteral("unterminated single quote"), m_i);
        m_pending += QStringView(m_s).mid(m_i + 1, close - m_i - 1);
        m_i = close + 1;
    }

    void doubleQuoted(qsizetype open)
    {
        while (m_i < m_s.size()) {
            const QChar c = m_s.at(m_i);
            if (c == u'"') {
                ++m_i;
                return;
            }
            if (c == u'\\') {
                const QChar next = at(m_i + 1);
                if (const qsizetype n = newlineAt(m_i + 1)) {
                    m_i += 1 + n;
                } else if (next == u'$' || next == u'`' || next == u'"' || next == u'\\') {
                    m_pending += next;
                    m_i += 2;
                } else {
                    m_pending += c;
                    ++m_i;
                }
                continue;
            }
            if (c == u'$' && isExpansionStart(at(m_i + 1)))
                return expansionError();
            if (c == u'`')
                return fail(QStringLiteral("command substitution (`...`) is not supported"), m_i);
            m_pending += c;
            ++m_i;
        }
        fail(QStringLiteral("unterminated double quote"), open);
    }

    void dollar()
    {
        const QChar next = at(m_i + 1);
        startWord();
        if (next == u'\'') {
            m_i += 2;
            return ansiQuoted(m_i - 2);
        }
        if (next == u'"') { // $"..." is a translated string: the same as "..." without a catalog
            m_i += 2;
            return doubleQuoted(m_i - 2);
        }
        if (isExpansionStart(next))
            return expansionError();
        m_pending += u'$';
        ++m_i;
    }

    void expansionError()
    {
        qsizetype end = m_i + 1;
        while (end < m_s.size() && end - m_i < 24 && (m_s.at(end).isLetterOrNumber() || m_s.at(end) == u'_'))
            ++end;
        const QString what = m_s.mid(m_i, qMax<qsizetype>(end - m_i, 2));
        fail(QStringLiteral("'%1' would be expanded by the shell: CacheScope does not expand variables or "
                            "commands; put the value in the command, or quote it with single quotes")
                 .arg(what),
            m_i);
    }

    void ansiQuoted(qsizetype open)
    {
        while (m_i < m_s.size() && m_result.error.isEmpty()) {
            const QChar c = m_s.at(m_i);
            if (c == u'\'') {
                ++m_i;
                return;
            }
            if (c != u'\\') {
                m_pending += c;
                ++m_i;
                continue;
            }
            ansiEscape();
        }
        if (m_result.error.isEmpty())
            fail(QStringLiteral("unterminated $'...' quote"), open);
    }

    // Reads up to `max` digits of the given base after m_i; -1 when there is none.
    qint64 readNumber(int base, int max)
    {
        qint64 value = -1;
        for (int n = 0; n < max; ++n) {
            const QChar d = at(m_i);
            const int v = base == 8 ? (isOctal(d) ? d.unicode() - u'0' : -1) : hexValue(d);
            if (v < 0)
                break;
            value = (value < 0 ? 0 : value) * base + v;
            ++m_i;
        }
        return value;
    }

    void ansiEscape()
    {
        const qsizetype start = m_i;
        const QChar e = at(m_i + 1);
        m_i += 2;
        static const QString simple = QStringLiteral("abefnrtvE\\'\"?");
        static const char mapped[] = { '\a', '\b', 27, '\f', '\n', '\r', '\t', '\v', 27, '\\', '\'', '"', '?' };
        if (const qsizetype k = simple.indexOf(e); k >= 0 && !e.isNull())
            return appendByte(uint(uchar(mapped[k])));
        if (isOctal(e)) {
            m_i -= 1;
            const qint64 v = readNumber(8, 3);
            if ((v & 0xff) == 0)
                return nulError(start);
            return appendByte(uint(v));
        }
        if (e == u'x' || e == u'u' || e == u'U') {
            const qint64 v = readNumber(16, e == u'x' ? 2 : (e == u'u' ? 4 : 8));
            if (v < 0) { // bash keeps an escape without digits as written
                m_pending += u'\\';
                m_pending += e;
                return;
            }
            if (v == 0)
                return nulError(start);
            return e == u'x' ? appendByte(uint(v)) : appendCodePoint(char32_t(v));
        }
        if (e == u'c' && !at(m_i).isNull()) {
            const uint v = at(m_i).unicode() & 0x1f;
            ++m_i;
            if (v == 0)
                return nulError(start);
            return appendByte(v);
        }
        m_pending += u'\\';
        if (!e.isNull())
            m_pending += e;
        else
            m_i -= 1;
    }

    void nulError(qsizetype position)
    {
        fail(QStringLiteral("$'...' contains a NUL byte, which cannot be part of a command-line argument"), position);
    }

    void caret()
    {
        qsizetype j = m_i + 1;
        while (at(j) == u' ' || at(j) == u'\t')
            ++j;
        if (const qsizetype n = newlineAt(j)) {
            if (!m_warnedCaret) {
                m_result.warnings.append(QStringLiteral("'^' at the end of a line is a Windows cmd line continuation: "
                                                        "read as a line break"));
                m_warnedCaret = true;
            }
            endWord();
            m_i = j + n;
            return;
        }
        if (at(m_i + 1) == u'"' && !m_inWord)
            return fail(QStringLiteral("this looks like a Windows cmd command (^\" quoting); copy the request "
                                       "as cURL (bash) instead"),
                m_i);
        startWord();
        m_pending += u'^';
        ++m_i;
    }

    void shellOperator()
    {
        endWord();
        const QChar c = m_s.at(m_i);
        qsizetype len = 1;
        if ((c == u'|' || c == u'&' || c == u'>' || c == u';') && at(m_i + 1) == c)
            len = 2;
        m_result.words.append({ m_s.mid(m_i, len).toUtf8(), int(m_i), true });
        m_i += len;
    }

    const QString &m_s;
    qsizetype m_i = 0;
    ShellWordsResult m_result;
    QByteArray m_word;
    QString m_pending;
    bool m_inWord = false;
    qsizetype m_wordStart = 0;
    bool m_warnedCaret = false;
};

// Length of the valid UTF-8 sequence starting at bytes[i], or 0 when it is not one.
int utf8SequenceLength(QByteArrayView bytes, qsizetype i)
{
    const uchar b = uchar(bytes[i]);
    int len = 0;
    char32_t min = 0;
    if (b < 0x80)
        return 1;
    if ((b & 0xe0) == 0xc0) {
        len = 2;
        min = 0x80;
    } else if ((b & 0xf0) == 0xe0) {
        len = 3;
        min = 0x800;
    } else if ((b & 0xf8) == 0xf0) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + len > bytes.size())
        return 0;
    char32_t cp = b & (0x7f >> len);
    for (int k = 1; k < len; ++k) {
        const uchar c = uchar(bytes[i + k]);
        if ((c & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

bool isControl(uchar b)
{
    return b < 0x20 || b == 0x7f;
}

} // namespace

ShellWordsResult splitShellWords(const QString &command)
{
    return Splitter(command).run();
}

QString shellQuote(QByteArrayView bytes)
{
    bool plain = true;
    for (qsizetype i = 0; i < bytes.size() && plain;) {
        const int len = utf8SequenceLength(bytes, i);
        plain = len > 0 && !isControl(uchar(bytes[i]));
        i += qMax(len, 1);
    }
    if (plain) {
        QString text = QString::fromUtf8(bytes);
        text.replace(QLatin1String("'"), QLatin1String("'\\''"));
        return u'\'' + text + u'\'';
    }
    QByteArray out("$'");
    for (qsizetype i = 0; i < bytes.size();) {
        const uchar b = uchar(bytes[i]);
        const int len = utf8SequenceLength(bytes, i);
        if (len > 1) {
            out += bytes.sliced(i, len).toByteArray();
            i += len;
            continue;
        }
        ++i;
        switch (b) {
        case '\\':
            out += "\\\\";
            break;
        case '\'':
            out += "\\'";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (isControl(b) || b >= 0x80)
                out += "\\x" + QByteArray::number(b, 16).rightJustified(2, '0');
            else
                out += char(b);
        }
    }
    out += '\'';
    return QString::fromUtf8(out);
}

QString shellWord(QByteArrayView bytes)
{
    static const QByteArrayView safe("_@%+=:,./-");
    bool bare = !bytes.isEmpty();
    for (char c : bytes) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && !safe.contains(c)) {
            bare = false;
            break;
        }
    }
    return bare ? QString::fromLatin1(bytes) : shellQuote(bytes);
}

QString printfFormatWord(QByteArrayView bytes)
{
    QByteArray format;
    for (char c : bytes) {
        const uchar b = uchar(c);
        if (b == '\\')
            format += "\\\\";
        else if (b == '%')
            format += "%%";
        else if (b < 0x20 || b >= 0x7f || b == '\'')
            format += '\\' + QByteArray::number(b, 8).rightJustified(3, '0');
        else
            format += c;
    }
    return u'\'' + QString::fromLatin1(format) + u'\'';
}

QByteArray decodePrintfFormat(QByteArrayView format, QString *error)
{
    QByteArray out;
    static const QByteArrayView simple("abfnrtv\\\"'");
    static const char mapped[] = { '\a', '\b', '\f', '\n', '\r', '\t', '\v', '\\', '"', '\'' };
    for (qsizetype i = 0; i < format.size(); ++i) {
        const char c = format[i];
        if (c == '%') {
            if (i + 1 < format.size() && format[i + 1] == '%') {
                out += '%';
                ++i;
                continue;
            }
            if (error)
                *error = QStringLiteral("the printf format uses a '%' directive; only plain text, escapes and %% "
                                        "are supported");
            return {};
        }
        if (c != '\\' || i + 1 >= format.size()) {
            out += c;
            continue;
        }
        const char e = format[i + 1];
        if (const qsizetype k = simple.indexOf(e); k >= 0) {
            out += mapped[k];
            ++i;
        } else if (e >= '0' && e <= '7') {
            int value = 0;
            qsizetype j = i + 1;
            for (; j < format.size() && j < i + 4 && format[j] >= '0' && format[j] <= '7'; ++j)
                value = value * 8 + (format[j] - '0');
            out += char(value & 0xff);
            i = j - 1;
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace CacheScope
