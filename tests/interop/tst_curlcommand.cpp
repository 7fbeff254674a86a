#include "interop/curlcommand.h"
#include "interop/shellwords.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace CacheScope;

namespace {

QStringList headerLines(const HttpHeaders &headers)
{
    QStringList lines;
    for (const HeaderField &f : headers)
        lines.append(QString::fromUtf8(f.name + ": " + f.value));
    return lines;
}

QString readFixture(const char *name)
{
    QFile file(QStringLiteral(CACHESCOPE_TEST_DATA "/curl/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open fixture %s", name);
    return QString::fromUtf8(file.readAll());
}

// Everything toCurlCommand can carry; fields it cannot (maxBodyBytes, addDefaultHeaders) are left out.
void compareRequests(const Request &actual, const Request &expected)
{
    QCOMPARE(actual.method, expected.method);
    QCOMPARE(actual.url, expected.url);
    QCOMPARE(headerLines(actual.headers), headerLines(expected.headers));
    QCOMPARE(actual.body, expected.body);
    QCOMPARE(actual.redirects, expected.redirects);
    if (expected.redirects == RedirectPolicy::Follow)
        QCOMPARE(actual.maxRedirects, expected.maxRedirects);
    QCOMPARE(actual.timeoutMs, expected.timeoutMs);
    QCOMPARE(actual.connectAddress, expected.connectAddress);
    QCOMPARE(actual.acceptCompressed, expected.acceptCompressed);
}

Request makeRequest(
    const QByteArray &method, const char *url, const QList<HeaderField> &headers = {}, const QByteArray &body = {})
{
    Request r;
    r.method = method;
    r.url = QUrl(QString::fromUtf8(url));
    for (const HeaderField &f : headers)
        r.headers.append(f.name, f.value);
    r.body = body;
    return r;
}

} // namespace

class TestCurlCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void parseFlags();
    void parseResolve();
    void errors_data();
    void errors();
    void chromeGet();
    void chromePost();
    void chromePut();
    void firefoxGet();
    void firefoxPost();
    void windowsCmdIsRefusedClearly();
    void exportExact_data();
    void exportExact();
    void exportMultiline();
    void exportRedacts();
    void roundTrip_data();
    void roundTrip();
    void bashRunsTheExportedCommand_data() { roundTrip_data(); }
    void bashRunsTheExportedCommand();
};

