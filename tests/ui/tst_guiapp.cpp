// The cachescope program itself: command line, screenshots, where it keeps its settings.
#include <QImage>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

namespace {

// Serves one JSON response to every request, answering from this process's event loop while the program runs.
class JsonServer : public QObject
{
public:
    JsonServer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    if (!socket->peek(65536).contains("\r\n\r\n"))
                        return;
                    socket->readAll();
                    const QByteArray body = "{\"status\":\"fresh\",\"maxAge\":60}";
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: max-age=60\r\n"
                                  "Content-Length: "
                        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/status.json").arg(m_server.serverPort()); }

private:
    QTcpServer m_server;
};

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs the program while this event loop keeps serving.
Run runGui(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.remove(QStringLiteral("CACHESCOPE_STORE"));
    process.setProcessEnvironment(env);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(CACHESCOPE_GUI_PATH), arguments);
    if (!process.waitForStarted(10000))
        return {};
    if (!finished.wait(60000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
        process.readAllStandardError() };
}

int countPixels(const QImage &image, QRgb color)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            count += (line[x] & 0xffffff) == (color & 0xffffff);
    }
    return count;
}

} // namespace

class TestGuiApp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void version();
    void help();
    void screenshotOfAResponse_data();
    void screenshotOfAResponse();
    void screenshotWithoutUrl();
    void opensOnTheDemoOrigin();
    void screenshotToUnwritablePath();
    void unknownColorScheme();
    void screenshotOfTheReference();
    void referenceTopicNotFound();
};

void TestGuiApp::version()
{
    const Run run = runGui({ QStringLiteral("--version") });
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(CACHESCOPE_VERSION), run.out.constData());
}

void TestGuiApp::help()
{
    const Run run = runGui({ QStringLiteral("--help") });
    QCOMPARE(run.exitCode, 0);
    for (const char *option : { "--store", "--url", "--screenshot", "--color-scheme", "--reference", "--no-demo" })
        QVERIFY2(run.out.contains(option), option);
}

void TestGuiApp::screenshotOfAResponse_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addRow("light") << "light";
    QTest::addRow("dark") << "dark";
}

void TestGuiApp::screenshotOfAResponse()
{
    QFETCH(QString, scheme);
    JsonServer server;
    QVERIFY(server.listen());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString png = dir.filePath(QStringLiteral("window.png"));
    const QString store = dir.filePath(QStringLiteral("store"));
    const Run run = runGui({ QStringLiteral("--store"), store, QStringLiteral("--url"), server.url(),
        QStringLiteral("--screenshot"), png, QStringLiteral("--color-scheme"), scheme });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(1280, 800));
    image = image.convertToFormat(QImage::Format_RGB32);
    // The 2xx badge is painted: its green fill covers a good number of pixels.
    QVERIFY2(countPixels(image, QColor(0x1a, 0x7f, 0x37).rgb()) > 500, "no green 200 badge in the screenshot");
    // The window background follows the colour scheme.
    const int lightness = QColor(image.pixel(image.width() - 5, image.height() / 2)).lightness();
    QVERIFY2(
        scheme == QLatin1String("dark") ? lightness < 100 : lightness > 150, qPrintable(QString::number(lightness)));
    // The request that was sent is remembered in the store's settings.
    QSettings settings(store + QStringLiteral("/settings.ini"), QSettings::IniFormat);
    QCOMPARE(settings.value(QStringLiteral("request/url")).toString(), server.url());
}

void TestGuiApp::screenshotWithoutUrl()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString png = dir.filePath(QStringLiteral("empty.png"));
    const Run run = runGui(
        { QStringLiteral("--store"), dir.path(), QStringLiteral("--no-demo"), QStringLiteral("--screenshot"), png });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QImage image(png);
    QVERIFY(!image.isNull());
    image = image.convertToFormat(QImage::Format_RGB32);
    QCOMPARE(countPixels(image, QColor(0x1a, 0x7f, 0x37).rgb()), 0); // nothing was sent: no 200 badge
}

void TestGuiApp::opensOnTheDemoOrigin()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString png = dir.filePath(QStringLiteral("demo.png"));
    const Run run = runGui({ QStringLiteral("--store"), dir.path(), QStringLiteral("--screenshot"), png,
        QStringLiteral("--color-scheme"), QStringLiteral("light") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QImage image(png);
    QVERIFY(!image.isNull());
    image = image.convertToFormat(QImage::Format_RGB32);
    QVERIFY2(countPixels(image, QColor(0x1a, 0x7f, 0x37).rgb()) > 500, "the demo scenario got no 200 badge");
    const QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    const QUrl sent(settings.value(QStringLiteral("request/url")).toString());
    QCOMPARE(sent.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(sent.path(), QStringLiteral("/validators/strong-etag"));
}

void TestGuiApp::screenshotToUnwritablePath()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Run run = runGui({ QStringLiteral("--store"), dir.path(), QStringLiteral("--screenshot"),
        dir.filePath(QStringLiteral("no/such/dir/x.png")) });
    QVERIFY(run.exitCode != 0);
    QVERIFY2(run.err.contains("cannot write the screenshot"), run.err.constData());
}

void TestGuiApp::unknownColorScheme()
{
    QTemporaryDir dir;
    const Run run
        = runGui({ QStringLiteral("--store"), dir.path(), QStringLiteral("--color-scheme"), QStringLiteral("purple") });
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("unknown color scheme"));
}

void TestGuiApp::screenshotOfTheReference()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString png = dir.filePath(QStringLiteral("reference.png"));
    const Run run
        = runGui({ QStringLiteral("--store"), dir.path(), QStringLiteral("--reference"), QStringLiteral("304"),
            QStringLiteral("--screenshot"), png, QStringLiteral("--color-scheme"), QStringLiteral("light") });
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.isEmpty() || !run.err.contains("nothing in the reference"), run.err.constData());
    QImage image(png);
    QVERIFY(!image.isNull());
    image = image.convertToFormat(QImage::Format_RGB32);
    // The light scheme's highlight: the selected "304 Not Modified" row in the result list (and the links).
    QVERIFY2(countPixels(image, QColor(0x09, 0x69, 0xda).rgb()) > 500, "no selected entry in the screenshot");
}

void TestGuiApp::referenceTopicNotFound()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString png = dir.filePath(QStringLiteral("reference.png"));
    const Run run = runGui({ QStringLiteral("--store"), dir.path(), QStringLiteral("--reference"),
        QStringLiteral("qqqzzzx"), QStringLiteral("--screenshot"), png });
    // The window still opens (on the "not in the reference" page); the reason goes to standard error.
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.contains("nothing in the reference matches 'qqqzzzx'"), run.err.constData());
    QVERIFY(!QImage(png).isNull());
}

QTEST_MAIN(TestGuiApp)
#include "tst_guiapp.moc"
