#pragma once

#include "chexview/eval/EvaluationSet.h"

#include <cstdint>
#include <vector>

namespace chexview {

/// A percentile bootstrap interval of AUROC.
struct BootstrapInterval
{
    double low = 0.0;
    double high = 0.0;
    int resamples = 0; ///< resamples that had both classes (the others are skipped)
};

/// 95% confidence intervals of each finding's AUROC by resampling **patients** with
/// replacement (all images of a drawn patient come along, as often as the patient is drawn).
/// Resample r draws from its own generator seeded by (seed, r), so the result does not depend
/// on the number of threads. Each resample is one pass over the images pre-sorted by score
/// with integer weights: no sorting inside the loop.
/// Thread contract: pure; uses up to `threads` worker threads (0: hardware concurrency) and
/// returns when they are done.
class PatientBootstrap
{
public:
    /// Intervals for the findings in `findings` (others get resamples = 0).
    /// level: e.g. 0.95 -> the 2.5th and 97.5th percentiles (linear interpolation, as numpy).
    static std::vector<BootstrapInterval> aurocIntervals(const EvaluationSet& set,
                                                         const std::vector<int>& findings,
                                                         int resamples, uint64_t seed,
                                                         double level = 0.95, int threads = 0);
    /// The AUROC of each resample for one finding (NaN where a class was missing); for tests.
    static std::vector<double> resampledAurocs(const EvaluationSet& set, int finding, int resamples,
                                               uint64_t seed, int threads = 0);
    /// How often each of `patients` patients is drawn in resample r: `patients` draws with
    /// replacement from r's own generator seeded by (seed, r). Every patient bootstrap here
    /// draws through this, so the same (seed, r) is the same resample everywhere.
    static void drawPatients(uint64_t seed, int r, int patients, std::vector<int32_t>& draws);
    /// numpy.percentile(values, q) with linear interpolation; values need not be sorted.
    static double percentile(std::vector<double> values, double q);
};

} // namespace chexview
