// Evaluation speed: all metrics for the 22,433-image CheXNet test split x 14 findings with 1,000
// patient resamples. Labels and patients are the real test list; the scores are synthetic
// (label + noise, rounded to 3 decimals so ties exist). Prints the median of 5 runs.
#include "chexview/dataset/LabelSource.h"
#include "chexview/eval/Evaluator.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <thread>

using namespace chexview;

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
    std::vector<double> ms;
    EvaluationReport r;
    for (int i = 0; i < 5; ++i) {
        t.restart();
        r = Evaluator::evaluate(set, o);
        ms.push_back(t.nsecsElapsed() / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("{\"images\": %d, \"patients\": %d, \"findings\": %d, \"resamples\": %d, "
                "\"threads\": %d, \"match_ms\": %.1f, \"evaluate_ms_median\": %.1f, "
                "\"evaluate_ms_min\": %.1f, \"evaluate_ms_max\": %.1f, \"mean_auroc\": %.4f}\n",
                r.images, r.patients, r.meanOver, resamples,
                int(std::max(1u, std::thread::hardware_concurrency())), matchMs, ms[2], ms[0],
                ms[4], r.meanAuroc);
    return 0;
}
