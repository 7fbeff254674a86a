#include "referencedetail.h"

#include "codeexampleview.h"
#include "reference/reference.h"

#include <QDesktopServices>
#include <QLabel>
#include <QRegularExpression>
#include <QTextDocumentFragment>
#include <QUrl>
#include <QVBoxLayout>

namespace CacheScope {

namespace {

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

// Paragraphs are separated by a blank line in the data; single newlines stay line breaks.
QString paragraphsHtml(const QString &text)
{
    QStringList paragraphs;
    for (const QString &paragraph : text.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts)) {
        if (!paragraph.trimmed().isEmpty())
            paragraphs.append(
                QStringLiteral("<p>%1</p>")
                    .arg(escaped(paragraph.trimmed()).replace(QLatin1Char('\n'), QStringLiteral("<br>"))));
    }
    return paragraphs.join(QString());
}

QString yesNo(bool value)
{
    return value ? QStringLiteral("yes") : QStringLiteral("no");
}

QString directionLabel(MessageSide side)
{
    switch (side) {
    case MessageSide::Request:
        return QStringLiteral("Request header");
    case MessageSide::Response:
        return QStringLiteral("Response header");
    case MessageSide::Both:
        break;
    }
    return QStringLiteral("Request and response header");
}

QLabel *richLabel(const QString &html, QWidget *parent)
{
    auto *label = new QLabel(html, parent);
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    label->setOpenExternalLinks(false);
    return label;
}

QString citationHtml(const SpecRef &spec)
{
    if (spec.url.isEmpty())
        return escaped(spec.citation());
    return QStringLiteral("<a href=\"%1\">%2</a>").arg(escaped(spec.url), escaped(spec.citation()));
}

} // namespace

ReferenceDetail::ReferenceDetail(const Reference *reference, QWidget *parent)
    : QScrollArea(parent)
    , m_reference(reference)
{
    setObjectName(QStringLiteral("referenceDetail"));
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    reset();
    setHeading(QStringLiteral("HTTP reference"),
        QStringLiteral("Search by status code (304, 4xx), header or directive name (ETag, max-age) or any words."));
}

bool ReferenceDetail::showTopic(const ReferenceTopic &topic)
{
    reset();
    m_topic = topic;
    switch (topic.kind) {
    case ReferenceTopic::Status: {
        const StatusLookup lookup = m_reference->status(topic.code);
        if (lookup.outcome == StatusLookup::Invalid) {
            setHeading(QString::number(topic.code), escaped(lookup.message));
            return false;
        }
        if (lookup.outcome == StatusLookup::Unrecognized) {
            m_notice->setText(
                QStringLiteral("<b>%1: %2.</b> RFC 9110 \u00a715: a client that does not recognize a "
                               "status code treats it like the x00 code of its class. %3")
                    .arg(topic.code)
                    .arg(escaped(lookup.message),
                        lookup.info
                            ? QStringLiteral("What follows is the entry for %1.")
                                  .arg(linkTo(QString::number(lookup.fallbackCode)))
                            : QStringLiteral("The reference has no entry for %1 either.").arg(lookup.fallbackCode)));
            m_notice->show();
        }
        if (!lookup.info) {
            setHeading(QString::number(topic.code), QStringLiteral("Unrecognized status code"));
            return true;
        }
        showStatus(*lookup.info);
        if (lookup.outcome == StatusLookup::Unrecognized)
            m_title->setText(
                QStringLiteral("%1 (unrecognized, shown as %2)").arg(topic.code).arg(lookup.info->title()));
        return true;
    }
    case ReferenceTopic::Header:
        if (const HeaderInfo *header = m_reference->header(topic.name)) {
            showHeader(*header);
            return true;
        }
        break;
    case ReferenceTopic::Directive:
        for (const DirectiveInfo *directive : m_reference->directives(topic.name)) {
            if (directive->header == topic.header && directive->side == topic.side) {
                showDirective(*directive);
                return true;
            }
        }
        break;
    case ReferenceTopic::None:
        break;
    }
    showMessage(QStringLiteral("Nothing in the reference is called \u201c%1\u201d.").arg(topic.name));
    return false;
}

