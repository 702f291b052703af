#pragma once

#include "chexview/image/XrayImage.h"
#include "chexview/model/ModelManifest.h"

#include <vector>

namespace chexview {

/// Where the model's input crop lies in the original image: the image is scaled by `scale`,
/// then the crop starts at (cropX, cropY) in scaled pixels.
struct CropGeometry
{
    int imageWidth = 0;
    int imageHeight = 0;
    double scale = 1.0;
    double cropX = 0.0;
    double cropY = 0.0;
    int crop = 224;
    bool flipped = false;
};

/// One model input, [channels, size, size] row-major floats.
struct ModelInput
{
    std::vector<float> data;
    int channels = 3;
    int size = 224;
    CropGeometry geometry;
};

/// Manifest preprocessing on post-modality values (never on the display image): the shorter
/// side scaled to `resize` (area averaging when shrinking, straight from the stored values for
/// large images), the longer side capped at kLongSideFactor x `resize` (the rest padded with 0
/// up to the crop), then the crop. Pure; any thread.
class Preprocessor
{
public:
    static constexpr int kLongSideFactor = 4;

    static ModelInput prepare(const XrayImage& image, const PreprocessSpec& spec);
    /// Ten-crop test-time augmentation: 4 corners + centre, each also flipped horizontally.
    /// Element 0 is the plain centre crop (the one the CAMs are taken from).
    static std::vector<ModelInput> tenCrop(const XrayImage& image, const PreprocessSpec& spec);
};

} // namespace chexview
