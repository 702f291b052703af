#include "AuditArgs.h"
#include "EngineOptionsArgs.h"
#include "chexview/cli/Commands.h"
#include "chexview/eval/EvaluationFormatter.h"
#include "chexview/eval/ResearchFormatter.h"
#include "chexview/workflow/EvaluationJob.h"

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
    "                             [--batch N (default 16 on cpu; 64 on cuda/hpu)] [--cache FILE])\n"
    "                             [--bootstrap N] [--seed S] [--threshold manifest|youden|X]\n"
    "                             [--format table|csv|json] [--out DIR]\n"
    "                             [--boxes BBOX_LIST [--cam-threshold F]]   (with --images)\n"
    "                             [--compare-predictions CSV | --compare-precision P]\n"
    "  --boxes: pointing game and IoU of each finding's heatmap with NIH's expert boxes\n"
    "  --compare-*: source B (a CSV, or the same model at precision P over --images) against\n"
    "    the main source A: AUROC of each, B-A with a paired patient-bootstrap CI, max |dp|,\n"
    "    and the verdicts that flip at A's thresholds\n"
    "                             [--calibration] [--subgroups LIST [--demographics CSV]]\n"
    "                             [--expert-labels FILE]\n";

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

void printPass(const ScoringPass& pass, bool tta, QTextStream& err)
{
    const BatchInference::Result& r = pass.result;
    err << QStringLiteral("\n%1 images in %2 s (%3 images/s): %4 computed, %5 from the cache; "
                          "decode+preprocess %6 s (thread pool), inference %7 s; %8 %9%10\n")
               .arg(r.computed + r.cached)
               .arg(r.seconds, 0, 'f', 1)
               .arg(r.seconds > 0 ? (r.computed + r.cached) / r.seconds : 0.0, 0, 'f', 1)
               .arg(r.computed)
               .arg(r.cached)
               .arg(r.decodeSeconds, 0, 'f', 1)
               .arg(r.inferenceSeconds, 0, 'f', 1)
               .arg(toString(pass.precision), toString(pass.device),
                    tta ? QStringLiteral(", TTA") : QString());
    // Where the time goes, in CPU seconds (user + system): wall time on a shared machine
    // measures the neighbours too.
    const int n = std::max(1, r.computed), all = std::max(1, r.computed + r.cached);
    const double inferenceCpu =
        r.cpuSeconds - r.hashCpuSeconds - r.decodeCpuSeconds - r.preprocessCpuSeconds;
    err << QStringLiteral("CPU: model load %1 s; read+SHA-256 %2 ms per image")
               .arg(pass.loadCpuSeconds, 0, 'f', 2)
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
}

} // namespace

int runEvaluateCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    EvaluationRequest q;
    q.cacheFile = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
                  QStringLiteral("/chexview/evaluate-predictions.csv");
    QString outDir, format = QStringLiteral("table"), thresholdText, comparePrecision;
    AuditArgs audits;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        const bool hasValue = i + 1 < args.size();
        bool numberOk = true;
        QString usage;
        if (parseEngineOptions(args, i, q.modelDir, q.engine, usage)) {
            if (!usage.isEmpty()) {
                err << "chexview-cli evaluate: " << usage << '\n';
                return 2;
            }
            continue;
        }
        if (audits.parse(args, i))
            continue;
        if (a == QLatin1String("--labels") && hasValue)
            q.labels = args[++i];
        else if (a == QLatin1String("--predictions") && hasValue)
            q.predictions = args[++i];
        else if (a == QLatin1String("--images") && hasValue)
            q.imagesDir = args[++i];
        else if (a == QLatin1String("--batch") && hasValue) {
            q.batch = args[++i].toInt(&numberOk);
            numberOk = numberOk && q.batch >= 1;
        } else if (a == QLatin1String("--tta"))
            q.tta = true;
        else if (a == QLatin1String("--force"))
            q.forceGate = true;
        else if (a == QLatin1String("--cache") && hasValue)
            q.cacheFile = args[++i];
        else if (a == QLatin1String("--format") && hasValue)
            format = args[++i];
        else if (a == QLatin1String("--out") && hasValue)
            outDir = args[++i];
        else if (a == QLatin1String("--threshold") && hasValue)
            thresholdText = args[++i];
        else if (a == QLatin1String("--bootstrap") && hasValue)
            q.options.bootstrap = args[++i].toInt(&numberOk);
        else if (a == QLatin1String("--seed") && hasValue)
            q.options.seed = args[++i].toULongLong(&numberOk);
        else if (a == QLatin1String("--boxes") && hasValue)
            q.boxesFile = args[++i];
        else if (a == QLatin1String("--cam-threshold") && hasValue)
            q.camThreshold = args[++i].toDouble(&numberOk);
        else if (a == QLatin1String("--compare-predictions") && hasValue)
            q.comparePredictions = args[++i];
        else if (a == QLatin1String("--compare-precision") && hasValue)
            comparePrecision = args[++i];
        else {
            err << "chexview-cli evaluate: unexpected argument '" << a << "'\n"
                << kUsage << AuditArgs::usage();
            return 2;
        }
        if (!numberOk || q.options.bootstrap < 0 || q.options.bootstrap > 1000000 || q.batch < 0 ||
            q.batch > 1024 || !(q.camThreshold >= 0.0) || q.camThreshold > 1.0) {
            err << "chexview-cli evaluate: " << a
                << (a == QLatin1String("--cam-threshold") ? " needs a number in [0, 1]"
                                                          : " needs a non-negative whole number")
                << (a == QLatin1String("--bootstrap") ? " up to 1000000" : "") << '\n';
            return 2;
        }
    }
    if (!comparePrecision.isEmpty()) {
        q.comparePrecision = parsePrecision(comparePrecision);
        if (!q.comparePrecision) {
            err << "chexview-cli evaluate: --compare-precision takes "
                << namesOf(allPrecisions()).join(QLatin1Char('|')) << '\n';
            return 2;
        }
    }
    if (q.labels.isEmpty() || q.predictions.isEmpty() == q.imagesDir.isEmpty()) {
        err << kUsage;
        return 2;
    }
    if (q.comparePrecision && q.imagesDir.isEmpty()) {
        err << "chexview-cli evaluate: --compare-precision runs the model again: use it with "
               "--images\n";
        return 2;
    }
    if (!q.boxesFile.isEmpty() && q.imagesDir.isEmpty()) {
        err << "chexview-cli evaluate: --boxes needs the heatmaps: use it with --images\n";
        return 2;
    }
    const QString invalid = EvaluationJob::validate(q);
    if (!invalid.isEmpty()) {
        err << "chexview-cli evaluate: " << invalid << '\n';
        return 2;
    }
    if (format != QLatin1String("table") && format != QLatin1String("csv") &&
        format != QLatin1String("json")) {
        err << "chexview-cli evaluate: --format must be table, csv or json\n";
        return 2;
    }
    if (!thresholdText.isEmpty()) {
        ThresholdRule rule;
        QString error;
        if (!ThresholdRule::parse(thresholdText, rule, error)) {
            err << "chexview-cli evaluate: " << error << '\n';
            return 2;
        }
        q.threshold = rule;
    }
    const EvaluationOutcome o = EvaluationJob::run(
        q,
        [&err](const EvaluationProgress& p) {
            if (p.scoring.total == 0)
                return;
            err << QStringLiteral("\r%1/%2 images (%3 cached), %4 images/s, ETA %5 s   ")
                       .arg(p.scoring.done)
                       .arg(p.scoring.total)
                       .arg(p.scoring.cached)
                       .arg(p.scoring.imagesPerSecond, 0, 'f', 1)
                       .arg(p.scoring.etaSeconds, 0, 'f', 0);
            err.flush();
        },
        CancelToken());
    for (const ScoringPass& pass : o.passes)
        printPass(pass, q.tta, err);
    for (const QString& w : o.warnings)
        err << "chexview-cli evaluate: warning: " << w << '\n';
    if (!o.error.isEmpty()) {
        err << "chexview-cli evaluate: error: " << o.error << '\n';
        return 1;
    }
    AuditResults audited;
    if (!audited.compute(audits, q.labels, o.set, o.scores, o.report, err))
        return 1;
    const bool boxes = !q.boxesFile.isEmpty();
    if (format == QLatin1String("csv")) {
        out << EvaluationFormatter::csv(o.report);
    } else if (format == QLatin1String("json")) {
        QJsonObject json = EvaluationFormatter::json(o.report);
        if (boxes)
            json.insert(QStringLiteral("localization"),
                        ResearchFormatter::localizationJson(o.localization, o.localizationCases,
                                                            o.camThreshold));
        if (o.compared)
            json.insert(QStringLiteral("comparison"),
                        ResearchFormatter::comparisonJson(o.comparison));
        audited.addJson(json);
        out << QJsonDocument(json).toJson(QJsonDocument::Compact) << '\n';
    } else {
        out << EvaluationFormatter::table(o.report);
        if (boxes)
            out << ResearchFormatter::localizationTable(o.localization, o.boxedImages,
                                                        o.camThreshold);
        if (o.compared)
            out << ResearchFormatter::comparisonTable(o.comparison);
        out << audited.tables(o.report);
    }
    out.flush();
    if (!outDir.isEmpty() &&
        !(writeOutputs(outDir, o.set, o.report, err) && audited.write(outDir, o.report, err)))
        return 1;
    const QDir d(outDir);
    if (!outDir.isEmpty() && !o.passes.empty() &&
        !writeText(d.filePath(QStringLiteral("predictions.csv")),
                   predictionsCsv(o.passes.front().result.table), err))
        return 1;
    if (!outDir.isEmpty() && boxes &&
        !(writeText(d.filePath(QStringLiteral("localization.csv")),
                    ResearchFormatter::localizationCsv(o.localization), err) &&
          writeText(d.filePath(QStringLiteral("localization_cases.csv")),
                    ResearchFormatter::localizationCasesCsv(o.localizationCases), err)))
        return 1;
    if (!outDir.isEmpty() && o.compared &&
        !(writeText(d.filePath(QStringLiteral("comparison.csv")),
                    ResearchFormatter::comparisonCsv(o.comparison), err) &&
          writeText(d.filePath(QStringLiteral("flips.csv")),
                    ResearchFormatter::flipsCsv(o.comparison), err)))
        return 1;
    const QStringList unmatched = o.unmatched + audited.problems;
    for (const QString& line : unmatched)
        err << "chexview-cli evaluate: " << line << '\n';
    // Anything that did not pair up was left out of the numbers: say so through the exit code.
    return unmatched.isEmpty() ? 0 : 3;
}

} // namespace chexview
