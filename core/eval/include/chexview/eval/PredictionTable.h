#pragma once

#include "chexview/dataset/LabeledDataset.h"

#include <QStringList>

#include <vector>

namespace chexview {

/// A model's probabilities for a set of images, one column per ChestX-ray14 finding (in
/// chestXray14Findings() order). A finding the source had no column for has an empty column.
/// Plain value type.
struct PredictionTable
{
    std::vector<QString> images;              ///< file names (no folder), unique
    std::vector<std::vector<double>> columns; ///< [kFindingCount][images.size()] or empty
    QStringList unknownColumns;               ///< header columns that name no finding
    QList<DatasetIssue> issues;               ///< rows left out (bad values, duplicates)
    int duplicates = 0;                       ///< rows left out because their image came before
    QString source;
    QString layout; ///< "prob_columns" (Image Index,prob_<Finding>,...) or "chexview_predict"

    PredictionTable() : columns(size_t(kFindingCount)) {}
    bool hasFinding(int k) const { return !columns[size_t(k)].empty(); }
    int size() const { return int(images.size()); }
};

} // namespace chexview
