#pragma once

#include "chexview/eval/Localization.h"
#include "chexview/eval/SourceComparison.h"

#include <QJsonObject>

namespace chexview {

/// Text renderings of localization summaries and source comparisons for `chexview-cli
/// evaluate` (table, CSV, JSON) and the GUI's copy. NaN prints as "n/a" in tables, empty in
/// CSV and null in JSON. Pure.
class ResearchFormatter
{
public:
    static QString localizationTable(const std::vector<LocalizationSummary>& s, int images,
                                     double fraction);
    /// finding,hits,n,hit_rate,mean_iou (findings with n > 0).
    static QString localizationCsv(const std::vector<LocalizationSummary>& s);
    /// image,finding,hit,iou,peak_x,peak_y,boxes
    static QString localizationCasesCsv(const std::vector<LocalizationCase>& cases);
    static QJsonObject localizationJson(const std::vector<LocalizationSummary>& s,
                                        const std::vector<LocalizationCase>& cases,
                                        double fraction);

    static QString comparisonTable(const ComparisonReport& r);
    /// finding,auroc_a,auroc_b,delta,delta_ci_low,delta_ci_high,max_abs_dp,max_abs_dp_image,
    /// threshold,flips,flips_to_positive
    static QString comparisonCsv(const ComparisonReport& r);
    /// finding,image,p_a,p_b,threshold,verdict_a,verdict_b,truth
    static QString flipsCsv(const ComparisonReport& r);
    static QJsonObject comparisonJson(const ComparisonReport& r);
};

} // namespace chexview
