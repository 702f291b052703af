#pragma once

#include "chexview/model/ClassActivationMaps.h"
#include "chexview/model/ModelManifest.h"
#include "chexview/model/ModelVocabulary.h"
#include "chexview/model/Preprocessor.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace chexview {

/// One model output for one input: 14 probabilities and 14 CAMs (their geometry is the
/// input's, set by Analyzer).
struct Prediction
{
    std::vector<float> probabilities;
    ClassActivationMaps cams;
};

/// A model package loaded once, immutable afterwards (whisper.cpp-style engine boundary: no
/// torch type crosses this header).
/// Engines: "libtorch" (in-process plugin: "cpu", and "cuda" when the LibTorch build and machine
/// have it; precisions fp32, fp32-opt = freeze + optimize_for_inference, int8 = oneDNN) and
/// "worker" (core/pytorch/chexview_pytorch/worker.py in the user's Python, see PROTOCOL.md there:
/// "cpu", "cuda", "hpu" as that PyTorch reports them; fp32, fp32-opt, and fp16/bf16 autocast on
/// cuda, bf16 on hpu). Asking for an unavailable device is an EngineError, never a silent fallback.
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
        Device device = Device::Cpu;
        /// Empty: defaultPrecision(engine, device), resolved by load(); options() and
        /// precision() of a loaded engine always have it.
        std::optional<Precision> precision;
        int threads = 0; ///< 0: all cores
        Engine engine = Engine::LibTorch;
        /// The worker's interpreter; empty: $CHEXVIEW_PYTHON, else /usr/bin/python3.
        QString python;
        QString workerScript;    ///< empty: the worker.py shipped with chexview
        int workerTimeoutMs = 0; ///< 0: generous defaults per step (start, load, run)
        bool compile = false;    ///< worker on cuda: torch.compile (torch >= 2), opt-in
    };

    static std::shared_ptr<const InferenceEngine> load(const ModelManifest& manifest,
                                                       const Options& options);
    /// Devices the LibTorch engine can run, e.g. {Cpu} or {Cpu, Cuda}.
    static QList<Device> availableDevices();
    /// Why a device is unavailable to the LibTorch engine (empty when it is available).
    static QString unavailableReason(Device device);
    /// Why a device is unavailable to `options.engine` (empty when available). For the worker
    /// this starts `options.python` once (a few seconds; cached per interpreter): call it off
    /// the GUI thread.
    static QString unavailableReason(Device device, const Options& options);

    ~InferenceEngine();
    const ModelManifest& manifest() const;
    /// The options it runs with: precision resolved, threads as set.
    const Options& options() const;
    Precision precision() const { return *options().precision; }
    Device device() const { return options().device; }
    Engine engine() const { return options().engine; }
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
