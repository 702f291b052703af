#include "chexview/results/ParametricMapGrid.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace chexview {

ParametricMapGrid ParametricMapGrid::forImage(int width, int height, int maxSide)
{
    if (width <= 0 || height <= 0 || maxSide <= 0)
        throw std::runtime_error("heatmap grid: empty image");
    ParametricMapGrid g;
    const int longest = std::max(width, height);
    g.factor = std::max(1, (longest + maxSide - 1) / maxSide);
    g.columns = (width + g.factor - 1) / g.factor;
    g.rows = (height + g.factor - 1) / g.factor;
    return g;
}

std::vector<float> ParametricMapGrid::sample(const AnalysisResult& r, int finding) const
{
    const ClassActivationMaps& cams = r.cams;
    const std::vector<float> map = cams.normalized(finding);
    std::vector<float> out(size_t(rows) * size_t(columns), 0.0f);
    if (map.empty())
        return out;
    for (int row = 0; row < rows; ++row)
        for (int col = 0; col < columns; ++col) // the grid pixel's centre in source pixels
            out[size_t(row) * size_t(columns) + size_t(col)] =
                cams.sampleAt(map, (col + 0.5) * factor, (row + 0.5) * factor);
    return out;
}

} // namespace chexview
