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
/// Devices: "cpu"; "cuda" when the LibTorch build and machine have it; "hpu" is served by a
/// separate worker process (not available in this build) — asking for an unavailable device is
/// an EngineError, never a silent fallback. Precisions: "fp32", "fp32-opt" (freeze +
/// optimize_for_inference at load), "int8" (oneDNN).
/// Thread contract: load() may run on any thread; run() may be called from any thread, calls
/// are serialized internally and each enters c10::InferenceMode on its own thread.
class InferenceEngine
{
public:
    struct Options
    {
        QString device = QStringLiteral("cpu");
        QString precision = QStringLiteral("fp32-opt");
        int threads = 0; ///< 0: all cores
    };

    static std::shared_ptr<const InferenceEngine> load(const ModelManifest& manifest,
                                                       const Options& options);
    /// Devices this build can run, e.g. {"cpu"} or {"cpu","cuda"}.
    static QStringList availableDevices();
    /// Why a device is unavailable (empty when it is available).
    static QString unavailableReason(const QString& device);
    static QStringList precisions()
    {
        return {QStringLiteral("fp32"), QStringLiteral("fp32-opt"), QStringLiteral("int8")};
    }

    ~InferenceEngine();
    const ModelManifest& manifest() const;
    const Options& options() const;
    double loadMilliseconds() const;
    /// Runs a batch. Throws EngineError(InferenceFailed) with torch's message on failure.
    std::vector<Prediction> run(const std::vector<ModelInput>& batch) const;

    struct Impl;

private:
    explicit InferenceEngine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

using InferenceEnginePtr = std::shared_ptr<const InferenceEngine>;

} // namespace chexview
