#include "chexview/model/Analysis.h"

#include "chexview/model/EngineError.h"

#include <QElapsedTimer>

#include <algorithm>
#include <iterator>
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
    return analyzeBatch(engine, {&image}, tta).front();
}

std::vector<AnalysisResult> Analyzer::analyzeBatch(const InferenceEngine& engine,
                                                   const std::vector<const XrayImage*>& images,
                                                   bool tta)
{
    if (images.empty())
        return {};
    const ModelManifest& m = engine.manifest();
    AnalysisResult base;
    base.model = m.name;
    base.trained = m.trained;
    base.device = engine.options().device;
    base.precision = engine.options().precision;
    base.engine = engine.description();
    base.tta = tta;
    base.labels = m.labels;
    base.thresholds = m.thresholds;
    QElapsedTimer t;
    t.start();
    std::vector<ModelInput> inputs;
    size_t perImage = 1;
    for (const XrayImage* image : images) {
        std::vector<ModelInput> crops =
            tta ? Preprocessor::tenCrop(*image, m.preprocessing)
                : std::vector<ModelInput>{Preprocessor::prepare(*image, m.preprocessing)};
        perImage = crops.size();
        std::move(crops.begin(), crops.end(), std::back_inserter(inputs));
    }
    const double preprocessMs = t.nsecsElapsed() / 1e6 / double(images.size());
    t.restart();
    const std::vector<Prediction> out = engine.run(inputs);
    if (out.size() != inputs.size())
        throw EngineError(EngineError::Code::InferenceFailed,
                          QStringLiteral("the engine returned %1 results for %2 inputs")
                              .arg(out.size())
                              .arg(inputs.size()));
    const double inferenceMs = t.nsecsElapsed() / 1e6 / double(images.size());
    std::vector<AnalysisResult> results(images.size(), base);
    for (size_t i = 0; i < images.size(); ++i) {
        AnalysisResult& r = results[i];
        r.preprocessMs = preprocessMs;
        r.inferenceMs = inferenceMs;
        r.probabilities.assign(14, 0.0f);
        const size_t first = i * perImage;
        for (size_t c = first; c < first + perImage; ++c)
            for (size_t k = 0; k < 14; ++k)
                r.probabilities[k] += out[c].probabilities[k] / float(perImage);
        r.cams = out[first].cams; // centre crop, not flipped
        r.camHeight = out[first].camHeight;
        r.camWidth = out[first].camWidth;
        r.geometry = inputs[first].geometry;
    }
    return results;
}

} // namespace chexview
