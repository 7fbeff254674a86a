#pragma once

#include <QList>
#include <QString>

namespace CacheScope {

// One teaching scenario of the demo origin, as listed on its index page and in /index.json.
struct DemoScenario
{
    QString path; // "/validators/strong-etag"; may carry a query in examples, never a host
    QString title; // "Strong ETag"
    QString explanation; // one paragraph: what the server does and why
    QString lookFor; // what to watch in CacheScope when requesting it

    friend bool operator==(const DemoScenario &, const DemoScenario &) = default;
};

} // namespace CacheScope
