#pragma once

#include "chexview/model/InferenceEngine.h"

#include <QString>

namespace chexview {

/// What a compute backend plugin provides (the torch one: libchexview_torch.so). Errors come
/// back as values: no exception crosses the plugin boundary.
class EngineBackend
{
public:
    virtual ~EngineBackend() = default;
    /// False with `error` set on failure.
    virtual bool run(const std::vector<ModelInput>& batch, std::vector<Prediction>& out,
                     QString& error) = 0;
    virtual int threads() const = 0;
    /// What ran, for the user: "LibTorch", "worker, torch 2.4.0, cuda:0 NVIDIA H100".
    virtual QString description() const = 0;
};

/// C entry points exported by a backend plugin.
extern "C" {
using CreateBackendFn = EngineBackend* (*)(const ModelManifest& manifest,
                                           const InferenceEngine::Options& options, int* errorCode,
                                           QString* errorMessage);
using UnavailableReasonFn = QString (*)(Device device);
}

} // namespace chexview
