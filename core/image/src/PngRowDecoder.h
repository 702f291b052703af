#pragma once

#include "chexview/image/StoredImage.h"

#include <QByteArray>

namespace chexview {

/// A non-interlaced PNG read one row at a time with libpng and box-averaged by `reduction`
/// on the way (palette and low bit depths expanded, alpha dropped, RGB to gray luma), so a
/// huge image never exists at full resolution. Reentrant. Throws ImageError(DecodeFailed).
class PngRowDecoder
{
public:
    struct Result
    {
        StoredImage stored;
        bool colour = false;
        double chroma = 0.0; ///< mean (max - min of R, G, B) / full scale; 0 for gray
    };
    static Result decode(const QByteArray& bytes, int reduction);
};

} // namespace chexview
