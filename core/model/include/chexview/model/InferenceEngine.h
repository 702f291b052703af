#pragma once

#include "chexview/model/ModelManifest.h"
#include "chexview/model/Preprocessor.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace chexview {

/// One model output for one input: 14 probabilities and 14 CAMs [14, camHeight, camWidth].
struct Prediction
{
    std::vector<float> probabilities;
    std::vector<float> cams;
    int camHeight = 0;
    int camWidth = 0;
};

/// A model package loaded once, immutable afterwards (whisper.cpp-style engine boundary: no
/// torch type crosses this header).
/// Engines: "libtorch" (in-process plugin: "cpu", and "cuda" when the LibTorch build and machine
/// have it; precisions fp32, fp32-opt = freeze + optimize_for_inference, int8 = oneDNN) and
/// "worker" (core/pytorch/chexview_pytorch/worker.py in the user's Python, see PROTOCOL.md there: "cpu",
/// "cuda", "hpu" as that PyTorch reports them; fp32, fp32-opt, and fp16/bf16 autocast on cuda,
/// bf16 on hpu). Asking for an unavailable device is an EngineError, never a silent fallback.
/// Thread contract: load() may run on any thread; run() may be called from any thread, calls
/// are serialized internally and each enters c10::InferenceMode on its own thread. A worker
/// process belongs to the thread that last ran it: running from a new thread restarts it, so
/// load and run on one thread (as AnalysisController and the CLI do), and destroy the engine
/// there too.
class InferenceEngine
{
public:
    struct Options
    {
        QString device = QStringLiteral("cpu");
        /// Empty: defaultPrecision(engine, device), resolved by load() (options() has it).
        QString precision = QStringLiteral("fp32-opt");
        int threads = 0;                             ///< 0: all cores
        QString engine = QStringLiteral("libtorch"); ///< "libtorch" or "worker"
        /// The worker's interpreter; empty: $CHEXVIEW_PYTHON, else /usr/bin/python3.
        QString python;
        QString workerScript;    ///< empty: the worker.py shipped with chexview
        int workerTimeoutMs = 0; ///< 0: generous defaults per step (start, load, run)
        bool compile = false;    ///< worker on cuda: torch.compile (torch >= 2), opt-in
    };

    static std::shared_ptr<const InferenceEngine> load(const ModelManifest& manifest,
                                                       const Options& options);
    /// Devices the LibTorch engine can run, e.g. {"cpu"} or {"cpu","cuda"}.
    static QStringList availableDevices();
    /// Why a device is unavailable to the LibTorch engine (empty when it is available).
    static QString unavailableReason(const QString& device);
    /// Why a device is unavailable to `options.engine` (empty when available). For the worker
    /// this starts `options.python` once (a few seconds; cached per interpreter): call it off
    /// the GUI thread.
    static QString unavailableReason(const QString& device, const Options& options);
    static QStringList engines() { return {QStringLiteral("libtorch"), QStringLiteral("worker")}; }
    /// Precisions of the LibTorch engine.
    static QStringList precisions()
    {
        return {QStringLiteral("fp32"), QStringLiteral("fp32-opt"), QStringLiteral("int8")};
    }
    static QStringList precisions(const QString& engine);
    /// What a command runs when no precision is asked for: int8 on the CPU in-process (the
    /// viewer's default), fp32-opt for the worker on the CPU (it has no INT8), bf16 for the
    /// worker on cuda/hpu, fp32-opt for in-process cuda.
    static QString defaultPrecision(const QString& engine, const QString& device);

    ~InferenceEngine();
    const ModelManifest& manifest() const;
    const Options& options() const;
    double loadMilliseconds() const;
    /// What runs the model: "LibTorch" or "worker, torch 1.13.1" (plus the device's name).
    QString description() const;
    /// Runs a batch. Throws EngineError(InferenceFailed) with torch's message on failure.
    std::vector<Prediction> run(const std::vector<ModelInput>& batch) const;

    struct Impl;

private:
    explicit InferenceEngine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

using InferenceEnginePtr = std::shared_ptr<const InferenceEngine>;

} // namespace chexview
