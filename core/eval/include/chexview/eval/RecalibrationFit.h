#pragma once

#include "chexview/eval/EvaluationSet.h"
#include "chexview/model/Recalibration.h"

#include <cstdint>
#include <vector>

namespace chexview {

/// Fits a Recalibration per finding on labelled scores by maximum likelihood (temperature: a
/// one-parameter Newton iteration on a = 1 / T; Platt: two-parameter Newton, i.e. logistic
/// regression on logit(p), with step halving) or by pool-adjacent-violators (isotonic).
/// A finding without scores or without both classes keeps the identity map (a = 1, b = 0; for
/// isotonic the points (0, 0) and (1, 1)). Pure; any thread.
class RecalibrationFit
{
public:
    static Recalibration::Map fit(Recalibration::Method method, const std::vector<double>& scores,
                                  const std::vector<uint8_t>& truth);
    /// Every finding of `set`.
    static Recalibration fitAll(Recalibration::Method method, const EvaluationSet& set);
    /// The images of `set` whose patient falls in the held-out part: patients ordered by a
    /// seeded hash of their ID, the first `fraction` of them held out. Returns the two subsets
    /// (fit, held out) as index lists.
    static void splitPatients(const EvaluationSet& set, double fraction, uint64_t seed,
                              std::vector<int>& fit, std::vector<int>& heldOut);
    /// The images `rows` of `set` as a set of their own (patients renumbered).
    static EvaluationSet subset(const EvaluationSet& set, const std::vector<int>& rows);
    /// `set` with each score replaced by the recalibrated one.
    static EvaluationSet applied(const EvaluationSet& set, const Recalibration& r);
};

} // namespace chexview
