#pragma once

#include "EngineBackend.h"
#include "WorkerProcess.h"

#include <QMap>

namespace chexview {

/// The "worker" engine: CheXNet in a separate Python process (core/pytorch/chexview_pytorch/worker.py) that
/// runs the user's own PyTorch on cpu, cuda or hpu, rebuilt from the package's float weights.
/// Thread contract: called under InferenceEngine's mutex. The process belongs to the thread
/// that started it; a run() from another thread starts a fresh worker on that thread (and
/// reloads the model). A crash, hang or protocol error throws EngineError(WorkerFailed) and
/// stops the process; the next run() starts a fresh one. Never falls back to the CPU.
class WorkerBackend : public EngineBackend
{
public:
    /// Starts the worker, checks the device it reports and loads the model.
    /// Throws EngineError (DeviceUnavailable, BadPackage, LoadFailed, WorkerFailed).
    static std::unique_ptr<WorkerBackend> create(const ModelManifest& manifest,
                                                 const InferenceEngine::Options& options);
    /// Device -> why the worker cannot run it ("" when it can), from the worker's hello. One
    /// probe per interpreter and script per process (cached).
    static QMap<QString, QString> probe(const InferenceEngine::Options& options);
    static QString pythonFor(const InferenceEngine::Options& options);
    static QString scriptFor(const InferenceEngine::Options& options);

    /// Throws EngineError instead of returning false (this backend is not behind a plugin).
    bool run(const std::vector<ModelInput>& batch, std::vector<Prediction>& out,
             QString& error) override;
    int threads() const override { return m_threads; }
    QString description() const override;
    qint64 processId() const { return m_process.processId(); }

private:
    WorkerBackend(const ModelManifest& manifest, const InferenceEngine::Options& options);
    void startAndLoad();
    int timeout(int defaultMs) const;

    ModelManifest m_manifest;
    InferenceEngine::Options m_options;
    int m_threads = 1;
    WorkerProcess m_process;
    WorkerProtocol::Hello m_hello;
    WorkerProtocol::Ready m_ready;
};

} // namespace chexview
