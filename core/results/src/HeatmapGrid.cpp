#include "chexview/results/HeatmapGrid.h"
#include "chexview/model/CamRenderer.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace chexview {

HeatmapGrid HeatmapGrid::forImage(int width, int height, int maxSide)
{
    if (width <= 0 || height <= 0 || maxSide <= 0)
        throw std::runtime_error("heatmap grid: empty image");
    HeatmapGrid g;
    const int longest = std::max(width, height);
    g.factor = std::max(1, (longest + maxSide - 1) / maxSide);
    g.columns = (width + g.factor - 1) / g.factor;
    g.rows = (height + g.factor - 1) / g.factor;
    return g;
}

std::vector<float> HeatmapGrid::sample(const AnalysisResult& r, int finding) const
{
    const std::vector<float> map = CamRenderer::normalized(r, finding);
    const int cw = r.camWidth, ch = r.camHeight;
    const CropGeometry& geo = r.geometry;
    std::vector<float> out(size_t(rows) * size_t(columns), 0.0f);
    if (map.size() != size_t(cw) * size_t(ch) || cw <= 0 || ch <= 0 || geo.crop <= 0 ||
        geo.scale <= 0.0)
        return out;
    auto at = [&](int y, int x) {
        return map[size_t(std::clamp(y, 0, ch - 1)) * size_t(cw) +
                   size_t(std::clamp(x, 0, cw - 1))];
    };
    for (int row = 0; row < rows; ++row) {
        for (int col = 0; col < columns; ++col) {
            // The grid pixel's centre in source pixels, then in the model's crop.
            const double x = (col + 0.5) * factor, y = (row + 0.5) * factor;
            double u = x * geo.scale - geo.cropX;
            const double v = y * geo.scale - geo.cropY;
            if (u < 0.0 || v < 0.0 || u >= geo.crop || v >= geo.crop)
                continue;
            if (geo.flipped)
                u = geo.crop - u;
            // Half-pixel-centred bilinear interpolation, as cv::resize INTER_LINEAR.
            const double gx = u * cw / geo.crop - 0.5, gy = v * ch / geo.crop - 0.5;
            const int x0 = int(std::floor(gx)), y0 = int(std::floor(gy));
            const double fx = gx - x0, fy = gy - y0;
            const double top = at(y0, x0) * (1 - fx) + at(y0, x0 + 1) * fx;
            const double bottom = at(y0 + 1, x0) * (1 - fx) + at(y0 + 1, x0 + 1) * fx;
            out[size_t(row) * size_t(columns) + size_t(col)] =
                float(std::clamp(top * (1 - fy) + bottom * fy, 0.0, 1.0));
        }
    }
    return out;
}

} // namespace chexview
