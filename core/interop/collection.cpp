#include "collection.h"

#include <QFile>

namespace CacheScope {

namespace {

bool isSeparator(const QByteArray &line)
{
    return line.startsWith("###");
}

bool isComment(const QByteArray &line)
{
    const QByteArray trimmed = line.trimmed();
    return trimmed.startsWith('#') || trimmed.startsWith("//");
}

QString commentText(const QByteArray &line)
{
    const QByteArray trimmed = line.trimmed();
    const QByteArray text = trimmed.startsWith("//") ? trimmed.mid(2) : trimmed.mid(1);
    return QString::fromUtf8(text.startsWith(' ') ? text.mid(1) : text);
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!(std::isalnum(uchar(c)) || QByteArrayView("!#$%&'*+-.^_`|~").contains(c)))
            return false;
    }
    return true;
}

class CollectionParser
{
public:
    explicit CollectionParser(const QByteArray &text)
    {
        m_lines = text.split('\n');
        for (QByteArray &line : m_lines) {
            if (line.endsWith('\r'))
                line.chop(1);
        }
        if (!m_lines.isEmpty() && m_lines.constLast().isEmpty())
            m_lines.removeLast(); // the final line break ends the last line, it does not start another
    }

    CollectionParseResult run()
    {
        qsizetype i = 0;
        for (; i < m_lines.size() && !isSeparator(m_lines.at(i)); ++i) {
            const QByteArray &line = m_lines.at(i);
            if (isComment(line))
                m_result.collection.preamble.append(commentText(line));
            else if (!line.trimmed().isEmpty())
                return fail(i, QStringLiteral("text before the first \"### name\" line: start each request with one"));
        }
        while (i < m_lines.size()) {
            if (!request(i))
                return m_result;
        }
        return m_result;
    }

private:
    CollectionParseResult fail(qsizetype index, const QString &message)
    {
        m_result.errorLine = int(index + 1);
        m_result.error = QStringLiteral("line %1: %2").arg(index + 1).arg(message);
        return m_result;
    }

    bool refuseUnsupported(qsizetype index, const QByteArray &line)
    {
        if (line.contains("{{")) {
            fail(index, QStringLiteral("variables ({{...}}) are not supported: write the value itself"));
            return true;
        }
        return false;
    }

    // From the "###" line at `i` to the next one; `i` ends on that next separator (or the end).
    bool request(qsizetype &i)
    {
        SavedRequest saved;
        saved.name = QString::fromUtf8(m_lines.at(i).mid(3).trimmed());
        ++i;
        for (; i < m_lines.size() && !isSeparator(m_lines.at(i)); ++i) {
            if (isComment(m_lines.at(i)))
                saved.comments.append(commentText(m_lines.at(i)));
            else if (!m_lines.at(i).trimmed().isEmpty())
                break;
        }
        if (i >= m_lines.size() || isSeparator(m_lines.at(i))) {
            fail(i - 1, QStringLiteral("request \"%1\" has no request line (METHOD URL)").arg(saved.name));
            return false;
        }
        if (!requestLine(i, saved) || !headers(i, saved))
            return false;
        body(i, saved);
        m_result.collection.requests.append(saved);
        return true;
    }

    bool requestLine(qsizetype &i, SavedRequest &saved)
    {
        const QByteArray line = m_lines.at(i).trimmed();
        if (refuseUnsupported(i, line))
            return false;
        QList<QByteArray> parts = line.simplified().split(' ');
        if (parts.size() > 1 && parts.constLast().startsWith("HTTP/"))
            parts.removeLast();
        if (parts.size() == 1)
            parts.prepend("GET");
        if (parts.size() != 2 || !isToken(parts.at(0))) {
            fail(i, QStringLiteral("expected \"METHOD URL\", got \"%1\"").arg(QString::fromUtf8(line)));
            return false;
        }
        QString error;
        saved.request.method = parts.at(0);
        saved.request.url = parseUserUrl(QString::fromUtf8(parts.at(1)), &error);
        if (!saved.request.url.isValid()) {
            fail(i, error);
            return false;
        }
        saved.line = int(i + 1);
        ++i;
        return true;
    }

    bool headers(qsizetype &i, SavedRequest &saved)
    {
        for (; i < m_lines.size() && !isSeparator(m_lines.at(i)); ++i) {
            const QByteArray &line = m_lines.at(i);
            if (line.trimmed().isEmpty()) {
                ++i;
                return true;
            }
            if (isComment(line))
                continue;
            if (refuseUnsupported(i, line))
                return false;
            const qsizetype colon = line.indexOf(':');
            const QByteArray name = colon > 0 ? line.left(colon).trimmed() : QByteArray();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (colon <= 0 || !HttpHeaders::isValidName(name)) {
                fail(i,
                    QStringLiteral("expected a header \"Name: value\" or a blank line before the body, got \"%1\"")
                        .arg(QString::fromUtf8(line)));
                return false;
            }
            saved.request.headers.append(name, value);
        }
        return true;
    }

