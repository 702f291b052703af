#pragma once

#include "chexview/model/InferenceEngine.h"

#include <QStringList>

namespace chexview {

/// The precision commands start from before `--precision`: empty, which InferenceEngine::load
/// resolves to InferenceEngine::defaultPrecision(engine, device): int8 in-process on the CPU (the
/// viewer's default), fp32-opt for the worker on the CPU, bf16 for the worker on cuda/hpu.
constexpr char kDefaultPrecision[] = "";

/// Shared by `predict` and `bench` (and any command that runs the model): consumes `--model DIR`,
/// `--precision P`, `--device cpu|cuda|hpu`, `--engine libtorch|worker`, `--python PATH`,
/// `--threads N` (advancing i past the value) or the flag `--compile` at args[i] and returns
/// true; false otherwise.
bool parseEngineOptions(const QStringList& args, int& i, QString& model,
                        InferenceEngine::Options& opt);

/// The usage text of those options, for the commands' help.
QString engineOptionsUsage();

} // namespace chexview
