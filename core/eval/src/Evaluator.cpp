#include "chexview/eval/Evaluator.h"

#include "chexview/eval/PatientBootstrap.h"

#include <cmath>

namespace chexview {

QString ThresholdRule::describe() const
{
    switch (kind) {
    case Kind::Manifest:
        return QStringLiteral("manifest");
    case Kind::Youden:
        return QStringLiteral("youden");
    case Kind::Fixed:
        break;
    }
    return QString::number(value, 'g', 6);
}

bool ThresholdRule::parse(const QString& text, ThresholdRule& rule, QString& error)
{
    if (text == QLatin1String("manifest")) {
        rule.kind = Kind::Manifest;
        return true;
    }
    if (text == QLatin1String("youden")) {
        rule.kind = Kind::Youden;
        return true;
    }
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok || !std::isfinite(v) || v < 0.0 || v > 1.0) {
        error = QStringLiteral("--threshold must be manifest, youden or a number in [0, 1], not "
                               "'%1'")
                    .arg(text);
        return false;
    }
    rule.kind = Kind::Fixed;
    rule.value = v;
    return true;
}

std::vector<uint8_t> Evaluator::truths(const EvaluationSet& set, int k)
{
    std::vector<uint8_t> t(size_t(set.size()));
    for (int i = 0; i < set.size(); ++i)
        t[size_t(i)] = uint8_t(set.positive(i, k));
    return t;
}

double Evaluator::thresholdFor(const EvaluationSet& set, int k, const ThresholdRule& rule)
{
    switch (rule.kind) {
    case ThresholdRule::Kind::Manifest:
        return size_t(k) < rule.perFinding.size() ? rule.perFinding[size_t(k)]
                                                  : FindingMetrics::kNaN;
    case ThresholdRule::Kind::Fixed:
        return rule.value;
    case ThresholdRule::Kind::Youden:
        break;
    }
    if (!set.hasScores(k))
        return FindingMetrics::kNaN;
    return BinaryMetrics::youdenThreshold(set.scores[size_t(k)], truths(set, k));
}

EvaluationReport Evaluator::evaluate(const EvaluationSet& set, const EvaluationOptions& options)
{
    EvaluationReport report;
    report.images = set.size();
    report.patients = int(set.patients.size());
    report.options = options;
    report.match = set.match;
    report.findings.resize(size_t(kFindingCount));
    std::vector<int> computable;
    for (int k = 0; k < kFindingCount; ++k) {
        FindingMetrics& m = report.findings[size_t(k)];
        m.finding = chestXray14Findings()[k];
        const std::vector<uint8_t> truth = truths(set, k);
        for (uint8_t t : truth)
            (t ? m.positives : m.negatives) += 1;
        if (!set.hasScores(k)) {
            m.reason = QStringLiteral("no prediction column");
            continue;
        }
        const std::vector<double>& scores = set.scores[size_t(k)];
        m.threshold = thresholdFor(set, k, options.threshold);
        if (!std::isnan(m.threshold))
            m.counts = BinaryMetrics::countsAt(scores, truth, m.threshold);
        m.averagePrecision = BinaryMetrics::averagePrecision(scores, truth);
        m.calibration = Calibration::measure(scores, truth);
        if (m.positives == 0 || m.negatives == 0) {
            m.reason = m.positives == 0 ? QStringLiteral("no positive images")
                                        : QStringLiteral("no negative images");
            continue;
        }
        m.computable = true;
        m.auroc = BinaryMetrics::auroc(scores, truth);
        computable.push_back(k);
    }
    if (options.bootstrap > 0) {
        const std::vector<BootstrapInterval> ci = PatientBootstrap::aurocIntervals(
            set, computable, options.bootstrap, options.seed, options.level, options.threads);
        for (int k : computable) {
            FindingMetrics& m = report.findings[size_t(k)];
            m.ciLow = ci[size_t(k)].low;
            m.ciHigh = ci[size_t(k)].high;
            m.ciResamples = ci[size_t(k)].resamples;
        }
    }
    double sum = 0.0;
    for (int k : computable)
        sum += report.findings[size_t(k)].auroc;
    report.meanOver = int(computable.size());
    if (report.meanOver)
        report.meanAuroc = sum / report.meanOver;
    return report;
}

} // namespace chexview
