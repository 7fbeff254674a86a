// The watch dialog: which URL lists it accepts, and the request it builds.
#include "watchdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>

using namespace CacheScope;

class TestWatchDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parseUrls_data();
    void parseUrls();
    void buildsTheRequest();
    void okOnlyWithValidUrls();
};

void TestWatchDialog::parseUrls_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("urls");
    QTest::addColumn<QString>("error");

    QTest::addRow("one") << "http://127.0.0.1:8080/a" << QStringList { QStringLiteral("http://127.0.0.1:8080/a") }
                         << QString();
    QTest::addRow("several, blank lines and spaces")
        << "  https://example.com/app.js \n\n\thttp://example.com/b?x=1\r\n"
        << QStringList { QStringLiteral("https://example.com/app.js"), QStringLiteral("http://example.com/b?x=1") }
        << QString();
    QTest::addRow("empty") << "" << QStringList() << "Give at least one URL.";
    QTest::addRow("only blanks") << " \n \n" << QStringList() << "Give at least one URL.";
    QTest::addRow("ftp") << "http://a.test/\nftp://a.test/f" << QStringList() << "Line 2:";
    QTest::addRow("no scheme") << "example.com/app.js" << QStringList() << "Line 1:";
    QTest::addRow("no host") << "http:///path" << QStringList() << "Line 1:";
    QTest::addRow("space inside") << "http://exa mple.com/" << QStringList() << "Line 1:";
    QTest::addRow("twice") << "http://a.test/x\nhttp://a.test/x" << QStringList() << "listed twice";
    QTest::addRow("huge line") << QStringLiteral("http://") + QString(100000, QLatin1Char(' ')) << QStringList()
                               << "Line 1:";
}

void TestWatchDialog::parseUrls()
{
    QFETCH(QString, text);
    QFETCH(QStringList, urls);
    QFETCH(QString, error);
    QString problem;
    const QList<QUrl> parsed = WatchDialog::parseUrls(text, &problem);
    QStringList got;
    for (const QUrl &url : parsed)
        got.append(url.toString());
    QCOMPARE(got, urls);
    if (error.isEmpty())
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    else
        QVERIFY2(problem.contains(error), qPrintable(problem));
    QVERIFY(problem.size() < 400); // a hostile line is quoted, not echoed whole
}

void TestWatchDialog::buildsTheRequest()
{
    WatchDialog dialog;
    dialog.setUrlsText(QStringLiteral("http://a.test/1\nhttp://a.test/2"));
    dialog.setIntervalSeconds(5);
    auto request = dialog.watchRequest();
    QVERIFY(request);
    QCOMPARE(request->urls.size(), 2);
    QCOMPARE(request->mode, WatchMode::Interval);
    QCOMPARE(request->intervalMs, 5000);
    QCOMPARE(request->count, 0);

    dialog.setWhenStale(true);
    dialog.setCount(3);
    request = dialog.watchRequest();
    QVERIFY(request);
    QCOMPARE(request->mode, WatchMode::WhenStale);
    QCOMPARE(request->count, 3);
    dialog.setCount(0);
    QCOMPARE(dialog.watchRequest()->count, 0);
}

void TestWatchDialog::okOnlyWithValidUrls()
{
    WatchDialog dialog;
    QPushButton *ok = dialog.buttons()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled());
    QVERIFY(dialog.errorLabel()->text().isEmpty()); // nothing typed yet: no scolding
    dialog.urlsEdit()->setPlainText(QStringLiteral("not a url"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(dialog.errorLabel()->text().startsWith(QStringLiteral("Line 1:")));
    dialog.urlsEdit()->setPlainText(QStringLiteral("http://127.0.0.1/"));
    QVERIFY(ok->isEnabled());
    QVERIFY(dialog.errorLabel()->text().isEmpty());
}

QTEST_MAIN(TestWatchDialog)
#include "tst_watchdialog.moc"