void ReferenceDetail::showMessage(const QString &text)
{
    reset();
    m_topic = {};
    setHeading(QStringLiteral("Not in the reference"), escaped(text));
}

QString ReferenceDetail::title() const
{
    return m_title->text();
}

QString ReferenceDetail::subtitle() const
{
    return QTextDocumentFragment::fromHtml(m_subtitle->text()).toPlainText();
}

QString ReferenceDetail::notice() const
{
    return m_notice->isHidden() ? QString() : QTextDocumentFragment::fromHtml(m_notice->text()).toPlainText();
}

QStringList ReferenceDetail::sectionTitles() const
{
    QStringList titles;
    for (const Section &section : m_sections)
        titles.append(section.title);
    return titles;
}

QString ReferenceDetail::sectionText(const QString &title) const
{
    for (const Section &section : m_sections) {
        if (section.title == title)
            return section.text;
    }
    return {};
}

QStringList ReferenceDetail::sectionLinks(const QString &title) const
{
    for (const Section &section : m_sections) {
        if (section.title == title)
            return section.links;
    }
    return {};
}

void ReferenceDetail::reset()
{
    // The old page goes later: reset() may run inside a click on one of its own links.
    if (QWidget *old = takeWidget()) {
        old->hide();
        old->deleteLater();
    }
    m_sections.clear();
    m_examples.clear();
    m_content = new QWidget;
    m_content->setObjectName(QStringLiteral("referenceContent"));
    // Lines of prose much wider than this are hard to read on a wide window.
    m_content->setMaximumWidth(1100);
    m_layout = new QVBoxLayout(m_content);
    m_layout->setContentsMargins(16, 12, 16, 16);
    m_layout->setSpacing(6);
    m_title = new QLabel(m_content);
    m_title->setObjectName(QStringLiteral("referenceTitle"));
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.6);
    m_title->setFont(big);
    m_subtitle = richLabel(QString(), m_content);
    m_subtitle->setObjectName(QStringLiteral("referenceSubtitle"));
    m_notice = richLabel(QString(), m_content);
    m_notice->setObjectName(QStringLiteral("referenceNotice"));
    m_notice->setAutoFillBackground(true);
    m_notice->setBackgroundRole(QPalette::ToolTipBase);
    m_notice->setForegroundRole(QPalette::ToolTipText);
    m_notice->setMargin(8);
    m_notice->hide();
    for (QLabel *label : { m_subtitle, m_notice })
        connect(label, &QLabel::linkActivated, this, &ReferenceDetail::onLink);
    m_layout->addWidget(m_title);
    m_layout->addWidget(m_subtitle);
    m_layout->addWidget(m_notice);
    m_layout->addStretch();
    setWidget(m_content);
}

void ReferenceDetail::setHeading(const QString &title, const QString &subtitleHtml)
{
    m_title->setText(title);
    m_subtitle->setText(subtitleHtml);
}

void ReferenceDetail::addSection(const QString &title, const QString &html)
{
    const QString text = QTextDocumentFragment::fromHtml(html).toPlainText().trimmed();
    if (text.isEmpty())
        return;
    auto *heading = new QLabel(title, m_content);
    heading->setObjectName(QStringLiteral("referenceSectionTitle"));
    QFont bold = heading->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    heading->setFont(bold);
    auto *body = richLabel(html, m_content);
    body->setObjectName(QStringLiteral("referenceSection"));
    connect(body, &QLabel::linkActivated, this, &ReferenceDetail::onLink);
    // Before the final stretch.
    m_layout->insertSpacing(m_layout->count() - 1, 8);
    m_layout->insertWidget(m_layout->count() - 1, heading);
    m_layout->insertWidget(m_layout->count() - 1, body);

    static const QRegularExpression links(QStringLiteral("href=\"(ref:[^\"]+)\""));
    Section section { title, text, {} };
    for (auto it = links.globalMatch(html); it.hasNext();)
        section.links.append(it.next().captured(1));
    m_sections.append(section);
}

void ReferenceDetail::addParagraphs(const QString &title, const QString &text)
{
    addSection(title, paragraphsHtml(text));
}

