#pragma once

#include "chexview/image/XrayImage.h"

#include <vector>

namespace chexview {

/// The gate's view of an image: size x size cells, each the mean of the modality values it
/// covers (nearest source pixel where the image is smaller than the grid), shown bright where
/// the film is bright (MONOCHROME1 inverted), then stretched so the 1st and 99th percentiles are
/// 0 and 1. `core/gate/training/thumbnail.py` computes the same thing for the OOD network.
/// Pure; any thread.
struct GateThumbnail
{
    static constexpr int kSize = 64;

    int size = kSize;
    std::vector<float> pixels; ///< row-major, [0, 1]
    /// (99th - 1st percentile) of the cell means over the stored depth's full scale: near 0 for
    /// a near-constant image.
    double spread = 0.0;

    static GateThumbnail of(const XrayImage& image, int size = kSize);
    float at(int x, int y) const { return pixels[size_t(y) * size_t(size) + size_t(x)]; }
    /// Mean over the cells [x0, x1) x [y0, y1), in fractions of the side.
    double mean(double x0, double y0, double x1, double y1) const;
};

} // namespace chexview
