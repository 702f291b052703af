#pragma once

#include "chexview/image/StoredImage.h"

#include <opencv2/core.hpp>

#include <functional>

namespace chexview {

/// Area averaging (OpenCV's INTER_AREA weights, partial cells under 1e-3 dropped the same way)
/// straight from stored values to a smaller float image: each source row is mapped through
/// `unit` and folded into the output, so no full-resolution float copy ever exists (memory is
/// one source row plus the output). Pure; any thread.
class AreaResampler
{
public:
    /// `unit` maps a stored value to the model's [0,1] scale. dstWidth <= width, dstHeight <=
    /// height, both >= 1.
    static cv::Mat shrink(const StoredImage& stored, const std::function<float(int32_t)>& unit,
                          int dstWidth, int dstHeight);
};

} // namespace chexview
