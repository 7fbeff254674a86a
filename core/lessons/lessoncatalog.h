#pragma once

#include "lesson.h"

#include <optional>
#include <QList>

namespace CacheScope {

// The guided lessons, in the order the panel lists them. Every step uses a path of the demo origin
// (core/demo) and is checked against what the inspector really did.
QList<Lesson> builtInLessons();
// The lesson with this id, or nothing.
std::optional<Lesson> lessonById(const QString &id);

} // namespace CacheScope
