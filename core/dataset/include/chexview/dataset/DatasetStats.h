#pragma once

#include "chexview/dataset/LabeledDataset.h"

#include <QJsonObject>
#include <QMap>

namespace chexview {

/// Label statistics of a LabeledDataset: per split counts, positives per finding, "No Finding",
/// co-occurrence, demographics, and patients found in more than one split (leakage).
/// compute() is pure and may run on any thread.
struct DatasetStats
{
    struct Split
    {
        QString name;
        int images = 0;
        int patients = 0;
        int noFinding = 0;
        std::array<int, kFindingCount> positives{};
        std::array<std::array<int, kFindingCount>, kFindingCount> cooccurrence{};
        QMap<QString, int> views;
        QMap<QString, int> sexes;
        std::vector<int> ages; ///< sorted; empty without demographics

        double percent(int finding) const
        {
            return images ? 100.0 * positives[size_t(finding)] / images : 0.0;
        }
        double noFindingPercent() const { return images ? 100.0 * noFinding / images : 0.0; }
    };

    QList<Split> splits; ///< train, val, test, bmt first, then the others alphabetically
    QMap<QString, QStringList> leakage; ///< patient -> splits it appears in (only if > 1)
    QList<DatasetIssue> issues;
    QString source;
    bool hasDemographics = false;

    static DatasetStats compute(const LabeledDataset& data);
    /// Canonical split order: train, val, test, bmt, then alphabetical.
    static bool splitLess(const QString& a, const QString& b);
};

} // namespace chexview
