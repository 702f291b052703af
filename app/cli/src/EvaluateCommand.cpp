#include "EngineOptionsArgs.h"
#include "chexview/cli/Commands.h"
#include "chexview/dataset/ExpertBoxes.h"
#include "chexview/dataset/LabelSource.h"
#include "chexview/eval/BatchScorer.h"
#include "chexview/eval/EvaluationFormatter.h"
#include "chexview/eval/PredictionCsvReader.h"
#include "chexview/eval/ResearchFormatter.h"
#include "chexview/gate/InputGate.h"
#include "chexview/model/EngineError.h"
#include "chexview/resources/ResourceLocator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

namespace chexview {

namespace {

const char* const kUsage =
    "usage: chexview-cli evaluate --labels FILE|DIR (--predictions CSV | --images DIR [--model "
    "DIR]\n"
    "                             [--precision P] [--device D] [--threads N] [--tta] [--force]\n"
    "                             [--batch N (default 16; 64 on cuda/hpu)] [--cache FILE])\n"
    "                             [--bootstrap N] [--seed S] [--threshold manifest|youden|X]\n"
    "                             [--format table|csv|json] [--out DIR]\n"
    "                             [--boxes BBOX_LIST [--cam-threshold F]]   (with --images)\n"
    "                             [--compare-predictions CSV | --compare-precision P]\n"
    "  --boxes: pointing game and IoU of each finding's heatmap with NIH's expert boxes\n"
    "  --compare-*: source B (a CSV, or the same model at precision P over --images) against\n"
    "    the main source A: AUROC of each, B-A with a paired patient-bootstrap CI, max |dp|,\n"
    "    and the verdicts that flip at A's thresholds\n";

bool writeText(const QString& path, const QString& text, QTextStream& err)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text.toUtf8()) < 0) {
        err << "chexview-cli evaluate: cannot write " << path << ": " << f.errorString() << '\n';
        return false;
    }
    return true;
}

bool writeOutputs(const QString& dir, const EvaluationSet& set, const EvaluationReport& report,
                  QTextStream& err)
{
    if (!QDir().mkpath(dir)) {
        err << "chexview-cli evaluate: cannot create " << dir << '\n';
        return false;
    }
    const QDir d(dir);
    bool ok = writeText(d.filePath(QStringLiteral("metrics.csv")), EvaluationFormatter::csv(report),
                        err) &&
              writeText(d.filePath(QStringLiteral("errors.csv")),
                        EvaluationFormatter::errorsCsv(set, report), err);
    for (int k = 0; k < kFindingCount && ok; ++k)
        if (set.hasScores(k))
            ok = writeText(d.filePath(QStringLiteral("roc_%1.csv").arg(chestXray14Findings()[k])),
                           EvaluationFormatter::rocCsv(set, k), err);
    return ok;
}

QString predictionsCsv(const PredictionTable& t)
{
    QString s = QStringLiteral("Image Index");
    for (const QString& f : chestXray14Findings())
        s += QStringLiteral(",prob_") + f;
    s += QLatin1Char('\n');
    for (int i = 0; i < t.size(); ++i) {
        s += t.images[size_t(i)];
        for (int k = 0; k < kFindingCount; ++k)
            s += QLatin1Char(',') + QString::number(t.columns[size_t(k)][size_t(i)], 'g', 9);
        s += QLatin1Char('\n');
    }
    return s;
}

