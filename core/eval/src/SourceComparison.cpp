#include "chexview/eval/SourceComparison.h"

#include "chexview/eval/BinaryMetrics.h"
#include "chexview/eval/PatientBootstrap.h"

#include <QHash>

#include <algorithm>
#include <cmath>

namespace chexview {

ComparisonReport SourceComparison::compare(const EvaluationSet& a, const EvaluationSet& b,
                                           const EvaluationOptions& options)
{
    ComparisonReport r;
    r.options = options;
    QHash<QString, int> inB;
    for (int i = 0; i < b.size(); ++i)
        inB.insert(b.images[i], i);
    // Both aligned to A's images, patients and labels: the bootstrap then draws the same
    // patients for both.
    EvaluationSet sa, sb;
    std::vector<int> rowA, rowB;
    QHash<int, int> patientMap;
    for (int i = 0; i < a.size(); ++i) {
        const auto it = inB.constFind(a.images[i]);
        if (it == inB.constEnd()) {
            ++r.onlyInA;
            continue;
        }
        rowA.push_back(i);
        rowB.push_back(*it);
        sa.images << a.images[i];
        sa.labels.push_back(a.labels[size_t(i)]);
        const int p = a.patientIndex[size_t(i)];
        auto pm = patientMap.constFind(p);
        if (pm == patientMap.constEnd()) {
            pm = patientMap.insert(p, int(sa.patients.size()));
            sa.patients << a.patients[p];
        }
        sa.patientIndex.push_back(*pm);
    }
    r.onlyInB = b.size() - int(rowB.size());
    r.images = sa.images;
    sb.images = sa.images;
    sb.labels = sa.labels;
    sb.patients = sa.patients;
    sb.patientIndex = sa.patientIndex;
    sa.scores.assign(size_t(kFindingCount), {});
    sb.scores.assign(size_t(kFindingCount), {});
    for (int k = 0; k < kFindingCount; ++k) {
        if (!a.hasScores(k) || !b.hasScores(k))
            continue;
        for (size_t j = 0; j < rowA.size(); ++j) {
            sa.scores[size_t(k)].push_back(a.scores[size_t(k)][size_t(rowA[j])]);
            sb.scores[size_t(k)].push_back(b.scores[size_t(k)][size_t(rowB[j])]);
        }
    }

    r.findings.resize(size_t(kFindingCount));
    double sumA = 0.0, sumB = 0.0;
    const double tail = (1.0 - options.level) / 2.0 * 100.0;
    for (int k = 0; k < kFindingCount; ++k) {
        FindingComparison& f = r.findings[size_t(k)];
        f.finding = chestXray14Findings()[k];
        if (!sa.hasScores(k)) {
            f.reason = QStringLiteral("no scores in both sources");
            continue;
        }
        const std::vector<double>& pa = sa.scores[size_t(k)];
        const std::vector<double>& pb = sb.scores[size_t(k)];
        const std::vector<uint8_t> truth = Evaluator::truths(sa, k);
        f.aurocA = BinaryMetrics::auroc(pa, truth);
        f.aurocB = BinaryMetrics::auroc(pb, truth);
        f.threshold = Evaluator::thresholdFor(sa, k, options.threshold);
        for (size_t i = 0; i < pa.size(); ++i) {
            const double d = std::abs(pb[i] - pa[i]);
            if (f.maxAbsDeltaIndex < 0 || d > f.maxAbsDelta) {
                f.maxAbsDelta = d;
                f.maxAbsDeltaIndex = int(i);
            }
            if (!std::isnan(f.threshold) && (pa[i] >= f.threshold) != (pb[i] >= f.threshold)) {
                ++f.flips;
                f.flipsToPositive += pb[i] >= f.threshold;
                r.flips.push_back({int(i), k, pa[i], pb[i], truth[i] != 0});
            }
        }
        if (std::isnan(f.aurocA)) {
            f.reason = QStringLiteral("not both classes");
            continue;
        }
        f.computable = true;
        f.delta = f.aurocB - f.aurocA;
        sumA += f.aurocA;
        sumB += f.aurocB;
        ++r.meanOver;
        if (options.bootstrap <= 0)
            continue;
        const std::vector<double> ra = PatientBootstrap::resampledAurocs(
            sa, k, options.bootstrap, options.seed, options.threads);
        const std::vector<double> rb = PatientBootstrap::resampledAurocs(
            sb, k, options.bootstrap, options.seed, options.threads);
        std::vector<double> deltas;
        for (size_t i = 0; i < ra.size(); ++i)
            if (!std::isnan(ra[i]) && !std::isnan(rb[i]))
                deltas.push_back(rb[i] - ra[i]);
        f.ciResamples = int(deltas.size());
        f.ciLow = PatientBootstrap::percentile(deltas, tail);
        f.ciHigh = PatientBootstrap::percentile(deltas, 100.0 - tail);
    }
    if (r.meanOver) {
        r.meanA = sumA / r.meanOver;
        r.meanB = sumB / r.meanOver;
    }
    std::stable_sort(r.flips.begin(), r.flips.end(),
                     [](const VerdictFlip& x, const VerdictFlip& y) {
                         if (x.finding != y.finding)
                             return x.finding < y.finding;
                         return std::abs(x.b - x.a) > std::abs(y.b - y.a);
                     });
    return r;
}

} // namespace chexview
