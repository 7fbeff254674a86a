// Schema validation of the reference data compiled into the program (resources/reference/**/*.json).
#include "reference/reference.h"

#include <algorithm>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace CacheScope;

namespace {

// The IANA HTTP Status Code Registry, every assigned code (RFC 9110 §16.2.1).
const QList<int> ianaCodes { 100, 101, 102, 103, 104, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302,
    303, 304, 305, 306, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416,
    417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511 };

// Heuristically cacheable ("cacheable by default"): the codes RFC 9110 §15.1 lists, plus 451, whose own
// specification says so (RFC 7725 §3). Unofficial codes have no specification that could make them so.
const QSet<int> cacheableByDefault { 200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 451, 501 };

const QStringList requiredHeaders { QStringLiteral("Cache-Control"), QStringLiteral("ETag"),
    QStringLiteral("Last-Modified"), QStringLiteral("If-None-Match"), QStringLiteral("If-Modified-Since"),
    QStringLiteral("If-Match"), QStringLiteral("If-Unmodified-Since"), QStringLiteral("If-Range"),
    QStringLiteral("Expires"), QStringLiteral("Age"), QStringLiteral("Date"), QStringLiteral("Vary"),
    QStringLiteral("Pragma"), QStringLiteral("Cache-Status"), QStringLiteral("CDN-Cache-Control"),
    QStringLiteral("Surrogate-Control"), QStringLiteral("Clear-Site-Data"), QStringLiteral("Retry-After"),
    QStringLiteral("Content-Encoding"), QStringLiteral("Content-Length"), QStringLiteral("Location"),
    QStringLiteral("Content-Location") };

bool blank(const QString &text)
{
    return text.trimmed().isEmpty();
}

// "RFC 9110" + "15.4.5" must link to rfc9110#section-15.4.5: catches copy-paste slips between the three fields.
void checkSpec(const SpecRef &spec, QStringList &problems, bool mayLackUrl = false)
{
    if (blank(spec.document))
        problems << QStringLiteral("spec.document is empty");
    if (!(mayLackUrl && spec.url.isEmpty()) && !spec.url.startsWith(QLatin1String("https://")))
        problems << QStringLiteral("spec.url '%1' is not an https URL").arg(spec.url);
    if (spec.document.startsWith(QLatin1String("RFC "))) {
        const QString number = spec.document.mid(4).section(QLatin1Char(' '), 0, 0);
        if (!spec.url.contains(QStringLiteral("rfc%1").arg(number)))
            problems << QStringLiteral("spec.url does not point to %1").arg(spec.document);
        if (!spec.section.isEmpty() && !spec.url.endsWith(QStringLiteral("#section-%1").arg(spec.section)))
            problems << QStringLiteral("spec.url does not point to section %1").arg(spec.section);
    }
}

void checkExamples(const CodeExamples &examples, QStringList &problems)
{
    if (blank(examples.express))
        problems << QStringLiteral("examples.express is empty");
    if (blank(examples.flask))
        problems << QStringLiteral("examples.flask is empty");
    // Comments and setup lines are fine, as long as a curl command follows.
    const QStringList lines = examples.curl.split(QLatin1Char('\n'));
    if (std::none_of(lines.cbegin(), lines.cend(),
            [](const QString &l) { return l.trimmed().startsWith(QLatin1String("curl ")); }))
        problems << QStringLiteral("examples.curl has no line starting with 'curl '");
}

void checkList(const QStringList &items, const char *field, QStringList &problems)
{
    if (items.isEmpty())
        problems << QStringLiteral("%1 is empty").arg(QLatin1String(field));
    for (const QString &item : items) {
        if (blank(item))
            problems << QStringLiteral("%1 has an empty item").arg(QLatin1String(field));
    }
}

QStringList statusProblems(const StatusInfo &s)
{
    QStringList problems;
    const std::pair<const char *, const QString *> texts[] = { { "reason", &s.reason }, { "summary", &s.summary },
        { "explanation", &s.explanation }, { "browser", &s.browser }, { "caching.notes", &s.caching.notes } };
    for (const auto &[name, text] : texts) {
        if (blank(*text))
            problems << QStringLiteral("%1 is empty").arg(QLatin1String(name));
    }
    if (s.summary.contains(QLatin1Char('\n')))
        problems << QStringLiteral("summary is more than one line");
    checkList(s.debugging, "debugging", problems);
    // Some vendor codes are documented nowhere that could be linked to.
    checkSpec(s.spec, problems, s.standing == StatusStanding::Unofficial);
    checkExamples(s.examples, problems);
    for (const HeaderNote &note : s.headers) {
        if (blank(note.name) || blank(note.note))
            problems << QStringLiteral("a headers entry has an empty name or note");
    }
    if (s.related.contains(s.code))
        problems << QStringLiteral("related lists the code itself");
    if ((s.standing == StatusStanding::Unofficial) == blank(s.origin))
        problems << QStringLiteral("origin must be set exactly for unofficial codes");
    return problems;
}

QStringList headerProblems(const HeaderInfo &h, const Reference &reference)
{
    QStringList problems;
    const std::pair<const char *, const QString *> texts[] = { { "summary", &h.summary },
        { "explanation", &h.explanation }, { "syntax", &h.syntax }, { "caching", &h.caching } };
    for (const auto &[name, text] : texts) {
        if (blank(*text))
            problems << QStringLiteral("%1 is empty").arg(QLatin1String(name));
    }
    checkList(h.debugging, "debugging", problems);
    checkSpec(h.spec, problems);
    checkExamples(h.examples, problems);
    for (const QString &related : h.related) {
        if (!reference.header(related))
            problems << QStringLiteral("related header '%1' has no entry").arg(related);
    }
    for (const DirectiveInfo &d : h.directives) {
        QStringList own;
        if (blank(d.summary) || blank(d.explanation))
            own << QStringLiteral("empty summary or explanation");
        if (!d.example.contains(d.name, Qt::CaseInsensitive))
            own << QStringLiteral("example does not show the directive");
        checkSpec(d.spec, own);
        for (const QString &p : std::as_const(own))
            problems << QStringLiteral("directive %1 (%2): %3").arg(d.name, sideKeyword(d.side), p);
    }
    return problems;
}

} // namespace

