#pragma once

#include "chexview/dataset/ExpertLabels.h"
#include "chexview/eval/Evaluator.h"
#include "chexview/eval/PredictionTable.h"

#include <QHash>

#include <limits>
#include <vector>

namespace chexview {

/// The model against the radiologists on one expert finding, and NIH's labels against them.
struct ExpertFinding
{
    static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    QString finding; ///< the expert file's name, e.g. "Nodule or mass"
    QString mapping; ///< how the model's score is formed, e.g. "max(Nodule, Mass)"
    bool computable = false;
    QString reason;
    int images = 0; ///< images with a prediction and this expert label
    int positives = 0;
    int negatives = 0;
    double auroc = kNaN;
    double ciLow = kNaN;
    double ciHigh = kNaN;
    int ciResamples = 0;
    ConfusionCounts counts; ///< called when any mapped finding's score reaches its threshold
    // NIH's labels (the same mapping: any of the findings) on the images that have them.
    int nihImages = 0;
    double aurocNih = kNaN;    ///< the model against NIH's labels on those images
    ConfusionCounts agreement; ///< NIH as the test, the radiologists as the truth
    double percentAgreement = kNaN;
    double kappa = kNaN; ///< Cohen's kappa of NIH vs radiologists
};

struct ExpertReport
{
    int images = 0; ///< images with a prediction and any expert label
    int patients = 0;
    int expertImages = 0;                ///< rows of the expert file
    std::vector<ExpertFinding> findings; ///< ExpertLabelTable::kFindings, in the file's order
    EvaluationOptions options;
};

/// Evaluates scores against radiologists' labels. The model's score for an expert finding is
/// the maximum over the ChestX-ray14 findings it maps to (scoreFindings()): Pneumothorax ->
/// Pneumothorax; Nodule or mass -> max(Nodule, Mass); Airspace opacity -> max(Consolidation,
/// Pneumonia, Infiltration), NIH's three labels of airspace disease (Majkowska et al. compare
/// "airspace opacity" with them); Fracture has no ChestX-ray14 finding: not computable. The
/// patient-bootstrap CI resamples the expert file's patients (PatientBootstrap). Pure; any
/// thread (the bootstrap uses worker threads).
class ExpertEvaluation
{
public:
    /// Indices into chestXray14Findings() for expert finding e (empty: none).
    static std::vector<int> scoreFindings(int e);
    static QString mappingText(int e);
    /// nihLabels: optional NIH labels by image (bits as LabelRecord::labels); thresholds:
    /// kFindingCount operating thresholds (NaN: no verdicts).
    static ExpertReport evaluate(const PredictionTable& predictions,
                                 const ExpertLabelTable& experts,
                                 const QHash<QString, uint16_t>& nihLabels,
                                 const std::vector<double>& thresholds,
                                 const EvaluationOptions& options);
};

} // namespace chexview
