#pragma once

#include "chexview/model/InferenceEngine.h"

#include <QStringList>

namespace chexview {

/// Shared by `predict` and `bench`: consumes `--model DIR`, `--precision P`, `--device D` or
/// `--threads N` at args[i] (advancing i past the value) and returns true; false otherwise.
bool parseEngineOptions(const QStringList& args, int& i, QString& model,
                        InferenceEngine::Options& opt);

} // namespace chexview
