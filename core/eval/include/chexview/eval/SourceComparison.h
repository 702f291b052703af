#pragma once

#include "chexview/eval/EvaluationSet.h"
#include "chexview/eval/Evaluator.h"

#include <limits>
#include <vector>

namespace chexview {

/// One image whose verdict for a finding differs between the two sources at the threshold.
struct VerdictFlip
{
    int index = -1; ///< into the aligned set (ComparisonReport::images)
    int finding = -1;
    double a = 0.0; ///< the first source's probability
    double b = 0.0;
    bool truth = false;
};

/// Two sources (A, the reference, and B) on one finding: AUROC of each, B - A with a paired
/// patient-bootstrap CI (the same patient resamples for both), the largest |pB - pA|, and the
/// verdicts that flip at the finding's threshold.
struct FindingComparison
{
    static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    QString finding;
    bool computable = false;
    QString reason;
    double aurocA = kNaN;
    double aurocB = kNaN;
    double delta = kNaN; ///< aurocB - aurocA
    double ciLow = kNaN;
    double ciHigh = kNaN;
    int ciResamples = 0;
    double maxAbsDelta = kNaN; ///< max over images of |pB - pA|
    int maxAbsDeltaIndex = -1;
    double threshold = kNaN;
    int flips = 0;
    int flipsToPositive = 0; ///< negative under A, positive under B
};

struct ComparisonReport
{
    QString nameA;
    QString nameB;
    QStringList images; ///< the images both sources scored, in A's order
    int onlyInA = 0;    ///< labelled images scored by A but not B
    int onlyInB = 0;
    std::vector<FindingComparison> findings; ///< kFindingCount
    double meanA = FindingComparison::kNaN;  ///< over the findings computable in both
    double meanB = FindingComparison::kNaN;
    int meanOver = 0;
    std::vector<VerdictFlip> flips; ///< by finding, then by |pB - pA| descending
    EvaluationOptions options;
};

/// Compares two sources of scores for the same labelled images (FP32 vs INT8, a model vs a
/// CSV, two CSVs). The threshold of each finding comes from `options.threshold` applied to
/// source A, and the same threshold judges both. Resample r draws the same patients for both
/// sources (PatientBootstrap's seeded generator on one aligned patient list), so the CI is
/// of the paired difference. Pure; any thread (the bootstrap uses worker threads).
class SourceComparison
{
public:
    static ComparisonReport compare(const EvaluationSet& a, const EvaluationSet& b,
                                    const EvaluationOptions& options);
};

} // namespace chexview
