#include "EngineOptionsArgs.h"
#include "chexview/cli/Commands.h"
#include "chexview/dataset/LabelSource.h"
#include "chexview/eval/Calibration.h"
#include "chexview/eval/Evaluator.h"
#include "chexview/eval/PredictionCsvReader.h"
#include "chexview/eval/RecalibrationFit.h"
#include "chexview/model/EngineError.h"
#include "chexview/workflow/BatchInference.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace chexview {

namespace {

const char* const kUsage =
    "usage: chexview-cli calibrate --labels FILE|DIR (--predictions CSV | --images DIR)\n"
    "                              --model PACKAGE --out PACKAGE\n"
    "                              [--method temperature|platt|isotonic] [--holdout F]\n"
    "                              [--seed S] [--format table|json] [engine options]\n"
    "  fits a per-finding recalibration of the package's probabilities on labelled images and\n"
    "  writes a copy of the package that applies it (thresholds mapped alike). --predictions\n"
    "  must be the package's own, uncalibrated scores. --holdout F: fit on the other patients\n"
    "  and report ECE before/after on a seeded F of the patients (default 0: fit on all)\n";

struct Measured
{
    double eceBefore = std::nan(""), eceAfter = std::nan("");
    double brierBefore = std::nan(""), brierAfter = std::nan("");
};

// Copies the package's files (not its manifest) into an empty or new `out`.
bool copyPackage(const QString& from, const QString& out, QTextStream& err)
{
    if (QFileInfo::exists(out) && !QDir(out).isEmpty()) {
        err << "chexview-cli calibrate: " << out << " exists and is not empty\n";
        return false;
    }
    if (QFileInfo(from).canonicalFilePath() == QFileInfo(out).canonicalFilePath() ||
        !QDir().mkpath(out)) {
        err << "chexview-cli calibrate: cannot create " << out << '\n';
        return false;
    }
    const QDir src(from);
    QDirIterator it(from, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString rel = src.relativeFilePath(file);
        if (rel == QLatin1String("manifest.json"))
            continue;
        const QString to = QDir(out).filePath(rel);
        QDir().mkpath(QFileInfo(to).absolutePath());
        if (!QFile::copy(file, to)) {
            err << "chexview-cli calibrate: cannot copy " << rel << " to " << out << '\n';
            return false;
        }
    }
    return true;
}

} // namespace

int runCalibrateCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QString labelsPath, predictionsPath, imagesDir, model, outDir, format = QStringLiteral("table");
    QString methodName = QStringLiteral("temperature");
    double holdout = 0.0;
    uint64_t seed = 1;
    InferenceEngine::Options engineOptions;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        const bool hasValue = i + 1 < args.size();
        bool ok = true;
        QString usage;
        if (parseEngineOptions(args, i, model, engineOptions, usage)) {
            if (!usage.isEmpty()) {
                err << "chexview-cli calibrate: " << usage << '\n';
                return 2;
            }
            continue;
        }
        if (a == QLatin1String("--labels") && hasValue)
            labelsPath = args[++i];
        else if (a == QLatin1String("--predictions") && hasValue)
            predictionsPath = args[++i];
        else if (a == QLatin1String("--images") && hasValue)
            imagesDir = args[++i];
        else if (a == QLatin1String("--out") && hasValue)
            outDir = args[++i];
        else if (a == QLatin1String("--method") && hasValue)
            methodName = args[++i];
        else if (a == QLatin1String("--format") && hasValue)
            format = args[++i];
        else if (a == QLatin1String("--holdout") && hasValue) {
            holdout = args[++i].toDouble(&ok);
            ok = ok && holdout >= 0.0 && holdout < 1.0;
        } else if (a == QLatin1String("--seed") && hasValue)
            seed = args[++i].toULongLong(&ok);
        else {
            err << "chexview-cli calibrate: unexpected argument '" << a << "'\n" << kUsage;
            return 2;
        }
        if (!ok) {
            err << "chexview-cli calibrate: " << a << " needs "
                << (a == QLatin1String("--holdout") ? "a fraction in [0, 1)" : "a whole number")
                << '\n';
            return 2;
        }
    }
    Recalibration::Method method = Recalibration::Method::None;
    if (labelsPath.isEmpty() || model.isEmpty() || outDir.isEmpty() ||
        predictionsPath.isEmpty() == imagesDir.isEmpty() ||
        !Recalibration::parseMethod(methodName, method) ||
        (format != QLatin1String("table") && format != QLatin1String("json"))) {
        err << kUsage;
        return 2;
    }
    ModelManifest manifest;
    EvaluationSet set;
    QString scoredBy; // --images: the engine that scored them, e.g. "int8 on cpu (LibTorch)"
    try {
        manifest = ModelManifest::load(model);
        manifest.calibration = {}; // fit on the network's own probabilities
        PredictionTable table;
        if (!imagesDir.isEmpty()) {
            const InferenceEnginePtr engine = InferenceEngine::load(manifest, engineOptions);
            const BatchInference::Result r =
                BatchInference::run(*engine, BatchInference::imageFiles(imagesDir), {});
            for (const QString& f : r.failures)
                err << f << '\n';
            table = r.table;
            scoredBy = QStringLiteral("%1 on %2 (%3)")
                           .arg(toString(engine->precision()), toString(engine->device()),
                                engine->description());
        } else {
            table = PredictionCsvReader::read(predictionsPath);
        }
        set = EvaluationSet::fromPredictions(LabelSource::read(labelsPath), table);
    } catch (const EngineError& e) {
        err << "chexview-cli calibrate: error: " << e.message() << '\n';
        return 1;
    } catch (const std::exception& e) {
        err << "chexview-cli calibrate: error: " << e.what() << '\n';
        return 1;
    }
    if (set.size() == 0) {
        err << "chexview-cli calibrate: no image has both a label and a score\n";
        return 1;
    }
    std::vector<int> fitRows, heldRows;
    RecalibrationFit::splitPatients(set, holdout, seed, fitRows, heldRows);
    const EvaluationSet fitSet = RecalibrationFit::subset(set, fitRows);
    const EvaluationSet heldSet = holdout > 0 ? RecalibrationFit::subset(set, heldRows) : fitSet;
    Recalibration cal = RecalibrationFit::fitAll(method, fitSet);
    const EvaluationSet after = RecalibrationFit::applied(heldSet, cal);
    std::vector<Measured> measured(static_cast<size_t>(kFindingCount));
    double sumBefore = 0.0, sumAfter = 0.0;
    int over = 0;
    for (int k = 0; k < kFindingCount; ++k) {
        if (!heldSet.hasScores(k))
            continue;
        const std::vector<uint8_t> truth = Evaluator::truths(heldSet, k);
        const CalibrationMetrics b = Calibration::measure(heldSet.scores[size_t(k)], truth);
        const CalibrationMetrics a = Calibration::measure(after.scores[size_t(k)], truth);
        measured[size_t(k)] = {b.ece, a.ece, b.brier, a.brier};
        sumBefore += b.ece;
        sumAfter += a.ece;
        ++over;
    }
    const double meanBefore = over ? sumBefore / over : std::nan("");
    const double meanAfter = over ? sumAfter / over : std::nan("");
    cal.fittedOn = QJsonObject{
        {QStringLiteral("labels"), QFileInfo(labelsPath).fileName()},
        {QStringLiteral("images"), fitSet.size()},
        {QStringLiteral("patients"), int(fitSet.patients.size())},
        {QStringLiteral("held_out_images"), holdout > 0 ? heldSet.size() : 0},
        {QStringLiteral("held_out_fraction"), holdout},
        {QStringLiteral("seed"), QString::number(seed)},
        {QStringLiteral("mean_ece_before"), meanBefore},
        {QStringLiteral("mean_ece_after"), meanAfter},
        {QStringLiteral("date"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
    // What the scores came from; "images" above is the count, so the sources have keys of their
    // own.
    if (imagesDir.isEmpty()) {
        cal.fittedOn.insert(QStringLiteral("predictions_csv"),
                            QFileInfo(predictionsPath).fileName());
    } else {
        cal.fittedOn.insert(QStringLiteral("image_folder"), QFileInfo(imagesDir).fileName());
        cal.fittedOn.insert(QStringLiteral("scored_by"), scoredBy);
    }

    // The new package: same network files, a manifest with the map and mapped thresholds.
    QJsonObject raw = manifest.raw;
    QJsonArray thresholds;
    for (int k = 0; k < kFindingCount; ++k)
        thresholds.append(cal.apply(k, manifest.thresholds[size_t(k)]));
    raw.insert(QStringLiteral("thresholds"), thresholds);
    raw.insert(QStringLiteral("recalibration"), cal.toJson());
    raw.insert(QStringLiteral("name"),
               manifest.name + QStringLiteral(" (") + methodName + QStringLiteral("-calibrated)"));
    QJsonObject provenance = manifest.provenance;
    provenance.insert(QStringLiteral("recalibration"),
                      QStringLiteral("%1 per finding, fitted on %2 images (%3 patients) of %4; "
                                     "mean ECE %5 -> %6 on %7")
                          .arg(methodName)
                          .arg(fitSet.size())
                          .arg(fitSet.patients.size())
                          .arg(QFileInfo(labelsPath).fileName())
                          .arg(meanBefore, 0, 'f', 4)
                          .arg(meanAfter, 0, 'f', 4)
                          .arg(holdout > 0
                                   ? QStringLiteral("%1 held-out images").arg(heldSet.size())
                                   : QStringLiteral("the fitted images")));
    raw.insert(QStringLiteral("provenance"), provenance);
    if (!copyPackage(manifest.dir, outDir, err))
        return 1;
    QFile mf(QDir(outDir).filePath(QStringLiteral("manifest.json")));
    if (!mf.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        mf.write(QJsonDocument(raw).toJson(QJsonDocument::Indented)) < 0) {
        err << "chexview-cli calibrate: cannot write " << mf.fileName() << '\n';
        return 1;
    }
    mf.close();
    try {
        ModelManifest::load(outDir); // what the engine will read: hashes and the map
    } catch (const EngineError& e) {
        err << "chexview-cli calibrate: the new package does not load: " << e.message() << '\n';
        return 1;
    }

    if (format == QLatin1String("json")) {
        QJsonArray findings;
        for (int k = 0; k < kFindingCount; ++k) {
            const Measured& m = measured[size_t(k)];
            auto num = [](double v) {
                return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
            };
            findings.append(
                QJsonObject{{QStringLiteral("finding"), chestXray14Findings()[k]},
                            {QStringLiteral("ece_before"), num(m.eceBefore)},
                            {QStringLiteral("ece_after"), num(m.eceAfter)},
                            {QStringLiteral("brier_before"), num(m.brierBefore)},
                            {QStringLiteral("brier_after"), num(m.brierAfter)},
                            {QStringLiteral("map"),
                             cal.toJson().value(QStringLiteral("findings")).toArray().at(k)}});
        }
        out << QJsonDocument(
                   QJsonObject{{QStringLiteral("method"), methodName},
                               {QStringLiteral("fitted_on"), cal.fittedOn},
                               {QStringLiteral("findings"), findings},
                               {QStringLiteral("package"), QFileInfo(outDir).absoluteFilePath()}})
                   .toJson(QJsonDocument::Compact)
            << '\n';
        return 0;
    }
    out << QStringLiteral("%1 scaling fitted on %2 images (%3 patients); measured on %4\n")
               .arg(methodName)
               .arg(fitSet.size())
               .arg(fitSet.patients.size())
               .arg(holdout > 0 ? QStringLiteral("%1 held-out images (%2 patients)")
                                      .arg(heldSet.size())
                                      .arg(heldSet.patients.size())
                                : QStringLiteral("the same images"));
    out << QStringLiteral("%1 %2 %3 %4 %5\n")
               .arg(QStringLiteral("Finding"), -19)
               .arg(QStringLiteral("ECE before"), 10)
               .arg(QStringLiteral("after"), 8)
               .arg(QStringLiteral("Brier before"), 12)
               .arg(QStringLiteral("after"), 8);
    for (int k = 0; k < kFindingCount; ++k) {
        const Measured& m = measured[size_t(k)];
        out << QStringLiteral("%1 %2 %3 %4 %5\n")
                   .arg(chestXray14Findings()[k], -19)
                   .arg(m.eceBefore, 10, 'f', 4)
                   .arg(m.eceAfter, 8, 'f', 4)
                   .arg(m.brierBefore, 12, 'f', 4)
                   .arg(m.brierAfter, 8, 'f', 4);
    }
    out << QStringLiteral("Mean ECE %1 -> %2; package written to %3\n")
               .arg(meanBefore, 0, 'f', 4)
               .arg(meanAfter, 0, 'f', 4)
               .arg(QDir::toNativeSeparators(outDir));
    return 0;
}

} // namespace chexview
