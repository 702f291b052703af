#pragma once

#include "chexview/eval/ExpertEvaluation.h"

#include <QJsonObject>
#include <QString>

namespace chexview {

/// Text renderings of an evaluation against radiologists' labels for `chexview-cli evaluate
/// --expert-labels` and the GUI's copy. NaN prints as "n/a" in the table, empty in CSV and
/// null in JSON. Pure.
class ExpertFormatter
{
public:
    static QString table(const ExpertReport& r);
    /// finding,mapping,images,positives,negatives,auroc,auroc_ci_low,auroc_ci_high,
    /// sensitivity,specificity,nih_images,auroc_vs_nih,nih_agreement,nih_kappa,
    /// nih_sensitivity,nih_specificity
    static QString csv(const ExpertReport& r);
    /// {"images","patients","expert_images","findings":[...]}
    static QJsonObject json(const ExpertReport& r);
    /// "NIH: Pneumothorax · radiologists: no" — an image's labels side by side for the expert
    /// finding that `finding` (a ChestX-ray14 index) maps to; empty when none does or the
    /// radiologists left it blank.
    static QString labelComparison(int finding, uint16_t nihLabels,
                                   const ExpertLabelTable::Record& expert);
};

} // namespace chexview