void ReferenceDetail::addBullets(const QString &title, const QStringList &items)
{
    QString html;
    for (const QString &item : items) {
        if (!item.trimmed().isEmpty())
            html += QStringLiteral("<li>%1</li>").arg(escaped(item.trimmed()));
    }
    if (!html.isEmpty())
        addSection(title, QStringLiteral("<ul style=\"margin-left:-20px\">%1</ul>").arg(html));
}

void ReferenceDetail::addExamples(const QString &express, const QString &flask, const QString &curl)
{
    const struct
    {
        const char *caption;
        const char *language;
        const QString &code;
    } all[] = { { "Node.js (Express)", "JavaScript", express }, { "Python (Flask)", "Python", flask },
        { "curl", "Bash", curl } };
    QStringList codes;
    QList<CodeExampleView *> views;
    for (const auto &example : all) {
        if (example.code.trimmed().isEmpty())
            continue;
        views.append(new CodeExampleView(
            QString::fromLatin1(example.caption), QString::fromLatin1(example.language), example.code, m_content));
        codes.append(example.code);
    }
    if (views.isEmpty())
        return;
    auto *heading = new QLabel(QStringLiteral("Examples"), m_content);
    QFont bold = heading->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    heading->setFont(bold);
    m_layout->insertSpacing(m_layout->count() - 1, 8);
    m_layout->insertWidget(m_layout->count() - 1, heading);
    for (CodeExampleView *view : views)
        m_layout->insertWidget(m_layout->count() - 1, view);
    m_examples.append(views);
    m_sections.append(Section { QStringLiteral("Examples"), codes.join(QLatin1Char('\n')), {} });
}

void ReferenceDetail::addCode(const QString &title, const QString &code)
{
    if (code.trimmed().isEmpty())
        return;
    auto *view = new CodeExampleView(title, QString(), code, m_content);
    m_layout->insertSpacing(m_layout->count() - 1, 8);
    m_layout->insertWidget(m_layout->count() - 1, view);
    m_examples.append(view);
    m_sections.append(Section { title, code, {} });
}

void ReferenceDetail::showStatus(const StatusInfo &status)
{
    QStringList facts {
        QStringLiteral("%1 (%2xx)").arg(statusClassLabel(status.statusClass)).arg(int(status.statusClass))
    };
    if (status.standing != StatusStanding::Standard) {
        QString standing = QStringLiteral("<b>%1</b>").arg(standingKeyword(status.standing));
        if (!status.origin.isEmpty())
            standing += QStringLiteral(" (%1)").arg(escaped(status.origin));
        facts.append(standing);
    }
    facts.append(citationHtml(status.spec));
    if (!status.aliases.isEmpty())
        facts.append(QStringLiteral("also seen as %1").arg(escaped(status.aliases.join(QStringLiteral(", ")))));
    setHeading(status.title(), facts.join(QStringLiteral(" \u00b7 ")));

    addParagraphs(QStringLiteral("Summary"), status.summary);
    addParagraphs(QStringLiteral("Explanation"), status.explanation);
    addParagraphs(QStringLiteral("What a visitor can do"), status.browser);
    addBullets(QStringLiteral("Debugging and fixing"), status.debugging);
    addSection(QStringLiteral("Caching"),
        QStringLiteral("<p>Cacheable by default: <b>%1</b> \u00b7 Heuristic freshness allowed: <b>%2</b></p>%3")
            .arg(yesNo(status.caching.cacheableByDefault), yesNo(status.caching.heuristic),
                paragraphsHtml(status.caching.notes)));
    QString headers;
    for (const HeaderNote &note : status.headers)
        headers += QStringLiteral("<li>%1: %2</li>").arg(linkTo(note.name), escaped(note.note));
    if (!headers.isEmpty())
        addSection(QStringLiteral("Headers"), QStringLiteral("<ul style=\"margin-left:-20px\">%1</ul>").arg(headers));
    QStringList related;
    for (int code : status.related) {
        const StatusInfo *other = m_reference->findStatus(code);
        related.append(linkTo(QString::number(code), other ? other->title() : QString::number(code)));
    }
    addSection(QStringLiteral("Related codes"), related.join(QStringLiteral(" \u00b7 ")));
    addExamples(status.examples.express, status.examples.flask, status.examples.curl);
    addParagraphs(QStringLiteral("History"), status.history);
}

