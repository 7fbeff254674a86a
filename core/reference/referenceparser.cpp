#include "referenceparser.h"
#include "util/jsontypes.h"

#include <cmath>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>

namespace CacheScope {

QString ReferenceError::toString() const
{
    QString text = file.isEmpty() ? QStringLiteral("(no file)") : file;
    if (!entry.isEmpty())
        text += QStringLiteral(": ") + entry;
    if (!field.isEmpty())
        text += QStringLiteral(": field '%1'").arg(field);
    text += QStringLiteral(": ") + message;
    if (severity == Warning)
        text += QStringLiteral(" (warning)");
    return text;
}

namespace {

// Longer texts than this are a mistake in a reference entry, not prose.
constexpr qsizetype MaxTextLength = 64 * 1024;
// Past this many problems in one file the rest are only counted: one broken file must not flood the log.
constexpr qsizetype MaxErrorsPerFile = 100;

struct EntryState
{
    QString file;
    QString entry;
    QList<ReferenceError> *errors = nullptr;
    bool failed = false;

    void report(ReferenceError::Severity severity, const QString &field, const QString &message)
    {
        errors->append({ severity, file, entry, field, message });
        if (severity == ReferenceError::Error)
            failed = true;
    }
};

QString describeType(const QJsonValue &value)
{
    return describeJsonType(value, QStringLiteral("nothing"));
}

// Reads the fields of one JSON object, reporting every missing or mistyped one against the entry.
class FieldReader
{
public:
    FieldReader(const QJsonObject &object, EntryState &state, const QString &prefix = {})
        : m_object(object)
        , m_state(state)
        , m_prefix(prefix)
    { }

    QString text(const char *field, bool required = true)
    {
        const QJsonValue value = take(field, required);
        if (value.isUndefined())
            return {};
        return checkedText(value, path(field));
    }

    QStringList textList(const char *field)
    {
        QStringList result;
        const QJsonArray items = array(field);
        for (qsizetype i = 0; i < items.size(); ++i)
            result.append(checkedText(items.at(i), QStringLiteral("%1[%2]").arg(path(field)).arg(i)));
        return result;
    }

    bool boolean(const char *field)
    {
        const QJsonValue value = take(field, true);
        if (!value.isUndefined() && !value.isBool())
            mistyped(path(field), QStringLiteral("true or false"), value);
        return value.toBool();
    }

    // A status code: an integer in 100..599.
    int code(const QJsonValue &value, const QString &fieldPath)
    {
        if (!value.isDouble()) {
            mistyped(fieldPath, QStringLiteral("an integer status code"), value);
            return 0;
        }
        const double number = value.toDouble();
        if (!std::isfinite(number) || number != std::floor(number) || number < 100 || number > 599) {
            m_state.report(ReferenceError::Error, fieldPath,
                QStringLiteral("%1 is not a status code (an integer from 100 to 599)").arg(number, 0, 'g', 17));
            return 0;
        }
        return int(number);
    }

    int code(const char *field)
    {
        const QJsonValue value = take(field, true);
        return value.isUndefined() ? 0 : code(value, path(field));
    }

    QJsonArray array(const char *field, bool required = true)
    {
        const QJsonValue value = take(field, required);
        if (!value.isUndefined() && !value.isArray())
            mistyped(path(field), QStringLiteral("an array"), value);
        return value.toArray();
    }

    QJsonObject object(const char *field)
    {
        const QJsonValue value = take(field, true);
        if (!value.isUndefined() && !value.isObject())
            mistyped(path(field), QStringLiteral("an object"), value);
        return value.toObject();
    }

    template<typename T>
    std::optional<T> keyword(const char *field, std::optional<T> (*convert)(QStringView), const char *allowed)
    {
        const QJsonValue raw = take(field, true);
        if (raw.isUndefined())
            return std::nullopt;
        if (!raw.isString()) {
            mistyped(path(field), QStringLiteral("a string"), raw);
            return std::nullopt;
        }
        const QString value = raw.toString();
        const std::optional<T> result = convert(value);
        if (!result)
            m_state.report(ReferenceError::Error, path(field),
                QStringLiteral("'%1' is not one of: %2").arg(value.left(80), QLatin1String(allowed)));
        return result;
    }

