#include "chexview/measure/RegionStatistics.h"

#include "chexview/measure/MeasurementGeometry.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace chexview {

RegionStatistics RegionStatistics::compute(const XrayImage& image, const Measurement& roi)
{
    RegionStatistics s;
    const bool ellipse = roi.kind == Measurement::Kind::EllipseRoi;
    if ((!ellipse && roi.kind != Measurement::Kind::RectangleRoi) || !roi.isValid() ||
        image.stored().isEmpty())
        return s;
    const QRectF box = MeasurementGeometry::box(roi.points[0], roi.points[1]);
    // Pixel columns/rows whose centres can be inside, clipped to the image (in double first:
    // a point far outside must not overflow an int).
    const double w = image.width(), h = image.height();
    const int x0 = int(std::clamp(std::ceil(box.left() - 0.5), 0.0, w));
    const int x1 = int(std::clamp(std::floor(box.right() - 0.5), -1.0, w - 1.0));
    const int y0 = int(std::clamp(std::ceil(box.top() - 0.5), 0.0, h));
    const int y1 = int(std::clamp(std::floor(box.bottom() - 0.5), -1.0, h - 1.0));
    const QPointF c = box.center();
    const double rx = box.width() / 2.0, ry = box.height() / 2.0;
    double sum = 0.0;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    qint64 n = 0;
    for (int y = y0; y <= y1; ++y) {
        for (int x = x0; x <= x1; ++x) {
            if (ellipse) {
                if (rx <= 0.0 || ry <= 0.0)
                    continue;
                const double dx = (x + 0.5 - c.x()) / rx, dy = (y + 0.5 - c.y()) / ry;
                if (dx * dx + dy * dy > 1.0)
                    continue;
            }
            const double v = image.modalityValueAt(x, y);
            sum += v;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            ++n;
        }
    }
    if (n == 0)
        return s;
    s.pixelCount = n;
    s.mean = sum / double(n);
    s.min = lo;
    s.max = hi;
    if (n > 1) {
        // Second pass for the SD: the one-pass formula loses digits on large offsets.
        double sq = 0.0;
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) {
                if (ellipse) {
                    const double dx = (x + 0.5 - c.x()) / rx, dy = (y + 0.5 - c.y()) / ry;
                    if (dx * dx + dy * dy > 1.0)
                        continue;
                }
                const double d = image.modalityValueAt(x, y) - s.mean;
                sq += d * d;
            }
        s.sd = std::sqrt(sq / double(n - 1));
    }
    return s;
}

} // namespace chexview
