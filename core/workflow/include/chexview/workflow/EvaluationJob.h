#pragma once

#include "chexview/dataset/ExpertBoxes.h"
#include "chexview/eval/Evaluator.h"
#include "chexview/eval/Localization.h"
#include "chexview/eval/SourceComparison.h"
#include "chexview/model/InferenceEngine.h"
#include "chexview/workflow/BatchInference.h"
#include "chexview/workflow/CancelToken.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace chexview {

/// What an evaluation is asked to do — the same request from `chexview-cli evaluate` and from
/// the Evaluation tab: labels, and either a predictions CSV or a folder of images run through
/// a model package; optionally a second source to compare (a CSV, or the same model at another
/// precision) and NIH's expert boxes for localization. Plain value type.
struct EvaluationRequest
{
    QString labels;
    QString predictions; ///< a predictions CSV; empty: run the model over imagesDir
    QString imagesDir;   ///< scored when there is no CSV; else where the images are (browsing)
    QString modelDir;    ///< empty: the default package (ResourceLocator)
    InferenceEngine::Options engine; ///< precision empty: the engine's default
    int batch = 0;                   ///< 0: BatchInference::defaultBatch(device, Throughput)
    bool tta = false;
    bool forceGate = false; ///< score images the input gate refuses (else counted and listed)
    QString cacheFile;      ///< the predictions cache; empty: none
    QString boxesFile;      ///< NIH BBox list: shown with errors; localization when the model runs
    double camThreshold = Localization::kDefaultThreshold;
    QString comparePredictions;
    std::optional<Precision> comparePrecision; ///< only with the model run (no predictions CSV)
    EvaluationOptions options;                 ///< bootstrap, seed, threshold rule
    /// Empty: defaultThreshold() — the package's thresholds when a model is involved, Youden's
    /// for a CSV alone.
    std::optional<ThresholdRule> threshold;
};

/// One pass of the model over the images (A, and B with --compare-precision).
struct ScoringPass
{
    QString name; ///< "chexnet-demo int8"
    Precision precision = Precision::Fp32;
    Device device = Device::Cpu;
    double loadCpuSeconds = 0.0;
    BatchInference::Result result;
};

/// Everything one evaluation produced. Immutable once handed over.
struct EvaluationOutcome
{
    PredictionTable scores; ///< source A's scores as read or computed (before matching)
    EvaluationSet set;
    EvaluationReport report;
    ExpertBoxes boxes;
    QString imagesDir;
    std::vector<LocalizationCase> localizationCases;
    std::vector<LocalizationSummary> localization;
    int boxedImages = 0;
    double camThreshold = Localization::kDefaultThreshold;
    bool compared = false;
    QString compareNote; ///< why a comparison that was asked for was not made
    ComparisonReport comparison;
    std::vector<ScoringPass> passes; ///< empty for a predictions CSV
    QString sourceName;              ///< what A is: the CSV's file name, or "<model> <precision>"
    /// Things the user must know that do not stop the evaluation ("untrained demo weights —
    /// scores are meaningless").
    QStringList warnings;
    /// Images left out of the numbers (unmatched, scored by one source only), one line each.
    QStringList unmatched;
    QString error; ///< non-empty: the evaluation failed (a typed error's describe())
    bool cancelled = false;
    /// One line for a status bar: what ran, how fast.
    QString summary;
};

/// Progress of a running job: a stage ("loading chexnet-demo (int8)…", "scoring (int8)",
/// "computing metrics…") and, while scoring, images done of total.
struct EvaluationProgress
{
    QString stage;
    BatchInference::Progress scoring;
};

/// Runs an EvaluationRequest: reads the labels (and CSVs), loads the model and scores the
/// folder through BatchInference, computes metrics, localization and comparison. The one
/// implementation behind the CLI and the GUI, so their defaults and checks cannot drift.
/// Thread contract: run() blocks its calling thread (a worker thread in the GUI); progress is
/// called on that thread; `cancel` may be set from any thread (stops after the current batch,
/// outcome.cancelled). Never throws: every failure, typed or not, is outcome.error.
class EvaluationJob
{
public:
    /// A request's problems before anything runs (empty: fine): inputs missing, two comparison
    /// sources, a heatmap threshold out of range. (A precision to compare with a CSV, which has
    /// no model to rerun, is not an error: outcome.compareNote says why nothing was compared.)
    static QString validate(const EvaluationRequest& request);
    /// Youden's for a predictions CSV with no model package named, else the package's
    /// thresholds.
    static ThresholdRule::Kind defaultThreshold(const EvaluationRequest& request);
    static EvaluationOutcome run(const EvaluationRequest& request,
                                 const std::function<void(const EvaluationProgress&)>& progress,
                                 const CancelToken& cancel);
};

} // namespace chexview
