#include "chexview/measure/MeasurementGeometry.h"

#include <algorithm>
#include <cmath>

namespace chexview {

double MeasurementGeometry::angleDegrees(QPointF a, QPointF vertex, QPointF b,
                                         const PixelCalibration& cal)
{
    const QPointF u = cal.physical(a) - cal.physical(vertex);
    const QPointF v = cal.physical(b) - cal.physical(vertex);
    const double lu = std::hypot(u.x(), u.y()), lv = std::hypot(v.x(), v.y());
    if (lu <= 0.0 || lv <= 0.0)
        return 0.0;
    // atan2 of cross and dot: accurate near 0 and 180 degrees, unlike acos.
    const double cross = u.x() * v.y() - u.y() * v.x();
    const double dot = u.x() * v.x() + u.y() * v.y();
    return std::atan2(std::abs(cross), dot) * 180.0 / M_PI;
}

QRectF MeasurementGeometry::box(QPointF a, QPointF b)
{
    return QRectF(QPointF(std::min(a.x(), b.x()), std::min(a.y(), b.y())),
                  QPointF(std::max(a.x(), b.x()), std::max(a.y(), b.y())));
}

double MeasurementGeometry::ellipseArea(QPointF a, QPointF b, const PixelCalibration& cal)
{
    const QRectF r = box(a, b);
    return M_PI * (r.width() / 2.0) * (r.height() / 2.0) * cal.pixelArea();
}

double MeasurementGeometry::rectangleArea(QPointF a, QPointF b, const PixelCalibration& cal)
{
    const QRectF r = box(a, b);
    return r.width() * r.height() * cal.pixelArea();
}

} // namespace chexview
