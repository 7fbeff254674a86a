#pragma once

#include "referencetopic.h"

#include <QList>
#include <QScrollArea>

class QLabel;
class QVBoxLayout;

namespace CacheScope {

class CodeExampleView;
class Reference;
struct DirectiveInfo;
struct HeaderInfo;
struct StatusInfo;

// One entry of the reference laid out for reading: title, class and specification, then a section per field
// (summary, explanation, what a visitor can do, debugging, caching, headers, related entries as links, code
// examples with Copy buttons). Fields the data leaves empty get no section at all.
class ReferenceDetail : public QScrollArea
{
    Q_OBJECT
public:
    explicit ReferenceDetail(const Reference *reference, QWidget *parent = nullptr);

    // Returns false (and shows why) when the topic names nothing in the reference.
    bool showTopic(const ReferenceTopic &topic);
    // A page with no entry: "Not in the reference" and why.
    void showMessage(const QString &text);
    ReferenceTopic topic() const { return m_topic; }

    QString title() const;
    QString subtitle() const;
    // The RFC 9110 §15 note for codes without an entry; empty otherwise.
    QString notice() const;
    QStringList sectionTitles() const;
    // The plain text of a section (the code of every example for "Examples"); empty when there is no such section.
    QString sectionText(const QString &title) const;
    // The "ref:" links of a section, in order.
    QStringList sectionLinks(const QString &title) const;
    QList<CodeExampleView *> examples() const { return m_examples; }

Q_SIGNALS:
    // A "ref:" link was clicked (a related code, a header, a directive).
    void topicLinkActivated(const QString &key);

private:
    struct Section
    {
        QString title;
        QString text;
        QStringList links;
    };

    void reset();
    void setHeading(const QString &title, const QString &subtitleHtml);
    void addSection(const QString &title, const QString &html);
    void addParagraphs(const QString &title, const QString &text);
    void addBullets(const QString &title, const QStringList &items);
    void addExamples(const QString &express, const QString &flask, const QString &curl);
    void addCode(const QString &title, const QString &code);
    void showStatus(const StatusInfo &status);
    void showHeader(const HeaderInfo &header);
    void showDirective(const DirectiveInfo &directive);
    void onLink(const QString &link);
    // An <a href="ref:..."> to the topic `text` resolves to, or the escaped text when it resolves to nothing.
    QString linkTo(const QString &text, const QString &label = {}) const;

    const Reference *m_reference;
    ReferenceTopic m_topic;
    QWidget *m_content = nullptr;
    QVBoxLayout *m_layout = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QLabel *m_notice = nullptr;
    QList<Section> m_sections;
    QList<CodeExampleView *> m_examples;
};

} // namespace CacheScope