    SpecRef spec(const char *field)
    {
        FieldReader reader(object(field), m_state, path(field) + u'.');
        SpecRef result { reader.text("document"), reader.text("section"), reader.text("url") };
        reader.warnAboutUnknownFields();
        return result;
    }

    CodeExamples examples(const char *field)
    {
        FieldReader reader(object(field), m_state, path(field) + u'.');
        CodeExamples result { reader.text("express"), reader.text("flask"), reader.text("curl") };
        reader.warnAboutUnknownFields();
        return result;
    }

    // A field nobody asked for is most likely a misspelt one ("explaination"): worth a warning.
    void warnAboutUnknownFields()
    {
        for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
            if (!m_seen.contains(it.key()))
                m_state.report(ReferenceError::Warning, m_prefix + it.key(), QStringLiteral("unknown field, ignored"));
        }
    }

    QString path(const char *field) const { return m_prefix + QLatin1String(field); }
    EntryState &state() { return m_state; }

private:
    QJsonValue take(const char *field, bool required)
    {
        const QString key = QLatin1String(field);
        m_seen.insert(key);
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined() && required)
            m_state.report(ReferenceError::Error, path(field), QStringLiteral("missing"));
        return value;
    }

    QString checkedText(const QJsonValue &value, const QString &fieldPath)
    {
        if (!value.isString()) {
            mistyped(fieldPath, QStringLiteral("a string"), value);
            return {};
        }
        const QString result = value.toString();
        if (result.size() > MaxTextLength) {
            m_state.report(ReferenceError::Error, fieldPath,
                QStringLiteral("text of %1 characters is longer than the limit of %2")
                    .arg(result.size())
                    .arg(MaxTextLength));
            return {};
        }
        for (const QChar c : result) {
            if (c.category() == QChar::Other_Control && c != u'\n' && c != u'\t') {
                m_state.report(ReferenceError::Error, fieldPath,
                    QStringLiteral("contains the control character U+%1").arg(c.unicode(), 4, 16, QLatin1Char('0')));
                return {};
            }
        }
        return result;
    }

    void mistyped(const QString &fieldPath, const QString &expected, const QJsonValue &value)
    {
        m_state.report(ReferenceError::Error, fieldPath,
            QStringLiteral("expected %1, found %2").arg(expected, describeType(value)));
    }

    QJsonObject m_object;
    EntryState &m_state;
    QString m_prefix;
    QSet<QString> m_seen;
};

QString entryLabel(const char *list, qsizetype index, const QJsonValue &value, const char *key)
{
    QString label = QStringLiteral("%1[%2]").arg(QLatin1String(list)).arg(index);
    const QJsonValue id = value.toObject().value(QLatin1String(key));
    if (id.isDouble())
        label += QStringLiteral(" (%1)").arg(id.toDouble(), 0, 'g', 17);
    else if (id.isString())
        label += QStringLiteral(" (%1)").arg(id.toString().left(60));
    return label;
}

bool requireObject(const QJsonValue &value, EntryState &state)
{
    if (value.isObject())
        return true;
    state.report(ReferenceError::Error, {}, QStringLiteral("expected an object, found %1").arg(describeType(value)));
    return false;
}

