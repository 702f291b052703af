#pragma once

#include "chexview/image/StoredImage.h"

#include <QByteArray>

namespace chexview {

/// A PNG read one row at a time with libpng and box-averaged by `reduction` on the way (palette
/// and low bit depths expanded, alpha dropped, RGB to gray luma), so a huge image never exists
/// at full resolution. An interlaced (Adam7) file is read pass row by pass row into the box sums
/// of the reduced image; both give the same values. Reentrant. Throws ImageError(DecodeFailed).
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
