#pragma once

#include "chexview/model/CamRenderer.h"
#include "chexview/results/StoredResult.h"

namespace chexview {

/// Paints a frame of a stored Parametric Map (StoredResult) like a live heatmap: values clamped
/// to [0, 1] through `colormap`, alpha = opacity * value, over the source image. The map's grid
/// is the source subsampled by an integer factor (ParametricMapGrid); the factor is recovered as
/// ceil(imageWidth / columns), so maps written by chexview land pixel-exact and other tools'
/// maps of the source's full size land 1:1. Pure; any thread.
class StoredHeatmapRenderer
{
public:
    /// An empty overlay when `frame` is out of range or the result has no frames.
    static CamOverlay render(const StoredResult& map, int frame, CamRenderer::Colormap colormap,
                             double opacity, int imageWidth, int imageHeight);
};

} // namespace chexview
