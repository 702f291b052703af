#pragma once

#include "chexview/eval/Evaluator.h"
#include "chexview/eval/ExpertEvaluation.h"

#include <QString>

class QWidget;

namespace chexview {

class PaintedChart;

/// An evaluation report as a PDF for a paper's supplement: page 1 the per-finding table (AUROC
/// with its CI, AP, sensitivity, specificity, ECE, Brier) and how it was computed; page 2 the
/// selected finding's ROC curve and reliability diagram, the subgroup forest plot and the
/// radiologists' table when they were computed. Charts are drawn as vectors where they are
/// PaintedCharts. GUI thread only (it renders widgets).
class EvaluationReportPdf
{
public:
    struct Content
    {
        QString title;
        QString source; ///< what was evaluated (files, model)
        const EvaluationReport* report = nullptr;
        QWidget* roc = nullptr; ///< rendered as it is on screen
        const PaintedChart* reliability = nullptr;
        const PaintedChart* forest = nullptr; ///< null: no subgroups computed
        const ExpertReport* expert = nullptr; ///< null: no expert labels
    };
    /// False with `error` when the file cannot be written.
    static bool write(const Content& c, const QString& path, QString* error = nullptr);
};

} // namespace chexview
