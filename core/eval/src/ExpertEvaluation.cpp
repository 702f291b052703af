#include "chexview/eval/ExpertEvaluation.h"

#include "chexview/eval/BinaryMetrics.h"
#include "chexview/eval/PatientBootstrap.h"

#include <algorithm>
#include <cmath>

namespace chexview {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double kappaOf(const ConfusionCounts& c)
{
    const double n = double(c.tp + c.fp + c.tn + c.fn);
    if (n == 0)
        return kNaN;
    const double po = double(c.tp + c.tn) / n;
    const double pe =
        (double(c.tp + c.fp) * double(c.tp + c.fn) + double(c.tn + c.fn) * double(c.tn + c.fp)) /
        (n * n);
    return pe < 1.0 ? (po - pe) / (1.0 - pe) : kNaN;
}

void count(ConfusionCounts& c, bool truth, bool called)
{
    if (truth)
        (called ? c.tp : c.fn) += 1;
    else
        (called ? c.fp : c.tn) += 1;
}

} // namespace

std::vector<int> ExpertEvaluation::scoreFindings(int e)
{
    const QStringList& f = chestXray14Findings();
    auto idx = [&](const char* name) { return int(f.indexOf(QLatin1String(name))); };
    switch (e) {
    case 1:
        return {idx("Pneumothorax")};
    case 2:
        return {idx("Consolidation"), idx("Pneumonia"), idx("Infiltration")};
    case 3:
        return {idx("Nodule"), idx("Mass")};
    default:
        return {};
    }
}

QString ExpertEvaluation::mappingText(int e)
{
    const std::vector<int> ks = scoreFindings(e);
    if (ks.empty())
        return QStringLiteral("no ChestX-ray14 finding");
    QStringList names;
    for (int k : ks)
        names << chestXray14Findings()[k];
    return ks.size() == 1 ? names.first()
                          : QStringLiteral("max(%1)").arg(names.join(QStringLiteral(", ")));
}

ExpertReport ExpertEvaluation::evaluate(const PredictionTable& predictions,
                                        const ExpertLabelTable& experts,
                                        const QHash<QString, uint16_t>& nihLabels,
                                        const std::vector<double>& thresholds,
                                        const EvaluationOptions& options)
{
    ExpertReport report;
    report.options = options;
    report.expertImages = int(experts.byImage.size());
    constexpr int E = ExpertLabelTable::kFindings;
    // One set whose "finding" e carries expert finding e's label (bit e) and mapped score, so
    // the patient bootstrap runs on it unchanged; images without that label are left out of
    // finding e through a per-finding subset below.
    struct Row
    {
        int prediction;
        const ExpertLabelTable::Record* record;
    };
    std::vector<Row> rows;
    for (int i = 0; i < predictions.size(); ++i) {
        const auto it = experts.byImage.constFind(predictions.images[size_t(i)]);
        if (it != experts.byImage.constEnd())
            rows.push_back({i, &*it});
    }
    report.images = int(rows.size());
    QHash<QString, int> patientsSeen;
    for (const Row& r : rows)
        patientsSeen.insert(r.record->patient, 0);
    report.patients = int(patientsSeen.size());

    report.findings.resize(size_t(E));
    for (int e = 0; e < E; ++e) {
        ExpertFinding& f = report.findings[size_t(e)];
        f.finding = ExpertLabels::findings()[e];
        f.mapping = mappingText(e);
        const std::vector<int> ks = scoreFindings(e);
        EvaluationSet set;
        set.scores.assign(size_t(kFindingCount), {});
        std::vector<uint8_t> called, nihTruth, hasNih;
        QHash<QString, int> patientOf;
        for (const Row& r : rows) {
            const int8_t v = r.record->values[size_t(e)];
            if (v < 0)
                continue;
            ++f.images;
            (v ? f.positives : f.negatives) += 1;
            const QString& image = predictions.images[size_t(r.prediction)];
            set.images << image;
            set.labels.push_back(uint16_t(v ? 1u : 0u));
            auto p = patientOf.constFind(r.record->patient);
            if (p == patientOf.constEnd()) {
                p = patientOf.insert(r.record->patient, int(set.patients.size()));
                set.patients << r.record->patient;
            }
            set.patientIndex.push_back(*p);
            double score = -std::numeric_limits<double>::infinity();
            bool c = false, haveAll = !ks.empty();
            for (int k : ks) {
                if (!predictions.hasFinding(k)) {
                    haveAll = false;
                    break;
                }
                const double s = predictions.columns[size_t(k)][size_t(r.prediction)];
                score = std::max(score, s);
                const double t = thresholds.size() > size_t(k) ? thresholds[size_t(k)] : kNaN;
                c = c || (!std::isnan(t) && s >= t);
            }
            if (haveAll)
                set.scores[0].push_back(score);
            called.push_back(uint8_t(c));
            const auto nih = nihLabels.constFind(image);
            bool nihPositive = false;
            if (nih != nihLabels.constEnd())
                for (int k : ks)
                    nihPositive = nihPositive || (*nih >> k & 1u);
            hasNih.push_back(uint8_t(nih != nihLabels.constEnd()));
            nihTruth.push_back(uint8_t(nihPositive));
        }
        if (ks.empty()) {
            f.reason = QStringLiteral("no ChestX-ray14 finding maps to it");
            continue;
        }
        if (set.scores[0].size() != size_t(set.size())) {
            f.reason = QStringLiteral("no prediction column for %1").arg(f.mapping);
            continue;
        }
        const std::vector<uint8_t> truth = Evaluator::truths(set, 0);
        const bool thresholded = std::all_of(ks.begin(), ks.end(), [&](int k) {
            return thresholds.size() > size_t(k) && !std::isnan(thresholds[size_t(k)]);
        });
        std::vector<double> nihScores;
        std::vector<uint8_t> nihT;
        for (int i = 0; i < set.size(); ++i) {
            if (thresholded)
                count(f.counts, truth[size_t(i)] != 0, called[size_t(i)] != 0);
            if (!hasNih[size_t(i)])
                continue;
            ++f.nihImages;
            count(f.agreement, truth[size_t(i)] != 0, nihTruth[size_t(i)] != 0);
            nihScores.push_back(set.scores[0][size_t(i)]);
            nihT.push_back(nihTruth[size_t(i)]);
        }
        if (f.nihImages) {
            f.percentAgreement = double(f.agreement.tp + f.agreement.tn) / double(f.nihImages);
            f.kappa = kappaOf(f.agreement);
            f.aurocNih = BinaryMetrics::auroc(nihScores, nihT);
        }
        if (f.positives == 0 || f.negatives == 0) {
            f.reason = f.positives == 0 ? QStringLiteral("no positive images")
                                        : QStringLiteral("no negative images");
            continue;
        }
        f.computable = true;
        f.auroc = BinaryMetrics::auroc(set.scores[0], truth);
        if (options.bootstrap > 0) {
            const BootstrapInterval ci = PatientBootstrap::aurocIntervals(
                set, {0}, options.bootstrap, options.seed, options.level, options.threads)[0];
            f.ciLow = ci.low;
            f.ciHigh = ci.high;
            f.ciResamples = ci.resamples;
        }
    }
    return report;
}

} // namespace chexview