void TestCurlCommand::parse_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("warning"); // a part of the one expected warning; empty: none

    const QByteArray form = "Content-Type: application/x-www-form-urlencoded";
    auto row = [](const char *name, const char *command, const QByteArray &method, const char *url,
                   const QByteArrayList &headers = {}, const QByteArray &body = {}, const char *warning = "") {
        QStringList lines;
        for (const QByteArray &h : headers)
            lines.append(QString::fromUtf8(h));
        QTest::addRow("%s", name) << QString::fromUtf8(command) << method << QString::fromUtf8(url) << lines << body
                                  << QString::fromUtf8(warning);
    };
    row("bare url", "curl https://example.com", "GET", "https://example.com/");
    row("quoted url with query", "curl 'https://e.com/a?b=1&c=2'", "GET", "https://e.com/a?b=1&c=2");
    row("url without scheme", "curl e.com/x", "GET", "http://e.com/x");
    row("--url", "curl --url https://e.com/p", "GET", "https://e.com/p");
    row("options after the url", "curl https://e.com/ -H 'A: 1'", "GET", "https://e.com/", { "A: 1" });
    row("-X POST without data", "curl -X POST https://e.com/", "POST", "https://e.com/");
    row("-X attached", "curl -XPURGE https://e.com/", "PURGE", "https://e.com/");
    row("--request", "curl --request DELETE https://e.com/", "DELETE", "https://e.com/");
    row("header without space", "curl -H 'A:b' https://e.com/", "GET", "https://e.com/", { "A: b" });
    row("header keeps colons in value", "curl -H 'X-T: a:b; c' https://e.com/", "GET", "https://e.com/",
        { "X-T: a:b; c" });
    row("empty value form", "curl -H 'X-Empty;' https://e.com/", "GET", "https://e.com/", { "X-Empty: " });
    row("duplicate headers kept", "curl -H 'A: 1' -H 'a: 2' https://e.com/", "GET", "https://e.com/",
        { "A: 1", "a: 2" });
    row("header without colon ignored", "curl -H 'Nonsense' https://e.com/", "GET", "https://e.com/", {}, {},
        "has no ':'");
    row("removing accept", "curl -H 'Accept:' https://e.com/", "GET", "https://e.com/", {}, {}, "default Accept");
    row("-d implies post and form", "curl -d 'a=1' https://e.com/", "POST", "https://e.com/", { form }, "a=1");
    row("several -d joined", "curl -d a=1 --data b=2 --data-ascii c=3 https://e.com/", "POST", "https://e.com/",
        { form }, "a=1&b=2&c=3");
    row("--data-raw keeps @", "curl --data-raw '@file' https://e.com/", "POST", "https://e.com/", { form }, "@file");
    row("--data-binary", "curl --data-binary $'a\\nb' https://e.com/", "POST", "https://e.com/", { form }, "a\nb");
    row("explicit content type wins", "curl -H 'Content-Type: text/plain' -d x https://e.com/", "POST",
        "https://e.com/", { "Content-Type: text/plain" }, "x");
    row("content type removed", "curl -H 'Content-Type:' -d x https://e.com/", "POST", "https://e.com/", {}, "x");
    row("empty data still posts", "curl -d '' https://e.com/", "POST", "https://e.com/", { form }, "");
    row("data-urlencode", "curl --data-urlencode 'q=a b&c' --data-urlencode '=x/y' --data-urlencode 'z' https://e.com/",
        "POST", "https://e.com/", { form }, "q=a%20b%26c&x%2Fy&z");
    row("json", "curl --json '{\"a\":1}' https://e.com/", "POST", "https://e.com/",
        { "Content-Type: application/json", "Accept: application/json" }, "{\"a\":1}");
    row("json keeps explicit accept", "curl -H 'Accept: */*' --json '[]' https://e.com/", "POST", "https://e.com/",
        { "Accept: */*", "Content-Type: application/json" }, "[]");
    row("-G moves data to the query", "curl -G -d a=1 -d 'b=x y' 'https://e.com/s?x=0'", "GET",
        "https://e.com/s?x=0&a=1&b=x%20y");
    row("-G without a query", "curl --get --data-urlencode 'q=caf\xc3\xa9' https://e.com/s", "GET",
        "https://e.com/s?q=caf%C3%A9");
    row("-I", "curl -I https://e.com/", "HEAD", "https://e.com/");
    row("-X wins over -I", "curl -I -X GET https://e.com/", "GET", "https://e.com/");
    row("-X GET with data keeps the body", "curl -X GET -d q https://e.com/", "GET", "https://e.com/", { form }, "q");
    row("-u", "curl -u user:pass https://e.com/", "GET", "https://e.com/", { "Authorization: Basic dXNlcjpwYXNz" });
    row("-u without password", "curl -u user https://e.com/", "GET", "https://e.com/",
        { "Authorization: Basic dXNlcjo=" }, {}, "without a password");
    row("credentials in the url", "curl https://user:pass@e.com/x", "GET", "https://e.com/x",
        { "Authorization: Basic dXNlcjpwYXNz" });
    row("-H Authorization wins over -u", "curl -u a:b -H 'Authorization: Bearer t' https://e.com/", "GET",
        "https://e.com/", { "Authorization: Bearer t" });
    row("-A", "curl -A 'Agent/1.0 (x)' https://e.com/", "GET", "https://e.com/", { "User-Agent: Agent/1.0 (x)" });
    row("-H wins over -A in any order", "curl -H 'User-Agent: B' -A A https://e.com/", "GET", "https://e.com/",
        { "User-Agent: B" });
    row("-e", "curl -e https://ref.example/ https://e.com/", "GET", "https://e.com/",
        { "Referer: https://ref.example/" });
    row("-e auto", "curl -e 'https://r/;auto' https://e.com/", "GET", "https://e.com/", { "Referer: https://r/" });
    row("-b value", "curl -b 'a=1; b=2' https://e.com/", "GET", "https://e.com/", { "Cookie: a=1; b=2" });
    // Found by fuzz_curl: the value kept its leading space, and the exported -H lost it on the way back.
    row("-b, -A, -e: leading whitespace is not part of the value",
        "curl -b ' c=1' -A $'\\t agent' -e ' http://ref' https://e.com/", "GET", "https://e.com/",
        { "Cookie: c=1", "User-Agent: agent", "Referer: http://ref" });
    row("two -b joined in place", "curl -b a=1 -H 'X: y' -b b=2 https://e.com/", "GET", "https://e.com/",
        { "Cookie: a=1; b=2", "X: y" });
    row("-b file", "curl -b cookies.txt https://e.com/", "GET", "https://e.com/", {}, {}, "cookie file");
    row("-r", "curl -r 0-99 https://e.com/", "GET", "https://e.com/", { "Range: bytes=0-99" });
    row("-z date", "curl -z 'Wed, 21 Oct 2015 07:28:00 GMT' https://e.com/", "GET", "https://e.com/",
        { "If-Modified-Since: Wed, 21 Oct 2015 07:28:00 GMT" });
    row("-z negative date", "curl -z '-21 Oct 2015 09:28:00 +0200' https://e.com/", "GET", "https://e.com/",
        { "If-Unmodified-Since: Wed, 21 Oct 2015 07:28:00 GMT" });
    row("-z file", "curl -z index.html https://e.com/", "GET", "https://e.com/", {}, {}, "not a date");
    row("oauth2 bearer", "curl --oauth2-bearer tok https://e.com/", "GET", "https://e.com/",
        { "Authorization: Bearer tok" });
    row("-k", "curl -k https://e.com/", "GET", "https://e.com/", {}, {}, "verifies TLS");
    row("harmless options", "curl -sS -v -i -f -o out.html -w '%{http_code}' --connect-timeout 5 https://e.com/", "GET",
        "https://e.com/");
    row("combined flags with a value", "curl -sSLXPOST https://e.com/", "POST", "https://e.com/");
    row("combined flags then value word", "curl -sH 'A: 1' https://e.com/", "GET", "https://e.com/", { "A: 1" });
    row("proxy", "curl -x http://proxy:3128 https://e.com/", "GET", "https://e.com/", {}, {}, "without a proxy");
    row("http2", "curl --http2 https://e.com/", "GET", "https://e.com/", {}, {}, "HTTP/1.1");
    row("output redirection", "curl https://e.com/ > out.html", "GET", "https://e.com/", {}, {}, "out.html");
    row("shell prompt", "$ curl https://e.com/", "GET", "https://e.com/");
    row("curl.exe", "curl.exe https://e.com/", "GET", "https://e.com/");
    row("path to curl", "/usr/bin/curl https://e.com/", "GET", "https://e.com/");
    row("url globbing", "curl 'https://e.com/[1-3].png'", "GET", "https://e.com/[1-3].png", {}, {}, "globoff");
    row("url globbing off", "curl -g 'https://e.com/[1-3].png'", "GET", "https://e.com/[1-3].png");
    row("ipv6 host is not globbing", "curl 'http://[::1]:8080/'", "GET", "http://[::1]:8080/");
    row("unicode header value", "curl -H 'X-Name: J\xc3\xbcrgen \xe2\x82\xac' https://e.com/", "GET", "https://e.com/",
        { "X-Name: J\xc3\xbcrgen \xe2\x82\xac" });
    row("comment after the command", "curl https://e.com/ # fetch it", "GET", "https://e.com/");
    row("printf pipe", "printf 'a\\000b' | curl --data-binary @- https://e.com/", "POST", "https://e.com/", { form },
        QByteArray("a\0b", 3));
    row("printf pipe with -d strips newlines", "printf 'a\\nb' | curl -d @- https://e.com/", "POST", "https://e.com/",
        { form }, "ab");
}

