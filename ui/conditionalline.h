#pragma once

#include "cache/conditional.h"

#include <QWidget>

class QCheckBox;
class QLabel;

namespace CacheScope {

// The line under the URL bar that says, before anything is sent, which conditional headers CacheScope will
// add from the validator store, with a switch to leave them out (CacheOptions::addConditionals).
class ConditionalLine : public QWidget
{
    Q_OBJECT
public:
    // Why the store adds nothing, when it does not.
    enum class Reason
    {
        None, // the preview decides
        NoStore, // the window runs without a validator store
        Method, // only GET and HEAD are revalidated
        TypedByUser, // the request already carries its own precondition: it is sent as typed
        InvalidRequest, // the URL cannot be sent yet
    };

    explicit ConditionalLine(QWidget *parent = nullptr);

    // Shows what the store would add; `reason` other than None explains why nothing is added.
    void setPreview(const ConditionalRequest &preview, Reason reason = Reason::None, const QString &detail = {});
    ConditionalRequest preview() const { return m_preview; }

    // The check box: false when the user turned the store's conditional headers off.
    bool addConditionals() const;
    void setAddConditionals(bool add);

    QString text() const;
    QCheckBox *checkBox() const { return m_check; }

    // The line for a preview, as shown: `If-None-Match: "a", W/"b" · If-Modified-Since: <date>`, or the reason
    // nothing is added ("nothing stored for this URL").
    static QString describe(const ConditionalRequest &preview, Reason reason, const QString &detail = {});

Q_SIGNALS:
    void addConditionalsChanged(bool add);

private:
    void updateLook();

    QCheckBox *m_check;
    QLabel *m_label;
    ConditionalRequest m_preview;
    Reason m_reason = Reason::NoStore;
};

} // namespace CacheScope
