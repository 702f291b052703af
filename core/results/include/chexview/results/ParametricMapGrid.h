#pragma once

#include "chexview/model/Analysis.h"

#include <vector>

namespace chexview {

/// The pixel grid of a stored heatmap: the source image subsampled by an integer `factor`
/// (grid pixel (c, r) covers source pixels [c f, (c+1) f) x [r f, (r+1) f)), so that a viewer
/// overlays it on the source by scaling alone. The CAM lies over the model's crop
/// (CropGeometry) and is sampled at each grid pixel's centre the way CamRenderer draws it
/// (normalized, bilinear, mirrored when the analysis was), 0 outside the crop.
/// Plain value type; pure functions.
struct ParametricMapGrid
{
    int factor = 1;
    int rows = 0;
    int columns = 0;

    /// The smallest factor that keeps both sides at or below `maxSide`.
    static ParametricMapGrid forImage(int width, int height, int maxSide = 256);
    /// The finding's map on this grid, row-major, values in [0, 1].
    std::vector<float> sample(const AnalysisResult& result, int finding) const;
};

} // namespace chexview
