// Evaluation speed: all metrics for the 22,433-image CheXNet test split x 14 findings with 1,000
// patient resamples. Labels and patients are the real test list; the scores are synthetic
// (label + noise, rounded to 3 decimals so ties exist). Prints the median of 5 runs: of the
// evaluation (calibration included), of the subgroup audit by sex, age band and view (Data_Entry's
// columns, 1,000 resamples) and of the evaluation against the radiologists' labels, and of all
// three together.
#include "chexview/dataset/ImageAttributes.h"
#include "chexview/dataset/LabelSource.h"
#include "chexview/eval/Evaluator.h"
#include "chexview/eval/ExpertEvaluation.h"
#include "chexview/eval/SubgroupAudit.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <sys/resource.h>
#include <thread>

using namespace chexview;

namespace {

// CPU seconds (user + system) of the process so far: on a shared machine wall time measures
// the neighbours too.
double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QString list = argc > 1 ? QString::fromLocal8Bit(argv[1])
                                  : QStringLiteral(CHEXVIEW_SHARED_DATA "/nih/lists/test_list.txt");
    const int resamples = argc > 2 ? std::atoi(argv[2]) : 1000;
    const LabeledDataset labels = LabelSource::read(list);
    PredictionTable p;
    std::mt19937_64 rng(7);
    std::normal_distribution<double> noise(0.0, 1.0);
    for (const LabelRecord& r : labels.splits[0].records) {
        p.images.push_back(r.image);
        for (int k = 0; k < kFindingCount; ++k) {
            const double z = 1.2 * double(r.labels >> k & 1u) + noise(rng);
            p.columns[size_t(k)].push_back(std::round(1000.0 / (1.0 + std::exp(-z + 2.0))) /
                                           1000.0);
        }
    }
    QElapsedTimer t;
    t.start();
    const EvaluationSet set = EvaluationSet::fromPredictions(labels, p);
    const double matchMs = t.nsecsElapsed() / 1e6;
    EvaluationOptions o;
    o.bootstrap = resamples;
    const ImageAttributeTable demo = ImageAttributes::read(
        QStringLiteral(CHEXVIEW_SHARED_DATA "/nih/meta/Data_Entry_2017_v2020.csv.gz"),
        {QStringLiteral("Patient Gender"), QStringLiteral("Patient Age"),
         QStringLiteral("View Position")});
    const ExpertLabelTable experts = ExpertLabels::read(
        QStringLiteral(CHEXVIEW_SHARED_DATA "/nih/meta/google2019_nih-chest-xray-labels.csv.gz"));
    QHash<QString, uint16_t> nih;
    for (int i = 0; i < set.size(); ++i)
        nih.insert(set.images[i], set.labels[size_t(i)]);
    std::vector<double> ms, subMs, expertMs, allMs, allCpu;
    EvaluationReport r;
    SubgroupReport sub;
    ExpertReport ex;
    for (int i = 0; i < 5; ++i) {
        const double cpu0 = cpuSeconds();
        t.restart();
        r = Evaluator::evaluate(set, o);
        ms.push_back(t.nsecsElapsed() / 1e6);
        std::vector<double> thresholds;
        for (const FindingMetrics& m : r.findings)
            thresholds.push_back(m.threshold);
        t.restart();
        std::vector<SubgroupAttribute> attrs;
        for (const char* name : {"sex", "age", "view"})
            attrs.push_back(SubgroupAttributes::build(set, QString::fromLatin1(name), demo));
        sub = SubgroupAudit::audit(set, attrs, thresholds, o);
        subMs.push_back(t.nsecsElapsed() / 1e6);
        t.restart();
        ex = ExpertEvaluation::evaluate(p, experts, nih, thresholds, o);
        expertMs.push_back(t.nsecsElapsed() / 1e6);
        allMs.push_back(ms.back() + subMs.back() + expertMs.back());
        allCpu.push_back(1000.0 * (cpuSeconds() - cpu0));
    }
    for (auto* v : {&ms, &subMs, &expertMs, &allMs, &allCpu})
        std::sort(v->begin(), v->end());
    std::printf("{\"images\": %d, \"patients\": %d, \"findings\": %d, \"resamples\": %d, "
                "\"threads\": %d, \"match_ms\": %.1f, \"evaluate_ms_median\": %.1f, "
                "\"evaluate_ms_min\": %.1f, \"evaluate_ms_max\": %.1f, \"mean_auroc\": %.4f, "
                "\"subgroups\": %d, \"subgroups_ms_median\": %.1f, \"expert_images\": %d, "
                "\"expert_ms_median\": %.1f, \"all_ms_median\": %.1f, \"all_ms_max\": %.1f, "
                "\"all_cpu_ms_median\": %.1f}\n",
                r.images, r.patients, r.meanOver, resamples,
                int(std::max(1u, std::thread::hardware_concurrency())), matchMs, ms[2], ms[0],
                ms[4], r.meanAuroc, int(sub.groups.size()), subMs[2], ex.images, expertMs[2],
                allMs[2], allMs[4], allCpu[2]);
    return 0;
}
