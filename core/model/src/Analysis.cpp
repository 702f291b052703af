#include "chexview/model/Analysis.h"
#include "chexview/dataset/ChestXray14.h"

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

std::vector<ModelInput> Analyzer::prepare(const XrayImage& image, const PreprocessSpec& spec,
                                          bool tta)
{
    if (tta)
        return Preprocessor::tenCrop(image, spec);
    return {Preprocessor::prepare(image, spec)};
}

std::vector<AnalysisResult> Analyzer::analyzeBatch(const InferenceEngine& engine,
                                                   const std::vector<const XrayImage*>& images,
                                                   bool tta)
{
    if (images.empty())
        return {};
    QElapsedTimer t;
    t.start();
    std::vector<std::vector<ModelInput>> perImage;
    perImage.reserve(images.size());
    for (const XrayImage* image : images)
        perImage.push_back(prepare(*image, engine.manifest().preprocessing, tta));
    const double preprocessMs = t.nsecsElapsed() / 1e6 / double(images.size());
    std::vector<AnalysisResult> results = analyzePrepared(engine, perImage, tta);
    for (AnalysisResult& r : results)
        r.preprocessMs = preprocessMs;
    return results;
}

std::vector<AnalysisResult>
Analyzer::analyzePrepared(const InferenceEngine& engine,
                          const std::vector<std::vector<ModelInput>>& perImage, bool tta)
{
    if (perImage.empty())
        return {};
    const ModelManifest& m = engine.manifest();
    AnalysisResult base;
    base.model = m.name;
    base.trained = m.trained;
    base.device = toString(engine.device());
    base.precision = toString(engine.precision());
    base.engine = engine.description();
    base.tta = tta;
    base.labels = m.labels;
    base.thresholds = m.thresholds;
    std::vector<ModelInput> inputs;
    std::vector<size_t> first;
    for (const std::vector<ModelInput>& crops : perImage) {
        if (crops.empty())
            throw EngineError(EngineError::Code::InferenceFailed,
                              QStringLiteral("an image without model inputs"));
        first.push_back(inputs.size());
        inputs.insert(inputs.end(), crops.begin(), crops.end());
    }
    QElapsedTimer t;
    t.start();
    const std::vector<Prediction> out = engine.run(inputs);
    if (out.size() != inputs.size())
        throw EngineError(EngineError::Code::InferenceFailed,
                          QStringLiteral("the engine returned %1 results for %2 inputs")
                              .arg(out.size())
                              .arg(inputs.size()));
    const double inferenceMs = t.nsecsElapsed() / 1e6 / double(perImage.size());
    std::vector<AnalysisResult> results(perImage.size(), base);
    for (size_t i = 0; i < perImage.size(); ++i) {
        AnalysisResult& r = results[i];
        r.inferenceMs = inferenceMs;
        r.probabilities.assign(size_t(kFindingCount), 0.0f);
        const size_t n = perImage[i].size();
        for (size_t c = first[i]; c < first[i] + n; ++c)
            for (size_t k = 0; k < size_t(kFindingCount); ++k)
                r.probabilities[k] += out[c].probabilities[k] / float(n);
        r.cams = out[first[i]].cams; // centre crop, not flipped
        r.cams.geometry = inputs[first[i]].geometry;
    }
    return results;
}

} // namespace chexview
