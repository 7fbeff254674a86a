#pragma once

#include <memory>
#include <QObject>
#include <QString>

class QPalette;
class QTextDocument;

namespace CacheScope {

// Syntax highlighting for response bodies, when CacheScope is built with KSyntaxHighlighting
// (CACHESCOPE_HAVE_KSH); without it every call is a no-op and bodies stay plain text. The KSH types stay
// in the .cpp so that this header does not depend on the build flag.
class BodyHighlighter : public QObject
{
    Q_OBJECT
public:
    // Highlights `document`; the highlighter is a child of the document unless `parent` is given.
    explicit BodyHighlighter(QTextDocument *document, QObject *parent = nullptr);
    ~BodyHighlighter() override;

    static bool isAvailable();

    // Highlights another document from now on. The old document keeps its formats and a highlighter of its
    // own, a child deleted with it (on whichever thread deletes the document).
    void setDocument(QTextDocument *document);

    // Chooses the syntax definition for a MIME type ("application/json", "text/html"...); an empty or
    // unknown type turns highlighting off. Set it before the document's text so the text is highlighted once.
    void setMimeType(const QString &mimeType);
    // Chooses the syntax definition by its KSyntaxHighlighting name ("JavaScript", "Python", "Bash"), for
    // code whose language is known rather than served with a MIME type. Unknown names turn highlighting off.
    void setDefinitionName(const QString &name);
    // Picks the light or dark default theme from the lightness of the palette's base colour. The document is
    // highlighted again with it a few milliseconds per event-loop turn (see isRehighlighting()).
    void setPalette(const QPalette &palette);
    // True while a theme change is still being applied to the document.
    bool isRehighlighting() const;
    // The definition in use ("JSON"), empty when none.
    QString definitionName() const;

private:
    void rehighlightStep();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace CacheScope
