#include "chexview/eval/Calibration.h"

#include <algorithm>
#include <cmath>

namespace chexview {

int Calibration::binOf(double p)
{
    if (!(p > 0.0)) // NaN and p <= 0
        return 0;
    return std::min(int(std::floor(double(kBins) * std::min(p, 1.0))), kBins - 1);
}

CalibrationMetrics Calibration::measure(const std::vector<double>& scores,
                                        const std::vector<uint8_t>& truth)
{
    CalibrationMetrics m;
    std::vector<double> sumP(size_t(kBins), 0.0);
    std::vector<int64_t> positives(size_t(kBins), 0);
    m.bins.resize(size_t(kBins));
    double squared = 0.0;
    const size_t n = std::min(scores.size(), truth.size());
    for (size_t i = 0; i < n; ++i) {
        const double p = std::clamp(scores[i], 0.0, 1.0);
        const int b = binOf(p);
        sumP[size_t(b)] += p;
        positives[size_t(b)] += truth[i] ? 1 : 0;
        ++m.bins[size_t(b)].count;
        const double d = p - (truth[i] ? 1.0 : 0.0);
        squared += d * d;
    }
    double ece = 0.0;
    for (int b = 0; b < kBins; ++b) {
        ReliabilityBin& bin = m.bins[size_t(b)];
        bin.low = double(b) / kBins;
        bin.high = double(b + 1) / kBins;
        if (bin.count == 0)
            continue;
        bin.meanProbability = sumP[size_t(b)] / double(bin.count);
        bin.fractionPositive = double(positives[size_t(b)]) / double(bin.count);
        ece += double(bin.count) / double(n) * std::abs(bin.meanProbability - bin.fractionPositive);
    }
    if (n > 0) {
        m.ece = ece;
        m.brier = squared / double(n);
    }
    return m;
}

} // namespace chexview
