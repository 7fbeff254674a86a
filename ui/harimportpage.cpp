#include "harimportpage.h"

#include "cache/validatorstore.h"
#include "client/revalidator.h"
#include "formatting.h"
#include "harimportmodel.h"

#include <algorithm>
#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace CacheScope {

namespace {

// Words in the method, URL, status or diagnosis, and one category.
class HarFilterProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setCategory(int category)
    {
        m_category = category;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const QModelIndex index = sourceModel()->index(row, 0, parent);
        if (m_category >= 0 && index.data(HarImportModel::CacheabilityRole).toInt() != m_category)
            return false;
        return QSortFilterProxyModel::filterAcceptsRow(row, parent);
    }

private:
    int m_category = -1;
};

QString resultText(const CachedExchange &result, bool validatorsFromStore)
{
    const Exchange &exchange = result.exchange;
    if (!exchange.hasResponse())
        return QStringLiteral("error: %1").arg(exchange.errorString);
    QStringList parts {
        QStringLiteral("%1 %2").arg(exchange.status).arg(QString::fromLatin1(exchange.reason)).trimmed(),
        validatorsFromStore ? QStringLiteral("validators from the store") : QStringLiteral("validators from the HAR")
    };
    if (!result.actionText.isEmpty())
        parts.append(result.actionText);
    if (exchange.bytes.saved > 0)
        parts.append(QStringLiteral("saved %1").arg(Display::bytes(exchange.bytes.saved)));
    return parts.join(QStringLiteral(" \u00b7 "));
}

} // namespace

