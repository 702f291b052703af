#include "chexview/workflow/EvaluationJob.h"

#include "chexview/dataset/LabelSource.h"
#include "chexview/error/Error.h"
#include "chexview/error/FaultInjection.h"
#include "chexview/eval/EvalError.h"
#include "chexview/eval/EvaluationFormatter.h"
#include "chexview/eval/PredictionCsvReader.h"
#include "chexview/gate/InputGate.h"
#include "chexview/model/EngineError.h"
#include "chexview/resources/ResourceLocator.h"

#include <QFileInfo>
#include <QObject>

namespace chexview {

namespace {

QString modelOf(const EvaluationRequest& q)
{
    return q.modelDir.isEmpty() ? ResourceLocator::defaultModel() : q.modelDir;
}

/// Scores the folder at one precision into `pass`; false when cancelled. Throws on failure.
bool score(const EvaluationRequest& q, std::optional<Precision> precision, bool keepCams,
           const ExpertBoxes& boxes, ScoringPass& pass, EvaluationOutcome& out,
           const std::function<void(const EvaluationProgress&)>& progress,
           const CancelToken& cancel)
{
    const QString model = modelOf(q);
    InferenceEngine::Options o = q.engine;
    o.precision = precision;
    const Precision resolved = resolvePrecision(precision, o.engine, o.device);
    if (progress)
        progress(
            {QObject::tr("loading %1 (%2)…").arg(QFileInfo(model).fileName(), toString(resolved)),
             {}});
    const double loadCpu = BatchInference::processCpuSeconds();
    const InferenceEnginePtr engine = InferenceEngine::load(ModelManifest::load(model), o);
    pass.loadCpuSeconds = BatchInference::processCpuSeconds() - loadCpu;
    pass.precision = engine->precision();
    pass.device = engine->device();
    pass.name = QStringLiteral("%1 %2").arg(QFileInfo(model).fileName(), toString(pass.precision));
    const QString untrained = QStringLiteral("untrained demo weights — scores are meaningless");
    if (!engine->manifest().trained && !out.warnings.contains(untrained))
        out.warnings << untrained;
    const QStringList files = BatchInference::imageFiles(q.imagesDir);
    if (files.isEmpty())
        throw EvalError(EvalError::Code::NoImages, QObject::tr("no images in %1").arg(q.imagesDir));
    BatchInference::Options so;
    so.batch = q.batch;
    so.purpose = BatchInference::Purpose::Throughput;
    so.tta = q.tta;
    so.cacheFile = q.cacheFile;
    so.gate = [](const XrayImage& image) { return InputGate::check(image); };
    so.forceGated = q.forceGate;
    if (keepCams)
        so.keepCams = [&boxes](const QString& name) { return !boxes.boxesFor(name).isEmpty(); };
    const QString stage = QObject::tr("scoring (%1)").arg(toString(pass.precision));
    pass.result = BatchInference::run(
        *engine, files, so, {},
        [&](const BatchInference::Progress& p) {
            if (progress)
                progress({stage, p});
        },
        &cancel);
    return !pass.result.cancelled;
}

void runInto(const EvaluationRequest& q, EvaluationOutcome& s,
             const std::function<void(const EvaluationProgress&)>& progress,
             const CancelToken& cancel)
{
    FaultInjection::point("evaluation");
    s.imagesDir = q.imagesDir;
    s.camThreshold = q.camThreshold;
    const bool engine = q.predictions.isEmpty();
    EvaluationOptions options = q.options;
    options.threshold = q.threshold ? *q.threshold : ThresholdRule{};
    if (!q.threshold)
        options.threshold.kind = EvaluationJob::defaultThreshold(q);
    if (options.threshold.kind == ThresholdRule::Kind::Manifest) {
        const ModelManifest m = ModelManifest::load(modelOf(q), false);
        if (m.labels != chestXray14Findings())
            throw EngineError(EngineError::Code::BadPackage,
                              QObject::tr("the model's labels are not the 14 ChestX-ray14 "
                                          "findings in order"));
        options.threshold.perFinding = m.thresholds;
    }
    if (!q.boxesFile.isEmpty())
        s.boxes = ExpertBoxes::read(q.boxesFile);
    if (!engine && q.comparePrecision)
        s.compareNote =
            QObject::tr("No comparison with %1: a precision is compared by running the model over "
                        "the images twice, and this evaluation read its scores from %2. Leave "
                        "Predictions empty to run the model, or compare with a second predictions "
                        "CSV.")
                .arg(toString(*q.comparePrecision), QFileInfo(q.predictions).fileName());
    if (engine) {
        s.passes.emplace_back();
        if (!score(q, q.engine.precision, !q.boxesFile.isEmpty(), s.boxes, s.passes.back(), s,
                   progress, cancel)) {
            s.cancelled = true;
            return;
        }
        if (q.comparePrecision) {
            s.passes.emplace_back();
            if (!score(q, q.comparePrecision, false, s.boxes, s.passes.back(), s, progress,
                       cancel)) {
                s.cancelled = true;
                return;
            }
        }
    }
    const LabeledDataset labels = LabelSource::read(q.labels);
    s.scores = engine ? s.passes.front().result.table : PredictionCsvReader::read(q.predictions);
    s.set = EvaluationSet::fromPredictions(labels, s.scores);
    if (progress)
        progress({QObject::tr("computing metrics…"), {}});
    s.report = Evaluator::evaluate(s.set, options);
    if (engine) {
        for (const BatchInference::ImageCams& c : s.passes.front().result.cams) {
            const std::vector<LocalizationCase> one = Localization::evaluateImage(
                c.image, c.cams, s.boxes.boxesFor(c.image), q.camThreshold);
            s.localizationCases.insert(s.localizationCases.end(), one.begin(), one.end());
            s.boxedImages += !c.image.isEmpty();
        }
    }
    s.localization = Localization::summarize(s.localizationCases);
    s.sourceName = engine ? s.passes.front().name : QFileInfo(q.predictions).fileName();
    if ((engine && q.comparePrecision) || !q.comparePredictions.isEmpty()) {
        const bool second = engine && q.comparePrecision.has_value();
        const EvaluationSet b = EvaluationSet::fromPredictions(
            labels, second ? s.passes.back().result.table
                           : PredictionCsvReader::read(q.comparePredictions));
        s.comparison = SourceComparison::compare(s.set, b, options);
        s.comparison.nameA = s.sourceName;
        s.comparison.nameB =
            second ? s.passes.back().name : QFileInfo(q.comparePredictions).fileName();
        s.compared = true;
    }
    s.unmatched = EvaluationFormatter::matchLines(s.report.match);
    if (s.compared && (s.comparison.onlyInA || s.comparison.onlyInB))
        s.unmatched << QObject::tr("compare: %1 images scored only by A, %2 only by B")
                           .arg(s.comparison.onlyInA)
                           .arg(s.comparison.onlyInB);
    if (engine) {
        const BatchInference::Result& a = s.passes.front().result;
        s.summary = QObject::tr("%1: %2 images in %3 s (%4 from the cache)")
                        .arg(s.sourceName)
                        .arg(a.table.size())
                        .arg(a.seconds, 0, 'f', 1)
                        .arg(a.cached);
    } else {
        s.summary = QObject::tr("%1: %2 images").arg(s.sourceName).arg(s.set.size());
    }
}

} // namespace

QString EvaluationJob::validate(const EvaluationRequest& q)
{
    if (q.labels.isEmpty())
        return QObject::tr("labels are needed (a split-list folder, Data_Entry or a labels CSV)");
    if (q.predictions.isEmpty() && q.imagesDir.isEmpty())
        return QObject::tr("a source of scores is needed: a predictions CSV or a folder of images");
    if (!q.comparePredictions.isEmpty() && q.comparePrecision)
        return QObject::tr("one comparison source: a predictions CSV or a precision");
    if (!(q.camThreshold >= 0.0 && q.camThreshold <= 1.0))
        return QObject::tr("the heatmap threshold is a fraction in [0, 1]");
    return {};
}

ThresholdRule::Kind EvaluationJob::defaultThreshold(const EvaluationRequest& q)
{
    // A CSV alone (imagesDir may name where its images are, for browsing) has no package.
    return !q.predictions.isEmpty() && q.modelDir.isEmpty() ? ThresholdRule::Kind::Youden
                                                            : ThresholdRule::Kind::Manifest;
}

EvaluationOutcome EvaluationJob::run(const EvaluationRequest& request,
                                     const std::function<void(const EvaluationProgress&)>& progress,
                                     const CancelToken& cancel)
{
    EvaluationOutcome s;
    s.error = validate(request);
    if (!s.error.isEmpty())
        return s;
    try {
        runInto(request, s, progress, cancel);
    } catch (const std::exception& e) {
        s.error = describeFailure(e);
    } catch (...) {
        s.error = describeUnknownFailure();
    }
    return s;
}

} // namespace chexview
