#pragma once

#include "chexview/workflow/CancelToken.h"
#include "chexview/workflow/EvaluationJob.h"

#include <QObject>
#include <QString>

#include <QList>

#include <memory>

class QThread;

namespace chexview {

/// The Evaluation tab's adapter to EvaluationJob (the same job `chexview-cli evaluate` runs):
/// each start() runs the job on a thread of its own; progress and the outcome come back as
/// queued signals. Thread contract: create, start and cancel on the GUI thread; signals arrive
/// there. start() never waits: a previous run is cancelled and left to finish on its own thread
/// (its outcome is dropped). cancel() stops after the current batch; destroying the runner
/// cancels and joins every run it started.
class EvaluationRunner : public QObject
{
    Q_OBJECT
public:
    explicit EvaluationRunner(QObject* parent = nullptr);
    ~EvaluationRunner() override;

    void start(const EvaluationRequest& request);
    void cancel();
    bool isRunning() const;

Q_SIGNALS:
    void progress(int done, int total, double imagesPerSecond, const QString& stage);
    void finished(std::shared_ptr<const chexview::EvaluationOutcome> outcome);
    void cancelled();

private:
    void reap();
    QList<QThread*> m_threads; ///< the current run last; earlier ones finish cancelled
    CancelToken m_cancel;
};

} // namespace chexview
