#include "chexview/results/StoredHeatmapRenderer.h"

#include <algorithm>
#include <cmath>

namespace chexview {

CamOverlay StoredHeatmapRenderer::render(const StoredResult& map, int frame,
                                         CamRenderer::Colormap colormap, double opacity,
                                         int imageWidth, int imageHeight)
{
    CamOverlay o;
    const size_t size = size_t(map.rows) * size_t(map.columns);
    if (frame < 0 || frame >= map.labels.size() || size == 0 ||
        map.frames.size() < size * size_t(frame + 1) || imageWidth <= 0 || imageHeight <= 0)
        return o;
    const QImage ramp = CamRenderer::colourRamp(colormap, 256);
    const double op = std::clamp(opacity, 0.0, 1.0);
    QRgb table[256];
    for (int i = 0; i < 256; ++i) {
        const QRgb c = ramp.pixel(i, 0);
        const int a = int(op * i);
        table[i] = qRgba(qRed(c) * a / 255, qGreen(c) * a / 255, qBlue(c) * a / 255, a);
    }
    o.image = QImage(map.columns, map.rows, QImage::Format_ARGB32_Premultiplied);
    const float* values = map.frames.data() + size * size_t(frame);
    for (int y = 0; y < map.rows; ++y) {
        auto* dst = reinterpret_cast<QRgb*>(o.image.scanLine(y));
        for (int x = 0; x < map.columns; ++x) {
            const float v = values[size_t(y) * size_t(map.columns) + size_t(x)];
            const int i = std::isfinite(v) ? int(std::lround(std::clamp(v, 0.0f, 1.0f) * 255)) : 0;
            dst[x] = table[i];
        }
    }
    const int factor = std::max(1, (imageWidth + map.columns - 1) / map.columns);
    o.rect = QRectF(0, 0, double(map.columns) * factor, double(map.rows) * factor);
    return o;
}

} // namespace chexview
