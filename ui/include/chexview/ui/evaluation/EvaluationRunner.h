#pragma once

#include "chexview/dataset/ExpertBoxes.h"
#include "chexview/eval/Evaluator.h"
#include "chexview/eval/Localization.h"
#include "chexview/eval/SourceComparison.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

namespace chexview {

/// What the Evaluation tab asks for: labels, and either a predictions CSV or a folder of
/// images run through a model package at a precision; optionally a second source to compare
/// (a CSV, or the same model at another precision) and NIH's expert boxes.
struct EvaluationRequest
{
    QString labels;
    QString predictions; ///< empty: run the model over imagesDir
    QString imagesDir;
    QString boxesFile;
    QString modelDir;
    QString precision = QStringLiteral("int8");
    int batch = 16;
    QString cacheFile; ///< the predictions cache (empty: none)
    QString comparePredictions;
    QString comparePrecision;
    EvaluationOptions options;
};

/// Everything one run produced (immutable once handed over).
struct EvaluationOutcome
{
    EvaluationSet set;
    EvaluationReport report;
    ExpertBoxes boxes;
    QString imagesDir;
    std::vector<LocalizationCase> localizationCases;
    std::vector<LocalizationSummary> localization;
    bool compared = false;
    QString compareNote; ///< why a comparison that was asked for was not made
    ComparisonReport comparison;
    QString error;
    QString summary; ///< what ran: model, precision, images/s
};

/// Runs an evaluation off the GUI thread: on a thread of its own it reads the inputs, loads
/// the model and scores the images (BatchScorer: decode pool, batches, cache), computes the
/// metrics, localization and comparison. Progress and the outcome come back as queued
/// signals. Thread contract: create, start and cancel on the GUI thread; signals arrive there.
/// cancel() stops after the current batch; destroying the runner cancels and joins.
class EvaluationRunner : public QObject
{
    Q_OBJECT
public:
    explicit EvaluationRunner(QObject* parent = nullptr);
    ~EvaluationRunner() override;

    void start(const EvaluationRequest& request);
    void cancel();
    bool isRunning() const;

Q_SIGNALS:
    void progress(int done, int total, double imagesPerSecond, const QString& stage);
    void finished(std::shared_ptr<const chexview::EvaluationOutcome> outcome);
    void cancelled();

private:
    void join();
    QThread* m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

} // namespace chexview
