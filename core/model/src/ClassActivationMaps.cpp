#include "chexview/model/ClassActivationMaps.h"

#include <algorithm>
#include <cmath>

namespace chexview {

int ClassActivationMaps::count() const
{
    const size_t n = planeSize();
    return n == 0 ? 0 : int(values.size() / n);
}

const float* ClassActivationMaps::plane(int k) const
{
    if (k < 0 || k >= count())
        return nullptr;
    return values.data() + planeSize() * size_t(k);
}

bool ClassActivationMaps::hasPositiveActivation(int k) const
{
    const float* p = plane(k);
    return p && std::any_of(p, p + planeSize(), [](float v) { return v > 0.0f; });
}

std::vector<float> ClassActivationMaps::normalized(int k) const
{
    const float* p = plane(k);
    if (!p)
        return {};
    std::vector<float> out(p, p + planeSize());
    const auto [mnIt, mxIt] = std::minmax_element(out.begin(), out.end());
    const float mn = *mnIt, mx = *mxIt;
    if (mx > 0.0f) {
        for (float& v : out)
            v = std::max(v, 0.0f) / mx;
        return out;
    }
    for (float& v : out)
        v = mx > mn ? (v - mn) / (mx - mn) : 0.0f;
    return out;
}

QRectF ClassActivationMaps::rectInImage() const
{
    const CropGeometry& g = geometry;
    if (!(g.scale > 0.0) || g.crop <= 0)
        return {};
    return {g.cropX / g.scale, g.cropY / g.scale, g.crop / g.scale, g.crop / g.scale};
}

float ClassActivationMaps::bilinear(const float* src, int w, int h, double gx, double gy)
{
    const double cx = std::clamp(gx, 0.0, double(w - 1));
    const double cy = std::clamp(gy, 0.0, double(h - 1));
    const int x0 = int(cx), y0 = int(cy);
    const int x1 = std::min(x0 + 1, w - 1), y1 = std::min(y0 + 1, h - 1);
    const double fx = cx - x0, fy = cy - y0;
    const double top = src[size_t(y0) * size_t(w) + size_t(x0)] * (1 - fx) +
                       src[size_t(y0) * size_t(w) + size_t(x1)] * fx;
    const double bottom = src[size_t(y1) * size_t(w) + size_t(x0)] * (1 - fx) +
                          src[size_t(y1) * size_t(w) + size_t(x1)] * fx;
    return float(top * (1 - fy) + bottom * fy);
}

std::vector<float> ClassActivationMaps::upsampled(int k, int columns, int rows,
                                                  bool normalize) const
{
    const float* raw = plane(k);
    if (!raw || columns <= 0 || rows <= 0)
        return {};
    std::vector<float> norm;
    if (normalize)
        norm = normalized(k);
    const float* src = normalize ? norm.data() : raw;
    std::vector<float> out(size_t(columns) * size_t(rows));
    for (int y = 0; y < rows; ++y) {
        const double gy = (y + 0.5) * height / double(rows) - 0.5;
        for (int x = 0; x < columns; ++x) {
            // A flipped crop was mirrored before the forward pass: mirror its map back.
            const int sx = geometry.flipped ? columns - 1 - x : x;
            const double gx = (sx + 0.5) * width / double(columns) - 0.5;
            out[size_t(y) * size_t(columns) + size_t(x)] = bilinear(src, width, height, gx, gy);
        }
    }
    return out;
}

float ClassActivationMaps::sampleAt(const std::vector<float>& normalizedPlane, double x,
                                    double y) const
{
    const CropGeometry& g = geometry;
    if (normalizedPlane.size() != planeSize() || planeSize() == 0 || g.crop <= 0 ||
        !(g.scale > 0.0))
        return 0.0f;
    double u = x * g.scale - g.cropX;
    const double v = y * g.scale - g.cropY;
    if (u < 0.0 || v < 0.0 || u >= g.crop || v >= g.crop)
        return 0.0f;
    if (g.flipped)
        u = g.crop - u;
    const double gx = u * width / g.crop - 0.5, gy = v * height / g.crop - 0.5;
    return std::clamp(bilinear(normalizedPlane.data(), width, height, gx, gy), 0.0f, 1.0f);
}

} // namespace chexview
