#pragma once

#include "demoscenario.h"

#include <functional>
#include <memory>
#include <QDateTime>
#include <QHostAddress>
#include <QObject>
#include <QUrl>

namespace CacheScope {

namespace Demo {
class HttpServerCompat;
class ScenarioCatalog;
struct WireRequest;
struct WireResponse;
} // namespace Demo

// An HTTP origin inside the program serving caching scenarios, correct and deliberately broken, for
// learning and for checking CacheScope itself. It listens on 127.0.0.1 only, never on other interfaces.
// "/" is an HTML index of the scenarios, "/index.json" the same as JSON.
class DemoOrigin : public QObject
{
    Q_OBJECT

public:
    // Returns "now"; injected so time-dependent scenarios are tested without sleeping.
    using Clock = std::function<QDateTime()>;

    explicit DemoOrigin(QObject *parent = nullptr);
    ~DemoOrigin() override;

    // Listens on 127.0.0.1:port, or on a free port when port is 0. False with a reason in *error when the
    // port is taken or the origin is already running.
    bool start(quint16 port = 0, QString *error = nullptr);
    // Stops listening and closes open connections. Safe to call when not running.
    void stop();

    bool isRunning() const;
    quint16 port() const; // 0 when not running
    QHostAddress address() const; // 127.0.0.1 while running
    QUrl baseUrl() const; // "http://127.0.0.1:PORT" while running, empty otherwise
    QUrl url(const QString &pathAndQuery) const; // baseUrl() + "/validators/strong-etag"

    // The teaching scenarios in index order (the index pages themselves are not listed).
    QList<DemoScenario> scenarios() const;

    // Default: the system clock. Takes effect from the next request.
    void setClock(Clock clock);

Q_SIGNALS:
    // For every request, with the status it gets: "GET", "/validators/changing?every=5", 304.
    void requestServed(const QString &method, const QString &target, int status);

private:
    Demo::WireResponse respond(const Demo::WireRequest &request);

    std::unique_ptr<Demo::ScenarioCatalog> m_catalog;
    std::unique_ptr<Demo::HttpServerCompat> m_server;
    Clock m_clock;
};

} // namespace CacheScope
