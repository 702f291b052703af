// PacsQueryDialog's Retrieve: C-GET, C-MOVE to our own storage SCP, or WADO-RS on a worker
// thread into the cache, images announced as they arrive.
#include "PacsRunning.h"
#include "chexview/error/Error.h"
#include "chexview/pacs/InstanceCache.h"
#include "chexview/pacs/PacsError.h"
#include "chexview/ui/pacs/PacsQueryDialog.h"

#include <QComboBox>
#include <QLabel>
#include <QPointer>
#include <QTableWidget>
#include <QtConcurrent>

namespace chexview {

void PacsQueryDialog::retrieveSelected()
{
    const QList<QTableWidgetItem*> selected = m_table->selectedItems();
    if (selected.isEmpty()) {
        m_status->setText(tr("Select a study first."));
        return;
    }
    const QString uid = selected.first()->data(Qt::UserRole).toString();
    PacsNode n;
    try {
        n = node();
    } catch (const PacsError& e) {
        fail(e.message());
        return;
    }
    if (!InstanceCache::isValidUid(uid))
        return fail(tr("the PACS gave a malformed Study Instance UID"));
    const QString folder = m_cacheDir + QLatin1Char('/') + uid;
    const bool move = !n.hasDicomWeb() && m_retrieveMethod->currentIndex() == 1;
    rememberSecret(n);
    setBusy(true);
    m_status->setText(tr("Retrieving study %1…").arg(uid));
    auto count = std::make_shared<std::atomic_int>(0);
    auto error = std::make_shared<QString>();
    m_watcher.disconnect(this);
    connect(&m_watcher, &QFutureWatcher<void>::finished, this, [this, folder, count, error] {
        setBusy(false);
        if (!error->isEmpty())
            fail(*error);
        else
            m_status->setText(tr("%1 image(s) retrieved into %2.").arg(count->load()).arg(folder));
        if (count->load() > 0) // what arrived is kept and shown, even after a failure
            Q_EMIT studyRetrieved(folder, count->load());
    });
    QPointer<PacsQueryDialog> self(this);
    PacsSession::Options o = PacsSession::defaultOptions(n);
    o.retrieval = move ? PacsSession::Retrieval::Move : PacsSession::Retrieval::Get;
    m_cancel = CancelToken();
    m_watcher.setFuture(
        QtConcurrent::run(pacsPool(), [session = PacsSession(n, o), token = m_cancel, uid, folder,
                                       count, error, self] {
            auto progress = [&](const CachedInstance&) {
                const int k = ++*count;
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, k] {
                        if (self)
                            self->m_status->setText(tr("%1 image(s) received…").arg(k));
                    },
                    Qt::QueuedConnection);
            };
            try {
                InstanceCache cache(folder);
                session.retrieveStudy(uid, cache, progress, token);
            } catch (const PacsError& e) {
                *error = failureText(e);
            } catch (const std::exception& e) {
                *error = describeFailure(e); // a full disk's bad_alloc, anything: reported
            }
        }));
}

} // namespace chexview
