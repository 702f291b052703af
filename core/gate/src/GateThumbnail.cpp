#include "chexview/gate/GateThumbnail.h"

#include <algorithm>
#include <cmath>

namespace chexview {

GateThumbnail GateThumbnail::of(const XrayImage& image, int size)
{
    GateThumbnail t;
    t.size = size;
    const StoredImage& st = image.stored();
    const int w = st.width, h = st.height;
    const size_t cells = size_t(size) * size_t(size);
    std::vector<double> sum(cells, 0.0);
    std::vector<int64_t> count(cells, 0);
    if (w > 0 && h > 0) {
        std::vector<int> cellX(static_cast<size_t>(w));
        for (int x = 0; x < w; ++x)
            cellX[size_t(x)] = int(int64_t(x) * size / w);
        for (int y = 0; y < h; ++y) {
            const size_t row = size_t(int64_t(y) * size / h) * size_t(size);
            const int32_t* src = st.values.data() + size_t(y) * size_t(w);
            for (int x = 0; x < w; ++x) {
                sum[row + size_t(cellX[size_t(x)])] += image.modalityLut().apply(src[x]);
                ++count[row + size_t(cellX[size_t(x)])];
            }
        }
    }
    std::vector<float> mean(cells, 0.0f);
    for (int cy = 0; cy < size; ++cy)
        for (int cx = 0; cx < size; ++cx) {
            const size_t i = size_t(cy) * size_t(size) + size_t(cx);
            if (count[i] > 0)
                mean[i] = float(sum[i] / double(count[i]));
            else if (w > 0 && h > 0) // the image is smaller than the grid: nearest pixel
                mean[i] = float(image.modalityValueAt(int(int64_t(cx) * w / size),
                                                      int(int64_t(cy) * h / size)));
        }
    if (image.polarity() == XrayImage::Polarity::Monochrome1)
        for (float& v : mean)
            v = -v;
    std::vector<float> sorted = mean;
    std::sort(sorted.begin(), sorted.end());
    const float lo = sorted[size_t(std::lround(0.01 * double(cells - 1)))];
    const float hi = sorted[size_t(std::lround(0.99 * double(cells - 1)))];
    const auto [mLo, mHi] =
        image.modalityLut().rangeOver(0, (int64_t(1) << std::clamp(image.bitsStored(), 1, 32)) - 1);
    const double full = std::max(1.0, std::abs(mHi - mLo));
    t.spread = std::clamp((double(hi) - double(lo)) / full, 0.0, 1.0);
    t.pixels.resize(cells);
    const float range = hi - lo;
    for (size_t i = 0; i < cells; ++i)
        t.pixels[i] = range > 0 ? std::clamp((mean[i] - lo) / range, 0.0f, 1.0f) : 0.0f;
    return t;
}

double GateThumbnail::mean(double x0, double y0, double x1, double y1) const
{
    const int ax = int(x0 * size), bx = std::max(ax + 1, int(x1 * size));
    const int ay = int(y0 * size), by = std::max(ay + 1, int(y1 * size));
    double s = 0.0;
    int n = 0;
    for (int y = ay; y < by && y < size; ++y)
        for (int x = ax; x < bx && x < size; ++x, ++n)
            s += at(x, y);
    return n ? s / n : 0.0;
}

} // namespace chexview
