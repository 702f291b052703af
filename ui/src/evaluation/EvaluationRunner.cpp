#include "chexview/ui/evaluation/EvaluationRunner.h"

#include "chexview/error/Error.h"

#include <QPointer>
#include <QThread>

namespace chexview {

EvaluationRunner::EvaluationRunner(QObject* parent) : QObject(parent) {}

EvaluationRunner::~EvaluationRunner()
{
    cancel();
    for (QThread* t : m_threads) {
        t->wait();
        delete t;
    }
}

bool EvaluationRunner::isRunning() const
{
    return !m_threads.isEmpty() && m_threads.last()->isRunning();
}

void EvaluationRunner::cancel()
{
    m_cancel.cancel();
}

void EvaluationRunner::reap()
{
    for (auto it = m_threads.begin(); it != m_threads.end();) {
        if ((*it)->isFinished()) {
            delete *it;
            it = m_threads.erase(it);
        } else {
            ++it;
        }
    }
}

void EvaluationRunner::start(const EvaluationRequest& request)
{
    cancel(); // a previous run stops after its batch, on its own thread; never joined here
    reap();
    const CancelToken token;
    m_cancel = token;
    QPointer<EvaluationRunner> self(this);
    // Results cross to the GUI thread as queued calls; a runner destroyed meanwhile joined the
    // thread first, so `self` is only read while it is alive.
    QThread* thread = QThread::create([request, token, self] {
        const auto report = [token, self](const EvaluationProgress& p) {
            if (token.isCancelled())
                return;
            QMetaObject::invokeMethod(
                self,
                [self, token, p] {
                    if (self && self->m_cancel.sameAs(token))
                        Q_EMIT self->progress(p.scoring.done, p.scoring.total,
                                              p.scoring.imagesPerSecond, p.stage);
                },
                Qt::QueuedConnection);
        };
        std::shared_ptr<const EvaluationOutcome> out;
        try {
            out = std::make_shared<const EvaluationOutcome>(
                EvaluationJob::run(request, report, token));
        } catch (const std::exception& e) { // bad_alloc of the outcome itself
            auto failed = std::make_shared<EvaluationOutcome>();
            failed->error = describeFailure(e);
            out = failed;
        }
        const bool wasCancelled = token.isCancelled() || out->cancelled;
        QMetaObject::invokeMethod(
            self,
            [self, out, wasCancelled, token] {
                if (!self || !self->m_cancel.sameAs(token))
                    return; // superseded by a newer run
                if (wasCancelled)
                    Q_EMIT self->cancelled();
                else
                    Q_EMIT self->finished(out);
            },
            Qt::QueuedConnection);
    });
    thread->setObjectName(QStringLiteral("chexview-evaluation"));
    m_threads << thread;
    thread->start();
}

} // namespace chexview
