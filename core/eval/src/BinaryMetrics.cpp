#include "chexview/eval/BinaryMetrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace chexview {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Walks the distinct scores from high to low, calling f(score, cumulativeTp, cumulativeFp)
// after each group of equal scores.
template <typename F>
void descendingGroups(const std::vector<double>& scores, const std::vector<uint8_t>& truth, F f)
{
    const std::vector<int> order = BinaryMetrics::ascendingOrder(scores);
    int64_t tp = 0, fp = 0;
    for (size_t end = order.size(); end > 0;) {
        const double s = scores[size_t(order[end - 1])];
        while (end > 0 && scores[size_t(order[end - 1])] == s) {
            (truth[size_t(order[end - 1])] ? tp : fp) += 1;
            --end;
        }
        f(s, tp, fp);
    }
}

} // namespace

std::vector<int> BinaryMetrics::ascendingOrder(const std::vector<double>& scores)
{
    std::vector<int> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return scores[size_t(a)] < scores[size_t(b)]; });
    return order;
}

double BinaryMetrics::auroc(const std::vector<double>& scores, const std::vector<uint8_t>& truth)
{
    // Mann-Whitney with mid-ranks, in exact integers: twice the count of (positive, negative)
    // pairs ordered correctly, ties counting one.
    const std::vector<int> order = ascendingOrder(scores);
    int64_t negBelow = 0, pos = 0, twiceCorrect = 0;
    for (size_t i = 0; i < order.size();) {
        const double s = scores[size_t(order[i])];
        int64_t p = 0, n = 0;
        for (; i < order.size() && scores[size_t(order[i])] == s; ++i)
            (truth[size_t(order[i])] ? p : n) += 1;
        twiceCorrect += p * (2 * negBelow + n);
        negBelow += n;
        pos += p;
    }
    if (pos == 0 || negBelow == 0)
        return kNaN;
    return double(twiceCorrect) / (2.0 * double(pos) * double(negBelow));
}

double BinaryMetrics::averagePrecision(const std::vector<double>& scores,
                                       const std::vector<uint8_t>& truth)
{
    const int64_t positives = std::count(truth.begin(), truth.end(), uint8_t(1));
    if (positives == 0)
        return kNaN;
    double ap = 0.0, lastRecall = 0.0;
    descendingGroups(scores, truth, [&](double, int64_t tp, int64_t fp) {
        const double recall = double(tp) / double(positives);
        ap += (recall - lastRecall) * (double(tp) / double(tp + fp));
        lastRecall = recall;
    });
    return ap;
}

std::vector<RocPoint> BinaryMetrics::rocCurve(const std::vector<double>& scores,
                                              const std::vector<uint8_t>& truth)
{
    const int64_t positives = std::count(truth.begin(), truth.end(), uint8_t(1));
    const int64_t negatives = int64_t(truth.size()) - positives;
    std::vector<RocPoint> out{{0.0, 0.0, std::numeric_limits<double>::infinity()}};
    descendingGroups(scores, truth, [&](double s, int64_t tp, int64_t fp) {
        out.push_back({negatives ? double(fp) / double(negatives) : kNaN,
                       positives ? double(tp) / double(positives) : kNaN, s});
    });
    return out;
}

ConfusionCounts BinaryMetrics::countsAt(const std::vector<double>& scores,
                                        const std::vector<uint8_t>& truth, double threshold)
{
    ConfusionCounts c;
    for (size_t i = 0; i < scores.size(); ++i) {
        const bool called = scores[i] >= threshold;
        if (truth[i])
            (called ? c.tp : c.fn) += 1;
        else
            (called ? c.fp : c.tn) += 1;
    }
    return c;
}

double BinaryMetrics::youdenThreshold(const std::vector<double>& scores,
                                      const std::vector<uint8_t>& truth)
{
    const int64_t positives = std::count(truth.begin(), truth.end(), uint8_t(1));
    const int64_t negatives = int64_t(truth.size()) - positives;
    if (positives == 0 || negatives == 0)
        return kNaN;
    double best = -2.0, threshold = kNaN;
    descendingGroups(scores, truth, [&](double s, int64_t tp, int64_t fp) {
        const double j = double(tp) / double(positives) - double(fp) / double(negatives);
        if (j > best) {
            best = j;
            threshold = s;
        }
    });
    return threshold;
}

} // namespace chexview
