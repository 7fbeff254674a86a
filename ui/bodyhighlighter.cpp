#include "bodyhighlighter.h"

#include <QElapsedTimer>
#include <QPalette>
#include <QTextBlock>
#include <QTextDocument>
#include <QTimer>

#ifdef CACHESCOPE_HAVE_KSH
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#endif

namespace CacheScope {

#ifdef CACHESCOPE_HAVE_KSH
namespace {

// One repository per process, as in GammaRay's code editor: loading it parses hundreds of syntax
// definitions, and it is read-only afterwards, so every body view shares it. Created on first use so
// builds and tests that never show a body do not pay for it.
KSyntaxHighlighting::Repository &repository()
{
    static KSyntaxHighlighting::Repository instance;
    return instance;
}

KSyntaxHighlighting::Definition definitionFor(const QString &mimeType)
{
    if (mimeType.isEmpty())
        return {};
    auto &repo = repository();
    QString type = mimeType;
    // Structured syntax suffixes (RFC 6839): application/problem+json is JSON.
    if (type.endsWith(QLatin1String("+json")))
        type = QStringLiteral("application/json");
    else if (type.endsWith(QLatin1String("+xml")))
        type = QStringLiteral("application/xml");
    else if (type == QLatin1String("text/json"))
        type = QStringLiteral("application/json");
    KSyntaxHighlighting::Definition definition = repo.definitionForMimeType(type);
    if (!definition.isValid() && type == QLatin1String("application/javascript"))
        definition = repo.definitionForName(QStringLiteral("JavaScript"));
    return definition;
}

} // namespace

namespace {

// A theme change re-highlights the document this long per event-loop turn, so the window keeps reacting.
constexpr int RehighlightStepMs = 8;

} // namespace

struct BodyHighlighter::Private
{
    KSyntaxHighlighting::SyntaxHighlighter *highlighter = nullptr;
    QTimer *steps = nullptr;
    int nextBlock = -1; // the block the stepped re-highlight goes on from; -1 when none runs
};

BodyHighlighter::BodyHighlighter(QTextDocument *document, QObject *parent)
    : QObject(parent ? parent : document)
    , d(std::make_unique<Private>())
{
    // A child of this object, not of the document: the document may be swapped and deleted.
    d->highlighter = new KSyntaxHighlighting::SyntaxHighlighter(static_cast<QObject *>(this));
    d->highlighter->setDocument(document);
    d->steps = new QTimer(this);
    d->steps->setSingleShot(true);
    d->steps->setInterval(0);
    connect(d->steps, &QTimer::timeout, this, &BodyHighlighter::rehighlightStep);
}

bool BodyHighlighter::isRehighlighting() const
{
    return d->nextBlock >= 0;
}

void BodyHighlighter::rehighlightStep()
{
    QTextDocument *document = d->highlighter->document();
    QTextBlock block = document ? document->findBlockByNumber(d->nextBlock) : QTextBlock();
    QElapsedTimer clock;
    clock.start();
    // Each block is highlighted again with the state the previous one left; rehighlightBlock() goes on to the
    // next blocks only when that state changed, which a theme change never does.
    while (block.isValid() && clock.elapsed() < RehighlightStepMs) {
        d->highlighter->rehighlightBlock(block);
        block = block.next();
    }
    if (!block.isValid()) {
        d->nextBlock = -1;
        return;
    }
    d->nextBlock = block.blockNumber();
    d->steps->start();
}

BodyHighlighter::~BodyHighlighter() = default;

bool BodyHighlighter::isAvailable()
{
    return true;
}

void BodyHighlighter::setDocument(QTextDocument *document)
{
    // QSyntaxHighlighter::setDocument() clears the formats of every block of the document it leaves, on this
    // thread. The old document keeps the old highlighter instead (its child, deleted with it) and a new one
    // with the same definition and theme takes the new document.
    d->steps->stop();
    d->nextBlock = -1;
    KSyntaxHighlighting::SyntaxHighlighter *old = d->highlighter;
    auto *fresh = new KSyntaxHighlighting::SyntaxHighlighter(static_cast<QObject *>(this));
    fresh->setTheme(old->theme());
    fresh->setDefinition(old->definition());
    fresh->setDocument(document);
    if (QTextDocument *previous = old->document())
        old->setParent(previous);
    else
        delete old;
    d->highlighter = fresh;
}

void BodyHighlighter::setMimeType(const QString &mimeType)
{
    const KSyntaxHighlighting::Definition definition = definitionFor(mimeType);
    if (definition == d->highlighter->definition())
        return;
    d->highlighter->setDefinition(definition);
}

void BodyHighlighter::setDefinitionName(const QString &name)
{
    const KSyntaxHighlighting::Definition definition = repository().definitionForName(name);
    if (definition == d->highlighter->definition())
        return;
    d->highlighter->setDefinition(definition);
}

void BodyHighlighter::setPalette(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    const auto theme = repository().defaultTheme(
        dark ? KSyntaxHighlighting::Repository::DarkTheme : KSyntaxHighlighting::Repository::LightTheme);
    if (theme.name() == d->highlighter->theme().name())
        return;
    d->highlighter->setTheme(theme);
    // rehighlight() would do the whole document (up to the highlighting limit, a megabyte) in one go.
    d->nextBlock = 0;
    d->steps->start();
}

QString BodyHighlighter::definitionName() const
{
    const KSyntaxHighlighting::Definition definition = d->highlighter->definition();
    return definition.isValid() ? definition.name() : QString();
}

#else

struct BodyHighlighter::Private
{
};

BodyHighlighter::BodyHighlighter(QTextDocument *document, QObject *parent)
    : QObject(parent ? parent : document)
{ }

BodyHighlighter::~BodyHighlighter() = default;

bool BodyHighlighter::isAvailable()
{
    return false;
}

void BodyHighlighter::setDocument(QTextDocument *) { }

void BodyHighlighter::setMimeType(const QString &) { }

void BodyHighlighter::setDefinitionName(const QString &) { }

void BodyHighlighter::setPalette(const QPalette &) { }

bool BodyHighlighter::isRehighlighting() const
{
    return false;
}

void BodyHighlighter::rehighlightStep() { }

QString BodyHighlighter::definitionName() const
{
    return {};
}

#endif

} // namespace CacheScope