void TestCurlCommand::parse()
{
    QFETCH(QString, command);
    QFETCH(QByteArray, method);
    QFETCH(QString, url);
    QFETCH(QStringList, headers);
    QFETCH(QByteArray, body);
    QFETCH(QString, warning);
    const CurlParseResult result = parseCurlCommand(command);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.errorPosition, -1);
    QCOMPARE(result.request.method, method);
    QCOMPARE(result.request.url.toString(QUrl::FullyEncoded), url);
    QCOMPARE(headerLines(result.request.headers), headers);
    QCOMPARE(result.request.body, body);
    if (warning.isEmpty()) {
        QCOMPARE(result.warnings, QStringList());
    } else {
        QCOMPARE(result.warnings.size(), 1);
        QVERIFY2(result.warnings.first().contains(warning), qPrintable(result.warnings.first()));
    }
}

void TestCurlCommand::parseFlags()
{
    CurlParseResult r = parseCurlCommand(QStringLiteral("curl https://e.com/"));
    QCOMPARE(r.request.acceptCompressed, false);
    QCOMPARE(r.request.redirects, RedirectPolicy::Manual);
    QCOMPARE(r.request.timeoutMs, Request().timeoutMs);

    r = parseCurlCommand(QStringLiteral("curl --compressed -L -m 2.5 https://e.com/"));
    QCOMPARE(r.request.acceptCompressed, true);
    QCOMPARE(r.request.redirects, RedirectPolicy::Follow);
    QCOMPARE(r.request.maxRedirects, 50); // curl's default
    QCOMPARE(r.request.timeoutMs, 2500);

    r = parseCurlCommand(QStringLiteral("curl -L --max-redirs 3 --compressed --no-compressed https://e.com/"));
    QCOMPARE(r.request.maxRedirects, 3);
    QCOMPARE(r.request.acceptCompressed, false);

    r = parseCurlCommand(QStringLiteral("curl -L --no-location https://e.com/"));
    QCOMPARE(r.request.redirects, RedirectPolicy::Manual);

    r = parseCurlCommand(QStringLiteral("curl -sSL https://e.com/"));
    QCOMPARE(r.request.redirects, RedirectPolicy::Follow);
    QCOMPARE(r.warnings, QStringList());
}

