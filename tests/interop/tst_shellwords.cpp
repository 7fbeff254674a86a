#include "interop/shellwords.h"

#include <QRandomGenerator>
#include <QTest>

using namespace CacheScope;

// Operators are shown as <op> so that a quoted "|" and an operator | differ in the expectations.
static QByteArrayList flatten(const QList<ShellWord> &words)
{
    QByteArrayList out;
    for (const ShellWord &w : words)
        out.append(w.isOperator ? '<' + w.text + '>' : w.text);
    return out;
}

class TestShellWords : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void split_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QByteArrayList>("words");
        QTest::addColumn<int>("warnings");

        auto row = [](const char *name, const QString &command, const QByteArrayList &words, int warnings = 0) {
            QTest::addRow("%s", name) << command << words << warnings;
        };
        row("empty", QString(), {});
        row("whitespace only", QStringLiteral(" \t \n "), {});
        row("plain words", QStringLiteral("curl  http://x\t-v"), { "curl", "http://x", "-v" });
        row("single quotes keep everything", QStringLiteral("'a b $HOME \\n \"'"), { "a b $HOME \\n \"" });
        row("escaped single quote", QStringLiteral("'it'\\''s'"), { "it's" });
        row("adjacent quoting joins", QStringLiteral("a'b'\"c\"$'d'e"), { "abcde" });
        row("empty quotes are words", QStringLiteral("'' \"\" $''"), { "", "", "" });
        row("ansi-c escapes", QStringLiteral("$'a\\nb\\x41\\'\\t\\\\'"), { "a\nbA'\t\\" });
        row("ansi-c octal and control", QStringLiteral("$'\\101\\7\\cA'"), { "A\a\x01" });
        row("ansi-c raw byte", QStringLiteral("$'\\xff\\xFe'"), { "\xff\xfe" });
        row("ansi-c unicode", QStringLiteral("$'\\u00e9\\U0001F600'"), { "\xc3\xa9\xf0\x9f\x98\x80" });
        row("ansi-c x without digits", QStringLiteral("$'\\xg'"), { "\\xg" });
        row("ansi-c unknown escape kept", QStringLiteral("$'\\q'"), { "\\q" });
        row("locale string", QStringLiteral("$\"x y\""), { "x y" });
        row("backslash continuation", QStringLiteral("curl \\\n  -v"), { "curl", "-v" });
        row("crlf continuation", QStringLiteral("curl \\\r\n  -v"), { "curl", "-v" });
        row("continuation inside a word", QStringLiteral("ab\\\ncd"), { "abcd" });
        row("continuation inside double quotes", QStringLiteral("\"ab\\\ncd\""), { "abcd" });
        row("bare newline separates", QStringLiteral("a\nb"), { "a", "b" });
        row("backslash escapes a space", QStringLiteral("a\\ b"), { "a b" });
        row("comment", QStringLiteral("a # b c\nd"), { "a", "d" });
        row("hash inside a word", QStringLiteral("a#b"), { "a#b" });
        row("lone dollars are literal", QStringLiteral("a$ $ $/"), { "a$", "$", "$/" });
        row("pipe", QStringLiteral("a|b"), { "a", "<|>", "b" });
        row("quoted pipe is a word", QStringLiteral("'|'"), { "|" });
        row("and-and and redirect", QStringLiteral("a && b >> f"), { "a", "<&&>", "b", "<>>>", "f" });
        row("non-ascii", QStringLiteral("'\u00fc\u20ac' \U0001F600"), { "\xc3\xbc\xe2\x82\xac", "\xf0\x9f\x98\x80" });
        row("caret continuation", QStringLiteral("curl ^\n  -v ^  \r\n -s"), { "curl", "-v", "-s" }, 1);
        row("caret inside a word", QStringLiteral("a^b"), { "a^b" });
    }

    void split()
    {
        QFETCH(QString, command);
        QFETCH(QByteArrayList, words);
        QFETCH(int, warnings);
        const ShellWordsResult result = splitShellWords(command);
        QCOMPARE(result.error, QString());
        QCOMPARE(flatten(result.words), words);
        QCOMPARE(result.warnings.size(), warnings);
    }

    // Backquotes inside double quotes are command substitution: an error, even after good escapes.
    void splitDoubleQuotes()
    {
        const ShellWordsResult good = splitShellWords(QStringLiteral("\"a \\\"b\\\" \\$c \\\\ \\n \\`\""));
        QCOMPARE(good.error, QString());
        QCOMPARE(flatten(good.words), QByteArrayList { "a \"b\" $c \\ \\n `" });
        QVERIFY(!splitShellWords(QStringLiteral("\"a `ls`\"")).error.isEmpty());
    }

    void positions()
    {
        const ShellWordsResult result = splitShellWords(QStringLiteral("curl  'a b' \\\n -H\"x\""));
        QCOMPARE(result.words.size(), 3);
        QCOMPARE(result.words[0].position, 0);
        QCOMPARE(result.words[1].position, 6);
        QCOMPARE(result.words[2].position, 15);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("error");
        QTest::addColumn<int>("position");
        QTest::addRow("unterminated single")
            << QStringLiteral("curl 'abc") << QStringLiteral("unterminated single") << 5;
        QTest::addRow("unterminated double")
            << QStringLiteral("curl x \"abc") << QStringLiteral("unterminated double") << 7;
        QTest::addRow("unterminated ansi") << QStringLiteral("curl $'abc\\'") << QStringLiteral("unterminated $'") << 5;
        QTest::addRow("variable") << QStringLiteral("curl $URL") << QStringLiteral("'$URL' would be expanded") << 5;
        QTest::addRow("braced variable") << QStringLiteral("curl ${URL}") << QStringLiteral("'${' would be expanded")
                                         << 5;
        QTest::addRow("variable in double quotes")
            << QStringLiteral("curl \"http://$HOST/\"") << QStringLiteral("'$HOST' would be expanded") << 13;
        QTest::addRow("command substitution")
            << QStringLiteral("curl $(cat url)") << QStringLiteral("'$(' would be") << 5;
        QTest::addRow("backquotes") << QStringLiteral("curl `cat url`") << QStringLiteral("command substitution") << 5;
        QTest::addRow("nul in ansi-c") << QStringLiteral("curl $'a\\0b'") << QStringLiteral("NUL byte") << 8;
        QTest::addRow("nul as hex") << QStringLiteral("curl $'\\x00'") << QStringLiteral("NUL byte") << 7;
        QTest::addRow("windows cmd quoting")
            << QStringLiteral("curl ^\"https://x/^\"") << QStringLiteral("Windows cmd") << 5;
    }

    void errors()
    {
        QFETCH(QString, command);
        QFETCH(QString, error);
        QFETCH(int, position);
        const ShellWordsResult result = splitShellWords(command);
        QVERIFY2(result.error.contains(error), qPrintable(result.error));
        QCOMPARE(result.errorPosition, position);
        QVERIFY(result.words.isEmpty());
    }

    void quote_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("quoted");
        QTest::addRow("empty") << QByteArray() << QStringLiteral("''");
        QTest::addRow("plain") << QByteArray("abc") << QStringLiteral("'abc'");
        QTest::addRow("single quote") << QByteArray("it's") << QStringLiteral("'it'\\''s'");
        QTest::addRow("shell specials stay literal")
            << QByteArray("$HOME `x` !1 \"q\" \\") << QStringLiteral("'$HOME `x` !1 \"q\" \\'");
        QTest::addRow("unicode stays readable") << QByteArray("caf\xc3\xa9") << QStringLiteral("'caf\u00e9'");
        QTest::addRow("newline uses ansi-c") << QByteArray("a\nb'c") << QStringLiteral("$'a\\nb\\'c'");
        QTest::addRow("invalid utf-8 byte") << QByteArray("\xff\xc3\xa9") << QStringLiteral("$'\\xff\u00e9'");
        QTest::addRow("control and delete") << QByteArray("\x01\x7f\t\r") << QStringLiteral("$'\\x01\\x7f\\t\\r'");
        QTest::addRow("overlong utf-8 is not text") << QByteArray("\xc0\xaf") << QStringLiteral("$'\\xc0\\xaf'");
    }

    void quote()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, quoted);
        QCOMPARE(shellQuote(bytes), quoted);
    }

    void shellWordLeavesPlainWordsBare()
    {
        QCOMPARE(shellWord("POST"), QStringLiteral("POST"));
        QCOMPARE(shellWord("a/b:c@d%e+f=g,h.i-j_k"), QStringLiteral("a/b:c@d%e+f=g,h.i-j_k"));
        QCOMPARE(shellWord("a b"), QStringLiteral("'a b'"));
        QCOMPARE(shellWord("x!"), QStringLiteral("'x!'"));
        QCOMPARE(shellWord(""), QStringLiteral("''"));
    }

    // Whatever bytes go in, quoting then splitting gives them back as one word.
    void quoteRoundTripsRandomBytes()
    {
        QRandomGenerator random(20240501);
        for (int n = 0; n < 2000; ++n) {
            QByteArray bytes(int(random.bounded(40)), Qt::Uninitialized);
            for (char &c : bytes)
                c = char(1 + random.bounded(255)); // anything but NUL
            if (n % 3 == 0) // and some with the characters shells care about most
                bytes += "'\"\\$`!\n #|;&";
            const QString quoted = shellQuote(bytes);
            const ShellWordsResult result = splitShellWords(quoted);
            QVERIFY2(result.error.isEmpty(), qPrintable(quoted + QStringLiteral(": ") + result.error));
            QCOMPARE(result.words.size(), 1);
            QCOMPARE(result.words[0].text, bytes);
        }
    }

    void printfRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addRow("nul") << QByteArray("\0", 1);
        QTest::addRow("mixed") << QByteArray("a\0b%c\\d'e\n\xff", 11);
        QTest::addRow("percent directives stay literal") << QByteArray("%s %d %%");
        QTest::addRow("empty") << QByteArray();
    }

    void printfRoundTrip()
    {
        QFETCH(QByteArray, bytes);
        const QString word = printfFormatWord(bytes);
        const ShellWordsResult split = splitShellWords(word);
        QCOMPARE(split.words.size(), 1);
        QString error;
        QCOMPARE(decodePrintfFormat(split.words[0].text, &error), bytes);
        QCOMPARE(error, QString());
    }

    void printfRejectsDirectives()
    {
        QString error;
        decodePrintfFormat("a%sb", &error);
        QVERIFY(error.contains(QLatin1String("'%' directive")));
        error.clear();
        QCOMPARE(decodePrintfFormat("\\101\\0\\n%%", &error), QByteArray("A\0\n%", 4));
        QCOMPARE(error, QString());
    }
};

QTEST_GUILESS_MAIN(TestShellWords)
#include "tst_shellwords.moc"