    void body(qsizetype &i, SavedRequest &saved)
    {
        const qsizetype from = i;
        while (i < m_lines.size() && !isSeparator(m_lines.at(i)))
            ++i;
        qsizetype to = i;
        while (to > from && m_lines.at(to - 1).trimmed().isEmpty())
            --to;
        QList<QByteArray> bodyLines = m_lines.mid(from, to - from);
        saved.request.body = bodyLines.join('\n');
        if (!bodyLines.isEmpty() && (bodyLines.first().startsWith("< ") || bodyLines.first().startsWith("> {%")))
            fail(from, QStringLiteral("file bodies (\"< file\") and response scripts (\"> {%%\") are not supported"));
    }

    QList<QByteArray> m_lines;
    CollectionParseResult m_result;
};

QByteArray commentLines(const QStringList &comments)
{
    QByteArray out;
    for (const QString &comment : comments)
        out += comment.isEmpty() ? QByteArray("#\n") : "# " + comment.toUtf8() + '\n';
    return out;
}

} // namespace

QList<SavedRequest> Collection::named(const QString &name) const
{
    QList<SavedRequest> result;
    for (const SavedRequest &request : requests) {
        if (request.name == name)
            result.append(request);
    }
    return result;
}

CollectionParseResult parseCollection(const QByteArray &text)
{
    CollectionParseResult result = CollectionParser(text).run();
    if (!result.ok())
        result.collection = {};
    return result;
}

QString collectionWriteProblem(const SavedRequest &saved)
{
    const Request &request = saved.request;
    auto hasBreak
        = [](const QString &text) { return text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r')); };
    if (hasBreak(saved.name) || saved.name != saved.name.trimmed())
        return QStringLiteral("the name has a line break or surrounding spaces");
    for (const QString &comment : saved.comments) {
        if (hasBreak(comment))
            return QStringLiteral("a comment has a line break");
    }
    const QString scheme = request.url.scheme().toLower();
    if (!request.url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
        return QStringLiteral("the URL is not an http or https URL");
    if (!isToken(request.method))
        return QStringLiteral("the method is not a token");
    for (const HeaderField &field : request.headers) {
        if (!HttpHeaders::isValidName(field.name) || !HttpHeaders::isValidValue(field.value)
            || field.value != field.value.trimmed() || field.name.contains("{{") || field.value.contains("{{"))
            return QStringLiteral("header \"%1\" cannot be written as one line").arg(QString::fromUtf8(field.name));
    }
    const QByteArray &body = request.body;
    if (body.startsWith('\n') || body.startsWith('\r') || body.endsWith('\n') || body.endsWith('\r')
        || body.endsWith(' ') || body.endsWith('\t') || body.contains('\r'))
        return QStringLiteral("the body starts or ends with a line break or blank, or contains CR: the format "
                              "cannot tell those from the separating blank lines");
    for (const QByteArray &line : body.split('\n')) {
        if (isSeparator(line))
            return QStringLiteral("a body line starts with \"###\", which would start a new request");
    }
    if (body.startsWith("< ") || body.startsWith("> {%"))
        return QStringLiteral("the body starts like a file reference or a script");
    return {};
}

QByteArray writeSavedRequest(const SavedRequest &saved)
{
    QByteArray out = saved.name.isEmpty() ? QByteArray("###\n") : "### " + saved.name.toUtf8() + '\n';
    out += commentLines(saved.comments);
    out += saved.request.method + ' ' + saved.request.url.toString(QUrl::FullyEncoded).toUtf8() + '\n';
    for (const HeaderField &field : saved.request.headers)
        out += field.name + ": " + field.value + '\n';
    if (!saved.request.body.isEmpty())
        out += '\n' + saved.request.body + '\n';
    return out;
}

QByteArray writeCollection(const Collection &collection)
{
    QByteArray out = commentLines(collection.preamble);
    if (!out.isEmpty() && !collection.requests.isEmpty())
        out += '\n';
    for (qsizetype i = 0; i < collection.requests.size(); ++i) {
        if (i > 0)
            out += '\n';
        out += writeSavedRequest(collection.requests.at(i));
    }
    return out;
}

bool readCollectionFile(const QString &path, Collection *collection, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    CollectionParseResult parsed = parseCollection(file.readAll());
    if (!parsed.ok()) {
        *error = QStringLiteral("%1 is not a collection CacheScope can read: %2").arg(path, parsed.error);
        return false;
    }
    *collection = std::move(parsed.collection);
    return true;
}

} // namespace CacheScope
