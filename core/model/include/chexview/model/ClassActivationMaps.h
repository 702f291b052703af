#pragma once

#include "chexview/model/Preprocessor.h"

#include <QRectF>

#include <vector>

namespace chexview {

/// The class activation maps of one model input and where they lie in the image: `values`
/// holds count() raw maps of `height` x `width` (row-major, finding by finding) straight from
/// the forward pass; `geometry` is the model's crop (scale, offset, mirrored or not). With
/// DenseNet's GAP + linear head the raw map is Grad-CAM before its ReLU.
/// Everything that reads CAMs goes through this type: normalization, the crop rectangle in
/// image pixels, the one bilinear upsampler (OpenCV INTER_LINEAR's convention: pixel centres,
/// edges clamped) and the mirroring of a flipped crop.
/// Plain value type; pure, any thread.
struct ClassActivationMaps
{
    std::vector<float> values;
    int width = 0;
    int height = 0;
    CropGeometry geometry;

    bool isEmpty() const { return values.empty(); }
    size_t planeSize() const
    {
        return size_t(width > 0 ? width : 0) * size_t(height > 0 ? height : 0);
    }
    /// How many complete maps `values` holds.
    int count() const;
    /// Map k's first value, or nullptr when there is no map k.
    const float* plane(int k) const;
    /// Whether map k has a positive value (a Grad-CAM map to show).
    bool hasPositiveActivation(int k) const;
    /// Map k scaled to [0, 1]: ReLU then / max (Grad-CAM); a map with no positive value is
    /// min-max scaled instead (where the evidence was least negative). Empty without map k.
    std::vector<float> normalized(int k) const;
    /// The crop the maps cover, in image pixel coordinates (empty for a degenerate geometry).
    QRectF rectInImage() const;
    /// Map k (normalized when asked, else raw) upsampled to `columns` x `rows` cells spanning
    /// rectInImage(), in image orientation: mirrored back when the crop was flipped.
    std::vector<float> upsampled(int k, int columns, int rows, bool normalize) const;
    /// Normalized map k sampled at image pixel (x, y) (bilinear, mirrored like upsampled());
    /// 0 outside the crop. `normalizedPlane` is normalized(k), computed once by the caller.
    float sampleAt(const std::vector<float>& normalizedPlane, double x, double y) const;

    /// The bilinear interpolation every upsampling uses: `src` (w x h) at continuous source
    /// coordinates (gx, gy) where pixel centres are integers; coordinates clamped to the edges.
    static float bilinear(const float* src, int w, int h, double gx, double gy);
};

} // namespace chexview
