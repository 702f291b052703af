#pragma once

#include "chexview/image/XrayImage.h"
#include "chexview/model/InferenceEngine.h"

#include <QMetaType>
#include <QStringList>

#include <vector>

namespace chexview {

/// Scores and CAMs of one image, plus what produced them. Plain value type.
struct AnalysisResult
{
    QString file;
    QString model;
    bool trained = false;
    QString device;
    QString precision;
    QString engine; ///< InferenceEngine::description(): "LibTorch", "worker, torch 1.13.1"
    bool tta = false;
    QStringList labels;
    std::vector<double> thresholds;
    std::vector<float> probabilities;
    ClassActivationMaps cams; ///< the 14 raw maps and where they lie in the image
    double preprocessMs = 0.0;
    double inferenceMs = 0.0;

    bool isEmpty() const { return probabilities.empty(); }
    bool isPositive(int finding) const
    {
        return probabilities[size_t(finding)] >= thresholds[size_t(finding)];
    }
    /// Finding indices by descending score.
    std::vector<int> ranking() const;
};

/// Runs the manifest's preprocessing and the engine on one image (optionally ten-crop TTA:
/// probabilities averaged over the crops, CAMs from the centre crop).
/// Pure apart from the engine call; callable from a worker thread.
class Analyzer
{
public:
    static AnalysisResult analyze(const InferenceEngine& engine, const XrayImage& image,
                                  bool tta = false);
    /// The same for several images in one engine call (N, or 10 N with TTA, inputs): what an
    /// accelerator needs to be busy. Results are in the order of `images`; preprocessMs and
    /// inferenceMs are the batch's, divided by the number of images.
    static std::vector<AnalysisResult> analyzeBatch(const InferenceEngine& engine,
                                                    const std::vector<const XrayImage*>& images,
                                                    bool tta = false);
    /// The model inputs of one image: the manifest's preprocessing, or its ten crops with TTA
    /// (the plain centre crop first). Pure; any thread (batch inference runs it on a pool).
    static std::vector<ModelInput> prepare(const XrayImage& image, const PreprocessSpec& spec,
                                           bool tta);
    /// One engine call for images already prepared (`perImage[i]` = prepare(image i)): the
    /// probabilities averaged over each image's inputs, its CAMs from the first (centre) one.
    /// inferenceMs is the call's time divided by the number of images; preprocessMs is 0.
    static std::vector<AnalysisResult>
    analyzePrepared(const InferenceEngine& engine,
                    const std::vector<std::vector<ModelInput>>& perImage, bool tta);
};

} // namespace chexview

Q_DECLARE_METATYPE(chexview::AnalysisResult)
