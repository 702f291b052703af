#pragma once

#include "chexview/measure/PixelCalibration.h"

#include <QPointF>
#include <QRectF>

namespace chexview {

/// Lengths, angles and areas of measurement shapes in physical units (through PixelCalibration:
/// anisotropic spacing is honoured). Pure functions; any thread.
class MeasurementGeometry
{
public:
    /// The angle at `vertex` between the arms to `a` and `b`, 0..180 degrees; 0 when an arm
    /// has no length.
    static double angleDegrees(QPointF a, QPointF vertex, QPointF b, const PixelCalibration& cal);
    /// The axis-aligned box spanned by two opposite corners (any order).
    static QRectF box(QPointF a, QPointF b);
    /// π·a·b of the ellipse inscribed in box(a, b), in mm² (or px²).
    static double ellipseArea(QPointF a, QPointF b, const PixelCalibration& cal);
    static double rectangleArea(QPointF a, QPointF b, const PixelCalibration& cal);
};

} // namespace chexview
