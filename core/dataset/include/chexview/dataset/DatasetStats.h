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

    /// What the leakage check may claim. "bmt" (the CheXNet reimplementations' 4,999-image
    /// benchmark sample) is drawn from all the other splits on purpose, so patients shared with
    /// it are expected and counted apart; a check over fewer than two splits claims nothing.
    struct LeakageSummary
    {
        enum class Verdict
        {
            NotApplicable, ///< fewer than two non-empty splits: nothing was checked
            Clean,         ///< no patient in two splits (benchmark overlaps aside)
            Leak           ///< patients shared between splits that must be disjoint
        };
        Verdict verdict = Verdict::NotApplicable;
        int checkedSplits = 0;     ///< non-empty splits compared
        int leakingPatients = 0;   ///< in two or more non-benchmark splits
        int benchmarkPatients = 0; ///< shared only between the benchmark split and one other
        QMap<QString, int> pairs;  ///< "train+test" -> patients (non-benchmark only)
    };
    LeakageSummary leakageSummary() const;
    /// True for splits that are samples drawn across the others on purpose ("bmt").
    static bool isBenchmarkSplit(const QString& name) { return name == QLatin1String("bmt"); }

    static DatasetStats compute(const LabeledDataset& data);
    /// Canonical split order: train, val, test, bmt, then alphabetical.
    static bool splitLess(const QString& a, const QString& b);
};

} // namespace chexview