std::optional<StatusInfo> parseStatus(const QJsonValue &value, EntryState &state)
{
    if (!requireObject(value, state))
        return std::nullopt;
    FieldReader reader(value.toObject(), state);
    StatusInfo status;
    status.code = reader.code("code");
    status.reason = reader.text("reason");
    status.statusClass = reader
                             .keyword("class", &statusClassFromKeyword,
                                 "informational, success, redirection, client-error, server-error")
                             .value_or(StatusClass::Informational);
    status.standing = reader.keyword("status", &standingFromKeyword, "standard, unused, obsolete, unofficial, proposed")
                          .value_or(StatusStanding::Standard);
    status.origin = reader.text("origin");
    status.spec = reader.spec("spec");
    status.summary = reader.text("summary");
    status.explanation = reader.text("explanation");
    status.browser = reader.text("browser");
    status.debugging = reader.textList("debugging");

    FieldReader caching(reader.object("caching"), state, QStringLiteral("caching."));
    status.caching = { caching.boolean("cacheable_by_default"), caching.boolean("heuristic"), caching.text("notes") };
    caching.warnAboutUnknownFields();

    const QJsonArray headers = reader.array("headers");
    for (qsizetype i = 0; i < headers.size(); ++i) {
        const QString prefix = QStringLiteral("headers[%1]").arg(i);
        if (!headers.at(i).isObject()) {
            state.report(ReferenceError::Error, prefix, QStringLiteral("expected an object with name and note"));
            continue;
        }
        FieldReader note(headers.at(i).toObject(), state, prefix + u'.');
        status.headers.append({ note.text("name"), note.text("note") });
        note.warnAboutUnknownFields();
    }
    const QJsonArray related = reader.array("related");
    for (qsizetype i = 0; i < related.size(); ++i)
        status.related.append(reader.code(related.at(i), QStringLiteral("related[%1]").arg(i)));
    status.examples = reader.examples("examples");
    status.history = reader.text("history", false);
    status.aliases = reader.array("aliases", false).isEmpty() ? QStringList() : reader.textList("aliases");
    reader.warnAboutUnknownFields();
    if (state.failed)
        return std::nullopt;
    return status;
}

std::optional<DirectiveInfo> parseDirective(const QJsonValue &value, EntryState &state)
{
    if (!requireObject(value, state))
        return std::nullopt;
    FieldReader reader(value.toObject(), state);
    DirectiveInfo directive;
    directive.name = reader.text("name");
    directive.side = reader.keyword("side", &sideFromKeyword, "request, response, both").value_or(MessageSide::Both);
    directive.spec = reader.spec("spec");
    directive.summary = reader.text("summary");
    directive.explanation = reader.text("explanation");
    directive.example = reader.text("example");
    directive.aliases = reader.array("aliases", false).isEmpty() ? QStringList() : reader.textList("aliases");
    reader.warnAboutUnknownFields();
    if (!state.failed && directive.name.trimmed().isEmpty())
        state.report(ReferenceError::Error, QStringLiteral("name"), QStringLiteral("empty"));
    if (state.failed)
        return std::nullopt;
    return directive;
}

bool sidesOverlap(MessageSide a, MessageSide b)
{
    return a == b || a == MessageSide::Both || b == MessageSide::Both;
}

void parseDirectives(const QJsonArray &items, HeaderInfo &header, const EntryState &headerState)
{
    for (qsizetype i = 0; i < items.size(); ++i) {
        EntryState state { headerState.file,
            headerState.entry + u' ' + entryLabel("directives", i, items.at(i), "name"), headerState.errors };
        std::optional<DirectiveInfo> directive = parseDirective(items.at(i), state);
        if (!directive)
            continue;
        const bool duplicate = std::any_of(header.directives.cbegin(), header.directives.cend(), [&](const auto &d) {
            return d.name.compare(directive->name, Qt::CaseInsensitive) == 0 && sidesOverlap(d.side, directive->side);
        });
        if (duplicate) {
            state.report(ReferenceError::Error, {},
                QStringLiteral("duplicate directive '%1' for the %2 side")
                    .arg(directive->name, sideKeyword(directive->side)));
            continue;
        }
        directive->header = header.name;
        header.directives.append(*directive);
    }
}

std::optional<HeaderInfo> parseHeader(const QJsonValue &value, EntryState &state)
{
    if (!requireObject(value, state))
        return std::nullopt;
    FieldReader reader(value.toObject(), state);
    HeaderInfo header;
    header.name = reader.text("name");
    header.direction
        = reader.keyword("direction", &sideFromKeyword, "request, response, both").value_or(MessageSide::Both);
    header.spec = reader.spec("spec");
    header.summary = reader.text("summary");
    header.explanation = reader.text("explanation");
    header.syntax = reader.text("syntax");
    header.caching = reader.text("caching");
    header.debugging = reader.textList("debugging");
    header.related = reader.textList("related");
    header.examples = reader.examples("examples");
    const QJsonArray directives = reader.array("directives");
    header.history = reader.text("history", false);
    header.aliases = reader.array("aliases", false).isEmpty() ? QStringList() : reader.textList("aliases");
    reader.warnAboutUnknownFields();
    if (!state.failed && header.name.trimmed().isEmpty())
        state.report(ReferenceError::Error, QStringLiteral("name"), QStringLiteral("empty"));
    if (state.failed)
        return std::nullopt;
    parseDirectives(directives, header, state);
    return header;
}