void ReferenceDetail::showHeader(const HeaderInfo &header)
{
    QStringList facts { directionLabel(header.direction), citationHtml(header.spec) };
    if (!header.aliases.isEmpty())
        facts.append(QStringLiteral("also %1").arg(escaped(header.aliases.join(QStringLiteral(", ")))));
    setHeading(header.name, facts.join(QStringLiteral(" \u00b7 ")));

    addParagraphs(QStringLiteral("Summary"), header.summary);
    addParagraphs(QStringLiteral("Explanation"), header.explanation);
    addParagraphs(QStringLiteral("Syntax"), header.syntax); // prose with inline examples, not code
    addParagraphs(QStringLiteral("Caching"), header.caching);
    addBullets(QStringLiteral("Debugging and fixing"), header.debugging);
    QString directives;
    for (const DirectiveInfo &directive : header.directives) {
        ReferenceTopic topic;
        topic.kind = ReferenceTopic::Directive;
        topic.name = directive.name;
        topic.header = header.name;
        topic.side = directive.side;
        directives += QStringLiteral("<li><a href=\"%1\">%2</a> (%3): %4</li>")
                          .arg(escaped(topic.key()), escaped(directive.name), sideKeyword(directive.side),
                              escaped(directive.summary));
    }
    if (!directives.isEmpty())
        addSection(
            QStringLiteral("Directives"), QStringLiteral("<ul style=\"margin-left:-20px\">%1</ul>").arg(directives));
    QStringList related;
    for (const QString &name : header.related)
        related.append(linkTo(name));
    addSection(QStringLiteral("Related"), related.join(QStringLiteral(" \u00b7 ")));
    addExamples(header.examples.express, header.examples.flask, header.examples.curl);
    addParagraphs(QStringLiteral("History"), header.history);
}

void ReferenceDetail::showDirective(const DirectiveInfo &directive)
{
    setHeading(directive.name,
        QStringLiteral("%1 directive, %2 side \u00b7 %3")
            .arg(linkTo(QStringLiteral("ref:header/") + directive.header, directive.header),
                sideKeyword(directive.side), citationHtml(directive.spec)));
    addParagraphs(QStringLiteral("Summary"), directive.summary);
    addParagraphs(QStringLiteral("Explanation"), directive.explanation);
    addCode(QStringLiteral("Example"), directive.example);
    // The same name on the other side of the exchange (max-age in a request means something else).
    QStringList others;
    for (const DirectiveInfo *other : m_reference->directives(directive.name)) {
        if (other->header == directive.header && other->side == directive.side)
            continue;
        ReferenceTopic topic;
        topic.kind = ReferenceTopic::Directive;
        topic.name = other->name;
        topic.header = other->header;
        topic.side = other->side;
        others.append(QStringLiteral("<a href=\"%1\">%2</a>").arg(escaped(topic.key()), escaped(other->title())));
    }
    addSection(QStringLiteral("Related"), others.join(QStringLiteral(" \u00b7 ")));
}

QString ReferenceDetail::linkTo(const QString &text, const QString &label) const
{
    const QString shown = escaped(label.isEmpty() ? text : label);
    const ReferenceTopic topic = ReferenceTopic::resolve(*m_reference, text);
    // A header named in the data but missing from the reference stays plain text rather than a dead link.
    if (!topic.isValid() || (topic.kind == ReferenceTopic::Status && !m_reference->findStatus(topic.code)))
        return shown;
    return QStringLiteral("<a href=\"%1\">%2</a>").arg(escaped(topic.key()), shown);
}

void ReferenceDetail::onLink(const QString &link)
{
    if (link.startsWith(QLatin1String("ref:"))) {
        Q_EMIT topicLinkActivated(link);
        return;
    }
    const QUrl url(link);
    if (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"))
        QDesktopServices::openUrl(url);
}

} // namespace CacheScope
