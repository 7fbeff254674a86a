#pragma once

// Time conversions shared by watchscheduler.cpp and watchstatus.cpp; not part of the public API.

#include <QDateTime>
#include <QTimeZone>

namespace CacheScope::WatchDetail {

inline qint64 toMs(const QDateTime &time)
{
    return time.toMSecsSinceEpoch();
}

inline QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}

} // namespace CacheScope::WatchDetail
