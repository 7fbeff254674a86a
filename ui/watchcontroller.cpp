#include "watchcontroller.h"

#include "client/storereader.h"
#include "client/timelinestore.h"
#include "client/watchsession.h"
#include "watchdialog.h"
#include "watchlistmodel.h"

#include <QAction>
#include <QMessageBox>
#include <QTimer>
#include <QWidget>

namespace CacheScope {

WatchController::WatchController(WatchListModel *list, QWidget *window, std::function<QString()> currentUrl)
    : QObject(window)
    , m_list(list)
    , m_window(window)
    , m_currentUrl(std::move(currentUrl))
    , m_watchAction(new QAction(QStringLiteral("&Watch\u2026"), window))
    , m_pauseAllAction(new QAction(QStringLiteral("&Pause All Watches"), window))
    , m_resumeAllAction(new QAction(QStringLiteral("Res&ume All Watches"), window))
{
    m_watchAction->setObjectName(QStringLiteral("watch"));
    m_watchAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    m_pauseAllAction->setObjectName(QStringLiteral("pauseAll"));
    m_resumeAllAction->setObjectName(QStringLiteral("resumeAll"));
    connect(m_watchAction, &QAction::triggered, this, &WatchController::openDialog);
    connect(m_pauseAllAction, &QAction::triggered, this, [this] { setAllPaused(true); });
    connect(m_resumeAllAction, &QAction::triggered, this, [this] { setAllPaused(false); });
    updateActions();
}

WatchController::~WatchController() = default;

void WatchController::setServices(Revalidator *revalidator, TimelineStore *timeline)
{
    m_session.reset();
    m_reader.reset();
    m_summaryRequests.clear();
    m_list->clear();
    m_timeline = revalidator ? timeline : nullptr;
    if (revalidator && timeline) {
        if (const QString path = timeline->databasePath(); !path.isEmpty()) {
            m_reader = std::make_unique<StoreReader>(path);
            connect(m_reader.get(), &StoreReader::summariesRead, this, &WatchController::applySummaries);
        }
        m_session = std::make_unique<WatchSession>(revalidator, timeline);
        connect(m_session.get(), &WatchSession::eventRecorded, m_list,
            [this](const TimelineEvent &event) { m_list->addEvent(event); });
        connect(m_session.get(), &WatchSession::statusChanged, m_list, &WatchListModel::setStatus);
        connect(m_session.get(), &WatchSession::storeError, this, [this](const QString &message) {
            Q_EMIT statusMessage(QStringLiteral("The timeline could not be written: %1").arg(message), 0);
        });
        // Reading every watched URL's totals can take a while with hundreds of them: after the first paint.
        QTimer::singleShot(0, this, &WatchController::restoreWatchedItems);
        m_session->start();
    }
    updateActions();
}

void WatchController::restoreWatchedItems()
{
    if (!m_session || !m_timeline)
        return;
    QStringList problems;
    const QList<WatchedItemRecord> records = m_timeline->watchedItems(&problems);
    QList<std::pair<qint64, QUrl>> restored;
    for (const WatchedItemRecord &record : records) {
        if (m_list->rowOf(record.item.id) >= 0)
            continue;
        // Nothing goes on the network on its own after a restart: watches come back paused.
        WatchItem item = record.item;
        item.paused = true;
        if (!m_session->addItem(item, 0, false)) {
            problems.append(item.url.toDisplayString());
            continue;
        }
        restored.append({ item.id, item.url });
    }
    listItems(restored);
    if (!problems.isEmpty())
        Q_EMIT statusMessage(
            QStringLiteral("Some watched URLs could not be restored: %1").arg(problems.join(QStringLiteral(", "))), 0);
    updateActions();
}

int WatchController::watchUrls(const WatchRequest &request, QStringList *errors)
{
    if (!m_session) {
        if (errors)
            errors->append(QStringLiteral("watching needs the validator store, which is not open"));
        return 0;
    }
    QList<std::pair<qint64, QUrl>> added;
    for (const QUrl &url : request.urls) {
        QString error;
        const qint64 id = m_session->watch(url, request.mode, request.intervalMs, request.count, &error);
        if (id == 0) {
            if (errors)
                errors->append(QStringLiteral("%1: %2").arg(url.toDisplayString(), error));
            continue;
        }
        added.append({ id, url });
    }
    listItems(added);
    if (!added.isEmpty())
        Q_EMIT itemsAdded();
    updateActions();
    return int(added.size());
}

void WatchController::listItems(const QList<std::pair<qint64, QUrl>> &items)
{
    if (items.isEmpty())
        return;
    QList<QUrl> urls;
    QList<qint64> ids;
    for (const auto &[id, url] : items) {
        if (m_reader) {
            m_list->addItemReading(id, url);
            urls.append(url);
            ids.append(id);
        } else {
            m_list->addItem(id, url, m_timeline->totals(url).value_or(TimelineTotals()), m_timeline->lastEvent(url));
        }
        m_list->setStatus(m_session->status(id));
    }
    if (m_reader)
        m_summaryRequests.insert(m_reader->readSummaries(urls), ids);
}

void WatchController::applySummaries(const StoreSummariesAnswer &answer)
{
    const QList<qint64> ids = m_summaryRequests.take(answer.request);
    for (int i = 0; i < ids.size(); ++i) {
        if (answer.error.isEmpty() && i < answer.summaries.size())
            m_list->setStoredTotals(ids.at(i), answer.summaries.at(i));
        else
            m_list->setStoredTotals(ids.at(i), std::nullopt, answer.error);
    }
    if (!answer.error.isEmpty())
        Q_EMIT statusMessage(
            QStringLiteral("The watched URLs' stored totals could not be read: %1").arg(answer.error), 0);
}

void WatchController::openDialog()
{
    if (!m_session)
        return;
    WatchDialog dialog(m_window);
    if (const QString url = m_currentUrl ? m_currentUrl() : QString(); !url.isEmpty())
        dialog.setUrlsText(url);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const std::optional<WatchRequest> watch = dialog.watchRequest();
    if (!watch)
        return;
    QStringList errors;
    const int added = watchUrls(*watch, &errors);
    if (!errors.isEmpty())
        QMessageBox::warning(
            m_window, QStringLiteral("Watch"), QStringLiteral("Not watched:\n%1").arg(errors.join(QLatin1Char('\n'))));
    Q_EMIT statusMessage(QStringLiteral("Watching %1 more URL(s)").arg(added), 5000);
}

void WatchController::setAllPaused(bool paused)
{
    if (!m_session)
        return;
    m_session->setAllPaused(paused);
    // Resume all also resumes the items paused one by one (and those restored paused).
    if (!paused) {
        for (const qint64 id : m_session->ids())
            setPaused(id, false);
    }
}

void WatchController::setPaused(qint64 id, bool paused)
{
    if (!m_session)
        return;
    if (m_session->setPaused(id, paused))
        return;
    // An item that reached its count left the schedule: resuming starts it again, without a count.
    if (!paused && m_session->ids().contains(id)) {
        const std::optional<WatchedItemRecord> record = m_timeline->watchedItem(m_session->item(id).url);
        if (!record)
            return;
        m_session->remove(id);
        WatchItem item = record->item;
        item.paused = false;
        m_session->addItem(item, 0, true);
    }
}

void WatchController::revalidateNow(qint64 id)
{
    if (m_session)
        m_session->revalidateNow(id);
}

void WatchController::remove(qint64 id)
{
    if (m_session)
        m_session->remove(id, true);
    m_list->removeItem(id);
    updateActions();
}

void WatchController::updateActions()
{
    const bool store = m_session != nullptr;
    m_watchAction->setEnabled(store);
    m_watchAction->setToolTip(store ? QStringLiteral("Revalidate URLs every N seconds or when stale")
                                    : QStringLiteral("Watching needs the validator store, which is not open"));
    const bool any = m_list->rowCount() > 0;
    m_pauseAllAction->setEnabled(store && any);
    m_resumeAllAction->setEnabled(store && any);
}

} // namespace CacheScope
