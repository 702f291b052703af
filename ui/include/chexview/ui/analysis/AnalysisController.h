#pragma once

#include "chexview/image/XrayImage.h"
#include "chexview/model/Analysis.h"
#include "chexview/model/InferenceEngine.h"

#include <QMap>
#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace chexview {

class AnalysisWorker;

/// Runs model loading and analysis on a dedicated worker thread (the engine is loaded once,
/// immutable; per-run state lives in the worker).
/// Thread contract: create and call from the GUI thread; signals arrive on the GUI thread.
/// cancel(): a running forward pass cannot be interrupted; its result, and every queued
/// request, is dropped and `cancelled` is emitted (nothing happens when nothing is pending).
/// Destroying the controller (closing the window mid-inference) cancels, then waits for the current
/// forward pass to end.
class AnalysisController : public QObject
{
    Q_OBJECT
public:
    /// Where the model is: never asked for, loading (a load is queued or running), ready (the
    /// last requested load finished and warmed up), failed (the last requested load failed).
    enum class ModelState
    {
        NotRequested,
        Loading,
        Ready,
        Failed
    };

    explicit AnalysisController(QObject* parent = nullptr);
    ~AnalysisController() override;

    /// Asks the worker which devices can run; answered by devicesChecked(). Loads LibTorch.
    void checkDevices();
    /// Asks the worker thread which devices the worker engine can run with `python` (starts
    /// the interpreter once, a few seconds); answered by workerDevicesChecked().
    void checkWorkerDevices(const QString& python);
    void loadModel(const QString& packageDir, const InferenceEngine::Options& options);
    /// Returns the request id.
    quint64 analyze(XrayImagePtr image, const QString& file, bool tta);
    void cancel();
    bool isBusy() const { return m_pending > 0; }
    bool hasModel() const { return m_state == ModelState::Ready; }
    ModelState modelState() const { return m_state; }
    const ModelManifest& manifest() const { return m_manifest; }
    InferenceEngine::Options options() const { return m_options; }

Q_SIGNALS:
    /// Devices this build cannot run, with the reason (checked once on the worker thread).
    void devicesChecked(const QMap<QString, QString>& unavailable);
    void workerDevicesChecked(const QString& python, const QMap<QString, QString>& unavailable);
    /// The model is loaded and has run once on a synthetic film (the warm-up: LibTorch's first
    /// run allocates and picks kernels), so the first real image runs at warm speed.
    void modelLoaded(const QString& name, bool trained, double loadMs, double warmUpMs);
    void modelFailed(const QString& message);
    void progress(quint64 id, const QString& stage);
    void finished(quint64 id, const chexview::AnalysisResult& result);
    void failed(quint64 id, const QString& message);
    void cancelled();

private:
    QThread m_thread;
    AnalysisWorker* m_worker;
    std::shared_ptr<std::atomic<quint64>> m_cancelBelow;
    quint64 m_nextId = 1;
    int m_pending = 0;
    ModelState m_state = ModelState::NotRequested;
    int m_loadsInFlight = 0; ///< a later load supersedes an earlier one still queued
    ModelManifest m_manifest;
    InferenceEngine::Options m_options;
};

} // namespace chexview
