#pragma once

#include "chexview/eval/Evaluator.h"
#include "chexview/eval/SubgroupAttribute.h"

#include <limits>
#include <vector>

namespace chexview {

/// One finding within one subgroup, judged at the finding's overall threshold.
struct SubgroupFinding
{
    static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    QString finding;
    bool computable = false; ///< both classes present in the group
    int positives = 0;
    int negatives = 0;
    double auroc = kNaN;
    double ciLow = kNaN;
    double ciHigh = kNaN;
    int ciResamples = 0;
    double threshold = kNaN;
    ConfusionCounts counts;
    double fpr() const { return ConfusionCounts::ratio(counts.fp, counts.fp + counts.tn); }
};

/// Underdiagnosis (after Seyyed-Kalantari et al. 2021): of the images with at least one
/// finding (NIH label other than "No Finding"), the fraction where no finding's score reaches
/// its threshold, i.e. the model calls the image normal.
struct Underdiagnosis
{
    static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    int64_t eligible = 0;       ///< images with at least one finding
    int64_t underdiagnosed = 0; ///< of those, images with no finding called positive
    double rate = kNaN;
    double ciLow = kNaN;
    double ciHigh = kNaN;
};

struct SubgroupResult
{
    QString attribute;
    QString group;
    int images = 0;
    int patients = 0;
    Underdiagnosis underdiagnosis;
    std::vector<SubgroupFinding> findings; ///< kFindingCount
};

/// group - reference for one attribute: AUROC per finding and the underdiagnosis rate, each
/// with a paired CI (the same patient resample gives both groups' values).
struct SubgroupGap
{
    static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    struct Finding
    {
        QString finding;
        double gap = kNaN;
        double ciLow = kNaN;
        double ciHigh = kNaN;
        int ciResamples = 0;
    };
    QString attribute;
    QString group;
    QString reference; ///< the attribute's largest group
    double underdiagnosisGap = kNaN;
    double underdiagnosisCiLow = kNaN;
    double underdiagnosisCiHigh = kNaN;
    std::vector<Finding> findings; ///< kFindingCount
};

struct SubgroupReport
{
    std::vector<SubgroupAttribute> attributes;
    std::vector<SubgroupResult> groups; ///< by attribute, then group order
    std::vector<SubgroupGap> gaps;      ///< every group against its attribute's reference
    EvaluationOptions options;
};

/// Per-subgroup AUROC (mid-ranks), its patient-bootstrap CI, sensitivity / specificity / FPR at
/// each finding's overall threshold, underdiagnosis rates and the gaps between groups.
/// Resample r draws the patients of the whole set (PatientBootstrap::drawPatients, so the same
/// resamples as the overall CIs); each group's statistic is computed on its images weighted by
/// their patient's draws. A gap's CI is the percentile interval of the per-resample difference:
/// paired, since both groups come from one draw. Each finding's images are sorted by score once
/// and split into per-group lists; a resample is one pass over each list (integer weights, no
/// sorting inside the loop).
/// Thread contract: pure; uses up to options.threads workers (0: hardware concurrency).
class SubgroupAudit
{
public:
    /// thresholds: kFindingCount operating thresholds (NaN: that finding has no verdicts).
    static SubgroupReport audit(const EvaluationSet& set,
                                const std::vector<SubgroupAttribute>& attributes,
                                const std::vector<double>& thresholds,
                                const EvaluationOptions& options);
};

} // namespace chexview
