#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace chexview {

/// Stored pixel values of one frame, one gray channel, row-major, as integers
/// (sign-extended when PixelRepresentation is 1). Plain value type.
struct StoredImage
{
    int width = 0;
    int height = 0;
    int bitsStored = 8;
    bool isSigned = false;
    std::vector<int32_t> values;

    bool isEmpty() const { return width <= 0 || height <= 0; }
    int32_t at(int x, int y) const { return values[size_t(y) * size_t(width) + size_t(x)]; }
    /// Smallest/largest value actually present.
    std::pair<int32_t, int32_t> minMax() const;
};

} // namespace chexview
