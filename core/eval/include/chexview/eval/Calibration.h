#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace chexview {

/// One bin of a reliability diagram: the images whose probability p falls in the bin.
struct ReliabilityBin
{
    double low = 0.0; ///< bin edges, [low, high) (the last bin includes 1)
    double high = 0.0;
    int64_t count = 0;
    double meanProbability = std::numeric_limits<double>::quiet_NaN(); ///< NaN when empty
    double fractionPositive = std::numeric_limits<double>::quiet_NaN();
};

/// How well one finding's probabilities read as probabilities.
struct CalibrationMetrics
{
    static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    /// Expected calibration error: sum over bins of (count / n) * |meanProbability -
    /// fractionPositive| (L1), over Calibration::kBins equal-width bins. NaN for no images.
    double ece = kNaN;
    /// Mean of (p - y)^2. NaN for no images.
    double brier = kNaN;
    std::vector<ReliabilityBin> bins; ///< kBins, empty ones included
};

/// Calibration of probabilities against 0/1 truths. A probability p falls in bin
/// min(floor(kBins * p), kBins - 1) (p is clamped to [0, 1] first), as torchmetrics' binary
/// ECE with its L1 norm. Sums are accumulated in 64-bit integers and doubles. Pure; any thread.
class Calibration
{
public:
    static constexpr int kBins = 15;
    static int binOf(double p);
    static CalibrationMetrics measure(const std::vector<double>& scores,
                                      const std::vector<uint8_t>& truth);
};

} // namespace chexview