void parseStatusList(
    const QJsonArray &items, const QString &fileName, ReferenceData &data, QList<ReferenceError> &errors)
{
    QHash<int, QString> known;
    for (const StatusInfo &status : std::as_const(data.statuses))
        known.insert(status.code, status.sourceFile);
    for (qsizetype i = 0; i < items.size(); ++i) {
        EntryState state { fileName, entryLabel("codes", i, items.at(i), "code"), &errors };
        std::optional<StatusInfo> status = parseStatus(items.at(i), state);
        if (!status)
            continue;
        if (known.contains(status->code)) {
            state.report(ReferenceError::Error, QStringLiteral("code"),
                QStringLiteral("duplicate: %1 is already defined in %2")
                    .arg(status->code)
                    .arg(known.value(status->code)));
            continue;
        }
        status->sourceFile = fileName;
        known.insert(status->code, fileName);
        data.statuses.append(*status);
    }
}

void parseHeaderList(
    const QJsonArray &items, const QString &fileName, ReferenceData &data, QList<ReferenceError> &errors)
{
    QHash<QString, QString> known;
    for (const HeaderInfo &header : std::as_const(data.headers))
        known.insert(header.name.toLower(), header.sourceFile);
    for (qsizetype i = 0; i < items.size(); ++i) {
        EntryState state { fileName, entryLabel("headers", i, items.at(i), "name"), &errors };
        std::optional<HeaderInfo> header = parseHeader(items.at(i), state);
        if (!header)
            continue;
        const QString key = header->name.toLower();
        if (known.contains(key)) {
            state.report(ReferenceError::Error, QStringLiteral("name"),
                QStringLiteral("duplicate: %1 is already defined in %2").arg(header->name, known.value(key)));
            continue;
        }
        header->sourceFile = fileName;
        known.insert(key, fileName);
        data.headers.append(*header);
    }
}

// "line 3, column 7" for a byte offset into the file, which is what an editor can jump to.
QString lineAndColumn(const QByteArray &json, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, json.size());
    const QByteArray before = json.left(offset);
    const qsizetype line = before.count('\n') + 1;
    const qsizetype lineStart = before.lastIndexOf('\n') + 1;
    return QStringLiteral("line %1, column %2").arg(line).arg(offset - lineStart + 1);
}

void parseDocument(const QByteArray &json, const QString &fileName, ReferenceData &data, QList<ReferenceError> &errors)
{
    auto fileError = [&](const QString &message) {
        errors.append({ ReferenceError::Error, fileName, {}, {}, message });
    };
    if (json.size() > MaxReferenceFileBytes)
        return fileError(QStringLiteral("file of %1 bytes is larger than the limit of %2")
                             .arg(json.size())
                             .arg(MaxReferenceFileBytes));
    if (json.trimmed().isEmpty())
        return fileError(QStringLiteral("file is empty"));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fileError(QStringLiteral("not valid JSON at %1: %2")
                             .arg(lineAndColumn(json, parseError.offset), parseError.errorString()));
    if (!document.isObject())
        return fileError(QStringLiteral("the top level must be an object with \"codes\" or \"headers\""));
    const QJsonObject root = document.object();
    const bool hasCodes = root.contains(QLatin1String("codes"));
    const bool hasHeaders = root.contains(QLatin1String("headers"));
    if (hasCodes == hasHeaders)
        return fileError(QStringLiteral("the top level must have exactly one of \"codes\" or \"headers\""));
    const QString key = hasCodes ? QStringLiteral("codes") : QStringLiteral("headers");
    if (!root.value(key).isArray())
        return fileError(QStringLiteral("\"%1\" must be an array, found %2").arg(key, describeType(root.value(key))));
    for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
        if (it.key() != key)
            errors.append({ ReferenceError::Warning, fileName, {}, it.key(),
                QStringLiteral("unknown top-level field, ignored") });
    }
    if (hasCodes)
        parseStatusList(root.value(key).toArray(), fileName, data, errors);
    else
        parseHeaderList(root.value(key).toArray(), fileName, data, errors);
}