void TestCurlCommand::parseResolve()
{
    CurlParseResult r = parseCurlCommand(QStringLiteral("curl --resolve e.com:443:192.0.2.7 https://e.com/"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.request.connectAddress, QHostAddress(QStringLiteral("192.0.2.7")));

    r = parseCurlCommand(QStringLiteral("curl --resolve 'e.com:8080:[2001:db8::1]' http://e.com:8080/"));
    QCOMPARE(r.request.connectAddress, QHostAddress(QStringLiteral("2001:db8::1")));

    r = parseCurlCommand(QStringLiteral("curl --resolve other.com:443:192.0.2.7 https://e.com/"));
    QVERIFY(r.request.connectAddress.isNull());
    QCOMPARE(r.warnings.size(), 1);
    QVERIFY(r.warnings.first().contains(QLatin1String("does not match")));

    r = parseCurlCommand(QStringLiteral("curl --resolve e.com:80:192.0.2.7 https://e.com/"));
    QVERIFY(r.request.connectAddress.isNull());

    r = parseCurlCommand(QStringLiteral("curl --resolve garbage https://e.com/"));
    QVERIFY(r.warnings.first().contains(QLatin1String("HOST:PORT:ADDRESS")));
}

void TestCurlCommand::errors_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("position");
    auto row = [](const char *name, const char *command, const char *error, int position) {
        QTest::addRow("%s", name) << QString::fromUtf8(command) << QString::fromUtf8(error) << position;
    };
    row("empty", "", "empty", 0);
    row("blank", "   \n ", "empty", 0);
    row("not curl", "wget https://e.com/", "does not start with curl (found 'wget')", 0);
    row("no url", "curl -v", "no URL", 7);
    row("unknown long option", "curl --frobnicate https://e.com/", "unknown curl option '--frobnicate'", 5);
    row("unknown short option", "curl -Q https://e.com/", "unknown curl option '-Q'", 5);
    row("unknown in a cluster", "curl -sQ https://e.com/", "'-Q' (in '-sQ')", 5);
    row("--opt=value", "curl --data=a https://e.com/", "write the value as a separate word", 5);
    row("missing value", "curl https://e.com/ -H", "'-H' needs a value", 20);
    row("value is an operator", "curl -d | x", "'-d' needs a value", 5);
    row("data from a file", "curl -d @body.json https://e.com/", "reads the body from a file", 8);
    row("binary data from a file", "curl --data-binary @x.bin https://e.com/", "'@x.bin' reads the body", 19);
    row("json from a file", "curl --json @x.json https://e.com/", "reads the body from a file", 12);
    row("urlencode from a file", "curl --data-urlencode name@f.txt https://e.com/", "reads from a file", 22);
    row("stdin without a pipe", "curl -d @- https://e.com/", "standard input", 8);
    row("headers from a file", "curl -H @h.txt https://e.com/", "reads headers from a file", 8);
    row("multipart form", "curl -F a=b https://e.com/", "-F is not supported: multipart", 8);
    row("upload", "curl -T f.txt https://e.com/", "-T is not supported", 8);
    row("config file", "curl -K cfg https://e.com/", "-K is not supported", 8);
    row("two urls", "curl https://a.com/ https://b.com/", "more than one URL ('https://b.com/'", 20);
    row("pipe to another program", "curl https://e.com/ | jq .", "shell operator '|'", 20);
    row("and-and", "curl https://e.com/ && echo done", "shell operator '&&'", 20);
    row("variable", "curl \"$URL\"", "'$URL' would be expanded", 6);
    row("unterminated quote", "curl 'https://e.com/", "unterminated single quote", 5);
    row("invalid method", "curl -X 'BAD METHOD' https://e.com/", "invalid method 'BAD METHOD'", 8);
    row("invalid header name", "curl -H 'Bad Name: v' https://e.com/", "invalid header name 'Bad Name'", 8);
    row("header injection", "curl -H $'X: a\\r\\nEvil: 1' https://e.com/", "header injection", 8);
    row("unsupported scheme", "curl ftp://e.com/file", "unsupported scheme 'ftp'", 5);
    row("url with spaces", "curl 'https://e.com/a b'", "whitespace", 5);
    row("bad max-redirs", "curl -L --max-redirs many https://e.com/", "whole number", 21);
    row("bad max-time", "curl -m soon https://e.com/", "number of seconds", 8);
    row("max-time not a number", "curl -m nan https://e.com/", "number of seconds", 8);
    row("infinite max-time", "curl --max-time inf https://e.com/", "number of seconds", 16);
    row("printf with arguments", "printf '%s' x | curl -d @- https://e.com/", "only `printf 'FORMAT' | curl", 0);
    row("printf with a directive", "printf '%s' | curl -d @- https://e.com/", "'%' directive", 7);
    row("windows cmd", "curl ^\"https://e.com/^\"", "Windows cmd", 5);
}