HarImportPage::HarImportPage(QWidget *parent)
    : QWidget(parent)
    , m_model(new HarImportModel(this))
    , m_proxy(new HarFilterProxy(this))
    , m_title(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_filter(new QLineEdit(this))
    , m_category(new QComboBox(this))
    , m_table(new QTableView(this))
    , m_details(new QPlainTextEdit(this))
    , m_open(new QPushButton(QStringLiteral("Open in Composer"), this))
    , m_revalidate(new QPushButton(QStringLiteral("Revalidate Now"), this))
    , m_watch(new QPushButton(QStringLiteral("Watch\u2026"), this))
{
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextFormat(Qt::PlainText);
    m_summary->setObjectName(QStringLiteral("harSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_filter->setObjectName(QStringLiteral("harFilter"));
    m_filter->setPlaceholderText(QStringLiteral("Filter by method, URL, status or diagnosis"));
    m_filter->setClearButtonEnabled(true);
    m_category->setObjectName(QStringLiteral("harCategory"));
    m_category->addItem(QStringLiteral("All entries"), -1);
    for (HarCacheability category : { HarCacheability::Revalidatable, HarCacheability::NoValidator,
             HarCacheability::NoStore, HarCacheability::NotApplicable })
        m_category->addItem(HarImportModel::cacheabilityText(category), int(category));
    m_open->setObjectName(QStringLiteral("harOpen"));
    m_revalidate->setObjectName(QStringLiteral("harRevalidate"));
    m_watch->setObjectName(QStringLiteral("harWatch"));

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(HarImportModel::SortRole);
    m_proxy->setFilterRole(HarImportModel::FilterRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table->setObjectName(QStringLiteral("harTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(HarImportModel::IndexColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_details->setObjectName(QStringLiteral("harDetails"));
    m_details->setReadOnly(true);
    m_details->setPlaceholderText(QStringLiteral("Select an entry to read its diagnosis"));

    auto *top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_open);
    top->addWidget(m_revalidate);
    top->addWidget(m_watch);
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_filter, 1);
    filters->addWidget(m_category);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);

    connect(m_filter, &QLineEdit::textChanged, this,
        [this](const QString &text) { setFilter(text, m_category->currentData().toInt()); });
    connect(m_category, &QComboBox::currentIndexChanged, this,
        [this] { setFilter(m_filter->text(), m_category->currentData().toInt()); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        updateDetails();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &HarImportPage::updateDetails);
    connect(m_table, &QTableView::activated, this, &HarImportPage::openSelected);
    connect(m_open, &QPushButton::clicked, this, &HarImportPage::openSelected);
    connect(m_revalidate, &QPushButton::clicked, this, &HarImportPage::revalidateSelected);
    connect(m_watch, &QPushButton::clicked, this, &HarImportPage::watchSelected);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &HarImportPage::updateDetails);
    m_title->setText(QStringLiteral("No HAR file imported"));
    updateActions();
}

HarImportPage::~HarImportPage()
{
    // A job still running would report to a page that is gone.
    for (const QPointer<RevalidationJob> &job : std::as_const(m_jobs)) {
        if (job) {
            job->disconnect(this);
            job->cancel();
        }
    }
}

void HarImportPage::setRevalidatorSource(std::function<Revalidator *()> source)
{
    m_revalidatorSource = std::move(source);
    updateActions();
}

bool HarImportPage::isStored(const QUrl &url) const
{
    Revalidator *sender = revalidator();
    ValidatorStore *store = sender ? sender->store() : nullptr;
    return store && !store->variants("GET", url, StoredBody::Omit).isEmpty();
}

bool HarImportPage::loadFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("Cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    return loadJson(file.readAll(), QFileInfo(path).fileName(), error);
}

bool HarImportPage::loadJson(const QByteArray &json, const QString &source, QString *error)
{
    QString problem;
    if (!m_model->load(json, &problem)) {
        *error = QStringLiteral("%1 is not a usable HAR file: %2").arg(source, problem);
        return false;
    }
    m_source = source;
    m_title->setText(QStringLiteral("%1 \u00b7 %2 entries").arg(source).arg(m_model->rowCount()));
    QString summary = m_model->summaryText();
    if (!m_model->warnings().isEmpty())
        summary
            += QStringLiteral("\n%1 warning(s): %2").arg(m_model->warnings().size()).arg(m_model->warnings().first());
    m_summary->setText(summary);
    // Long validators and freshness texts are elided; the whole diagnosis is in the tooltip and below.
    for (int column = 0; column < HarImportModel::ResultColumn; ++column) {
        m_table->resizeColumnToContents(column);
        const int limit = column == HarImportModel::UrlColumn ? 420 : 240;
        m_table->setColumnWidth(column, qMin(limit, m_table->columnWidth(column)));
    }
    updateActions();
    updateDetails();
    return true;
}

QList<int> HarImportPage::selectedRows() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(m_proxy->mapToSource(index).row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

void HarImportPage::selectRows(const QList<int> &rows)
{
    QItemSelection selection;
    for (int row : rows) {
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        if (index.isValid())
            selection.select(index, index);
    }
    m_table->selectionModel()->select(
        selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows | QItemSelectionModel::Current);
    if (!selection.isEmpty())
        m_table->selectionModel()->setCurrentIndex(selection.first().topLeft(), QItemSelectionModel::NoUpdate);
}

void HarImportPage::setFilter(const QString &text, int category)
{
    if (m_filter->text() != text)
        m_filter->setText(text); // comes back here through textChanged
    const int at = m_category->findData(category);
    if (at >= 0 && at != m_category->currentIndex())
        m_category->setCurrentIndex(at);
    static_cast<HarFilterProxy *>(m_proxy)->setCategory(category);
    m_proxy->setFilterFixedString(text.trimmed());
}

void HarImportPage::updateActions()
{
    const QList<int> rows = selectedRows();
    m_open->setEnabled(rows.size() == 1);
    m_revalidate->setEnabled(!rows.isEmpty() && revalidator());
    m_watch->setEnabled(!rows.isEmpty());
    m_revalidate->setToolTip(revalidator()
            ? QStringLiteral("Send a conditional GET for each selected entry now, through the validator store (its "
                             "validators, else the HAR's)")
            : QStringLiteral("Revalidating needs the validator store, which is not open"));
}

void HarImportPage::updateDetails()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    m_details->setPlainText(current.isValid() ? m_model->describe(m_proxy->mapToSource(current).row()) : QString());
}

void HarImportPage::openSelected()
{
    const QList<int> rows = selectedRows();
    if (rows.isEmpty())
        return;
    QStringList notes;
    const Request request = m_model->entry(rows.first()).toRequest(&notes);
    Q_EMIT openRequested(request);
    if (!notes.isEmpty())
        Q_EMIT statusMessage(notes.join(QStringLiteral("; ")));
}

void HarImportPage::watchSelected()
{
    QList<QUrl> urls;
    QStringList skipped;
    for (int row : selectedRows()) {
        const HarEntry &entry = m_model->entry(row);
        const QString scheme = entry.url.scheme().toLower();
        if (entry.method != "GET" || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
            skipped.append(entry.url.toDisplayString());
            continue;
        }
        if (!urls.contains(entry.url))
            urls.append(entry.url);
    }
    if (!skipped.isEmpty())
        Q_EMIT statusMessage(QStringLiteral("Not watched (watching sends GET to http/https URLs): %1")
                                 .arg(skipped.join(QStringLiteral(", "))));
    if (!urls.isEmpty())
        Q_EMIT watchRequested(urls);
}

void HarImportPage::revalidateSelected()
{
    const int sent = revalidateRows(selectedRows());
    Q_EMIT statusMessage(QStringLiteral("Revalidating %1 entr%2")
                             .arg(sent)
                             .arg(sent == 1 ? QStringLiteral("y") : QStringLiteral("ies")));
}

Request HarImportPage::revalidationRequest(int row, bool stored) const
{
    // The store's validators when it has the URL (the Revalidator adds them), else the ones the HAR shows.
    const HarEntry &entry = m_model->entry(row);
    Request request = entry.toRequest();
    if (!stored) {
        const HarCachingVerdict &verdict = m_model->verdict(row);
        request.headers.remove("If-None-Match");
        request.headers.remove("If-Modified-Since");
        if (!verdict.etag.isEmpty())
            request.headers.append("If-None-Match", verdict.etag);
        if (!verdict.lastModified.isEmpty())
            request.headers.append("If-Modified-Since", verdict.lastModified);
    }
    return request;
}

int HarImportPage::revalidateRows(const QList<int> &rows)
{
    Revalidator *sender = revalidator();
    if (!sender)
        return 0;
    int sent = 0;
    for (int row : rows) {
        if (row < 0 || row >= m_model->rowCount())
            continue;
        const HarEntry &entry = m_model->entry(row);
        if (entry.method != "GET") {
            m_model->setResult(row, QStringLiteral("not sent: only GET responses are revalidated"));
            continue;
        }
        const bool fromStore = isStored(entry.url);
        const Request request = revalidationRequest(row, fromStore);
        if (const QString problem = request.validate(); !problem.isEmpty()) {
            m_model->setResult(row, QStringLiteral("not sent: %1").arg(problem));
            continue;
        }
        m_model->setResult(row, QStringLiteral("sending\u2026"));
        RevalidationJob *job = sender->send(request);
        m_jobs.append(job);
        connect(job, &RevalidationJob::finished, this, [this, row, job, fromStore](const CachedExchange &result) {
            job->deleteLater();
            m_jobs.removeAll(job);
            m_model->setResult(row, resultText(result, fromStore));
            if (m_jobs.isEmpty())
                Q_EMIT revalidationsFinished();
        });
        ++sent;
    }
    if (sent == 0)
        Q_EMIT revalidationsFinished();
    return sent;
}

} // namespace CacheScope
