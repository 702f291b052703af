#pragma once

#include "chexview/eval/SubgroupAudit.h"

#include <QJsonArray>
#include <QString>

namespace chexview {

/// Text renderings of a subgroup audit for `chexview-cli evaluate --subgroups` and the GUI's
/// copy. NaN prints as "n/a" in the table, empty in CSV and null in JSON. Pure.
class SubgroupFormatter
{
public:
    /// Per group: images, underdiagnosis rate with CI, then AUROC [CI] per finding (a row per
    /// finding and a column per group); the gaps against each attribute's reference group.
    static QString table(const SubgroupReport& r);
    /// attribute,group,images,finding,positives,negatives,auroc,auroc_ci_low,auroc_ci_high,
    /// threshold,sensitivity,specificity,fpr,tp,fp,tn,fn
    static QString csv(const SubgroupReport& r);
    /// [{"attribute","group","images","patients","underdiagnosis":{...},"findings":[...]}]
    static QJsonArray json(const SubgroupReport& r);
    /// [{"attribute","group","reference","underdiagnosis_gap","underdiagnosis_gap_ci",
    ///   "findings":[{"finding","auroc_gap","auroc_gap_ci"}]}]
    static QJsonArray gapsJson(const SubgroupReport& r);
};

} // namespace chexview