// Runs the model over the folder; prints progress on stderr. Returns false on a fatal error.
bool scoreImages(const QString& dir, const QString& model, const InferenceEngine::Options& opt,
                 const BatchScorer::Options& scorerOptions, BatchScorer::Result& result,
                 QTextStream& err)
{
    InferenceEnginePtr engine;
    const double loadCpu = BatchScorer::processCpuSeconds();
    try {
        engine = InferenceEngine::load(ModelManifest::load(model), opt);
    } catch (const EngineError& e) {
        err << "chexview-cli evaluate: error: " << e.message() << '\n';
        return false;
    }
    const double loadCpuSeconds = BatchScorer::processCpuSeconds() - loadCpu;
    if (!engine->manifest().trained)
        err << "chexview-cli evaluate: warning: untrained demo weights — scores are meaningless\n";
    const QStringList files = BatchScorer::imageFiles(dir);
    if (files.isEmpty()) {
        err << "chexview-cli evaluate: error: no images in " << dir << '\n';
        return false;
    }
    const BatchScorer::Result r =
        BatchScorer::score(*engine, files, scorerOptions, [&err](const BatchScorer::Progress& p) {
            err << QStringLiteral("\r%1/%2 images (%3 cached), %4 images/s, ETA %5 s   ")
                       .arg(p.done)
                       .arg(p.total)
                       .arg(p.cached)
                       .arg(p.imagesPerSecond, 0, 'f', 1)
                       .arg(p.etaSeconds, 0, 'f', 0);
            err.flush();
        });
    err << QStringLiteral("\n%1 images in %2 s (%3 images/s): %4 computed, %5 from the cache; "
                          "decode+preprocess %6 s (thread pool), inference %7 s; %8 %9%10\n")
               .arg(r.computed + r.cached)
               .arg(r.seconds, 0, 'f', 1)
               .arg(r.seconds > 0 ? (r.computed + r.cached) / r.seconds : 0.0, 0, 'f', 1)
               .arg(r.computed)
               .arg(r.cached)
               .arg(r.decodeSeconds, 0, 'f', 1)
               .arg(r.inferenceSeconds, 0, 'f', 1)
               .arg(engine->options().precision, engine->options().device,
                    scorerOptions.tta ? QStringLiteral(", TTA") : QString());
    // Where the time goes, in CPU seconds (user + system): wall time on a shared machine
    // measures the neighbours too.
    const int n = std::max(1, r.computed), all = std::max(1, r.computed + r.cached);
    const double inferenceCpu =
        r.cpuSeconds - r.hashCpuSeconds - r.decodeCpuSeconds - r.preprocessCpuSeconds;
    err << QStringLiteral("CPU: model load %1 s; read+SHA-256 %2 ms per image")
               .arg(loadCpuSeconds, 0, 'f', 2)
               .arg(1000.0 * r.hashCpuSeconds / all, 0, 'f', 2);
    if (r.computed)
        err << QStringLiteral("; per computed image: decode %1 ms, preprocess %2 ms, inference "
                              "and the rest %3 ms (%4 ms in all)")
                   .arg(1000.0 * r.decodeCpuSeconds / n, 0, 'f', 2)
                   .arg(1000.0 * r.preprocessCpuSeconds / n, 0, 'f', 2)
                   .arg(1000.0 * inferenceCpu / n, 0, 'f', 2)
                   .arg(1000.0 * r.cpuSeconds / n, 0, 'f', 2);
    err << '\n';
    for (const QString& f : r.failures)
        err << f << '\n';
    // Images the input gate refused are not scored (--force scores them): counted and listed.
    if (!r.gated.isEmpty()) {
        err << QStringLiteral("%1 images refused by the input gate (not scored; --force scores "
                              "them):\n")
                   .arg(r.gated.size());
        for (const QString& g : r.gated)
            err << "  " << g << '\n';
    }
    result = r;
    return true;
}

} // namespace

int runEvaluateCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString labelsPath, predictionsPath, outDir, format = QStringLiteral("table");
    QString model, thresholdText, imagesDir, boxesPath, comparePredictions, comparePrecision;
    double camThreshold = Localization::kDefaultThreshold;
    BatchScorer::Options scorerOptions;
    bool forceGate = false;
    bool batchGiven = false;
    scorerOptions.cacheFile =
        QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
        QStringLiteral("/chexview/evaluate-predictions.csv");
    InferenceEngine::Options engineOptions;
    engineOptions.precision = QLatin1String(kDefaultPrecision); // as predict and the viewer
    EvaluationOptions options;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        const bool hasValue = i + 1 < args.size();
        bool numberOk = true;
        if (parseEngineOptions(args, i, model, engineOptions))
            continue;
        if (a == QLatin1String("--labels") && hasValue)
            labelsPath = args[++i];
        else if (a == QLatin1String("--predictions") && hasValue)
            predictionsPath = args[++i];
        else if (a == QLatin1String("--images") && hasValue)
            imagesDir = args[++i];
        else if (a == QLatin1String("--batch") && hasValue) {
            scorerOptions.batch = args[++i].toInt(&numberOk);
            batchGiven = true;
        } else if (a == QLatin1String("--tta"))
            scorerOptions.tta = true;
        else if (a == QLatin1String("--force"))
            forceGate = true;
        else if (a == QLatin1String("--cache") && hasValue)
            scorerOptions.cacheFile = args[++i];
        else if (a == QLatin1String("--format") && hasValue)
            format = args[++i];
        else if (a == QLatin1String("--out") && hasValue)
            outDir = args[++i];
        else if (a == QLatin1String("--threshold") && hasValue)
            thresholdText = args[++i];
        else if (a == QLatin1String("--bootstrap") && hasValue)
            options.bootstrap = args[++i].toInt(&numberOk);
        else if (a == QLatin1String("--seed") && hasValue)
            options.seed = args[++i].toULongLong(&numberOk);
        else if (a == QLatin1String("--boxes") && hasValue)
            boxesPath = args[++i];
        else if (a == QLatin1String("--cam-threshold") && hasValue)
            camThreshold = args[++i].toDouble(&numberOk);
        else if (a == QLatin1String("--compare-predictions") && hasValue)
            comparePredictions = args[++i];
        else if (a == QLatin1String("--compare-precision") && hasValue)
            comparePrecision = args[++i];
        else {
            err << "chexview-cli evaluate: unexpected argument '" << a << "'\n" << kUsage;
            return 2;
        }
        if (!numberOk || options.bootstrap < 0 || options.bootstrap > 1000000 ||
            scorerOptions.batch < 1 || scorerOptions.batch > 1024 || !(camThreshold >= 0.0) ||
            camThreshold > 1.0) {
            err << "chexview-cli evaluate: " << a
                << (a == QLatin1String("--cam-threshold") ? " needs a number in [0, 1]"
                                                          : " needs a non-negative whole number")
                << (a == QLatin1String("--bootstrap") ? " up to 1000000" : "") << '\n';
            return 2;
        }
    }
    // An accelerator needs big batches to be busy; the CPU default stays 16.
    if (!batchGiven && engineOptions.device != QLatin1String("cpu"))
        scorerOptions.batch = 64;
    if (labelsPath.isEmpty() || predictionsPath.isEmpty() == imagesDir.isEmpty()) {
        err << kUsage;
        return 2;
    }
    if (!boxesPath.isEmpty() && imagesDir.isEmpty()) {
        err << "chexview-cli evaluate: --boxes needs the heatmaps: use it with --images\n";
        return 2;
    }
    if (!comparePredictions.isEmpty() && !comparePrecision.isEmpty()) {
        err << "chexview-cli evaluate: one of --compare-predictions and --compare-precision\n";
        return 2;
    }
    if (!comparePrecision.isEmpty() && imagesDir.isEmpty()) {
        err << "chexview-cli evaluate: --compare-precision runs the model again: use it with "
               "--images\n";
        return 2;
    }
    if (format != QLatin1String("table") && format != QLatin1String("csv") &&
        format != QLatin1String("json")) {
        err << "chexview-cli evaluate: --format must be table, csv or json\n";
        return 2;
    }
    // The operating threshold: the model package's when one is named, else Youden's.
    if (thresholdText.isEmpty())
        thresholdText = model.isEmpty() && imagesDir.isEmpty() ? QStringLiteral("youden")
                                                               : QStringLiteral("manifest");
    if (model.isEmpty() && !imagesDir.isEmpty())
        model = ResourceLocator::defaultModel();
    QString error;
    if (!ThresholdRule::parse(thresholdText, options.threshold, error)) {
        err << "chexview-cli evaluate: " << error << '\n';
        return 2;
    }
    if (options.threshold.kind == ThresholdRule::Kind::Manifest) {
        try {
            const ModelManifest m = ModelManifest::load(
                model.isEmpty() ? ResourceLocator::defaultModel() : model, false);
            options.threshold.perFinding = m.thresholds;
            if (m.labels != chestXray14Findings()) {
                err << "chexview-cli evaluate: the model's labels are not the 14 ChestX-ray14 "
                       "findings in order\n";
                return 1;
            }
        } catch (const EngineError& e) {
            err << "chexview-cli evaluate: error: " << e.message() << '\n';
            return 1;
        }
    }
    if (!forceGate)
        scorerOptions.gate = [](const XrayImage& image) {
            const GateVerdict v = InputGate::check(image);
            return v.isRefused() ? v.reasons.join(QStringLiteral("; ")) : QString();
        };
    ExpertBoxes boxes;
    if (!boxesPath.isEmpty()) {
        try {
            boxes = ExpertBoxes::read(boxesPath);
        } catch (const std::exception& e) {
            err << "chexview-cli evaluate: error: " << e.what() << '\n';
            return 1;
        }
        scorerOptions.keepCams = [&boxes](const QString& name) {
            return !boxes.boxesFor(name).isEmpty();
        };
    }
    EvaluationSet set, setB;
    BatchScorer::Result computed, computedB;
    if (!imagesDir.isEmpty()) {
        if (!scorerOptions.cacheFile.isEmpty())
            QDir().mkpath(QFileInfo(scorerOptions.cacheFile).absolutePath());
        if (!scoreImages(imagesDir, model, engineOptions, scorerOptions, computed, err))
            return 1;
        if (!comparePrecision.isEmpty()) {
            InferenceEngine::Options o = engineOptions;
            o.precision = comparePrecision;
            BatchScorer::Options so = scorerOptions;
            so.keepCams = {};
            if (!scoreImages(imagesDir, model, o, so, computedB, err))
                return 1;
        }
    }
    try {
        const LabeledDataset labels = LabelSource::read(labelsPath);
        set = EvaluationSet::fromPredictions(
            labels,
            imagesDir.isEmpty() ? PredictionCsvReader::read(predictionsPath) : computed.table);
        if (!comparePrecision.isEmpty())
            setB = EvaluationSet::fromPredictions(labels, computedB.table);
        else if (!comparePredictions.isEmpty())
            setB = EvaluationSet::fromPredictions(labels,
                                                  PredictionCsvReader::read(comparePredictions));
    } catch (const std::exception& e) {
        err << "chexview-cli evaluate: error: " << e.what() << '\n';
        return 1;
    }
    const EvaluationReport report = Evaluator::evaluate(set, options);
    std::vector<LocalizationCase> cases;
    for (const BatchScorer::ImageCams& c : computed.cams) {
        const std::vector<LocalizationCase> one =
            Localization::evaluateImage(c.image, c.cams, c.camWidth, c.camHeight, c.geometry,
                                        boxes.boxesFor(c.image), camThreshold);
        cases.insert(cases.end(), one.begin(), one.end());
    }
    const std::vector<LocalizationSummary> localization = Localization::summarize(cases);
    const bool comparing = !comparePredictions.isEmpty() || !comparePrecision.isEmpty();
    ComparisonReport comparison;
    if (comparing) {
        comparison = SourceComparison::compare(set, setB, options);
        const QString modelName = QFileInfo(model).fileName();
        comparison.nameA = imagesDir.isEmpty()
                               ? QFileInfo(predictionsPath).fileName()
                               : QStringLiteral("%1 %2").arg(modelName, engineOptions.precision);
        comparison.nameB = comparePrecision.isEmpty()
                               ? QFileInfo(comparePredictions).fileName()
                               : QStringLiteral("%1 %2").arg(modelName, comparePrecision);
    }
    int boxedImages = 0;
    for (const BatchScorer::ImageCams& c : computed.cams)
        boxedImages += !c.image.isEmpty();
    if (format == QLatin1String("csv")) {
        out << EvaluationFormatter::csv(report);
    } else if (format == QLatin1String("json")) {
        QJsonObject o = EvaluationFormatter::json(report);
        if (!boxesPath.isEmpty())
            o.insert(QStringLiteral("localization"),
                     ResearchFormatter::localizationJson(localization, cases, camThreshold));
        if (comparing)
            o.insert(QStringLiteral("comparison"), ResearchFormatter::comparisonJson(comparison));
        out << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
    } else {
        out << EvaluationFormatter::table(report);
        if (!boxesPath.isEmpty())
            out << ResearchFormatter::localizationTable(localization, boxedImages, camThreshold);
        if (comparing)
            out << ResearchFormatter::comparisonTable(comparison);
    }
    out.flush();
    if (!outDir.isEmpty() && !writeOutputs(outDir, set, report, err))
        return 1;
    const QDir d(outDir);
    if (!outDir.isEmpty() && !imagesDir.isEmpty() &&
        !writeText(d.filePath(QStringLiteral("predictions.csv")), predictionsCsv(computed.table),
                   err))
        return 1;
    if (!outDir.isEmpty() && !boxesPath.isEmpty() &&
        !(writeText(d.filePath(QStringLiteral("localization.csv")),
                    ResearchFormatter::localizationCsv(localization), err) &&
          writeText(d.filePath(QStringLiteral("localization_cases.csv")),
                    ResearchFormatter::localizationCasesCsv(cases), err)))
        return 1;
    if (!outDir.isEmpty() && comparing &&
        !(writeText(d.filePath(QStringLiteral("comparison.csv")),
                    ResearchFormatter::comparisonCsv(comparison), err) &&
          writeText(d.filePath(QStringLiteral("flips.csv")),
                    ResearchFormatter::flipsCsv(comparison), err)))
        return 1;
    QStringList unmatched = EvaluationFormatter::matchLines(report.match);
    if (comparing && (comparison.onlyInA || comparison.onlyInB))
        unmatched << QStringLiteral("compare: %1 images scored only by A, %2 only by B")
                         .arg(comparison.onlyInA)
                         .arg(comparison.onlyInB);
    for (const QString& line : unmatched)
        err << "chexview-cli evaluate: " << line << '\n';
    // Anything that did not pair up was left out of the numbers: say so through the exit code.
    return unmatched.isEmpty() ? 0 : 3;
}

} // namespace chexview