class TestReferenceData : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void loadsWithoutProblems();
    void statusEntriesComplete_data();
    void statusEntriesComplete();
    void statusClassMatchesNumber();
    void relatedCodesExist();
    void cachingFactsMatchRfc9110();
    void headerEntriesComplete();
    void requiredHeadersPresent_data();
    void requiredHeadersPresent();
    void cacheControlDirectivesPresent_data();
    void cacheControlDirectivesPresent();
    void ianaCodesPresent_data();
    void ianaCodesPresent();
    void jsonRoundTrip();

private:
    Reference m_reference;
};

void TestReferenceData::initTestCase()
{
    QVERIFY2(!m_reference.statuses().isEmpty(), "no status codes compiled into the program (resources/reference)");
    QVERIFY2(!m_reference.headers().isEmpty(), "no headers compiled into the program (resources/reference)");
}

void TestReferenceData::loadsWithoutProblems()
{
    QStringList messages;
    for (const ReferenceError &error : m_reference.errors())
        messages << error.toString();
    QVERIFY2(messages.isEmpty(), qPrintable(messages.join(QLatin1Char('\n'))));
}

void TestReferenceData::statusEntriesComplete_data()
{
    QTest::addColumn<int>("code");
    for (const StatusInfo &status : m_reference.statuses())
        QTest::addRow("%d %s", status.code, qPrintable(status.sourceFile)) << status.code;
}

void TestReferenceData::statusEntriesComplete()
{
    QFETCH(int, code);
    const StatusInfo *status = m_reference.findStatus(code);
    QVERIFY(status);
    const QStringList problems = statusProblems(*status);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
}

void TestReferenceData::statusClassMatchesNumber()
{
    QStringList wrong;
    for (const StatusInfo &s : m_reference.statuses()) {
        if (statusClassOf(s.code) != s.statusClass)
            wrong << QStringLiteral("%1 has class %2").arg(s.code).arg(statusClassKeyword(s.statusClass));
    }
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QStringLiteral(", "))));
}

void TestReferenceData::relatedCodesExist()
{
    QStringList missing;
    for (const StatusInfo &s : m_reference.statuses()) {
        for (int related : s.related) {
            if (!m_reference.findStatus(related))
                missing << QStringLiteral("%1 -> %2 (%3)").arg(s.code).arg(related).arg(s.sourceFile);
        }
    }
    QVERIFY2(missing.isEmpty(),
        qPrintable(QStringLiteral("related codes without an entry: ") + missing.join(QStringLiteral(", "))));
}

void TestReferenceData::cachingFactsMatchRfc9110()
{
    QStringList wrong;
    for (const StatusInfo &s : m_reference.statuses()) {
        const bool expected = cacheableByDefault.contains(s.code);
        if (s.caching.cacheableByDefault != expected)
            wrong << QStringLiteral("%1 cacheable_by_default should be %2").arg(s.code).arg(expected);
        // RFC 9110 §15.1 defines "cacheable by default" as "heuristically cacheable": the two flags agree.
        if (s.caching.heuristic != expected)
            wrong << QStringLiteral("%1 heuristic should be %2").arg(s.code).arg(expected);
    }
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QStringLiteral(", "))));
}

