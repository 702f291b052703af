#pragma once

#include "chexview/image/XrayImage.h"
#include "chexview/measure/Measurement.h"

#include <QtGlobal>

namespace chexview {

/// Statistics of the modality values (after the Modality LUT / rescale: what the file's
/// values mean) of the pixels in an ellipse or rectangle ROI. A pixel belongs to the region
/// when its centre (x+0.5, y+0.5) lies inside the shape; the shape is clipped to the image.
/// Sums are in double over 64-bit counts; SD is the sample standard deviation (n−1). Pure;
/// any thread (the image is read-only).
struct RegionStatistics
{
    qint64 pixelCount = 0; ///< 0: the region holds no pixel centre (the values are 0)
    double mean = 0.0;
    double sd = 0.0;
    double min = 0.0;
    double max = 0.0;

    /// For Kind::EllipseRoi and Kind::RectangleRoi; an empty result for other kinds.
    static RegionStatistics compute(const XrayImage& image, const Measurement& roi);
};

} // namespace chexview
