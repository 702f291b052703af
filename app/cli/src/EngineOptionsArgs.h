#pragma once

#include "chexview/model/InferenceEngine.h"

#include <QStringList>

namespace chexview {

/// The precision `predict` and `report` use without `--precision`, the same as the viewer's.
constexpr char kDefaultPrecision[] = "int8";

/// Shared by `predict` and `bench`: consumes `--model DIR`, `--precision P`, `--device D` or
/// `--threads N` at args[i] (advancing i past the value) and returns true; false otherwise.
bool parseEngineOptions(const QStringList& args, int& i, QString& model,
                        InferenceEngine::Options& opt);

} // namespace chexview
