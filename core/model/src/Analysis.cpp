#include "chexview/model/Analysis.h"

#include <QElapsedTimer>

#include <algorithm>
#include <numeric>

namespace chexview {

std::vector<int> AnalysisResult::ranking() const
{
    std::vector<int> order(probabilities.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [this](int a, int b) {
        return probabilities[size_t(a)] > probabilities[size_t(b)];
    });
    return order;
}

AnalysisResult Analyzer::analyze(const InferenceEngine& engine, const XrayImage& image, bool tta)
{
    const ModelManifest& m = engine.manifest();
    AnalysisResult r;
    r.model = m.name;
    r.trained = m.trained;
    r.device = engine.options().device;
    r.precision = engine.options().precision;
    r.engine = engine.description();
    r.tta = tta;
    r.labels = m.labels;
    r.thresholds = m.thresholds;
    QElapsedTimer t;
    t.start();
    const std::vector<ModelInput> inputs =
        tta ? Preprocessor::tenCrop(image, m.preprocessing)
            : std::vector<ModelInput>{Preprocessor::prepare(image, m.preprocessing)};
    r.preprocessMs = t.nsecsElapsed() / 1e6;
    t.restart();
    const std::vector<Prediction> out = engine.run(inputs);
    r.inferenceMs = t.nsecsElapsed() / 1e6;
    r.probabilities.assign(14, 0.0f);
    for (const Prediction& p : out)
        for (size_t k = 0; k < 14; ++k)
            r.probabilities[k] += p.probabilities[k] / float(out.size());
    r.cams = out.front().cams; // centre crop, not flipped
    r.camHeight = out.front().camHeight;
    r.camWidth = out.front().camWidth;
    r.geometry = inputs.front().geometry;
    return r;
}

} // namespace chexview