void TestReferenceData::headerEntriesComplete()
{
    QStringList problems;
    for (const HeaderInfo &header : m_reference.headers()) {
        for (const QString &p : headerProblems(header, m_reference))
            problems << QStringLiteral("%1: %2").arg(header.name, p);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestReferenceData::requiredHeadersPresent_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : requiredHeaders)
        QTest::addRow("%s", qPrintable(name)) << name;
}

void TestReferenceData::requiredHeadersPresent()
{
    QFETCH(QString, name);
    const HeaderInfo *header = m_reference.header(name);
    QVERIFY2(header, qPrintable(QStringLiteral("no entry for %1").arg(name)));
    QCOMPARE(header->name, name);
}

void TestReferenceData::cacheControlDirectivesPresent_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("sideValue");
    const char *request[] = { "max-age", "max-stale", "min-fresh", "no-cache", "no-store", "no-transform",
        "only-if-cached", "stale-if-error" };
    const char *response[]
        = { "max-age", "s-maxage", "no-cache", "no-store", "no-transform", "must-revalidate", "proxy-revalidate",
              "must-understand", "private", "public", "immutable", "stale-while-revalidate", "stale-if-error" };
    for (const char *name : request)
        QTest::addRow("request %s", name) << QString::fromLatin1(name) << int(MessageSide::Request);
    for (const char *name : response)
        QTest::addRow("response %s", name) << QString::fromLatin1(name) << int(MessageSide::Response);
}

void TestReferenceData::cacheControlDirectivesPresent()
{
    QFETCH(QString, name);
    QFETCH(int, sideValue);
    const auto side = MessageSide(sideValue);
    const DirectiveInfo *directive = m_reference.directive(name, side);
    QVERIFY2(directive, qPrintable(QStringLiteral("no %1 directive %2").arg(sideKeyword(side), name)));
    QCOMPARE(directive->header, QStringLiteral("Cache-Control"));
    QVERIFY(directive->side == side || directive->side == MessageSide::Both);
}

// Fails until every file of the reference (1xx-5xx) is in: the message lists what is still missing.
void TestReferenceData::ianaCodesPresent_data()
{
    QTest::addColumn<int>("code");
    for (int code : ianaCodes)
        QTest::addRow("%d", code) << code;
}

void TestReferenceData::ianaCodesPresent()
{
    QFETCH(int, code);
    const StatusInfo *status = m_reference.findStatus(code);
    QVERIFY2(status, qPrintable(QStringLiteral("IANA code %1 has no entry in resources/reference/status").arg(code)));
    QVERIFY2(status->standing != StatusStanding::Unofficial, "an IANA-registered code cannot be marked unofficial");
}

// Writing every entry back with toJson() and loading that again must give the same entries.
void TestReferenceData::jsonRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QJsonArray codes;
    for (const StatusInfo &s : m_reference.statuses())
        codes.append(toJson(s));
    QJsonArray headers;
    for (const HeaderInfo &h : m_reference.headers())
        headers.append(toJson(h));
    QFile statusFile(dir.filePath(QStringLiteral("codes.json")));
    QVERIFY(statusFile.open(QIODevice::WriteOnly));
    statusFile.write(QJsonDocument(QJsonObject { { QStringLiteral("codes"), codes } }).toJson());
    statusFile.close();
    QFile headerFile(dir.filePath(QStringLiteral("headers.json")));
    QVERIFY(headerFile.open(QIODevice::WriteOnly));
    headerFile.write(QJsonDocument(QJsonObject { { QStringLiteral("headers"), headers } }).toJson());
    headerFile.close();

    const Reference copy(dir.path());
    QVERIFY(copy.errors().isEmpty());
    QCOMPARE(copy.statuses().size(), m_reference.statuses().size());
    QCOMPARE(copy.headers().size(), m_reference.headers().size());
    for (qsizetype i = 0; i < copy.statuses().size(); ++i) {
        StatusInfo expected = m_reference.statuses().at(i);
        expected.sourceFile = QStringLiteral("codes.json");
        QCOMPARE(copy.statuses().at(i), expected);
    }
    for (qsizetype i = 0; i < copy.headers().size(); ++i) {
        HeaderInfo expected = m_reference.headers().at(i);
        expected.sourceFile = QStringLiteral("headers.json");
        QCOMPARE(copy.headers().at(i), expected);
    }
}

QTEST_GUILESS_MAIN(TestReferenceData)
#include "tst_referencedata.moc"
