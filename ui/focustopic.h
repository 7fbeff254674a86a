#pragma once

#include <QString>

class QWidget;

namespace CacheScope {

// What Help > Explain this (F1) explains, found from the widget with the focus up through its parents.
struct FocusTopic
{
    enum Kind
    {
        Nothing, // nothing focused has a topic: the caller explains the response's status, or opens the reference
        Topic, // a header row (response or request): `topic` is its name
        ReferencePage, // the focus is in the reference itself
    };
    Kind kind = Nothing;
    QString topic;
};

FocusTopic topicForFocus(const QWidget *focus);

} // namespace CacheScope
