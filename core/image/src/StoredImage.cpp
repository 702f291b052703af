#include "chexview/image/StoredImage.h"

#include <algorithm>

namespace chexview {

std::pair<int32_t, int32_t> StoredImage::minMax() const
{
    if (values.empty())
        return {0, 0};
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    return {*lo, *hi};
}

} // namespace chexview
