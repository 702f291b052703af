#pragma once

#include "chexview/eval/BinaryMetrics.h"
#include "chexview/eval/Calibration.h"
#include "chexview/eval/EvaluationSet.h"

#include <QString>

#include <cstdint>
#include <limits>
#include <vector>

namespace chexview {

/// How the operating threshold of each finding is chosen.
struct ThresholdRule
{
    enum class Kind
    {
        Manifest, ///< the model package's per-finding thresholds
        Youden,   ///< the score maximizing sensitivity + specificity - 1
        Fixed     ///< one number for every finding
    };
    Kind kind = Kind::Youden;
    double value = 0.5;             ///< Fixed
    std::vector<double> perFinding; ///< Manifest: kFindingCount thresholds
    QString describe() const;
    /// "manifest", "youden" or a number in [0, 1]; false (and `error`) otherwise.
    static bool parse(const QString& text, ThresholdRule& rule, QString& error);
};

struct EvaluationOptions
{
    int bootstrap = 1000; ///< patient resamples for the CI; 0 = no CI
    uint64_t seed = 1;
    double level = 0.95;
    ThresholdRule threshold;
    int threads = 0; ///< bootstrap workers; 0 = hardware concurrency
};

/// The metrics of one finding. Non-computable (a class missing, or no score column) findings
/// carry `reason` and NaN metrics, and are left out of the mean — never reported as 0.5.
struct FindingMetrics
{
    static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    QString finding;
    bool computable = false;
    QString reason;
    int positives = 0;
    int negatives = 0;
    double auroc = kNaN;
    double ciLow = kNaN;
    double ciHigh = kNaN;
    int ciResamples = 0;
    double averagePrecision = kNaN;
    double threshold = kNaN;
    ConfusionCounts counts;
    /// ECE, Brier score and reliability bins of the scores (whenever there is a score column).
    CalibrationMetrics calibration;
};

struct EvaluationReport
{
    int images = 0;
    int patients = 0;
    std::vector<FindingMetrics> findings; ///< kFindingCount, in chestXray14Findings() order
    double meanAuroc = FindingMetrics::kNaN;
    int meanOver = 0; ///< findings in the mean
    EvaluationOptions options;
    MatchReport match;
};

/// Computes an EvaluationReport. Pure; any thread (the bootstrap uses worker threads).
class Evaluator
{
public:
    static EvaluationReport evaluate(const EvaluationSet& set, const EvaluationOptions& options);
    /// The 0/1 truths of finding k, in image order.
    static std::vector<uint8_t> truths(const EvaluationSet& set, int k);
    /// The threshold the rule gives finding k (NaN when it cannot: Youden without both classes).
    static double thresholdFor(const EvaluationSet& set, int k, const ThresholdRule& rule);
};

} // namespace chexview