QJsonArray toJsonArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QJsonObject toJson(const CodeExamples &examples)
{
    return { { QStringLiteral("express"), examples.express }, { QStringLiteral("flask"), examples.flask },
        { QStringLiteral("curl"), examples.curl } };
}

void addOptional(QJsonObject &object, const QString &history, const QStringList &aliases)
{
    if (!history.isEmpty())
        object.insert(QStringLiteral("history"), history);
    if (!aliases.isEmpty())
        object.insert(QStringLiteral("aliases"), toJsonArray(aliases));
}

} // namespace

void parseReferenceFile(
    const QByteArray &json, const QString &fileName, ReferenceData &data, QList<ReferenceError> &errors)
{
    QList<ReferenceError> found;
    parseDocument(json, fileName, data, found);
    if (found.size() > MaxErrorsPerFile) {
        const qsizetype dropped = found.size() - MaxErrorsPerFile;
        found.resize(MaxErrorsPerFile);
        found.append(
            { ReferenceError::Error, fileName, {}, {}, QStringLiteral("%1 more problems not listed").arg(dropped) });
    }
    errors.append(found);
}

QJsonObject toJson(const SpecRef &spec)
{
    return { { QStringLiteral("document"), spec.document }, { QStringLiteral("section"), spec.section },
        { QStringLiteral("url"), spec.url } };
}

QJsonObject toJson(const StatusInfo &status)
{
    QJsonArray headers;
    for (const HeaderNote &note : status.headers)
        headers.append(QJsonObject { { QStringLiteral("name"), note.name }, { QStringLiteral("note"), note.note } });
    QJsonArray related;
    for (int code : status.related)
        related.append(code);
    QJsonObject object {
        { QStringLiteral("code"), status.code },
        { QStringLiteral("reason"), status.reason },
        { QStringLiteral("class"), statusClassKeyword(status.statusClass) },
        { QStringLiteral("status"), standingKeyword(status.standing) },
        { QStringLiteral("origin"), status.origin },
        { QStringLiteral("spec"), toJson(status.spec) },
        { QStringLiteral("summary"), status.summary },
        { QStringLiteral("explanation"), status.explanation },
        { QStringLiteral("browser"), status.browser },
        { QStringLiteral("debugging"), toJsonArray(status.debugging) },
        { QStringLiteral("caching"),
            QJsonObject { { QStringLiteral("cacheable_by_default"), status.caching.cacheableByDefault },
                { QStringLiteral("heuristic"), status.caching.heuristic },
                { QStringLiteral("notes"), status.caching.notes } } },
        { QStringLiteral("headers"), headers },
        { QStringLiteral("related"), related },
        { QStringLiteral("examples"), toJson(status.examples) },
    };
    addOptional(object, status.history, status.aliases);
    return object;
}

QJsonObject toJson(const DirectiveInfo &directive)
{
    QJsonObject object {
        { QStringLiteral("name"), directive.name },
        { QStringLiteral("side"), sideKeyword(directive.side) },
        { QStringLiteral("spec"), toJson(directive.spec) },
        { QStringLiteral("summary"), directive.summary },
        { QStringLiteral("explanation"), directive.explanation },
        { QStringLiteral("example"), directive.example },
    };
    addOptional(object, {}, directive.aliases);
    return object;
}

QJsonObject toJson(const HeaderInfo &header)
{
    QJsonArray directives;
    for (const DirectiveInfo &directive : header.directives)
        directives.append(toJson(directive));
    QJsonObject object {
        { QStringLiteral("name"), header.name },
        { QStringLiteral("direction"), sideKeyword(header.direction) },
        { QStringLiteral("spec"), toJson(header.spec) },
        { QStringLiteral("summary"), header.summary },
        { QStringLiteral("explanation"), header.explanation },
        { QStringLiteral("syntax"), header.syntax },
        { QStringLiteral("caching"), header.caching },
        { QStringLiteral("debugging"), toJsonArray(header.debugging) },
        { QStringLiteral("related"), toJsonArray(header.related) },
        { QStringLiteral("examples"), toJson(header.examples) },
        { QStringLiteral("directives"), directives },
    };
    addOptional(object, header.history, header.aliases);
    return object;
}

} // namespace CacheScope