void TestCurlCommand::errors()
{
    QFETCH(QString, command);
    QFETCH(QString, error);
    QFETCH(int, position);
    const CurlParseResult result = parseCurlCommand(command);
    QVERIFY(!result.ok());
    QVERIFY2(result.error.contains(error), qPrintable(result.error));
    QCOMPARE(result.errorPosition, position);
}

void TestCurlCommand::chromeGet()
{
    const CurlParseResult r = parseCurlCommand(readFixture("chrome_get.sh"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.warnings, QStringList());
    QCOMPARE(r.request.method, QByteArray("GET"));
    QCOMPARE(r.request.url, QUrl(QStringLiteral("https://shop.example/api/cart?id=42&lang=en")));
    QCOMPARE(r.request.headers.size(), 10);
    QCOMPARE(r.request.headers.fields().at(2), (HeaderField { "Cookie", "session=abc123; theme=dark" }));
    QCOMPARE(r.request.headers.first("If-None-Match"), QByteArray("W/\"2a-1f\""));
    QCOMPARE(r.request.headers.first("sec-ch-ua"),
        QByteArray("\"Chromium\";v=\"124\", \"Google Chrome\";v=\"124\", \"Not-A.Brand\";v=\"99\""));
    QVERIFY(r.request.headers.first("user-agent").endsWith("Safari/537.36"));
    QVERIFY(r.request.acceptCompressed);
    QVERIFY(r.request.body.isEmpty());
}

void TestCurlCommand::chromePost()
{
    const CurlParseResult r = parseCurlCommand(readFixture("chrome_post.sh"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.request.method, QByteArray("POST"));
    QCOMPARE(headerLines(r.request.headers),
        QStringList({ QStringLiteral("accept: */*"), QStringLiteral("content-type: application/json"),
            QStringLiteral("Cookie: session=abc123; note=O'Reilly"), QStringLiteral("origin: https://shop.example") }));
    QCOMPARE(r.request.body, QByteArray("{\"text\":\"It's great!\\nWould buy again \xc3\xa9\",\"stars\":5}"));
    QVERIFY(!r.request.acceptCompressed);
}

void TestCurlCommand::chromePut()
{
    const CurlParseResult r = parseCurlCommand(readFixture("chrome_put.sh"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.request.method, QByteArray("PUT"));
    QCOMPARE(headerLines(r.request.headers),
        QStringList({ QStringLiteral("content-type: text/plain;charset=UTF-8"), QStringLiteral("x-empty: ") }));
    QCOMPARE(r.request.body, QByteArray("qty=3"));
}

void TestCurlCommand::firefoxGet()
{
    const CurlParseResult r = parseCurlCommand(readFixture("firefox_get.sh"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.request.headers.size(), 8);
    QCOMPARE(r.request.headers.first("If-Modified-Since"), QByteArray("Wed, 01 May 2024 08:00:00 GMT"));
    QCOMPARE(r.request.headers.first("If-None-Match"), QByteArray("\"abc\""));
    QCOMPARE(r.request.headers.first("Accept-Encoding"), QByteArray("gzip, deflate, br"));
    QVERIFY(!r.request.acceptCompressed);
}

void TestCurlCommand::firefoxPost()
{
    const CurlParseResult r = parseCurlCommand(readFixture("firefox_post.sh"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.request.method, QByteArray("POST"));
    QCOMPARE(r.request.headers.count("Content-Type"), 1);
    QCOMPARE(r.request.headers.first("Cookie"), QByteArray("sid=xyz"));
    QCOMPARE(r.request.body, QByteArray("comment=hello+world&post=7"));
    QVERIFY(r.request.acceptCompressed);
}

void TestCurlCommand::windowsCmdIsRefusedClearly()
{
    const CurlParseResult r = parseCurlCommand(readFixture("chrome_cmd.txt"));
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QLatin1String("cURL (bash)")), qPrintable(r.error));
    QCOMPARE(r.errorPosition, 5);
}

void TestCurlCommand::exportExact_data()
{
    QTest::addColumn<Request>("request");
    QTest::addColumn<QString>("command");
    Request get = makeRequest("GET", "https://e.com/a?b=1");
    get.acceptCompressed = false;
    QTest::addRow("plain get") << get << QStringLiteral("curl 'https://e.com/a?b=1'");
    QTest::addRow("compressed get") << makeRequest("GET", "https://e.com/")
                                    << QStringLiteral("curl 'https://e.com/' --compressed");
    Request post
        = makeRequest("POST", "https://e.com/", { { "Content-Type", "application/json" } }, "{\"a\":\"it's\"}");
    post.acceptCompressed = false;
    QTest::addRow("post infers the method")
        << post
        << QStringLiteral(
               "curl 'https://e.com/' -H 'Content-Type: application/json' --data-raw '{\"a\":\"it'\\''s\"}'");
    Request put = makeRequest("PUT", "https://e.com/", {}, "x");
    put.acceptCompressed = false;
    QTest::addRow("put without content type")
        << put << QStringLiteral("curl 'https://e.com/' -X PUT -H 'Content-Type:' --data-raw 'x'");
    Request head = makeRequest("HEAD", "https://e.com/", { { "X-Empty", "" } });
    head.acceptCompressed = false;
    QTest::addRow("head and empty header") << head << QStringLiteral("curl 'https://e.com/' -I -H 'X-Empty;'");
    Request emptyPost = makeRequest("POST", "https://e.com/");
    emptyPost.acceptCompressed = false;
    QTest::addRow("post without body") << emptyPost << QStringLiteral("curl 'https://e.com/' -X POST");
    Request newline = makeRequest("POST", "https://e.com/", { { "Content-Type", "text/plain" } }, "a\nb");
    newline.acceptCompressed = false;
    QTest::addRow("newline in body") << newline
                                     << QStringLiteral(
                                            "curl 'https://e.com/' -H 'Content-Type: text/plain' --data-raw $'a\\nb'");
    Request nul = makeRequest(
        "POST", "https://e.com/", { { "Content-Type", "application/octet-stream" } }, QByteArray("a\0'", 3));
    nul.acceptCompressed = false;
    QTest::addRow("nul in body") << nul
                                 << QStringLiteral("printf 'a\\000\\047' | curl 'https://e.com/' -H 'Content-Type: "
                                                   "application/octet-stream' --data-binary @-");
    Request glob = makeRequest("GET", "https://e.com/[1].png");
    glob.acceptCompressed = false;
    QTest::addRow("brackets turn globbing off") << glob << QStringLiteral("curl 'https://e.com/[1].png' -g");
    Request follow = makeRequest("GET", "https://e.com/");
    follow.redirects = RedirectPolicy::Follow;
    follow.timeoutMs = 2500;
    follow.connectAddress = QHostAddress(QStringLiteral("::1"));
    QTest::addRow("follow, timeout, resolve")
        << follow
        << QStringLiteral("curl 'https://e.com/' --compressed -L --max-redirs 10 --max-time 2.500 --resolve "
                          "'e.com:443:[::1]'");
}

void TestCurlCommand::exportExact()
{
    QFETCH(Request, request);
    QFETCH(QString, command);
    QCOMPARE(toCurlCommand(request), command);
}

void TestCurlCommand::exportMultiline()
{
    Request r = makeRequest("POST", "https://e.com/", { { "A", "1" } }, "x");
    r.headers.append("Content-Type", "text/plain");
    QCOMPARE(toCurlCommand(r, { .multiline = true }),
        QStringLiteral("curl 'https://e.com/' \\\n  -H 'A: 1' \\\n  -H 'Content-Type: text/plain' \\\n"
                       "  --data-raw 'x' \\\n  --compressed"));
}

void TestCurlCommand::exportRedacts()
{
    const Request r = makeRequest("GET", "https://user:secret@e.com/",
        { { "Authorization", "Bearer t" }, { "cookie", "a=1" }, { "Proxy-Authorization", "Basic x" }, { "X", "y" } });
    const QString open = toCurlCommand(r);
    QVERIFY(open.contains(QLatin1String("Bearer t")));
    QVERIFY(open.contains(QLatin1String("user:secret@")));
    const QString redacted = toCurlCommand(r, { .redactSecrets = true });
    QCOMPARE(redacted,
        QStringLiteral("curl 'https://user:REDACTED@e.com/' -H 'Authorization: [redacted]' -H 'cookie: [redacted]' "
                       "-H 'Proxy-Authorization: [redacted]' -H 'X: y' --compressed"));
}

void TestCurlCommand::roundTrip_data()
{
    QTest::addColumn<Request>("request");
    auto row = [](const char *name, const Request &r) { QTest::addRow("%s", name) << r; };
    row("simple get", makeRequest("GET", "https://example.com/"));
    row("query with specials", makeRequest("GET", "https://e.com/s?q=a%20b&x='y'&d=$HOME&e=!1&f=%26"));
    row("unicode path", makeRequest("GET", "https://e.com/caf\xc3\xa9/\xe2\x82\xac?q=\xc3\xbc"));
    row("brackets in path", makeRequest("GET", "https://e.com/[a]/{b}"));
    row("fragment", makeRequest("GET", "https://e.com/#top"));
    row("port and ipv6", makeRequest("GET", "http://[::1]:8080/x"));
    row("quotes in headers",
        makeRequest("GET", "https://e.com/", { { "If-None-Match", "W/\"a'b\"" }, { "X-Q", "it's \"quoted\"" } }));
    row("shell specials in a header",
        makeRequest("GET", "https://e.com/", { { "X-S", "$HOME `id` !! \\ ; | & > <" } }));
    row("empty header values", makeRequest("GET", "https://e.com/", { { "X-A", "" }, { "X-B", "" } }));
    row("duplicate headers in order",
        makeRequest("GET", "https://e.com/", { { "Accept", "a" }, { "X", "1" }, { "accept", "b" }, { "X", "1" } }));
    row("unicode header value", makeRequest("GET", "https://e.com/", { { "X-N", "J\xc3\xbcrgen \xf0\x9f\x98\x80" } }));
    row("latin-1 header byte", makeRequest("GET", "https://e.com/", { { "X-L", "caf\xe9" } }));
    row("trailing space in value", makeRequest("GET", "https://e.com/", { { "X-T", "a " } }));
    row("cookie and authorization",
        makeRequest("GET", "https://e.com/", { { "Cookie", "a=1; b=2" }, { "Authorization", "Basic dXNlcjpwYXNz" } }));
    row("post json",
        makeRequest("POST", "https://e.com/api", { { "Content-Type", "application/json" } },
            "{\"a\":\"it's\",\"b\":\"$x\",\"c\":\"!\"}"));
    row("post without content type", makeRequest("POST", "https://e.com/", {}, "a=1&b=2"));
    row("body with newlines and tabs",
        makeRequest("POST", "https://e.com/", { { "Content-Type", "text/plain" } }, "line1\nline2\r\n\tend\n"));
    row("body with quotes and backslashes",
        makeRequest("POST", "https://e.com/", { { "Content-Type", "text/plain" } }, "'\\'\"\\\\n\\x41 $'x'"));
    row("body starting with @",
        makeRequest("POST", "https://e.com/", { { "Content-Type", "text/plain" } }, "@etc/passwd"));
    row("body looking like an option",
        makeRequest("POST", "https://e.com/", { { "Content-Type", "text/plain" } }, "-d"));
    row("unicode body",
        makeRequest("POST", "https://e.com/", { { "Content-Type", "text/plain" } },
            "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 \xe2\x80\xae"));
    row("binary body",
        makeRequest(
            "POST", "https://e.com/", { { "Content-Type", "application/octet-stream" } }, "\xff\xfe\x01\x7f\x80\xc3"));
    row("body with nul",
        makeRequest("POST", "https://e.com/", { { "Content-Type", "application/octet-stream" } },
            QByteArray("\0\0a%s\\'\0", 9)));
    row("large body",
        makeRequest("POST", "https://e.com/", { { "Content-Type", "text/plain" } },
            QByteArray(100000, 'x') + "'" + QByteArray(1000, '\n')));
    row("put", makeRequest("PUT", "https://e.com/r", { { "Content-Type", "text/plain" } }, "x"));
    row("delete without body", makeRequest("DELETE", "https://e.com/r"));
    row("custom method", makeRequest("PURGE", "https://e.com/r"));
    row("method with token specials", makeRequest("M!#$%&'*+-.^_`|~", "https://e.com/"));
    row("head", makeRequest("HEAD", "https://e.com/"));
    row("head with body", makeRequest("HEAD", "https://e.com/", { { "Content-Type", "text/plain" } }, "x"));
    row("get with body", makeRequest("GET", "https://e.com/", { { "Content-Type", "text/plain" } }, "x"));
    row("post with empty content type", makeRequest("POST", "https://e.com/", { { "Content-Type", "" } }, "x"));
    Request options = makeRequest("GET", "https://e.com/");
    options.redirects = RedirectPolicy::Follow;
    options.maxRedirects = 3;
    options.timeoutMs = 0;
    options.acceptCompressed = false;
    options.connectAddress = QHostAddress(QStringLiteral("192.0.2.1"));
    row("options", options);
    Request ipv6 = makeRequest("GET", "http://e.com:8080/");
    ipv6.connectAddress = QHostAddress(QStringLiteral("2001:db8::2"));
    ipv6.timeoutMs = 1234;
    ipv6.redirects = RedirectPolicy::Follow;
    ipv6.maxRedirects = 50;
    row("ipv6 connect address", ipv6);
}

void TestCurlCommand::roundTrip()
{
    QFETCH(Request, request);
    for (const bool multiline : { false, true }) {
        const QString command = toCurlCommand(request, { .multiline = multiline });
        const CurlParseResult parsed = parseCurlCommand(command);
        QVERIFY2(parsed.ok(), qPrintable(command + QStringLiteral("\n") + parsed.error));
        QCOMPARE(parsed.warnings, QStringList());
        compareRequests(parsed.request, request);
    }
}

// The exported command, run by a real bash with curl replaced by a function that prints its arguments
// (and standard input), must hand curl exactly the words our own splitter sees.
void TestCurlCommand::bashRunsTheExportedCommand()
{
    const QString bash = QStandardPaths::findExecutable(QStringLiteral("bash"));
    if (bash.isEmpty())
        QSKIP("bash is not installed");
    QFETCH(Request, request);
    for (const bool multiline : { false, true }) {
        const QString command = toCurlCommand(request, { .multiline = multiline });
        QProcess process;
        process.start(bash,
            { QStringLiteral("-c"),
                QStringLiteral("curl() { printf '%s\\0' \"$@\"; printf 'STDIN:'; cat; }\n") + command });
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 0);
        const QByteArray out = process.readAllStandardOutput();
        const qsizetype stdinAt = out.lastIndexOf("STDIN:");
        QVERIFY(stdinAt >= 0);
        QByteArrayList args = out.left(stdinAt).split('\0');
        args.removeLast(); // after the last terminator
        const ShellWordsResult split = splitShellWords(command);
        QVERIFY(split.error.isEmpty());
        QByteArrayList ours;
        qsizetype from = 0;
        for (qsizetype i = 0; i < split.words.size(); ++i) {
            if (split.words[i].isOperator)
                from = i + 2; // skip "| curl"
        }
        for (qsizetype i = from == 0 ? 1 : from; i < split.words.size(); ++i)
            ours.append(split.words[i].text);
        QCOMPARE(args, ours);
        const QByteArray piped = out.mid(stdinAt + 6);
        QCOMPARE(piped, request.body.contains('\0') ? request.body : QByteArray());
    }
}

QTEST_GUILESS_MAIN(TestCurlCommand)
#include "tst_curlcommand.moc"
