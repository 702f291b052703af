#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace chexview {

/// Confusion counts at a threshold (an image is called positive when score >= threshold), and
/// the rates derived from them; a rate whose denominator is 0 is NaN (reported as null).
struct ConfusionCounts
{
    int64_t tp = 0, fp = 0, tn = 0, fn = 0;
    static double ratio(int64_t a, int64_t b)
    {
        return b ? double(a) / double(b) : std::numeric_limits<double>::quiet_NaN();
    }
    double sensitivity() const { return ratio(tp, tp + fn); }
    double specificity() const { return ratio(tn, tn + fp); }
    double ppv() const { return ratio(tp, tp + fp); }
    double npv() const { return ratio(tn, tn + fn); }
    double f1() const { return ratio(2 * tp, 2 * tp + fp + fn); }
};

/// One point of a ROC curve: images with score >= threshold called positive.
struct RocPoint
{
    double fpr = 0.0;
    double tpr = 0.0;
    double threshold = 0.0; ///< +inf for the (0, 0) start
};

/// Binary-classification metrics of one finding: scores and 0/1 truths of the same length.
/// Ties are handled as scikit-learn does (mid-ranks for AUROC, one ROC / precision-recall point
/// per distinct score). Pure functions; any thread.
class BinaryMetrics
{
public:
    /// Area under the ROC curve = P(score of a positive > score of a negative) + 0.5 P(tie),
    /// equal to sklearn.metrics.roc_auc_score. NaN without both classes.
    static double auroc(const std::vector<double>& scores, const std::vector<uint8_t>& truth);
    /// sklearn.metrics.average_precision_score: sum over distinct thresholds, high to low, of
    /// (recall_n - recall_n-1) * precision_n. NaN without positives.
    static double averagePrecision(const std::vector<double>& scores,
                                   const std::vector<uint8_t>& truth);
    /// (0,0) first, then one point per distinct score from high to low, ending at (1,1).
    static std::vector<RocPoint> rocCurve(const std::vector<double>& scores,
                                          const std::vector<uint8_t>& truth);
    static ConfusionCounts countsAt(const std::vector<double>& scores,
                                    const std::vector<uint8_t>& truth, double threshold);
    /// The score maximizing Youden's J = sensitivity + specificity - 1 (the highest such score
    /// on ties). NaN without both classes.
    static double youdenThreshold(const std::vector<double>& scores,
                                  const std::vector<uint8_t>& truth);
    /// Indices ordering scores from low to high (ties keep index order).
    static std::vector<int> ascendingOrder(const std::vector<double>& scores);
};

} // namespace chexview
