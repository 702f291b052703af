#pragma once

#include "chexview/model/InferenceEngine.h"

#include <QStringList>

namespace chexview {

/// Shared by every command that runs the model: consumes `--model DIR`, `--precision P`,
/// `--device cpu|cuda|hpu`, `--engine libtorch|worker`, `--python PATH`, `--threads N`
/// (advancing i past the value) or the flag `--compile` at args[i] and returns true; false
/// when args[i] is none of them. A value that is not a word of the model vocabulary
/// (ModelVocabulary.h) sets `error` (the option is still consumed). Without `--precision` the
/// options keep an empty precision: the engine's default, resolved by InferenceEngine::load.
bool parseEngineOptions(const QStringList& args, int& i, QString& model,
                        InferenceEngine::Options& opt, QString& error);

/// The usage text of those options, for the commands' help.
QString engineOptionsUsage();

} // namespace chexview
